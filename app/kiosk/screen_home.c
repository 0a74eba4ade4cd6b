/* home: the start. Languages by their own names, Start; quick exit puts the start language back. */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *home_title(const struct screen_ctx *ctx)
{
	return _("Counselling & training");
}

static void home_build(const struct screen_ctx *ctx, struct view *view)
{
	size_t i, n = ctx->i18n->count;
	int width = 800 / (int)n;
	struct widget *w;
	char id[WIDGET_ID_MAX];

	w = chrome_text(view, chrome_box(view, 50, 100, 900, 220), home_title(ctx), TEXT_HUGE,
			TEXT_CENTER);
	if (w) {
		w->role = WIDGET_ROLE_HEADING;
		w->style.bold = 1;
	}
	chrome_text(view, chrome_box(view, 50, 320, 900, 100), _("Ask for an appointment."),
		    TEXT_LARGE, TEXT_CENTER);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "lang.%s", ctx->i18n->codes[i]);
		w = view_add_rect(view, WIDGET_BUTTON, id,
				  chrome_box(view, 100 + (int)i * width + 10, 460, width - 20, 150),
				  ctx->i18n->names[i]);
		if (w)
			w->checked = i == ctx->i18n->current;
	}
	w = view_add_rect(view, WIDGET_BUTTON, "start", chrome_box(view, 300, 700, 400, 170),
			  _("Start"));
	if (w) {
		w->primary = 1;
		w->style.size = TEXT_TITLE;
	}
	/* Asking about a request sent before: the status screen. */
	view_add_rect(view, WIDGET_BUTTON, "status", chrome_box(view, 730, 720, 240, 150),
		      _("Check my code"));
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
