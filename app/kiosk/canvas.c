#include "kiosk/canvas.h"

#include "kiosk/kms.h"

#include <SDL_image.h>
#include <SDL_syswm.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void canvas_free_frame(struct canvas *c)
{
	if (c->renderer)
		SDL_DestroyRenderer(c->renderer);
	if (c->frame) {
		sodium_memzero(c->frame->pixels, (size_t)c->frame->pitch * (size_t)c->frame->h);
		if (!c->window) /* the window's surface belongs to SDL */
			SDL_FreeSurface(c->frame);
	}
	c->renderer = NULL;
	c->frame = NULL;
}

/*
 * The frame: in a window its own framebuffer (drawn in place, no second copy
 * of the screen in memory and no copy per frame), headless a surface of ours.
 */
static SDL_Surface *canvas_make_frame(struct canvas *c, int w, int h)
{
	if (c->kms)
		return c->kms->frame;
	if (c->window)
		return SDL_GetWindowSurface(c->window);
	return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}

int canvas_resize(struct canvas *c, int w, int h, struct error *err)
{
	canvas_free_frame(c);
	c->frame = canvas_make_frame(c, w, h);
	if (!c->frame) {
		error_set(err, "frame %dx%d: %s", w, h, SDL_GetError());
		return -1;
	}
	c->width = c->frame->w;
	c->height = c->frame->h;
	/* Text edges leave alpha below 255: the window must show the frame's colours, not blend
	 * them. */
	if (SDL_SetSurfaceBlendMode(c->frame, SDL_BLENDMODE_NONE) != 0) {
		error_set(err, "frame blend mode: %s", SDL_GetError());
		return -1;
	}
	c->renderer = SDL_CreateSoftwareRenderer(c->frame);
	if (!c->renderer) {
		error_set(err, "software renderer: %s", SDL_GetError());
		return -1;
	}
	SDL_SetRenderDrawBlendMode(c->renderer, SDL_BLENDMODE_NONE);
	return 0;
}

int canvas_present_path(const char *driver, const char *present, const char *acceleration)
{
	int chosen = present && *present, kmsdrm = driver && strcmp(driver, "KMSDRM") == 0;

	if (chosen && strcmp(present, "renderer") != 0 && strcmp(present, "framebuffer") != 0)
		return -1;
	if (chosen && strcmp(present, "renderer") == 0)
		return CANVAS_PRESENT_RENDERER;
	if (kmsdrm) {
		/* SDL_FRAMEBUFFER_ACCELERATION=1 as before: SDL's renderer, to measure against */
		if (!chosen && acceleration && *acceleration && strcmp(acceleration, "0") != 0)
			return CANVAS_PRESENT_RENDERER;
		return CANVAS_PRESENT_DUMB;
	}
	if (chosen || (driver && strcmp(driver, "x11") == 0))
		return CANVAS_PRESENT_FRAMEBUFFER;
	return CANVAS_PRESENT_SDL;
}

/*
 * The present path, chosen on measurement (docs/performance.md): on X11 the
 * window's own framebuffer (shared memory, SDL_UpdateWindowSurface), not
 * SDL's default there, a renderer texture, which loads an OpenGL rasteriser
 * (llvmpipe without a GPU: about 100 MiB more, and slower to present). On
 * KMSDRM our own dumb buffers (kms.c): SDL2 has no plain framebuffer there.
 * Other drivers keep SDL's choice. SDL_FRAMEBUFFER_ACCELERATION in the
 * environment still wins over the hint set here.
 */
static int canvas_choose_present_path(struct error *err)
{
	const char *present = getenv("PRISMA_PRESENT");
	int path = canvas_present_path(SDL_GetCurrentVideoDriver(), present,
				       getenv("SDL_FRAMEBUFFER_ACCELERATION"));

	if (path < 0) {
		error_set(err, "PRISMA_PRESENT: '%.32s' is neither renderer nor framebuffer",
			  present);
		return -1;
	}
	if (path == CANVAS_PRESENT_FRAMEBUFFER)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	else if (path == CANVAS_PRESENT_RENDERER)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1");
	return path;
}

/* Our dumb buffers on SDL's DRM device: SDL never presents, so it never sets the CRTC. */
static int canvas_open_kms(struct canvas *c, int *w, int *h, struct error *err)
{
	SDL_SysWMinfo info;

	SDL_VERSION(&info.version);
	if (!SDL_GetWindowWMInfo(c->window, &info) || info.subsystem != SDL_SYSWM_KMSDRM) {
		error_set(err, "KMSDRM window: no DRM device: %s", SDL_GetError());
		return -1;
	}
	if (!(c->kms = calloc(1, sizeof(*c->kms)))) {
		error_set(err, "KMSDRM: out of memory");
		return -1;
	}
	if (kms_open(c->kms, info.info.kmsdrm.drm_fd, *w, *h, err) != 0) {
		free(c->kms);
		c->kms = NULL;
		return -1;
	}
	*w = c->kms->mode.hdisplay;
	*h = c->kms->mode.vdisplay;
	fprintf(stderr, "prisma-kiosk: presenting by dumb buffers on %s at %dx%d\n", c->kms->device,
		*w, *h);
	return 0;
}

Uint32 canvas_window_flags(const char *driver)
{
	if (driver && strcmp(driver, "KMSDRM") == 0)
		return 0;
	return SDL_WINDOW_FULLSCREEN_DESKTOP;
}

static int canvas_open_window(struct canvas *c, int w, int h, struct error *err)
{
	SDL_DisplayMode desktop;
	int path = canvas_choose_present_path(err);

	if (path < 0)
		return -1;
	/* Created at the display's size: without a window manager X11 keeps the first size. */
	if (SDL_GetDesktopDisplayMode(0, &desktop) == 0 && desktop.w > 0 && desktop.h > 0) {
		w = desktop.w;
		h = desktop.h;
	}
	c->window = SDL_CreateWindow("Prisma", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				     canvas_window_flags(SDL_GetCurrentVideoDriver()));
	if (!c->window) {
		error_set(err, "window: %s", SDL_GetError());
		return -1;
	}
	SDL_GetWindowSize(c->window, &w, &h);
	if (path == CANVAS_PRESENT_DUMB && canvas_open_kms(c, &w, &h, err) != 0)
		return -1;
	/* Window-manager shortcuts (alt+tab, super) reach the kiosk, which drops them. */
	SDL_SetWindowKeyboardGrab(c->window, SDL_TRUE);
	SDL_ShowCursor(SDL_DISABLE);
	SDL_StartTextInput();
	return canvas_resize(c, w, h, err);
}

int canvas_open(struct canvas *c, int w, int h, int windowed, struct error *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	rc = windowed ? canvas_open_window(c, w, h, err) : canvas_resize(c, w, h, err);
	if (rc != 0)
		canvas_close(c);
	return rc;
}

/*
 * Plain stores, row by row: SDL_FillRect's SSE path writes around the cache
 * (non-temporal stores), which costs more on the small, unaligned rectangles
 * of keys and buttons than it saves, and the text drawn over them next has to
 * read the pixels back from memory (measured in docs/performance.md).
 */
int canvas_fill(struct canvas *c, SDL_Rect rect, SDL_Color color)
{
	SDL_Rect frame = { 0, 0, c->frame->w, c->frame->h }, clipped;
	Uint32 pixel = SDL_MapRGBA(c->frame->format, color.r, color.g, color.b, color.a);
	Uint32 *row;

	if (!SDL_IntersectRect(&rect, &frame, &clipped))
		return 0;
	if (SDL_RenderFlush(c->renderer) != 0) /* whatever the renderer still holds goes first */
		return -1;
	for (int y = clipped.y; y < clipped.y + clipped.h; y++) {
		row = (Uint32 *)((Uint8 *)c->frame->pixels + (size_t)y * (size_t)c->frame->pitch) +
		      clipped.x;
		for (int x = 0; x < clipped.w; x++)
			row[x] = pixel;
	}
	return 0;
}

int canvas_clear(struct canvas *c, SDL_Color color)
{
	return canvas_fill(c, (SDL_Rect){ 0, 0, c->frame->w, c->frame->h }, color);
}

int canvas_show_again(struct canvas *c)
{
	if (!c->window || c->kms) /* dumb buffers: the one scanned out stays until the next flip */
		return 0;
	return SDL_UpdateWindowSurface(c->window);
}

int canvas_present(struct canvas *c)
{
	struct error err = { "" };

	SDL_RenderPresent(c->renderer);
	if (!c->kms)
		return canvas_show_again(c);
	if (kms_present(c->kms, &err) == 0)
		return 0;
	fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
	return -1;
}

int canvas_save_png(const struct canvas *c, const char *path, struct error *err)
{
	/* With dumb buffers the frame is already the next one: save the one on screen. */
	SDL_Surface *shown = c->kms ? kms_shown(c->kms) : c->frame;
	int rc = 0;

	if (!shown) {
		error_set(err, "%s: %s", path, SDL_GetError());
		return -1;
	}
	if (IMG_SavePNG(shown, path) != 0) {
		error_set(err, "%s: %s", path, IMG_GetError());
		rc = -1;
	}
	if (c->kms)
		SDL_FreeSurface(shown);
	return rc;
}

void canvas_close(struct canvas *c)
{
	canvas_free_frame(c);
	if (c->kms) { /* before the window: SDL closes the DRM device with it */
		kms_close(c->kms);
		free(c->kms);
	}
	c->kms = NULL;
	if (c->window)
		SDL_DestroyWindow(c->window);
	c->window = NULL;
}
