#include "kiosk/chrome.h"

#include <stdio.h>
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

/* { top, height } per band, landscape then portrait (see chrome.h and docs/kiosk.md "Sizes"). */
static const int bands[2][4][2] = {
	{ { 6, 118 }, { 146, 118 }, { 288, 542 }, { 855, 140 } },
	{ { 5, 88 }, { 113, 90 }, { 228, 627 }, { 880, 110 } },
};

int chrome_portrait(const struct view *view)
{
	return view->frame.height > view->frame.width;
}

SDL_Rect chrome_band(const struct view *view, enum chrome_band band, int start, int width)
{
	const int *b = bands[chrome_portrait(view)][band];

	return chrome_box(view, start, b[0], width, b[1]);
}

int chrome_band_edge(const struct view *view, enum chrome_band band, int top)
{
	const int *b = bands[chrome_portrait(view)][band];

	return top ? b[0] : b[0] + b[1];
}

/*
 * The top row, never mirrored: the speaker button at the top left corner (a
 * corner is found by touch alone), the title, the two mode switches, quick
 * exit at the top right. Portrait gives the switches more of the narrow
 * width, so that each stays at least 10 mm wide with 2 mm between targets.
 */
static const struct {
	int speak, title, title_width, contrast, large_text, switch_width;
} head_row[2] = {
	{ 30, 145, 370, 532, 661, 114 }, /* landscape: 100 per mille of 154 mm is 15.4 mm */
	{ 30, 172, 260, 457, 599, 117 }, /* portrait: 117 per mille of 86 mm (84 px) is 10.03 mm */
};

void chrome_title_span(const struct view *view, int *start, int *width)
{
	*start = head_row[chrome_portrait(view)].title;
	*width = head_row[chrome_portrait(view)].title_width;
}

SDL_Rect chrome_title_rect(const struct view *view)
{
	const int *head = bands[chrome_portrait(view)][CHROME_HEAD];
	int portrait = chrome_portrait(view);

	return view_place(view,
			  (struct layout_box){ head_row[portrait].title, head[0],
					       head_row[portrait].title_width, head[1] },
			  WIDGET_NEVER_MIRROR);
}

/* The switch ID with its pictogram above a discreet label TEXT, ticked when ON. */
static struct widget *chrome_switch(struct view *view, const char *id, int start, int width,
				    const char *text, int on)
{
	const int *head = bands[chrome_portrait(view)][CHROME_HEAD];
	SDL_Rect rect = view_place(view, (struct layout_box){ start, head[0], width, head[1] },
				   WIDGET_NEVER_MIRROR);
	struct widget *w = view_add_rect(view, WIDGET_BUTTON, id, rect, text);

	if (w) {
		w->flags |= WIDGET_NEVER_MIRROR | WIDGET_ICON_ABOVE;
		w->style.size = TEXT_TINY;
		w->style.bold = 0;
		w->checked = on;
	}
	return w;
}

/* "Speed 125%": the control's text, kept for the frame. */
static const char *chrome_percent(struct view *view, const char *format, int percent)
{
	char text[128];

	snprintf(text, sizeof(text), format, percent);
	return view_keep(view, text);
}

void chrome_speak(const struct screen_ctx *ctx, struct view *view)
{
	int p = chrome_portrait(view);
	struct widget *w;

	/* The speaker: the same place on every screen, in every language. */
	w = chrome_switch(view, "speak", head_row[p].speak, p ? 117 : 100, _("Read aloud"),
			  ctx->read_aloud);
	if (w)
		w->label = _("Read the screen aloud");
}

void chrome_modes(const struct screen_ctx *ctx, struct view *view)
{
	int p = chrome_portrait(view), width = head_row[p].switch_width;

	chrome_speak(ctx, view);
	if (ctx->read_aloud) {
		/* Listening: the voice's speed and loudness take the display switches' places. */
		chrome_switch(view, "speech.rate", head_row[p].contrast, width,
			      chrome_percent(view, _("Speed %d%%"), ctx->speech_rate), 0);
		chrome_switch(view, "speech.volume", head_row[p].large_text, width,
			      chrome_percent(view, _("Volume %d%%"), ctx->speech_volume), 0);
		return;
	}
	chrome_display_switches(ctx, view);
}

void chrome_display_switches(const struct screen_ctx *ctx, struct view *view)
{
	int p = chrome_portrait(view), width = head_row[p].switch_width;
	struct widget *w;

	/* portrait: quick exit takes 740..970, 24 per mille is 2.06 mm on an 86 mm side */
	w = chrome_switch(view, "contrast", head_row[p].contrast, width, _("Contrast"),
			  ctx->high_contrast);
	if (w)
		w->label = _("High contrast");
	w = chrome_switch(view, "large-text", head_row[p].large_text, width, _("Large text"),
			  ctx->large_text);
	if (w)
		w->label = _("Large text");
}

void chrome_title(struct view *view, const char *title)
{
	/* Never mirrored: quick exit keeps the top right, the title stays beside the mode
	 * switches (its text starts at the right edge in RTL). */
	SDL_Rect rect = chrome_title_rect(view);
	struct widget *w = view_add_rect(view, WIDGET_LABEL, "title", rect, title);

	if (w) {
		w->flags |= WIDGET_NEVER_MIRROR;
		w->role = WIDGET_ROLE_HEADING;
		w->style.size = TEXT_TITLE;
		w->style.bold = 1;
	}
}

/* TEXT without a leading "× ": the quick exit's pictogram says it already. */
static const char *chrome_without_cross(const char *text)
{
	return strncmp(text, "× ", strlen("× ")) == 0 ? text + strlen("× ") : text;
}

void chrome_quick_exit(struct view *view)
{
	/* portrait: the narrow side needs a wider box for the same word */
	const int *head = bands[chrome_portrait(view)][CHROME_HEAD];
	struct layout_box box = chrome_portrait(view)
					? (struct layout_box){ 740, head[0], 230, head[1] }
					: (struct layout_box){ 790, head[0], 180, head[1] };
	SDL_Rect rect = view_place(view, box, WIDGET_NEVER_MIRROR);
	struct widget *w = view_add_rect(view, WIDGET_BUTTON, "quick-exit", rect,
					 chrome_without_cross(_("× Exit")));

	if (w) {
		/* The cross is a symbol: spoken is the word (the same on every screen). */
		w->label = _("Exit");
		w->flags |= WIDGET_NEVER_MIRROR;
		w->style.size = TEXT_BODY;
	}
}

void chrome_back(struct view *view)
{
	view_add_rect(view, WIDGET_BUTTON, "back", chrome_band(view, CHROME_BOTTOM, 30, 300),
		      _("Back"));
}

void chrome_next(struct view *view, const char *id, const char *text, int enabled)
{
	struct widget *w = view_add_rect(view, WIDGET_BUTTON, id,
					 chrome_band(view, CHROME_BOTTOM, 670, 300), text);

	if (w) {
		w->enabled = enabled;
		w->primary = enabled;
	}
}

struct widget *chrome_centre_button(struct view *view, const char *id, const char *text)
{
	struct widget *w = view_add_rect(view, WIDGET_BUTTON, id,
					 chrome_band(view, CHROME_BOTTOM, 350, 300), text);

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
	int left = session_field_left(ctx->session, field);
	char note[64];

	if (!w)
		return;
	w->caption = caption;
	w->label = caption; /* spoken: the caption, never the inmate's text */
	w->checked = ctx->focus == field;
	if (left < 0)
		return;
	/* How much still fits, before the limit refuses anything (a number: no plural forms). */
	snprintf(note, sizeof(note), _("%d left"), left);
	w->note = view_keep(view, note);
	w->alert = left == 0;
}

void chrome_hint(const struct screen_ctx *ctx, struct view *view, const char *reason)
{
	const char *text = reason;
	struct widget *w;

	if (ctx->focus != SESSION_FIELD_NONE && session_field_refused(ctx->session) == ctx->focus)
		text = _("This field is full. Nothing more fits.");
	if (!text)
		return;
	w = chrome_text(view, chrome_band(view, CHROME_BOTTOM, 345, 310), text, TEXT_BODY,
			TEXT_CENTER);
	if (w) {
		snprintf(w->id, sizeof(w->id), "%s", "hint");
		w->style.bold = 1;
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
