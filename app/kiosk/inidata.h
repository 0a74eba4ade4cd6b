#ifndef PRISMA_KIOSK_INIDATA_H
#define PRISMA_KIOSK_INIDATA_H

#include "core/error.h"

#include <ini.h>

/*
 * Shared by the parsers of the kiosk's data files (languages.ini, keyboards):
 * inih over text in memory with a line counter, so that a refusal from the
 * handler names its line ("de.kbd:7: [page letters] row: 14 keys wide, at
 * most 12 fit"). A parser's state struct starts with a struct inidata.
 */
struct inidata {
	const char *cursor; /* the reader's position in the text */
	int line;	    /* the line the reader handed to inih last */
	int error_line;	    /* the first line the handler refused, or 0 */
	char reason[256];   /* why it refused */
};

#define INIDATA_FILE_MAX 65536

/*
 * Records why the line being parsed is refused (only the first refusal is
 * kept: inih goes on after an error). Returns 0, what a handler returns to
 * refuse a line.
 */
int inidata_refuse(struct inidata *ini, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Parses TEXT with HANDLER; USER must start with a struct inidata. Returns 0,
 * or -1 with ERR as "NAME:LINE: reason" (the handler's reason, or a syntax
 * error).
 */
int inidata_parse(const char *text, const char *name, ini_handler handler, void *user,
		  struct error *err) __attribute__((warn_unused_result));

/*
 * Reads PATH (a text file of at most INIDATA_FILE_MAX bytes, no NUL) into a
 * malloc'ed, NUL-terminated string the caller frees. Returns NULL with ERR
 * naming the file on failure.
 */
char *inidata_read(const char *path, struct error *err) __attribute__((warn_unused_result));

#endif
