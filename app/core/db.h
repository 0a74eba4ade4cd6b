#ifndef PRISMA_DB_H
#define PRISMA_DB_H

#include "core/error.h"

#include <sqlite3.h>
#include <stddef.h>

/*
 * SQLite as both the terminal's spool and the office store use it: WAL,
 * synchronous=FULL (a commit that returned survives a power cut),
 * secure_delete=ON (deleted rows are overwritten), temp_store=MEMORY (no
 * temporary files), and a 5 s busy timeout.
 *
 * Every database carries its schema version in PRAGMA user_version. A
 * program knows a table of migrations: step I (0-based) brings a database
 * from version I to version I + 1, so a new file runs them all and an older
 * one runs what it lacks, each in one transaction with the version bump. A
 * file of a version newer than the table is refused and left untouched.
 */

/*
 * The largest string or blob a database takes (SQLITE_LIMIT_LENGTH): far
 * above any envelope, far below what a bad length could make SQLite allocate.
 * A bind of more fails (SQLITE_TOOBIG), and every bind is checked.
 */
#define DB_MAX_VALUE (16 * 1024 * 1024)

/* One schema step: SQL to run (or NULL), then APPLY (or NULL) for what SQL alone cannot do. */
struct db_migration {
	const char *sql;
	int (*apply)(sqlite3 *db, struct error *err); /* 0, or -1 with ERR */
};

/*
 * Opens or creates the database at PATH with those settings and brings it to
 * version COUNT with STEPS. Returns the handle, or NULL with ERR, one line
 * naming PATH and WHAT ("PATH: cannot open WHAT: reason"; "PATH: WHAT has
 * schema version 7, newer than the 2 this program knows; not changed").
 */
sqlite3 *db_open_migrated(const char *path, const struct db_migration *steps, size_t count,
			  const char *what, struct error *err);

/* db_open_migrated() with SCHEMA as the one and only step (version 1). */
sqlite3 *db_open(const char *path, const char *schema, const char *what, struct error *err);

/*
 * For a first migration step: fails (-1 with ERR) when TABLE already exists
 * with COLUMN, i.e. the file was made before schema versions by a program
 * whose layout this one cannot use. 0 otherwise.
 */
int db_refuse_legacy(sqlite3 *db, const char *table, const char *column, struct error *err);

/* The user_version of DB, or -1 if it cannot be read. */
long db_schema_version(sqlite3 *db);

/* Sets ERR to "PATH: WHAT: <SQLite's message>" and returns -1. */
int db_fail(sqlite3 *db, const char *path, const char *what, struct error *err);

#endif
