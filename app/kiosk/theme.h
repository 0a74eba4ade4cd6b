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

/* As theme_load on the file contents TEXT; NAME stands for the file in messages. */
int theme_parse(struct theme *theme, const char *text, const char *name, struct error *err);

#endif
