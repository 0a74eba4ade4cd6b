#ifndef PRISMA_COLLECT_STICKTOKEN_H
#define PRISMA_COLLECT_STICKTOKEN_H

#include "core/error.h"

#include <stdint.h>

/* Longest a token may run: a lost stick stops counting within this many days. */
#define STICKTOKEN_MAX_DAYS 366

/*
 * The unix second at which a token for the day DATE ("YYYY-MM-DD", UTC) stops
 * counting: the midnight after it. Refuses a malformed date, a day before the
 * day of NOW and one more than STICKTOKEN_MAX_DAYS after it. 0, or -1 with ERR.
 */
int sticktoken_parse_date(const char *date, uint64_t now, uint64_t *expires, struct error *err)
	__attribute__((warn_unused_result));

/*
 * prisma-collect token: signs with the collection key COLLECTION_KEY a token
 * for the USB stick with SERIAL, valid until the end of the day EXPIRES, and
 * writes it to STICKDIR/PRISMA/token (folders made as needed, never through a
 * link; a token already there is replaced, anything else of that name is
 * refused). Prints what it wrote. 0, or -1 with ERR naming the argument or
 * file at fault.
 */
int sticktoken_write(const char *serial, const char *expires, const char *collection_key,
		     const char *stickdir, struct error *err) __attribute__((warn_unused_result));

#endif
