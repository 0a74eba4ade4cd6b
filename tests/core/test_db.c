/* Proves app/core/db.c: every connection gets the durability and privacy settings. */
#include "testutil.h"

#include "core/db.h"
#include "core/request.h"

#include <sys/stat.h>

static const char SCHEMA[] = "CREATE TABLE IF NOT EXISTS t(x INTEGER);";

static int setup(void **state)
{
	*state = tu_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	tu_rmtree(*state);
	return 0;
}

/* Runs the one-row, one-column query SQL on DB and returns the value as text (malloc). */
static char *query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *out;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void expect_setting(sqlite3 *db, const char *sql, const char *value)
{
	char *got = query(db, sql);

	if (strcmp(got, value))
		fail_msg("%s: got '%s', expected '%s'", sql, got, value);
	free(got);
}

static void test_pragmas_are_set(void **state)
{
	char *path = tu_path(*state, "x.db");
	struct error err = { "" };
	sqlite3 *db = db_open(path, SCHEMA, "test store", &err);

	assert_non_null(db);
	expect_setting(db, "PRAGMA journal_mode", "wal");
	expect_setting(db, "PRAGMA synchronous", "2");	   /* FULL */
	expect_setting(db, "PRAGMA secure_delete", "1");   /* ON */
	expect_setting(db, "PRAGMA temp_store", "2");	   /* MEMORY */
	expect_setting(db, "SELECT count(*) FROM t", "0"); /* the schema ran */
	sqlite3_close(db);
	/* Re-opening an existing file runs the schema again harmlessly. */
	db = db_open(path, SCHEMA, "test store", &err);
	assert_non_null(db);
	expect_setting(db, "PRAGMA synchronous", "2");
	sqlite3_close(db);
	free(path);
}

static void test_errors_name_path_and_what(void **state)
{
	char *missing = tu_path(*state, "no/such/x.db"), *garbage = tu_path(*state, "g.db");
	struct error err = { "" };

	assert_null(db_open(missing, SCHEMA, "test store", &err));
	tu_assert_contains(err.msg, missing);
	tu_assert_contains(err.msg, "cannot open test store");
	tu_write_text(garbage,
		      "this is not an SQLite database, not even close, but long enough.....");
	assert_null(db_open(garbage, SCHEMA, "test store", &err));
	tu_assert_contains(err.msg, garbage);
	free(missing);
	free(garbage);
}

static void test_bad_schema_fails(void **state)
{
	char *path = tu_path(*state, "x.db");
	struct error err = { "" };

	assert_null(db_open(path, "CREATE TABLE (", "test store", &err));
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "syntax error");
	free(path);
}

/* A new database and its WAL are readable by their owner only, whatever the umask. */
static void test_created_private(void **state)
{
	struct error err = { "" };
	char path[4096], wal[4200];
	struct stat st;
	sqlite3 *db;
	mode_t old = umask(022);

	snprintf(path, sizeof(path), "%s/new.db", (char *)*state);
	db = db_open(path, SCHEMA, "test store", &err);
	umask(old);
	assert_non_null(db);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO t VALUES(1)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	sqlite3_close(db);
}

/* "" would be SQLite's private temporary database: whatever is stored would vanish. */
static void test_empty_path_refused(void **state)
{
	struct error err = { "" };

	assert_null(db_open("", SCHEMA, "test store", &err));
	tu_assert_contains(err.msg, "empty path");
}

/* Nor may any name SQLite takes for a store in memory or a URI (which can ask for one). */
static void test_memory_names_refused(void **state)
{
	static const char *names[] = { ":memory:", "file::memory:", "file:x.db?mode=memory",
				       "file:x.db" };
	struct error err = { "" };
	char *dir = tu_mkdtemp(), cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_null(db_open(names[i], SCHEMA, "test store", &err));
		tu_assert_contains(err.msg, "not a file (write ./");
		assert_int_equal(access(names[i], F_OK), -1); /* and nothing made */
	}
	assert_int_equal(chdir(cwd), 0);
	tu_rmtree(dir);
}

/* Version 3 of a test store: a table, then a column, then data only a function can make. */
static int step3_apply(sqlite3 *db, struct error *err)
{
	if (sqlite3_exec(db, "UPDATE t SET y = x * 10", NULL, NULL, NULL) != SQLITE_OK) {
		error_set(err, "step 3: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int failing_apply(sqlite3 *db, struct error *err)
{
	error_set(err, "step 4: refused on purpose");
	return -1;
}

static const struct db_migration STEPS[] = {
	{ "CREATE TABLE t(x INTEGER); INSERT INTO t(x) VALUES(1);", NULL },
	{ "ALTER TABLE t ADD COLUMN y INTEGER;", NULL },
	{ NULL, step3_apply },
	{ "INSERT INTO t(x) VALUES(2);", failing_apply },
};

static void test_new_file_gets_every_step_and_the_version(void **state)
{
	char *path = tu_path(*state, "m.db");
	struct error err = { "" };
	sqlite3 *db = db_open_migrated(path, STEPS, 3, "test store", &err);

	assert_non_null(db);
	assert_int_equal(db_schema_version(db), 3);
	expect_setting(db, "SELECT y FROM t", "10");
	expect_setting(db, "PRAGMA journal_mode", "wal");
	sqlite3_close(db);
	/* Opening at the same version runs nothing again. */
	db = db_open_migrated(path, STEPS, 3, "test store", &err);
	assert_non_null(db);
	expect_setting(db, "SELECT count(*) FROM t", "1");
	sqlite3_close(db);
	free(path);
}

static void test_older_file_migrates_keeping_its_data(void **state)
{
	char *path = tu_path(*state, "m.db");
	struct error err = { "" };
	sqlite3 *db = db_open_migrated(path, STEPS, 1, "test store", &err);

	assert_non_null(db);
	assert_int_equal(db_schema_version(db), 1);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO t(x) VALUES(7)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	db = db_open_migrated(path, STEPS, 3, "test store", &err);
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), 3);
	expect_setting(db, "SELECT group_concat(y) FROM (SELECT y FROM t ORDER BY x)", "10,70");
	sqlite3_close(db);
	free(path);
}

static void test_failed_step_changes_nothing(void **state)
{
	char *path = tu_path(*state, "m.db");
	struct error err = { "" };
	sqlite3 *db = db_open_migrated(path, STEPS, 3, "test store", &err);

	assert_non_null(db);
	sqlite3_close(db);
	assert_null(db_open_migrated(path, STEPS, 4, "test store", &err));
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "refused on purpose");
	db = db_open_migrated(path, STEPS, 3, "test store", &err);
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), 3);
	expect_setting(db, "SELECT count(*) FROM t", "1"); /* step 4's insert rolled back */
	sqlite3_close(db);
	free(path);
}

static void test_newer_version_refused_untouched(void **state)
{
	/* A file from a newer program: one line naming it, and not a byte changed (not even WAL).
	 */
	char *path = tu_path(*state, "new.db"), *wal = tu_path(*state, "new.db-wal");
	unsigned char *before, *after;
	size_t before_len, after_len;
	struct error err = { "" };
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE future(z); PRAGMA user_version = 9;", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	before = tu_read(path, &before_len);
	assert_null(db_open_migrated(path, STEPS, 3, "test store", &err));
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "schema version 9, newer than the 3 this program knows");
	assert_null(strchr(err.msg, '\n'));
	after = tu_read(path, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	assert_int_not_equal(access(wal, F_OK), 0);
	free(path);
	free(wal);
	free(before);
	free(after);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pragmas_are_set),
		T(test_errors_name_path_and_what),
		T(test_bad_schema_fails),
		T(test_created_private),
		T(test_empty_path_refused),
		T(test_memory_names_refused),
		T(test_new_file_gets_every_step_and_the_version),
		T(test_older_file_migrates_keeping_its_data),
		T(test_failed_step_changes_nothing),
		T(test_newer_version_refused_untouched),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
