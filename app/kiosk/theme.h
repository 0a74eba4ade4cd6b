#ifndef PRISMA_KIOSK_THEME_H
#define PRISMA_KIOSK_THEME_H

#include "core/error.h"

#include <SDL.h>

/*
 * The colours everything is drawn in (render layer), read from a theme file
 * (assets/theme.ini, format in docs/formats.md) so operators change colours
 * without touching C. A high-contrast theme is another such file.
 */
struct theme {
	SDL_Color background; /* behind every screen */
	SDL_Color ink;	      /* text and borders */
	SDL_Color paper;      /* inside buttons and fields */
	SDL_Color accent;     /* primary and chosen buttons, focus, caret */
	SDL_Color muted_bg;   /* disabled buttons */
	SDL_Color muted_ink;  /* disabled text, captions */
};

/*
 * Reads the theme file PATH: a [theme] section with all six colours as
 * #RRGGBB. Returns 0, or -1 with ERR naming the file, line and key at fault;
 * *THEME is then unchanged.
 */
int theme_load(struct theme *theme, const char *path, struct error *err);

/*
 * The WCAG 2 contrast ratio of A against B (1 to 21, order does not matter).
 * Cannot fail.
 */
double theme_contrast(SDL_Color a, SDL_Color b);

/*
 * The lowest contrast of any text colour against the background it is drawn
 * on in widget.c (ink on background and paper, paper on accent, muted ink on
 * paper and on the disabled background); *WHICH names that pair. Cannot fail.
 */
double theme_min_text_contrast(const struct theme *theme, const char **which);

/* As theme_load on the file contents TEXT; NAME stands for the file in messages. */
int theme_parse(struct theme *theme, const char *text, const char *name, struct error *err);

#endif
