/*
 * Proves app/core/office_import.c's import of replays: an envelope the office holds
 * is recognised by the BLAKE2b hash of its whole bytes before any signature
 * check, and nothing else is: one changed byte anywhere, or a stored copy
 * that no longer matches, is checked in full (damaged, or repaired).
 */
#include "testutil.h"

#include "core/bundle.h"
#include "core/envelope.h"
#include "core/keys.h"
#include "core/office.h"
#include "core/request.h"

#include <sodium.h>
#include <sqlite3.h>

#define TID "wing-a-01"

struct fixture {
	char *dir, *db_path;
	struct key_secret *signer;
	struct key_public recipient;
	unsigned char *env[2];
	size_t env_len;
	struct office *office;
};

static struct fixture fx;

static int setup(void **state)
{
	struct error err = { "" };
	char *base, *path;

	fx.dir = tu_mkdtemp();
	base = tu_path(fx.dir, "t");
	assert_int_equal(key_generate(KEY_ED25519, TID, base, NULL, &err), 0);
	assert_true(asprintf(&path, "%s.key", base) > 0);
	assert_non_null(fx.signer = key_secret_load(path, KEY_ED25519, NULL, &err));
	free(path);
	free(base);
	base = tu_path(fx.dir, "r");
	assert_int_equal(key_generate(KEY_X25519, "vpn", base, NULL, &err), 0);
	assert_true(asprintf(&path, "%s.pub", base) > 0);
	assert_int_equal(key_public_load(&fx.recipient, path, KEY_X25519, &err), 0);
	free(path);
	free(base);
	for (int i = 0; i < 2; i++)
		assert_int_equal(envelope_seal(TID, (uint64_t)i + 1, &fx.recipient, 1,
					       (const unsigned char *)"{}", 2, fx.signer,
					       &fx.env[i], &fx.env_len, &err),
				 0);
	fx.db_path = tu_path(fx.dir, "office.db");
	assert_non_null(fx.office = office_open(fx.db_path, 1, &err));
	memcpy(fx.recipient.name, TID, sizeof(TID)); /* enrol the terminal's key by hand */
	memcpy(fx.recipient.public_key, key_secret_public(fx.signer)->public_key, 32);
	assert_int_equal(office_enroll(fx.office, &fx.recipient, &err), 0);
	return 0;
}

static int teardown(void **state)
{
	office_close(fx.office);
	key_secret_free(fx.signer);
	free(fx.env[0]);
	free(fx.env[1]);
	free(fx.db_path);
	tu_rmtree(fx.dir);
	memset(&fx, 0, sizeof(fx));
	return 0;
}

/* Imports a bundle of ENVS signed by the terminal, its signature broken if BROKEN. */
static void import_signed(unsigned char **envs, size_t count, int broken,
			  struct office_import_result *result)
{
	struct error err = { "" };
	struct key_public new_terminal;
	struct bundle_writer bw;

	memset(result, 0, sizeof(*result));
	assert_int_equal(bundle_begin(&bw, TID, 1764201600), 0);
	bundle_set_next_counter(&bw, 3);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(bundle_add(&bw, envs[i], fx.env_len), 0);
	assert_int_equal(bundle_finish(&bw, fx.signer), 0);
	bw.out.data[bw.out.len - 1] ^= (unsigned char)broken;
	if (office_import_bundle(fx.office, bw.out.data, bw.out.len, result, &new_terminal, &err) !=
	    0)
		fail_msg("import: %s", err.msg);
	bundle_writer_free(&bw);
}

/* Imports a bundle signed by the terminal holding ENVS; RESULT counts afresh. */
static void import(unsigned char **envs, size_t count, struct office_import_result *result)
{
	import_signed(envs, count, 0, result);
}

/*
 * A replay with nothing new skips the bundle's signature (its envelopes are
 * known by hash, its next counter is held); a bundle with anything new has
 * its signature checked, and a broken one is reported.
 */
static void test_bundle_signature_checked_when_something_is_new(void **state)
{
	struct office_import_result r;

	import(fx.env, 1, &r);
	import_signed(fx.env, 1, 1, &r);
	assert_int_equal(r.known, 1);
	assert_int_equal(r.bundle_damaged, 0);
	import_signed(fx.env, 2, 1, &r);
	assert_int_equal(r.known, 1);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.bundle_damaged, 1);
	assert_int_equal(r.next_counter, 0);
}

static void test_replay_is_known(void **state)
{
	struct office_import_result r;

	import(fx.env, 2, &r);
	assert_int_equal(r.added, 2);
	import(fx.env, 2, &r);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.known, 2);
	assert_int_equal(r.damaged, 0);
}

/* A known envelope with one byte changed (head, slots, ciphertext, signature) is not known. */
static void test_flipped_byte_is_not_known(void **state)
{
	const size_t at[] = { 20, 100, fx.env_len / 2, fx.env_len - 1 };
	unsigned char *copy = malloc(fx.env_len);
	struct office_import_result r;

	import(fx.env, 2, &r);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		memcpy(copy, fx.env[0], fx.env_len);
		copy[at[i]] ^= 0x01;
		import(&copy, 1, &r);
		assert_int_equal(r.known, 0);
		assert_int_equal(r.added, 0);
		assert_int_equal(r.damaged, 1);
	}
	free(copy);
}

/*
 * The stored copy is damaged but keeps its hash column: a good copy with that
 * hash is not taken as known (the stored bytes differ) but repairs it.
 */
static void test_damaged_store_is_repaired_not_known(void **state)
{
	unsigned char *damaged = malloc(fx.env_len);
	struct office_import_result r;
	sqlite3_stmt *st;
	sqlite3 *db;

	import(fx.env, 2, &r);
	memcpy(damaged, fx.env[0], fx.env_len);
	damaged[200] ^= 0x01;
	assert_int_equal(sqlite3_open(fx.db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "UPDATE envelopes SET envelope = ? WHERE counter = 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_bind_blob(st, 1, damaged, (int)fx.env_len, SQLITE_STATIC),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	import(fx.env, 2, &r);
	assert_int_equal(r.known, 1);
	assert_int_equal(r.repaired, 1);
	import(fx.env, 2, &r);
	assert_int_equal(r.known, 2);
	assert_int_equal(r.repaired, 0);
	free(damaged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replay_is_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundle_signature_checked_when_something_is_new,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_flipped_byte_is_not_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_store_is_repaired_not_known, setup,
						teardown),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
