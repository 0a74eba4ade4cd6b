#ifndef PRISMA_CERTIFICATE_H
#define PRISMA_CERTIFICATE_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A terminal certificate: the office's collection key (Ed25519) vouches that
 * a terminal id has a public signing key (docs/formats.md). The terminal keeps
 * it beside its key and every bundle carries it; the office trusts a bundle's
 * key only through a certificate it can verify, or an explicit enrolment.
 * Fixed size, big-endian:
 *
 *   "PRSC" | version u8 (1) | terminal id, NUL-padded [32] | terminal public key [32]
 *   | issued u64 (unix seconds) | issuer key id [8] | Ed25519 signature [64]
 *
 * The signature (collection key) covers everything before it. Re-keying a
 * terminal is a new certificate for the same id.
 */
#define CERTIFICATE_BYTES 149

struct certificate {
	char terminal_id[33];
	unsigned char terminal_public[32];
	uint64_t issued;
	unsigned char issuer_id[KEY_ID_BYTES];
};

/*
 * Issues the certificate for TERMINAL (an Ed25519 public key whose name is the
 * terminal id) at ISSUED, signed by ISSUER, into OUT. 0, or -1 with ERR (a
 * terminal id that config_valid_terminal_id refuses, an issuer of the wrong kind).
 */
int certificate_issue(const struct key_public *terminal, uint64_t issued,
		      const struct key_secret *issuer, unsigned char out[CERTIFICATE_BYTES],
		      struct error *err);

/* Parses DATA (LEN bytes) into CERT without checking the signature. 0, or -1 with ERR. */
int certificate_parse(const unsigned char *data, size_t len, struct certificate *cert,
		      struct error *err);

/*
 * Parses DATA and checks that ISSUER (an Ed25519 public key) signed it. 0, or
 * -1 with ERR ("issued by another key", "signature does not verify").
 */
int certificate_verify(const unsigned char *data, size_t len, const struct key_public *issuer,
		       struct certificate *cert, struct error *err);

#endif
