#include "core/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

static const char DB_PRAGMAS[] = "PRAGMA journal_mode=WAL;"
				 "PRAGMA synchronous=FULL;"
				 "PRAGMA secure_delete=ON;"
				 "PRAGMA temp_store=MEMORY;";

/* Settings and schema in one write transaction. An SQLite result code; *ERRMSG on failure. */
static int db_setup(sqlite3 *db, const char *schema, char **errmsg)
{
	int rc = sqlite3_exec(db, DB_PRAGMAS, NULL, NULL, errmsg);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, errmsg);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_exec(db, schema, NULL, NULL, errmsg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, errmsg);
	if (rc != SQLITE_OK)
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

sqlite3 *db_open(const char *path, const char *schema, const char *what, struct error *err)
{
	sqlite3 *db = NULL;
	char *errmsg = NULL;
	int rc;

	/* "" would be a private temporary database: everything stored would vanish. */
	if (!*path) {
		error_set(err, "'': cannot open %s: empty path", what);
		return NULL;
	}
	if (db_create_private(path) != 0) {
		error_set(err, "%s: cannot open %s: %s", path, what, strerror(errno));
		return NULL;
	}
	rc = sqlite3_open_v2(
		path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, 5000);
	/*
	 * Two first opens at once (parallel imports into a new office) can get
	 * SQLITE_BUSY without the busy handler while the WAL is set up: retry a while.
	 */
	for (int attempt = 0; rc == SQLITE_OK || (rc == SQLITE_BUSY && attempt < 100); attempt++) {
		sqlite3_free(errmsg);
		errmsg = NULL;
		if (rc == SQLITE_BUSY)
			sqlite3_sleep(50);
		if ((rc = db_setup(db, schema, &errmsg)) != SQLITE_BUSY)
			break;
	}
	if (rc != SQLITE_OK) {
		error_set(err, "%s: cannot open %s: %s", path, what,
			  errmsg ? errmsg
			  : db	 ? sqlite3_errmsg(db)
				 : "out of memory");
		sqlite3_free(errmsg);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

int db_fail(sqlite3 *db, const char *path, const char *what, struct error *err)
{
	error_set(err, "%s: %s: %s", path, what, sqlite3_errmsg(db));
	return -1;
}
