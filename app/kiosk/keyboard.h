#ifndef PRISMA_KIOSK_KEYBOARD_H
#define PRISMA_KIOSK_KEYBOARD_H

#include "kiosk/screen.h"

/*
 * The on-screen keyboard (shared by the screens with text fields): QWERTZ with
 * umlauts for German, QWERTY otherwise, digits, '-', '.', space, backspace and
 * a one-shot shift. Keys are widgets with ids "key.<lower-case character>",
 * "key.space", "key.backspace", "key.shift", enabled only while a field has
 * focus, and never mirrored.
 *
 * The layouts are the seam for keyboards as data (assets/keyboards/): a
 * layout is found by language and says its writing direction.
 */
#define KEYBOARD_ROWS 4

struct keyboard_layout {
	const char *language;
	int rtl;  /* the language writes right to left (keys still keep their places) */
	int caps; /* capitals only (the reference code): shift changes nothing */
	/* Each row lists lower/upper pairs, NULL-terminated. */
	const char *const *rows[KEYBOARD_ROWS];
};

/* The layout for LANGUAGE, or the Latin QWERTY fallback. Never NULL. */
const struct keyboard_layout *keyboard_layout_find(const char *language);

/*
 * Adds the keyboard for CTX's language into AREA (pixels); for the status
 * screen's code field only the reference code's alphabet (core/terminal.c).
 */
void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area);

/* Types the key ID into the focused field; returns 1 when ID is a key, else 0. */
int keyboard_activate(struct screen_input *in, const char *id);

#endif
