/*
 * Writes the envelope format 2 test vectors into tests/vectors/ (docs/formats.md):
 * fixed keys (unprotected key files in keys/) and envelopes sealed by the C
 * code (c-*.env) with their inputs and expected clear bytes in c-vectors.json.
 * Sealing draws its randomness (data key, slot order, ephemeral keys, decoys,
 * nonce) from det_random.h, seeded per vector ("rng_seed" in the JSON), so each
 * stored envelope is the exact expected output for its inputs and seed, and
 * tests re-seal it byte for byte in C and in JavaScript. Not part of the
 * build; run by hand when the format changes:
 *
 *   cc -D_GNU_SOURCE -Iapp -Itests/fuzz tests/vectors/gen_vectors.c build/libprisma-core.a \
 *      -lsodium -lsqlite3 -ljansson -linih -o build/gen_vectors
 *   build/gen_vectors tests/vectors
 */
#include "fuzz_keys.h"

#include "../vectors/det_random.h"

#include "core/envelope.h"
#include "core/request.h"

static const char *dir;

static void write_file(const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write\n", path);
		exit(1);
	}
}

static struct key_secret *key(enum key_kind kind, unsigned char seed, const char *name)
{
	char path[512];
	struct error err = { "" };
	struct key_secret *secret;

	snprintf(path, sizeof(path), "%s/keys/%s.key", dir, name);
	unlink(path);
	fuzz_write_key(kind, seed, path);
	if (!(secret = key_secret_load(path, kind, NULL, &err))) {
		fprintf(stderr, "%s\n", err.msg);
		exit(1);
	}
	return secret;
}

static struct key_public recipient_public(unsigned char seed, const char *name)
{
	struct key_secret *secret = key(KEY_X25519, seed, name);
	struct key_public pub = *key_secret_public(secret);

	key_secret_free(secret);
	return pub;
}

struct vector {
	const char *file, *terminal_id;
	uint64_t counter;
	const char *recipients; /* comma-separated names of keys/ that open it */
	const char *payload;
	unsigned char seed_byte; /* the deterministic randomness: 32 bytes of it */
};

static const struct vector VECTORS[] = {
	{ "c-anonymous.env", "wing-a-01", 1, "alice",
	  "{\"contact\":{\"mode\":\"code\"},\"created\":\"2026-11-29T08:00:00Z\",\"language\":"
	  "\"de\","
	  "\"message\":\"\",\"reference\":\"K7QM-3XPA\",\"service\":\"akt\",\"times\":\"\"}",
	  0x51 },
	{ "c-named-two-keys.env", "wing-a-01", 2, "alice,bob",
	  "{\"contact\":{\"mode\":\"named\",\"name\":\"Zo\\u00eb \\\"Z\\\" "
	  "M\\u00fcller\",\"number\":"
	  "\"4711\",\"unit\":\"B-3\"},\"created\":\"2026-11-29T08:01:02Z\",\"language\":\"ar\","
	  "\"message\":\"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7\\n\xe2\x82\xac "
	  "\xf0\x9f\x98\x80\","
	  "\"reference\":\"AAAA-9999\",\"service\":\"environment\",\"times\":\"Mo 9-11\"}",
	  0x52 },
	{ "c-empty-max-counter.env", "demo.terminal_32-characters-long", UINT64_MAX, "bob", "",
	  0x53 },
};

static void seal_vector(const struct vector *v, struct key_secret *signer, json_t *list)
{
	struct key_public to[ENVELOPE_SLOTS];
	unsigned char seed[32];
	char seed_hex[65];
	struct error err = { "" };
	unsigned char *env;
	size_t len, n = 0;
	char *hex;
	json_t *obj = json_object();

	if (strstr(v->recipients, "alice"))
		to[n++] = recipient_public(0x0a, "alice");
	if (strstr(v->recipients, "bob"))
		to[n++] = recipient_public(0x0b, "bob");
	memset(seed, v->seed_byte, sizeof(seed));
	det_random_seed(seed);
	if (envelope_seal(v->terminal_id, v->counter, to, n, (const unsigned char *)v->payload,
			  strlen(v->payload), signer, &env, &len, &err)) {
		fprintf(stderr, "seal: %s\n", err.msg);
		exit(1);
	}
	write_file(v->file, env, len);
	hex = malloc(2 * len + 1);
	sodium_bin2hex(hex, 2 * len + 1, env, 6 + strlen(v->terminal_id) + 8);
	json_object_set_new(obj, "file", json_string(v->file));
	json_object_set_new(obj, "terminal_id", json_string(v->terminal_id));
	json_object_set_new(obj, "counter", json_string("")); /* as text: JSON numbers lose u64 */
	json_object_set_new(obj, "size", json_integer((json_int_t)len));
	json_object_set_new(obj, "clear_header_hex", json_string(hex));
	json_object_set_new(obj, "opened_by", json_string(v->recipients));
	json_object_set_new(obj, "payload", json_string(v->payload));
	sodium_bin2hex(seed_hex, sizeof(seed_hex), seed, sizeof(seed));
	json_object_set_new(obj, "rng_seed", json_string(seed_hex));
	snprintf(hex, 2 * len + 1, "%llu", (unsigned long long)v->counter);
	json_object_set_new(obj, "counter", json_string(hex));
	json_array_append_new(list, obj);
	free(hex);
	free(env);
}

int main(int argc, char **argv)
{
	struct key_secret *signer;
	json_t *list;
	char path[512];

	/* core_init first: it gives jansson its wiping allocator. */
	if (argc != 2 || det_random_install() < 0 || core_init() < 0 || !(list = json_array()))
		return 1;
	dir = argv[1];
	signer = key(KEY_ED25519, 0x0c, "terminal");
	key_secret_free(key(KEY_X25519, 0x0e, "eve")); /* opens nothing */
	for (size_t i = 0; i < sizeof(VECTORS) / sizeof(VECTORS[0]); i++)
		seal_vector(&VECTORS[i], signer, list);
	snprintf(path, sizeof(path), "%s/c-vectors.json", dir);
	if (json_dump_file(list, path, JSON_INDENT(2) | JSON_ENSURE_ASCII)) {
		fprintf(stderr, "%s: cannot write\n", path);
		return 1;
	}
	json_decref(list);
	key_secret_free(signer);
	return 0;
}
