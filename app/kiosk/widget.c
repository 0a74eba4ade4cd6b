#include "kiosk/widget.h"

#include "kiosk/theme.h"

#include <stdio.h>
#include <string.h>

void widget_init(struct widget *w, enum widget_kind kind, const char *id, SDL_Rect rect,
		 const char *text)
{
	static const enum widget_role roles[] = {
		[WIDGET_LABEL] = WIDGET_ROLE_TEXT,	[WIDGET_BUTTON] = WIDGET_ROLE_BUTTON,
		[WIDGET_TOGGLE] = WIDGET_ROLE_CHECKBOX, [WIDGET_FIELD] = WIDGET_ROLE_TEXTBOX,
		[WIDGET_KEY] = WIDGET_ROLE_KEY,
	};

	memset(w, 0, sizeof(*w));
	snprintf(w->id, sizeof(w->id), "%s", id ? id : "");
	w->kind = kind;
	w->role = roles[kind];
	w->rect = rect;
	w->text = text;
	w->enabled = 1;
	w->style = (struct text_style){
		TEXT_LARGE, kind != WIDGET_LABEL, TEXT_LEFT, { 0, 0, 0, 0 }, 0
	};
	/* The inmate's own text is never read aloud: others may be listening. */
	if (kind == WIDGET_FIELD)
		w->flags |= WIDGET_NEVER_SPEAK;
	if (kind == WIDGET_KEY)
		w->flags |= WIDGET_NEVER_MIRROR;
}

int widget_is_interactive(const struct widget *w)
{
	return w->kind != WIDGET_LABEL;
}

int widget_hit(const struct widget *w, int x, int y)
{
	SDL_Point p = { x, y };

	return widget_is_interactive(w) && w->enabled && SDL_PointInRect(&p, &w->rect);
}

static int fill(struct canvas *c, SDL_Rect rect, SDL_Color color)
{
	return canvas_fill(c, rect, color);
}

/*
 * A filled box with a border THICK pixels wide: four strips and the inside,
 * so that every pixel is written once (the same pixels as the border colour
 * filled first and the inside over it).
 */
static int box(struct canvas *c, SDL_Rect rect, SDL_Color bg, SDL_Color border, int thick)
{
	SDL_Rect inner = { rect.x + thick, rect.y + thick, rect.w - 2 * thick, rect.h - 2 * thick };
	SDL_Rect strips[4] = {
		{ rect.x, rect.y, rect.w, thick },
		{ rect.x, rect.y + rect.h - thick, rect.w, thick },
		{ rect.x, rect.y + thick, thick, rect.h - 2 * thick },
		{ rect.x + rect.w - thick, rect.y + thick, thick, rect.h - 2 * thick },
	};

	if (inner.w <= 0 || inner.h <= 0 || !memcmp(&bg, &border, sizeof(bg)))
		return fill(c, rect, border);
	for (int i = 0; i < 4; i++) {
		if (fill(c, strips[i], border) != 0)
			return -1;
	}
	return fill(c, inner, bg);
}

static SDL_Rect inset(SDL_Rect rect, int dx, int dy)
{
	return (SDL_Rect){ rect.x + dx, rect.y + dy, rect.w - 2 * dx, rect.h - 2 * dy };
}

static int border_width(const struct widget *w)
{
	int t = w->rect.h / 28;

	return t < 2 ? 2 : t;
}

/*
 * The pictogram of a button at its reading start (left, right to left: right),
 * a little over half the button's height, in the label's colour; LABEL shrinks
 * to the space after it. Left out where it would leave the words less than a
 * third of the button. An icon that cannot be drawn is reported and left
 * out. Returns 0.
 */
static int widget_draw_icon(const struct widget *w, struct icons *icons, int rtl, SDL_Color color,
			    SDL_Rect *label)
{
	int size = w->rect.h * 56 / 100, pad = (w->rect.h - size) / 2;
	SDL_Rect box = { w->rect.x + pad, w->rect.y + pad, size, size };
	struct error err;

	if (label->w - (size + pad) < w->rect.w / 3)
		return 0; /* a narrow button: the words need the room more */
	if (rtl)
		box.x = w->rect.x + w->rect.w - pad - size;
	if (icons_draw(icons, w->icon, box, color, rtl, &err) != 0) {
		fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
		return 0;
	}
	if (rtl) {
		label->w = box.x - label->x;
	} else {
		label->w -= box.x + size - label->x;
		label->x = box.x + size;
	}
	return 0;
}

/*
 * A small button's pictogram centred in its upper part, its label (discreet:
 * the style's size, one line high, so that it shrinks rather than wraps into
 * two tiny lines) below it. LINE is the label's pixel size. Returns 0.
 */
static int widget_draw_icon_above(const struct widget *w, struct icons *icons, SDL_Color color,
				  int line, SDL_Rect *label)
{
	int size = w->rect.h * 42 / 100, pad = w->rect.h / 10, below;
	SDL_Rect box = { w->rect.x + (w->rect.w - size) / 2, w->rect.y + pad, size, size };
	struct error err;

	if (icons_draw(icons, w->icon, box, color, 0, &err) != 0)
		fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
	below = w->rect.y + w->rect.h - border_width(w) - (box.y + size);
	label->h = below < line * 3 / 2 ? below : line * 3 / 2;
	label->y = box.y + size + (below - label->h) / 2;
	return 0;
}

static int widget_draw_button(const struct widget *w, struct canvas *c, struct text *text,
			      const struct theme *th, struct icons *icons)
{
	struct text_style style = w->style;
	SDL_Color bg = th->paper, border = th->ink;
	int pad = w->rect.h / 8;
	SDL_Rect label = inset(w->rect, pad, pad / 2);

	style.color = th->ink;
	if (!w->enabled) {
		bg = th->muted_bg;
		border = th->muted_ink;
		style.color = th->muted_ink;
	} else if (w->primary || w->checked) {
		bg = th->accent;
		border = th->accent;
		style.color = th->paper;
	}
	if (box(c, w->rect, bg, border, border_width(w)) != 0)
		return -1;
	if (w->icon && icons && (w->flags & WIDGET_ICON_ABOVE)) {
		label = inset(w->rect, border_width(w) + 2, 0);
		if (widget_draw_icon_above(w, icons, style.color, text->px[style.size], &label) !=
		    0)
			return -1;
	} else if (w->icon && icons &&
		   widget_draw_icon(w, icons, text->rtl, style.color, &label) != 0) {
		return -1;
	}
	style.align = TEXT_CENTER;
	return text_draw(text, c->renderer, w->text, label, &style, NULL);
}

static int widget_draw_toggle(const struct widget *w, struct canvas *c, struct text *text,
			      const struct theme *th)
{
	int side = w->rect.h * 6 / 10, t = border_width(w);
	SDL_Rect check = { w->rect.x + w->rect.h / 5, w->rect.y + (w->rect.h - side) / 2, side,
			   side };
	SDL_Rect label = { check.x + side + w->rect.h / 4, w->rect.y, 0, w->rect.h };
	struct text_style style = w->style;

	label.w = w->rect.x + w->rect.w - label.x - w->rect.h / 5;
	if (text->rtl) { /* the box at the reading start: on the right */
		check.x = w->rect.x + w->rect.w - w->rect.h / 5 - side;
		label.x = w->rect.x + w->rect.h / 5;
	}
	if (box(c, w->rect, th->paper, w->checked ? th->accent : th->ink, t) != 0)
		return -1;
	if (box(c, check, th->paper, th->ink, t) != 0)
		return -1;
	if (w->checked && fill(c, inset(check, side / 5, side / 5), th->accent) != 0)
		return -1;
	style.color = th->ink;
	style.align = TEXT_LEFT;
	return text_draw(text, c->renderer, w->text, label, &style, NULL);
}

/*
 * A field's note ("12 left") at the end of the caption row, in the last
 * third: the caption keeps the rest, at the start (the right in RTL), and is
 * then fitted (smaller if need be), never cut.
 */
static int widget_draw_note(const struct widget *w, struct canvas *c, struct text *text,
			    const struct theme *th, SDL_Rect *caption)
{
	struct text_style style = { TEXT_TINY, w->alert, TEXT_CENTER, th->muted_ink, 0 };
	SDL_Rect note = *caption;

	note.w = caption->w / 3;
	caption->w -= note.w;
	if (text->rtl)
		caption->x += note.w;
	else
		note.x += caption->w;
	if (w->alert)
		style.color = th->ink;
	return text_draw(text, c->renderer, w->note, note, &style, NULL);
}

static int widget_draw_field(const struct widget *w, struct canvas *c, struct text *text,
			     const struct theme *th)
{
	int t = w->checked ? border_width(w) * 2 : border_width(w);
	int pad = w->rect.h / 10;
	SDL_Rect caption = { w->rect.x + pad + t, w->rect.y + t, w->rect.w - 2 * (pad + t),
			     w->rect.h * 4 / 10 };
	SDL_Rect value = { caption.x, caption.y + caption.h, caption.w,
			   w->rect.h - caption.h - 2 * t };
	/* The caption wraps and shrinks, never cut (a narrow field in portrait); the value keeps
	 * its end in view. */
	struct text_style caption_style = { TEXT_TINY, 0, TEXT_LEFT, th->muted_ink, 0 };
	struct text_style value_style = { TEXT_BODY, 0, TEXT_TAIL, th->ink, 0 };
	SDL_Rect drawn, caret;

	if (box(c, w->rect, th->paper, w->checked ? th->accent : th->ink, t) != 0)
		return -1;
	if (w->note && widget_draw_note(w, c, text, th, &caption) != 0)
		return -1;
	if (w->note)
		caption_style.align = TEXT_LEFT;
	if (text_draw(text, c->renderer, w->caption, caption, &caption_style, NULL) != 0)
		return -1;
	if (text_draw(text, c->renderer, w->text, value, &value_style, &drawn) != 0)
		return -1;
	if (!w->checked)
		return 0;
	/* A caret shows where typing goes: after the text's end, on its left in RTL. */
	caret = (SDL_Rect){ drawn.x + drawn.w + 2, value.y + value.h / 6, t, value.h * 2 / 3 };
	if (text->rtl)
		caret.x = drawn.x - 2 - t;
	if (caret.x > value.x + value.w - t)
		caret.x = value.x + value.w - t;
	if (caret.x < value.x)
		caret.x = value.x;
	return fill(c, caret, th->accent);
}

static int widget_draw_label(const struct widget *w, struct canvas *c, struct text *text,
			     const struct theme *th)
{
	struct text_style style = w->style;

	if (style.color.a == 0)
		style.color = th->ink;
	return text_draw(text, c->renderer, w->text, w->rect, &style, NULL);
}

int widget_draw(const struct widget *w, struct canvas *canvas, struct text *text,
		const struct theme *theme, struct icons *icons)
{
	switch (w->kind) {
	case WIDGET_LABEL: return widget_draw_label(w, canvas, text, theme);
	case WIDGET_TOGGLE: return widget_draw_toggle(w, canvas, text, theme);
	case WIDGET_FIELD: return widget_draw_field(w, canvas, text, theme);
	case WIDGET_BUTTON:
	case WIDGET_KEY: return widget_draw_button(w, canvas, text, theme, icons);
	}
	return 0;
}
