#ifndef PRISMA_DB_H
#define PRISMA_DB_H

#include "core/error.h"

#include <sqlite3.h>

/*
 * SQLite as both the terminal's spool and the office store use it: WAL,
 * synchronous=FULL (a commit that returned survives a power cut),
 * secure_delete=ON (deleted rows are overwritten), temp_store=MEMORY (no
 * temporary files), and a 5 s busy timeout.
 */

/*
 * The largest string or blob a database takes (SQLITE_LIMIT_LENGTH): far
 * above any envelope, far below what a bad length could make SQLite allocate.
 * A bind of more fails (SQLITE_TOOBIG), and every bind is checked.
 */
#define DB_MAX_VALUE (16 * 1024 * 1024)

/*
 * Opens or creates the database at PATH with those settings and runs SCHEMA.
 * Returns the handle, or NULL with ERR ("PATH: cannot open WHAT: reason").
 */
sqlite3 *db_open(const char *path, const char *schema, const char *what, struct error *err);

/* Sets ERR to "PATH: WHAT: <SQLite's message>" and returns -1. */
int db_fail(sqlite3 *db, const char *path, const char *what, struct error *err);

#endif
