/*
 * Importing bundles into the office store (office.h): the trust check of the
 * signer (enrolled, certified, earlier keys), each envelope known by its
 * stored bytes or verified and stored, damaged ones counted and damaged storage repaired,
 * the gap report's counter, and the quarantine for bundles nobody vouched for.
 */
#include "core/bundle.h"
#include "core/certificate.h"
#include "core/envelope.h"
#include "core/office.h"
#include "core/office_store.h"
#include "core/receipt.h"

#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Keys of one terminal checked per envelope: the current one and those it was re-keyed from. */
#define OFFICE_MAX_KEYS 16

struct office_import {
	struct office *office;
	const char *terminal_id;
	const unsigned char *terminal_key;
	sqlite3_stmt *insert, *lookup, *repair;
	struct office_import_result *result;
	struct error *err;
	uint32_t index;
	long checked;	 /* envelopes not known by their stored bytes: checked one by one */
	int certified;	 /* the bundle's certificate vouches for a key not trusted before */
	uint64_t issued; /* ... issued then */
	/* Every key trusted for the terminal (re-keying): the signer's first. */
	unsigned char keys[OFFICE_MAX_KEYS][32];
	size_t key_count;
};

/* True when ENV (LEN bytes) verifies with one of the terminal's trusted keys; INFO filled. */
static int office_envelope_verify(const struct office_import *imp, const unsigned char *env,
				  size_t len, struct envelope_info *info)
{
	struct error ignored;

	if (envelope_verify(env, len, imp->terminal_key, info, &ignored) == 0)
		return 1;
	for (size_t i = 0; i < imp->key_count; i++) {
		if (envelope_verify(env, len, imp->keys[i], info, &ignored) == 0)
			return 1;
	}
	return 0;
}

/* Counts a damaged envelope of the bundle under the counter it claims (or its index). */
static void office_note_damaged(struct office_import *imp, const unsigned char *env, size_t len)
{
	struct office_import_result *r = imp->result;
	struct envelope_info info;
	struct error ignored;

	if (r->damaged < 16)
		r->damaged_counters[r->damaged] =
			envelope_parse(env, len, &info, &ignored) == 0 ? info.counter : 0;
	r->damaged++;
}

/*
 * The stored row (hash, envelope) of TERMINAL_ID's COUNTER into IMP->lookup:
 * SQLITE_ROW (read its columns, then reset), SQLITE_DONE (none), or -1 with
 * ERR.
 */
static int office_lookup(struct office_import *imp, const char *terminal_id, uint64_t counter)
{
	int step;

	sqlite3_reset(imp->lookup);
	if (sqlite3_bind_text(imp->lookup, 1, terminal_id, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(imp->lookup, 2, (sqlite3_int64)counter) != SQLITE_OK)
		return office_fail(imp->office, imp->err, "cannot look up envelope");
	step = sqlite3_step(imp->lookup);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return office_fail(imp->office, imp->err, "cannot look up envelope");
	return step;
}

/* True when the stored row in IMP->lookup (hash, envelope) is intact and verifies. */
static int office_stored_sound(struct office_import *imp, int check_signature)
{
	const unsigned char *stored = sqlite3_column_blob(imp->lookup, 1);
	size_t stored_len = (size_t)sqlite3_column_bytes(imp->lookup, 1);
	unsigned char actual[RECEIPT_HASH_BYTES];
	struct envelope_info info;

	if (sqlite3_column_bytes(imp->lookup, 0) != RECEIPT_HASH_BYTES)
		return 0;
	receipt_envelope_hash(stored, stored_len, actual);
	if (memcmp(actual, sqlite3_column_blob(imp->lookup, 0), RECEIPT_HASH_BYTES))
		return 0;
	return !check_signature || office_envelope_verify(imp, stored, stored_len, &info);
}

/* Replaces the damaged stored envelope of INFO's terminal and counter by ENV. 0, or -1. */
static int office_repair(struct office_import *imp, const struct envelope_info *info,
			 const unsigned char *hash, const unsigned char *env, size_t len)
{
	sqlite3_stmt *st = imp->repair;

	sqlite3_reset(st);
	if (sqlite3_bind_blob(st, 1, hash, RECEIPT_HASH_BYTES, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 2, env, (int)len, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, info->terminal_id, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)info->counter) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		return office_fail(imp->office, imp->err, "cannot repair a stored envelope");
	imp->result->repaired++;
	return 0;
}

/* ENV is valid and its counter is stored already: known, repair, or conflict. 0, or -1. */
static int office_import_known(struct office_import *imp, const struct envelope_info *info,
			       const unsigned char *hash, const unsigned char *env, size_t len)
{
	int same = sqlite3_column_bytes(imp->lookup, 0) == RECEIPT_HASH_BYTES &&
		   !memcmp(sqlite3_column_blob(imp->lookup, 0), hash, RECEIPT_HASH_BYTES);

	/* The same envelope: cheap check of the stored bytes; another: is the stored one sound? */
	if (office_stored_sound(imp, !same)) {
		if (same)
			imp->result->known++;
		else
			imp->result->conflicts++;
		return 0;
	}
	return office_repair(imp, info, hash, env, len);
}

/*
 * A replayed envelope is recognised before any signature check and without
 * hashing it: 1 (counted known) when the store holds, under the terminal id
 * and counter ENV's clear head names, a row whose stored bytes are exactly
 * ENV's: that copy was verified when it was stored. 0 when not (new, another
 * envelope, or damaged stored bytes: check it in full, which repairs); -1
 * with ERR. Comparing the bytes costs a memcmp, where hashing ENV cost a
 * third of a replay. Not noticed here: a row's hash column changed while its
 * bytes stayed intact (`list` reports that row; docs/performance.md).
 */
static int office_known_by_bytes(struct office_import *imp, const unsigned char *env, size_t len)
{
	struct envelope_info info;
	struct error ignored;
	int step, same;

	if (envelope_parse(env, len, &info, &ignored) < 0 ||
	    strcmp(info.terminal_id, imp->terminal_id))
		return 0;
	if ((step = office_lookup(imp, imp->terminal_id, info.counter)) != SQLITE_ROW)
		return step < 0 ? -1 : 0;
	same = (size_t)sqlite3_column_bytes(imp->lookup, 1) == len &&
	       !memcmp(sqlite3_column_blob(imp->lookup, 1), env, len);
	sqlite3_reset(imp->lookup);
	if (!same)
		return 0;
	imp->result->known++;
	return 1;
}

/* Stores one envelope of a bundle after checking it; a damaged one is counted. 0, or -1. */
static int office_import_envelope(void *user, const unsigned char *env, size_t len)
{
	struct office_import *imp = user;
	unsigned char hash[32];
	struct envelope_info info;
	int step;

	imp->index++;
	if ((step = office_known_by_bytes(imp, env, len)) != 0)
		return step < 0 ? -1 : 0;
	crypto_generichash(hash, sizeof(hash), env, len, NULL, 0);
	imp->checked++;
	if (!office_envelope_verify(imp, env, len, &info) ||
	    strcmp(info.terminal_id, imp->terminal_id)) {
		office_note_damaged(imp, env, len);
		return 0;
	}
	if ((step = office_lookup(imp, info.terminal_id, info.counter)) < 0)
		return -1;
	if (step == SQLITE_ROW)
		return office_import_known(imp, &info, hash, env, len);
	sqlite3_reset(imp->insert);
	if (len > INT_MAX ||
	    sqlite3_bind_blob(imp->insert, 1, hash, sizeof(hash), SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(imp->insert, 2, info.terminal_id, -1, SQLITE_TRANSIENT) !=
		    SQLITE_OK ||
	    sqlite3_bind_int64(imp->insert, 3, (sqlite3_int64)info.counter) != SQLITE_OK ||
	    sqlite3_bind_blob(imp->insert, 4, env, (int)len, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(imp->insert, 5, (sqlite3_int64)time(NULL)) != SQLITE_OK ||
	    sqlite3_step(imp->insert) != SQLITE_DONE)
		return office_fail(imp->office, imp->err, "cannot store envelope");
	imp->result->added++;
	return 0;
}

/* True when the bundle's certificate, by this office's collection key, vouches for its signer. */
static int office_certified(struct office_import *imp, const struct bundle_info *info)
{
	struct certificate cert;
	struct error ignored;

	if (!info->has_certificate || !imp->office->has_collection ||
	    certificate_verify(info->certificate, BUNDLE_CERT_BYTES, &imp->office->collection,
			       &cert, &ignored) < 0)
		return 0;
	if (strcmp(cert.terminal_id, info->terminal_id) ||
	    sodium_memcmp(cert.terminal_public, info->signer_public, 32))
		return 0;
	imp->certified = 1;
	imp->issued = cert.issued;
	return 1;
}

/*
 * Checks the bundle DATA as a whole; fills IMP's terminal fields. 0 when its
 * signer is trusted (enrolled, or certified by the collection key), 1 when
 * nobody vouched for it (quarantine), -1 with ERR.
 */
static int office_check_bundle(struct office_import *imp, const unsigned char *data, size_t len,
			       struct bundle_info *info)
{
	int trusted;

	if (bundle_parse(data, len, info, imp->err) < 0)
		return -1;
	trusted = office_trusts(imp->office, info->terminal_id, info->signer_public, imp->err);
	if (trusted < 0)
		return -1;
	if (!trusted && !office_certified(imp, info))
		return 1;
	/* The bundle's own signature is checked after its envelopes (office_bundle_signed). */
	imp->result->bundle_damaged = 0;
	imp->terminal_id = info->terminal_id;
	imp->terminal_key = info->signer_public;
	return 0;
}

/*
 * Re-keying: trusts each earlier key of the terminal whose certificate, in the
 * trusted bundle INFO, the collection key signed for this terminal id. The
 * others vouch for nothing and are ignored. 0, or -1 with ERR.
 */
static int office_trust_previous(struct office_import *imp, const struct bundle_info *info)
{
	struct certificate cert;
	struct key_public pub;
	struct error ignored;

	for (unsigned i = 0; imp->office->has_collection && i < info->previous_count; i++) {
		if (certificate_verify(info->previous[i], BUNDLE_CERT_BYTES,
				       &imp->office->collection, &cert, &ignored) < 0 ||
		    strcmp(cert.terminal_id, info->terminal_id))
			continue;
		memset(&pub, 0, sizeof(pub));
		pub.kind = KEY_ED25519;
		snprintf(pub.name, sizeof(pub.name), "%s", cert.terminal_id);
		memcpy(pub.public_key, cert.terminal_public, 32);
		if (office_trust(imp->office, &pub, "certified", cert.issued, imp->err) < 0)
			return -1;
	}
	return 0;
}

/* Every key trusted for IMP's terminal into IMP->keys. 0, or -1 with ERR. */
static int office_load_keys(struct office_import *imp)
{
	sqlite3_stmt *st = NULL;
	int step, rc = -1;

	imp->key_count = 0;
	if (sqlite3_prepare_v2(imp->office->db,
			       "SELECT public_key FROM terminals WHERE id = ? ORDER BY enrolled_at "
			       "DESC",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, imp->terminal_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		office_fail(imp->office, imp->err, "cannot read terminals");
		goto end;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (imp->key_count < OFFICE_MAX_KEYS && sqlite3_column_bytes(st, 0) == 32)
			memcpy(imp->keys[imp->key_count++], sqlite3_column_blob(st, 0), 32);
	}
	if (step != SQLITE_DONE) {
		office_fail(imp->office, imp->err, "cannot read terminals");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Whether the bundle's own signature holds, checked only when it matters: its
 * envelopes are each verified on their own (or known by hash), so the bundle
 * signature vouches only for its next counter, and for whether the file is
 * damaged. A replay with nothing new (every envelope known, the next counter
 * the office holds) skips it: that is most of what a replay would cost.
 * Sets RESULT->bundle_damaged. 0, or -1 with ERR.
 */
static int office_bundle_signed(struct office_import *imp, const unsigned char *data, size_t len,
				const struct bundle_info *info)
{
	struct error ignored;
	uint64_t held;

	if (office_next_counter(imp->office, info->terminal_id, &held, imp->err) < 0)
		return -1;
	if (imp->checked || info->next_counter != held)
		imp->result->bundle_damaged =
			bundle_verify(data, len, info->signer_public, &ignored) < 0;
	return 0;
}

/* The key a bundle claims for its terminal, as a key_public (for reports and the store). */
static void office_claimed_key(const struct bundle_info *info, struct key_public *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = KEY_ED25519;
	snprintf(out->name, sizeof(out->name), "%s", info->terminal_id);
	memcpy(out->public_key, info->signer_public, sizeof(out->public_key));
	crypto_generichash(out->id, KEY_ID_BYTES, out->public_key, sizeof(out->public_key), NULL,
			   0);
}

/* Keeps the bundle DATA apart: never listed, there to be looked at. 0, or -1 with ERR. */
static int office_quarantine(struct office *office, const struct key_public *claimed,
			     const unsigned char *data, size_t len, struct error *err)
{
	unsigned char hash[32];
	sqlite3_stmt *st = NULL;
	int rc = -1;

	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	if (sqlite3_prepare_v2(office->db,
			       "INSERT OR IGNORE INTO quarantine(hash, terminal_id, public_key, "
			       "received_at, bundle) VALUES(?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, claimed->name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_blob(st, 3, claimed->public_key, 32, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL)) != SQLITE_OK ||
	    sqlite3_bind_blob64(st, 5, data, len, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		office_fail(office, err, "cannot quarantine a bundle");
		goto end;
	}
	rc = 0;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_import_bundle(struct office *office, const unsigned char *data, size_t len,
			 struct office_import_result *result, struct key_public *new_terminal,
			 struct error *err)
{
	struct office_import imp = { .office = office, .result = result, .err = err };
	struct office_import_result before = *result;
	struct bundle_info info;
	int rc = -1, check;

	new_terminal->name[0] = '\0';
	if ((check = office_check_bundle(&imp, data, len, &info)) < 0)
		goto end;
	office_claimed_key(&info, new_terminal);
	if (check > 0) {
		if (office_quarantine(office, new_terminal, data, len, err) < 0)
			return -1;
		result->quarantined++;
		return 1;
	}
	if (sqlite3_exec(office->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		office_fail(office, err, "cannot start a transaction");
		goto end;
	}
	if (imp.certified && office_trust(office, new_terminal, "certified", imp.issued, err) < 0)
		goto rollback;
	if (office_trust_previous(&imp, &info) < 0 || office_load_keys(&imp) < 0)
		goto rollback;
	if (sqlite3_prepare_v2(
		    office->db,
		    "INSERT INTO envelopes(hash, terminal_id, counter, envelope, imported_at) "
		    "VALUES(?, ?, ?, ?, ?)",
		    -1, &imp.insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(office->db,
			       "SELECT hash, envelope FROM envelopes WHERE terminal_id = ? AND "
			       "counter = ?",
			       -1, &imp.lookup, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(office->db,
			       "UPDATE envelopes SET hash = ?, envelope = ? "
			       "WHERE terminal_id = ? AND counter = ?",
			       -1, &imp.repair, NULL) != SQLITE_OK) {
		office_fail(office, err, "cannot prepare import");
		goto rollback;
	}
	if (bundle_foreach(data, len, office_import_envelope, &imp, err) < 0 ||
	    office_bundle_signed(&imp, data, len, &info) < 0)
		goto rollback;
	/* Gap reporting: the terminal's next counter, signed with the bundle, noted with it. */
	snprintf(result->terminal_id, sizeof(result->terminal_id), "%s", info.terminal_id);
	result->next_counter = result->bundle_damaged ? 0 : info.next_counter;
	if (!result->bundle_damaged &&
	    office_note_next_counter(office, info.terminal_id, info.next_counter,
				     &result->counter_before, err) < 0)
		goto rollback;
	if (sqlite3_exec(office->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		office_fail(office, err, "cannot commit import");
		goto rollback;
	}
	rc = 0;
	if (!imp.certified)
		new_terminal->name[0] = '\0'; /* only a newly certified key is news */
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
	sqlite3_finalize(imp.repair);
	return rc;
}

/* Runs SQL with ROWID bound to its one parameter. 0, or -1 with ERR. */
static int office_exec_rowid(struct office *office, const char *sql, sqlite3_int64 rowid,
			     struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(office->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, rowid) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		rc = office_fail(office, err, "cannot update the quarantine");
	sqlite3_finalize(st);
	return rc;
}

/* The quarantined bundle after ROWID *AFTER into *DATA (malloc), *AFTER moved on. 1, 0 at the end,
 * -1. */
static int office_next_quarantined(struct office *office, sqlite3_int64 *after,
				   unsigned char **data, size_t *len, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int step, rc = -1;

	if (sqlite3_prepare_v2(
		    office->db,
		    "SELECT rowid, bundle FROM quarantine WHERE rowid > ? ORDER BY rowid "
		    "LIMIT 1",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, *after) != SQLITE_OK) {
		office_fail(office, err, "cannot read the quarantine");
		goto end;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = 0;
		goto end;
	}
	if (step != SQLITE_ROW) {
		office_fail(office, err, "cannot read the quarantine");
		goto end;
	}
	*after = sqlite3_column_int64(st, 0);
	*len = (size_t)sqlite3_column_bytes(st, 1);
	if (!(*data = malloc(*len ? *len : 1))) {
		error_set(err, "%s: out of memory", office->path);
		goto end;
	}
	memcpy(*data, sqlite3_column_blob(st, 1), *len);
	rc = 1;
end:
	sqlite3_finalize(st);
	return rc;
}

int office_release_quarantine(struct office *office, struct office_import_result *result,
			      long *released, struct error *err)
{
	sqlite3_int64 after = 0;
	struct key_public claimed;
	unsigned char *data = NULL;
	size_t len;
	int more, rc;

	*released = 0;
	while ((more = office_next_quarantined(office, &after, &data, &len, err)) > 0) {
		rc = office_import_bundle(office, data, len, result, &claimed, err);
		free(data);
		data = NULL;
		if (rc < 0)
			return -1;
		if (rc == 1) {
			result->quarantined--; /* it was already counted when it came */
			continue;
		}
		if (office_exec_rowid(office, "DELETE FROM quarantine WHERE rowid = ?", after,
				      err) < 0)
			return -1;
		(*released)++;
	}
	return more;
}
