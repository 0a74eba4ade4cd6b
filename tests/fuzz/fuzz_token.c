/*
 * Fuzzes the stick token reader (app/core/token.c): token_verify with the
 * fixed collection key, on arbitrary bytes (PRISMA/token comes from a stick).
 * Invariants: a refusal always says why and leaves the token zeroed; an
 * accepted token has a printable serial and re-issues to the very same bytes
 * (Ed25519 signatures are deterministic).
 */
#include "fuzz_keys.h"

#include "core/request.h"
#include "core/token.h"

static struct key_secret *collection;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	collection = fuzz_fixed_key(KEY_ED25519, FUZZ_SIGNER_SEED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char again[TOKEN_MAX_BYTES];
	struct error err = { "" };
	struct token t;
	size_t again_len = 0;

	if (token_verify(data, size, key_secret_public(collection), &t, &err) < 0) {
		if (!err.msg[0] || t.serial[0] || t.expires)
			abort();
		return 0;
	}
	if (!token_valid_serial(t.serial) || t.expires <= t.issued)
		abort();
	if (token_issue(t.serial, t.issued, t.expires, collection, again, &again_len, &err) < 0 ||
	    again_len != size || memcmp(again, data, size))
		abort();
	(void)token_check(&t, "4C530001230915116142", t.issued);
	return 0;
}
