#ifndef PRISMA_KIOSK_THEME_H
#define PRISMA_KIOSK_THEME_H

#include "core/error.h"

#include <SDL.h>

/*
 * The colours everything is drawn in (render layer), read from a theme file
 * (assets/theme.ini, format in docs/formats.md) so operators change colours
 * without touching C: the normal palette, a high-contrast palette and how much
 * larger text is in the large-text mode. widget.c draws with one palette.
 */
struct theme {
	SDL_Color background; /* behind every screen */
	SDL_Color ink;	      /* text and borders */
	SDL_Color paper;      /* inside buttons and fields */
	SDL_Color accent;     /* primary and chosen buttons, focus, caret */
	SDL_Color muted_bg;   /* disabled buttons */
	SDL_Color muted_ink;  /* disabled text, captions */
};

#define THEME_SCALE_MIN 100 /* per cent: large text is never smaller than normal */
#define THEME_SCALE_MAX 200

/* Everything a theme file holds. */
struct theme_set {
	struct theme normal;	    /* [theme]: every text at least 4.5:1 */
	struct theme high_contrast; /* [high-contrast]: every text at least 7:1 */
	int large_text_percent;	    /* [large-text] scale: every text size, in per cent */
};

/* The contrast each palette's texts must reach (WCAG 2: AA and AAA). */
#define THEME_MIN_CONTRAST	4.5
#define THEME_MIN_CONTRAST_HIGH 7.0

/*
 * Reads the theme file PATH: [theme] and [high-contrast] with all six colours
 * as #RRGGBB, [large-text] with scale (per cent, 100 to 200). Returns 0, or -1
 * with ERR naming the file, line and key at fault; *SET is then unchanged.
 */
int theme_load(struct theme_set *set, const char *path, struct error *err);

/* As theme_load on the file contents TEXT; NAME stands for the file in messages. */
int theme_parse(struct theme_set *set, const char *text, const char *name, struct error *err);

/*
 * The WCAG 2 contrast ratio of A against B (1 to 21, order does not matter).
 * Cannot fail.
 */
double theme_contrast(SDL_Color a, SDL_Color b);

/*
 * The lowest contrast of any text colour of THEME against the background
 * widget.c draws it on (ink on background and paper, paper on accent, muted
 * ink on paper and on the disabled background); *WHICH names that pair.
 * Cannot fail.
 */
double theme_min_text_contrast(const struct theme *theme, const char **which);

#endif
