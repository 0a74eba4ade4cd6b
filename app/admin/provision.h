#ifndef PRISMA_ADMIN_PROVISION_H
#define PRISMA_ADMIN_PROVISION_H

#include "core/error.h"

#include <stddef.h>

#define PROVISION_MAX_RECIPIENTS 8

struct provision_recipient {
	const char *name;	/* as the catalogue names it: vpn, apro */
	const char *public_key; /* its .pub file */
};

/*
 * Sets up a terminal in the new folder DIR from public keys only: a fresh
 * terminal signing key (DIR/terminal.key, unprotected: it signs, it opens
 * nothing), copies of the recipients' and the collection's .pub files in
 * DIR/keys/, terminal.ini (id ID, catalogue in ASSETS_DIR, certificate =
 * terminal.cert), an empty spool and the audit log's own key (DIR/spool/audit.key, kept
 * when the terminal is re-keyed). Any file given that holds a secret is
 * refused. EXTRA (NULL for none) is appended to terminal.ini as it is. The office certifies
 * DIR/terminal.pub (prisma-collect certify); the certificate goes to DIR/terminal.cert. 0, or -1
 * with ERR.
 */
int provision_create(const char *dir, const char *id, const char *assets_dir,
		     const struct provision_recipient *recipients, size_t count,
		     const char *collection_public, const char *extra, struct error *err);

#endif
