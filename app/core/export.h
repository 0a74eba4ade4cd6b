#ifndef PRISMA_EXPORT_H
#define PRISMA_EXPORT_H

#include "core/error.h"
#include "core/terminal.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Export: the terminal's pending envelopes, as signed bundles on a stick
 * (docs/formats.md). The kiosk's USB collection and `prisma-admin export` /
 * `collect` call this same code. Export never deletes anything from the
 * spool; only custody receipts do (core/purge.h).
 */
#define EXPORT_BUNDLE_ENVELOPES 5000
#define EXPORT_BUNDLE_BYTES	(16u * 1024 * 1024)
#define EXPORT_DAMAGED_LISTED	16

struct export_options {
	uint64_t now;	      /* the bundles' time; 0 = now */
	size_t max_envelopes; /* per bundle; 0 = EXPORT_BUNDLE_ENVELOPES */
	size_t max_bytes;     /* per bundle; 0 = EXPORT_BUNDLE_BYTES */
	/* How long to wait for another export to the same stick to finish: 0 = EXPORT_LOCK_WAIT_MS,
	 * negative = not at all. */
	long lock_wait_ms;
	/* The stick folder as it was when the round began (stick_ino 0: not checked). Once
	 * that folder is something else (a pulled stick's mount point is the terminal's own
	 * empty folder again) nothing more is written and nothing is noted as exported. */
	dev_t stick_dev;
	ino_t stick_ino;
	/* For tests: called before each bundle is written, once the outbox is checked and
	 * open (to swap a folder of the stick for a link, say); NULL: none. */
	void (*before_write)(void *ctx);
	void *before_write_ctx;
};

#define EXPORT_LOCK_WAIT_MS (10 * 60 * 1000)

struct export_result {
	long exported; /* envelopes written into bundles */
	long bundles;  /* bundle files written */
	long damaged;  /* pending envelopes that failed their own check: kept back */
	uint64_t damaged_counters[EXPORT_DAMAGED_LISTED]; /* the first of them */
	long stale_removed;   /* temporary files of a killed export removed */
	int unmarked;	      /* the spool could not note the export (full disk): harmless */
	char last_path[4096]; /* the last bundle written, "" when none */
};

/*
 * Writes every pending envelope of TERM that passes its own check (terminal
 * signature, terminal id, counter) into bundles of at most max_envelopes and
 * max_bytes under STICK/PRISMA/outbox/, each under a name no earlier bundle
 * has; damaged envelopes are counted in RESULT and never shipped. Temporary
 * files a killed export of this terminal left there are removed first. One
 * export at a time per outbox (flock on the folder, waiting up to
 * lock_wait_ms, then failing "another export ... is running"), so a second
 * export never takes the first one's temporary file for a killed export's.
 * OPTIONS may be NULL. Returns 0 (RESULT filled), or -1 with ERR naming the
 * file; bundles written before a failure are complete and stay.
 */
int export_to_stick(struct terminal *term, const char *stick, const struct export_options *options,
		    struct export_result *result, struct error *err)
	__attribute__((warn_unused_result));

struct export_check {
	long pending;
	long damaged;
	uint64_t damaged_counters[EXPORT_DAMAGED_LISTED];
};

/*
 * Reads every pending envelope of TERM and checks it as export would,
 * without writing anything (works on a full disk). 0, or -1 with ERR.
 */
int export_check_spool(struct terminal *term, struct export_check *check, struct error *err)
	__attribute__((warn_unused_result));

#endif
