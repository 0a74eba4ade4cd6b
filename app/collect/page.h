#ifndef PRISMA_COLLECT_PAGE_H
#define PRISMA_COLLECT_PAGE_H

#include "core/error.h"

#include <jansson.h>

/*
 * prisma-collect export --format html: one print-friendly HTML page per
 * request, DIR/TERMINAL-COUNTER.html (mode 0600, never replacing a file),
 * every field escaped (escape_write, ESCAPE_HTML), no scripts, no outside
 * resources. ID is "TERMINAL/COUNTER"; REQ the decrypted payload.
 * 0, or -1 with ERR naming the file.
 */
int page_write(const char *dir, const char *id, json_t *req, struct error *err);

#endif
