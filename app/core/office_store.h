#ifndef PRISMA_OFFICE_STORE_H
#define PRISMA_OFFICE_STORE_H

/*
 * Inside the office store, shared by office.c (the store) and office_import.c
 * (bundles into it). Nothing outside those two includes this.
 */
#include "core/error.h"
#include "core/keys.h"

#include <sqlite3.h>
#include <stdint.h>

struct office {
	sqlite3 *db;
	char *path;
	struct key_public collection; /* the trust anchor for certificates */
	int has_collection;
};

/* Fills ERR with WHAT and SQLite's message for the store's file. Returns -1. */
int office_fail(struct office *office, struct error *err, const char *what);

/* Trusts PUB for its terminal, noting HOW (and ISSUED for a certificate). 0, or -1 with ERR. */
int office_trust(struct office *office, const struct key_public *pub, const char *how,
		 uint64_t issued, struct error *err) __attribute__((warn_unused_result));

/* 1 when TERMINAL_ID is trusted with the key PK, 0 when not, -1 with ERR. */
int office_trusts(struct office *office, const char *terminal_id, const unsigned char *pk,
		  struct error *err) __attribute__((warn_unused_result));

#endif
