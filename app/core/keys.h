#ifndef PRISMA_KEYS_H
#define PRISMA_KEYS_H

#include "core/error.h"

#include <stddef.h>

/*
 * Key files. Both parts are small JSON documents (docs/formats.md):
 *
 *   NAME.pub  {"prisma_key":1,"kind":"x25519","name":"vpn","id":"<16 hex>","public":"<base64>"}
 *   NAME.key  the same plus "secret": the secret key, sealed with a key derived
 *             from a passphrase by Argon2id ("protection":"argon2id", "salt",
 *             "opslimit", "memlimit", "nonce"), or stored as is with
 *             "protection":"none" (only the terminal's own signing key, which
 *             must sign without a person present).
 *
 * The key id is the first 8 bytes of BLAKE2b(public key): a name for a key
 * that people can compare. Envelopes do not carry it (see envelope.h).
 */
enum key_kind {
	KEY_X25519,  /* recipient: opens envelopes */
	KEY_ED25519, /* terminal or collection: signs */
};

#define KEY_ID_BYTES 8
#define KEY_NAME_MAX 64

struct key_public {
	enum key_kind kind;
	char name[KEY_NAME_MAX];
	unsigned char id[KEY_ID_BYTES];
	unsigned char public_key[32];
};

/* Secret part: opaque, lives in guarded memory, wiped on key_secret_free(). */
struct key_secret;

/*
 * Generates a key pair of KIND called NAME and writes PATH_BASE.key (mode
 * 0600) and PATH_BASE.pub. PASSPHRASE NULL stores the secret unprotected.
 * Refuses to overwrite existing files. Returns 0, or -1 with ERR; on failure
 * neither file is left behind.
 */
int key_generate(enum key_kind kind, const char *name, const char *path_base,
		 const char *passphrase, struct error *err);

/* Reads a .pub file (or the public part of a .key file) of KIND. 0 or -1 with ERR. */
int key_public_load(struct key_public *pub, const char *path, enum key_kind kind,
		    struct error *err);

/*
 * Reads a .key file of KIND. PASSPHRASE is used when the file is protected
 * (NULL then fails with "passphrase needed"). A wrong passphrase fails with
 * "wrong passphrase". Returns NULL with ERR on failure.
 */
struct key_secret *key_secret_load(const char *path, enum key_kind kind, const char *passphrase,
				   struct error *err);

/* True when the .key file at PATH is passphrase-protected (and readable). */
int key_secret_is_protected(const char *path);

/*
 * key_secret_load() for a person at a tool: when the file at PATH is protected,
 * its passphrase comes from passphrase_get() (PRISMA_PASSPHRASE, else asked on
 * the terminal) and is wiped before this returns. NULL with ERR on failure.
 */
struct key_secret *key_secret_load_asking(const char *path, enum key_kind kind, struct error *err);

/* The public half of SECRET. */
const struct key_public *key_secret_public(const struct key_secret *secret);

/* The secret bytes: 32 for X25519, 64 (libsodium's seed+public form) for Ed25519. */
const unsigned char *key_secret_bytes(const struct key_secret *secret);

void key_secret_free(struct key_secret *secret);

#define KEY_FINGERPRINT_LEN 24
/*
 * A fingerprint of the public key PK a person can read out over the phone:
 * 20 decimal digits in four groups, "01234 56789 01234 56789" (64 bits of
 * BLAKE2b), into OUT (KEY_FINGERPRINT_LEN bytes). Cannot fail.
 */
void key_fingerprint(const unsigned char *pk, char *out);

/* Lower-case hex of a key id into OUT (2 * KEY_ID_BYTES + 1 bytes). */
void key_id_hex(const unsigned char *id, char *out);

/*
 * The passphrase for opening a secret key: PRISMA_PASSPHRASE if set (then
 * wiped and removed from the environment: it is read once), else a prompt
 * without echo on /dev/tty naming PATH. Returned in guarded memory;
 * free with passphrase_free(). NULL with ERR if there is neither.
 */
char *passphrase_get(const char *path, struct error *err);
void passphrase_free(char *passphrase);

#endif
