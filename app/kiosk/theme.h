#ifndef PRISMA_KIOSK_THEME_H
#define PRISMA_KIOSK_THEME_H

#include <SDL.h>

/*
 * The colours everything is drawn in (render layer). One calm, high-contrast
 * theme: dark text on a warm light background. A high-contrast theme or a
 * theme file in assets/ plugs in here.
 */
struct theme {
	SDL_Color background; /* behind every screen */
	SDL_Color ink;	      /* text and borders */
	SDL_Color paper;      /* inside buttons and fields */
	SDL_Color accent;     /* primary and chosen buttons, focus, caret */
	SDL_Color muted_bg;   /* disabled buttons */
	SDL_Color muted_ink;  /* disabled text, captions */
};

/* The theme in use. Never NULL; lives as long as the program. */
const struct theme *theme_current(void);

#endif
