#include "kiosk/chrome.h"

#include <string.h>

struct screen_result screen_stay(void)
{
	return (struct screen_result){ SCREEN_STAY, SCREEN_COMMAND_NONE, NULL };
}

struct screen_result screen_go(enum screen_id next)
{
	return (struct screen_result){ next, SCREEN_COMMAND_NONE, NULL };
}

struct screen_result screen_command(enum screen_command command, const char *arg)
{
	return (struct screen_result){ SCREEN_STAY, command, arg };
}

SDL_Rect chrome_box(const struct view *view, int start, int top, int width, int height)
{
	return view_place(view, (struct layout_box){ start, top, width, height }, 0);
}

int chrome_portrait(const struct view *view)
{
	return view->frame.height > view->frame.width;
}

void chrome_title(struct view *view, const char *title)
{
	struct widget *w = view_add_rect(
		view, WIDGET_LABEL, "title",
		chrome_box(view, 30, 20, chrome_portrait(view) ? 640 : 740, 120), title);

	if (w) {
		w->role = WIDGET_ROLE_HEADING;
		w->style.size = TEXT_TITLE;
		w->style.bold = 1;
	}
}

void chrome_quick_exit(struct view *view)
{
	/* portrait: the narrow side needs a wider box for the same words */
	struct layout_box box = chrome_portrait(view) ? (struct layout_box){ 700, 20, 270, 100 }
						      : (struct layout_box){ 790, 20, 180, 120 };
	SDL_Rect rect = view_place(view, box, WIDGET_NEVER_MIRROR);
	struct widget *w = view_add_rect(view, WIDGET_BUTTON, "quick-exit", rect, _("× Exit"));

	if (w) {
		w->flags |= WIDGET_NEVER_MIRROR;
		w->style.size = TEXT_BODY;
	}
}

void chrome_back(struct view *view)
{
	view_add_rect(view, WIDGET_BUTTON, "back",
		      chrome_box(view, 30, CHROME_BOTTOM, 300, CHROME_BOTTOM_H), _("Back"));
}

void chrome_next(struct view *view, const char *id, const char *text, int enabled)
{
	struct widget *w =
		view_add_rect(view, WIDGET_BUTTON, id,
			      chrome_box(view, 670, CHROME_BOTTOM, 300, CHROME_BOTTOM_H), text);

	if (w) {
		w->enabled = enabled;
		w->primary = enabled;
	}
}

struct widget *chrome_centre_button(struct view *view, const char *id, const char *text)
{
	struct widget *w =
		view_add_rect(view, WIDGET_BUTTON, id,
			      chrome_box(view, 350, CHROME_BOTTOM, 300, CHROME_BOTTOM_H), text);

	if (w)
		w->primary = 1;
	return w;
}

struct widget *chrome_text(struct view *view, SDL_Rect rect, const char *text, enum text_size size,
			   enum text_align align)
{
	struct widget *w = view_add_rect(view, WIDGET_LABEL, NULL, rect, text);

	if (w) {
		w->style.size = size;
		w->style.bold = 0;
		w->style.align = align;
	}
	return w;
}

void chrome_row(struct view *view, int y, int h, const char *caption, const char *value)
{
	struct widget *w =
		chrome_text(view, chrome_box(view, 30, y, 290, h), caption, TEXT_BODY, TEXT_LEFT);

	if (w) {
		w->style.bold = 1;
		w->style.top = 1;
	}
	w = chrome_text(view, chrome_box(view, 330, y, 640, h), value, TEXT_BODY, TEXT_LEFT);
	if (w)
		w->style.top = 1;
}

int chrome_row_if_set(struct view *view, int y, int row, const char *caption, const char *value)
{
	if (!value[0])
		return y;
	chrome_row(view, y, row - 4, caption, value);
	return y + row;
}

void chrome_field(const struct screen_ctx *ctx, struct view *view, const char *id,
		  enum session_field field, SDL_Rect rect, const char *caption)
{
	struct widget *w =
		view_add_rect(view, WIDGET_FIELD, id, rect, session_field(ctx->session, field));

	if (w) {
		w->caption = caption;
		w->label = caption; /* spoken: the caption, never the inmate's text */
		w->checked = ctx->focus == field;
	}
}

static const struct {
	const char *id;
	enum session_field field;
} field_ids[] = {
	{ "field.name", SESSION_FIELD_NAME },	    { "field.number", SESSION_FIELD_NUMBER },
	{ "field.unit", SESSION_FIELD_UNIT },	    { "field.times", SESSION_FIELD_TIMES },
	{ "field.message", SESSION_FIELD_MESSAGE },
};

int chrome_focus_field(const char *id, enum session_field *focus)
{
	size_t i;

	for (i = 0; i < sizeof(field_ids) / sizeof(field_ids[0]); i++) {
		if (strcmp(id, field_ids[i].id) == 0) {
			*focus = field_ids[i].field;
			return 1;
		}
	}
	return 0;
}
