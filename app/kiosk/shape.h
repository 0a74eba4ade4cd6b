#ifndef PRISMA_KIOSK_SHAPE_H
#define PRISMA_KIOSK_SHAPE_H

#include "core/error.h"
#include "kiosk/fonts.h"

#include <SDL.h>
#include <stddef.h>

/*
 * A UTF-8 string drawn right in every script: FriBiDi resolves the bidi
 * levels (Arabic with Latin digits, KORA inside Persian), the string is cut
 * into runs of one level and one font (fonts.c picks the family per script),
 * each run is shaped by HarfBuzz inside SDL2_ttf with its direction and
 * script (TTF_SetFontDirection, TTF_SetFontScriptName), and the runs are put
 * in visual order. Carets and taps map between logical byte offsets and
 * pixels, so editing is right in right-to-left text too.
 *
 * The strings may be an inmate's text: every copy and every pixel buffer made
 * here is wiped (sodium_memzero) before it is freed.
 */
#define SHAPE_RUNS_MAX 48

struct shape_style {
	const char *family; /* the language's font family (languages.ini) */
	int bold;
	int px;	 /* font size in pixels */
	int rtl; /* base (paragraph) direction */
};

struct shape_run {
	size_t start, len;  /* bytes of the logical string */
	int level;	    /* bidi embedding level: odd is right to left */
	const char *family; /* font family of the run */
	char script[5];	    /* ISO 15924 code given to HarfBuzz */
	int x, w;	    /* visual place in the line, pixels */
};

struct shape_line {
	struct shape_run runs[SHAPE_RUNS_MAX]; /* visual order, left to right */
	size_t count;
	int w;		     /* width in pixels */
	int ascent, descent; /* the largest of the fonts used */
};

enum shape_align {
	SHAPE_ALIGN_START = 0, /* left in ltr, right in rtl */
	SHAPE_ALIGN_CENTER,
};

/*
 * Lays out LEN bytes of STR as one line into *LINE. Returns 0, or -1 with ERR
 * (invalid UTF-8, more than SHAPE_RUNS_MAX runs, a font that cannot be opened,
 * an SDL_ttf failure).
 */
int shape_layout(struct fonts *fonts, const char *str, size_t len, const struct shape_style *style,
		 struct shape_line *line, struct error *err) __attribute__((warn_unused_result));

/*
 * Renders STR in COLOR onto a new ARGB8888 surface with a transparent
 * background. WIDTH > 0 wraps at spaces (and always at '\n') so no line is
 * wider than WIDTH unless one word is (a word is never cut); lines are then
 * aligned per ALIGN. Returns the surface (free it with shape_surface_free), or
 * NULL with ERR. An empty STR gives a 1-pixel-wide surface one line high.
 */
SDL_Surface *shape_render(struct fonts *fonts, const char *str, const struct shape_style *style,
			  SDL_Color color, int width, enum shape_align align, struct error *err);

/* Wipes the pixels of SURFACE and frees it. NULL is ignored. */
void shape_surface_free(SDL_Surface *surface);

/*
 * The x (pixels from the line's left edge) of the caret before the byte
 * OFFSET of STR laid out as one line (OFFSET == strlen: after the last
 * character in logical order, which is at the left end of a right-to-left
 * run). Returns 0 and sets *X, or -1 with ERR.
 */
int shape_caret_x(struct fonts *fonts, const char *str, const struct shape_style *style,
		  size_t offset, int *x, struct error *err) __attribute__((warn_unused_result));

/*
 * The caret offset after moving one step visually: DIRECTION -1 to the left,
 * +1 to the right, whatever the direction of the text under the caret. Returns
 * OFFSET itself at the edge or on error.
 */
size_t shape_caret_move(struct fonts *fonts, const char *str, const struct shape_style *style,
			size_t offset, int direction);

/* The caret offset nearest to pixel X of the line (a tap into a field). */
size_t shape_offset_at(struct fonts *fonts, const char *str, const struct shape_style *style,
		       int x);

/*
 * Looks for a character of STR that the font of its run does not provide
 * (it would be drawn as an empty box). Spaces, line breaks and invisible
 * joiners are not drawn and are skipped. Returns 0 when every glyph is there,
 * 1 with the first missing code point in *CP, or -1 with ERR.
 */
int shape_missing_glyph(struct fonts *fonts, const char *str, const struct shape_style *style,
			unsigned *cp, struct error *err) __attribute__((warn_unused_result));

/*
 * Byte offset of the next / previous character boundary of STR from OFFSET,
 * keeping a base character and its combining marks together (a Vietnamese
 * tone, Arabic harakat). shape_next returns strlen at the end, shape_prev 0.
 */
size_t shape_next(const char *str, size_t offset);
size_t shape_prev(const char *str, size_t offset);

#endif
