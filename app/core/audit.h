#ifndef PRISMA_AUDIT_H
#define PRISMA_AUDIT_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>

/*
 * The terminal's audit log, DATA_DIR/audit.log: one line per event, each
 * chained to the one before by a keyed hash, so that an edited, deleted or
 * moved line shows (`prisma-admin verify-audit`). It records what happened
 * to requests by counter and to sticks and configuration, never anything a
 * person typed. Line format (docs/formats.md):
 *
 *   SEQ TIME EVENT [KEY=VALUE ...] HASH
 *
 * SEQ counts from 1; TIME is unix seconds; values are limited to
 * A-Z a-z 0-9 . _ - (anything else becomes '_'); HASH is the hex of keyed
 * BLAKE2b-256 over the previous line's HASH (64 zeros for the first), a
 * space, and this line up to the space before HASH. The key is the log's own
 * secret, DIR/audit.key (32 random bytes, 0600), made with the spool at
 * provisioning and kept for the life of the log: the chain cannot be rebuilt
 * by someone who has only the log, and re-keying the terminal's signing key
 * (a new certificate) does not touch it, so the chain verifies across it.
 */
#define AUDIT_KEY_BYTES 32
#define AUDIT_FILE	"audit.log"
#define AUDIT_KEY_FILE	"audit.key"

/*
 * Makes DIR/audit.key: AUDIT_KEY_BYTES random bytes, 0600, durable (file and
 * directory fsynced) before it returns. Never overwrites one (fails with ERR
 * "already exists"). 0, or -1 with ERR.
 */
int audit_key_create(const char *dir, struct error *err) __attribute__((warn_unused_result));

/*
 * The chain key of DIR's log into KEY. When DIR holds neither audit.key nor
 * audit.log (a data directory made before the log had its own key), makes
 * the key first. A log without its key cannot be checked or continued: that
 * fails, as does a key file of the wrong size. 0, or -1 with ERR naming the
 * file (KEY is zeros then).
 */
int audit_key_load(const char *dir, unsigned char *key, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Appends EVENT with DETAILS (NULL-terminated pairs of key and value
 * strings: "counter", "12", NULL) to DIR/audit.log under an exclusive lock,
 * and fsyncs it (and its directory when it creates the log) before it
 * returns: an entry that was appended survives a power cut. A cut while
 * appending can leave only that line torn, which the next append cuts off
 * (durably) and verification reports as cut off by power loss. Returns 0,
 * or -1 with ERR (a full disk); callers report it and carry on: the audit
 * must never stop a request.
 */
int audit_append(const char *dir, const unsigned char *key, const char *event,
		 const char *const *details, struct error *err) __attribute__((warn_unused_result));

struct audit_report {
	long entries;  /* lines that verify */
	long bad_line; /* first line that does not (0: none) */
	int torn_tail; /* the last line was cut off by power loss while it was written */
};

/*
 * Checks the whole chain of the log at PATH. The last line counts as cut off
 * by power loss, not tampering, when it lacks its newline or holds a NUL byte
 * (a block of it that never reached the disk reads as zeros; audit_append
 * never writes one): what is torn is reported in REPORT->torn_tail and is not
 * a failure. Any other line that does not verify is: an edit, a removal, a
 * move, a NUL before the last line, a whole last line with a wrong hash.
 * Returns 0 when every line verifies; 1 when one does not (REPORT->bad_line
 * and ERR say which); -1 with ERR when the file cannot be read.
 */
int audit_verify(const char *path, const unsigned char *key, struct audit_report *report,
		 struct error *err) __attribute__((warn_unused_result));

#endif
