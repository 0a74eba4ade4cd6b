#include "core/office.h"
#include "core/bundle.h"
#include "core/db.h"
#include "core/envelope.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct office {
	sqlite3 *db;
	char *path;
};

static const char OFFICE_SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS terminals("
	"  id TEXT PRIMARY KEY, public_key BLOB NOT NULL, enrolled_at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS envelopes("
	"  hash BLOB PRIMARY KEY, terminal_id TEXT NOT NULL, counter INTEGER NOT NULL,"
	"  created INTEGER NOT NULL, envelope BLOB NOT NULL, imported_at INTEGER NOT NULL,"
	"  UNIQUE(terminal_id, counter));";

static int office_fail(struct office *office, struct error *err, const char *what)
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
	office->db = db_open(path, OFFICE_SCHEMA, "office database", err);
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

int office_enroll(struct office *office, const struct key_public *pub, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(office->db,
			       "INSERT INTO terminals(id, public_key, enrolled_at) VALUES(?, ?, ?) "
			       "ON CONFLICT(id) DO UPDATE SET public_key = excluded.public_key "
			       "WHERE public_key = excluded.public_key",
			       -1, &st, NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot enroll");
	sqlite3_bind_text(st, 1, pub->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, pub->public_key, sizeof(pub->public_key), SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE) {
		office_fail(office, err, "cannot enroll");
		goto end;
	}
	if (sqlite3_changes(office->db) == 0) {
		error_set(err, "%s: terminal '%s' is already enrolled with a different key",
			  office->path, pub->name);
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

/* The enrolled public key of TERMINAL_ID into PK. 0, 1 when not enrolled, -1 on error. */
static int office_terminal_key(struct office *office, const char *terminal_id, unsigned char *pk,
			       struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 1, step;

	if (sqlite3_prepare_v2(office->db, "SELECT public_key FROM terminals WHERE id = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot read terminals");
	sqlite3_bind_text(st, 1, terminal_id, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
		memcpy(pk, sqlite3_column_blob(st, 0), 32);
		rc = 0;
	} else if (step != SQLITE_DONE && step != SQLITE_ROW) {
		rc = office_fail(office, err, "cannot read terminals");
	}
	sqlite3_finalize(st);
	return rc;
}

struct office_import {
	struct office *office;
	const char *terminal_id;
	const unsigned char *terminal_key;
	sqlite3_stmt *insert, *lookup;
	struct office_import_result *result;
	struct error *err;
	uint32_t index;
	int first_sight; /* the terminal is not enrolled yet */
};

/* Stores one envelope of a bundle after checking it. 0, or -1 with ERR. */
static int office_import_envelope(void *user, const unsigned char *env, size_t len)
{
	struct office_import *imp = user;
	unsigned char hash[32];
	struct envelope_info info;
	int step;

	imp->index++;
	if (envelope_verify(env, len, imp->terminal_key, &info, imp->err) < 0)
		return -1;
	if (strcmp(info.terminal_id, imp->terminal_id)) {
		error_set(imp->err, "terminal id: '%s' inside a bundle of '%s'", info.terminal_id,
			  imp->terminal_id);
		return -1;
	}
	crypto_generichash(hash, sizeof(hash), env, len, NULL, 0);
	sqlite3_reset(imp->lookup);
	sqlite3_bind_text(imp->lookup, 1, info.terminal_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(imp->lookup, 2, (sqlite3_int64)info.counter);
	step = sqlite3_step(imp->lookup);
	if (step == SQLITE_ROW) {
		if (sqlite3_column_bytes(imp->lookup, 0) == sizeof(hash) &&
		    !memcmp(sqlite3_column_blob(imp->lookup, 0), hash, sizeof(hash)))
			imp->result->known++;
		else
			imp->result->conflicts++;
		return 0;
	}
	if (step != SQLITE_DONE)
		return office_fail(imp->office, imp->err, "cannot look up envelope");
	sqlite3_reset(imp->insert);
	sqlite3_bind_blob(imp->insert, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_text(imp->insert, 2, info.terminal_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(imp->insert, 3, (sqlite3_int64)info.counter);
	sqlite3_bind_int64(imp->insert, 4, (sqlite3_int64)info.created);
	sqlite3_bind_blob(imp->insert, 5, env, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(imp->insert, 6, (sqlite3_int64)time(NULL));
	if (sqlite3_step(imp->insert) != SQLITE_DONE)
		return office_fail(imp->office, imp->err, "cannot store envelope");
	imp->result->added++;
	return 0;
}

/* Checks the bundle DATA as a whole; fills IMP's terminal fields. 0, or -1 with ERR. */
static int office_check_bundle(struct office_import *imp, const unsigned char *data, size_t len,
			       struct bundle_info *info, unsigned char *key)
{
	int known;

	if (bundle_parse(data, len, info, imp->err) < 0)
		return -1;
	known = office_terminal_key(imp->office, info->terminal_id, key, imp->err);
	if (known < 0)
		return -1;
	if (known > 0) {
		/* First sight: the bundle's own key, recorded as the terminal's from now on. */
		memcpy(key, info->signer_public, 32);
		imp->first_sight = 1;
	} else if (sodium_memcmp(key, info->signer_public, 32)) {
		error_set(imp->err,
			  "terminal '%s' is enrolled with another key; this bundle is not "
			  "from that terminal",
			  info->terminal_id);
		return -1;
	}
	if (bundle_verify(data, len, key, imp->err) < 0)
		return -1;
	imp->terminal_id = info->terminal_id;
	imp->terminal_key = key;
	return 0;
}

/* Records the signer of a first-seen terminal's bundle in NEW_TERMINAL and the store. */
static int office_enroll_first_sight(struct office_import *imp, const struct bundle_info *info,
				     struct key_public *new_terminal)
{
	memset(new_terminal, 0, sizeof(*new_terminal));
	new_terminal->kind = KEY_ED25519;
	snprintf(new_terminal->name, sizeof(new_terminal->name), "%s", info->terminal_id);
	memcpy(new_terminal->public_key, info->signer_public, sizeof(new_terminal->public_key));
	crypto_generichash(new_terminal->id, KEY_ID_BYTES, new_terminal->public_key,
			   sizeof(new_terminal->public_key), NULL, 0);
	return office_enroll(imp->office, new_terminal, imp->err);
}

int office_import_bundle(struct office *office, const unsigned char *data, size_t len,
			 struct office_import_result *result, struct key_public *new_terminal,
			 struct error *err)
{
	struct office_import imp = { .office = office, .result = result, .err = err };
	struct office_import_result before = *result;
	unsigned char key[32];
	struct bundle_info info;
	int rc = -1;

	new_terminal->name[0] = '\0';
	if (office_check_bundle(&imp, data, len, &info, key) < 0)
		goto end;
	if (sqlite3_exec(office->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		office_fail(office, err, "cannot start a transaction");
		goto end;
	}
	if (imp.first_sight && office_enroll_first_sight(&imp, &info, new_terminal) < 0)
		goto rollback;
	if (sqlite3_prepare_v2(
		    office->db,
		    "INSERT INTO envelopes(hash, terminal_id, counter, created, envelope, "
		    "imported_at) VALUES(?, ?, ?, ?, ?, ?)",
		    -1, &imp.insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(office->db,
			       "SELECT hash FROM envelopes WHERE terminal_id = ? AND counter = ?",
			       -1, &imp.lookup, NULL) != SQLITE_OK) {
		office_fail(office, err, "cannot prepare import");
		goto rollback;
	}
	if (bundle_foreach(data, len, office_import_envelope, &imp, err) < 0)
		goto rollback;
	if (sqlite3_exec(office->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		office_fail(office, err, "cannot commit import");
		goto rollback;
	}
	rc = 0;
	goto end;
rollback:
	sqlite3_exec(office->db, "ROLLBACK", NULL, NULL, NULL);
	*result = before;
	new_terminal->name[0] = '\0';
end:
	if (rc < 0 && imp.index) {
		char where[48];
		snprintf(where, sizeof(where), "envelope %u", imp.index);
		error_prefix(err, where);
	}
	sqlite3_finalize(imp.insert);
	sqlite3_finalize(imp.lookup);
	return rc;
}

int office_foreach(struct office *office, office_visit_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(office->db,
			       "SELECT terminal_id, counter, envelope FROM envelopes "
			       "ORDER BY terminal_id, counter",
			       -1, &st, NULL) != SQLITE_OK)
		return office_fail(office, err, "cannot read envelopes");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
		       (uint64_t)sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2),
		       (size_t)sqlite3_column_bytes(st, 2)) < 0)
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
