/*
 * The office store: its schema, opening it, the keys it trusts, and what it
 * holds (envelopes, counters and gaps, terminals, the quarantine). Importing
 * bundles into it is office_import.c.
 */
#include "core/office.h"
#include "core/db.h"
#include "core/office_store.h"
#include "core/receipt.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * The office store's schema, one step per version (core/db.h). Append a step
 * for every change from now on; never edit one that a released program has run.
 */
static const char OFFICE_V1[] =
	/* Every key a terminal is trusted with: enrolled by hand or certified (re-keying adds one).
	 */
	"CREATE TABLE IF NOT EXISTS terminals("
	"  id TEXT NOT NULL, public_key BLOB NOT NULL, enrolled_at INTEGER NOT NULL,"
	"  how TEXT NOT NULL, issued INTEGER, PRIMARY KEY(id, public_key));"
	/* Bundles from keys nobody vouched for: kept apart, never listed. */
	"CREATE TABLE IF NOT EXISTS quarantine("
	"  hash BLOB PRIMARY KEY, terminal_id TEXT NOT NULL, public_key BLOB NOT NULL,"
	"  received_at INTEGER NOT NULL, bundle BLOB NOT NULL);"
	"CREATE TABLE IF NOT EXISTS envelopes("
	"  hash BLOB PRIMARY KEY, terminal_id TEXT NOT NULL, counter INTEGER NOT NULL,"
	"  envelope BLOB NOT NULL, imported_at INTEGER NOT NULL,"
	"  UNIQUE(terminal_id, counter));"
	"CREATE TABLE IF NOT EXISTS counters("
	"  terminal_id TEXT PRIMARY KEY, next_counter INTEGER NOT NULL);";

/* Version 1, continued: a store from before schema versions holds format 1 envelopes. */
static int office_v1_refuse_legacy(sqlite3 *db, struct error *err)
{
	return db_refuse_legacy(db, "envelopes", "created", err);
}

static const struct db_migration OFFICE_MIGRATIONS[] = {
	{ OFFICE_V1, office_v1_refuse_legacy },
};

int office_fail(struct office *office, struct error *err, const char *what)
{
	return db_fail(office->db, office->path, what, err);
}

struct office *office_open(const char *path, int create, struct error *err)
{
	struct office *office;

	if (!create && access(path, F_OK) != 0) {
		error_set(err,
			  "%s: no office database here (import a stick first, or check the path)",
			  path);
		return NULL;
	}
	office = calloc(1, sizeof(*office));

	if (!office || !(office->path = strdup(path))) {
		free(office);
		error_set(err, "%s: out of memory", path);
		return NULL;
	}
	office->db = db_open_migrated(path, OFFICE_MIGRATIONS,
				      sizeof(OFFICE_MIGRATIONS) / sizeof(OFFICE_MIGRATIONS[0]),
				      "office database", err);
	if (!office->db) {
		office_close(office);
		return NULL;
	}
	return office;
}

void office_close(struct office *office)
{
	if (!office)
		return;
	sqlite3_close(office->db);
	free(office->path);
	free(office);
}

void office_set_collection_key(struct office *office, const struct key_public *collection)
{
	office->collection = *collection;
	office->has_collection = 1;
}

int office_trust(struct office *office, const struct key_public *pub, const char *how,
		 uint64_t issued, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(office->db,
			       "INSERT OR IGNORE INTO terminals(id, public_key, enrolled_at, how, "
			       "issued) VALUES(?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot enroll");
	if (sqlite3_bind_text(st, 1, pub->name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 2, pub->public_key, 32, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL)) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, how, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (issued ? sqlite3_bind_int64(st, 5, (sqlite3_int64)issued)
		    : sqlite3_bind_null(st, 5)) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		office_fail(office, err, "cannot enroll");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_enroll(struct office *office, const struct key_public *pub, struct error *err)
{
	return office_trust(office, pub, "enrolled", 0, err);
}

int office_trusts(struct office *office, const char *terminal_id, const unsigned char *pk,
		  struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(office->db,
			       "SELECT 1 FROM terminals WHERE id = ? AND public_key = ?", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, terminal_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 2, pk, 32, SQLITE_STATIC) != SQLITE_OK) {
		office_fail(office, err, "cannot read terminals");
		goto end;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW || step == SQLITE_DONE)
		rc = step == SQLITE_ROW;
	else
		office_fail(office, err, "cannot read terminals");
end:
	sqlite3_finalize(st);
	return rc;
}

int office_foreach(struct office *office, office_visit_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(office->db,
			       "SELECT terminal_id, counter, envelope, hash FROM envelopes "
			       "ORDER BY terminal_id, counter",
			       -1, &st, NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot read envelopes");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *env = sqlite3_column_blob(st, 2);
		size_t len = (size_t)sqlite3_column_bytes(st, 2);
		unsigned char actual[RECEIPT_HASH_BYTES];

		receipt_envelope_hash(env, len, actual);
		if (sqlite3_column_bytes(st, 3) != RECEIPT_HASH_BYTES ||
		    memcmp(actual, sqlite3_column_blob(st, 3), RECEIPT_HASH_BYTES))
			env = NULL, len = 0; /* damaged storage: the caller reports it */
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
		       (uint64_t)sqlite3_column_int64(st, 1), env, len) < 0)
			goto end;
	}
	if (step != SQLITE_DONE) {
		office_fail(office, err, "cannot read envelopes");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_has_envelope(struct office *office, const unsigned char *hash, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(office->db, "SELECT 1 FROM envelopes WHERE hash = ?", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC) != SQLITE_OK) {
		office_fail(office, err, "cannot look up an envelope");
		goto end;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW || step == SQLITE_DONE)
		rc = step == SQLITE_ROW;
	else
		office_fail(office, err, "cannot look up an envelope");
end:
	sqlite3_finalize(st);
	return rc;
}

int office_note_next_counter(struct office *office, const char *terminal_id, uint64_t next,
			     uint64_t *before, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	*before = 0;
	if (office_next_counter(office, terminal_id, before, err) < 0)
		return -1;
	if (next <= *before)
		return 0;
	if (sqlite3_prepare_v2(office->db,
			       "INSERT INTO counters(terminal_id, next_counter) VALUES(?, ?) "
			       "ON CONFLICT(terminal_id) DO UPDATE SET next_counter = "
			       "max(next_counter, excluded.next_counter)",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, terminal_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)next) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		office_fail(office, err, "cannot note the terminal's counter");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_next_counter(struct office *office, const char *terminal_id, uint64_t *next,
			struct error *err)
{
	sqlite3_stmt *st = NULL;
	int step;

	*next = 0;
	if (sqlite3_prepare_v2(office->db,
			       "SELECT next_counter FROM counters WHERE terminal_id = ?", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, terminal_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(st);
		return office_fail(office, err, "cannot read the terminal's counter");
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*next = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return office_fail(office, err, "cannot read the terminal's counter");
	return 0;
}

/* Calls FN for the run FIRST..LAST if it is not empty; adds its size to *MISSING. */
static int office_gap(office_gap_fn fn, void *ctx, uint64_t first, uint64_t last, int tail,
		      uint64_t *missing)
{
	if (first > last)
		return 0;
	*missing += last - first + 1;
	return fn ? fn(ctx, first, last, tail) : 0;
}

int office_foreach_missing(struct office *office, const char *terminal_id, office_gap_fn fn,
			   void *ctx, uint64_t *missing, struct error *err)
{
	sqlite3_stmt *st = NULL;
	uint64_t next, expected = 1;
	int rc = -1, step;

	*missing = 0;
	if (office_next_counter(office, terminal_id, &next, err) < 0)
		return -1;
	if (sqlite3_prepare_v2(
		    office->db,
		    "SELECT counter FROM envelopes WHERE terminal_id = ? AND counter < ? "
		    "ORDER BY counter",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, terminal_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)next) != SQLITE_OK)
		return office_fail(office, err, "cannot read counters");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t counter = (uint64_t)sqlite3_column_int64(st, 0);
		if (counter > expected &&
		    office_gap(fn, ctx, expected, counter - 1, 0, missing) < 0)
			goto end;
		expected = counter + 1;
	}
	if (step != SQLITE_DONE) {
		office_fail(office, err, "cannot read counters");
		goto end;
	}
	if (next > 0 && office_gap(fn, ctx, expected, next - 1, 1, missing) < 0)
		goto end;
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_foreach_terminal(struct office *office, office_terminal_fn fn, void *ctx,
			    struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(office->db,
			       "SELECT t.id, (SELECT count(*) FROM envelopes e WHERE e.terminal_id "
			       "= t.id) FROM (SELECT DISTINCT id FROM terminals) t ORDER BY t.id",
			       -1, &st, NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot read terminals");
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
		       (long)sqlite3_column_int64(st, 1)) < 0)
			goto end;
	if (step != SQLITE_DONE) {
		office_fail(office, err, "cannot read terminals");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_foreach_quarantined(struct office *office, office_quarantine_fn fn, void *ctx,
			       struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(office->db,
			       "SELECT terminal_id, public_key, received_at, length(bundle) "
			       "FROM quarantine ORDER BY received_at, terminal_id",
			       -1, &st, NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot read the quarantine");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 1) != 32)
			continue;
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_blob(st, 1),
		       (long long)sqlite3_column_int64(st, 2),
		       (size_t)sqlite3_column_int64(st, 3)) < 0)
			goto end;
	}
	if (step != SQLITE_DONE) {
		office_fail(office, err, "cannot read the quarantine");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}
