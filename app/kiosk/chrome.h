#ifndef PRISMA_KIOSK_CHROME_H
#define PRISMA_KIOSK_CHROME_H

#include "kiosk/screen.h"

/*
 * What every screen shares (screens layer): title at the start, quick exit
 * at the end (never mirrored: it keeps its place for every language), back
 * and next at the bottom, text, caption/value rows, text fields. Positions
 * are per mille of the frame, measured from the reading start, so every size
 * from 800x480 up gets the same layout.
 */

/*
 * The bands every screen shares, per mille of the frame's height, sized so
 * that on the configured panel (display_mm; the 7-inch 154 x 86 mm one at
 * 800x480 and 1024x600) every target is at least 10 mm high, bands 2 mm
 * apart and the bottom row (back, next, the primary buttons) 12 mm high:
 * the head (title, quick exit), one row of text fields, the keyboard (four
 * 10 mm lines) and the bottom row. Portrait (taller than wide) has its own
 * bands, with room for a keyboard whose rows wrap onto two lines each.
 */
enum chrome_band {
	CHROME_HEAD = 0,
	CHROME_FIELDS,
	CHROME_KEYS,
	CHROME_BOTTOM,
};

/* True when VIEW's frame is taller than wide: screens stack what sits side by side. */
int chrome_portrait(const struct view *view);

/* The pixel rectangle of BAND from START, WIDTH wide (per mille, from the reading start). */
SDL_Rect chrome_band(const struct view *view, enum chrome_band band, int start, int width);

/* The top (TOP 1) or bottom edge (TOP 0) of BAND in per mille of the height. */
int chrome_band_edge(const struct view *view, enum chrome_band band, int top);

/* The pixel rectangle of a per-mille box on VIEW's frame. */
SDL_Rect chrome_box(const struct view *view, int start, int top, int width, int height);

/* Where the title goes: the top row between the speaker button and the mode switches. */
SDL_Rect chrome_title_rect(const struct view *view);

/* The title's place in per mille: from *START, *WIDTH wide (never mirrored). */
void chrome_title_span(const struct view *view, int *start, int *width);

void chrome_title(struct view *view, const char *title);

/*
 * The top row's switches, never mirrored: the speaker button `speak` at the
 * top left (reads the screen aloud, readaloud.h), then the mode switches
 * `contrast` and `large-text` (pictogram above a discreet label, ticked when
 * on) before quick exit; in read-aloud mode `speech.rate` and `speech.volume`
 * take the mode switches' places. The kiosk adds them to every screen that
 * takes taps.
 */
void chrome_modes(const struct screen_ctx *ctx, struct view *view);

/*
 * Only the speaker button `speak`, in its place of chrome_modes: the busy
 * `sending` screen, where nothing else can be tapped.
 */
void chrome_speak(const struct screen_ctx *ctx, struct view *view);

/*
 * Only the display-mode switches `contrast` and `large-text`, in their places
 * of chrome_modes: the USB overlay, the social worker's, which has no speaker
 * and is never read aloud.
 */
void chrome_display_switches(const struct screen_ctx *ctx, struct view *view);
void chrome_quick_exit(struct view *view);
void chrome_back(struct view *view);
void chrome_next(struct view *view, const char *id, const char *text, int enabled);

/* The done and error screens' one button: bottom centre, never where Send was. */
struct widget *chrome_centre_button(struct view *view, const char *id, const char *text);

/* A label of SIZE and ALIGN at RECT (not bold); returns it or NULL. */
struct widget *chrome_text(struct view *view, SDL_Rect rect, const char *text, enum text_size size,
			   enum text_align align);

/* One caption/value row of a two-column table at Y (per mille), H high. */
void chrome_row(struct view *view, int y, int h, const char *caption, const char *value);

/* A ROW-high row when VALUE is not empty; returns the Y below it. */
int chrome_row_if_set(struct view *view, int y, int row, const char *caption, const char *value);

/*
 * The text field ID showing FIELD of the session, focused when CTX's focus is
 * FIELD, with its note: how many characters still fit ("12 left").
 */
void chrome_field(const struct screen_ctx *ctx, struct view *view, const char *id,
		  enum session_field field, SDL_Rect rect, const char *caption);

/*
 * The label "hint" at the bottom centre, between back and next: why the next
 * step is disabled (REASON, NULL: none), or, when the focused field has just
 * refused a character, that it is full. Nothing when neither applies.
 */
void chrome_hint(const struct screen_ctx *ctx, struct view *view, const char *reason);

/* Sets *FOCUS when ID is a field id ("field.name"); returns 1 then, else 0. */
int chrome_focus_field(const char *id, enum session_field *focus);

#endif
