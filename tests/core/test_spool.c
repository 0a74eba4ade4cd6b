/* Proves app/core/spool.c: counters, transactions, iteration and the SQLite settings. */
#include "testutil.h"

#include "core/db.h"
#include "core/request.h"
#include "core/spool.h"

#include <sqlite3.h>

struct fixture {
	char *dir;
	struct spool *spool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct error err = { "" };

	f->dir = tu_mkdtemp();
	f->spool = spool_create(f->dir, &err);
	if (!f->spool) {
		fprintf(stderr, "spool_create: %s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	spool_close(f->spool);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* Adds the envelope "envelope-N" (N = its counter); returns the counter. */
static uint64_t add(struct spool *spool)
{
	unsigned char hash[32] = { 0 };
	char env[32];
	uint64_t counter = 0;
	struct error err = { "" };

	assert_int_equal(spool_begin_add(spool, &counter, &err), 0);
	snprintf(env, sizeof(env), "envelope-%llu", (unsigned long long)counter);
	hash[0] = (unsigned char)counter;
	assert_int_equal(spool_finish_add(spool, counter, (unsigned char *)env, strlen(env), hash,
					  sizeof(hash), &err),
			 0);
	return counter;
}

struct visit_log {
	uint64_t counters[8];
	char envelopes[8][32];
	size_t count;
	size_t stop_after; /* return -1 on this visit (1-based); 0 = never */
};

static int visit(void *ctx, uint64_t counter, const unsigned char *envelope, size_t len)
{
	struct visit_log *log = ctx;

	assert_true(log->count < 8 && len < 32);
	log->counters[log->count] = counter;
	memcpy(log->envelopes[log->count], envelope, len);
	log->envelopes[log->count][len] = '\0';
	log->count++;
	return log->count == log->stop_after ? -1 : 0;
}

static void test_counters_advance(void **state)
{
	struct fixture *f = *state;
	struct error err = { "" };

	assert_int_equal(spool_count_pending(f->spool, &err), 0);
	assert_int_equal(add(f->spool), 1);
	assert_int_equal(add(f->spool), 2);
	assert_int_equal(add(f->spool), 3);
	assert_int_equal(spool_count_pending(f->spool, &err), 3);
}

static void test_abort_stores_nothing(void **state)
{
	struct fixture *f = *state;
	struct error err = { "" };
	uint64_t counter = 0;

	assert_int_equal(add(f->spool), 1);
	assert_int_equal(spool_begin_add(f->spool, &counter, &err), 0);
	assert_int_equal(counter, 2);
	spool_abort_add(f->spool);
	spool_abort_add(f->spool); /* harmless without a transaction */
	assert_int_equal(spool_count_pending(f->spool, &err), 1);
	assert_int_equal(spool_begin_add(f->spool, &counter, &err), 0);
	assert_int_equal(counter, 2);
	spool_abort_add(f->spool);
	assert_int_equal(add(f->spool), 2);
}

static void test_duplicate_counter_fails_and_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct error err = { "" };
	uint64_t counter = 0;
	unsigned char hash[32] = { 0 };

	assert_int_equal(add(f->spool), 1);
	assert_int_equal(spool_begin_add(f->spool, &counter, &err), 0);
	assert_int_equal(spool_finish_add(f->spool, 1, (const unsigned char *)"x", 1, hash,
					  sizeof(hash), &err),
			 -1);
	tu_assert_contains(err.msg, "spool.db");
	tu_assert_contains(err.msg, "cannot store the request");
	assert_int_equal(spool_count_pending(f->spool, &err), 1);
	assert_int_equal(add(f->spool), 2);
}

static void test_foreach_pending_in_order(void **state)
{
	struct fixture *f = *state;
	struct visit_log log = { .count = 0 };
	struct error err = { "" };

	for (int i = 0; i < 4; i++)
		add(f->spool);
	assert_int_equal(spool_foreach_pending(f->spool, visit, &log, &err), 0);
	assert_int_equal(log.count, 4);
	for (size_t i = 0; i < 4; i++) {
		char expect[32];
		snprintf(expect, sizeof(expect), "envelope-%zu", i + 1);
		assert_int_equal(log.counters[i], i + 1);
		assert_string_equal(log.envelopes[i], expect);
	}
	memset(&log, 0, sizeof(log));
	log.stop_after = 2;
	assert_int_equal(spool_foreach_pending(f->spool, visit, &log, &err), -1);
	assert_int_equal(log.count, 2);
	tu_assert_contains(err.msg, "stopped while reading");
}

static void test_oversized_envelope_is_refused_by_its_bind(void **state)
{
	/* A bind that fails must stop the insert and say why, not store NULL or mislead. */
	struct fixture *f = *state;
	struct error err = { "" };
	unsigned char hash[32] = { 0 }, *big = calloc(1, DB_MAX_VALUE + 1);
	uint64_t counter;

	assert_non_null(big);
	assert_int_equal(spool_begin_add(f->spool, &counter, &err), 0);
	assert_int_equal(spool_finish_add(f->spool, counter, big, DB_MAX_VALUE + 1, hash,
					  sizeof(hash), &err),
			 -1);
	tu_assert_contains(err.msg, "spool.db");
	tu_assert_contains(err.msg, "too big");
	assert_int_equal(spool_count_pending(f->spool, &err), 0);
	assert_int_equal(add(f->spool), counter);
	free(big);
}

static void test_mark_exported_keeps_pending(void **state)
{
	struct fixture *f = *state;
	struct error err = { "" };

	add(f->spool);
	add(f->spool);
	assert_int_equal(spool_mark_exported(f->spool, 1, 2, 5000, &err), 0);
	/* Exported is not acknowledged: still pending until the office confirms. */
	assert_int_equal(spool_count_pending(f->spool, &err), 2);
}

/* Reads one integer from the spool file of F with SQL, which must give a row; NULL reads as -1. */
static long long spool_int(struct fixture *f, const char *sql)
{
	char *path = tu_path(f->dir, "spool.db");
	sqlite3_stmt *st;
	sqlite3 *db;
	long long v;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
	return v;
}

static void test_mark_exported_records_exactly_the_range(void **state)
{
	struct fixture *f = *state;
	struct error err = { "" };

	for (int i = 0; i < 4; i++)
		add(f->spool);
	assert_int_equal(spool_mark_exported(f->spool, 2, 3, 5000, &err), 0);
	assert_int_equal(spool_int(f, "SELECT exported_at FROM envelopes WHERE counter = 1"), -1);
	assert_int_equal(spool_int(f, "SELECT exported_at FROM envelopes WHERE counter = 2"), 5000);
	assert_int_equal(spool_int(f, "SELECT exported_at FROM envelopes WHERE counter = 3"), 5000);
	assert_int_equal(spool_int(f, "SELECT exported_at FROM envelopes WHERE counter = 4"), -1);
}

/* Runs SQL on DB returning one text column. The result is malloc'ed. */
static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *out;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void test_pragmas_on_disk_and_reopen(void **state)
{
	struct fixture *f = *state;
	char *path = tu_path(f->dir, "spool.db"), *mode;
	struct error err = { "" };
	sqlite3 *db;

	add(f->spool);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	mode = query_text(db, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	mode = query_text(db, "SELECT count(*) FROM envelopes");
	assert_string_equal(mode, "1");
	free(mode);
	sqlite3_close(db);
	/* synchronous and secure_delete are per connection: test_db.c checks db_open sets them. */
	spool_close(f->spool);
	f->spool = spool_open(f->dir, &err);
	assert_non_null(f->spool);
	assert_int_equal(spool_count_pending(f->spool, &err), 1);
	assert_int_equal(add(f->spool), 2);
	free(path);
}

static void test_open_missing_directory(void **state)
{
	struct fixture *f = *state;
	char *missing = tu_path(f->dir, "no/such/dir");
	struct error err = { "" };

	assert_null(spool_open(missing, &err));
	tu_assert_contains(err.msg, missing);
	tu_assert_contains(err.msg, "spool.db");
	free(missing);
}

/* A missing spool is never made anew (the counter would restart); an existing one never replaced.
 */
static void test_open_never_creates_create_never_replaces(void **state)
{
	struct fixture *f = *state;
	char *fresh = tu_path(f->dir, "fresh"), *db = tu_path(fresh, "spool.db");
	struct error err = { "" };
	struct stat st;

	assert_int_equal(mkdir(fresh, 0700), 0);
	assert_null(spool_open(fresh, &err));
	tu_assert_contains(err.msg, db);
	tu_assert_contains(err.msg, "no spool here");
	assert_int_not_equal(stat(db, &st), 0);
	assert_null(spool_create(f->dir, &err));
	tu_assert_contains(err.msg, "already exists");
	assert_int_equal(spool_count_pending(f->spool, &err), 0);
	free(fresh);
	free(db);
}

static void test_open_garbage_file(void **state)
{
	struct fixture *f = *state;
	char *sub = tu_path(f->dir, "garbage"), *db = tu_path(sub, "spool.db");
	char junk[4096];
	struct error err = { "" };

	memset(junk, 'G', sizeof(junk));
	assert_int_equal(mkdir(sub, 0700), 0);
	tu_write(db, junk, sizeof(junk));
	assert_null(spool_open(sub, &err));
	tu_assert_contains(err.msg, db);
	tu_assert_contains(err.msg, "cannot open spool");
	free(sub);
	free(db);
}

static void test_schema_version_recorded_and_newer_refused(void **state)
{
	struct fixture *f = *state;
	char *path = tu_path(f->dir, "spool.db"), *version;
	unsigned char *before, *after;
	size_t before_len, after_len;
	struct error err = { "" };
	sqlite3 *db;

	add(f->spool);
	spool_close(f->spool);
	f->spool = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	version = query_text(db, "PRAGMA user_version");
	assert_string_equal(version, "2");
	free(version);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 3", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = tu_read(path, &before_len);
	assert_null(spool_open(f->dir, &err));
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "spool has schema version 3, newer than the 2");
	after = tu_read(path, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	free(before);
	free(after);
	free(path);
}

static void test_spool_from_before_versions_refused(void **state)
{
	/* A format 1 spool (a created column, user_version 0) cannot take format 2: say so. */
	struct fixture *f = *state;
	char *path = tu_path(f->dir, "spool.db");
	struct error err = { "" };
	sqlite3 *db;

	spool_close(f->spool);
	f->spool = NULL;
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(db,
			     "CREATE TABLE envelopes(counter INTEGER PRIMARY KEY, created "
			     "INTEGER NOT NULL, envelope BLOB NOT NULL, reference_hash BLOB "
			     "NOT NULL, exported_at INTEGER, acknowledged_at INTEGER)",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	assert_null(spool_open(f->dir, &err));
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "made before schema versions");
	free(path);
}

/*
 * A version 1 spool (one reference hash cost: 64 MiB, 3 passes) migrates to
 * version 2: its cost and salt become cost 1, its rows say so, and new rows
 * get the new cost (8 MiB, 40 passes) with a salt of its own.
 */
static void test_migrates_version_1_reference_cost(void **state)
{
	struct fixture *f = *state;
	char *path = tu_path(f->dir, "spool.db");
	struct spool_reference_params now;
	struct error err = { "" };
	sqlite3 *db;

	spool_close(f->spool);
	f->spool = NULL;
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(
			db,
			"CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
			"INSERT INTO meta VALUES('next_counter', 2);"
			"CREATE TABLE envelopes(counter INTEGER PRIMARY KEY, envelope BLOB NOT "
			"NULL, reference_hash BLOB NOT NULL, exported_at INTEGER, "
			"acknowledged_at INTEGER);"
			"CREATE INDEX envelopes_reference ON envelopes(reference_hash);"
			"CREATE TABLE reference_hash_params(id INTEGER PRIMARY KEY CHECK (id = "
			"1), algorithm TEXT NOT NULL, salt BLOB NOT NULL, opslimit INTEGER NOT "
			"NULL, memlimit INTEGER NOT NULL);"
			"INSERT INTO reference_hash_params VALUES(1, 'argon2id13', "
			"x'00112233445566778899aabbccddeeff', 3, 67108864);"
			"INSERT INTO envelopes(counter, envelope, reference_hash) VALUES(1, "
			"x'01', x'02');"
			"PRAGMA user_version = 1;",
			NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	assert_non_null(f->spool = spool_open(f->dir, &err));
	assert_int_equal(spool_int(f, "PRAGMA user_version"), 2);
	assert_int_equal(spool_int(f, "SELECT reference_cost FROM envelopes WHERE counter = 1"), 1);
	assert_int_equal(spool_int(f, "SELECT count(*) FROM reference_hash_costs WHERE id = 1 AND "
				      "opslimit = 3 AND memlimit = 67108864 AND "
				      "salt = x'00112233445566778899aabbccddeeff'"),
			 1);
	assert_int_equal(spool_reference_params(f->spool, &now, &err), 0);
	assert_int_equal(now.id, 2);
	assert_int_equal(now.opslimit, 40);
	assert_int_equal(now.memlimit, 8 * 1024 * 1024);
	assert_int_equal(add(f->spool), 2);
	assert_int_equal(spool_int(f, "SELECT reference_cost FROM envelopes WHERE counter = 2"), 2);
	free(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_counters_advance),
		T(test_migrates_version_1_reference_cost),
		T(test_abort_stores_nothing),
		T(test_duplicate_counter_fails_and_rolls_back),
		T(test_foreach_pending_in_order),
		T(test_mark_exported_keeps_pending),
		T(test_oversized_envelope_is_refused_by_its_bind),
		T(test_mark_exported_records_exactly_the_range),
		T(test_pragmas_on_disk_and_reopen),
		T(test_open_missing_directory),
		T(test_open_never_creates_create_never_replaces),
		T(test_open_garbage_file),
		T(test_schema_version_recorded_and_newer_refused),
		T(test_spool_from_before_versions_refused),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
