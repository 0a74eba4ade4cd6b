#ifndef PRISMA_TERMINAL_H
#define PRISMA_TERMINAL_H

#include "core/audit.h"
#include "core/catalogue.h"
#include "core/config.h"
#include "core/envelope.h"
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

/*
 * terminal_submit() also refuses, before anything is sealed, with
 * TERMINAL_SUBMIT_WAIT when the rate limit ([limits] in terminal.ini) does
 * not allow a submission yet (terminal_submit_wait() then says how long), and
 * with TERMINAL_SUBMIT_FULL when the spool holds its capacity or its disk is
 * full (terminal_health()). ERR then says so in one line.
 */
#define TERMINAL_SUBMIT_WAIT (-2)
#define TERMINAL_SUBMIT_FULL (-3)

/* Seconds until the next submission is allowed (0: now), for "please wait". Cannot fail. */
long terminal_submit_wait(const struct terminal *term);

enum terminal_state {
	TERMINAL_READY,	      /* takes requests */
	TERMINAL_NEARLY_FULL, /* takes requests; collect soon (capacity_warning reached) */
	TERMINAL_FULL,	      /* takes no requests: capacity reached or the disk is full */
};

struct terminal_health {
	enum terminal_state state;
	long stored;	 /* requests in the spool */
	long capacity;	 /* [limits] spool_capacity */
	long warning_at; /* stored count from which status warns */
	int disk_full;	 /* the spool could only be opened for reading */
};

/*
 * How full the terminal is, for the kiosk's out-of-service screen and for
 * status. Works on a full disk. 0, or -1 with ERR.
 */
int terminal_health(struct terminal *term, struct terminal_health *health, struct error *err)
	__attribute__((warn_unused_result));

/*
 * A cheap check that the terminal can still take requests, for the kiosk's
 * out-of-service screen when something fails after start: the signing key
 * file loads and is the key in use, every recipient's public key file loads
 * and is the key in use, and the spool opens afresh where the configuration
 * says, can be read and its file and folder written (a read-only remount, a
 * filesystem the kernel stopped writing after write errors: the folder must
 * take an unnamed temporary file, gone at once; a removed or replaced spool),
 * and the reference key is loaded (without it no code can be given: a key
 * that could not be read is tried again here, so one restored is used).
 * A full disk is not a failure here (submit refuses with TERMINAL_SUBMIT_FULL).
 * Takes a few milliseconds; changes nothing but a reference key loaded. 0
 * usable, or -1 with ERR naming the file and the reason.
 */
int terminal_check(struct terminal *term, struct error *err) __attribute__((warn_unused_result));

/* For prisma-admin: the open spool and the signing key (owned by TERM). */
struct spool *terminal_spool(struct terminal *term);
const struct key_secret *terminal_signer(const struct terminal *term);

/* The office's certificate of this terminal's key (CERTIFICATE_BYTES), or NULL if none is
 * configured. terminal_open checked it is for this terminal's id and key. */
const unsigned char *terminal_certificate(const struct terminal *term);

/*
 * Re-keying: the certificates of the terminal's earlier keys ([terminal]
 * previous_certificates), each checked at terminal_open against the
 * collection key and this terminal id. The count, and the Ith (NULL past it).
 */
size_t terminal_previous_count(const struct terminal *term);
const unsigned char *terminal_previous_certificate(const struct terminal *term, size_t i);

/*
 * 1 when ENVELOPE (LEN bytes) verifies with the terminal's key or one of its
 * earlier keys (INFO then filled), 0 when with none. Cannot fail.
 */
int terminal_signed_by_own_key(const struct terminal *term, const unsigned char *envelope,
			       size_t len, struct envelope_info *info);

/*
 * The terminal's audit log (core/audit.h): appends EVENT with DETAILS
 * (key, value, ..., NULL). A failure (full disk) is counted, never fatal:
 * terminal_audit_failures() says how many entries were lost.
 */
void terminal_audit(struct terminal *term, const char *event, const char *const *details);
void terminal_audit_counter(struct terminal *term, const char *event, uint64_t counter);
long terminal_audit_failures(const struct terminal *term);

/* Why the audit log cannot be written or checked (its key is missing or unreadable), or NULL. */
const char *terminal_audit_problem(const struct terminal *term);

/* Checks the audit log's chain (audit_verify): 0 intact, 1 tampered, -1 with ERR. */
int terminal_audit_verify(struct terminal *term, struct audit_report *report, struct error *err)
	__attribute__((warn_unused_result));

#define TERMINAL_HASH_BYTES 32

/*
 * The reference key: DATA_DIR/reference.key, 32 secret bytes (0600, beside
 * the spool and as private as the signing key) that key the reference-code
 * hash. It belongs to the spool, not to the signing key, so a re-key (a new
 * signing key and certificate) leaves every code answerable. Made at
 * provisioning; a spool from before it gets, at its first open, the key its
 * codes were hashed with until then (derived from the signing seed: crypto_kdf
 * subkey 2, context PRSMREF2), written to the file, and the spool records that
 * it has one (spool_reference_key_recorded). docs/formats.md.
 */
#define TERMINAL_REFERENCE_KEY_FILE  "reference.key"
#define TERMINAL_REFERENCE_KEY_BYTES 32

/*
 * Makes DATA_DIR/reference.key: random, 0600, durable; never overwrites one
 * (fails "already exists"). For provisioning. 0, or -1 with ERR.
 */
int terminal_reference_key_create(const char *data_dir, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Why reference codes can be neither given nor looked up (the spool's
 * reference key is missing or unreadable), or NULL. terminal_submit and
 * terminal_lookup_code then fail with it; status and export still work.
 */
const char *terminal_reference_problem(const struct terminal *term);

/*
 * The hash (TERMINAL_HASH_BYTES) the spool keeps of a reference code: BLAKE2b
 * keyed with the reference key, then Argon2id with the spool's salt and cost
 * (about 65 ms and 8 MiB; docs/security.md). 0, or -1 with ERR (out of memory,
 * or the reference key is missing: terminal_reference_problem).
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
 * seconds to wait (nothing was looked up); -1 with ERR. Takes one slow hash per
 * reference hash cost in use (one, unless the cost was raised while requests
 * were pending; spool.h).
 */
int terminal_lookup_code(struct terminal *term, const char *code, enum terminal_code_status *status,
			 unsigned *retry_after, struct error *err);

/*
 * Replaces the monotonic clock (whole seconds) the lookup limit counts with,
 * and forgets past attempts. For tests; NULL restores the real clock.
 */
void terminal_set_clock(struct terminal *term, uint64_t (*clock)(void *ctx), void *ctx);

#endif
