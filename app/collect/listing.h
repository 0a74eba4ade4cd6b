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
};

/* Parses "table", "csv" or "json". 0, or -1 when unknown. */
int listing_parse_format(const char *text, enum listing_format *format);

/*
 * Decrypts every stored request addressed to KEY and prints it to OUT in
 * FORMAT. Envelopes for other recipients are skipped silently. An envelope
 * for KEY that fails to open or holds a malformed payload is reported on
 * stderr (one line naming it) and skipped. Returns the number of requests
 * printed, or -1 with ERR; *BAD counts the skipped broken ones. Plaintext is
 * held only in guarded memory and wiped after each request.
 */
long listing_print(struct office *office, const struct key_secret *key, enum listing_format format,
		   FILE *out, long *bad, struct error *err);

#endif
