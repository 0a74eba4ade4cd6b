#ifndef PRISMA_KIOSK_CANVAS_H
#define PRISMA_KIOSK_CANVAS_H

#include "core/error.h"

#include <SDL.h>

/*
 * Where every frame is drawn (render layer): a software renderer on an
 * ARGB surface (headless) or on a fullscreen window's own framebuffer. The
 * frame may hold an inmate's text as pixels, so it is zeroed before it is freed.
 */
struct canvas {
	SDL_Window *window; /* NULL when headless */
	SDL_Surface *frame; /* ours headless; the window's surface (SDL's) in a window */
	SDL_Renderer *renderer;
	struct kms *kms; /* KMSDRM's dumb buffers (the frame is theirs), or NULL */
	int width, height;
};

/* How a window's frame reaches the screen (docs/kiosk.md, "Present path"). */
enum canvas_present_path {
	CANVAS_PRESENT_SDL,	    /* SDL's window surface, SDL's choice behind it */
	CANVAS_PRESENT_FRAMEBUFFER, /* SDL's window surface, no renderer (X11: shared memory) */
	CANVAS_PRESENT_RENDERER,    /* SDL's window surface behind its GL renderer (Mesa) */
	CANVAS_PRESENT_DUMB,	    /* KMSDRM: our two dumb buffers, page flips, no Mesa */
};

/*
 * The present path under SDL video DRIVER, asked for by PRESENT (the
 * environment's PRISMA_PRESENT: "renderer", "framebuffer", NULL or empty for
 * the default) and ACCELERATION (SDL_FRAMEBUFFER_ACCELERATION, NULL when
 * unset). The defaults, chosen on measurement (docs/performance.md): dumb
 * buffers on KMSDRM unless ACCELERATION asks for SDL's renderer, the plain
 * framebuffer on X11, SDL's choice elsewhere. Returns the path, or -1 when
 * PRESENT is neither word.
 */
int canvas_present_path(const char *driver, const char *present, const char *acceleration);

/*
 * Opens a headless W x H canvas, or (WINDOWED) a fullscreen window whose real
 * size wins. Returns 0, or -1 with ERR naming what SDL refused; *C then holds
 * nothing to free.
 */
int canvas_open(struct canvas *c, int w, int h, int windowed, struct error *err);

/*
 * The flags the kiosk's window is created with under SDL video DRIVER (NULL:
 * none known): fullscreen at the desktop's size, except on KMSDRM, where a
 * window always covers the display (SDL sets the mode closest to its size,
 * asked here at the display's own) and SDL 2.26 answers the fullscreen flag by
 * marking its GBM/EGL surfaces for recreation at the next swap. That swap then
 * shows a fresh buffer nothing was drawn into and the frame drawn is lost; the
 * kiosk draws only when something changes, so the screen stayed black until
 * the first touch.
 */
Uint32 canvas_window_flags(const char *driver);

/* Recreates the frame for a window now W x H. Returns 0, or -1 with ERR. */
int canvas_resize(struct canvas *c, int w, int h, struct error *err);

/* Fills the frame with COLOR: the start of every frame. Returns 0 or -1. */
int canvas_clear(struct canvas *c, SDL_Color color);

/*
 * Fills RECT (clipped to the frame) with COLOR as it is, no blending: the same
 * pixels as SDL_RenderFillRect with SDL_BLENDMODE_NONE. Returns 0 or -1.
 */
int canvas_fill(struct canvas *c, SDL_Rect rect, SDL_Color color);

/* Finishes the frame and shows it in the window, if any. Returns 0 or -1. */
int canvas_present(struct canvas *c);

/* Shows the last finished frame again (expose, busy): draws nothing. Returns 0 or -1. */
int canvas_show_again(struct canvas *c);

/* Writes the frame to PATH as PNG. Returns 0, or -1 with ERR naming PATH. */
int canvas_save_png(const struct canvas *c, const char *path, struct error *err);

/* Zeroes the frame and frees everything. Safe on a zeroed struct. */
void canvas_close(struct canvas *c);

#endif
