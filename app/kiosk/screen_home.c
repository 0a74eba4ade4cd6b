/* home: the start. Languages by their own names, Start; quick exit puts the start language back. */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *home_title(const struct screen_ctx *ctx)
{
	return _("Counselling & training");
}

/*
 * The languages as a grid of large buttons between the heading and Start: up
 * to five across (three in portrait), as many rows as needed.
 */
static void home_languages(const struct screen_ctx *ctx, struct view *view)
{
	int n = (int)ctx->i18n->count, portrait = view->frame.height > view->frame.width;
	int cols = n < (portrait ? 3 : 5) ? n : (portrait ? 3 : 5), rows = (n + cols - 1) / cols;
	int width = 940 / cols, height = 525 / rows < 200 ? 525 / rows : 200, i;
	struct widget *w;
	char id[WIDGET_ID_MAX];

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "lang.%s", ctx->i18n->codes[i]);
		w = view_add_rect(view, WIDGET_BUTTON, id,
				  chrome_box(view, 42 + (i % cols) * width,
					     295 + (i / cols) * height, width - 25, height - 25),
				  ctx->i18n->names[i]);
		if (w)
			w->checked = (size_t)i == ctx->i18n->current;
	}
}

static void home_build(const struct screen_ctx *ctx, struct view *view)
{
	struct widget *w;

	w = chrome_text(view, chrome_box(view, 30, 20, 740, 160), home_title(ctx), TEXT_HUGE,
			TEXT_CENTER);
	if (w) {
		w->role = WIDGET_ROLE_HEADING;
		w->style.bold = 1;
	}
	chrome_text(view, chrome_box(view, 30, 185, 940, 95), _("Ask for an appointment."),
		    TEXT_LARGE, TEXT_CENTER);
	home_languages(ctx, view);
	w = view_add_rect(view, WIDGET_BUTTON, "start",
			  chrome_box(view, 300, CHROME_BOTTOM, 400, CHROME_BOTTOM_H), _("Start"));
	if (w) {
		w->primary = 1;
		w->style.size = TEXT_TITLE;
	}
	/* Here too, in the same place: on home it puts the start language back. */
	chrome_quick_exit(view);
}

static struct screen_result home_activate(struct screen_input *in, const char *id)
{
	if (strncmp(id, "lang.", 5) == 0)
		return screen_command(SCREEN_COMMAND_LANGUAGE, id + 5);
	return screen_stay();
}

const struct screen screen_home = { "home", home_title, home_build, home_activate, NULL };
