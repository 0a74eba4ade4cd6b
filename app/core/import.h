#ifndef PRISMA_IMPORT_H
#define PRISMA_IMPORT_H

#include "core/error.h"
#include "core/office.h"

/*
 * Office import of a stick (or any folder a stick's files were copied to):
 * the bundles in STICK/PRISMA/outbox/, or in STICK itself when it has no
 * PRISMA folder. The command-line tool, the kiosk's collection and a later
 * intranet service all call this.
 */
struct import_report {
	struct office_import_result stored; /* added, known, conflicts */
	long bundles;			    /* bundles stored */
	long rejected;			    /* bundles refused whole: bad signature, format */
	long refused_files;		    /* links, FIFOs, odd names, oversized files */
	long quarantined;		    /* bundles from keys nobody vouched for */
	long hook_problems;		    /* bundles the STORED hook reported a problem with */
	long interrupted;		    /* temporary files of an export cut off at a terminal */
};

/*
 * What the caller does around the import: NOTE receives one line about
 * something refused (already escaped, no newline); STORED, if set, is called
 * after each bundle was stored, with its file NAME (as read, WHERE its
 * folder), its bytes, the report so far, the damaged count before this
 * bundle and the terminal enrolled by it (NEW_TERMINAL->name empty if none);
 * it returns 0, or 1 when it reported a problem of its own.
 */
struct import_hooks {
	void (*note)(void *ctx, const char *line);
	int (*stored)(void *ctx, const char *where, const char *name, const unsigned char *data,
		      size_t len, const struct import_report *report, long damaged_before,
		      const struct key_public *new_terminal);
	void *ctx;
};

/*
 * Imports every bundle on STICK into OFFICE, one transaction per bundle.
 * Each refused file or bundle is reported through HOOKS->note (one line naming it)
 * and counted in REPORT; nothing of it is stored, nothing on the stick is
 * changed. A bundle whose signer is neither enrolled nor certified is
 * quarantined and reported with the fingerprint of the key it claims. The
 * temporary file of an export that was cut off at the terminal
 * (NAME.prb.tmp-XXXXXX) is not read, and noted and counted as such, not
 * refused: its requests are still pending on the terminal, which removes it
 * at its next export.
 * Returns 0 when everything was stored, 1 when something was
 * refused (see REPORT), -1 with ERR when the stick cannot be read at all.
 */
int import_stick(struct office *office, const char *stick, const struct import_hooks *hooks,
		 struct import_report *report, struct error *err);

#endif
