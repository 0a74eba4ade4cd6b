/* Proves app/core/receipt.c: writing, verifying and refusing custody receipts. */
#include "testutil.h"

#include "core/keys.h"
#include "core/receipt.h"
#include "core/request.h"

#include <sodium.h>

struct fixture {
	char *dir;
	struct key_secret *collection, *other;
	unsigned char hashes[3][RECEIPT_HASH_BYTES];
};

static struct fixture fx;

static int group_setup(void **state)
{
	assert_int_equal(core_init(), 0);
	fx.dir = tu_mkdtemp();
	fx.collection = tu_key_make(fx.dir, KEY_ED25519, "collection");
	fx.other = tu_key_make(fx.dir, KEY_ED25519, "other");
	for (int i = 0; i < 3; i++) {
		char env[16];
		snprintf(env, sizeof(env), "envelope %d", i);
		receipt_envelope_hash((const unsigned char *)env, strlen(env), fx.hashes[i]);
	}
	return 0;
}

static int group_teardown(void **state)
{
	key_secret_free(fx.collection);
	key_secret_free(fx.other);
	tu_rmtree(fx.dir);
	return 0;
}

static unsigned char *write_receipt(const char *tid, struct key_secret *key, size_t count,
				    size_t *len)
{
	struct error err = { "" };
	unsigned char *out;

	assert_int_equal(receipt_write(tid, 1795939200, (const unsigned char(*)[32])fx.hashes,
				       count, key, &out, len, &err),
			 0);
	return out;
}

/* Verifies DATA for "wing-a-01" with the collection key; returns the result, ERR filled. */
static int check(const unsigned char *data, size_t len, struct error *err)
{
	struct receipt r;
	int rc = receipt_verify(data, len, key_secret_public(fx.collection), "wing-a-01", &r, err);

	receipt_free(&r);
	return rc;
}

static void test_round_trip(void **state)
{
	struct error err = { "" };
	struct receipt r;
	size_t len;
	unsigned char *data = write_receipt("wing-a-01", fx.collection, 3, &len), absent[32];

	assert_int_equal(len, 4 + 1 + 1 + 9 + 8 + 8 + 4 + 3 * 32 + 64);
	assert_int_equal(
		receipt_verify(data, len, key_secret_public(fx.collection), "wing-a-01", &r, &err),
		0);
	assert_string_equal(r.terminal_id, "wing-a-01");
	assert_int_equal(r.issued, 1795939200);
	assert_int_equal(r.count, 3);
	assert_memory_equal(r.key_id, key_secret_public(fx.collection)->id, KEY_ID_BYTES);
	for (int i = 0; i < 3; i++)
		assert_true(receipt_names(&r, fx.hashes[i]));
	receipt_envelope_hash((const unsigned char *)"x", 1, absent);
	assert_false(receipt_names(&r, absent));
	receipt_free(&r);
	free(data);
}

static void test_repeats_merged_and_sorted(void **state)
{
	unsigned char twice[4][RECEIPT_HASH_BYTES];
	struct error err = { "" };
	struct receipt r;
	unsigned char *data;
	size_t len;

	memcpy(twice[0], fx.hashes[2], 32);
	memcpy(twice[1], fx.hashes[0], 32);
	memcpy(twice[2], fx.hashes[2], 32);
	memcpy(twice[3], fx.hashes[1], 32);
	assert_int_equal(receipt_write("wing-a-01", 1, (const unsigned char(*)[32])twice, 4,
				       fx.collection, &data, &len, &err),
			 0);
	assert_int_equal(
		receipt_verify(data, len, key_secret_public(fx.collection), "wing-a-01", &r, &err),
		0);
	assert_int_equal(r.count, 3);
	assert_true(memcmp(r.hashes[0], r.hashes[1], 32) < 0);
	assert_true(memcmp(r.hashes[1], r.hashes[2], 32) < 0);
	receipt_free(&r);
	free(data);
}

static void test_write_refuses(void **state)
{
	struct error err = { "" };
	unsigned char *data = (unsigned char *)"untouched";
	size_t len;

	assert_int_equal(receipt_write("wing-a-01", 1, (const unsigned char(*)[32])fx.hashes, 0,
				       fx.collection, &data, &len, &err),
			 -1);
	assert_null(data);
	tu_assert_contains(err.msg, "0 envelope hashes");
	assert_int_equal(receipt_write("bad id!", 1, (const unsigned char(*)[32])fx.hashes, 1,
				       fx.collection, &data, &len, &err),
			 -1);
	tu_assert_contains(err.msg, "terminal id");
}

static void test_forged_signature(void **state)
{
	struct error err = { "" };
	size_t len;
	unsigned char *data = write_receipt("wing-a-01", fx.other, 3, &len);

	/* Signed by another key: its key id does not match. */
	assert_int_equal(check(data, len, &err), -1);
	tu_assert_contains(err.msg, "collection key id");
	/* Same key id, someone else's signature. */
	memcpy(data + 4 + 1 + 1 + 9 + 8, key_secret_public(fx.collection)->id, KEY_ID_BYTES);
	assert_int_equal(check(data, len, &err), -1);
	tu_assert_contains(err.msg, "signature");
	free(data);
}

static void test_every_bit_flip_refused(void **state)
{
	struct error err = { "" };
	size_t len;
	unsigned char *data = write_receipt("wing-a-01", fx.collection, 2, &len);

	assert_int_equal(check(data, len, &err), 0);
	for (size_t i = 0; i < len * 8; i++) {
		data[i / 8] ^= (unsigned char)(1u << (i % 8));
		assert_int_equal(check(data, len, &err), -1);
		data[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	free(data);
}

static void test_truncated_and_extended(void **state)
{
	struct error err = { "" };
	size_t len;
	unsigned char *data = write_receipt("wing-a-01", fx.collection, 3, &len), *longer;

	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(check(data, cut, &err), -1);
	longer = calloc(1, len + 32);
	memcpy(longer, data, len);
	assert_int_equal(check(longer, len + 32, &err), -1);
	free(longer);
	free(data);
}

static void test_other_terminal(void **state)
{
	struct error err = { "" };
	size_t len;
	unsigned char *data = write_receipt("wing-b-07", fx.collection, 3, &len);

	assert_int_equal(check(data, len, &err), -1);
	tu_assert_contains(err.msg, "issued to 'wing-b-07'");
	free(data);
}

/*
 * A terminal id with a NUL inside ("wing-a-01" with its 5th byte zeroed reads
 * as "wing") is malformed, not a shorter id: the same head reader as envelopes.
 */
static void test_id_with_nul_refused(void **state)
{
	struct error err = { "" };
	size_t len;
	unsigned char *data = write_receipt("wing-a-01", fx.collection, 3, &len);

	data[6 + 4] = '\0';
	assert_int_equal(check(data, len, &err), -1);
	tu_assert_contains(err.msg, "terminal id: malformed");
	free(data);
}

/* A correctly signed receipt whose hashes are out of order is still refused (one encoding). */
static void test_unsorted_refused(void **state)
{
	struct error err = { "" };
	unsigned char sig[64];
	size_t len;
	unsigned char *data = write_receipt("wing-a-01", fx.collection, 2, &len);
	size_t first = len - 64 - 64;
	unsigned char tmp[32];

	memcpy(tmp, data + first, 32);
	memcpy(data + first, data + first + 32, 32);
	memcpy(data + first + 32, tmp, 32);
	crypto_sign_detached(sig, NULL, data, len - 64, key_secret_bytes(fx.collection));
	memcpy(data + len - 64, sig, 64);
	assert_int_equal(check(data, len, &err), -1);
	tu_assert_contains(err.msg, "increasing order");
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_repeats_merged_and_sorted),
		cmocka_unit_test(test_write_refuses),
		cmocka_unit_test(test_forged_signature),
		cmocka_unit_test(test_every_bit_flip_refused),
		cmocka_unit_test(test_truncated_and_extended),
		cmocka_unit_test(test_other_terminal),
		cmocka_unit_test(test_id_with_nul_refused),
		cmocka_unit_test(test_unsorted_refused),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
