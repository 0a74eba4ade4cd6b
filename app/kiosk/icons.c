#include "kiosk/icons.h"

#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One rasterised icon: FILE at SIZE pixels; the texture is made on first draw. */
struct icons_entry {
	char *file;
	int size;
	SDL_Surface *mask;
	SDL_Texture *texture;
};

struct icons {
	char *dir;
	SDL_Renderer *renderer;
	struct icons_entry *entries;
	size_t count;
};

/* Main actions and their pictograms; the widget ids are the ones scripts use. */
static const char *const action_icons[][2] = {
	{ "start", "start.svg" },
	{ "info", "info.svg" },
	{ "next", "next.svg" },
	{ "back", "back.svg" },
	{ "submit", "submit.svg" },
	{ "finish", "finish.svg" },
	{ "quick-exit", "quick-exit.svg" },
	{ "status", "status.svg" },
	{ "status.check", "status.svg" },
	{ "retry", "retry.svg" },
	{ "more-time", "more-time.svg" },
	{ "contrast", "contrast.svg" },
	{ "large-text", "large-text.svg" },
	{ "speak", "speaker.svg" },
	{ "contact.code", "contact-code.svg" },
	{ "contact.named", "contact-named.svg" },
};

#define ACTION_COUNT (sizeof(action_icons) / sizeof(action_icons[0]))

const char *icons_for_action(const char *id)
{
	for (size_t i = 0; i < ACTION_COUNT; i++) {
		if (!strcmp(action_icons[i][0], id))
			return action_icons[i][1];
	}
	return NULL;
}

const char *const *icons_action_ids(void)
{
	static const char *ids[ACTION_COUNT + 1];

	for (size_t i = 0; i < ACTION_COUNT; i++)
		ids[i] = action_icons[i][0];
	return ids;
}

struct icons *icons_open(const char *dir, SDL_Renderer *renderer, struct error *err)
{
	struct icons *icons = calloc(1, sizeof(*icons));

	if (!icons || !(icons->dir = strdup(dir))) {
		free(icons);
		error_set(err, "%s: out of memory", dir);
		return NULL;
	}
	icons->renderer = renderer;
	return icons;
}

void icons_close(struct icons *icons)
{
	if (!icons)
		return;
	for (size_t i = 0; i < icons->count; i++) {
		if (icons->entries[i].texture)
			SDL_DestroyTexture(icons->entries[i].texture);
		SDL_FreeSurface(icons->entries[i].mask);
		free(icons->entries[i].file);
	}
	free(icons->entries);
	free(icons->dir);
	free(icons);
}

/* A plain file name ending in .svg: no directory part, no hidden file. */
static int icons_valid_file(const char *file)
{
	size_t len = strlen(file);

	return len > 4 && len < 64 && file[0] != '.' && !strchr(file, '/') &&
	       !strcmp(file + len - 4, ".svg");
}

/*
 * Turns the rasterised RGBA picture into a white mask in ARGB8888 (alpha kept).
 * Returns the new surface, or NULL with ERR. Sets *INKED to the number of
 * pixels with any coverage.
 */
static SDL_Surface *icons_to_mask(SDL_Surface *picture, const char *path, long *inked,
				  struct error *err)
{
	SDL_Surface *mask = SDL_ConvertSurfaceFormat(picture, SDL_PIXELFORMAT_ARGB8888, 0);

	*inked = 0;
	if (!mask) {
		error_set(err, "%s: %s", path, SDL_GetError());
		return NULL;
	}
	for (int y = 0; y < mask->h; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)mask->pixels + (size_t)y * mask->pitch);
		for (int x = 0; x < mask->w; x++) {
			Uint32 alpha = row[x] & 0xff000000u;
			row[x] = alpha | 0x00ffffffu;
			*inked += alpha != 0;
		}
	}
	return mask;
}

/* Reads and rasterises DIR/FILE at SIZE. Returns the mask, or NULL with ERR. */
static SDL_Surface *icons_load(const struct icons *icons, const char *file, int size,
			       struct error *err)
{
	char path[4096];
	SDL_RWops *rw;
	SDL_Surface *picture = NULL, *mask = NULL;
	long inked = 0;

	snprintf(path, sizeof(path), "%s/%s", icons->dir, file);
	/* Checked first: an SDL error here would allocate SDL's per-thread error buffer for good.
	 */
	if (access(path, R_OK) != 0 || !(rw = SDL_RWFromFile(path, "rb"))) {
		error_set(err, "%s: icon missing or unreadable", path);
		return NULL;
	}
	/* Refused before parsing too, for the same reason. */
	if (!IMG_isSVG(rw)) {
		SDL_RWclose(rw);
		error_set(err, "%s: not an SVG file", path);
		return NULL;
	}
	picture = IMG_LoadSizedSVG_RW(rw, size, size);
	SDL_RWclose(rw);
	if (!picture) {
		error_set(err, "%s: not a usable SVG: %s", path, IMG_GetError());
		goto end;
	}
	if (!(mask = icons_to_mask(picture, path, &inked, err)))
		goto end;
	if (inked == 0 || mask->w != size || mask->h != size) {
		error_set(err, "%s: draws nothing in a %dx%d square", path, size, size);
		SDL_FreeSurface(mask);
		mask = NULL;
	}
end:
	SDL_FreeSurface(picture);
	return mask;
}

/* The cached entry for FILE at SIZE, loading it on first use. NULL with ERR. */
static struct icons_entry *icons_entry(struct icons *icons, const char *file, int size,
				       struct error *err)
{
	struct icons_entry *grown, *entry;
	SDL_Surface *mask;

	if (!icons_valid_file(file)) {
		error_set(err, "%s/%s: not a plain .svg file name", icons->dir, file);
		return NULL;
	}
	if (size < ICONS_SIZE_MIN || size > ICONS_SIZE_MAX) {
		error_set(err, "%s/%s: size %d out of range", icons->dir, file, size);
		return NULL;
	}
	for (size_t i = 0; i < icons->count; i++) {
		if (icons->entries[i].size == size && !strcmp(icons->entries[i].file, file))
			return &icons->entries[i];
	}
	if (!(mask = icons_load(icons, file, size, err)))
		return NULL;
	grown = realloc(icons->entries, (icons->count + 1) * sizeof(*grown));
	if (!grown) {
		SDL_FreeSurface(mask);
		error_set(err, "%s/%s: out of memory", icons->dir, file);
		return NULL;
	}
	icons->entries = grown;
	entry = &grown[icons->count];
	*entry = (struct icons_entry){ .file = strdup(file), .size = size, .mask = mask };
	if (!entry->file) {
		SDL_FreeSurface(mask);
		error_set(err, "%s/%s: out of memory", icons->dir, file);
		return NULL;
	}
	icons->count++;
	return entry;
}

const SDL_Surface *icons_get(struct icons *icons, const char *file, int size, struct error *err)
{
	struct icons_entry *entry = icons_entry(icons, file, size, err);

	return entry ? entry->mask : NULL;
}

int icons_mirrored(const char *file)
{
	static const char *const directional[] = { "next.svg", "back.svg", "submit.svg",
						   "retry.svg", "disengagement.svg" };

	for (size_t i = 0; i < sizeof(directional) / sizeof(directional[0]); i++) {
		if (!strcmp(file, directional[i]))
			return 1;
	}
	return 0;
}

int icons_draw(struct icons *icons, const char *file, SDL_Rect box, SDL_Color color, int rtl,
	       struct error *err)
{
	SDL_RendererFlip flip = rtl && icons_mirrored(file) ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE;
	int size = box.w < box.h ? box.w : box.h;
	struct icons_entry *entry;
	SDL_Rect dst;

	if (!icons->renderer) {
		error_set(err, "%s/%s: no renderer to draw on", icons->dir, file);
		return -1;
	}
	if (!(entry = icons_entry(icons, file, size, err)))
		return -1;
	if (!entry->texture) {
		entry->texture = SDL_CreateTextureFromSurface(icons->renderer, entry->mask);
		if (!entry->texture ||
		    SDL_SetTextureBlendMode(entry->texture, SDL_BLENDMODE_BLEND) != 0)
			goto sdl_failed;
	}
	if (SDL_SetTextureColorMod(entry->texture, color.r, color.g, color.b) != 0 ||
	    SDL_SetTextureAlphaMod(entry->texture, color.a) != 0)
		goto sdl_failed;
	dst = (SDL_Rect){ box.x + (box.w - size) / 2, box.y + (box.h - size) / 2, size, size };
	if (SDL_RenderCopyEx(icons->renderer, entry->texture, NULL, &dst, 0, NULL, flip) != 0)
		goto sdl_failed;
	return 0;
sdl_failed:
	error_set(err, "%s/%s: %s", icons->dir, file, SDL_GetError());
	return -1;
}
