/*
 * Proves app/core/terminal_code.c's reference key: codes stay answerable
 * across a re-key, a spool from before the key keeps its codes (migration),
 * and a recorded key that went missing is an error, never silently remade.
 */
#include "testworld.h"

#include "core/fileio.h"
#include "core/terminal.h"

#include <sodium.h>
#include <sys/stat.h>

#define LEGACY_CODE "K7QM-3XPA"

static int setup(void **state)
{
	struct world *w = malloc(sizeof(*w));

	assert_non_null(w);
	world_make(w);
	*state = w;
	return 0;
}

/* What the world's terminal says about CODE. */
static enum terminal_code_status lookup(struct world *w, const char *code)
{
	enum terminal_code_status status = TERMINAL_CODE_UNKNOWN;
	struct error err = { "" };
	unsigned wait = 0;

	if (terminal_lookup_code(w->term, code, &status, &wait, &err) != 0)
		fail_msg("lookup %s: %s", code, err.msg);
	return status;
}

/* A new signing key in place of the old one, as a re-key does; the terminal reopened. */
static void rekey(struct world *w)
{
	char *key = tu_path(w->dir, "terminal.key"), *pub = tu_path(w->dir, "terminal.pub");

	terminal_close(w->term);
	w->term = NULL;
	assert_int_equal(unlink(key), 0);
	assert_int_equal(unlink(pub), 0);
	tu_key_generate(w->dir, KEY_ED25519, "terminal");
	world_open(w);
	free(key);
	free(pub);
}

/*
 * Stores, as the program before reference.key did, a request whose code
 * LEGACY_CODE is hashed with the key derived from the signing seed (an
 * independent copy of that formula: docs/formats.md, "Spool").
 */
static void store_legacy_request(struct world *w)
{
	struct key_secret *signer = tu_key_load(w->dir, "terminal.key", KEY_ED25519);
	struct spool *spool = spool_open(w->data_dir, &(struct error){ "" });
	unsigned char key[32], keyed[32], hash[32];
	struct spool_reference_params params;
	struct error err = { "" };
	uint64_t counter;

	assert_non_null(spool);
	assert_int_equal(spool_reference_params(spool, &params, &err), 0);
	assert_int_equal(crypto_kdf_derive_from_key(key, sizeof(key), 2, "PRSMREF2",
						    key_secret_bytes(signer)),
			 0);
	assert_int_equal(crypto_generichash(keyed, sizeof(keyed),
					    (const unsigned char *)LEGACY_CODE, strlen(LEGACY_CODE),
					    key, sizeof(key)),
			 0);
	assert_int_equal(crypto_pwhash(hash, sizeof(hash), (const char *)keyed, sizeof(keyed),
				       params.salt, params.opslimit, params.memlimit,
				       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	assert_int_equal(spool_begin_add(spool, &counter, &err), 0);
	assert_int_equal(spool_finish_add(spool, counter, (const unsigned char *)"sealed", 6, hash,
					  sizeof(hash), &err),
			 0);
	spool_close(spool);
	key_secret_free(signer);
}

/* A code given before a re-key is still found after it, pending and then collected. */
static void test_code_survives_rekey(void **state)
{
	struct world *w = *state;
	struct request *req = world_request();
	char reference[REQUEST_REFERENCE_LEN + 1];
	struct error err = { "" };

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	rekey(w);
	assert_int_equal(lookup(w, reference), TERMINAL_CODE_PENDING);
	world_sql(w, "UPDATE envelopes SET acknowledged_at = 1");
	assert_int_equal(lookup(w, reference), TERMINAL_CODE_COLLECTED);
	request_free(req);
}

/*
 * Migration: a spool from before reference.key gets, at its first open, the
 * key its codes were hashed with, as a 0600 file that survives a re-key.
 */
static void test_legacy_spool_keeps_its_codes(void **state)
{
	struct world *w = *state;
	char *path = tu_path(w->data_dir, TERMINAL_REFERENCE_KEY_FILE);
	struct stat st;

	store_legacy_request(w);
	world_open(w);
	assert_null(terminal_reference_problem(w->term));
	assert_int_equal(lookup(w, LEGACY_CODE), TERMINAL_CODE_PENDING);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	rekey(w);
	assert_int_equal(lookup(w, LEGACY_CODE), TERMINAL_CODE_PENDING);
	free(path);
}

/*
 * Once recorded, a missing key is reported (status), submit and lookup fail
 * and terminal_check says so (the kiosk is out of service, not a form that
 * cannot be sent); nothing is remade. With the key back, the check passes
 * and the code from before answers again.
 */
static void test_missing_recorded_key_is_an_error(void **state)
{
	struct world *w = *state;
	char *path = tu_path(w->data_dir, TERMINAL_REFERENCE_KEY_FILE);
	char reference[REQUEST_REFERENCE_LEN + 1];
	struct request *req = world_request();
	unsigned char key[TERMINAL_REFERENCE_KEY_BYTES];
	enum terminal_code_status status;
	struct error err = { "" };
	unsigned wait;

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	assert_int_equal(fileio_read_secret(path, "a reference key", key, sizeof(key), &err), 0);
	terminal_close(w->term);
	assert_int_equal(unlink(path), 0);
	world_open(w);
	assert_non_null(terminal_reference_problem(w->term));
	tu_assert_contains(terminal_reference_problem(w->term), "reference.key: missing");
	assert_int_equal(terminal_lookup_code(w->term, reference, &status, &wait, &err), -1);
	tu_assert_contains(err.msg, "reference.key: missing");
	assert_int_not_equal(terminal_submit(w->term, req, reference, &err), 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(terminal_check(w->term, &err), -1);
	tu_assert_contains(err.msg, "reference.key: missing");
	tu_write(path, key, sizeof(key));
	assert_int_equal(terminal_check(w->term, &err), 0);
	assert_null(terminal_reference_problem(w->term));
	assert_int_equal(terminal_lookup_code(w->term, reference, &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_PENDING);
	request_free(req);
	free(path);
}

/* A fresh spool (nothing hashed yet) gets a random key, not one derived from the signing key. */
static void test_fresh_key_is_random(void **state)
{
	struct world *w = *state;
	struct key_secret *signer = tu_key_load(w->dir, "terminal.key", KEY_ED25519);
	char *path = tu_path(w->data_dir, TERMINAL_REFERENCE_KEY_FILE);
	unsigned char derived[32], stored[32];
	struct error err = { "" };

	world_open(w);
	assert_int_equal(fileio_read_secret(path, "a reference key", stored, sizeof(stored), &err),
			 0);
	assert_int_equal(crypto_kdf_derive_from_key(derived, sizeof(derived), 2, "PRSMREF2",
						    key_secret_bytes(signer)),
			 0);
	assert_memory_not_equal(stored, derived, sizeof(stored));
	key_secret_free(signer);
	free(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, world_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_code_survives_rekey),
		T(test_legacy_spool_keeps_its_codes),
		T(test_missing_recorded_key_is_an_error),
		T(test_fresh_key_is_random),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
