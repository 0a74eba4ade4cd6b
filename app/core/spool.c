#include "core/spool.h"
#include "core/db.h"
#include "core/receipt.h"

#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct spool {
	sqlite3 *db;
	char *path;
	long cost; /* the reference hash cost new rows are made with: newest at open */
};

/*
 * The spool's schema, one step per version (db.h). Append a step for every
 * change from now on; never edit one that a released program has run.
 */
static const char SPOOL_V1[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO meta(key, value) VALUES('next_counter', 1);"
	"CREATE TABLE IF NOT EXISTS envelopes("
	"  counter INTEGER PRIMARY KEY,"
	"  envelope BLOB NOT NULL,"
	"  reference_hash BLOB NOT NULL,"
	"  exported_at INTEGER,"
	"  acknowledged_at INTEGER);"
	"CREATE INDEX IF NOT EXISTS envelopes_reference ON envelopes(reference_hash);"
	"CREATE TABLE IF NOT EXISTS reference_hash_params("
	"  id INTEGER PRIMARY KEY CHECK (id = 1), algorithm TEXT NOT NULL,"
	"  salt BLOB NOT NULL, opslimit INTEGER NOT NULL, memlimit INTEGER NOT NULL);";

/*
 * Version 1, continued: this spool's own salt and cost for reference-code
 * hashes. A spool from before schema versions (format 1 envelopes) is refused.
 */
static int spool_v1_reference_params(sqlite3 *db, struct error *err)
{
	unsigned char salt[SPOOL_REFERENCE_SALT_BYTES];
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (db_refuse_legacy(db, "envelopes", "created", err) < 0)
		return -1;
	randombytes_buf(salt, sizeof(salt));
	if (sqlite3_prepare_v2(
		    db,
		    "INSERT OR IGNORE INTO reference_hash_params"
		    "(id, algorithm, salt, opslimit, memlimit) VALUES(1, 'argon2id13', ?, ?, ?)",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 1, salt, sizeof(salt), SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, 3) != SQLITE_OK ||		/* version 1's cost */
	    sqlite3_bind_int64(st, 3, 64 * 1024 * 1024) != SQLITE_OK || /* (docs/security.md) */
	    sqlite3_step(st) != SQLITE_DONE)
		error_set(err, "cannot store the reference hash parameters: %s",
			  sqlite3_errmsg(db));
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/*
 * Version 2: the cost of reference hashes can change while a spool is in
 * use. Every cost a spool has used is a row of reference_hash_costs (own
 * salt); each envelope row names the cost its reference hash was made with;
 * new hashes use the newest row. Version 1's single row becomes cost 1.
 */
static const char SPOOL_V2[] =
	"CREATE TABLE reference_hash_costs("
	"  id INTEGER PRIMARY KEY, algorithm TEXT NOT NULL, salt BLOB NOT NULL,"
	"  opslimit INTEGER NOT NULL, memlimit INTEGER NOT NULL);"
	"INSERT INTO reference_hash_costs(id, algorithm, salt, opslimit, memlimit)"
	"  SELECT 1, algorithm, salt, opslimit, memlimit FROM reference_hash_params;"
	"DROP TABLE reference_hash_params;"
	"ALTER TABLE envelopes ADD COLUMN reference_cost INTEGER NOT NULL DEFAULT 1;";

/* Adds a reference hash cost with a fresh salt; the newest row is used from now on. 0 or -1. */
static int spool_add_reference_cost(sqlite3 *db, unsigned long long opslimit, size_t memlimit,
				    struct error *err)
{
	unsigned char salt[SPOOL_REFERENCE_SALT_BYTES];
	sqlite3_stmt *st = NULL;
	int rc = -1;

	randombytes_buf(salt, sizeof(salt));
	if (sqlite3_prepare_v2(
		    db,
		    "INSERT INTO reference_hash_costs(algorithm, salt, opslimit, memlimit) "
		    "VALUES('argon2id13', ?, ?, ?)",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 1, salt, sizeof(salt), SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)opslimit) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)memlimit) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		error_set(err, "cannot store a reference hash cost: %s", sqlite3_errmsg(db));
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/* Version 2, continued: 8 MiB and 40 passes, about the time of version 1's 64 MiB and 3. */
static int spool_v2_reference_cost(sqlite3 *db, struct error *err)
{
	return spool_add_reference_cost(db, 40, 8u * 1024 * 1024, err);
}

static const struct db_migration SPOOL_MIGRATIONS[] = {
	{ SPOOL_V1, spool_v1_reference_params },
	{ SPOOL_V2, spool_v2_reference_cost },
};

static int spool_read_newest_cost(struct spool *spool, struct error *err);

static int spool_fail(struct spool *spool, struct error *err, const char *what)
{
	return db_fail(spool->db, spool->path, what, err);
}

/* CREATE: 1 the file must not exist yet, 0 it must exist. */
static struct spool *spool_start(const char *dir, int create, struct error *err)
{
	struct spool *spool = calloc(1, sizeof(*spool));

	if (!spool || asprintf(&spool->path, "%s/spool.db", dir) < 0) {
		free(spool);
		error_set(err, "%s: out of memory", dir);
		return NULL;
	}
	if ((access(spool->path, F_OK) == 0) == create) {
		error_set(err,
			  create ? "%s: a spool already exists; not replaced"
				 : "%s: no spool here (is data_dir right? a new terminal is "
				   "provisioned with prisma-admin)",
			  spool->path);
		spool_close(spool);
		return NULL;
	}
	spool->db = db_open_migrated(spool->path, SPOOL_MIGRATIONS,
				     sizeof(SPOOL_MIGRATIONS) / sizeof(SPOOL_MIGRATIONS[0]),
				     "spool", err);
	if (!spool->db || spool_read_newest_cost(spool, err) < 0) {
		spool_close(spool);
		return NULL;
	}
	return spool;
}

struct spool *spool_open(const char *dir, struct error *err)
{
	return spool_start(dir, 0, err);
}

struct spool *spool_create(const char *dir, struct error *err)
{
	return spool_start(dir, 1, err);
}

void spool_close(struct spool *spool)
{
	if (!spool)
		return;
	sqlite3_close(spool->db);
	free(spool->path);
	free(spool);
}

int spool_begin_add(struct spool *spool, uint64_t *counter, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_exec(spool->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return spool_fail(spool, err, "cannot start a transaction");
	if (sqlite3_prepare_v2(spool->db, "SELECT value FROM meta WHERE key='next_counter'", -1,
			       &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		spool_fail(spool, err, "cannot read the counter");
		goto end;
	}
	*counter = (uint64_t)sqlite3_column_int64(st, 0);
	rc = 0;
end:
	sqlite3_finalize(st);
	if (rc < 0)
		sqlite3_exec(spool->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int spool_finish_add(struct spool *spool, uint64_t counter, const unsigned char *envelope,
		     size_t len, const unsigned char *reference_hash, size_t hash_len,
		     struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(spool->db,
			       "INSERT INTO envelopes(counter, envelope, reference_hash, "
			       "reference_cost) VALUES(?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		spool_fail(spool, err, "cannot store the request");
		goto end;
	}
	if (len > INT_MAX || hash_len > INT_MAX ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)counter) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 2, envelope, (int)len, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 3, reference_hash, (int)hash_len, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, spool->cost) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		spool_fail(spool, err, "cannot store the request");
		goto end;
	}
	if (sqlite3_exec(spool->db, "UPDATE meta SET value = value + 1 WHERE key='next_counter'",
			 NULL, NULL, NULL) != SQLITE_OK) {
		spool_fail(spool, err, "cannot advance the counter");
		goto end;
	}
	if (sqlite3_exec(spool->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		spool_fail(spool, err, "cannot commit the request");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	if (rc < 0)
		spool_abort_add(spool);
	return rc;
}

void spool_abort_add(struct spool *spool)
{
	if (!sqlite3_get_autocommit(spool->db))
		sqlite3_exec(spool->db, "ROLLBACK", NULL, NULL, NULL);
}

int spool_foreach_pending(struct spool *spool, spool_visit_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(spool->db,
			       "SELECT counter, envelope FROM envelopes "
			       "WHERE acknowledged_at IS NULL ORDER BY counter",
			       -1, &st, NULL) != SQLITE_OK)
		return spool_fail(spool, err, "cannot read the spool");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ctx, (uint64_t)sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
		       (size_t)sqlite3_column_bytes(st, 1)) < 0) {
			error_set(err, "%s: stopped while reading", spool->path);
			goto end;
		}
	}
	if (step != SQLITE_DONE) {
		spool_fail(spool, err, "cannot read the spool");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

long spool_count_pending(struct spool *spool, struct error *err)
{
	sqlite3_stmt *st = NULL;
	long count = -1;

	if (sqlite3_prepare_v2(spool->db,
			       "SELECT count(*) FROM envelopes WHERE acknowledged_at IS NULL", -1,
			       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		count = (long)sqlite3_column_int64(st, 0);
	else
		spool_fail(spool, err, "cannot count requests");
	sqlite3_finalize(st);
	return count;
}

int spool_mark_exported(struct spool *spool, uint64_t first, uint64_t last, uint64_t when,
			struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(spool->db,
			       "UPDATE envelopes SET exported_at = ? WHERE counter BETWEEN ? AND ? "
			       "AND acknowledged_at IS NULL",
			       -1, &st, NULL) != SQLITE_OK) {
		spool_fail(spool, err, "cannot mark exported");
		goto end;
	}
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)when) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)first) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)last) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		spool_fail(spool, err, "cannot mark exported");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Erases the envelope stored under COUNTER and marks it acknowledged at NOW.
 * The row stays, without its envelope, so a reference code can still be
 * answered "collected"; secure_delete overwrites the freed bytes.
 */
static int spool_delete_counter(struct spool *spool, sqlite3_stmt *del, uint64_t counter,
				uint64_t now, struct error *err)
{
	sqlite3_reset(del);
	if (sqlite3_bind_int64(del, 1, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(del, 2, (sqlite3_int64)counter) != SQLITE_OK ||
	    sqlite3_step(del) != SQLITE_DONE)
		return spool_fail(spool, err, "cannot purge a request");
	return 0;
}

/* The counters of the envelopes NAMED selects, into *OUT (malloc). Count, or -1 with ERR. */
static long spool_select_named(struct spool *spool, spool_named_fn named, void *ctx, uint64_t **out,
			       struct error *err)
{
	sqlite3_stmt *st = NULL;
	unsigned char hash[RECEIPT_HASH_BYTES];
	long n = 0, cap = 0;
	int step;

	*out = NULL;
	if (sqlite3_prepare_v2(
		    spool->db,
		    "SELECT counter, envelope FROM envelopes WHERE acknowledged_at IS NULL", -1,
		    &st, NULL) != SQLITE_OK)
		return spool_fail(spool, err, "cannot read the spool");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		receipt_envelope_hash(sqlite3_column_blob(st, 1),
				      (size_t)sqlite3_column_bytes(st, 1), hash);
		if (!named(ctx, hash))
			continue;
		if (n == cap) {
			uint64_t *grown = realloc(*out, (size_t)(cap = cap ? cap * 2 : 64) * 8);
			if (!grown) {
				error_set(err, "%s: out of memory", spool->path);
				goto fail;
			}
			*out = grown;
		}
		(*out)[n++] = (uint64_t)sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		spool_fail(spool, err, "cannot read the spool");
		goto fail;
	}
	sqlite3_finalize(st);
	return n;
fail:
	sqlite3_finalize(st);
	free(*out);
	*out = NULL;
	return -1;
}

int spool_purge_named(struct spool *spool, spool_named_fn named, void *ctx, long *purged,
		      struct error *err)
{
	sqlite3_stmt *del = NULL;
	uint64_t *counters = NULL;
	long n;
	int rc = -1;

	*purged = 0;
	if (sqlite3_exec(spool->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return spool_fail(spool, err, "cannot start a transaction");
	if ((n = spool_select_named(spool, named, ctx, &counters, err)) < 0)
		goto end;
	if (sqlite3_prepare_v2(spool->db,
			       "UPDATE envelopes SET envelope = x'', acknowledged_at = ? "
			       "WHERE counter = ? AND acknowledged_at IS NULL",
			       -1, &del, NULL) != SQLITE_OK) {
		spool_fail(spool, err, "cannot purge");
		goto end;
	}
	for (long i = 0; i < n; i++)
		if (spool_delete_counter(spool, del, counters[i], (uint64_t)time(NULL), err) < 0)
			goto end;
	if (sqlite3_exec(spool->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		spool_fail(spool, err, "cannot commit the purge");
		goto end;
	}
	*purged = n;
	rc = 0;
end:
	sqlite3_finalize(del);
	free(counters);
	if (!sqlite3_get_autocommit(spool->db))
		sqlite3_exec(spool->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int spool_next_counter(struct spool *spool, uint64_t *next, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(spool->db, "SELECT value FROM meta WHERE key='next_counter'", -1,
			       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*next = (uint64_t)sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		spool_fail(spool, err, "cannot read the counter");
	}
	sqlite3_finalize(st);
	return rc;
}

int spool_reference_key_recorded(struct spool *spool, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(spool->db, "SELECT 1 FROM meta WHERE key='reference_key'", -1, &st,
			       NULL) == SQLITE_OK &&
	    ((step = sqlite3_step(st)) == SQLITE_ROW || step == SQLITE_DONE))
		rc = step == SQLITE_ROW;
	else
		spool_fail(spool, err, "cannot read whether the reference key is recorded");
	sqlite3_finalize(st);
	return rc;
}

int spool_record_reference_key(struct spool *spool, struct error *err)
{
	if (sqlite3_exec(spool->db,
			 "INSERT OR IGNORE INTO meta(key, value) VALUES('reference_key', 1)", NULL,
			 NULL, NULL) != SQLITE_OK)
		return spool_fail(spool, err, "cannot record the reference key");
	return 0;
}

/* Reads the cost row in ST (id, algorithm, salt, opslimit, memlimit) into PARAMS. 0 or -1. */
static int spool_read_cost(struct spool *spool, sqlite3_stmt *st,
			   struct spool_reference_params *params, struct error *err)
{
	const char *algorithm = (const char *)sqlite3_column_text(st, 1);

	params->id = (long)sqlite3_column_int64(st, 0);
	params->opslimit = (unsigned long long)sqlite3_column_int64(st, 3);
	params->memlimit = (size_t)sqlite3_column_int64(st, 4);
	if (!algorithm || strcmp(algorithm, "argon2id13") ||
	    sqlite3_column_bytes(st, 2) != SPOOL_REFERENCE_SALT_BYTES ||
	    params->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
	    params->opslimit > SPOOL_REFERENCE_OPSLIMIT_MAX ||
	    params->memlimit < crypto_pwhash_MEMLIMIT_MIN ||
	    params->memlimit > SPOOL_REFERENCE_MEMLIMIT_MAX) {
		error_set(err, "%s: reference_hash_costs %ld: unknown algorithm or out of range",
			  spool->path, params->id);
		return -1;
	}
	memcpy(params->salt, sqlite3_column_blob(st, 2), SPOOL_REFERENCE_SALT_BYTES);
	return 0;
}

/*
 * Runs SQL (selecting id, algorithm, salt, opslimit, memlimit; ?1 bound to
 * ID when not 0) and reads up to MAX rows into OUT. 0, or -1 with ERR.
 */
static int spool_query_costs(struct spool *spool, const char *sql, long id,
			     struct spool_reference_params *out, size_t max, size_t *count,
			     struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step = SQLITE_DONE;

	*count = 0;
	if (sqlite3_prepare_v2(spool->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    (id && sqlite3_bind_int64(st, 1, id) != SQLITE_OK))
		return spool_fail(spool, err, "cannot read the reference hash costs");
	while (*count < max && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (spool_read_cost(spool, st, &out[(*count)++], err) < 0)
			goto end;
	if (*count < max && step != SQLITE_DONE) {
		spool_fail(spool, err, "cannot read the reference hash costs");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

#define SPOOL_COSTS "SELECT id, algorithm, salt, opslimit, memlimit FROM reference_hash_costs "

int spool_reference_params(struct spool *spool, struct spool_reference_params *params,
			   struct error *err)
{
	size_t count;

	if (spool_query_costs(spool, SPOOL_COSTS "WHERE id = ?", spool->cost, params, 1, &count,
			      err) < 0)
		return -1;
	if (count == 1)
		return 0;
	error_set(err, "%s: no reference hash cost", spool->path);
	return -1;
}

int spool_reference_costs(struct spool *spool, int in_use, struct spool_reference_params *out,
			  size_t max, size_t *count, struct error *err)
{
	return spool_query_costs(spool,
				 in_use ? SPOOL_COSTS "WHERE id IN (SELECT DISTINCT reference_cost "
						      "FROM envelopes) ORDER BY id DESC"
					: SPOOL_COSTS "ORDER BY id DESC",
				 0, out, max, count, err);
}

/* Notes the newest reference hash cost as the one this spool adds rows with. 0, or -1 with ERR. */
static int spool_read_newest_cost(struct spool *spool, struct error *err)
{
	struct spool_reference_params newest;
	size_t count;

	if (spool_reference_costs(spool, 0, &newest, 1, &count, err) < 0)
		return -1;
	if (count == 1) {
		spool->cost = newest.id;
		return 0;
	}
	error_set(err, "%s: no reference hash cost", spool->path);
	return -1;
}

struct spool *spool_open_degraded(const char *dir, struct error *err)
{
	struct spool *spool = calloc(1, sizeof(*spool));
	int rc;

	if (!spool || asprintf(&spool->path, "%s/spool.db", dir) < 0) {
		free(spool);
		error_set(err, "%s: out of memory", dir);
		return NULL;
	}
	rc = sqlite3_open_v2(spool->path, &spool->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(spool->db,
				  "PRAGMA locking_mode=EXCLUSIVE;"
				  "PRAGMA temp_store=MEMORY;"
				  "SELECT count(*) FROM meta;",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		error_set(err, "%s: cannot open spool even for reading: %s", spool->path,
			  spool->db ? sqlite3_errmsg(spool->db) : "out of memory");
		spool_close(spool);
		return NULL;
	}
	/* No migration can run here: only a spool of exactly this program's version is read. */
	if (db_schema_version(spool->db) !=
	    (long)(sizeof(SPOOL_MIGRATIONS) / sizeof(SPOOL_MIGRATIONS[0]))) {
		error_set(err, "%s: schema version %ld is not this program's; not read",
			  spool->path, db_schema_version(spool->db));
		spool_close(spool);
		return NULL;
	}
	if (spool_read_newest_cost(spool, err) < 0) {
		spool_close(spool);
		return NULL;
	}
	return spool;
}

int spool_lookup_reference(struct spool *spool, long cost, const unsigned char *hash,
			   size_t hash_len, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(spool->db,
			       "SELECT acknowledged_at IS NOT NULL FROM envelopes "
			       "WHERE reference_hash = ? AND reference_cost = ? "
			       "ORDER BY counter LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK ||
	    hash_len > INT_MAX ||
	    sqlite3_bind_blob(st, 1, hash, (int)hash_len, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, cost) != SQLITE_OK) {
		spool_fail(spool, err, "cannot look up a reference code");
		goto end;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) ? SPOOL_REFERENCE_COLLECTED
					       : SPOOL_REFERENCE_PENDING;
	else if (step == SQLITE_DONE)
		rc = SPOOL_REFERENCE_UNKNOWN;
	else
		spool_fail(spool, err, "cannot look up a reference code");
end:
	sqlite3_finalize(st);
	return rc;
}
