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
#define TEXT_CACHE_MAX	  384 /* two texts (a field's caption and value) per widget, and more */

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

/*
 * One rendered text, kept while frames draw it: the string (may be an
 * inmate's), what decided its pixels, and the texture. Zeroed when dropped.
 */
struct text_cached {
	char *str;
	size_t len;
	int box_w, box_h, bold, px, percent, rtl;
	enum text_size size;
	enum text_align align;
	SDL_Color color;
	const char *family;
	const struct fonts *shaper;
	SDL_Texture *texture; /* only the columns from ink_x that hold ink, ink_w wide */
	int w, h;	      /* of the whole rendering (placement) */
	int ink_x, ink_w;
	unsigned long frame; /* the last frame that drew it */
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
	/* Rendered texts of this frame and the last: a redraw renders nothing anew. */
	struct text_cached cached[TEXT_CACHE_MAX];
	size_t cached_count;
	unsigned long frame;
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

/* Closes the fonts and wipes the drawn list and the cache. Safe on a zeroed struct. */
void text_close(struct text *text);

/*
 * Draws STR inside BOX (wrapped unless TEXT_TAIL, vertically centred),
 * stepping down in size until it fits, and records it in the drawn list. The
 * rendered text is cached on RENDERER (which must stay the same until
 * text_close) while each frame draws it again.
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

/* The start of a frame: wipes the drawn list; the cache starts a new frame. */
void text_frame_begin(struct text *text);

/*
 * The end of a frame (after it is presented): every cached text this frame
 * did not draw is zeroed and freed, so the cache holds only what is on screen.
 */
void text_frame_end(struct text *text);

/*
 * Zeroes and frees every recorded string and every cached rendered text (its
 * copy of the string and its pixels): part of every session wipe. Cannot fail.
 */
void text_wipe(struct text *text);

/* True when no drawn string and no cached rendered text is held: after text_wipe. */
int text_is_wiped(const struct text *text);

/*
 * True when a drawn string or a cached text from frame FRAME or earlier is
 * still held (text->frame numbers the frames; frames drawn later are newer).
 */
int text_holds_from(const struct text *text, unsigned long frame);

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
