#ifndef PRISMA_COLLECTION_H
#define PRISMA_COLLECTION_H

#include "core/custody.h"
#include "core/error.h"
#include "core/terminal.h"

#include <stdint.h>

/*
 * One collection round on a mounted stick, with one status for every
 * outcome (docs/kiosk.md, USB collection). The kiosk's USB collection and
 * `prisma-admin collect --stick` both call collection_run: check the stick's
 * token (kiosk only), apply its receipts and export what is left
 * (custody_collect), then check the stick was left tidy. Each outcome is one
 * "collection" line in the audit log.
 */
enum collection_status {
	COLLECTION_EXPORT_OK,	     /* bundles complete on the stick (counts in the outcome) */
	COLLECTION_RECEIPTS_APPLIED, /* receipts purged requests; nothing was left to export */
	COLLECTION_NOT_AUTHORIZED,   /* no token, a forged one, or one for another stick */
	COLLECTION_TOKEN_EXPIRED,    /* a genuine token for this stick, past its date */
	COLLECTION_MULTIPLE_DEVICES, /* the kiosk saw more than one stick: it collects from none */
	COLLECTION_MOUNT_TIMEOUT,    /* the stick was not mounted in time */
	COLLECTION_DISK_FULL,	     /* the stick ran out of space */
	COLLECTION_WRITE_ERROR,	     /* the stick refused a write (or a folder of ours is a link) */
	COLLECTION_DEVICE_REMOVED,   /* the stick was pulled before the export was complete */
	COLLECTION_CLEANUP_ERROR,    /* export complete, but our temporary files or applied
				      * receipts could not be removed from the stick */
	COLLECTION_STATUS_COUNT
};

/* The status's name as the audit log, the overlay and scripts spell it ("EXPORT_OK"). */
const char *collection_status_name(enum collection_status status);

/* The status named NAME into *STATUS. 0, or -1 when NAME is none of them. */
int collection_status_parse(const char *name, enum collection_status *status);

/* True for the two outcomes after which the social worker may simply pull the stick. */
int collection_status_ok(enum collection_status status);

struct collection_request {
	const char *stick;  /* the mounted stick's folder */
	const char *serial; /* the stick's USB serial; NULL: no token needed (an operator at the
			     * terminal's own shell, prisma-admin) */
	uint64_t now;	    /* for the token's expiry and the bundles; 0: now */
	const struct export_options *export; /* may be NULL */
	/* Asked after a failure: 0 once the stick has been pulled (NULL: only the folder is
	 * checked). Called on the collecting thread. */
	int (*present)(void *ctx);
	void *present_ctx;
	custody_report_fn report; /* a line per rejected stick file; may be NULL */
	void *report_ctx;
};

struct collection_outcome {
	enum collection_status status;
	struct custody_result custody; /* receipts and export counts (zero when not reached) */
	char detail[512];	       /* why, one line; "" on success */
};

/*
 * Runs one round as described above and fills OUTCOME. Nothing is noted as
 * exported in the spool unless every bundle is complete (fsynced) on the
 * stick; bundles written before a failure stay complete and are exported
 * again next time; a later round removes what a broken one left. Returns
 * OUTCOME->status. Cannot fail otherwise.
 */
enum collection_status collection_run(struct terminal *term, const struct collection_request *req,
				      struct collection_outcome *outcome);

/*
 * For outcomes decided before any stick is read (MULTIPLE_DEVICES,
 * MOUNT_TIMEOUT): notes STATUS with DETAIL (an audit value) in the audit log.
 */
void collection_audit(struct terminal *term, enum collection_status status, const char *detail);

#endif
