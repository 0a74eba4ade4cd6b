#ifndef PRISMA_KIOSK_KEYBOARD_H
#define PRISMA_KIOSK_KEYBOARD_H

#include "kiosk/screen.h"

/*
 * The on-screen keyboard (shared by the screens with text fields): QWERTZ with
 * umlauts for German, QWERTY otherwise, on two pages: letters and digits
 * with punctuation (- , ? ! / ( ) : ' .). The prisoner number starts on
 * the digits page, every other field on letters; "key.page" turns the page.
 * Each page has three rows: the first ends in the page key, the second starts
 * with shift (letters), the last ends in backspace and space. Keys are widgets with ids
 * "key.<lower-case character>", "key.space", "key.backspace", "key.shift", "key.page", enabled only
 * while a field has focus, and never mirrored.
 *
 * Sizes come from the panel (display_mm): every key is at least 10.2 mm both
 * ways with 2.2 mm between keys; a row that does not fit across wraps onto
 * the next line (portrait), so a key never shrinks under 10 mm.
 */
#define KEYBOARD_PAGES 2
#define KEYBOARD_ROWS  3

struct keyboard_layout {
	const char *language;
	int rtl; /* the language writes right to left (keys still keep their places) */
	/* Each row lists lower/upper pairs, NULL-terminated. */
	const char *const *rows[KEYBOARD_PAGES][KEYBOARD_ROWS];
};

/* The layout for LANGUAGE, or the Latin QWERTY fallback. Never NULL. */
const struct keyboard_layout *keyboard_layout_find(const char *language);

/* Adds the keyboard for CTX's language into AREA (pixels). */
void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area);

/* Types the key ID into the focused field; returns 1 when ID is a key, else 0. */
int keyboard_activate(struct screen_input *in, const char *id);

#endif
