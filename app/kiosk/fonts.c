#include "kiosk/fonts.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int fonts_init(struct fonts *fonts, const char *dir, struct error *err)
{
	memset(fonts, 0, sizeof(*fonts));
	if (strlen(dir) >= sizeof(fonts->dir)) {
		error_set(err, "font_dir: path too long");
		return -1;
	}
	memcpy(fonts->dir, dir, strlen(dir) + 1);
	return 0;
}

void fonts_close(struct fonts *fonts)
{
	size_t i;

	for (i = 0; i < fonts->count; i++) {
		if (fonts->open[i].font)
			TTF_CloseFont(fonts->open[i].font);
	}
	memset(fonts->open, 0, sizeof(fonts->open));
	fonts->count = 0;
}

int fonts_file_name(const char *family, int bold, char *out, size_t size)
{
	const char *suffix = bold ? "-Bold.ttf" : "-Regular.ttf";
	size_t i, at = 0;

	if (!family[0])
		return -1;
	for (i = 0; family[i]; i++) {
		char c = family[i];
		if (c == ' ')
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return -1;
		if (at + 1 >= size)
			return -1;
		out[at++] = c;
	}
	if (at + strlen(suffix) + 1 > size)
		return -1;
	memcpy(out + at, suffix, strlen(suffix) + 1);
	return 0;
}

TTF_Font *fonts_get(struct fonts *fonts, const char *family, int bold, int px, struct error *err)
{
	struct fonts_entry *e;
	char name[128], path[4096 + 128];
	size_t i;

	for (i = 0; i < fonts->count; i++) {
		e = &fonts->open[i];
		if (e->bold == bold && e->px == px && strcmp(e->family, family) == 0)
			return e->font;
	}
	if (fonts_file_name(family, bold, name, sizeof(name)) != 0 ||
	    strlen(family) >= FONTS_FAMILY_MAX) {
		error_set(err, "font family '%s': letters, digits and spaces only", family);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", fonts->dir, name);
	if (fonts->count >= FONTS_OPEN_MAX) {
		error_set(err, "%s: more than %d fonts open", path, FONTS_OPEN_MAX);
		return NULL;
	}
	if (access(path, R_OK) != 0) {
		error_set(err, "%s: font file missing or unreadable", path);
		return NULL;
	}
	e = &fonts->open[fonts->count];
	e->font = TTF_OpenFont(path, px < 4 ? 4 : px);
	if (!e->font) {
		error_set(err, "%s: %s", path, TTF_GetError());
		return NULL;
	}
	memcpy(e->family, family, strlen(family) + 1);
	e->bold = bold;
	e->px = px;
	fonts->count++;
	return e->font;
}

int fonts_add_family(struct fonts *fonts, const char *family, struct error *err)
{
	char name[128];
	size_t i;

	for (i = 0; i < fonts->family_count; i++) {
		if (strcmp(fonts->families[i], family) == 0)
			return 0;
	}
	if (fonts_file_name(family, 0, name, sizeof(name)) != 0 ||
	    strlen(family) >= FONTS_FAMILY_MAX) {
		error_set(err, "font family '%s': letters, digits and spaces only", family);
		return -1;
	}
	if (fonts->family_count >= FONTS_FAMILIES_MAX) {
		error_set(err, "font family '%s': more than %d families", family,
			  FONTS_FAMILIES_MAX);
		return -1;
	}
	memcpy(fonts->families[fonts->family_count++], family, strlen(family) + 1);
	return 0;
}

/* Whether FAMILY has a glyph for CP; -1 when it cannot be opened. */
static int fonts_provides(struct fonts *fonts, const char *family, unsigned cp, int px,
			  struct error *err)
{
	TTF_Font *font = fonts_get(fonts, family, 0, px, err);

	if (!font)
		return -1;
	return TTF_GlyphIsProvided32(font, cp) ? 1 : 0;
}

const char *fonts_family_for(struct fonts *fonts, const char *primary, unsigned cp, int px,
			     struct error *err)
{
	size_t i;
	int has;

	has = fonts_provides(fonts, primary, cp, px, err);
	if (has != 0)
		return has > 0 ? primary : NULL;
	for (i = 0; i < fonts->family_count; i++) {
		has = fonts_provides(fonts, fonts->families[i], cp, px, err);
		if (has != 0)
			return has > 0 ? fonts->families[i] : NULL;
	}
	return FONTS_FALLBACK;
}
