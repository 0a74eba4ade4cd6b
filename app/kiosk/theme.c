#include "kiosk/theme.h"

#include <errno.h>
#include <stddef.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THEME_FILE_MAX 65536

struct theme_parse {
	struct theme_set set;
	unsigned seen; /* one bit per key and palette, then THEME_SCALE_BIT */
	struct error *err;
	int failed;
};

static const struct {
	const char *key;
	size_t offset;
} theme_keys[] = {
	{ "background", offsetof(struct theme, background) },
	{ "ink", offsetof(struct theme, ink) },
	{ "paper", offsetof(struct theme, paper) },
	{ "accent", offsetof(struct theme, accent) },
	{ "muted_background", offsetof(struct theme, muted_bg) },
	{ "muted_ink", offsetof(struct theme, muted_ink) },
};

#define THEME_KEYS (sizeof(theme_keys) / sizeof(theme_keys[0]))

/* The sections with a palette, in the order of their bits in `seen`. */
static const struct {
	const char *section;
	size_t offset;
} theme_palettes[] = {
	{ "theme", offsetof(struct theme_set, normal) },
	{ "high-contrast", offsetof(struct theme_set, high_contrast) },
};

#define THEME_PALETTES	2
#define THEME_SCALE_BIT (1u << (THEME_PALETTES * THEME_KEYS))

/* "#RRGGBB" into *OUT (opaque). Returns 0, or -1 leaving *OUT unchanged. */
static int theme_colour(const char *value, SDL_Color *out)
{
	unsigned long rgb;

	if (value[0] != '#' || strlen(value) != 7 ||
	    strspn(value + 1, "0123456789abcdefABCDEF") != 6)
		return -1;
	rgb = strtoul(value + 1, NULL, 16);
	*out = (SDL_Color){ (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 0xff };
	return 0;
}

/* [large-text] scale = PERCENT. Returns 1, or 0 with P's error set. */
static int theme_scale(struct theme_parse *p, const char *name, const char *value)
{
	char *end;
	long v;

	if (strcmp(name, "scale") != 0) {
		error_set(p->err, "[large-text] %.32s: unknown setting", name);
		goto fail;
	}
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < THEME_SCALE_MIN || v > THEME_SCALE_MAX) {
		error_set(p->err, "[large-text] scale: '%.16s' is not a per cent from %d to %d",
			  value, THEME_SCALE_MIN, THEME_SCALE_MAX);
		goto fail;
	}
	p->set.large_text_percent = (int)v;
	p->seen |= THEME_SCALE_BIT;
	return 1;
fail:
	p->failed = 1;
	return 0;
}

/* KEY = #RRGGBB in the palette section number PALETTE. Returns 1, or 0 with P's error set. */
static int theme_palette_key(struct theme_parse *p, size_t palette, const char *name,
			     const char *value)
{
	char *base = (char *)&p->set + theme_palettes[palette].offset;
	size_t i;

	for (i = 0; i < THEME_KEYS; i++) {
		if (strcmp(name, theme_keys[i].key) != 0)
			continue;
		if (theme_colour(value, (SDL_Color *)(base + theme_keys[i].offset))) {
			error_set(p->err, "[%s] %s: '%.16s' is not a colour #RRGGBB",
				  theme_palettes[palette].section, name, value);
			p->failed = 1;
			return 0;
		}
		p->seen |= 1u << (palette * THEME_KEYS + i);
		return 1;
	}
	error_set(p->err, "[%s] %.32s: unknown setting", theme_palettes[palette].section, name);
	p->failed = 1;
	return 0;
}

static int theme_handle(void *user, const char *section, const char *name, const char *value)
{
	struct theme_parse *p = user;
	size_t i;

	if (p->failed)
		return 0;
	for (i = 0; i < THEME_PALETTES; i++) {
		if (strcmp(section, theme_palettes[i].section) == 0)
			return theme_palette_key(p, i, name, value);
	}
	if (strcmp(section, "large-text") == 0)
		return theme_scale(p, name, value);
	error_set(p->err, "[%.32s] %.32s: unknown setting", section, name);
	p->failed = 1;
	return 0;
}

/* Names the first key P has not seen in ERR; returns 0 when all are there, else -1. */
static int theme_check_complete(const struct theme_parse *p, const char *name, struct error *err)
{
	size_t i;

	for (i = 0; i < THEME_PALETTES * THEME_KEYS; i++) {
		if (!(p->seen & (1u << i))) {
			error_set(err, "%s: [%s] %s: missing", name,
				  theme_palettes[i / THEME_KEYS].section,
				  theme_keys[i % THEME_KEYS].key);
			return -1;
		}
	}
	if (!(p->seen & THEME_SCALE_BIT)) {
		error_set(err, "%s: [large-text] scale: missing", name);
		return -1;
	}
	return 0;
}

int theme_parse(struct theme_set *set, const char *text, const char *name, struct error *err)
{
	struct theme_parse p = { .err = err };
	int line = ini_parse_string(text, theme_handle, &p);
	char where[32];

	if (line != 0) {
		if (line < 0)
			error_set(err, "out of memory");
		else if (!p.failed)
			error_set(err, "not a theme file");
		snprintf(where, sizeof(where), "line %d", line);
		if (line > 0)
			error_prefix(err, where);
		error_prefix(err, name);
		return -1;
	}
	if (theme_check_complete(&p, name, err) != 0)
		return -1;
	*set = p.set;
	return 0;
}

int theme_load(struct theme_set *set, const char *path, struct error *err)
{
	char *text = malloc(THEME_FILE_MAX + 1);
	FILE *f = fopen(path, "r");
	size_t len = 0;
	int rc = -1;

	if (!f) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
		goto end;
	}
	if (!text) {
		error_set(err, "%s: out of memory", path);
		goto end;
	}
	len = fread(text, 1, THEME_FILE_MAX + 1, f);
	if (ferror(f) || len > THEME_FILE_MAX) {
		error_set(err, "%s: %s", path, ferror(f) ? "read error" : "larger than 64 KiB");
		goto end;
	}
	text[len] = '\0';
	rc = theme_parse(set, text, path, err);
end:
	if (f)
		fclose(f);
	free(text);
	return rc;
}

/* The relative luminance of one sRGB channel value (WCAG 2). */
static double theme_channel(Uint8 v)
{
	double c = v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double theme_luminance(SDL_Color c)
{
	return 0.2126 * theme_channel(c.r) + 0.7152 * theme_channel(c.g) +
	       0.0722 * theme_channel(c.b);
}

double theme_contrast(SDL_Color a, SDL_Color b)
{
	double la = theme_luminance(a), lb = theme_luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

double theme_min_text_contrast(const struct theme *t, const char **which)
{
	const struct {
		const char *name;
		SDL_Color text, bg;
	} pairs[] = {
		{ "ink on background", t->ink, t->background },
		{ "ink on paper", t->ink, t->paper },
		{ "paper on accent", t->paper, t->accent },
		{ "muted ink on paper", t->muted_ink, t->paper },
		{ "muted ink on muted background", t->muted_ink, t->muted_bg },
	};
	double min = 22, c;
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		c = theme_contrast(pairs[i].text, pairs[i].bg);
		if (c < min) {
			min = c;
			*which = pairs[i].name;
		}
	}
	return min;
}
