#ifndef PRISMA_KIOSK_SCRIPT_H
#define PRISMA_KIOSK_SCRIPT_H

#include "core/error.h"
#include "kiosk/ui.h"

#include <stddef.h>

/*
 * Scripted replay (--script FILE): one command per line, '#' comments and
 * blank lines ignored. The grammar is documented in docs/kiosk.md. Every
 * input command becomes SDL events handed to ui_handle_event, the same path
 * live input takes; the clock is virtual and only `wait` moves it.
 */
struct script {
	char *path;
	char **lines;
	size_t line_count;
};

/* Reads PATH whole. Returns 0, or -1 with ERR naming the file; *SCRIPT then holds nothing. */
int script_load(struct script *script, const char *path, struct error *err);

void script_free(struct script *script);

/*
 * Runs every step against UI, rendering a frame before each. Prints each
 * failing step as "PATH:LINE: why" on stderr. SCREENSHOT_DIR may be NULL
 * (then `screenshot` fails). Returns 0 when every step held, 1 otherwise.
 */
int script_run(const struct script *script, struct ui *ui, const char *screenshot_dir);

#endif
