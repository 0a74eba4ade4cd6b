/*
 * Proves that app/core/envelope.c still reads the stored format 2 vectors in
 * tests/vectors/ (docs/formats.md): the envelopes the C code sealed when the
 * format was fixed, and one sealed by the independent JavaScript implementation
 * (tests/vectors/js/, no libsodium). Each must verify with the fixed terminal
 * key and open to its recorded payload with exactly the keys recorded, and
 * sealing its inputs again with its seeded randomness (det_random.h) must give
 * exactly its bytes: the stored envelopes are the expected output.
 */
#include "testutil.h"

#include "core/envelope.h"
#include "core/keys.h"
#include "core/request.h"

#include "../vectors/det_random.h"

#include <jansson.h>
#include <sodium.h>

#define VECTORS PRISMA_ASSETS_DIR "/../tests/vectors"

static struct key_secret *load(const char *name, enum key_kind kind)
{
	char path[512];
	struct error err = { "" };
	struct key_secret *secret;

	snprintf(path, sizeof(path), "%s/keys/%s.key", VECTORS, name);
	secret = key_secret_load(path, kind, NULL, &err);
	if (!secret)
		fail_msg("%s", err.msg);
	return secret;
}

/* Seals V's inputs again (recipients in "opened_by" order) from its seed; must equal ENV. */
static void check_reseal(json_t *v, const unsigned char *env, size_t len)
{
	const char *payload = json_string_value(json_object_get(v, "payload"));
	const char *opened_by = json_string_value(json_object_get(v, "opened_by"));
	const char *seed_hex = json_string_value(json_object_get(v, "rng_seed"));
	struct key_secret *terminal = load("terminal", KEY_ED25519), *keys[2] = { NULL, NULL };
	struct key_public to[2];
	unsigned char seed[32], *again = NULL;
	struct error err = { "" };
	size_t n = 0, again_len = 0;

	assert_int_equal(
		sodium_hex2bin(seed, sizeof(seed), seed_hex, strlen(seed_hex), NULL, NULL, NULL),
		0);
	if (!strncmp(opened_by, "alice", 5))
		keys[n++] = load("alice", KEY_X25519);
	if (strstr(opened_by, "bob"))
		keys[n++] = load("bob", KEY_X25519);
	for (size_t i = 0; i < n; i++)
		to[i] = *key_secret_public(keys[i]);
	det_random_seed(seed);
	assert_int_equal(
		envelope_seal(json_string_value(json_object_get(v, "terminal_id")),
			      strtoull(json_string_value(json_object_get(v, "counter")), NULL, 10),
			      to, n, (const unsigned char *)payload, strlen(payload), terminal,
			      &again, &again_len, &err),
		0);
	assert_int_equal(again_len, len);
	for (size_t i = 0; i < len; i++) {
		if (again[i] != env[i])
			fail_msg("%s: byte %zu differs when sealed again",
				 json_string_value(json_object_get(v, "file")), i);
	}
	free(again);
	for (size_t i = 0; i < n; i++)
		key_secret_free(keys[i]);
	key_secret_free(terminal);
}

/* Checks one vector object V: clear fields, signature, and who opens it to what. */
static void check_vector(json_t *v)
{
	static const char *names[] = { "alice", "bob", "eve" };
	const char *file = json_string_value(json_object_get(v, "file"));
	const char *payload = json_string_value(json_object_get(v, "payload"));
	const char *opened_by = json_string_value(json_object_get(v, "opened_by"));
	struct key_secret *terminal = load("terminal", KEY_ED25519);
	struct envelope_info info;
	struct error err = { "" };
	unsigned char *env, *plain;
	size_t len, plain_len;
	char path[512], counter[32];

	snprintf(path, sizeof(path), "%s/%s", VECTORS, file);
	env = tu_read(path, &len);
	if (envelope_verify(env, len, key_secret_public(terminal)->public_key, &info, &err))
		fail_msg("%s: %s", file, err.msg);
	snprintf(counter, sizeof(counter), "%llu", (unsigned long long)info.counter);
	assert_string_equal(info.terminal_id, json_string_value(json_object_get(v, "terminal_id")));
	assert_string_equal(counter, json_string_value(json_object_get(v, "counter")));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct key_secret *key = load(names[i], KEY_X25519);
		int expect = strstr(opened_by, names[i]) != NULL;
		int rc = envelope_open(env, len, key, &plain, &plain_len, &err);
		if (rc != expect)
			fail_msg("%s with %s: %d (%s)", file, names[i], rc, err.msg);
		if (rc == 1) {
			assert_int_equal(plain_len, strlen(payload));
			assert_memory_equal(plain, payload, plain_len);
			sodium_free(plain);
		}
		key_secret_free(key);
	}
	check_reseal(v, env, len);
	free(env);
	key_secret_free(terminal);
}

static json_t *load_json(const char *name)
{
	char path[512];
	json_error_t jerr;
	json_t *root;

	snprintf(path, sizeof(path), "%s/%s", VECTORS, name);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		fail_msg("%s: %s", path, jerr.text);
	return root;
}

static void test_c_sealed_vectors_still_open(void **state)
{
	json_t *list = load_json("c-vectors.json"), *v;
	size_t i;

	assert_true(json_array_size(list) >= 3);
	json_array_foreach(list, i, v)
	{
		check_vector(v);
	}
	json_decref(list);
}

static void test_js_sealed_vector_opens_in_c(void **state)
{
	json_t *v = load_json("js-vector.json");

	check_vector(v);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c_sealed_vectors_still_open),
		cmocka_unit_test(test_js_sealed_vector_opens_in_c),
	};

	if (det_random_install() < 0 || core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
