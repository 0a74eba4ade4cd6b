#include "kiosk/keyboard.h"

#include <stdio.h>
#include <string.h>

/*
 * The layout shown: the digits pad for the prisoner number, the code's
 * alphabet for the status code, else the chosen one.
 */
static const struct kbdlayout *keyboard_layout(const struct languages *l, size_t keyboard,
					       enum session_field focus)
{
	if (focus == SESSION_FIELD_NUMBER)
		return &l->keyboards[l->digits];
	if (focus == SESSION_FIELD_CODE)
		return &l->keyboards[l->code];
	return &l->keyboards[keyboard < l->keyboard_count ? keyboard : 0];
}

static const struct kbd_page *keyboard_page(const struct kbdlayout *layout, size_t page)
{
	return &layout->pages[page < layout->count ? page : 0];
}

/* The label of KEY: its character (shifted), a word, a page's first keys or the next keyboard. */
static const char *keyboard_label(const struct screen_ctx *ctx, const struct kbd_key *key)
{
	const struct languages *l = ctx->languages;

	switch (key->action) {
	case KBD_CHAR: return ctx->shift && strcmp(key->upper, key->text) ? key->upper : key->label;
	case KBD_SHIFT: return ctx->shift ? "abc" : "ABC";
	case KBD_BACKSPACE: return _("Delete");
	case KBD_SPACE: return _("Space");
	case KBD_ENTER: return _("New line");
	case KBD_SWITCH: return l->keyboards[languages_keyboard_next(l, ctx->keyboard)].name;
	case KBD_PAGE: return key->label;
	}
	return "";
}

/*
 * What KEY is called when spoken, where its label is a symbol or a sample
 * ("ABC", "123"); NULL: the label (a character, or a word already).
 */
static const char *keyboard_spoken(const struct screen_ctx *ctx, struct view *view,
				   const struct kbd_key *key)
{
	const struct languages *l = ctx->languages;
	char text[128];

	switch (key->action) {
	case KBD_SHIFT: return ctx->shift ? _("Small letters") : _("Capital letters");
	case KBD_PAGE: return _("More keys");
	case KBD_SWITCH:
		snprintf(text, sizeof(text), _("Other keyboard: %s"),
			 l->keyboards[languages_keyboard_next(l, ctx->keyboard)].name);
		return view_keep(view, text);
	default: return NULL;
	}
}

/* Whether KEY does something in the focused field. */
static int keyboard_key_enabled(enum session_field focus, const struct kbd_key *key)
{
	if (focus == SESSION_FIELD_NONE)
		return 0;
	if (key->action == KBD_ENTER)
		return focus == SESSION_FIELD_TIMES || focus == SESSION_FIELD_MESSAGE;
	return 1;
}

/*
 * The key grid of one page in AREA, in pixels from the panel's millimetres:
 * keys at least KEYBOARD_KEY_MM both ways with KEYBOARD_GAP_MM between them.
 * A row wider than a line holds (portrait: 7 units on an 86 mm wide panel)
 * wraps onto balanced lines, so a key never shrinks under 10 mm.
 */
#define KEYBOARD_KEY_MM 100 /* tenths of a millimetre */
#define KEYBOARD_GAP_MM 20

struct keyboard_grid {
	SDL_Rect area;
	int cap;	  /* half units one line holds */
	int unit;	  /* pixels per unit across, gap included */
	int gap_x, gap_y; /* pixels between keys */
	int line_h;	  /* pixels per line, gap included */
};

/*
 * The lines ROW takes on G: each line's first key index into STARTS (room for
 * KBD_KEYS_MAX + 1) and the count returned. Lines are filled to an even
 * share of the row, so 12 keys on 7-unit lines give 6 + 6, not 7 + 5.
 */
static int keyboard_lines(const struct keyboard_grid *g, const struct kbd_row *row, size_t *starts)
{
	int lines = (row->halves + g->cap - 1) / g->cap, n = 0, used = 0, share;
	size_t k;

	share = (row->halves + lines - 1) / (lines > 0 ? lines : 1);
	for (k = 0; k < row->count; k++) {
		int halves = row->keys[k].halves;
		if (k == 0 || used + halves > g->cap || used >= share) {
			starts[n++] = k;
			used = 0;
		}
		used += halves;
	}
	starts[n] = row->count;
	return n;
}

/* Adds the keys START..END-1 of ROW as one line centred at pixel row Y. */
static void keyboard_build_line(const struct screen_ctx *ctx, struct view *view,
				const struct keyboard_grid *g, const struct kbd_row *row,
				size_t start, size_t end, int y)
{
	int halves = 0, at = 0, x0, x1;
	struct widget *w;
	size_t k;

	for (k = start; k < end; k++)
		halves += row->keys[k].halves;
	x0 = g->area.x + (g->area.w - (halves * g->unit / 2 - g->gap_x)) / 2;
	for (k = start; k < end; k++) {
		const struct kbd_key *key = &row->keys[k];
		x1 = (at + key->halves) * g->unit / 2;
		w = view_add_rect(view, WIDGET_KEY, key->id,
				  (SDL_Rect){ x0 + at * g->unit / 2, y,
					      x1 - at * g->unit / 2 - g->gap_x,
					      g->line_h - g->gap_y },
				  keyboard_label(ctx, key));
		if (w) {
			w->label = keyboard_spoken(ctx, view, key);
			w->enabled = keyboard_key_enabled(ctx->focus, key);
			w->checked = key->action == KBD_SHIFT && ctx->shift;
			w->style.size = TEXT_BODY;
		}
		at += key->halves;
	}
}

/* The grid for PAGE in AREA on FRAME: how many units fit a line, and the line height. */
static struct keyboard_grid keyboard_grid(const struct layout_frame *f, const struct kbd_page *page,
					  SDL_Rect area)
{
	struct keyboard_grid g = {
		area, 0, 0, layout_mm(f, KEYBOARD_GAP_MM, 0), layout_mm(f, KEYBOARD_GAP_MM, 1), 0
	};
	int min_w = layout_mm(f, KEYBOARD_KEY_MM, 0), min_h = layout_mm(f, KEYBOARD_KEY_MM, 1);
	int units = (area.w + g.gap_x) / (min_w + g.gap_x), lines = 0, max_h;
	size_t r, starts[KBD_KEYS_MAX + 1];

	units = units > KBD_ROW_UNITS_MAX ? KBD_ROW_UNITS_MAX : units < 2 ? 2 : units;
	g.cap = 2 * units;
	g.unit = (area.w + g.gap_x) / units;
	for (r = 0; r < page->count; r++)
		lines += keyboard_lines(&g, &page->rows[r], starts);
	g.line_h = (area.h + g.gap_y) / (lines > 0 ? lines : 1);
	/* Keys no taller than wide (plus a quarter) where the area is generous. */
	max_h = (g.unit - g.gap_x) * 5 / 4 + g.gap_y;
	if (max_h < min_h + g.gap_y)
		max_h = min_h + g.gap_y;
	if (g.line_h > max_h)
		g.line_h = max_h;
	return g;
}

void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area)
{
	const struct kbd_page *page = keyboard_page(
		keyboard_layout(ctx->languages, ctx->keyboard, ctx->focus), ctx->keyboard_page);
	struct keyboard_grid g = keyboard_grid(&view->frame, page, area);
	size_t r, starts[KBD_KEYS_MAX + 1];
	int line = 0, n, i;

	for (r = 0; r < page->count; r++) {
		n = keyboard_lines(&g, &page->rows[r], starts);
		for (i = 0; i < n; i++, line++)
			keyboard_build_line(ctx, view, &g, &page->rows[r], starts[i], starts[i + 1],
					    area.y + line * g.line_h);
	}
}

/* Shows the page called NAME of LAYOUT. */
static void keyboard_show_page(struct screen_input *in, const struct kbdlayout *layout,
			       const char *name)
{
	size_t i;

	for (i = 0; i < layout->count; i++) {
		if (strcmp(layout->pages[i].name, name) == 0)
			*in->keyboard_page = i;
	}
}

int keyboard_activate(struct screen_input *in, const char *id)
{
	const struct kbdlayout *layout = keyboard_layout(in->languages, *in->keyboard, *in->focus);
	const struct kbd_key *key;
	const char *typed;

	if (strncmp(id, "key.", 4) != 0)
		return 0;
	key = kbdlayout_find(keyboard_page(layout, *in->keyboard_page), id);
	if (!key || !keyboard_key_enabled(*in->focus, key))
		return 1;
	switch (key->action) {
	case KBD_SHIFT: *in->shift = !*in->shift; break;
	case KBD_BACKSPACE: session_backspace(in->session, *in->focus); break;
	case KBD_SWITCH:
		*in->keyboard = languages_keyboard_next(in->languages, *in->keyboard);
		*in->keyboard_page = 0;
		*in->shift = 0;
		break;
	case KBD_PAGE: keyboard_show_page(in, layout, key->target); break;
	case KBD_CHAR:
	case KBD_SPACE:
	case KBD_ENTER:
		typed = kbdlayout_key_text(key, *in->shift);
		if (typed)
			session_type(in->session, *in->focus, typed);
		if (key->action == KBD_CHAR)
			*in->shift = 0;
		break;
	}
	return 1;
}
