/*
 * Opens one envelope with the C code, for tests/vectors/vectors.sh (the C side
 * of the JavaScript cross-check). Usage:
 *
 *   open_envelope ENVELOPE RECIPIENT.key TERMINAL.key
 *
 * Verifies the signature with TERMINAL.key's public half, opens with the
 * unprotected RECIPIENT.key and prints the payload. Exit 0 when it verified
 * and opened, 3 when it verified but is not for this key, 1 on any error.
 */
#include "core/envelope.h"
#include "core/fileio.h"
#include "core/keys.h"
#include "core/request.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	struct error err = { "" };
	struct key_secret *recipient = NULL, *terminal = NULL;
	unsigned char *env = NULL, *plain = NULL;
	size_t len = 0, plain_len = 0;
	int rc = 1, opened;

	if (argc != 4 || core_init() < 0) {
		fprintf(stderr, "usage: open_envelope ENVELOPE RECIPIENT.key TERMINAL.key\n");
		return 1;
	}
	if (fileio_read_all(argv[1], 1 << 20, &env, &len, &err) < 0 ||
	    !(recipient = key_secret_load(argv[2], KEY_X25519, NULL, &err)) ||
	    !(terminal = key_secret_load(argv[3], KEY_ED25519, NULL, &err)) ||
	    envelope_verify(env, len, key_secret_public(terminal)->public_key, NULL, &err) < 0)
		goto end;
	opened = envelope_open(env, len, recipient, &plain, &plain_len, &err);
	if (opened < 0)
		goto end;
	if (opened == 0) {
		rc = 3;
		goto end;
	}
	rc = fwrite(plain, 1, plain_len, stdout) == plain_len ? 0 : 1;
end:
	if (rc == 1)
		fprintf(stderr, "open_envelope: %s\n", err.msg);
	if (plain)
		sodium_free(plain);
	free(env);
	key_secret_free(recipient);
	key_secret_free(terminal);
	return rc;
}
