#include "kiosk/theme.h"

#include <errno.h>
#include <stddef.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#define THEME_FILE_MAX 65536

struct theme_parse {
	struct theme theme;
	unsigned seen; /* one bit per key */
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

static int theme_handle(void *user, const char *section, const char *name, const char *value)
{
	struct theme_parse *p = user;
	size_t i;

	if (p->failed)
		return 0;
	for (i = 0; strcmp(section, "theme") == 0 && i < THEME_KEYS; i++) {
		if (strcmp(name, theme_keys[i].key) != 0)
			continue;
		if (theme_colour(value, (SDL_Color *)((char *)&p->theme + theme_keys[i].offset))) {
			error_set(p->err, "[theme] %s: '%.16s' is not a colour #RRGGBB", name,
				  value);
			p->failed = 1;
			return 0;
		}
		p->seen |= 1u << i;
		return 1;
	}
	error_set(p->err, "[%.32s] %.32s: unknown setting", section, name);
	p->failed = 1;
	return 0;
}

int theme_parse(struct theme *theme, const char *text, const char *name, struct error *err)
{
	struct theme_parse p = { .err = err };
	int line = ini_parse_string(text, theme_handle, &p);
	size_t i;

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
	for (i = 0; i < THEME_KEYS; i++) {
		if (!(p.seen & (1u << i))) {
			error_set(err, "%s: [theme] %s: missing", name, theme_keys[i].key);
			return -1;
		}
	}
	*theme = p.theme;
	return 0;
}

int theme_load(struct theme *theme, const char *path, struct error *err)
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
	rc = theme_parse(theme, text, path, err);
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
