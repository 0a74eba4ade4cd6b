#include "kiosk/keyboard.h"

#include <stdio.h>
#include <string.h>

#define KEYBOARD_KEY_MM	  102 /* tenths of a millimetre: 10 mm and room for rounding */
#define KEYBOARD_GAP_MM	  22
#define KEYBOARD_MAX_COLS 12 /* the longest row (11 letters) and its end key */

/* The layouts: each row lists lower/upper pairs, NULL-terminated. */
static const char *const digits[] = { "1", "1", "2", "2", "3", "3", "4", "4", "5", "5", "6",
				      "6", "7", "7", "8", "8", "9", "9", "0", "0", NULL };
static const char *const marks[] = { "-", "-", ",", ",", "?", "?", "!", "!", "/", "/",
				     "(", "(", ")", ")", ":", ":", "'", "'", NULL };
static const char *const marks_end[] = { ".", ".", NULL };
static const char *const de_top[] = { "q", "Q", "w", "W", "e", "E", "r", "R", "t", "T", "z", "Z",
				      "u", "U", "i", "I", "o", "O", "p", "P", "ü", "Ü", NULL };
static const char *const de_middle[] = { "a", "A", "s", "S", "d", "D", "f", "F", "g", "G", "h", "H",
					 "j", "J", "k", "K", "l", "L", "ö", "Ö", "ä", "Ä", NULL };
static const char *const de_bottom[] = { "y", "Y", "x", "X", "c", "C", "v", "V", "b",
					 "B", "n", "N", "m", "M", "ß", "ß", NULL };
static const char *const en_top[] = { "q", "Q", "w", "W", "e", "E", "r", "R", "t", "T", "y",
				      "Y", "u", "U", "i", "I", "o", "O", "p", "P", NULL };
static const char *const en_middle[] = { "a", "A", "s", "S", "d", "D", "f", "F", "g", "G",
					 "h", "H", "j", "J", "k", "K", "l", "L", NULL };
static const char *const en_bottom[] = { "z", "Z", "x", "X", "c", "C", "v", "V", "b",
					 "B", "n", "N", "m", "M", ".", ".", NULL };

static const struct keyboard_layout layouts[] = {
	{ "de", 0, { { de_top, de_middle, de_bottom }, { digits, marks, marks_end } } },
	{ "en",
	  0,
	  { { en_top, en_middle, en_bottom }, { digits, marks, marks_end } } }, /* fallback */
};

/* Where the keys go: the area, the unit pitch, the gap and the line height, in pixels. */
struct keyboard_grid {
	SDL_Rect area;
	int cols, unit, gap, line_h, line_gap, line, col;
};

const struct keyboard_layout *keyboard_layout_find(const char *language)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		if (strcmp(layouts[i].language, language) == 0)
			return &layouts[i];
	}
	return &layouts[1];
}

/* The page shown: the prisoner number starts on digits, every other field on letters. */
static int keyboard_page(enum session_field focus, int turned)
{
	return (focus == SESSION_FIELD_NUMBER) != (turned != 0);
}

/*
 * Reserves UNITS units on the grid's current line (a new line when they do
 * not fit; FILL: to the end of the line) and returns the key's rectangle.
 */
static SDL_Rect keyboard_take(struct keyboard_grid *g, int units, int fill)
{
	SDL_Rect r;

	if (g->col > 0 && g->col + units > g->cols) {
		g->line++;
		g->col = 0;
	}
	if (fill && g->cols - g->col > units)
		units = g->cols - g->col;
	r = (SDL_Rect){ g->area.x + g->col * g->unit, g->area.y + g->line * g->line_h,
			units * g->unit - g->gap, g->line_h - g->line_gap };
	g->col += units;
	return r;
}

static void keyboard_add_key(const struct screen_ctx *ctx, struct view *view, const char *id,
			     SDL_Rect rect, const char *label, int checked)
{
	struct widget *w;

	if (!view)
		return; /* counting lines only */
	w = view_add_rect(view, WIDGET_KEY, id, rect, label);
	if (w) {
		w->enabled = ctx->focus != SESSION_FIELD_NONE;
		w->checked = checked;
		w->style.size = TEXT_BODY;
	}
}

/* Lays out row R of PAGE on G (VIEW NULL: only moves G, to count the lines). */
static void keyboard_build_row(const struct screen_ctx *ctx, struct view *view,
			       struct keyboard_grid *g, const char *const *row, int r, int page)
{
	char id[WIDGET_ID_MAX];
	size_t i;

	if (r == 1 && page == 0)
		keyboard_add_key(ctx, view, "key.shift", keyboard_take(g, 1, 0),
				 ctx->shift ? "abc" : "ABC", ctx->shift);
	for (i = 0; row[2 * i]; i++) {
		snprintf(id, sizeof(id), "key.%s", row[2 * i]);
		keyboard_add_key(ctx, view, id, keyboard_take(g, 1, 0),
				 row[2 * i + (ctx->shift ? 1 : 0)], 0);
	}
	if (r == 0)
		keyboard_add_key(ctx, view, "key.page", keyboard_take(g, 1, 1),
				 page == 0 ? "?123" : "abc", 0);
	if (r == 2) {
		/* the two keys with words on them get two units: "Löschen" is never cut */
		keyboard_add_key(ctx, view, "key.backspace", keyboard_take(g, 2, 0), _("Delete"),
				 0);
		keyboard_add_key(ctx, view, "key.space", keyboard_take(g, 2, 1), _("Space"), 0);
	}
	g->line++;
	g->col = 0;
}

void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area)
{
	const struct keyboard_layout *layout = keyboard_layout_find(i18n_code(ctx->i18n));
	const struct layout_frame *f = &view->frame;
	int page = keyboard_page(ctx->focus, ctx->page), r, pass;
	struct keyboard_grid g = { area, 0, 0, layout_mm(f, KEYBOARD_GAP_MM, 0), 0, 0, 0, 0 };

	g.cols = (area.w + g.gap) / (layout_mm(f, KEYBOARD_KEY_MM, 0) + g.gap);
	g.cols = g.cols > KEYBOARD_MAX_COLS ? KEYBOARD_MAX_COLS : g.cols < 4 ? 4 : g.cols;
	g.unit = (area.w + g.gap) / g.cols;
	g.line_gap = layout_mm(f, KEYBOARD_GAP_MM, 1);
	/* First count the lines (rows wrap when narrow), then share the height among them. */
	for (pass = 0; pass < 2; pass++) {
		g.line_h = pass ? (area.h + g.line_gap) / (g.line > 0 ? g.line : 1) : 1;
		g.line = 0;
		g.col = 0;
		for (r = 0; r < KEYBOARD_ROWS; r++)
			keyboard_build_row(ctx, pass ? view : NULL, &g, layout->rows[page][r], r,
					   page);
	}
}

/* The character key ID types on the page shown, honouring SHIFT, or NULL. */
static const char *keyboard_character(const struct keyboard_layout *layout, int page, int shift,
				      const char *id)
{
	const char *const *row;
	int r;
	size_t i;

	for (r = 0; r < KEYBOARD_ROWS; r++) {
		row = layout->rows[page][r];
		for (i = 0; row[2 * i]; i++) {
			if (strcmp(id + 4, row[2 * i]) == 0)
				return row[2 * i + (shift ? 1 : 0)];
		}
	}
	return NULL;
}

int keyboard_activate(struct screen_input *in, const char *id)
{
	const struct keyboard_layout *layout = keyboard_layout_find(i18n_code(in->i18n));
	const char *character;

	if (strncmp(id, "key.", 4) != 0)
		return 0;
	if (strcmp(id, "key.shift") == 0) {
		*in->shift = !*in->shift;
	} else if (strcmp(id, "key.page") == 0) {
		*in->page = !*in->page;
		*in->shift = 0;
	} else if (strcmp(id, "key.backspace") == 0) {
		session_backspace(in->session, *in->focus);
	} else if (strcmp(id, "key.space") == 0) {
		session_type(in->session, *in->focus, " ");
	} else {
		character = keyboard_character(layout, keyboard_page(*in->focus, *in->page),
					       *in->shift, id);
		if (character)
			session_type(in->session, *in->focus, character);
		*in->shift = 0;
	}
	return 1;
}
