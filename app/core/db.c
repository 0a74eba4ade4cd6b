#include "core/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char DB_PRAGMAS[] = "PRAGMA journal_mode=WAL;"
				 "PRAGMA synchronous=FULL;"
				 "PRAGMA secure_delete=ON;"
				 "PRAGMA temp_store=MEMORY;";

/*
 * The settings of DB_PRAGMAS. Two first opens at once (parallel imports into a
 * new office) can get SQLITE_BUSY without the busy handler while the WAL is set
 * up: retry a while. An SQLite result code; *ERRMSG on failure.
 */
static int db_pragmas(sqlite3 *db, char **errmsg)
{
	int rc = sqlite3_exec(db, DB_PRAGMAS, NULL, NULL, errmsg);

	for (int attempt = 0; rc == SQLITE_BUSY && attempt < 100; attempt++) {
		sqlite3_free(*errmsg);
		*errmsg = NULL;
		sqlite3_sleep(50);
		rc = sqlite3_exec(db, DB_PRAGMAS, NULL, NULL, errmsg);
	}
	return rc;
}

long db_schema_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long version = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return version;
}

/* Refuses a version newer than COUNT before anything is written. 0, or -1 with ERR. */
static int db_check_version(sqlite3 *db, const char *path, size_t count, const char *what,
			    struct error *err)
{
	long version = db_schema_version(db);

	if (version < 0) {
		error_set(err, "%s: cannot open %s: %s", path, what, sqlite3_errmsg(db));
		return -1;
	}
	if ((size_t)version > count) {
		error_set(err,
			  "%s: %s has schema version %ld, newer than the %zu this program knows; "
			  "not changed (use a newer program)",
			  path, what, version, count);
		return -1;
	}
	return 0;
}

/* Runs STEPS[FROM..COUNT). 0, or -1 with ERR ("cannot open WHAT: reason", without the path). */
static int db_apply_steps(sqlite3 *db, const struct db_migration *steps, size_t from, size_t count,
			  const char *what, struct error *err)
{
	for (size_t i = from; i < count; i++) {
		char *errmsg = NULL;
		if (steps[i].sql &&
		    sqlite3_exec(db, steps[i].sql, NULL, NULL, &errmsg) != SQLITE_OK) {
			error_set(err, "cannot open %s: %s", what,
				  errmsg ? errmsg : sqlite3_errmsg(db));
			sqlite3_free(errmsg);
			return -1;
		}
		if (steps[i].apply && steps[i].apply(db, err) < 0)
			return -1;
	}
	return 0;
}

/* Runs the steps DB lacks in one transaction with the version bump. 0, or -1 with ERR. */
static int db_migrate(sqlite3 *db, const char *path, const struct db_migration *steps, size_t count,
		      const char *what, struct error *err)
{
	char bump[64];
	long version;
	int rc = -1;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		error_set(err, "%s: cannot open %s: %s", path, what, sqlite3_errmsg(db));
		return -1;
	}
	/* Read again under the write lock: another process may have migrated meanwhile. */
	version = db_schema_version(db);
	snprintf(bump, sizeof(bump), "PRAGMA user_version=%zu", count);
	if (version < 0 || (size_t)version > count) {
		db_check_version(db, path, count, what, err);
	} else if (db_apply_steps(db, steps, (size_t)version, count, what, err) < 0) {
		error_prefix(err, path);
	} else if (sqlite3_exec(db, bump, NULL, NULL, NULL) != SQLITE_OK ||
		   sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		error_set(err, "%s: cannot open %s: %s", path, what, sqlite3_errmsg(db));
	} else {
		rc = 0;
	}
	if (rc < 0 && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Creates PATH empty with mode 0600 unless it exists: SQLite would create it
 * (and its WAL, which copies the file's mode) world-readable under the usual umask.
 */
static int db_create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		return close(fd);
	return errno == EEXIST ? 0 : -1;
}

sqlite3 *db_open_migrated(const char *path, const struct db_migration *steps, size_t count,
			  const char *what, struct error *err)
{
	sqlite3 *db = NULL;
	char *errmsg = NULL;
	int rc;

	/* "" would be a private temporary database: everything stored would vanish. */
	if (!*path) {
		error_set(err, "'': cannot open %s: empty path", what);
		return NULL;
	}
	/* So would ":memory:", and a "file:" URI (this SQLite reads them) can ask for one. */
	if (!strcmp(path, ":memory:") || !strncmp(path, "file:", 5)) {
		error_set(err,
			  "%s: cannot open %s: SQLite's name for a store in memory or a URI, "
			  "not a file (write ./%s for a file of that name)",
			  path, what, path);
		return NULL;
	}
	if (db_create_private(path) != 0) {
		error_set(err, "%s: cannot open %s: %s", path, what, strerror(errno));
		return NULL;
	}
	rc = sqlite3_open_v2(
		path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		error_set(err, "%s: cannot open %s: %s", path, what,
			  db ? sqlite3_errmsg(db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, DB_MAX_VALUE);
	/* Before the pragmas: switching to WAL would already change a newer file. */
	if (db_check_version(db, path, count, what, err) < 0)
		goto fail;
	if (db_pragmas(db, &errmsg) != SQLITE_OK) {
		error_set(err, "%s: cannot open %s: %s", path, what, errmsg);
		sqlite3_free(errmsg);
		goto fail;
	}
	if ((size_t)db_schema_version(db) != count &&
	    db_migrate(db, path, steps, count, what, err) < 0)
		goto fail;
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

sqlite3 *db_open(const char *path, const char *schema, const char *what, struct error *err)
{
	const struct db_migration step = { schema, NULL };

	return db_open_migrated(path, &step, 1, what, err);
}

int db_refuse_legacy(sqlite3 *db, const char *table, const char *column, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", -1,
			       &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		error_set(err, "cannot read the table layout: %s", sqlite3_errmsg(db));
	else if (sqlite3_column_int(st, 0) > 0)
		error_set(err,
			  "made before schema versions (table %s has %s, envelope format 1); move "
			  "it away and start anew",
			  table, column);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int db_fail(sqlite3 *db, const char *path, const char *what, struct error *err)
{
	error_set(err, "%s: %s: %s", path, what, sqlite3_errmsg(db));
	return -1;
}
