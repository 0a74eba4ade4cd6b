#ifndef PRISMA_KIOSK_TEXT_H
#define PRISMA_KIOSK_TEXT_H

#include "core/error.h"
#include "kiosk/fonts.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stddef.h>

/*
 * Fonts, text drawing and the per-frame list of drawn strings (what the
 * script's expect-text looks at). Every string and every rendered pixel buffer
 * that passes through here may hold an inmate's typed text, so all of them are
 * wiped with sodium_memzero before they are freed.
 */
/* Inside the configured font_dir (Debian's fonts-noto-core by default). */
#define TEXT_FONT_REGULAR "NotoSans-Regular.ttf"
#define TEXT_FONT_BOLD	  "NotoSans-Bold.ttf"
#define TEXT_DRAWN_MAX	  256

/* Sizes from largest to smallest; text_draw steps down when a text does not fit. */
enum text_size {
	TEXT_HUGE = 0,
	TEXT_TITLE,
	TEXT_LARGE,
	TEXT_BODY,
	TEXT_SMALL,
	TEXT_TINY,
	TEXT_SIZE_COUNT,
};

enum text_align {
	TEXT_LEFT = 0,
	TEXT_CENTER,
	TEXT_TAIL, /* one line, left aligned; when too wide the end stays visible */
};

struct text_style {
	enum text_size size;
	int bold;
	enum text_align align;
	SDL_Color color;
	int top; /* align to the top of the box instead of centring vertically */
};

struct text {
	TTF_Font *fonts[2][TEXT_SIZE_COUNT];
	int px[TEXT_SIZE_COUNT];
	int height;  /* of the frame the sizes are for */
	int percent; /* text_set_scale: 100 normal, more for large text */
	/*
	 * Set by text_set_language: strings of a right-to-left language, or with a
	 * character Noto Sans lacks (a language's own name in Arabic or Georgian),
	 * go through shape.c with the language's font family and direction.
	 */
	struct fonts *shaper; /* borrowed; NULL: SDL_ttf only */
	const char *family;   /* borrowed */
	int rtl;
	char *drawn[TEXT_DRAWN_MAX];
	size_t drawn_count;
	size_t cut_count; /* strings since the last clear that did not fit their box */
	size_t cut_first; /* index in DRAWN of the first of them */
};

/*
 * Checks both font files exist and opens them in sizes proportional to a
 * window HEIGHT pixels high. Returns 0, or -1 with ERR naming the font path;
 * *TEXT then holds nothing to free.
 */
int text_open(struct text *text, const char *font_dir, int height, struct error *err);

/*
 * Makes every text size PERCENT per cent of the one text_open chose (the
 * large-text mode: 130 draws every text 1.3 times as high; a text that does
 * not fit its box at that size still steps down, so none is ever cut).
 * Returns 0, or -1 with ERR when SDL_ttf fails (sizes may then be mixed; the
 * caller sets 100 again). Wipes the drawn list.
 */
int text_set_scale(struct text *text, int percent, struct error *err);

/*
 * From now on, draws right-to-left (RTL) or complex text through shape.c with
 * SHAPER's fonts of FAMILY (both borrowed; SHAPER NULL goes back to plain
 * SDL_ttf). In RTL, TEXT_LEFT aligns to the right edge of the box (the start
 * of the line) and TEXT_TAIL keeps the left end (the end of the text) visible.
 */
void text_set_language(struct text *text, struct fonts *shaper, const char *family, int rtl);

/* Closes the fonts and wipes the drawn list. Safe on a zeroed struct. */
void text_close(struct text *text);

/*
 * Draws STR inside BOX (wrapped unless TEXT_TAIL, vertically centred),
 * stepping down in size until it fits, and records it in the drawn list.
 * When DRAWN is not NULL it receives the rectangle actually covered (width 0
 * at the box's left edge for an empty string). Returns 0, or -1 when SDL_ttf
 * fails (nothing drawn).
 */
int text_draw(struct text *text, SDL_Renderer *renderer, const char *str, SDL_Rect box,
	      const struct text_style *style, SDL_Rect *drawn);

/*
 * The width in pixels of the first LEN bytes of STR drawn as one line in
 * STYLE's size and weight (never stepped down), through shape.c where
 * text_draw would use it. Records nothing; every copy is wiped. Returns the
 * width, or -1 when SDL_ttf or shaping failed.
 */
int text_line_width(struct text *text, const char *str, size_t len, const struct text_style *style);

/*
 * The height in pixels STR takes drawn as text_draw draws it in STYLE's size
 * (never stepped down), wrapped at WIDTH. Renders it and wipes the pixels;
 * records nothing. Returns the height (0 for ""), or -1 on an SDL_ttf or
 * shaping failure.
 */
int text_height(struct text *text, const char *str, int width, const struct text_style *style);

/* Wipes and forgets every recorded string (start of each frame, wipes). */
void text_clear_drawn(struct text *text);

/* True when no drawn string (and no rendered text) is held: after a clear or a wipe. */
int text_is_wiped(const struct text *text);

/*
 * NULL when every string drawn since the last clear fitted its box (wrapped
 * only at spaces, at some size from its own down); else the first one that was
 * cut ("" when the drawn list was full). Owned by TEXT until the next clear.
 */
const char *text_first_cut(const struct text *text);

/*
 * How many texts since the last clear were cut (higher or, unless TEXT_TAIL,
 * wider than their box even at the smallest size), for expect-not-cut.
 */
size_t text_cut_count(const struct text *text);

/* True when NEEDLE is a substring of a string drawn since the last clear. */
int text_was_drawn(const struct text *text, const char *needle);

#endif
