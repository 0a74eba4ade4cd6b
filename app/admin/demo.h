#ifndef PRISMA_ADMIN_DEMO_H
#define PRISMA_ADMIN_DEMO_H

#include "core/error.h"

/*
 * Creates a complete demo world in DIR, the two places apart: DIR/office/
 * (collection, vpn and apro keys, secrets sealed with PASSPHRASE) and
 * DIR/terminal/, provisioned from the office's public keys only
 * (provision_create: terminal.ini, terminal key, empty spool, catalogue in
 * ASSETS_DIR) and certified by the office's collection key (terminal.cert).
 * Nothing in DIR/terminal opens a request. ID NULL: demo-wing-a-01. The world is built beside DIR
 * and renamed into place, so it appears whole or not at all. Refuses an existing DIR that is not
 * empty. Returns 0, or -1 with ERR.
 */
int demo_create(const char *dir, const char *assets_dir, const char *passphrase, const char *id,
		struct error *err);

#endif
