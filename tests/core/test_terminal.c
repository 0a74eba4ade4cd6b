/* Proves app/core/terminal.c: a submitted request is sealed to the right office and nothing else.
 */
#include "testworld.h"

#include "core/envelope.h"
#include "core/terminal.h"

#include <ctype.h>
#include <regex.h>
#include <sodium.h>
#include <sqlite3.h>

#define NAME   "Zacharias Quellwasser"
#define CANARY "MESSAGE-PLAINTEXT-CANARY"

/* The demo world (testworld.h); each test opens its terminal with world_open. */
static int setup(void **state)
{
	struct world *w = malloc(sizeof(*w));

	assert_non_null(w);
	world_make(w);
	*state = w;
	return 0;
}

static struct request *named_request(void)
{
	struct request *req = request_new();

	assert_non_null(req);
	strcpy(req->service, "akt");
	strcpy(req->language, "de");
	req->contact = CONTACT_NAMED;
	strcpy(req->name, NAME);
	strcpy(req->number, "4711");
	strcpy(req->unit, "B-3");
	strcpy(req->message, CANARY);
	return req;
}

struct stored {
	uint64_t counter;
	unsigned char *envelope;
	size_t len;
	size_t count;
};

static int keep_last(void *ctx, uint64_t counter, const unsigned char *envelope, size_t len)
{
	struct stored *s = ctx;

	free(s->envelope);
	s->counter = counter;
	s->envelope = malloc(len);
	memcpy(s->envelope, envelope, len);
	s->len = len;
	s->count++;
	return 0;
}

/* The last pending envelope of the world's spool (malloc'ed in S). */
static void last_envelope(struct world *w, struct stored *s)
{
	struct error err = { "" };

	memset(s, 0, sizeof(*s));
	assert_int_equal(spool_foreach_pending(terminal_spool(w->term), keep_last, s, &err), 0);
	assert_non_null(s->envelope);
}

static void assert_reference_format(const char *reference)
{
	regex_t re;

	assert_int_equal(regcomp(&re, "^[A-Z0-9]{4}-[A-Z0-9]{4}$", REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&re, reference, 0, NULL, 0) != 0)
		fail_msg("reference '%s' does not look like XXXX-XXXX", reference);
	regfree(&re);
}

static void test_submit_seals_to_the_service_recipient(void **state)
{
	struct world *w = *state;
	struct request *req = named_request();
	struct key_secret *vpn = world_office_key(w, "vpn", KEY_X25519),
			  *apro = world_office_key(w, "apro", KEY_X25519);
	char reference[REQUEST_REFERENCE_LEN + 1] = "";
	struct error err = { "" };
	struct stored s;
	unsigned char *plain;
	size_t plain_len;

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	assert_reference_format(reference);
	assert_string_equal(req->name, NAME); /* left untouched: the caller wipes */
	assert_int_equal(spool_count_pending(terminal_spool(w->term), &err), 1);
	last_envelope(w, &s);
	assert_int_equal(s.counter, 1);
	assert_int_equal(envelope_verify(s.envelope, s.len,
					 key_secret_public(terminal_signer(w->term))->public_key,
					 NULL, &err),
			 0);
	assert_int_equal(envelope_open(s.envelope, s.len, vpn, &plain, &plain_len, &err), 1);
	tu_assert_contains((char *)plain, "\"name\":\"" NAME "\"");
	tu_assert_contains((char *)plain, CANARY);
	tu_assert_contains((char *)plain, reference);
	sodium_free(plain);
	/* akt goes to VPN only: APro's key is not even addressed. */
	assert_int_equal(envelope_open(s.envelope, s.len, apro, &plain, &plain_len, &err), 0);
	free(s.envelope);
	key_secret_free(vpn);
	key_secret_free(apro);
	request_free(req);
}

static void test_no_plaintext_on_disk(void **state)
{
	struct world *w = *state;
	struct request *req = named_request();
	char reference[REQUEST_REFERENCE_LEN + 1], *wal;
	struct error err = { "" };

	world_open(w);
	for (int i = 0; i < 3; i++)
		assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	/* While open (spool.db, -wal, -shm all present) and after closing. */
	wal = tu_path(w->data_dir, "spool.db-wal");
	assert_int_equal(access(wal, F_OK), 0);
	free(wal);
	assert_true(tu_files_containing(w->dir, "wing-a-01", 9) >= 1); /* the scan does see files */
	assert_int_equal(tu_files_containing(w->dir, NAME, strlen(NAME)), 0);
	assert_int_equal(tu_files_containing(w->dir, CANARY, strlen(CANARY)), 0);
	assert_int_equal(tu_files_containing(w->dir, reference, strlen(reference)), 0);
	terminal_close(w->term);
	w->term = NULL;
	assert_int_equal(tu_files_containing(w->dir, NAME, strlen(NAME)), 0);
	assert_int_equal(tu_files_containing(w->dir, CANARY, strlen(CANARY)), 0);
	request_free(req);
}

static void test_reference_hash_is_stored(void **state)
{
	struct world *w = *state;
	struct request *req = named_request();
	char reference[REQUEST_REFERENCE_LEN + 1];
	unsigned char expect[32];
	struct error err = { "" };
	sqlite3_stmt *st;

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	assert_int_equal(terminal_reference_hash(w->term, reference, expect, &err), 0);
	st = world_query(w, "SELECT reference_hash FROM envelopes");
	assert_int_equal(sqlite3_column_bytes(st, 0), 32);
	assert_memory_equal(sqlite3_column_blob(st, 0), expect, 32);
	world_query_done(st);
	request_free(req);
}

static void test_invalid_request_stores_nothing(void **state)
{
	struct world *w = *state;
	struct request *req = named_request();
	char reference[REQUEST_REFERENCE_LEN + 1] = "untouched";
	struct error err = { "" };
	struct stored s;

	world_open(w);
	req->number[0] = '\0';
	assert_int_equal(terminal_submit(w->term, req, reference, &err), -1);
	assert_string_equal(err.msg, "field.number: required");
	assert_string_equal(reference, "untouched");
	strcpy(req->number, "4711");
	strcpy(req->service, "unknown");
	assert_int_equal(terminal_submit(w->term, req, reference, &err), -1);
	tu_assert_contains(err.msg, "'unknown' is not in the catalogue");
	assert_int_equal(spool_count_pending(terminal_spool(w->term), &err), 0);
	/* The counter did not advance: the first stored envelope is number 1. */
	strcpy(req->service, "disengagement");
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	last_envelope(w, &s);
	assert_int_equal(s.counter, 1);
	assert_int_equal(s.count, 1);
	free(s.envelope);
	request_free(req);
}

static void test_unknown_recipient_in_catalogue(void **state)
{
	struct world *w = *state;
	char *catalogue = tu_path(w->dir, "catalogue.ini");
	struct error err = { "" };

	tu_write_text(catalogue, "[service.x]\ntitle = T\nsummary = S\nprovider = P\n"
				 "recipients = vpn, kora\n");
	world_write_ini(w, catalogue, WORLD_RECIPIENTS, WORLD_LIMITS);
	assert_null(terminal_open(w->ini, &err));
	tu_assert_contains(err.msg, catalogue);
	tu_assert_contains(err.msg, "[service.x] recipients: 'kora'");
	tu_assert_contains(err.msg, w->ini);
	free(catalogue);
}

static void test_open_errors_name_the_file(void **state)
{
	struct world *w = *state;
	char *key = tu_path(w->dir, "terminal.key"), *vpn = tu_path(w->dir, "office/vpn.pub");
	char *moved = tu_path(w->dir, "vpn.pub.moved");
	struct error err = { "" };

	assert_int_equal(rename(vpn, moved), 0);
	assert_null(terminal_open(w->ini, &err));
	tu_assert_contains(err.msg, vpn);
	tu_assert_contains(err.msg, w->ini);
	assert_int_equal(rename(moved, vpn), 0);
	assert_int_equal(unlink(key), 0);
	assert_null(terminal_open(w->ini, &err));
	tu_assert_contains(err.msg, key);
	tu_assert_contains(err.msg, "cannot open");
	free(key);
	free(vpn);
	free(moved);
}

/* Fills every field of REQ to the brim with what JSON escapes at twice its size. */
static void fill_request(struct request *req)
{
	req->contact = CONTACT_NAMED;
	memset(req->name, '"', sizeof(req->name) - 1);
	memset(req->number, '\\', sizeof(req->number) - 1);
	memset(req->unit, '"', sizeof(req->unit) - 1);
	memset(req->times, '\n', sizeof(req->times) - 1);
	memset(req->message, '"', sizeof(req->message) - 1);
	strcpy(req->language, "de");
}

static void test_every_envelope_has_the_same_size(void **state)
{
	/* Anonymous and empty, or named and full, for any service: the same number of bytes. */
	struct world *w = *state;
	const struct catalogue *cat;
	char reference[REQUEST_REFERENCE_LEN + 1];
	struct error err = { "" };
	struct stored s;

	world_open(w);
	cat = terminal_catalogue(w->term);
	assert_true(cat->service_count >= 2);
	for (size_t i = 0; i < cat->service_count; i++) {
		for (int full = 0; full <= 1; full++) {
			struct request *req = request_new();
			strcpy(req->language, "en");
			if (full)
				fill_request(req);
			strcpy(req->service, cat->services[i].id);
			if (terminal_submit(w->term, req, reference, &err) != 0)
				fail_msg("%s (full %d): %s", cat->services[i].id, full, err.msg);
			last_envelope(w, &s);
			assert_int_equal(s.len, ENVELOPE_SIZE(strlen("wing-a-01")));
			free(s.envelope);
			request_free(req);
		}
	}
}

/* Submits the named request and returns its envelope (malloc'ed, LEN set). */
static unsigned char *submit_one(struct world *w, size_t *len)
{
	struct request *req = named_request();
	char reference[REQUEST_REFERENCE_LEN + 1];
	struct error err = { "" };
	struct stored s;

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	last_envelope(w, &s);
	terminal_close(w->term);
	w->term = NULL;
	request_free(req);
	*len = s.len;
	return s.envelope;
}

/* 1 when KEY opens ENV, 0 when it is not addressed to it. */
static int opens(const unsigned char *env, size_t len, const struct key_secret *key)
{
	struct error err = { "" };
	unsigned char *plain = NULL;
	size_t plain_len;
	int rc = envelope_open(env, len, key, &plain, &plain_len, &err);

	assert_int_not_equal(rc, -1);
	if (plain)
		sodium_free(plain);
	return rc;
}

static void test_key_rotation_two_keys_of_one_provider(void **state)
{
	/* VPN rotates: old key only, then both keys active at once, then the new one only. */
	struct world *w = *state;
	const char *cat = PRISMA_ASSETS_DIR "/catalogue.ini";
	struct key_secret *old_key, *new_key;
	unsigned char *before, *during, *after;
	char *office = tu_path(w->dir, "office");
	size_t len;

	tu_key_generate(office, KEY_X25519, "vpn-new");
	before = submit_one(w, &len);
	world_write_ini(w, cat,
			"vpn = office/vpn-new.pub, office/vpn.pub\napro = office/apro.pub\n",
			WORLD_LIMITS);
	during = submit_one(w, &len);
	world_write_ini(w, cat, "vpn = office/vpn-new.pub\napro = office/apro.pub\n", WORLD_LIMITS);
	after = submit_one(w, &len);
	old_key = world_office_key(w, "vpn", KEY_X25519);
	new_key = world_office_key(w, "vpn-new", KEY_X25519);
	assert_int_equal(opens(before, len, old_key), 1);
	assert_int_equal(opens(before, len, new_key), 0);
	assert_int_equal(opens(during, len, old_key), 1);
	assert_int_equal(opens(during, len, new_key), 1);
	assert_int_equal(opens(after, len, old_key), 0);
	assert_int_equal(opens(after, len, new_key), 1);
	key_secret_free(old_key);
	key_secret_free(new_key);
	free(before);
	free(during);
	free(after);
	free(office);
}

static void test_more_keys_than_slots_refused(void **state)
{
	struct world *w = *state;
	struct error err = { "" };

	world_write_ini(w, WORLD_CATALOGUE,
			"vpn = office/vpn.pub, office/vpn.pub, office/apro.pub, "
			"office/apro.pub, office/vpn.pub\napro = office/apro.pub\n",
			WORLD_LIMITS);
	assert_null(terminal_open(w->ini, &err));
	tu_assert_contains(err.msg, "recipients: more than 4 keys");
}

static void test_reference_hash_is_slow_salted_and_recorded(void **state)
{
	/* Argon2id with this spool's salt and recorded cost: not BLAKE2b, not the same elsewhere.
	 */
	struct world *w = *state;
	char *other_dir = tu_mkdtemp();
	unsigned char hash[32], plain[32];
	struct error err = { "" };
	struct spool_reference_params mine, other;
	struct spool *other_spool = spool_create(other_dir, &err);
	sqlite3_stmt *st;

	world_open(w);
	assert_int_equal(terminal_reference_hash(w->term, "K7QM-3XPA", hash, &err), 0);
	crypto_generichash(plain, sizeof(plain), (const unsigned char *)"K7QM-3XPA", 9, NULL, 0);
	assert_memory_not_equal(hash, plain, sizeof(hash));
	st = world_query(w, "SELECT algorithm, length(salt), opslimit, memlimit "
			    "FROM reference_hash_costs ORDER BY id DESC");
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "argon2id13");
	assert_int_equal(sqlite3_column_int(st, 1), 16);
	assert_int_equal(sqlite3_column_int(st, 2), 40);
	assert_int_equal(sqlite3_column_int64(st, 3), 8 * 1024 * 1024);
	world_query_done(st);
	assert_non_null(other_spool);
	assert_int_equal(spool_reference_params(terminal_spool(w->term), &mine, &err), 0);
	assert_int_equal(spool_reference_params(other_spool, &other, &err), 0);
	assert_memory_not_equal(mine.salt, other.salt, sizeof(mine.salt));
	spool_close(other_spool);
	tu_rmtree(other_dir);
}

static void test_lookup_code(void **state)
{
	struct world *w = *state;
	struct request *req = named_request();
	char reference[REQUEST_REFERENCE_LEN + 1], typed[32];
	enum terminal_code_status status = TERMINAL_CODE_PENDING;
	struct error err = { "" };
	unsigned wait = 99;

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, reference, &err), 0);
	/* As an inmate might type it: lower case, a space instead of the dash. */
	snprintf(typed, sizeof(typed), "%.4s %.4s", reference, reference + 5);
	for (char *p = typed; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	assert_int_equal(terminal_lookup_code(w->term, typed, &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_PENDING);
	assert_int_equal(wait, 0);
	assert_int_equal(terminal_lookup_code(w->term, "AAAA-AAAA", &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_UNKNOWN);
	assert_int_equal(terminal_lookup_code(w->term, "not a code", &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_UNKNOWN);
	world_sql(w, "UPDATE envelopes SET acknowledged_at = 1");
	assert_int_equal(terminal_lookup_code(w->term, reference, &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_COLLECTED);
	request_free(req);
}

/*
 * The cost of reference hashes can be raised while requests are pending (a
 * schema step adds a row to reference_hash_costs): new requests use the new
 * cost, each row says which it was made with, and both codes are still found.
 */
static void test_reference_cost_can_change(void **state)
{
	struct world *w = *state;
	struct request *req = named_request();
	char before[REQUEST_REFERENCE_LEN + 1], after[REQUEST_REFERENCE_LEN + 1];
	enum terminal_code_status status = TERMINAL_CODE_UNKNOWN;
	struct error err = { "" };
	unsigned wait = 0;
	sqlite3_stmt *st;

	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, before, &err), 0);
	terminal_close(w->term);
	w->term = NULL;
	world_sql(w, "INSERT INTO reference_hash_costs(algorithm, salt, opslimit, memlimit) "
		     "VALUES('argon2id13', randomblob(16), 2, 65536)");
	world_open(w);
	assert_int_equal(terminal_submit(w->term, req, after, &err), 0);
	assert_int_equal(terminal_lookup_code(w->term, before, &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_PENDING);
	status = TERMINAL_CODE_UNKNOWN;
	assert_int_equal(terminal_lookup_code(w->term, after, &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_PENDING);
	st = world_query(w, "SELECT group_concat(reference_cost) FROM "
			    "(SELECT reference_cost FROM envelopes ORDER BY counter)");
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "2,3");
	world_query_done(st);
	request_free(req);
}

static uint64_t fake_clock(void *ctx)
{
	return *(uint64_t *)ctx;
}

static void test_lookup_rate_limited(void **state)
{
	/* 2 a minute as configured; wrong attempts count too; the wait is told in seconds. */
	struct world *w = *state;
	enum terminal_code_status status;
	struct error err = { "" };
	uint64_t now = 1000;
	unsigned wait = 0;

	world_write_ini(w, WORLD_CATALOGUE, WORLD_RECIPIENTS "[terminal]\nlookups_per_minute = 2\n",
			WORLD_LIMITS);
	world_open(w);
	terminal_set_clock(w->term, fake_clock, &now);
	assert_int_equal(terminal_lookup_code(w->term, "x", &status, &wait, &err), 0);
	now = 1010;
	assert_int_equal(terminal_lookup_code(w->term, "AAAA-AAAA", &status, &wait, &err), 0);
	assert_int_equal(status, TERMINAL_CODE_UNKNOWN);
	now = 1030;
	assert_int_equal(terminal_lookup_code(w->term, "AAAA-AAAA", &status, &wait, &err), 1);
	assert_int_equal(wait, 30);
	now = 1059;
	assert_int_equal(terminal_lookup_code(w->term, "AAAA-AAAA", &status, &wait, &err), 1);
	assert_int_equal(wait, 1);
	now = 1060;
	assert_int_equal(terminal_lookup_code(w->term, "AAAA-AAAA", &status, &wait, &err), 0);
	assert_int_equal(wait, 0);
	assert_int_equal(terminal_lookup_code(w->term, "AAAA-AAAA", &status, &wait, &err), 1);
	assert_int_equal(wait, 10);
}

/* terminal_check: usable as opened; each file broken after open is named; repaired, usable again.
 */
static void test_check_names_what_broke(void **state)
{
	struct world *w = *state;
	char *key = tu_path(w->dir, "terminal.key"), *vpn = tu_path(w->dir, "office/vpn.pub");
	char *apro = tu_path(w->dir, "office/apro.pub"), *db = tu_path(w->data_dir, "spool.db");
	char *aside = tu_path(w->dir, "aside"), *other = tu_path(w->dir, "other.key");
	struct error err = { "" };

	world_open(w);
	assert_int_equal(terminal_check(w->term, &err), 0);
	/* the spool file moved away: the open connection would still write into it */
	assert_int_equal(rename(db, aside), 0);
	assert_int_equal(terminal_check(w->term, &err), -1);
	tu_assert_contains(err.msg, db);
	assert_int_equal(rename(aside, db), 0);
	assert_int_equal(terminal_check(w->term, &err), 0);
	/* the signing key gone, then another key in its place */
	assert_int_equal(rename(key, aside), 0);
	assert_int_equal(terminal_check(w->term, &err), -1);
	tu_assert_contains(err.msg, key);
	tu_key_generate(w->dir, KEY_ED25519, "other");
	assert_int_equal(rename(other, key), 0);
	assert_int_equal(terminal_check(w->term, &err), -1);
	tu_assert_contains(err.msg, "not the key this terminal was started with");
	assert_int_equal(rename(aside, key), 0);
	assert_int_equal(terminal_check(w->term, &err), 0);
	/* a recipient's key replaced by another recipient's */
	assert_int_equal(rename(vpn, aside), 0);
	assert_int_equal(link(apro, vpn), 0);
	assert_int_equal(terminal_check(w->term, &err), -1);
	tu_assert_contains(err.msg, vpn);
	assert_int_equal(unlink(vpn), 0);
	assert_int_equal(rename(aside, vpn), 0);
	assert_int_equal(terminal_check(w->term, &err), 0);
	free(key);
	free(vpn);
	free(apro);
	free(db);
	free(aside);
	free(other);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, world_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_submit_seals_to_the_service_recipient),
		T(test_no_plaintext_on_disk),
		T(test_reference_hash_is_stored),
		T(test_reference_cost_can_change),
		T(test_invalid_request_stores_nothing),
		T(test_unknown_recipient_in_catalogue),
		T(test_open_errors_name_the_file),
		T(test_every_envelope_has_the_same_size),
		T(test_key_rotation_two_keys_of_one_provider),
		T(test_more_keys_than_slots_refused),
		T(test_reference_hash_is_slow_salted_and_recorded),
		T(test_lookup_code),
		T(test_lookup_rate_limited),
		T(test_check_names_what_broke),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
