#ifndef PRISMA_ADMIN_EXPORT_H
#define PRISMA_ADMIN_EXPORT_H

#include "core/error.h"
#include "core/terminal.h"

/*
 * Writes every unacknowledged envelope of TERM as one signed bundle to
 * DIR/PRISMA/outbox/TERMINAL-YYYYmmddTHHMMSSZ-FIRST-LAST.prb (temp name, fsync,
 * rename, directory fsync). Deletes nothing. On success stores the bundle's
 * path in PATH (size PATH_SIZE, empty when there was nothing to export) and
 * the envelope count in *COUNT. Returns 0, or -1 with ERR; a failed export
 * leaves no file behind.
 */
int export_bundle(struct terminal *term, const char *dir, char *path, size_t path_size, long *count,
		  struct error *err);

#endif
