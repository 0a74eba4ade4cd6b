#ifndef PRISMA_SPOOL_H
#define PRISMA_SPOOL_H

#include "core/error.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The terminal's spool: DATA_DIR/spool.db, SQLite in WAL mode with
 * synchronous=FULL and secure_delete=ON. It holds only sealed envelopes, a
 * slow salted hash of each reference code (with the salt and cost it was made
 * with), and the next envelope counter. Opaque. Its schema version is in
 * PRAGMA user_version; a spool newer than this program is refused, untouched.
 */
struct spool;

/*
 * Opens the existing DIR/spool.db. A missing spool is an error, never quietly
 * made anew: a new spool would restart the envelope counter, and the office
 * would take the new requests for replays of old ones. NULL with ERR naming
 * the file.
 */
struct spool *spool_open(const char *dir, struct error *err);

/* Creates DIR/spool.db for a newly provisioned terminal; fails if it exists. NULL with ERR. */
struct spool *spool_create(const char *dir, struct error *err);

void spool_close(struct spool *spool);

/*
 * Adding an envelope is two steps because the counter is signed into it:
 * spool_begin_add() takes the write lock and returns the next counter;
 * spool_finish_add() stores the envelope and commits, advancing the counter.
 * Only when spool_finish_add() returns 0 is the envelope durable.
 * spool_abort_add() releases the lock without storing anything.
 */
int spool_begin_add(struct spool *spool, uint64_t *counter, struct error *err);
int spool_finish_add(struct spool *spool, uint64_t counter, const unsigned char *envelope,
		     size_t len, const unsigned char *reference_hash, size_t hash_len,
		     struct error *err);
void spool_abort_add(struct spool *spool);

/* Calls FN for each envelope not yet acknowledged, oldest first. Stops on FN < 0. */
typedef int (*spool_visit_fn)(void *ctx, uint64_t counter, const unsigned char *envelope,
			      size_t len);
int spool_foreach_pending(struct spool *spool, spool_visit_fn fn, void *ctx, struct error *err);

/* Number of envelopes not yet acknowledged, or -1 with ERR. */
long spool_count_pending(struct spool *spool, struct error *err);

/* Notes that envelopes with counters FIRST..LAST went into a bundle at WHEN. */
int spool_mark_exported(struct spool *spool, uint64_t first, uint64_t last, uint64_t when,
			struct error *err);

/*
 * How reference codes are hashed (Argon2id, crypto_pwhash): every cost a
 * spool has used is recorded in it (table reference_hash_costs, each with its
 * own random salt), each stored hash names the cost it was made with, and new
 * hashes use the newest. A schema step that adds a cost raises it for new
 * requests without losing the old ones' lookups. docs/security.md has the
 * measurements behind the current cost (8 MiB, 40 passes since version 2).
 */
#define SPOOL_REFERENCE_SALT_BYTES   16
#define SPOOL_REFERENCE_OPSLIMIT_MAX 1000u		   /* refused above: a bad spool */
#define SPOOL_REFERENCE_MEMLIMIT_MAX (1024u * 1024 * 1024) /* must not stall the kiosk */
#define SPOOL_REFERENCE_COSTS_MAX    8			   /* costs looked up per code */

struct spool_reference_params {
	long id; /* the row of reference_hash_costs */
	unsigned char salt[SPOOL_REFERENCE_SALT_BYTES];
	unsigned long long opslimit;
	size_t memlimit;
};

/* The cost new reference hashes are made with (the newest). 0, or -1 with ERR (also out of range).
 */
int spool_reference_params(struct spool *spool, struct spool_reference_params *params,
			   struct error *err);

/*
 * Up to MAX costs, newest first, into OUT; *COUNT gets how many. IN_USE: only
 * those some stored row was hashed with (what a lookup must try). 0, or -1
 * with ERR (also when one is out of range).
 */
int spool_reference_costs(struct spool *spool, int in_use, struct spool_reference_params *out,
			  size_t max, size_t *count, struct error *err);

/*
 * Whether the spool has recorded that its reference hashes are keyed with the
 * data directory's reference key (terminal.h, TERMINAL_REFERENCE_KEY_FILE): 1
 * it has, 0 not yet (a spool from before that key, or one no terminal has
 * opened), -1 with ERR. Once recorded, a missing key file is an error, never
 * a reason to make a new key (every stored code would answer "unknown").
 */
int spool_reference_key_recorded(struct spool *spool, struct error *err)
	__attribute__((warn_unused_result));

/* Records it (a meta row), durably. 0, or -1 with ERR (nothing changed). */
int spool_record_reference_key(struct spool *spool, struct error *err)
	__attribute__((warn_unused_result));

enum {
	SPOOL_REFERENCE_UNKNOWN = 0,
	SPOOL_REFERENCE_PENDING = 1,   /* stored, not yet acknowledged by the office */
	SPOOL_REFERENCE_COLLECTED = 2, /* acknowledged (acknowledged_at set) */
};

/*
 * The state of the request whose reference hash, made with the cost COST (an
 * id of spool_reference_costs), is HASH: SPOOL_REFERENCE_*, or -1 with ERR.
 */
int spool_lookup_reference(struct spool *spool, long cost, const unsigned char *hash,
			   size_t hash_len, struct error *err);

#endif

/*
 * Custody (core/custody.c). Erases, in one transaction and with
 * secure_delete, every pending envelope for which NAMED(CTX, hash) is true,
 * HASH being BLAKE2b-256 of the whole envelope (receipt_envelope_hash), and
 * marks its row acknowledged: the row keeps its counter and reference hash
 * (a code is then answered "collected"), never the envelope. *PURGED gets
 * the count. Returns 0, or -1 with ERR and nothing changed.
 */
typedef int (*spool_named_fn)(void *ctx, const unsigned char *hash);
int spool_purge_named(struct spool *spool, spool_named_fn named, void *ctx, long *purged,
		      struct error *err) __attribute__((warn_unused_result));

/* The counter the next request will get (read only: works on a full disk). 0, or -1 with ERR. */
int spool_next_counter(struct spool *spool, uint64_t *next, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Opens the existing DIR/spool.db when spool_open() cannot because its disk
 * is full: exclusive locking, so SQLite keeps its WAL index in memory and
 * needs no new space; no schema is run. Reading (status, export) works;
 * writing fails cleanly. NULL with ERR.
 */
struct spool *spool_open_degraded(const char *dir, struct error *err);
