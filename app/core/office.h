#ifndef PRISMA_OFFICE_H
#define PRISMA_OFFICE_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The office store (OFFICE.db, SQLite): enrolled terminals with their public
 * signing keys, and every verified envelope ever imported, de-duplicated.
 * It holds ciphertext only; requests are decrypted on demand by `list`.
 */
struct office;

/*
 * Opens the store at PATH, creating it only when CREATE is set (import and
 * enroll; a mistyped path given to list must not look like an empty office).
 * NULL with ERR naming the file.
 */
struct office *office_open(const char *path, int create, struct error *err);
void office_close(struct office *office);

/*
 * Trusts the key PUB for the terminal named PUB->name, by hand (the office
 * compared its fingerprint with the terminal's). Enrolling a second key of
 * the same terminal adds it. 0, or -1 with ERR.
 */
int office_enroll(struct office *office, const struct key_public *pub, struct error *err);

/* The office's collection public key: terminal certificates signed by it are trusted. */
void office_set_collection_key(struct office *office, const struct key_public *collection);

struct office_import_result {
	long added;	  /* new envelopes stored */
	long known;	  /* already imported before */
	long conflicts;	  /* same terminal and counter, different envelope: kept out, reported */
	long quarantined; /* bundles whose signer nobody vouched for: kept apart, never listed */
	/* Of the last bundle imported: its terminal, the next counter it signs, and the
	 * highest next counter the office had seen for that terminal before (0: none). */
	char terminal_id[33];
	uint64_t next_counter, counter_before;
	/* Damage contained: what could not be kept, and what a good copy put right. */
	long damaged;		       /* envelopes that fail their check: reported, not stored */
	uint64_t damaged_counters[16]; /* the counters they claim (the first 16) */
	long repaired;		       /* damaged stored envelopes replaced by a good copy */
	int bundle_damaged;	       /* last bundle's own signature failed: its envelopes were
					  checked one by one, its next counter not used */
};

/*
 * Verifies the bundle DATA (LEN bytes) and stores its envelopes in one
 * transaction. Its signer must be trusted: enrolled by hand for its terminal
 * id (office_enroll), or vouched for by the certificate the bundle carries,
 * signed by the collection key given to office_set_collection_key (that key
 * is then trusted from now on, and NEW_TERMINAL names it; re-keying is a new
 * certificate, the old key stays trusted for old bundles). Otherwise the
 * bundle is quarantined: kept apart in the store, never listed, nothing of it
 * trusted; NEW_TERMINAL names the key it claims and 1 is returned.
 * Damage is contained: every envelope that verifies with the terminal's key
 * is kept, each damaged one is counted in RESULT (by the counter it claims)
 * and left out, and a stored envelope found damaged is replaced by a good
 * copy. An envelope the office holds byte for byte (found by the terminal id
 * and counter of its clear head, then compared with the stored copy) is known
 * before any hash or signature is computed. A bundle whose own signature fails is still
 * read envelope by envelope with its trusted key (RESULT->bundle_damaged);
 * that signature is checked only when the bundle brings something new (an
 * envelope, or a next counter other than the one held). A bundle that cannot
 * be parsed is rejected whole (-1 with ERR); nothing of it is stored.
 * Returns 0 when stored, 1 when quarantined, -1 on error.
 */
int office_import_bundle(struct office *office, const unsigned char *data, size_t len,
			 struct office_import_result *result, struct key_public *new_terminal,
			 struct error *err);

/*
 * Looks at every quarantined bundle again with the trust the office has now
 * (after an enrol, or with the collection key set): each whose signer is
 * trusted now is imported as by office_import_bundle (its envelopes added to
 * RESULT) and leaves the quarantine; the others stay. *RELEASED gets how many
 * left. 0, or -1 with ERR (what was released until then stays released).
 */
int office_release_quarantine(struct office *office, struct office_import_result *result,
			      long *released, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Calls FN for each stored envelope, by terminal and counter. A stored
 * envelope whose bytes no longer match its hash (damaged storage) is passed
 * as ENVELOPE NULL, LEN 0, so that nothing is skipped silently. Stops and
 * returns -1 if FN does.
 */
typedef int (*office_visit_fn)(void *ctx, const char *terminal_id, uint64_t counter,
			       const unsigned char *envelope, size_t len);
int office_foreach(struct office *office, office_visit_fn fn, void *ctx, struct error *err);

#endif

/* 1 when an envelope with this BLAKE2b-256 HASH is stored, 0 when not, -1 with ERR. */
int office_has_envelope(struct office *office, const unsigned char *hash, struct error *err);

/*
 * Counter gaps (docs/formats.md, bundle). Every bundle signs its terminal's
 * next counter; the office keeps the highest seen per terminal.
 * office_note_next_counter() raises it to NEXT if higher; *BEFORE gets the
 * previous value (0: none), so a caller can report a counter that went back.
 */
int office_note_next_counter(struct office *office, const char *terminal_id, uint64_t next,
			     uint64_t *before, struct error *err);

/* The highest next counter seen for TERMINAL_ID into *NEXT (0: none). 0, or -1 with ERR. */
int office_next_counter(struct office *office, const char *terminal_id, uint64_t *next,
			struct error *err);

/*
 * Calls FN for each run FIRST..LAST of counters below the terminal's next
 * counter that the office does not hold, lowest first; TAIL is set for the
 * run that ends just below the next counter (the newest requests missing).
 * *MISSING gets the total. FN may be NULL. 0, or -1 with ERR (or if FN < 0).
 */
typedef int (*office_gap_fn)(void *ctx, uint64_t first, uint64_t last, int tail);
int office_foreach_missing(struct office *office, const char *terminal_id, office_gap_fn fn,
			   void *ctx, uint64_t *missing, struct error *err);

/* Calls FN for each enrolled terminal with its number of stored envelopes. -1 if FN < 0. */
typedef int (*office_terminal_fn)(void *ctx, const char *terminal_id, long stored);
/*
 * Calls FN for each quarantined bundle, oldest first: the terminal id and key
 * it claims, when it came, its size. Stops and returns -1 if FN does.
 */
typedef int (*office_quarantine_fn)(void *ctx, const char *terminal_id,
				    const unsigned char *public_key, long long received_at,
				    size_t bytes);
int office_foreach_quarantined(struct office *office, office_quarantine_fn fn, void *ctx,
			       struct error *err);

int office_foreach_terminal(struct office *office, office_terminal_fn fn, void *ctx,
			    struct error *err);
