/* Proves app/core/certificate.c: issue, parse and verify a terminal certificate. */
#include "testutil.h"

#include "core/certificate.h"
#include "core/request.h"

#include <time.h>

struct fixture {
	char *dir;
	struct key_secret *collection, *other, *terminal;
};
static struct fixture fx;

static int group_setup(void **state)
{
	fx.dir = tu_mkdtemp();
	fx.collection = tu_key_make(fx.dir, KEY_ED25519, "collection");
	fx.other = tu_key_make(fx.dir, KEY_ED25519, "other");
	fx.terminal = tu_key_make(fx.dir, KEY_ED25519, "wing-a-01");
	return 0;
}

static int group_teardown(void **state)
{
	key_secret_free(fx.collection);
	key_secret_free(fx.other);
	key_secret_free(fx.terminal);
	tu_rmtree(fx.dir);
	return 0;
}

static void test_issue_and_verify(void **state)
{
	unsigned char cert[CERTIFICATE_BYTES];
	struct certificate c;
	struct error err = { "" };

	assert_int_equal(certificate_issue(key_secret_public(fx.terminal), 1764201600,
					   fx.collection, cert, &err),
			 0);
	assert_int_equal(
		certificate_verify(cert, sizeof(cert), key_secret_public(fx.collection), &c, &err),
		0);
	assert_string_equal(c.terminal_id, "wing-a-01");
	assert_memory_equal(c.terminal_public, key_secret_public(fx.terminal)->public_key, 32);
	assert_int_equal(c.issued, 1764201600);
	assert_memory_equal(c.issuer_id, key_secret_public(fx.collection)->id, KEY_ID_BYTES);
}

static void test_other_issuer_refused(void **state)
{
	unsigned char cert[CERTIFICATE_BYTES];
	struct certificate c;
	struct error err = { "" };

	assert_int_equal(certificate_issue(key_secret_public(fx.terminal), 1, fx.other, cert, &err),
			 0);
	assert_int_equal(
		certificate_verify(cert, sizeof(cert), key_secret_public(fx.collection), &c, &err),
		-1);
	tu_assert_contains(err.msg, "not by this office's collection key");
	/* Re-signed by another key but claiming the collection key's id: the signature fails. */
	memcpy(cert + CERTIFICATE_BYTES - 64 - KEY_ID_BYTES, key_secret_public(fx.collection)->id,
	       KEY_ID_BYTES);
	assert_int_equal(
		certificate_verify(cert, sizeof(cert), key_secret_public(fx.collection), &c, &err),
		-1);
	tu_assert_contains(err.msg, "signature does not verify");
}

static void test_every_byte_flip_fails(void **state)
{
	unsigned char cert[CERTIFICATE_BYTES];
	struct certificate c;
	struct error err = { "" };

	assert_int_equal(
		certificate_issue(key_secret_public(fx.terminal), 7, fx.collection, cert, &err), 0);
	for (size_t i = 0; i < sizeof(cert); i++) {
		cert[i] ^= 0x01;
		assert_int_equal(certificate_verify(cert, sizeof(cert),
						    key_secret_public(fx.collection), &c, &err),
				 -1);
		cert[i] ^= 0x01;
	}
	for (size_t len = 0; len < sizeof(cert); len++)
		assert_int_equal(certificate_parse(cert, len, &c, &err), -1);
}

static void test_hidden_id_refused(void **state)
{
	unsigned char cert[CERTIFICATE_BYTES];
	struct certificate c;
	struct error err = { "" };

	assert_int_equal(
		certificate_issue(key_secret_public(fx.terminal), 7, fx.collection, cert, &err), 0);
	cert[5 + 20] = 'x'; /* a second id behind the NUL padding */
	assert_int_equal(certificate_parse(cert, sizeof(cert), &c, &err), -1);
	assert_string_equal(err.msg, "certificate: terminal id: malformed");
}

static void test_issue_refuses_bad_input(void **state)
{
	unsigned char cert[CERTIFICATE_BYTES];
	struct key_public pub = *key_secret_public(fx.terminal);
	struct error err = { "" };

	strcpy(pub.name, "bad id!");
	assert_int_equal(certificate_issue(&pub, 1, fx.collection, cert, &err), -1);
	tu_assert_contains(err.msg, "not a valid terminal id");
	pub = *key_secret_public(fx.terminal);
	pub.kind = KEY_X25519;
	assert_int_equal(certificate_issue(&pub, 1, fx.collection, cert, &err), -1);
	tu_assert_contains(err.msg, "must be ed25519");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_and_verify),
		cmocka_unit_test(test_other_issuer_refused),
		cmocka_unit_test(test_every_byte_flip_fails),
		cmocka_unit_test(test_hidden_id_refused),
		cmocka_unit_test(test_issue_refuses_bad_input),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
