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

/* Trusts the terminal whose public key file is PUB (its name is the terminal id). 0 or -1. */
int office_enroll(struct office *office, const struct key_public *pub, struct error *err);

struct office_import_result {
	long added;	/* new envelopes stored */
	long known;	/* already imported before */
	long conflicts; /* same terminal and counter, different envelope: kept out, reported */
};

/*
 * Verifies the bundle DATA (LEN bytes) and stores its envelopes in one
 * transaction. A terminal seen for the first time is enrolled with the key
 * that signed its bundle (trust on first sight, like ssh; NEW_TERMINAL then
 * names it and its key so the caller can show the fingerprint to compare
 * with the provisioning record, else NEW_TERMINAL->name is empty). A bundle
 * of an enrolled terminal must be signed by its enrolled key. A bundle with
 * any bad signature or malformed envelope is rejected whole (-1 with ERR
 * naming the envelope); nothing of it is stored.
 */
int office_import_bundle(struct office *office, const unsigned char *data, size_t len,
			 struct office_import_result *result, struct key_public *new_terminal,
			 struct error *err);

/* Calls FN for each stored envelope, by terminal and counter. Stops and returns -1 if FN does. */
typedef int (*office_visit_fn)(void *ctx, const char *terminal_id, uint64_t counter,
			       const unsigned char *envelope, size_t len);
int office_foreach(struct office *office, office_visit_fn fn, void *ctx, struct error *err);

#endif
