#ifndef PRISMA_KIOSK_EXPLAIN_H
#define PRISMA_KIOSK_EXPLAIN_H

#include "core/catalogue.h"

#include <stddef.h>

/*
 * The plain-words texts that tell an inmate what a service promises and what
 * happens to a request, in the current gettext language. What is promised
 * comes only from the catalogue's facts, so the kiosk never promises more of a
 * service than the programme description does.
 */

/* When the inmate reads what happens next: on review (before) or on done (after). */
enum explain_moment {
	EXPLAIN_BEFORE_SEND = 0,
	EXPLAIN_AFTER_SEND,
};

/*
 * The translated sentence for one fact bit (CATALOGUE_FACT_FREE: "It costs
 * nothing."), or NULL for anything else. Cannot fail.
 */
const char *explain_fact(unsigned fact);

/*
 * Writes the sentences of every bit in FACTS into BUF (SIZE bytes), one per
 * line, in a fixed order. Returns BUF; "" when FACTS is 0. Cannot fail; a
 * BUF too small holds the first lines only.
 */
const char *explain_facts(char *buf, size_t size, unsigned facts);

/*
 * A service's page: the sentences of FACTS (as explain_facts), then COLLECTION
 * (the catalogue's [info] collection text, untranslated; NULL to leave it out),
 * translated. Returns BUF. Cannot fail; a BUF too small holds the first lines.
 */
const char *explain_service(char *buf, size_t size, unsigned facts, const char *collection);

/*
 * Writes what happens next into BUF (SIZE bytes), one sentence per line: who can
 * read the request (only PROVIDER, not the prison), when it is collected
 * (COLLECTION, the catalogue's [info] collection text, untranslated; NULL to
 * leave it out), and how the answer comes (NAMED: the counsellors get in touch;
 * anonymous: only through the reference code). Returns BUF. Cannot fail; a BUF
 * too small holds the first lines only.
 */
const char *explain_next(char *buf, size_t size, enum explain_moment moment, const char *provider,
			 int named, const char *collection);

#endif
