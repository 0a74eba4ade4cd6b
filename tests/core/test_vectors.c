/*
 * Proves that app/core/envelope.c still reads the stored format 2 vectors in
 * tests/vectors/ (docs/formats.md): the envelopes the C code sealed when the
 * format was fixed, and one sealed by the independent JavaScript implementation
 * (tests/vectors/js/, no libsodium). Each must verify with the fixed terminal
 * key and open to its recorded payload with exactly the keys recorded.
 */
#include "testutil.h"

#include "core/envelope.h"
#include "core/keys.h"
#include "core/request.h"

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

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
