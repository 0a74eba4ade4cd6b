#include "kiosk/shape.h"

#include <fribidi.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The text of one line, decoded: code points with their byte offsets. */
struct shape_text {
	FriBidiChar *cps;
	size_t *offsets; /* offsets[i]: byte where cps[i] starts; offsets[n] = len */
	FriBidiCharType *types;
	FriBidiBracketType *brackets;
	FriBidiLevel *levels;
	const char **families;
	size_t n;
};

static void shape_text_free(struct shape_text *t)
{
	if (t->cps)
		sodium_memzero(t->cps, t->n * sizeof(*t->cps));
	free(t->cps);
	free(t->offsets);
	free(t->types);
	free(t->brackets);
	free(t->levels);
	free(t->families);
	memset(t, 0, sizeof(*t));
}

size_t shape_utf8(const unsigned char *s, size_t avail, unsigned *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || len > avail)
		return 0;
	*cp = s[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

int shape_attaches(unsigned cp)
{
	return fribidi_get_bidi_type(cp) == FRIBIDI_TYPE_NSM || (cp >= 0x200B && cp <= 0x200F) ||
	       cp == 0xFEFF || (cp >= 0x2060 && cp <= 0x2064);
}

static int shape_decode(struct shape_text *t, const char *str, size_t len, struct error *err)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t at = 0, step;
	unsigned cp;

	memset(t, 0, sizeof(*t));
	t->cps = calloc(len + 1, sizeof(*t->cps));
	t->offsets = calloc(len + 1, sizeof(*t->offsets));
	t->types = calloc(len + 1, sizeof(*t->types));
	t->brackets = calloc(len + 1, sizeof(*t->brackets));
	t->levels = calloc(len + 1, sizeof(*t->levels));
	t->families = calloc(len + 1, sizeof(*t->families));
	if (!t->cps || !t->offsets || !t->types || !t->brackets || !t->levels || !t->families) {
		error_set(err, "text: out of memory");
		return -1;
	}
	while (at < len) {
		step = shape_utf8(s + at, len - at, &cp);
		t->cps[t->n] = cp;
		if (!step) {
			error_set(err, "text: not valid UTF-8 at byte %zu", at);
			return -1;
		}
		t->offsets[t->n++] = at;
		at += step;
	}
	t->offsets[t->n] = len;
	return 0;
}

/* FriBiDi: the embedding level of every character, trailing spaces at the base level. */
static int shape_bidi(struct shape_text *t, int rtl, struct error *err)
{
	FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	FriBidiStrIndex n = (FriBidiStrIndex)t->n;

	if (n == 0)
		return 0;
	fribidi_get_bidi_types(t->cps, n, t->types);
	fribidi_get_bracket_types(t->cps, n, t->types, t->brackets);
	if (!fribidi_get_par_embedding_levels_ex(t->types, t->brackets, n, &base, t->levels) ||
	    !fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, t->types, n, 0, base, t->levels, NULL,
				  NULL)) {
		error_set(err, "text: bidi resolution failed");
		return -1;
	}
	return 0;
}

/* The font family of every character (see fonts_family_for; marks and neutrals stay put). */
static int shape_families(struct fonts *fonts, struct shape_text *t,
			  const struct shape_style *style, struct error *err)
{
	TTF_Font *before;
	size_t i;

	for (i = 0; i < t->n; i++) {
		int strong = FRIBIDI_IS_STRONG(t->types[i]);
		if (i > 0 && shape_attaches(t->cps[i])) {
			t->families[i] = t->families[i - 1];
			continue;
		}
		if (i > 0 && !strong) {
			before = fonts_get(fonts, t->families[i - 1], style->bold, style->px, err);
			if (!before)
				return -1;
			if (TTF_GlyphIsProvided32(before, t->cps[i])) {
				t->families[i] = t->families[i - 1];
				continue;
			}
		}
		t->families[i] = fonts_family_for(fonts, style->family, t->cps[i], style->px, err);
		if (!t->families[i])
			return -1;
	}
	return 0;
}

/* The ISO 15924 script HarfBuzz should use for the run from character FIRST to LAST. */
static void shape_script(const struct shape_text *t, size_t first, size_t last, char *script)
{
	size_t i;

	for (i = first; i < last; i++) {
		FriBidiChar cp = t->cps[i];
		if (cp >= 0x0600 && cp <= 0x08FF)
			goto arab;
		if ((cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))
			goto arab;
		if ((cp >= 0x10A0 && cp <= 0x10FF) || (cp >= 0x1C90 && cp <= 0x1CBF)) {
			memcpy(script, "Geor", 5);
			return;
		}
		if (cp >= 0x0400 && cp <= 0x052F) {
			memcpy(script, "Cyrl", 5);
			return;
		}
		if (cp >= 0x0370 && cp <= 0x03FF) {
			memcpy(script, "Grek", 5);
			return;
		}
	}
	memcpy(script, "Latn", 5);
	return;
arab:
	memcpy(script, "Arab", 5);
}

/* Cuts the text into runs of one level and one family, in logical order. */
static int shape_runs(const struct shape_text *t, struct shape_line *line, struct error *err)
{
	struct shape_run *run;
	size_t i, first = 0;

	for (i = 1; i <= t->n; i++) {
		if (i < t->n && t->levels[i] == t->levels[first] &&
		    strcmp(t->families[i], t->families[first]) == 0)
			continue;
		if (line->count >= SHAPE_RUNS_MAX) {
			error_set(err, "text: more than %d runs of one script and direction",
				  SHAPE_RUNS_MAX);
			return -1;
		}
		run = &line->runs[line->count++];
		run->start = t->offsets[first];
		run->len = t->offsets[i] - t->offsets[first];
		run->level = t->levels[first];
		run->family = t->families[first];
		shape_script(t, first, i, run->script);
		first = i;
	}
	return 0;
}

/* UAX #9 rule L2 on whole runs: reverses every sequence at level >= k, highest k first. */
static void shape_reorder(struct shape_line *line)
{
	struct shape_run tmp;
	int top = 0, low = 255, k;
	size_t i, a, b;

	for (i = 0; i < line->count; i++) {
		top = line->runs[i].level > top ? line->runs[i].level : top;
		low = line->runs[i].level < low ? line->runs[i].level : low;
	}
	if (low % 2 == 0)
		low++;
	for (k = top; k >= low; k--) {
		for (i = 0; i < line->count; i++) {
			if (line->runs[i].level < k)
				continue;
			for (a = i, b = i; b + 1 < line->count && line->runs[b + 1].level >= k; b++)
				;
			for (i = b; a < b; a++, b--) {
				tmp = line->runs[a];
				line->runs[a] = line->runs[b];
				line->runs[b] = tmp;
			}
		}
	}
}

/* Sets FONT up for RUN: HarfBuzz direction and script. */
static TTF_Font *shape_font(struct fonts *fonts, const struct shape_run *run,
			    const struct shape_style *style, struct error *err)
{
	TTF_Font *font = fonts_get(fonts, run->family, style->bold, style->px, err);

	if (!font)
		return NULL;
	if (TTF_SetFontDirection(font, run->level % 2 ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR) !=
		    0 ||
	    TTF_SetFontScriptName(font, run->script) != 0) {
		error_set(err, "%s: %s", run->family, TTF_GetError());
		return NULL;
	}
	return font;
}

int shape_measure(struct fonts *fonts, const struct shape_run *run, const char *s, size_t len,
		  const struct shape_style *style, int *w, struct error *err)
{
	TTF_Font *font = shape_font(fonts, run, style, err);
	char *copy;
	int h, rc;

	*w = 0;
	if (!font)
		return -1;
	if (len == 0)
		return 0;
	copy = malloc(len + 1);
	if (!copy) {
		error_set(err, "text: out of memory");
		return -1;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	rc = TTF_SizeUTF8(font, copy, w, &h);
	if (rc != 0)
		error_set(err, "%s: %s", run->family, TTF_GetError());
	sodium_memzero(copy, len);
	free(copy);
	return rc == 0 ? 0 : -1;
}

/* Widths and places of the runs, the line's extent. */
static int shape_place(struct fonts *fonts, const char *str, const struct shape_style *style,
		       struct shape_line *line, struct error *err)
{
	TTF_Font *font;
	size_t i;
	int x = 0;

	font = fonts_get(fonts, style->family, style->bold, style->px, err);
	if (!font)
		return -1;
	line->ascent = TTF_FontAscent(font);
	line->descent = -TTF_FontDescent(font);
	for (i = 0; i < line->count; i++) {
		struct shape_run *run = &line->runs[i];
		if (shape_measure(fonts, run, str + run->start, run->len, style, &run->w, err) != 0)
			return -1;
		font = fonts_get(fonts, run->family, style->bold, style->px, err);
		if (TTF_FontAscent(font) > line->ascent)
			line->ascent = TTF_FontAscent(font);
		if (-TTF_FontDescent(font) > line->descent)
			line->descent = -TTF_FontDescent(font);
		run->x = x;
		x += run->w;
	}
	line->w = x;
	return 0;
}

int shape_layout(struct fonts *fonts, const char *str, size_t len, const struct shape_style *style,
		 struct shape_line *line, struct error *err)
{
	struct shape_text t;
	int rc = -1;

	memset(line, 0, sizeof(*line));
	if (shape_decode(&t, str, len, err) != 0 || shape_bidi(&t, style->rtl, err) != 0 ||
	    shape_families(fonts, &t, style, err) != 0 || shape_runs(&t, line, err) != 0)
		goto end;
	shape_reorder(line);
	rc = shape_place(fonts, str, style, line, err);
end:
	shape_text_free(&t);
	return rc;
}

void shape_surface_free(SDL_Surface *surface)
{
	if (!surface)
		return;
	if (surface->pixels)
		sodium_memzero(surface->pixels, (size_t)surface->pitch * (size_t)surface->h);
	SDL_FreeSurface(surface);
}

/* Draws the laid-out LINE of STR onto DST with its left edge at X and its top at Y. */
static int shape_draw_line(struct fonts *fonts, const char *str, const struct shape_line *line,
			   const struct shape_style *style, SDL_Color color, SDL_Surface *dst,
			   int x, int y, struct error *err)
{
	SDL_Surface *part;
	TTF_Font *font;
	SDL_Rect at;
	char *copy;
	size_t i;
	int rc = 0;

	for (i = 0; i < line->count && rc == 0; i++) {
		const struct shape_run *run = &line->runs[i];
		font = shape_font(fonts, run, style, err);
		copy = font ? malloc(run->len + 1) : NULL;
		if (!copy) {
			if (font)
				error_set(err, "text: out of memory");
			return -1;
		}
		memcpy(copy, str + run->start, run->len);
		copy[run->len] = '\0';
		part = copy[0] ? TTF_RenderUTF8_Blended(font, copy, color) : NULL;
		sodium_memzero(copy, run->len);
		free(copy);
		if (!part) {
			if (run->len) {
				error_set(err, "%s: %s", run->family, TTF_GetError());
				rc = -1;
			}
			continue;
		}
		at = (SDL_Rect){ x + run->x, y + line->ascent - TTF_FontAscent(font), part->w,
				 part->h };
		/* Blended onto a surface of COLOR at alpha 0: edges keep the colour, overlaps add
		 * up. */
		if (SDL_SetSurfaceBlendMode(part, SDL_BLENDMODE_BLEND) != 0 ||
		    SDL_BlitSurface(part, NULL, dst, &at) != 0) {
			error_set(err, "text: %s", SDL_GetError());
			rc = -1;
		}
		shape_surface_free(part);
	}
	return rc;
}

#define SHAPE_LINES_MAX 32

struct shape_block {
	struct shape_line lines[SHAPE_LINES_MAX];
	size_t starts[SHAPE_LINES_MAX]; /* byte offset of each line in the string */
	size_t count;
	int w, h;
};

/* The end of the longest piece of the line starting at START that fits WIDTH, at a space. */
static int shape_break(struct fonts *fonts, const char *str, size_t start,
		       const struct shape_style *style, int width, size_t *end,
		       struct shape_line *line, struct error *err)
{
	size_t hard = start + strcspn(str + start, "\n"), fit = 0, at;

	if (shape_layout(fonts, str + start, hard - start, style, line, err) != 0)
		return -1;
	if (width <= 0 || line->w <= width) {
		*end = hard;
		return 0;
	}
	for (at = start; at < hard; at++) {
		if (str[at] != ' ' || at == start)
			continue;
		if (shape_layout(fonts, str + start, at - start, style, line, err) != 0)
			return -1;
		if (line->w > width && fit)
			break;
		fit = at;
		if (line->w > width)
			break; /* a first word wider than WIDTH stays whole */
	}
	*end = fit ? fit : hard;
	return shape_layout(fonts, str + start, *end - start, style, line, err);
}

/* Lays out STR in lines no wider than WIDTH (0: no wrapping). */
static int shape_block_layout(struct fonts *fonts, const char *str, const struct shape_style *style,
			      int width, struct shape_block *block, struct error *err)
{
	size_t start = 0, end, len = strlen(str);

	memset(block, 0, sizeof(*block));
	do {
		if (block->count >= SHAPE_LINES_MAX) {
			error_set(err, "text: more than %d lines", SHAPE_LINES_MAX);
			return -1;
		}
		if (shape_break(fonts, str, start, style, width, &end, &block->lines[block->count],
				err) != 0)
			return -1;
		block->starts[block->count] = start;
		if (block->lines[block->count].w > block->w)
			block->w = block->lines[block->count].w;
		block->h += block->lines[block->count].ascent + block->lines[block->count].descent;
		block->count++;
		start = end < len ? end + 1 : len;
	} while (start < len);
	return 0;
}

SDL_Surface *shape_render(struct fonts *fonts, const char *str, const struct shape_style *style,
			  SDL_Color color, int width, enum shape_align align, struct error *err)
{
	struct shape_block *block = calloc(1, sizeof(*block));
	SDL_Surface *surface = NULL;
	size_t i;
	int x, y = 0;

	if (!block) {
		error_set(err, "text: out of memory");
		return NULL;
	}
	if (shape_block_layout(fonts, str, style, width, block, err) != 0)
		goto end;
	surface = SDL_CreateRGBSurfaceWithFormat(0, block->w > 0 ? block->w : 1, block->h, 32,
						 SDL_PIXELFORMAT_ARGB8888);
	if (!surface || SDL_FillRect(surface, NULL,
				     SDL_MapRGBA(surface->format, color.r, color.g, color.b, 0))) {
		error_set(err, "text: %s", SDL_GetError());
		goto fail;
	}
	for (i = 0; i < block->count; i++) {
		const struct shape_line *line = &block->lines[i];
		x = align == SHAPE_ALIGN_CENTER ? (block->w - line->w) / 2
		    : style->rtl		? block->w - line->w
						: 0;
		if (shape_draw_line(fonts, str + block->starts[i], line, style, color, surface, x,
				    y, err) != 0)
			goto fail;
		y += line->ascent + line->descent;
	}
	goto end;
fail:
	shape_surface_free(surface);
	surface = NULL;
end:
	free(block);
	return surface;
}

int shape_missing_glyph(struct fonts *fonts, const char *str, const struct shape_style *style,
			unsigned *cp, struct error *err)
{
	struct shape_text t;
	TTF_Font *font;
	size_t i;
	int rc = -1;

	*cp = 0;
	if (shape_decode(&t, str, strlen(str), err) != 0 || shape_bidi(&t, style->rtl, err) != 0 ||
	    shape_families(fonts, &t, style, err) != 0)
		goto end;
	rc = 0;
	for (i = 0; i < t.n && rc == 0; i++) {
		FriBidiChar c = t.cps[i];
		if (c == ' ' || c == '\n' || (c >= 0x200B && c <= 0x200F))
			continue;
		font = fonts_get(fonts, t.families[i], style->bold, style->px, err);
		if (!font) {
			rc = -1;
		} else if (!TTF_GlyphIsProvided32(font, c)) {
			*cp = c;
			rc = 1;
		}
	}
end:
	shape_text_free(&t);
	return rc;
}
