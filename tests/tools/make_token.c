/*
 * make_token: writes a stick token with any dates, for tests that need one
 * prisma-collect token refuses to make (expired, issued in the future).
 *
 *   make_token COLLECTION.key SERIAL ISSUED EXPIRES OUT   (unix seconds)
 *
 * The key's passphrase comes from PRISMA_PASSPHRASE.
 */
#include "core/keys.h"
#include "core/request.h"
#include "core/token.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned char token[TOKEN_MAX_BYTES];
	struct error err = { "" };
	struct key_secret *key;
	size_t len = 0;
	FILE *f;

	if (argc != 6 || core_init() < 0) {
		fprintf(stderr, "usage: make_token COLLECTION.key SERIAL ISSUED EXPIRES OUT\n");
		return 2;
	}
	key = key_secret_load(argv[1], KEY_ED25519, getenv("PRISMA_PASSPHRASE"), &err);
	if (!key || token_issue(argv[2], strtoull(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
				key, token, &len, &err) < 0) {
		fprintf(stderr, "make_token: %s\n", err.msg);
		key_secret_free(key);
		return 1;
	}
	key_secret_free(key);
	f = fopen(argv[5], "wb");
	if (!f || fwrite(token, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "make_token: %s: cannot write\n", argv[5]);
		return 1;
	}
	return 0;
}
