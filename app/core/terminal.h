#ifndef PRISMA_TERMINAL_H
#define PRISMA_TERMINAL_H

#include "core/catalogue.h"
#include "core/config.h"
#include "core/error.h"
#include "core/keys.h"
#include "core/request.h"
#include "core/spool.h"

#include <stdint.h>

/*
 * The terminal side of core, as the kiosk and prisma-admin use it: the
 * configuration, catalogue, signing key, recipients' public keys and the open
 * spool. Opaque because it holds the signing key.
 */
struct terminal;

/*
 * Opens everything CONFIG_PATH names. Returns NULL with ERR naming the file or
 * field at fault (missing key file, unreadable spool, unknown recipient in the
 * catalogue, ...).
 */
struct terminal *terminal_open(const char *config_path, struct error *err);

/* Closes the spool and wipes the signing key. NULL is fine. */
void terminal_close(struct terminal *term);

const struct config *terminal_config(const struct terminal *term);
const struct catalogue *terminal_catalogue(const struct terminal *term);

/*
 * Validates REQ, seals it to the recipients of its service, signs it and
 * commits it to the spool. Only when this returns 0 has the request been
 * durably stored; REFERENCE (REQUEST_REFERENCE_LEN + 1 bytes) then holds the
 * code to show the inmate. REQ is left untouched (the caller wipes it). On
 * failure returns -1 with ERR and nothing is stored.
 */
int terminal_submit(struct terminal *term, const struct request *req, char *reference,
		    struct error *err);

/* For prisma-admin: the open spool and the signing key (owned by TERM). */
struct spool *terminal_spool(struct terminal *term);
const struct key_secret *terminal_signer(const struct terminal *term);

#define TERMINAL_HASH_BYTES 32

/*
 * The hash (TERMINAL_HASH_BYTES) the spool keeps of a reference code: BLAKE2b
 * keyed from the signing key, then Argon2id with the spool's salt and cost
 * (about 65 ms and 64 MiB; docs/security.md). 0, or -1 with ERR (out of memory).
 */
int terminal_reference_hash(const struct terminal *term, const char *reference, unsigned char *hash,
			    struct error *err);

enum terminal_code_status {
	TERMINAL_CODE_UNKNOWN, /* no request of this terminal has this code (or it was mistyped) */
	TERMINAL_CODE_PENDING, /* stored, waiting for collection */
	TERMINAL_CODE_COLLECTED, /* the office has acknowledged it */
};

/*
 * For the kiosk's status screen: what became of the request with reference
 * CODE (case, spaces and the dash do not matter). Rate-limited in core to
 * [terminal] lookups_per_minute attempts in any 60 seconds, wrong or right.
 * Returns 0 with *STATUS set; 1 when over the limit, with *RETRY_AFTER the
 * seconds to wait (nothing was looked up); -1 with ERR. Takes one slow hash.
 */
int terminal_lookup_code(struct terminal *term, const char *code, enum terminal_code_status *status,
			 unsigned *retry_after, struct error *err);

/*
 * Replaces the monotonic clock (whole seconds) the lookup limit counts with,
 * and forgets past attempts. For tests; NULL restores the real clock.
 */
void terminal_set_clock(struct terminal *term, uint64_t (*clock)(void *ctx), void *ctx);

#endif
