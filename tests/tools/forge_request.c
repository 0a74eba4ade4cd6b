/*
 * Test tool: plays a forger who holds a terminal's key. Seals the payload read
 * from stdin as it is (no request validation) to every recipient of the
 * configuration and adds it to the terminal's spool, so that `prisma-admin
 * export` carries it to the office like a real request.
 *
 *   forge-request TERMINAL.ini < payload.json
 */
#include "core/config.h"
#include "core/envelope.h"
#include "core/request.h"
#include "core/spool.h"
#include "core/terminal.h"

#include <stdio.h>
#include <stdlib.h>

static int forge(struct terminal *term, const unsigned char *plain, size_t len, struct error *err)
{
	const struct config *cfg = terminal_config(term);
	struct key_public recipients[ENVELOPE_SLOTS];
	unsigned char hash[32] = { 0 }, *env = NULL;
	size_t env_len, n = 0;
	uint64_t counter;
	int rc = -1;

	for (size_t i = 0; i < cfg->recipient_count && n < ENVELOPE_SLOTS; i++) {
		if (key_public_load(&recipients[n], cfg->recipients[i].public_key_path, KEY_X25519,
				    err) < 0)
			return -1;
		n++;
	}
	if (spool_begin_add(terminal_spool(term), &counter, err) < 0)
		return -1;
	if (envelope_seal(cfg->terminal_id, counter, recipients, n, plain, len,
			  terminal_signer(term), &env, &env_len, err) < 0) {
		spool_abort_add(terminal_spool(term));
		return -1;
	}
	hash[0] = (unsigned char)counter;
	rc = spool_finish_add(terminal_spool(term), counter, env, env_len, hash, sizeof(hash), err);
	free(env);
	return rc;
}

int main(int argc, char **argv)
{
	static unsigned char plain[ENVELOPE_MAX_PAYLOAD];
	struct error err = { { 0 } };
	struct terminal *term;
	size_t len;
	int rc = 1;

	if (argc != 2 || core_init() < 0) {
		fprintf(stderr, "usage: forge-request TERMINAL.ini < payload.json\n");
		return 2;
	}
	len = fread(plain, 1, sizeof(plain), stdin);
	if (!(term = terminal_open(argv[1], &err)))
		goto end;
	if (forge(term, plain, len, &err) == 0)
		rc = 0;
	terminal_close(term);
end:
	if (rc)
		fprintf(stderr, "forge-request: %s\n", err.msg);
	return rc;
}
