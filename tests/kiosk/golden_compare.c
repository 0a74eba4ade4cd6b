/*
 * golden_compare GOLDEN.png ACTUAL.png [DIFF.png]
 *
 * Compares a screenshot with its reference picture exactly: headless rendering
 * is deterministic, so one changed pixel (a missing caret, a changed key) is a
 * difference. Prints one line; exit 0 match, 1 differ, 2 bad input.
 * With DIFF.png, writes the actual picture with differing pixels in magenta.
 */
#include "png_argb.h"

#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>

/* Colour channels only: the frame is opaque, so alpha carries nothing. */
static int pixel_differs(Uint32 a, Uint32 b)
{
	return (a & 0xffffff) != (b & 0xffffff);
}

/* Counts differing pixels; marks them in ACTUAL when MARK is set. */
static long count_differences(SDL_Surface *golden, SDL_Surface *actual, int mark)
{
	long count = 0;

	for (int y = 0; y < golden->h; y++) {
		Uint32 *g = (Uint32 *)((Uint8 *)golden->pixels + y * golden->pitch);
		Uint32 *a = (Uint32 *)((Uint8 *)actual->pixels + y * actual->pitch);
		for (int x = 0; x < golden->w; x++) {
			if (!pixel_differs(g[x], a[x]))
				continue;
			count++;
			if (mark)
				a[x] = 0xffff00ff;
		}
	}
	return count;
}

int main(int argc, char **argv)
{
	SDL_Surface *golden, *actual;
	long differing, total;
	int rc = 2;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: golden_compare GOLDEN.png ACTUAL.png [DIFF.png]\n");
		return 2;
	}
	golden = png_load_argb("golden_compare", argv[1]);
	actual = png_load_argb("golden_compare", argv[2]);
	if (!golden || !actual)
		goto end;
	if (golden->w != actual->w || golden->h != actual->h) {
		printf("%s: size %dx%d, golden is %dx%d\n", argv[2], actual->w, actual->h,
		       golden->w, golden->h);
		rc = 1;
		goto end;
	}
	total = (long)golden->w * golden->h;
	differing = count_differences(golden, actual, argc == 4);
	rc = differing > 0;
	printf("%s: %ld of %ld pixels differ\n", argv[2], differing, total);
	if (rc && argc == 4 && IMG_SavePNG(actual, argv[3]) == 0)
		printf("%s: differences marked in magenta\n", argv[3]);
end:
	SDL_FreeSurface(golden);
	SDL_FreeSurface(actual);
	return rc;
}
