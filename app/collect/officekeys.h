#ifndef PRISMA_COLLECT_OFFICEKEYS_H
#define PRISMA_COLLECT_OFFICEKEYS_H

#include "core/error.h"

/* Office passphrases: at least this many bytes. There is no default. */
#define OFFICEKEYS_PASSPHRASE_MIN 12

/*
 * prisma-collect keygen: a recipient (X25519, KIND "recipient") or collection
 * (Ed25519, KIND "collection") key pair called NAME at OUT.key / OUT.pub,
 * sealed with a passphrase (PRISMA_PASSPHRASE or asked twice on the terminal)
 * of at least OFFICEKEYS_PASSPHRASE_MIN bytes, Argon2id at libsodium's
 * moderate limits. Prints the fingerprint to compare over the phone.
 * 0, or -1 with ERR; nothing is written on failure.
 */
int officekeys_keygen(const char *kind, const char *name, const char *out, struct error *err);

/*
 * prisma-collect certify: issues the certificate of the terminal key in
 * TERMINAL_PUB (its name is the terminal id), signed by the collection key
 * COLLECTION_KEY, to the new file OUT. Prints the terminal key's fingerprint
 * (to compare with the terminal's before certifying). 0, or -1 with ERR.
 */
int officekeys_certify(const char *terminal_pub, const char *collection_key, const char *out,
		       struct error *err);

#endif
