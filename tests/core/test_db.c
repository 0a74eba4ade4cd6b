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

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pragmas_are_set),    T(test_errors_name_path_and_what),
		T(test_bad_schema_fails),   T(test_created_private),
		T(test_empty_path_refused),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
