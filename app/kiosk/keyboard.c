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

/* Whether KEY does something in the focused field. */
static int keyboard_key_enabled(enum session_field focus, const struct kbd_key *key)
{
	if (focus == SESSION_FIELD_NONE)
		return 0;
	if (key->action == KBD_ENTER)
		return focus == SESSION_FIELD_TIMES || focus == SESSION_FIELD_MESSAGE;
	return 1;
}

/* Lays out ROW centred in AREA as row R of ROWS; a unit is 1/12 of AREA's width. */
static void keyboard_build_row(const struct screen_ctx *ctx, struct view *view,
			       const struct kbd_row *row, int r, int rows, SDL_Rect area)
{
	int unit = area.w / KBD_ROW_UNITS_MAX, gap = unit / 6, height = area.h / rows;
	int x = area.x + (area.w - row->halves * unit / 2) / 2, y = area.y + r * height;
	struct widget *w;
	size_t k;

	for (k = 0; k < row->count; k++) {
		const struct kbd_key *key = &row->keys[k];
		int width = key->halves * unit / 2;
		w = view_add_rect(view, WIDGET_KEY, key->id,
				  (SDL_Rect){ x, y, width - gap, height - gap },
				  keyboard_label(ctx, key));
		if (w) {
			w->enabled = keyboard_key_enabled(ctx->focus, key);
			w->checked = key->action == KBD_SHIFT && ctx->shift;
			w->style.size = TEXT_BODY;
		}
		x += width;
	}
}

void keyboard_build(const struct screen_ctx *ctx, struct view *view, SDL_Rect area)
{
	const struct kbd_page *page = keyboard_page(
		keyboard_layout(ctx->languages, ctx->keyboard, ctx->focus), ctx->keyboard_page);
	size_t r;

	for (r = 0; r < page->count; r++)
		keyboard_build_row(ctx, view, &page->rows[r], (int)r, (int)page->count, area);
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
