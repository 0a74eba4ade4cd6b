#ifndef PRISMA_ENVELOPE_H
#define PRISMA_ENVELOPE_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A sealed request, format version 2 (docs/formats.md, byte by byte). Layout:
 *
 *   "PRSE" | version u8 (2) | terminal id length u8 | terminal id | counter u64 (big-endian)
 *   | ENVELOPE_SLOTS slots of 80 bytes | nonce [24]
 *   | ciphertext [ENVELOPE_PADDED + 16] (XChaCha20-Poly1305, AD = every byte before it)
 *   | Ed25519 signature [64] over every byte before it
 *
 * A fresh data key per envelope is sealed (crypto_box_seal) to each recipient
 * into a slot; the slots left over hold a random curve point and random bytes,
 * and the slots are shuffled, so nothing tells who a request is for or how
 * many can open it: a recipient tries its key on every slot. The payload
 * (time, service, contact and all) is padded (ISO/IEC 7816-4) to exactly
 * ENVELOPE_PADDED bytes, so every envelope of a terminal has the same size.
 * The clear part shows the terminal, the counter and the format, nothing else.
 */
#define ENVELOPE_VERSION	 2
#define ENVELOPE_SLOTS		 4
#define ENVELOPE_SLOT_BYTES	 80 /* crypto_box_SEALBYTES + the 32-byte data key */
#define ENVELOPE_PADDED		 4096
#define ENVELOPE_MAX_PAYLOAD	 (ENVELOPE_PADDED - 1) /* room for the padding marker */
#define ENVELOPE_TERMINAL_ID_MAX 32
/* The size of every envelope from a terminal whose id is TID_LEN bytes long. */
#define ENVELOPE_SIZE(tid_len)                                                                     \
	(6 + (size_t)(tid_len) + 8 + ENVELOPE_SLOTS * ENVELOPE_SLOT_BYTES + 24 + ENVELOPE_PADDED + \
	 16 + 64)

struct envelope_info {
	char terminal_id[ENVELOPE_TERMINAL_ID_MAX + 1];
	uint64_t counter;
	size_t signed_len; /* bytes covered by the signature */
};

/*
 * Seals PLAIN (at most ENVELOPE_MAX_PAYLOAD bytes) to RECIPIENTS (1 to
 * ENVELOPE_SLOTS keys) and signs with SIGNER (Ed25519). *OUT is malloc'ed and
 * ENVELOPE_SIZE(strlen(TERMINAL_ID)) long. Returns 0, or -1 with ERR (also
 * when a recipient key cannot seal); nothing is allocated on failure.
 */
int envelope_seal(const char *terminal_id, uint64_t counter, const struct key_public *recipients,
		  size_t recipient_count, const unsigned char *plain, size_t plain_len,
		  const struct key_secret *signer, unsigned char **out, size_t *out_len,
		  struct error *err);

/* Parses the structure of an envelope (no signature check). 0, or -1 with ERR naming the field. */
int envelope_parse(const unsigned char *env, size_t len, struct envelope_info *info,
		   struct error *err);

/* Parses and checks the signature against SIGNER_PUBLIC. 0, or -1 with ERR. */
int envelope_verify(const unsigned char *env, size_t len, const unsigned char *signer_public,
		    struct envelope_info *info, struct error *err);

/*
 * Opens an envelope with RECIPIENT, trying it on every slot. Returns 1 and
 * *PLAIN (sodium_malloc, NUL-terminated, free with sodium_free) on success; 0
 * when no slot opens with this key (not addressed to it, or its slot damaged:
 * the two cannot be told apart by design); -1 with ERR when it is malformed or
 * a slot opened but the payload does not decrypt or unpad. The signature is
 * not checked here: verify at import.
 */
int envelope_open(const unsigned char *env, size_t len, const struct key_secret *recipient,
		  unsigned char **plain, size_t *plain_len, struct error *err);

/*
 * For opening many envelopes in a row (office list): the guarded memory
 * envelope_open() allocates twice per envelope (mmap, mprotect, mlock: dozens
 * of system calls), allocated once. NULL when out of memory.
 */
struct envelope_opener;
struct envelope_opener *envelope_opener_new(void);
/* Wipes and frees OP. NULL is fine. */
void envelope_opener_free(struct envelope_opener *op);

/*
 * envelope_open() into OP: the same results, but *PLAIN points into OP
 * (NUL-terminated) and stays valid only until the next call with OP, which
 * wipes it first, or envelope_opener_free(). The data key is wiped on return.
 */
int envelope_open_with(struct envelope_opener *op, const unsigned char *env, size_t len,
		       const struct key_secret *recipient, const unsigned char **plain,
		       size_t *plain_len, struct error *err);

#endif
