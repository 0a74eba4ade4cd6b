#ifndef PRISMA_FUZZ_KEYS_H
#define PRISMA_FUZZ_KEYS_H

/*
 * Fixed keys for the fuzz targets and the seed generator (gen_corpus.c): the
 * same bytes every run, so that seed envelopes and bundles stay openable and
 * verifiable by the harness. Never use these outside tests.
 *
 * struct key_secret is opaque, so a key is made by writing a key file and
 * loading it with key_secret_load, the same way the programs do.
 */
#include "core/keys.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void fuzz_put_b64(json_t *obj, const char *field, const unsigned char *bin,
				size_t len)
{
	char text[256];

	sodium_bin2base64(text, sizeof(text), bin, len, sodium_base64_VARIANT_ORIGINAL);
	json_object_set_new(obj, field, json_string(text));
}

/*
 * The key of KIND whose secret is derived from SEED_BYTE, as a key file
 * (unprotected) at PATH. Exits on failure: the harness cannot run without it.
 */
static inline void fuzz_write_key(enum key_kind kind, unsigned char seed_byte, const char *path)
{
	unsigned char seed[32], pk[32], sk[64], id[KEY_ID_BYTES];
	char hex[2 * KEY_ID_BYTES + 1];
	json_t *obj = json_object();
	size_t sk_len;

	memset(seed, seed_byte, sizeof(seed));
	if (kind == KEY_X25519) {
		memcpy(sk, seed, 32);
		crypto_scalarmult_base(pk, sk);
		sk_len = 32;
	} else {
		crypto_sign_seed_keypair(pk, sk, seed);
		sk_len = 64;
	}
	crypto_generichash(id, sizeof(id), pk, sizeof(pk), NULL, 0);
	key_id_hex(id, hex);
	json_object_set_new(obj, "prisma_key", json_integer(1));
	json_object_set_new(obj, "kind", json_string(kind == KEY_X25519 ? "x25519" : "ed25519"));
	json_object_set_new(obj, "name", json_string("fuzz"));
	json_object_set_new(obj, "id", json_string(hex));
	fuzz_put_b64(obj, "public", pk, sizeof(pk));
	json_object_set_new(obj, "protection", json_string("none"));
	fuzz_put_b64(obj, "secret", sk, sk_len);
	if (json_dump_file(obj, path, JSON_INDENT(2)) != 0) {
		fprintf(stderr, "%s: cannot write\n", path);
		exit(1);
	}
	json_decref(obj);
}

/* Loads the fixed key of KIND from SEED_BYTE (via a temporary file). Exits on failure. */
static inline struct key_secret *fuzz_fixed_key(enum key_kind kind, unsigned char seed_byte)
{
	char path[128];
	struct error err = { "" };
	struct key_secret *secret;

	snprintf(path, sizeof(path), "/tmp/prisma-fuzz-key-%d-%u.key", (int)getpid(), seed_byte);
	fuzz_write_key(kind, seed_byte, path);
	secret = key_secret_load(path, kind, NULL, &err);
	unlink(path);
	if (!secret) {
		fprintf(stderr, "fixed key: %s\n", err.msg);
		exit(1);
	}
	return secret;
}

/* The seed bytes of the fixed keys. */
#define FUZZ_SIGNER_SEED    0x51 /* ed25519: the terminal */
#define FUZZ_RECIPIENT_SEED 0x52 /* x25519: the office that opens envelopes */
#define FUZZ_BYSTANDER_SEED 0x53 /* x25519: another office */

#endif
