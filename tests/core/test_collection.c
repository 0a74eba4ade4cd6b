/*
 * Proves app/core/token.c and app/core/collection.c: stick tokens that only
 * the collection key can make, bound to one serial and a date; a collection
 * round that refuses every hostile stick with its status, exports only with a
 * valid token, marks nothing exported on failure and writes each outcome to
 * the audit log.
 */
#include "testworld.h"

#include "core/collection.h"
#include "core/fileio.h"
#include "core/receipt.h"
#include "core/terminal.h"
#include "core/token.h"

#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#define NOW    1795939200ull /* 2026-11-29 */
#define DAY    86400ull
#define SERIAL "4C530001230915116142"

/* The demo world (testworld.h) with its stick folder and the collection and forger keys loaded. */
static int setup(void **state)
{
	struct world *w;

	world_setup(state);
	w = *state;
	assert_int_equal(mkdir(w->stick, 0755), 0);
	w->collection = world_office_key(w, "collection", KEY_ED25519);
	w->forger = world_office_key(w, "forger", KEY_ED25519);
	return 0;
}

/* A token by KEY for SERIAL, valid NOW-DAY..EXPIRES, as bytes. */
static size_t make_token(struct key_secret *key, const char *serial, uint64_t expires,
			 unsigned char *out)
{
	struct error err = { "" };
	size_t len = 0;

	if (token_issue(serial, NOW - DAY, expires, key, out, &len, &err) < 0)
		fail_msg("token_issue: %s", err.msg);
	return len;
}

static void put_token(struct world *w, struct key_secret *key, const char *serial, uint64_t expires)
{
	unsigned char token[TOKEN_MAX_BYTES];
	size_t len = make_token(key, serial, expires, token);
	char *dir = tu_path(w->stick, "PRISMA"), *path = tu_path(dir, TOKEN_FILE);

	mkdir(dir, 0755);
	unlink(path);
	tu_write(path, token, len);
	free(dir);
	free(path);
}

/* True when the audit log has a line containing TEXT. */
static int audited(struct world *w, const char *text)
{
	char *path = tu_path(w->dir, "spool/" AUDIT_FILE);
	size_t len;
	char *log = (char *)tu_read(path, &len);
	int found = strstr(log, text) != NULL;

	free(log);
	free(path);
	return found;
}

static enum collection_status run(struct world *w, const char *serial,
				  struct collection_outcome *out)
{
	struct collection_request req = { .stick = w->stick, .serial = serial, .now = NOW };

	return collection_run(w->term, &req, out);
}

static void test_token_round_trip(void **state)
{
	struct world *w = *state;
	unsigned char data[TOKEN_MAX_BYTES];
	struct error err = { "" };
	struct token t;
	size_t len = make_token(w->collection, SERIAL, NOW + DAY, data);

	assert_int_equal(token_verify(data, len, key_secret_public(w->collection), &t, &err), 0);
	assert_string_equal(t.serial, SERIAL);
	assert_int_equal(t.expires, NOW + DAY);
	assert_int_equal(token_check(&t, SERIAL, NOW), TOKEN_OK);
	assert_int_equal(token_check(&t, SERIAL, NOW + DAY - 1), TOKEN_OK);
	assert_int_equal(token_check(&t, SERIAL, NOW + DAY), TOKEN_EXPIRED);
	assert_int_equal(token_check(&t, "4C530001230915116143", NOW), TOKEN_WRONG_SERIAL);
	assert_int_equal(token_check(&t, "4C53000123091511614", NOW), TOKEN_WRONG_SERIAL);
}

/* Every flipped bit, every truncation, a byte more, another key: refused, with a reason. */
static void test_token_forgeries_refused(void **state)
{
	struct world *w = *state;
	const struct key_public *pub = key_secret_public(w->collection);
	unsigned char data[TOKEN_MAX_BYTES + 1];
	struct error err = { "" };
	struct token t;
	size_t len = make_token(w->collection, SERIAL, NOW + DAY, data);

	for (size_t i = 0; i < len * 8; i++) {
		data[i / 8] ^= (unsigned char)(1u << (i % 8));
		err.msg[0] = '\0';
		assert_int_equal(token_verify(data, len, pub, &t, &err), -1);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(t.serial[0], '\0');
		data[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(token_verify(data, cut, pub, &t, &err), -1);
	data[len] = 0;
	assert_int_equal(token_verify(data, len + 1, pub, &t, &err), -1);
	len = make_token(w->forger, SERIAL, NOW + DAY, data);
	assert_int_equal(token_verify(data, len, pub, &t, &err), -1);
	assert_non_null(strstr(err.msg, "not by the configured collection key"));
	/* The forger claims the collection key's id: the signature gives it away. */
	memcpy(data + len - 64 - KEY_ID_BYTES, pub->id, KEY_ID_BYTES);
	assert_int_equal(token_verify(data, len, pub, &t, &err), -1);
	assert_string_equal(err.msg, "token: signature does not verify");
}

static void test_token_odd_serials_refused(void **state)
{
	struct world *w = *state;
	unsigned char data[TOKEN_MAX_BYTES];
	struct error err = { "" };
	char long_serial[TOKEN_SERIAL_MAX + 2];
	struct token t;
	size_t len = 0;

	memset(long_serial, 'A', sizeof(long_serial) - 1);
	long_serial[sizeof(long_serial) - 1] = '\0';
	assert_int_equal(token_issue("", NOW, NOW + DAY, w->collection, data, &len, &err), -1);
	assert_int_equal(token_issue("A B", NOW, NOW + DAY, w->collection, data, &len, &err), -1);
	assert_int_equal(token_issue("A\x1b]", NOW, NOW + DAY, w->collection, data, &len, &err),
			 -1);
	assert_int_equal(token_issue("\xc2\x9b", NOW, NOW + DAY, w->collection, data, &len, &err),
			 -1);
	assert_int_equal(token_issue(long_serial, NOW, NOW + DAY, w->collection, data, &len, &err),
			 -1);
	long_serial[TOKEN_SERIAL_MAX] = '\0';
	assert_int_equal(token_issue(long_serial, NOW, NOW + DAY, w->collection, data, &len, &err),
			 0);
	assert_int_equal(len, TOKEN_MAX_BYTES);
	assert_int_equal(token_issue(SERIAL, NOW, NOW, w->collection, data, &len, &err), -1);
	/* Signed by the real key, but an escape sequence in the serial: refused at parse. */
	len = make_token(w->collection, "AB[2J", NOW + DAY, data);
	data[8] = 0x1b;
	crypto_sign_detached(data + len - 64, NULL, data, len - 64,
			     key_secret_bytes(w->collection));
	assert_int_equal(token_verify(data, len, key_secret_public(w->collection), &t, &err), -1);
	assert_string_equal(err.msg, "token: serial: not printable");
}

/* No token, a forged one, another stick's, an expired one: nothing written, each audited. */
static void test_collection_refuses_unauthorised(void **state)
{
	struct world *w = *state;
	struct collection_outcome out;
	char *outbox = tu_path(w->stick, "PRISMA/outbox");
	struct stat st;

	world_submit(w, 2);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_true(audited(w, "collection status=NOT_AUTHORIZED"));
	put_token(w, w->forger, SERIAL, NOW + DAY);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_non_null(strstr(out.detail, "not by the configured collection key"));
	put_token(w, w->collection, "OTHER-STICK", NOW + DAY);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_non_null(strstr(out.detail, "another stick"));
	put_token(w, w->collection, SERIAL, NOW);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_TOKEN_EXPIRED);
	assert_true(audited(w, "collection status=TOKEN_EXPIRED"));
	assert_int_equal(lstat(outbox, &st), -1);
	assert_int_equal(world_exported_count(w), 0);
	free(outbox);
}

/* A token reached through a link, a FIFO, an oversized file: refused unread, no hang. */
static void test_collection_hostile_token(void **state)
{
	struct world *w = *state;
	struct collection_outcome out;
	char *prisma = tu_path(w->stick, "PRISMA"), *token = tu_path(prisma, TOKEN_FILE);
	char *elsewhere = tu_path(w->dir, "elsewhere"), *good = tu_path(elsewhere, TOKEN_FILE);
	unsigned char big[TOKEN_MAX_BYTES + 1] = { 0 };

	put_token(w, w->collection, SERIAL, NOW + DAY);
	assert_int_equal(rename(prisma, elsewhere), 0);
	assert_int_equal(symlink(elsewhere, prisma), 0);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_int_equal(unlink(prisma), 0);
	assert_int_equal(mkdir(prisma, 0755), 0);
	assert_int_equal(symlink(good, token), 0);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_non_null(strstr(out.detail, "link"));
	assert_int_equal(unlink(token), 0);
	assert_int_equal(mkfifo(token, 0644), 0);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_int_equal(unlink(token), 0);
	tu_write(token, big, sizeof(big));
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_NOT_AUTHORIZED);
	assert_non_null(strstr(out.detail, "larger than"));
	free(prisma);
	free(token);
	free(elsewhere);
	free(good);
}

struct hashes {
	size_t n;
	unsigned char h[16][RECEIPT_HASH_BYTES];
};

static int collect_hash(void *ctx, uint64_t counter, const unsigned char *env, size_t len)
{
	struct hashes *hs = ctx;

	receipt_envelope_hash(env, len, hs->h[hs->n++]);
	return 0;
}

/* The office's receipt for every request pending now, as the stick file NAME. */
static void put_receipt_for_pending(struct world *w, const char *name)
{
	struct hashes hs = { 0 };
	struct error err = { "" };
	char *dir = tu_path(w->stick, "PRISMA/receipts"), *path = tu_path(dir, name);
	unsigned char *data;
	size_t len;

	assert_int_equal(spool_foreach_pending(terminal_spool(w->term), collect_hash, &hs, &err),
			 0);
	assert_int_equal(fileio_mkdirs(dir, 0755, &err), 0);
	assert_int_equal(receipt_write("wing-a-01", NOW, (const unsigned char(*)[32])hs.h, hs.n,
				       w->collection, &data, &len, &err),
			 0);
	tu_write(path, data, len);
	free(data);
	free(dir);
	free(path);
}

/* A valid token: everything exported and marked, counted, audited; receipts then purge. */
static void test_collection_exports_then_applies(void **state)
{
	struct world *w = *state;
	struct collection_outcome out;

	world_submit(w, 3);
	put_token(w, w->collection, SERIAL, NOW + DAY);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_EXPORT_OK);
	assert_int_equal(out.custody.export.exported, 3);
	assert_int_equal(out.custody.export.bundles, 1);
	assert_int_equal(world_exported_count(w), 3);
	assert_true(audited(w, "collection status=EXPORT_OK exported=3 bundles=1 purged=0"));
	put_receipt_for_pending(w, "wing-a-01-20261129T000000Z-1-3.prr");
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_RECEIPTS_APPLIED);
	assert_int_equal(out.custody.purged, 3);
	assert_int_equal(out.custody.export.exported, 0);
	assert_true(audited(w, "collection status=RECEIPTS_APPLIED exported=0 bundles=0 purged=3"));
	world_submit(w, 1);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_EXPORT_OK);
	assert_int_equal(out.custody.export.exported, 1);
}

static int pulled(void *ctx)
{
	return 0;
}

/* A write the stick refuses: WRITE_ERROR, or DEVICE_REMOVED once the stick is gone; no mark. */
static void test_collection_failure_marks_nothing(void **state)
{
	struct world *w = *state;
	struct collection_request req = { .stick = w->stick, .serial = SERIAL, .now = NOW };
	struct collection_outcome out;
	char *outbox = tu_path(w->stick, "PRISMA/outbox");

	world_submit(w, 2);
	put_token(w, w->collection, SERIAL, NOW + DAY);
	tu_write_text(outbox, "a file where the outbox folder goes");
	assert_int_equal(collection_run(w->term, &req, &out), COLLECTION_WRITE_ERROR);
	assert_int_equal(world_exported_count(w), 0);
	assert_true(audited(w, "collection status=WRITE_ERROR exported=0"));
	req.present = pulled;
	assert_int_equal(collection_run(w->term, &req, &out), COLLECTION_DEVICE_REMOVED);
	assert_int_equal(world_exported_count(w), 0);
	assert_int_equal(unlink(outbox), 0);
	req.present = NULL;
	assert_int_equal(collection_run(w->term, &req, &out), COLLECTION_EXPORT_OK);
	assert_int_equal(world_exported_count(w), 2);
	free(outbox);
}

/* Something of ours the round cannot remove from the stick: CLEANUP_ERROR, export complete. */
static void test_collection_cleanup_error(void **state)
{
	struct world *w = *state;
	struct collection_outcome out;
	char *stuck = tu_path(w->stick, "PRISMA/outbox/wing-a-01-20261128T101010Z-1-1.prb.tmp-x");
	char *outbox = tu_path(w->stick, "PRISMA/outbox");
	struct error err = { "" };

	world_submit(w, 1);
	put_token(w, w->collection, SERIAL, NOW + DAY);
	assert_int_equal(fileio_mkdirs(outbox, 0755, &err), 0);
	assert_int_equal(mkdir(stuck, 0755), 0); /* unlink cannot remove a folder */
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_CLEANUP_ERROR);
	assert_int_equal(out.custody.export.exported, 1);
	assert_true(audited(w, "collection status=CLEANUP_ERROR exported=1"));
	assert_int_equal(rmdir(stuck), 0);
	assert_int_equal(run(w, SERIAL, &out), COLLECTION_EXPORT_OK);
	free(stuck);
	free(outbox);
}

static void test_status_names(void **state)
{
	enum collection_status s;

	for (int i = 0; i < COLLECTION_STATUS_COUNT; i++) {
		assert_int_equal(collection_status_parse(collection_status_name(i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(collection_status_parse("EXPORT_OKAY", &s), -1);
	assert_string_equal(collection_status_name(COLLECTION_MULTIPLE_DEVICES),
			    "MULTIPLE_DEVICES");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_token_round_trip, setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_token_forgeries_refused, setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_token_odd_serials_refused, setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_collection_refuses_unauthorised, setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_collection_hostile_token, setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_collection_exports_then_applies, setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_collection_failure_marks_nothing, setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_collection_cleanup_error, setup,
						world_teardown),
		cmocka_unit_test(test_status_names),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
