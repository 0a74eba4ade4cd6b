/* Proves app/core/bundle.c: building, parsing, iterating and verifying export bundles. */
#include "testutil.h"

#include "core/bundle.h"
#include "core/keys.h"
#include "core/request.h"

#include <sodium.h>

static const char *ENVELOPES[] = { "first envelope", "", "third\0with a NUL" };
static const size_t ENVELOPE_LENS[] = { 14, 0, 16 };

struct fixture {
	char *dir;
	struct key_secret *signer, *other;
};

static struct fixture fx;

static int group_setup(void **state)
{
	fx.dir = tu_mkdtemp();
	fx.signer = tu_key_make(fx.dir, KEY_ED25519, "terminal");
	fx.other = tu_key_make(fx.dir, KEY_ED25519, "other");
	return 0;
}

static int group_teardown(void **state)
{
	key_secret_free(fx.signer);
	key_secret_free(fx.other);
	tu_rmtree(fx.dir);
	return 0;
}

/* Builds a signed bundle of the three ENVELOPES from "wing-a-01"; *LEN gets its size. */
static unsigned char *build(size_t *len)
{
	struct bundle_writer bw;
	unsigned char *out;

	assert_int_equal(bundle_begin(&bw, "wing-a-01", 1764201600), 0);
	bundle_set_next_counter(&bw, 0x0102030405060708ull);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(
			bundle_add(&bw, (const unsigned char *)ENVELOPES[i], ENVELOPE_LENS[i]), 0);
	assert_int_equal(bundle_finish(&bw, fx.signer), 0);
	out = malloc(bw.out.len);
	memcpy(out, bw.out.data, bw.out.len);
	*len = bw.out.len;
	bundle_writer_free(&bw);
	return out;
}

struct collected {
	size_t count;
	int stop_at; /* return -1 on this visit (1-based), 0 = never */
};

static int collect(void *ctx, const unsigned char *envelope, size_t len)
{
	struct collected *c = ctx;

	assert_true(c->count < 3);
	assert_int_equal(len, ENVELOPE_LENS[c->count]);
	assert_memory_equal(envelope, ENVELOPES[c->count], len);
	c->count++;
	return (int)c->count == c->stop_at ? -1 : 0;
}

static void test_round_trip(void **state)
{
	size_t len;
	unsigned char *data = build(&len);
	struct bundle_info info;
	struct collected c = { 0, 0 };
	struct error err = { "" };

	assert_int_equal(bundle_parse(data, len, &info, &err), 0);
	assert_string_equal(info.terminal_id, "wing-a-01");
	assert_int_equal(info.created, 1764201600);
	assert_int_equal(info.next_counter, 0x0102030405060708ull);
	assert_int_equal(info.count, 3);
	/* The bundle names its signer, so the office can recognise a terminal it has not seen. */
	assert_memory_equal(info.signer_public, key_secret_public(fx.signer)->public_key, 32);
	assert_int_equal(bundle_verify(data, len, key_secret_public(fx.signer)->public_key, &err),
			 0);
	assert_int_equal(bundle_foreach(data, len, collect, &c, &err), 0);
	assert_int_equal(c.count, 3);
	assert_false(info.has_certificate); /* none set: all zero */
	c = (struct collected){ 0, 2 };
	assert_int_equal(bundle_foreach(data, len, collect, &c, &err), -1);
	assert_int_equal(c.count, 2);
	free(data);
}

/* The certificate travels signed with the bundle, as it was set. */
static void test_certificate_carried(void **state)
{
	struct bundle_writer bw;
	struct bundle_info info;
	struct error err = { "" };
	unsigned char cert[BUNDLE_CERT_BYTES];

	for (size_t i = 0; i < sizeof(cert); i++)
		cert[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(bundle_begin(&bw, "wing-a-01", 1), 0);
	bundle_set_certificate(&bw, cert);
	assert_int_equal(bundle_finish(&bw, fx.signer), 0);
	assert_int_equal(bundle_parse(bw.out.data, bw.out.len, &info, &err), 0);
	assert_true(info.has_certificate);
	assert_memory_equal(info.certificate, cert, sizeof(cert));
	bw.out.data[bw.out.len - 64 - 32 - 5] ^= 1;
	assert_int_equal(bundle_verify(bw.out.data, bw.out.len,
				       key_secret_public(fx.signer)->public_key, &err),
			 -1);
	bundle_writer_free(&bw);
}

/* Re-keying: the certificates of earlier keys travel, in order, with the envelopes intact. */
static void test_previous_certificates_carried(void **state)
{
	struct bundle_writer bw;
	struct bundle_info info;
	struct collected c = { 0, 99 };
	struct error err = { "" };
	unsigned char cert[3][BUNDLE_CERT_BYTES];

	for (int k = 0; k < 3; k++)
		memset(cert[k], 'a' + k, BUNDLE_CERT_BYTES);
	assert_int_equal(bundle_begin(&bw, "wing-a-01", 1), 0);
	bundle_set_certificate(&bw, cert[0]);
	assert_int_equal(bundle_add_previous(&bw, cert[1]), 0);
	assert_int_equal(bundle_add_previous(&bw, cert[2]), 0);
	assert_int_equal(bundle_add(&bw, (const unsigned char *)ENVELOPES[0], ENVELOPE_LENS[0]), 0);
	assert_int_equal(bundle_finish(&bw, fx.signer), 0);
	assert_int_equal(bundle_parse(bw.out.data, bw.out.len, &info, &err), 0);
	assert_memory_equal(info.certificate, cert[0], BUNDLE_CERT_BYTES);
	assert_int_equal(info.previous_count, 2);
	assert_memory_equal(info.previous[0], cert[1], BUNDLE_CERT_BYTES);
	assert_memory_equal(info.previous[1], cert[2], BUNDLE_CERT_BYTES);
	assert_int_equal(bundle_foreach(bw.out.data, bw.out.len, collect, &c, &err), 0);
	assert_int_equal(c.count, 1);
	/* A count beyond the limit, or more than the bytes hold, is refused. */
	bw.out.data[bw.out.len - 64 - 32 - BUNDLE_CERT_BYTES - 1] = BUNDLE_MAX_PREVIOUS + 1;
	assert_int_equal(bundle_parse(bw.out.data, bw.out.len, &info, &err), -1);
	tu_assert_contains(err.msg, "previous certificates");
	for (int k = 0; k < BUNDLE_MAX_PREVIOUS - 2; k++)
		assert_int_equal(bundle_add_previous(&bw, cert[1]), 0);
	assert_int_equal(bundle_add_previous(&bw, cert[1]), -1);
	bundle_writer_free(&bw);
}

static void test_empty_bundle(void **state)
{
	struct bundle_writer bw;
	struct bundle_info info;
	struct error err = { "" };

	assert_int_equal(bundle_begin(&bw, "t", 0), 0);
	assert_int_equal(bundle_finish(&bw, fx.signer), 0);
	assert_int_equal(bundle_parse(bw.out.data, bw.out.len, &info, &err), 0);
	assert_int_equal(info.count, 0);
	assert_int_equal(bundle_verify(bw.out.data, bw.out.len,
				       key_secret_public(fx.signer)->public_key, &err),
			 0);
	bundle_writer_free(&bw);
}

static void test_wrong_key_fails(void **state)
{
	size_t len;
	unsigned char *data = build(&len);
	struct error err = { "" };

	assert_int_equal(bundle_verify(data, len, key_secret_public(fx.other)->public_key, &err),
			 -1);
	tu_assert_contains(err.msg, "signature: does not verify");
	free(data);
}

static void test_every_byte_flip_fails_verify(void **state)
{
	const unsigned char *signer = key_secret_public(fx.signer)->public_key;
	size_t len;
	unsigned char *data = build(&len);
	struct error err = { "" };
	static const unsigned char masks[] = { 0x01, 0x80, 0xff };

	for (size_t i = 0; i < len; i++) {
		for (size_t m = 0; m < sizeof(masks); m++) {
			data[i] ^= masks[m];
			if (bundle_verify(data, len, signer, &err) == 0)
				fail_msg("byte %zu ^ 0x%02x: bundle still verifies", i, masks[m]);
			data[i] ^= masks[m];
		}
	}
	assert_int_equal(bundle_verify(data, len, signer, &err), 0);
	free(data);
}

static void test_truncations_fail_cleanly(void **state)
{
	const unsigned char *signer = key_secret_public(fx.signer)->public_key;
	size_t len;
	unsigned char *data = build(&len), *copy;
	struct bundle_info info;
	struct error err = { "" };

	for (size_t cut = 0; cut < len; cut++) {
		/* An exact-size copy so that ASan catches any read past the end. */
		copy = malloc(cut ? cut : 1);
		memcpy(copy, data, cut);
		err.msg[0] = '\0';
		if (bundle_parse(copy, cut, &info, &err) == 0)
			fail_msg("truncated to %zu of %zu bytes: still parses", cut, len);
		assert_int_not_equal(err.msg[0], '\0');
		assert_int_equal(bundle_foreach(copy, cut, NULL, NULL, &err), -1);
		assert_int_equal(bundle_verify(copy, cut, signer, &err), -1);
		free(copy);
	}
	free(data);
}

static void test_parse_names_the_field(void **state)
{
	size_t len;
	unsigned char *data = build(&len);
	struct bundle_info info;
	struct error err = { "" };

	data[0] = 'X';
	assert_int_equal(bundle_parse(data, len, &info, &err), -1);
	assert_string_equal(err.msg, "magic: not a Prisma bundle");
	data[0] = 'P';
	data[4] = 9;
	assert_int_equal(bundle_parse(data, len, &info, &err), -1);
	assert_string_equal(err.msg, "version: 9 is not supported (only 4)");
	data[4] = 4;
	data[5] = 33;
	assert_int_equal(bundle_parse(data, len, &info, &err), -1);
	assert_string_equal(err.msg, "terminal id: malformed");
	data[5] = 9;
	/* count (after magic, version, id length, id, created, next counter) claims one more */
	data[6 + 9 + 8 + 8 + 3] = 4;
	assert_int_equal(bundle_parse(data, len, &info, &err), -1);
	tu_assert_contains(err.msg, "envelope 4 of 4: truncated");
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_certificate_carried),
		cmocka_unit_test(test_previous_certificates_carried),
		cmocka_unit_test(test_empty_bundle),
		cmocka_unit_test(test_wrong_key_fails),
		cmocka_unit_test(test_every_byte_flip_fails_verify),
		cmocka_unit_test(test_truncations_fail_cleanly),
		cmocka_unit_test(test_parse_names_the_field),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
