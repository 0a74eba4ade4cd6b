#include "kiosk/canvas.h"

#include <SDL_image.h>
#include <sodium.h>
#include <string.h>

static void canvas_free_frame(struct canvas *c)
{
	if (c->renderer)
		SDL_DestroyRenderer(c->renderer);
	if (c->frame) {
		sodium_memzero(c->frame->pixels, (size_t)c->frame->pitch * (size_t)c->frame->h);
		SDL_FreeSurface(c->frame);
	}
	c->renderer = NULL;
	c->frame = NULL;
}

int canvas_resize(struct canvas *c, int w, int h, struct error *err)
{
	canvas_free_frame(c);
	c->width = w;
	c->height = h;
	c->frame = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!c->frame) {
		error_set(err, "frame %dx%d: %s", w, h, SDL_GetError());
		return -1;
	}
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

static int canvas_open_window(struct canvas *c, int w, int h, struct error *err)
{
	c->window = SDL_CreateWindow("Prisma", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				     SDL_WINDOW_FULLSCREEN_DESKTOP);
	if (!c->window) {
		error_set(err, "window: %s", SDL_GetError());
		return -1;
	}
	SDL_GetWindowSize(c->window, &w, &h);
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

void canvas_clear(struct canvas *c, SDL_Color color)
{
	SDL_SetRenderDrawColor(c->renderer, color.r, color.g, color.b, color.a);
	SDL_RenderClear(c->renderer);
}

int canvas_show_again(struct canvas *c)
{
	SDL_Surface *target;

	if (!c->window)
		return 0;
	target = SDL_GetWindowSurface(c->window);
	if (!target)
		return -1;
	if (SDL_BlitSurface(c->frame, NULL, target, NULL) != 0)
		return -1;
	return SDL_UpdateWindowSurface(c->window);
}

int canvas_present(struct canvas *c)
{
	SDL_RenderPresent(c->renderer);
	return canvas_show_again(c);
}

int canvas_save_png(const struct canvas *c, const char *path, struct error *err)
{
	if (IMG_SavePNG(c->frame, path) != 0) {
		error_set(err, "%s: %s", path, IMG_GetError());
		return -1;
	}
	return 0;
}

void canvas_close(struct canvas *c)
{
	canvas_free_frame(c);
	if (c->window)
		SDL_DestroyWindow(c->window);
	c->window = NULL;
}
