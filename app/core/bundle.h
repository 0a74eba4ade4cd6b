#ifndef PRISMA_BUNDLE_H
#define PRISMA_BUNDLE_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * An export bundle: the envelopes a terminal hands over in one collection
 * (docs/formats.md). Layout, big-endian:
 *
 *   "PRSB" | version u8 (4) | terminal id length u8 | terminal id | created u64
 *   | next counter u64 | count u32 | count x (length u32 | envelope)
 *   | previous x certificate [149] | previous u8 | terminal certificate [149]
 *   | signer's public key [32] | Ed25519 signature [64]
 *
 * The certificate (core/certificate.h) is all zero bytes when the terminal
 * has none; the office then trusts the signer only if it enrolled that key.
 * The previous certificates (at most BUNDLE_MAX_PREVIOUS) are those of the
 * terminal's earlier keys (re-keying): its envelopes signed before the
 * re-key still verify with them.
 *
 * The next counter is the counter the terminal's next request will get: the
 * office learns from it that every lower counter exists, and so sees requests
 * deleted from a spool before export (gaps, tail truncation).
 *
 * The signature (terminal key) covers everything before it. The public key
 * lets the office recognise a terminal it has not enrolled yet; it is trusted
 * only as far as the office decides (see prisma-collect import).
 */
#define BUNDLE_SIGNER_BYTES  32
#define BUNDLE_CERT_BYTES    149 /* CERTIFICATE_BYTES */
#define BUNDLE_MAX_PREVIOUS  4
#define BUNDLE_MAX_ENVELOPES 100000
#define BUNDLE_MAX_BYTES     (256u * 1024 * 1024)

#include "core/wire.h"

struct bundle_writer {
	struct wire_writer out; /* the bundle's bytes: out.data, out.len */
	uint32_t count;
	size_t count_pos;
	uint64_t next_counter; /* set with bundle_set_next_counter before bundle_finish */
	unsigned char certificate[BUNDLE_CERT_BYTES]; /* zero: none */
	unsigned char previous[BUNDLE_MAX_PREVIOUS][BUNDLE_CERT_BYTES];
	unsigned previous_count;
};

/* Starts a bundle. Returns 0 or -1 (out of memory). */
int bundle_begin(struct bundle_writer *bw, const char *terminal_id, uint64_t created);
/* Records the terminal's next counter (signed with the bundle). Cannot fail. */
void bundle_set_next_counter(struct bundle_writer *bw, uint64_t next_counter);
/* Records the terminal's certificate (BUNDLE_CERT_BYTES), signed with the bundle. Cannot fail. */
void bundle_set_certificate(struct bundle_writer *bw, const unsigned char *certificate);
/* Adds the certificate of one of the terminal's earlier keys. 0, or -1 when there are too many. */
int bundle_add_previous(struct bundle_writer *bw, const unsigned char *certificate);

/*
 * Makes room for a bundle of TOTAL bytes (header, envelopes, certificate, key
 * and signature) in one allocation, so that building it never holds two
 * copies. Optional. Returns 0 or -1 (out of memory).
 */
int bundle_reserve(struct bundle_writer *bw, size_t total);
/* Appends one envelope. Returns 0 or -1. */
int bundle_add(struct bundle_writer *bw, const unsigned char *envelope, size_t len);
/* Signs it; the bytes are then bw->out.data / bw->out.len. Returns 0 or -1. */
int bundle_finish(struct bundle_writer *bw, const struct key_secret *signer);
void bundle_writer_free(struct bundle_writer *bw);

struct bundle_info {
	char terminal_id[33];
	uint64_t created;
	uint64_t next_counter; /* the terminal's next counter when it exported */
	uint32_t count;
	unsigned char signer_public[BUNDLE_SIGNER_BYTES]; /* as the bundle claims */
	unsigned char certificate[BUNDLE_CERT_BYTES];	  /* as the bundle carries it */
	int has_certificate;				  /* not all zero */
	unsigned previous_count;			  /* certificates of earlier keys */
	unsigned char previous[BUNDLE_MAX_PREVIOUS][BUNDLE_CERT_BYTES];
};

/* Parses the header of DATA (no signature check). 0, or -1 with ERR naming the field. */
int bundle_parse(const unsigned char *data, size_t len, struct bundle_info *info,
		 struct error *err);

/* Checks the signature with SIGNER_PUBLIC. 0, or -1 with ERR. */
int bundle_verify(const unsigned char *data, size_t len, const unsigned char *signer_public,
		  struct error *err);

/* Calls FN for each envelope in a parsed bundle. Stops and returns -1 if FN does. */
typedef int (*bundle_visit_fn)(void *ctx, const unsigned char *envelope, size_t len);
int bundle_foreach(const unsigned char *data, size_t len, bundle_visit_fn fn, void *ctx,
		   struct error *err);

#endif
