#include "kiosk/view.h"

#include <sodium.h>
#include <string.h>

void view_begin(struct view *v, int width, int height, int rtl)
{
	v->frame.width = width;
	v->frame.height = height;
	v->frame.rtl = rtl;
	v->count = 0;
	sodium_memzero(v->texts, v->texts_used);
	v->texts_used = 0;
}

const char *view_keep(struct view *v, const char *text)
{
	size_t len = strlen(text);
	char *copy;

	if (len >= sizeof(v->texts) - v->texts_used)
		return "";
	copy = v->texts + v->texts_used;
	memcpy(copy, text, len + 1);
	v->texts_used += len + 1;
	return copy;
}

void view_set_panel(struct view *v, int mm_w, int mm_h)
{
	v->frame.mm_w = mm_w;
	v->frame.mm_h = mm_h;
}

SDL_Rect view_place(const struct view *v, struct layout_box box, unsigned flags)
{
	struct layout_rect r = layout_place(&v->frame, box, (flags & WIDGET_NEVER_MIRROR) != 0);

	return (SDL_Rect){ r.x, r.y, r.w, r.h };
}

struct widget *view_add_rect(struct view *v, enum widget_kind kind, const char *id, SDL_Rect rect,
			     const char *text)
{
	struct widget *w;

	if (v->count >= VIEW_WIDGETS_MAX)
		return NULL;
	w = &v->widgets[v->count++];
	widget_init(w, kind, id, rect, text);
	return w;
}

struct widget *view_add(struct view *v, enum widget_kind kind, const char *id,
			struct layout_box box, const char *text)
{
	return view_add_rect(v, kind, id, view_place(v, box, 0), text);
}

const struct widget *view_find(const struct view *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->count; i++) {
		if (strcmp(v->widgets[i].id, id) == 0)
			return &v->widgets[i];
	}
	return NULL;
}

const struct widget *view_hit(const struct view *v, int x, int y)
{
	size_t i;

	for (i = v->count; i > 0; i--) {
		if (widget_hit(&v->widgets[i - 1], x, y))
			return &v->widgets[i - 1];
	}
	return NULL;
}

const struct widget *view_touch(const struct view *v, int x, int y)
{
	SDL_Point p = { x, y };
	size_t i;

	for (i = v->count; i > 0; i--) {
		if (SDL_PointInRect(&p, &v->widgets[i - 1].rect))
			return &v->widgets[i - 1];
	}
	return NULL;
}

/* True when A comes before B: rows first, within a row the reading start first. */
static int view_before(const struct widget *a, const struct widget *b, int rtl)
{
	if (a->rect.y != b->rect.y)
		return a->rect.y < b->rect.y;
	return rtl ? a->rect.x > b->rect.x : a->rect.x < b->rect.x;
}

size_t view_focus_order(const struct view *v, const struct widget **out, size_t max)
{
	size_t i, j, n = 0;

	/* Insertion sort: stable, and a frame holds at most VIEW_WIDGETS_MAX widgets. */
	for (i = 0; i < v->count && n < max; i++) {
		const struct widget *w = &v->widgets[i];

		if (!widget_is_interactive(w) || !w->enabled)
			continue;
		for (j = n; j > 0 && view_before(w, out[j - 1], v->frame.rtl); j--)
			out[j] = out[j - 1];
		out[j] = w;
		n++;
	}
	return n;
}
