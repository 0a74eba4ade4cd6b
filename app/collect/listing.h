#ifndef PRISMA_COLLECT_LISTING_H
#define PRISMA_COLLECT_LISTING_H

#include "core/office.h"
#include "core/error.h"
#include "core/keys.h"

#include <stdio.h>

enum listing_format {
	LISTING_TABLE,
	LISTING_CSV,
	LISTING_JSON,
	LISTING_HTML, /* export: one page per request into a folder (collect/page.c) */
};

struct listing_options {
	enum listing_format format;
	const char *only_id;  /* show: only the request "TERMINAL/COUNTER", else NULL */
	const char *html_dir; /* LISTING_HTML: the folder the pages go to */
};

/* Parses "table", "csv", "json" or "html". 0, or -1 when unknown. */
int listing_parse_format(const char *text, enum listing_format *format);

/*
 * Decrypts every stored request addressed to KEY (or only OPT->only_id) and
 * prints it to OUT in OPT->format (LISTING_HTML: a page per request in
 * OPT->html_dir). Whatever the requests hold is escaped on every path. Envelopes for other
 * recipients are skipped silently. An envelope for KEY that fails to open or holds a malformed
 * payload is reported on stderr (one line naming it) and skipped. Returns the number of requests
 * printed, or -1 with ERR; *BAD counts the skipped broken ones. Plaintext is
 * held only in guarded memory and wiped after each request.
 */
long listing_print(struct office *office, const struct key_secret *key,
		   const struct listing_options *opt, FILE *out, long *bad, struct error *err);

#endif
