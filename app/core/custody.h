#ifndef PRISMA_CUSTODY_H
#define PRISMA_CUSTODY_H

#include "core/error.h"
#include "core/export.h"
#include "core/terminal.h"

/*
 * A collection round at the terminal (docs/formats.md, custody receipts):
 * verify the receipts on the stick against the configured collection key,
 * purge exactly the envelopes they name, then export what is left. The
 * kiosk's USB collection and `prisma-admin collect --stick` call this.
 */
#define CUSTODY_RECEIPT_MAX_BYTES (64 + 48 + RECEIPT_MAX_HASHES * 32 + 64)

struct custody_result {
	long applied;	      /* receipts for this terminal that purged something */
	long replayed;	      /* valid receipts for this terminal naming nothing still held */
	long rejected;	      /* forged, truncated, malformed, odd files: nothing changed */
	long foreign;	      /* valid receipts for other terminals: left on the stick */
	long purged;	      /* envelopes deleted */
	long bundles_dropped; /* this terminal's answered bundles removed from the stick */
	int purge_failed; /* a purge could not be committed (see the report); export still ran */
	struct export_result export;
};

/* One line about one stick file (already escaped: file names are shown as safe text). */
typedef void (*custody_report_fn)(void *ctx, const char *line);

/*
 * Applies every receipt in STICK/PRISMA/receipts/ (receipts for this terminal
 * are removed from the stick once applied, with the bundle each answers;
 * rejected files are moved to
 * STICK/PRISMA/quarantine/, reported once; other terminals' receipts stay),
 * then exports (export_to_stick with OPTIONS, which may be NULL). REPORT (may
 * be NULL) gets a line per rejected file and per failed purge. Returns 0 with
 * RESULT filled, or -1 with ERR when the collection key cannot be read or
 * the export fails; a failed purge alone is not a failure of the round.
 */
int custody_collect(struct terminal *term, const char *stick, const struct export_options *options,
		    custody_report_fn report, void *ctx, struct custody_result *result,
		    struct error *err) __attribute__((warn_unused_result));

#endif
