#ifndef PRISMA_KIOSK_KEYBOARD_H
#define PRISMA_KIOSK_KEYBOARD_H

#include "kiosk/ui.h"

/*
 * The on-screen keyboard: QWERTZ with umlauts for German, QWERTY otherwise,
 * digits, '-', '.', space, backspace and a one-shot shift. Keys are widgets
 * with ids "key.<lower-case character>", "key.space", "key.backspace",
 * "key.shift". Keys are enabled only while a field has focus.
 */

/* Adds the keyboard for the current language into AREA. */
void keyboard_build(struct ui *ui, SDL_Rect area);

/* Types the key with ID into the focused field (through actions_type). */
void keyboard_press(struct ui *ui, const char *id);

#endif
