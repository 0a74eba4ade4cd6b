#ifndef PRISMA_KIOSK_WIDGET_H
#define PRISMA_KIOSK_WIDGET_H

#include "kiosk/canvas.h"
#include "kiosk/icons.h"
#include "kiosk/text.h"
#include "kiosk/theme.h"

#include <SDL.h>

/*
 * The widgets a screen is made of. A screen rebuilds its widget list from the
 * UI state before every frame and every hit test, so a widget is a plain value:
 * no callbacks, no ownership. TEXT and CAPTION point into strings that live at
 * least as long as the frame (gettext, the catalogue, the request buffer).
 */
#define WIDGET_ID_MAX 32

enum widget_kind {
	WIDGET_LABEL = 0, /* text only, not tappable */
	WIDGET_BUTTON,
	WIDGET_TOGGLE, /* a checkbox with its sentence; CHECKED draws the tick */
	WIDGET_FIELD,  /* text entry: CAPTION above the typed TEXT; CHECKED = focused */
	WIDGET_KEY,    /* on-screen keyboard key */
};

/* What a widget is for assistive output (speech) and tests. */
enum widget_role {
	WIDGET_ROLE_TEXT = 0,
	WIDGET_ROLE_HEADING,
	WIDGET_ROLE_BUTTON,
	WIDGET_ROLE_CHECKBOX,
	WIDGET_ROLE_TEXTBOX,
	WIDGET_ROLE_KEY,
};

#define WIDGET_NEVER_MIRROR 0x1u /* keeps its place right to left (keyboard keys, digits) */
#define WIDGET_NEVER_SPEAK  0x2u /* never read aloud: the inmate's text, the code */
#define WIDGET_ICON_ABOVE   0x4u /* a button's pictogram above a small label (the mode switches) */
#define WIDGET_SPELL	    0x8u /* read aloud in groups, slowly, a character at a time (the code) */

struct widget {
	char id[WIDGET_ID_MAX];
	enum widget_kind kind;
	enum widget_role role;
	/*
	 * The spoken label (read aloud, readaloud.h), in the screen's language;
	 * NULL: TEXT is spoken, unless WIDGET_NEVER_SPEAK. Set where TEXT is a
	 * symbol or the inmate's own text (a field speaks its caption).
	 */
	const char *label;
	const char
		*icon;	/* a button's pictogram, a file in assets/icons/ ("next.svg"); NULL: none */
	unsigned flags; /* WIDGET_NEVER_* */
	SDL_Rect rect;
	const char *text;
	const char *caption;
	const char *note; /* a field's note at the end of its caption row ("12 left"); NULL: none */
	int alert;	  /* the note is a warning (the field is full): drawn bold in ink */
	struct text_style style;
	int enabled;
	int checked; /* toggle ticked, choice selected, field focused */
	int primary; /* the main action of the screen: filled dark */
};

/*
 * Sets W to a fresh enabled widget of KIND at RECT showing TEXT (id "" for
 * NULL), with the role that goes with KIND and the default text style.
 */
void widget_init(struct widget *w, enum widget_kind kind, const char *id, SDL_Rect rect,
		 const char *text);

/*
 * Draws W on CANVAS in THEME's colours, a button with its ICON (at its left) from ICONS
 * (NULL: no icons; an icon that cannot be drawn is reported on stderr and left
 * out). Returns 0, or -1 if SDL failed (the frame is then incomplete).
 */
int widget_draw(const struct widget *w, struct canvas *canvas, struct text *text,
		const struct theme *theme, struct icons *icons);

/* True when W takes taps and (X, Y) lies inside it. */
int widget_hit(const struct widget *w, int x, int y);

/* True for kinds a user can tap (everything except labels). */
int widget_is_interactive(const struct widget *w);

#endif
