#ifndef PRISMA_COLLECT_RECEIPTS_H
#define PRISMA_COLLECT_RECEIPTS_H

#include "core/office.h"
#include "core/error.h"
#include "core/keys.h"

/*
 * Custody receipts written back to the stick after an import
 * (docs/formats.md). Kept apart from the import itself: a receipt names
 * only envelopes the office store holds at the time it is written, whatever
 * the bundle file says, so it can never let a terminal purge something the
 * office does not have.
 */

/*
 * For the bundle DATA (LEN bytes, already read from BUNDLE_PATH on the
 * stick and imported): writes a receipt,
 * signed by COLLECTION, naming each of its envelopes that OFFICE now stores,
 * to STICK/PRISMA/receipts/NAME.prr, NAME being the bundle's file name
 * without ".prb". *NAMED gets the count (0: nothing stored, no receipt). An
 * existing receipt of that name is left as it is. Returns 0, or -1 with ERR.
 */
int receipts_write_for_bundle(struct office *office, const char *bundle_path,
			      const unsigned char *data, size_t len, const char *stick,
			      const struct key_secret *collection, long *named, struct error *err)
	__attribute__((warn_unused_result));

#endif
