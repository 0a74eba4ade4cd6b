#ifndef PRISMA_PNG_ARGB_H
#define PRISMA_PNG_ARGB_H

/*
 * Reading a screenshot for the picture tools (golden_compare, contrast_check):
 * header only, as each tool is one file.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>

/*
 * Loads the picture at PATH as an ARGB8888 surface (free with SDL_FreeSurface).
 * On failure prints "PROGRAM: PATH: reason" and returns NULL.
 */
static inline SDL_Surface *png_load_argb(const char *program, const char *path)
{
	SDL_Surface *raw = IMG_Load(path), *argb;

	if (!raw) {
		fprintf(stderr, "%s: %s: %s\n", program, path, IMG_GetError());
		return NULL;
	}
	argb = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	return argb;
}

#endif
