#ifndef PRISMA_KIOSK_MODES_H
#define PRISMA_KIOSK_MODES_H

#include "kiosk/theme.h"

/*
 * The display modes (model layer) a person switches with the buttons
 * `contrast` and `large-text` on every screen: high contrast (the theme's
 * [high-contrast] palette, every text at least 7:1) and large text (every
 * text size times the theme's [large-text] scale). They belong to one person:
 * every arrival on home (a session wipe) puts both off again, so the next
 * person starts in the normal mode. Switching changes nothing else (typed
 * text, focus, keyboard and screen stay).
 */
struct modes {
	int high_contrast;
	int large_text;
};

#define MODES_CONTRAST	 "contrast"   /* the widget id of the high-contrast switch */
#define MODES_LARGE_TEXT "large-text" /* the widget id of the large-text switch */

/* Switches the mode whose button is ID. Returns 1 when ID is one of them, else 0 (nothing changed).
 */
int modes_toggle(struct modes *modes, const char *id);

/* Both modes off. Cannot fail. */
void modes_reset(struct modes *modes);

/* True when both modes are off (what expect-wiped checks). */
int modes_are_default(const struct modes *modes);

/* The palette to draw with: SET's high-contrast one or its normal one. Cannot fail. */
const struct theme *modes_palette(const struct modes *modes, const struct theme_set *set);

/* The text size in per cent of normal: SET's large-text scale, or 100. Cannot fail. */
int modes_text_percent(const struct modes *modes, const struct theme_set *set);

#endif
