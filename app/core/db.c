#include "core/db.h"

#include <stddef.h>

static const char DB_PRAGMAS[] = "PRAGMA journal_mode=WAL;"
				 "PRAGMA synchronous=FULL;"
				 "PRAGMA secure_delete=ON;"
				 "PRAGMA temp_store=MEMORY;";

sqlite3 *db_open(const char *path, const char *schema, const char *what, struct error *err)
{
	sqlite3 *db = NULL;
	char *errmsg = NULL;
	int rc;

	rc = sqlite3_open_v2(
		path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		sqlite3_limit(db, SQLITE_LIMIT_LENGTH, DB_MAX_VALUE);
		rc = sqlite3_exec(db, DB_PRAGMAS, NULL, NULL, &errmsg);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, schema, NULL, NULL, &errmsg);
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
