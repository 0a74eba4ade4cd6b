#ifndef PRISMA_KIOSK_KEYBOARD_H
#define PRISMA_KIOSK_KEYBOARD_H

#include "kiosk/screen.h"

/*
 * The on-screen keyboard (shared by the screens with text fields), built from
 * the layouts of assets/keyboards/ (kbdlayout.h has the key ids): the
 * language's keyboard, switchable with key.switch on a text field; the
 * prisoner number always gets the digits pad. Keys are enabled only while a
 * field has focus, key.enter only where a line break is allowed (times,
 * message). Keyboards are never mirrored.
 *
 * Keys are sized from the panel (display_mm): at least 10 mm both ways with
 * 2 mm between them, up to 12 units a line; a row wider than a line holds
 * (portrait) wraps onto balanced lines, so a key never shrinks under 10 mm.
 */

/* Adds the keyboard for CTX's focused field into AREA (pixels). */
void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area);

/* Acts on the key ID (typing into the focused field); returns 1 when ID is a key, else 0. */
int keyboard_activate(struct screen_input *in, const char *id);

#endif
