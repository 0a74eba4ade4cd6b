/* Proves app/core/envelope.c: sealing, opening, signatures and tamper resistance. */
#include "testutil.h"

#include "core/envelope.h"
#include "core/keys.h"
#include "core/request.h"

#include <sodium.h>

static const char PLAIN[] = "{\"message\":\"MESSAGE-PLAINTEXT-CANARY\",\"name\":\"Zoë\"}";

/* Unprotected keys (no Argon2 cost), generated once into a group directory. */
struct fixture {
	char *dir;
	struct key_secret *vpn, *apro, *other; /* x25519 */
	struct key_secret *signer, *forger;    /* ed25519 */
	struct key_public recipients[2];       /* vpn, apro */
};

static struct fixture fx;

static int group_setup(void **state)
{
	fx.dir = tu_mkdtemp();
	fx.vpn = tu_key_make(fx.dir, KEY_X25519, "vpn");
	fx.apro = tu_key_make(fx.dir, KEY_X25519, "apro");
	fx.other = tu_key_make(fx.dir, KEY_X25519, "other");
	fx.signer = tu_key_make(fx.dir, KEY_ED25519, "terminal");
	fx.forger = tu_key_make(fx.dir, KEY_ED25519, "forger");
	fx.recipients[0] = *key_secret_public(fx.vpn);
	fx.recipients[1] = *key_secret_public(fx.apro);
	return 0;
}

static int group_teardown(void **state)
{
	key_secret_free(fx.vpn);
	key_secret_free(fx.apro);
	key_secret_free(fx.other);
	key_secret_free(fx.signer);
	key_secret_free(fx.forger);
	tu_rmtree(fx.dir);
	return 0;
}

/* Seals PLAIN from terminal "wing-a-01", counter 42, to vpn and apro. */
static unsigned char *seal(size_t *len)
{
	struct error err = { "" };
	unsigned char *env = NULL;

	assert_int_equal(envelope_seal("wing-a-01", 42, fx.recipients, 2,
				       (const unsigned char *)PLAIN, strlen(PLAIN), fx.signer, &env,
				       len, &err),
			 0);
	assert_non_null(env);
	return env;
}

/* Opens ENV with KEY and asserts it yields exactly PLAIN. */
static void expect_opens(const unsigned char *env, size_t len, const struct key_secret *key)
{
	struct error err = { "" };
	unsigned char *plain = NULL;
	size_t plain_len = 0;

	assert_int_equal(envelope_open(env, len, key, &plain, &plain_len, &err), 1);
	assert_int_equal(plain_len, strlen(PLAIN));
	assert_memory_equal(plain, PLAIN, plain_len);
	assert_int_equal(plain[plain_len], '\0');
	sodium_free(plain);
}

static void test_each_recipient_opens(void **state)
{
	size_t len;
	unsigned char *env = seal(&len), *plain = (unsigned char *)"sentinel";
	struct error err = { "" };
	size_t plain_len;

	expect_opens(env, len, fx.vpn);
	expect_opens(env, len, fx.apro);
	assert_int_equal(envelope_open(env, len, fx.other, &plain, &plain_len, &err), 0);
	assert_null(plain);
	assert_null(memmem(env, len, "CANARY", 6));
	free(env);
}

static void test_parse_round_trip(void **state)
{
	size_t len;
	unsigned char *env = seal(&len);
	struct envelope_info info;
	struct error err = { "" };

	assert_int_equal(envelope_parse(env, len, &info, &err), 0);
	assert_string_equal(info.terminal_id, "wing-a-01");
	assert_int_equal(info.counter, 42);
	assert_int_equal(info.signed_len, len - crypto_sign_BYTES);
	assert_int_equal(len, ENVELOPE_SIZE(strlen("wing-a-01")));
	free(env);
}

static void test_verify_signer(void **state)
{
	size_t len;
	unsigned char *env = seal(&len);
	struct envelope_info info;
	struct error err = { "" };

	assert_int_equal(
		envelope_verify(env, len, key_secret_public(fx.signer)->public_key, &info, &err),
		0);
	assert_int_equal(info.counter, 42);
	assert_int_equal(
		envelope_verify(env, len, key_secret_public(fx.signer)->public_key, NULL, &err), 0);
	assert_int_equal(
		envelope_verify(env, len, key_secret_public(fx.forger)->public_key, &info, &err),
		-1);
	tu_assert_contains(err.msg, "wing-a-01/42");
	tu_assert_contains(err.msg, "signature: does not verify");
	free(env);
}

/* Flips MASK into byte I of a copy of ENV and checks verify and open both reject it. */
static void check_flip(const unsigned char *env, size_t len, size_t i, unsigned char mask)
{
	const unsigned char *signer = key_secret_public(fx.signer)->public_key;
	unsigned char *copy = malloc(len), *plain = NULL;
	struct error err = { "" };
	size_t plain_len;
	int rc;

	memcpy(copy, env, len);
	copy[i] ^= mask;
	if (envelope_verify(copy, len, signer, NULL, &err) == 0)
		fail_msg("byte %zu ^ 0x%02x: envelope still verifies", i, mask);
	rc = envelope_open(copy, len, fx.vpn, &plain, &plain_len, &err);
	if (rc == 1) {
		/* Only the signature lies outside the AEAD's reach: the header is intact. */
		if (i < len - crypto_sign_BYTES)
			fail_msg("byte %zu ^ 0x%02x: modified envelope still opens", i, mask);
		assert_memory_equal(plain, PLAIN, plain_len);
		sodium_free(plain);
	} else {
		assert_null(plain);
	}
	free(copy);
}

static void test_every_byte_flip_is_detected(void **state)
{
	size_t len;
	unsigned char *env = seal(&len);

	for (size_t i = 0; i < len; i++) {
		check_flip(env, len, i, 0x01);
		check_flip(env, len, i, 0x80);
	}
	free(env);
}

static void test_truncation_and_extension_fail_parse(void **state)
{
	size_t len;
	unsigned char *env = seal(&len), *longer;
	struct envelope_info info;
	struct error err = { "" };

	for (size_t cut = 0; cut < len; cut++) {
		if (envelope_parse(env, cut, &info, &err) == 0)
			fail_msg("truncated to %zu of %zu bytes: still parses", cut, len);
		assert_int_not_equal(err.msg[0], '\0');
	}
	longer = malloc(len + 1);
	memcpy(longer, env, len);
	longer[len] = 0;
	assert_int_equal(envelope_parse(longer, len + 1, &info, &err), -1);
	tu_assert_contains(err.msg, "envelope: length: ");
	free(longer);
	free(env);
}

static void test_parse_names_the_field(void **state)
{
	size_t len;
	unsigned char *env = seal(&len);
	struct envelope_info info;
	struct error err = { "" };

	env[0] = 'X';
	assert_int_equal(envelope_parse(env, len, &info, &err), -1);
	assert_string_equal(err.msg, "envelope: magic: not a Prisma envelope");
	env[0] = 'P';
	env[4] = 1;
	assert_int_equal(envelope_parse(env, len, &info, &err), -1);
	assert_string_equal(err.msg, "envelope: version: 1 is not supported (only 2)");
	env[4] = 2;
	env[5] = 0;
	assert_int_equal(envelope_parse(env, len, &info, &err), -1);
	assert_string_equal(err.msg, "envelope: terminal id: malformed");
	env[5] = 9;
	env[6 + 4] = '\0'; /* "wing\0a-01": found by fuzz_envelope */
	assert_int_equal(envelope_parse(env, len, &info, &err), -1);
	assert_string_equal(err.msg, "envelope: terminal id: malformed");
	free(env);
}

static void test_seal_rejects_out_of_range(void **state)
{
	struct key_public many[ENVELOPE_SLOTS + 1];
	unsigned char *env = (unsigned char *)"sentinel", *big = calloc(1, ENVELOPE_PADDED);
	const char *long_id = "012345678901234567890123456789012";
	struct error err = { "" };
	size_t len;

	for (size_t i = 0; i < ENVELOPE_SLOTS + 1; i++)
		many[i] = fx.recipients[0];
	assert_int_equal(envelope_seal("t", 1, many, 0, big, 1, fx.signer, &env, &len, &err), -1);
	assert_null(env);
	tu_assert_contains(err.msg, "out of range");
	assert_int_equal(envelope_seal("t", 1, many, ENVELOPE_SLOTS + 1, big, 1, fx.signer, &env,
				       &len, &err),
			 -1);
	assert_int_equal(envelope_seal("", 1, many, 1, big, 1, fx.signer, &env, &len, &err), -1);
	assert_int_equal(envelope_seal(long_id, 1, many, 1, big, 1, fx.signer, &env, &len, &err),
			 -1);
	assert_int_equal(envelope_seal("t", 1, many, 1, big, ENVELOPE_MAX_PAYLOAD + 1, fx.signer,
				       &env, &len, &err),
			 -1);
	/* The limits themselves are fine. */
	assert_int_equal(envelope_seal(long_id + 1, 1, many, ENVELOPE_SLOTS, big,
				       ENVELOPE_MAX_PAYLOAD, fx.signer, &env, &len, &err),
			 0);
	assert_int_equal(len, ENVELOPE_SIZE(32));
	free(env);
	free(big);
}

static void test_empty_payload(void **state)
{
	struct error err = { "" };
	unsigned char *env, *plain;
	size_t len, plain_len = 99;

	assert_int_equal(envelope_seal("t", 7, fx.recipients, 1, (const unsigned char *)"", 0,
				       fx.signer, &env, &len, &err),
			 0);
	assert_int_equal(envelope_open(env, len, fx.vpn, &plain, &plain_len, &err), 1);
	assert_int_equal(plain_len, 0);
	assert_int_equal(plain[0], '\0');
	sodium_free(plain);
	assert_int_equal(envelope_open(env, len, fx.apro, &plain, &plain_len, &err), 0);
	free(env);
}

static void test_seal_refuses_low_order_recipient(void **state)
{
	/* crypto_box_seal fails for such a key; sealing must say so, not hand out an envelope. */
	struct key_public bad[2] = { fx.recipients[0], fx.recipients[0] };
	struct error err = { "" };
	unsigned char *env = (unsigned char *)"sentinel";
	size_t len;

	memset(bad[1].public_key, 0, sizeof(bad[1].public_key));
	assert_int_equal(envelope_seal("t", 1, bad, 2, (const unsigned char *)"x", 1, fx.signer,
				       &env, &len, &err),
			 -1);
	assert_null(env);
	tu_assert_contains(err.msg, "cannot seal");
}

/* Seals PLAIN_LEN bytes of 'a' to the first COUNT of KEYS; returns the envelope. */
static unsigned char *seal_n(const struct key_public *keys, size_t count, size_t plain_len,
			     size_t *len)
{
	unsigned char *plain = malloc(plain_len + 1), *env = NULL;
	struct error err = { "" };

	memset(plain, 'a', plain_len);
	assert_int_equal(envelope_seal("wing-a-01", 9, keys, count, plain, plain_len, fx.signer,
				       &env, len, &err),
			 0);
	free(plain);
	return env;
}

static void test_every_envelope_has_the_same_size(void **state)
{
	/* Neither the payload's length nor the number of recipients shows. */
	const size_t sizes[] = { 0, 1, 100, 1000, ENVELOPE_MAX_PAYLOAD };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (size_t count = 1; count <= 2; count++) {
			size_t len;
			unsigned char *env = seal_n(fx.recipients, count, sizes[i], &len);
			assert_int_equal(len, ENVELOPE_SIZE(strlen("wing-a-01")));
			free(env);
		}
	}
}

/* Which slot of ENV (from "wing-a-01") opens with KEY, or -1. */
static int slot_of(const unsigned char *env, const struct key_secret *key)
{
	const unsigned char *slots = env + 6 + strlen("wing-a-01") + 8;
	unsigned char data_key[32];

	for (int i = 0; i < ENVELOPE_SLOTS; i++) {
		if (!crypto_box_seal_open(data_key, slots + i * ENVELOPE_SLOT_BYTES,
					  ENVELOPE_SLOT_BYTES, key_secret_public(key)->public_key,
					  key_secret_bytes(key)))
			return i;
	}
	return -1;
}

static void test_slots_tell_nothing_of_the_recipients(void **state)
{
	/*
	 * No key id or public key in the clear; a recipient's slot is anywhere; every
	 * slot, used or not, starts with a curve point as a sealed box does (random
	 * bytes would have the top bit set half of the time).
	 */
	int seen[ENVELOPE_SLOTS] = { 0 };

	for (int n = 0; n < 100; n++) {
		size_t len;
		unsigned char *env = seal_n(fx.recipients, 1, 10, &len);
		const unsigned char *slots = env + 6 + strlen("wing-a-01") + 8;
		for (int k = 0; k < 2; k++) {
			assert_null(memmem(env, len, fx.recipients[k].id, KEY_ID_BYTES));
			assert_null(memmem(env, len, fx.recipients[k].public_key, 32));
		}
		for (int i = 0; i < ENVELOPE_SLOTS; i++)
			assert_int_equal(slots[i * ENVELOPE_SLOT_BYTES + 31] & 0x80, 0);
		assert_int_equal(slot_of(env, fx.apro), -1);
		seen[slot_of(env, fx.vpn)]++;
		free(env);
	}
	for (int i = 0; i < ENVELOPE_SLOTS; i++)
		assert_true(seen[i] > 0);
}

static void test_key_rotation_without_key_ids(void **state)
{
	/*
	 * vpn rotates from OLD (fx.vpn) to NEW (fx.other): before, requests go to old;
	 * during, to both; after, to new. Each key opens exactly what was sealed to it.
	 */
	struct key_public old_only[1] = { fx.recipients[0] };
	struct key_public both[2] = { *key_secret_public(fx.other), fx.recipients[0] };
	struct key_public new_only[1] = { *key_secret_public(fx.other) };
	unsigned char *before, *during, *after, *plain = NULL;
	struct error err = { "" };
	size_t len, plain_len;

	before = seal_n(old_only, 1, 5, &len);
	during = seal_n(both, 2, 5, &len);
	after = seal_n(new_only, 1, 5, &len);
	assert_int_equal(envelope_open(before, len, fx.vpn, &plain, &plain_len, &err), 1);
	sodium_free(plain);
	assert_int_equal(envelope_open(before, len, fx.other, &plain, &plain_len, &err), 0);
	assert_int_equal(envelope_open(during, len, fx.vpn, &plain, &plain_len, &err), 1);
	sodium_free(plain);
	assert_int_equal(envelope_open(during, len, fx.other, &plain, &plain_len, &err), 1);
	sodium_free(plain);
	assert_int_equal(envelope_open(after, len, fx.vpn, &plain, &plain_len, &err), 0);
	assert_int_equal(envelope_open(after, len, fx.other, &plain, &plain_len, &err), 1);
	assert_int_equal(plain_len, 5);
	assert_memory_equal(plain, "aaaaa", 5);
	sodium_free(plain);
	free(before);
	free(during);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_recipient_opens),
		cmocka_unit_test(test_seal_refuses_low_order_recipient),
		cmocka_unit_test(test_every_envelope_has_the_same_size),
		cmocka_unit_test(test_slots_tell_nothing_of_the_recipients),
		cmocka_unit_test(test_key_rotation_without_key_ids),
		cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_verify_signer),
		cmocka_unit_test(test_every_byte_flip_is_detected),
		cmocka_unit_test(test_truncation_and_extension_fail_parse),
		cmocka_unit_test(test_parse_names_the_field),
		cmocka_unit_test(test_seal_rejects_out_of_range),
		cmocka_unit_test(test_empty_payload),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
