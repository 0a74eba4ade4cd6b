#ifndef PRISMA_RECEIPT_H
#define PRISMA_RECEIPT_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A custody receipt (docs/formats.md): the office's signed statement that it
 * has stored the named envelopes of one terminal. It is the only thing that
 * lets a terminal delete a request. Layout, big-endian:
 *
 *   "PRSR" | version u8 (1) | terminal id length u8 | terminal id
 *   | issued u64 (unix seconds) | collection key id [8]
 *   | count u32 (1..RECEIPT_MAX_HASHES)
 *   | count x envelope hash [32], strictly increasing (sorted, no repeats)
 *   | Ed25519 signature [64] by the collection key over everything before it
 *
 * An envelope hash is BLAKE2b-256 of the whole envelope as stored and carried
 * (receipt_envelope_hash), the same hash the office keys its store with.
 */
#define RECEIPT_HASH_BYTES 32
#define RECEIPT_MAX_HASHES 100000

struct receipt {
	char terminal_id[33];
	uint64_t issued;
	unsigned char key_id[KEY_ID_BYTES];
	size_t count;
	unsigned char (*hashes)[RECEIPT_HASH_BYTES]; /* malloc'ed, sorted; receipt_free */
};

/* BLAKE2b-256 of ENVELOPE into HASH (RECEIPT_HASH_BYTES). Cannot fail. */
void receipt_envelope_hash(const unsigned char *envelope, size_t len, unsigned char *hash);

/*
 * For the office: a receipt for TERMINAL_ID naming the COUNT envelope HASHES
 * (any order, repeats allowed: they are sorted and merged), issued at ISSUED,
 * signed by COLLECTION (an Ed25519 key). *OUT (malloc) gets the bytes.
 * Returns 0, or -1 with ERR (bad terminal id, no or too many hashes, out of
 * memory); nothing is allocated on failure.
 */
int receipt_write(const char *terminal_id, uint64_t issued,
		  const unsigned char (*hashes)[RECEIPT_HASH_BYTES], size_t count,
		  const struct key_secret *collection, unsigned char **out, size_t *out_len,
		  struct error *err) __attribute__((warn_unused_result));

/*
 * For the terminal: parses DATA and checks that it is a well-formed receipt
 * signed by COLLECTION (key id and signature) and issued to TERMINAL_ID
 * (NULL: to any terminal; the caller then compares receipt->terminal_id).
 * Returns 0 and fills *RECEIPT (free with receipt_free); -1 with ERR naming
 * the field at fault (the receipt is then untouched-equivalent: nothing to
 * free).
 */
int receipt_verify(const unsigned char *data, size_t len, const struct key_public *collection,
		   const char *terminal_id, struct receipt *receipt, struct error *err)
	__attribute__((warn_unused_result));

/* True when RECEIPT names HASH (binary search). */
int receipt_names(const struct receipt *receipt, const unsigned char *hash);

/* Frees what receipt_verify allocated. Safe on a zeroed struct. */
void receipt_free(struct receipt *receipt);

#endif
