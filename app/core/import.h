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
};

/* Receives one line about something that was refused (already escaped, no newline). */
typedef void (*import_note_fn)(void *ctx, const char *line);

/*
 * Imports every bundle on STICK into OFFICE, one transaction per bundle.
 * Each refused file or bundle is reported through NOTE (one line naming it)
 * and counted in REPORT; nothing of it is stored, nothing on the stick is
 * changed. Returns 0 when everything was stored, 1 when something was
 * refused (see REPORT), -1 with ERR when the stick cannot be read at all.
 */
int import_stick(struct office *office, const char *stick, import_note_fn note, void *ctx,
		 struct import_report *report, struct error *err);

#endif
