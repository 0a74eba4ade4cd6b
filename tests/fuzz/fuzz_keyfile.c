/*
 * Fuzzes the key file readers (app/core/keys.c): the input is written to a
 * file and loaded with key_public_load and key_secret_load (passphrase "x")
 * as both kinds.
 *
 * Argon2id cost comes from the file: the loader accepts opslimit up to 64 and
 * memlimit up to 4 GiB, so one input could cost minutes and gigabytes. Inputs
 * asking for more than FUZZ_MAX_MEMLIMIT / FUZZ_MAX_OPSLIMIT are loaded without
 * a passphrase instead (which stops at "passphrase needed"); the seed corpus
 * uses the minimum cost so that the unsealing path is still reached.
 */
#include "core/keys.h"
#include "core/request.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_MAX_MEMLIMIT (256 * 1024)
#define FUZZ_MAX_OPSLIMIT 3

static char path[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	snprintf(path, sizeof(path), "/tmp/prisma-fuzz-keyfile-%d.key", (int)getpid());
	return 0;
}

/* True when the file at PATH asks for an Argon2 cost the fuzzer can afford. */
static int cheap_enough(void)
{
	json_t *obj = json_load_file(path, 0, NULL);
	json_int_t ops = json_integer_value(json_object_get(obj, "opslimit"));
	json_int_t mem = json_integer_value(json_object_get(obj, "memlimit"));

	json_decref(obj);
	return ops <= FUZZ_MAX_OPSLIMIT && mem <= FUZZ_MAX_MEMLIMIT;
}

static void load_as(enum key_kind kind, const char *passphrase)
{
	struct key_public pub;
	struct key_secret *secret;
	struct error err = { "" };

	if (key_public_load(&pub, path, kind, &err) < 0 && !strstr(err.msg, path))
		abort();
	err.msg[0] = '\0';
	secret = key_secret_load(path, kind, passphrase, &err);
	if (!secret && !strstr(err.msg, path))
		abort();
	if (secret && key_secret_public(secret)->kind != kind)
		abort();
	key_secret_free(secret);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	const char *passphrase;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	passphrase = cheap_enough() ? "x" : NULL;
	load_as(KEY_X25519, passphrase);
	load_as(KEY_ED25519, passphrase);
	key_secret_is_protected(path);
	return 0;
}
