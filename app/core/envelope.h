#ifndef PRISMA_ENVELOPE_H
#define PRISMA_ENVELOPE_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A sealed request (docs/formats.md). Layout, big-endian:
 *
 *   "PRSE" | version u8 (1) | terminal id length u8 | terminal id
 *   | counter u64 | created u64 (unix seconds) | nonce [24]
 *   | wrap count u8 | wraps: key id [8] + sealed data key [80]
 *   | ciphertext length u32 | ciphertext (XChaCha20-Poly1305, AD = all before it)
 *   | Ed25519 signature [64] over everything before it
 *
 * The data key is fresh per envelope and wrapped with a sealed box per recipient.
 */
#define ENVELOPE_MAX_WRAPS	 16
#define ENVELOPE_MAX_PAYLOAD	 (64 * 1024)
#define ENVELOPE_TERMINAL_ID_MAX 32

struct envelope_info {
	char terminal_id[ENVELOPE_TERMINAL_ID_MAX + 1];
	uint64_t counter;
	uint64_t created;
	size_t wrap_count;
	unsigned char wrap_ids[ENVELOPE_MAX_WRAPS][KEY_ID_BYTES];
	size_t signed_len; /* bytes covered by the signature */
};

/*
 * Seals PLAIN to RECIPIENTS and signs with SIGNER (Ed25519). *OUT is malloc'ed.
 * Returns 0, or -1 with ERR; nothing is allocated on failure.
 */
int envelope_seal(const char *terminal_id, uint64_t counter, uint64_t created,
		  const struct key_public *recipients, size_t recipient_count,
		  const unsigned char *plain, size_t plain_len, const struct key_secret *signer,
		  unsigned char **out, size_t *out_len, struct error *err);

/* Parses the structure of an envelope (no signature check). 0, or -1 with ERR naming the field. */
int envelope_parse(const unsigned char *env, size_t len, struct envelope_info *info,
		   struct error *err);

/* Parses and checks the signature against SIGNER_PUBLIC. 0, or -1 with ERR. */
int envelope_verify(const unsigned char *env, size_t len, const unsigned char *signer_public,
		    struct envelope_info *info, struct error *err);

/*
 * Opens an envelope with RECIPIENT. Returns 1 and *PLAIN (sodium_malloc,
 * NUL-terminated, free with sodium_free) on success; 0 when the envelope is not
 * addressed to this key; -1 with ERR when it is malformed or fails to decrypt.
 * The signature is not checked here: verify at import.
 */
int envelope_open(const unsigned char *env, size_t len, const struct key_secret *recipient,
		  unsigned char **plain, size_t *plain_len, struct error *err);

#endif
