#ifndef PRISMA_KIOSK_VIEW_H
#define PRISMA_KIOSK_VIEW_H

#include "kiosk/layout.h"
#include "kiosk/widget.h"

#include <stddef.h>

/*
 * The view (toolkit layer): the widget list of one frame, in drawing order,
 * built from state before every frame and every hit test. It answers what is
 * where (hit test), finds widgets by id and gives the focus order. Widgets
 * are placed through layout_place, so mirroring for right to left happens
 * there and nowhere else.
 */
#define VIEW_WIDGETS_MAX 160
#define VIEW_TEXT_MAX	 6144 /* the review's pages hold the whole request */

struct view {
	struct layout_frame frame;
	struct widget widgets[VIEW_WIDGETS_MAX];
	size_t count;
	char texts[VIEW_TEXT_MAX]; /* texts a screen composed for this frame (view_keep) */
	size_t texts_used;
};

/* Empties V for a frame W x H pixels, reading right to left when RTL. Cannot fail. */
void view_begin(struct view *v, int width, int height, int rtl);

/*
 * A copy of TEXT that lives until the next view_begin, for texts a screen puts
 * together while it builds (e.g. explain.c's). Returns "" when the frame's
 * store is full. Cannot fail otherwise.
 */
const char *view_keep(struct view *v, const char *text);
/* Sets the panel's physical size in millimetres (display_mm) for the frames that follow. */
void view_set_panel(struct view *v, int mm_w, int mm_h);

/* The pixel rectangle of BOX on this frame (mirrored when right to left, see layout_place). */
SDL_Rect view_place(const struct view *v, struct layout_box box, unsigned flags);

/*
 * Appends a widget at BOX (per mille from the reading start) and returns it
 * for further settings, or NULL when the list is full (nothing added). TEXT
 * must outlive the frame (gettext, catalogue, session).
 */
struct widget *view_add(struct view *v, enum widget_kind kind, const char *id,
			struct layout_box box, const char *text);

/* As view_add with a rectangle already in pixels (inside an area placed before). */
struct widget *view_add_rect(struct view *v, enum widget_kind kind, const char *id, SDL_Rect rect,
			     const char *text);

/* The widget with ID, or NULL. */
const struct widget *view_find(const struct view *v, const char *id);

/* The enabled interactive widget under (X, Y) (the last drawn is on top), or NULL. */
const struct widget *view_hit(const struct view *v, int x, int y);

/*
 * The widget drawn last under (X, Y), of any kind, enabled or not (explore by
 * touch says what anything is), or NULL.
 */
const struct widget *view_touch(const struct view *v, int x, int y);

/*
 * Fills OUT with up to MAX enabled interactive widgets in focus order (top to
 * bottom, then from the reading start) and returns how many there are.
 */
size_t view_focus_order(const struct view *v, const struct widget **out, size_t max);

#endif
