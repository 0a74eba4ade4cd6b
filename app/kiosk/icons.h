#ifndef PRISMA_KIOSK_ICONS_H
#define PRISMA_KIOSK_ICONS_H

#include "core/error.h"

#include <SDL.h>

/*
 * Pictograms: the project's own SVG files in assets/icons/ (one colour, drawn
 * with 3-unit strokes on a 48-unit square), rasterised by SDL2_image at the
 * pixel size a widget needs, the first time it needs it, and kept per file and
 * size until icons_close. Only an icon's shape counts: each is kept as a
 * white mask (alpha = coverage) and drawn in the colour of its widget's text.
 */
#define ICONS_SIZE_MIN 8
#define ICONS_SIZE_MAX 512

struct icons;

/*
 * Opens the icon set in DIR; nothing is read yet. RENDERER (may be NULL, then
 * icons_draw cannot be used) is where icons_draw draws; it must outlive the
 * set. Returns the set, or NULL with ERR on out of memory.
 */
struct icons *icons_open(const char *dir, SDL_Renderer *renderer, struct error *err);

/* Frees every cached picture and texture, then the set. Safe on NULL. */
void icons_close(struct icons *icons);

/*
 * The icon FILE ("next.svg", a plain file name under DIR) rasterised SIZE x
 * SIZE pixels as a white mask, loaded on first use. The surface belongs to the
 * set and lives until icons_close. Returns NULL with ERR naming the file when
 * the name is not a plain .svg file name, the size is out of range, or the file
 * is missing, unreadable or draws nothing.
 */
const SDL_Surface *icons_get(struct icons *icons, const char *file, int size, struct error *err);

/*
 * Draws FILE as large as fits in BOX (square, centred) in COLOR on the set's
 * renderer; RTL (a right-to-left language) mirrors the icons that point along
 * the reading direction (icons_mirrored). Returns 0, or -1 with ERR
 * (icons_get's failures, or SDL's); the frame is then unchanged.
 */
int icons_draw(struct icons *icons, const char *file, SDL_Rect box, SDL_Color color, int rtl,
	       struct error *err);

/* True for the icons that point along the reading direction (next, back, send, ...). */
int icons_mirrored(const char *file);

/*
 * The icon file of the main action with widget ID ("next" -> "next.svg"), or
 * NULL when that action has none. Cannot fail.
 */
const char *icons_for_action(const char *id);

/* The widget ids that have an action icon, NULL-terminated (for checks and tests). */
const char *const *icons_action_ids(void);

#endif
