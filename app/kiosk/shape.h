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
 * pixels in caret.c, so editing is right in right-to-left text too.
 *
 * The strings may be an inmate's text: every copy and every pixel buffer made
 * here is wiped (sodium_memzero) before it is freed.
 */
#define SHAPE_RUNS_MAX 320 /* a field of 300 characters alternating scripts or directions */

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
 * Looks for a character of STR that the font of its run does not provide
 * (it would be drawn as an empty box). Spaces, line breaks and invisible
 * joiners are not drawn and are skipped. Returns 0 when every glyph is there,
 * 1 with the first missing code point in *CP, or -1 with ERR.
 */
int shape_missing_glyph(struct fonts *fonts, const char *str, const struct shape_style *style,
			unsigned *cp, struct error *err) __attribute__((warn_unused_result));

/* Decodes one UTF-8 sequence at S (at most AVAIL bytes) into *CP; its length, 0 if invalid. */
size_t shape_utf8(const unsigned char *s, size_t avail, unsigned *cp);

/* A combining mark or an invisible joiner: it stays with the character before it. */
int shape_attaches(unsigned cp);

/* Sets *W to the width of LEN bytes at S shaped as RUN (its font, direction, script). */
int shape_measure(struct fonts *fonts, const struct shape_run *run, const char *s, size_t len,
		  const struct shape_style *style, int *w, struct error *err)
	__attribute__((warn_unused_result));

#endif
