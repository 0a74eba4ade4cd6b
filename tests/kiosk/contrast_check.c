/*
 * contrast_check THEME.ini normal|high-contrast SHOT.png SHOT.layout
 *
 * Measures text contrast as rendered (docs/accessibility.md): for every widget
 * of the widget list (dump-layout) that shows text, the pixels inside its box
 * (inside the border of a button, key, toggle or field; a field's caption and
 * typed line apart) are counted by colour. The background is the most frequent
 * colour and must be a colour of the palette in use (THEME.ini's [theme] or
 * [high-contrast], within SDL's blending rounding, PALETTE_SLACK). The pixel
 * colour that contrasts most with it is the text's; the ink is the palette
 * colour that pixel is drawn with (a glyph's core is that colour, an
 * anti-aliased edge a blend towards it): so the ratio is taken between two
 * theme colours as drawn, never of an edge pixel. It must reach 4.5:1 (WCAG
 * 2), 7:1 for high-contrast. A text drawn in no palette colour fails, one in
 * the background's colour counts as 1:1.
 *
 * Prints one line per failing text and a last line with the count and the
 * lowest ratio (with CONTRAST_DEBUG set, also the pixel measured in each box);
 * exit 0 all pass, 1 a text fails, 2 bad input.
 */
#include "kiosk/theme.h"
#include "png_argb.h"

#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_PIXELS 3	/* a colour drawn fewer times is a stray edge, not a text */
#define COLOURS	   4096 /* distinct colours counted per box */
/*
 * SDL's software blending rounds a fully opaque glyph pixel to within one or
 * two steps of its colour (#1a1a1a comes out #191919): a theme colour is
 * matched within this many steps per channel. Anti-aliased edges are further.
 */
#define PALETTE_SLACK	2
#define PALETTE_COLOURS 6

static const char *const palette_names[PALETTE_COLOURS] = {
	"background", "ink", "paper", "accent", "muted_background", "muted_ink",
};

struct tally {
	Uint32 colour[COLOURS];
	long count[COLOURS];
	size_t used;
};

struct result {
	double lowest;
	char lowest_what[160];
	int texts, failed;
};

static SDL_Color rgb(Uint32 c)
{
	return (SDL_Color){ (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c, 0xff };
}

static void tally_add(struct tally *t, Uint32 c)
{
	size_t i;

	c &= 0xffffff;
	for (i = 0; i < t->used; i++) {
		if (t->colour[i] == c) {
			t->count[i]++;
			return;
		}
	}
	if (t->used < COLOURS) {
		t->colour[t->used] = c;
		t->count[t->used++] = 1;
	}
}

static void tally_box(struct tally *t, const SDL_Surface *s, SDL_Rect box)
{
	int x, y;

	t->used = 0;
	for (y = box.y < 0 ? 0 : box.y; y < box.y + box.h && y < s->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);

		for (x = box.x < 0 ? 0 : box.x; x < box.x + box.w && x < s->w; x++)
			tally_add(t, row[x]);
	}
}

/* The palette colour within PALETTE_SLACK of C, or -1. */
static int palette_index(const SDL_Color *all, Uint32 c)
{
	SDL_Color m = rgb(c);
	int i;

	for (i = 0; i < PALETTE_COLOURS; i++) {
		if (abs(all[i].r - m.r) <= PALETTE_SLACK && abs(all[i].g - m.g) <= PALETTE_SLACK &&
		    abs(all[i].b - m.b) <= PALETTE_SLACK)
			return i;
	}
	return -1;
}

/*
 * How much of ink P a pixel C on background B is: C = B + A (P - B) within
 * PALETTE_SLACK per channel, A in (0, 1]. Returns A, or 0 when C is no such
 * blend (another colour's edge, or B itself).
 */
static double blend_share(SDL_Color b, SDL_Color p, SDL_Color c)
{
	double d[3] = { p.r - b.r, p.g - b.g, p.b - b.b },
	       e[3] = { c.r - b.r, c.g - b.g, c.b - b.b };
	double dot = 0, len = 0, a;
	int k;

	for (k = 0; k < 3; k++) {
		dot += d[k] * e[k];
		len += d[k] * d[k];
	}
	if (len == 0)
		return 0;
	a = dot / len;
	if (a <= 0.05)
		return 0;
	if (a > 1) /* past P by SDL's rounding at most (checked below) */
		a = 1;
	for (k = 0; k < 3; k++) {
		if (fabs(a * d[k] - e[k]) > PALETTE_SLACK + 0.5)
			return 0;
	}
	return a;
}

/*
 * The ink a pixel colour C on background BG was drawn with: the palette colour
 * with the least contrast to BG that C is a blend towards (grey inks lie on
 * one line: an edge pixel of dark ink could also be muted ink, and is counted
 * as the weaker one). *SHARE gets how much of that ink C is (1: a glyph's
 * core; less: the text is so thin that only edges are drawn). Returns its
 * index, or -1 when C is no blend towards any palette colour.
 */
static int ink_of(const SDL_Color *all, int bg, Uint32 c, double *share)
{
	double a, best_contrast = 99, contrast;
	int i, best = -1;

	for (i = 0; i < PALETTE_COLOURS; i++) {
		if (i == bg || !(a = blend_share(all[bg], all[i], rgb(c))))
			continue;
		contrast = theme_contrast(all[i], all[bg]);
		if (contrast < best_contrast) {
			best_contrast = contrast;
			best = i;
			*share = a;
		}
	}
	return best;
}

/*
 * Measures one box; WHAT names it in messages. The background is the most
 * frequent colour; the text is the pixel colour (drawn at least MIN_PIXELS
 * times) that contrasts most with it, and its ink is the palette colour it
 * is drawn with (ink_of): so an anti-aliased edge is never what is measured.
 */
static void measure(const SDL_Surface *s, SDL_Rect box, const struct theme *p, double min,
		    const char *what, struct result *r)
{
	static struct tally t;
	const SDL_Color all[PALETTE_COLOURS] = { p->background, p->ink,	     p->paper,
						 p->accent,	p->muted_bg, p->muted_ink };
	double best = 0, c, share = 0;
	long min_pixels = MIN_PIXELS;
	size_t i, top = 0, text = SIZE_MAX;
	int bg, ink = -1;

	tally_box(&t, s, box);
	for (i = 1; i < t.used; i++)
		if (t.count[i] > t.count[top])
			top = i;
	r->texts++;
	bg = t.used ? palette_index(all, t.colour[top]) : -1;
	if (bg < 0) {
		printf("%s: background #%06x is not a theme colour\n", what,
		       t.used ? (unsigned)t.colour[top] : 0);
		r->failed++;
		return;
	}
again:
	for (i = 0; i < t.used; i++) {
		if (i == top || t.count[i] < min_pixels)
			continue;
		c = theme_contrast(rgb(t.colour[i]), all[bg]);
		if (c > best) {
			best = c;
			text = i;
		}
	}
	if (text == SIZE_MAX && min_pixels > 1) {
		/* a lone "." or "-": a handful of pixels, each of its own shade */
		min_pixels = 1;
		goto again;
	}
	if (text != SIZE_MAX)
		ink = ink_of(all, bg, t.colour[text], &share);
	c = ink < 0 ? 1 : theme_contrast(all[ink], all[bg]);
	if (getenv("CONTRAST_DEBUG"))
		printf("%s: text #%06x ink %d share %.2f bg #%06x\n", what,
		       text == SIZE_MAX ? 0 : (unsigned)t.colour[text], ink, share,
		       (unsigned)t.colour[top]);
	if (text == SIZE_MAX) {
		printf("%s: no text on #%06x (drawn in the background colour?): 1.00:1\n", what,
		       (unsigned)t.colour[top]);
		r->failed++;
	} else if (ink < 0) {
		printf("%s: #%06x on #%06x is drawn in no theme colour\n", what,
		       (unsigned)t.colour[text], (unsigned)t.colour[top]);
		r->failed++;
	} else if (c < min) {
		printf("%s: %s #%02x%02x%02x on %s #%02x%02x%02x is %.2f:1, under %.1f:1\n", what,
		       palette_names[ink], all[ink].r, all[ink].g, all[ink].b, palette_names[bg],
		       all[bg].r, all[bg].g, all[bg].b, c, min);
		r->failed++;
	}
	if (c < r->lowest) {
		r->lowest = c;
		snprintf(r->lowest_what, sizeof(r->lowest_what), "%s", what);
	}
}

/* The box inside a widget's border (as widget.c draws it: h/28, at least 2; twice when focused). */
static SDL_Rect inside(SDL_Rect rect)
{
	int t = rect.h / 28 < 2 ? 2 : rect.h / 28, in = 2 * t + 1;

	return (SDL_Rect){ rect.x + in, rect.y + in, rect.w - 2 * in, rect.h - 2 * in };
}

/* One line of the widget list: ID KIND X Y W H TEXT. Returns 0, or -1 when malformed. */
static int check_line(const char *line, const SDL_Surface *s, const struct theme *palette,
		      double min, const char *shot, struct result *r)
{
	char id[64], kind[16], what[160];
	SDL_Rect rect, box;
	int n = 0, caption_h;

	if (sscanf(line, "%63s %15s %d %d %d %d %n", id, kind, &rect.x, &rect.y, &rect.w, &rect.h,
		   &n) != 6 ||
	    !n)
		return -1;
	snprintf(what, sizeof(what), "%s: %s (%s) '%.*s'", shot, id, kind,
		 (int)strcspn(line + n, "\n") < 40 ? (int)strcspn(line + n, "\n") : 40, line + n);
	box = strcmp(kind, "label") == 0 ? rect : inside(rect);
	if (strcmp(kind, "field") == 0) {
		/* The caption (muted ink) always; the typed line only when there is text. */
		caption_h = rect.h * 4 / 10 - (box.y - rect.y);
		measure(s, (SDL_Rect){ box.x, box.y, box.w, caption_h }, palette, min, what, r);
		box.y += caption_h;
		box.h -= caption_h;
	}
	if (line[n] && line[n] != '\n')
		measure(s, box, palette, min, what, r);
	return 0;
}

int main(int argc, char **argv)
{
	struct theme_set set;
	struct error err = { "" };
	struct result r = { 22, "", 0, 0 };
	SDL_Surface *shot = NULL;
	FILE *layout = NULL;
	char line[4096];
	int high, rc = 2;

	if (argc != 5 || (strcmp(argv[2], "normal") && strcmp(argv[2], "high-contrast"))) {
		fprintf(stderr, "usage: contrast_check THEME.ini normal|high-contrast SHOT.png "
				"SHOT.layout\n");
		return 2;
	}
	high = strcmp(argv[2], "high-contrast") == 0;
	if (theme_load(&set, argv[1], &err) != 0) {
		fprintf(stderr, "contrast_check: %s\n", err.msg);
		return 2;
	}
	if (!(shot = png_load_argb("contrast_check", argv[3])))
		goto end;
	if (!(layout = fopen(argv[4], "r"))) {
		fprintf(stderr, "contrast_check: %s: cannot open\n", argv[4]);
		goto end;
	}
	while (fgets(line, sizeof(line), layout)) {
		if (check_line(line, shot, high ? &set.high_contrast : &set.normal,
			       high ? THEME_MIN_CONTRAST_HIGH : THEME_MIN_CONTRAST, argv[3],
			       &r) != 0) {
			fprintf(stderr, "contrast_check: %s: malformed line: %s", argv[4], line);
			goto end;
		}
	}
	printf("%s: %d texts, lowest %.2f:1 (%s)\n", argv[3], r.texts, r.lowest, r.lowest_what);
	rc = r.failed ? 1 : 0;
end:
	if (layout)
		fclose(layout);
	SDL_FreeSurface(shot);
	return rc;
}
