#ifndef PRISMA_ADMIN_DEMO_H
#define PRISMA_ADMIN_DEMO_H

#include "core/error.h"

/*
 * Creates a complete demo world in DIR: office keys (collection, vpn, apro;
 * secrets sealed with PASSPHRASE), a terminal key, terminal.ini and an empty
 * spool, using the catalogue in ASSETS_DIR. The world is built beside DIR and
 * renamed into place, so it appears whole or not at all. Refuses an existing
 * DIR that is not empty. Returns 0, or -1 with ERR.
 */
int demo_create(const char *dir, const char *assets_dir, const char *passphrase, struct error *err);

#endif
