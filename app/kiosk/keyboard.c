#include "kiosk/keyboard.h"

#include <stdio.h>
#include <string.h>

#define KEYBOARD_UNITS 14 /* key widths per row: 14 units, a letter is one */

/* The layouts: each row lists lower/upper pairs, NULL-terminated. */
static const char *const digits[] = { "1", "1", "2", "2", "3", "3", "4", "4", "5", "5", "6", "6",
				      "7", "7", "8", "8", "9", "9", "0", "0", "-", "-", NULL };
static const char *const de_top[] = { "q", "Q", "w", "W", "e", "E", "r", "R", "t", "T", "z", "Z",
				      "u", "U", "i", "I", "o", "O", "p", "P", "ü", "Ü", NULL };
static const char *const de_middle[] = { "a", "A", "s", "S", "d", "D", "f", "F", "g", "G", "h", "H",
					 "j", "J", "k", "K", "l", "L", "ö", "Ö", "ä", "Ä", NULL };
static const char *const de_bottom[] = { "y", "Y", "x", "X", "c", "C", "v", "V", "b", "B",
					 "n", "N", "m", "M", "ß", "ß", ".", ".", NULL };
static const char *const en_top[] = { "q", "Q", "w", "W", "e", "E", "r", "R", "t", "T", "y",
				      "Y", "u", "U", "i", "I", "o", "O", "p", "P", NULL };
static const char *const en_middle[] = { "a", "A", "s", "S", "d", "D", "f", "F", "g", "G",
					 "h", "H", "j", "J", "k", "K", "l", "L", NULL };
static const char *const en_bottom[] = { "z", "Z", "x", "X", "c", "C", "v", "V", "b",
					 "B", "n", "N", "m", "M", ".", ".", NULL };

/* The reference code's alphabet (core/terminal.c REFERENCE_ALPHABET) and its dash. */
static const char *const code_digits[] = { "3", "3", "4", "4", "7", "7", "9", "9", "-", "-", NULL };
static const char *const code_top[] = { "a", "A", "c", "C", "d", "D", "e", "E", "f",
					"F", "h", "H", "j", "J", "k", "K", NULL };
static const char *const code_middle[] = { "m", "M", "n", "N", "p", "P", "q", "Q", "r",
					   "R", "t", "T", "u", "U", "v", "V", NULL };
static const char *const code_bottom[] = { "w", "W", "x", "X", "y", "Y", NULL };
static const struct keyboard_layout code_layout = {
	"code", 0, 1, { code_digits, code_top, code_middle, code_bottom }
};

static const struct keyboard_layout layouts[] = {
	{ "de", 0, 0, { digits, de_top, de_middle, de_bottom } },
	{ "en", 0, 0, { digits, en_top, en_middle, en_bottom } }, /* also the fallback */
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

static size_t keyboard_row_len(const char *const *row)
{
	size_t n = 0;

	while (row[2 * n])
		n++;
	return n;
}

static struct widget *keyboard_add_key(const struct screen_ctx *ctx, struct view *view,
				       const char *id, SDL_Rect rect, const char *label)
{
	struct widget *w = view_add_rect(view, WIDGET_KEY, id, rect, label);

	if (w) {
		w->enabled = ctx->focus != SESSION_FIELD_NONE;
		w->style.size = TEXT_BODY;
	}
	return w;
}

/* Lays out row R: letters one unit wide, the special keys wider, the row centred. */
static void keyboard_build_row(const struct screen_ctx *ctx, struct view *view,
			       const struct keyboard_layout *layout, int r, SDL_Rect area)
{
	const char *const *row = layout->rows[r];
	int unit = area.w / KEYBOARD_UNITS, gap = unit / 12;
	int height = area.h / KEYBOARD_ROWS, n = (int)keyboard_row_len(row);
	int units = n + (r == 0 ? 3 : 0) + (r == 3 ? 5 : 0);
	int x = area.x + (area.w - units * unit) / 2, y = area.y + r * height, i;
	char id[WIDGET_ID_MAX];
	struct widget *w;

	if (r == 3 && layout->caps) {
		x += 2 * unit; /* capitals only: no shift key, the row keeps its place */
	} else if (r == 3) {
		w = keyboard_add_key(ctx, view, "key.shift",
				     (SDL_Rect){ x, y, 2 * unit - gap, height - gap },
				     ctx->shift ? "abc" : "ABC");
		if (w)
			w->checked = ctx->shift;
		x += 2 * unit;
	}
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "key.%s", row[2 * i]);
		keyboard_add_key(ctx, view, id, (SDL_Rect){ x, y, unit - gap, height - gap },
				 row[2 * i + (ctx->shift || layout->caps ? 1 : 0)]);
		x += unit;
	}
	if (r == 0)
		keyboard_add_key(ctx, view, "key.backspace",
				 (SDL_Rect){ x, y, 3 * unit - gap, height - gap }, _("Delete"));
	if (r == 3)
		keyboard_add_key(ctx, view, "key.space",
				 (SDL_Rect){ x, y, 3 * unit - gap, height - gap }, _("Space"));
}

/* The layout for FOCUS in LANGUAGE: the code's alphabet for the code field. */
static const struct keyboard_layout *keyboard_layout_for(const char *language,
							 enum session_field focus)
{
	return focus == SESSION_FIELD_CODE ? &code_layout : keyboard_layout_find(language);
}

void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area)
{
	const struct keyboard_layout *layout =
		keyboard_layout_for(i18n_code(ctx->i18n), ctx->focus);
	int r;

	for (r = 0; r < KEYBOARD_ROWS; r++)
		keyboard_build_row(ctx, view, layout, r, area);
}

/* The character key ID types, honouring SHIFT, or NULL. */
static const char *keyboard_character(const struct keyboard_layout *layout, int shift,
				      const char *id)
{
	const char *const *row;
	int r;
	size_t i;

	for (r = 0; r < KEYBOARD_ROWS; r++) {
		row = layout->rows[r];
		for (i = 0; row[2 * i]; i++) {
			if (strcmp(id + 4, row[2 * i]) == 0)
				return row[2 * i + (shift ? 1 : 0)];
		}
	}
	return NULL;
}

int keyboard_activate(struct screen_input *in, const char *id)
{
	const struct keyboard_layout *layout = keyboard_layout_for(i18n_code(in->i18n), *in->focus);
	const char *character;

	if (strncmp(id, "key.", 4) != 0)
		return 0;
	if (strcmp(id, "key.shift") == 0) {
		*in->shift = !*in->shift;
	} else if (strcmp(id, "key.backspace") == 0) {
		session_backspace(in->session, *in->focus);
	} else if (strcmp(id, "key.space") == 0) {
		session_type(in->session, *in->focus, " ");
	} else {
		character = keyboard_character(layout, *in->shift || layout->caps, id);
		if (character)
			session_type(in->session, *in->focus, character);
		*in->shift = 0;
	}
	return 1;
}
