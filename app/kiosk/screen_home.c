/* home: the start. Languages by their own names, Start; quick exit puts the start language back. */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *home_title(const struct screen_ctx *ctx)
{
	return _("Counselling & training");
}

/*
 * Every language of languages.ini as a grid of large buttons, each named in
 * its own script (up to 5 a row, 3 in portrait, rows centred): 13 languages
 * give 5 + 5 + 3, in portrait 3 + 3 + 3 + 3 + 1.
 */
static void home_languages(const struct screen_ctx *ctx, struct view *view, int top, int height)
{
	int per_row = chrome_portrait(view) ? 3 : 5;
	size_t i, n = ctx->i18n->count;
	int rows = ((int)n + per_row - 1) / per_row, cols = ((int)n + rows - 1) / rows;
	int row_h = height / rows, col_w = 940 / cols, in_row, row, col;
	char id[WIDGET_ID_MAX];
	struct widget *w;

	for (i = 0; i < n; i++) {
		row = (int)i / cols;
		col = (int)i % cols;
		in_row = row < rows - 1 ? cols : (int)n - row * cols;
		snprintf(id, sizeof(id), "lang.%s", ctx->i18n->codes[i]);
		w = view_add_rect(view, WIDGET_BUTTON, id,
				  chrome_box(view,
					     30 + (cols - in_row) * col_w / 2 + col * col_w + 15,
					     top + row * row_h, col_w - 30, row_h - 25),
				  ctx->i18n->names[i]);
		if (w) {
			w->checked = i == ctx->i18n->current;
			w->style.size = TEXT_BODY;
		}
	}
}

static void home_build(const struct screen_ctx *ctx, struct view *view)
{
	int portrait = chrome_portrait(view);
	struct widget *w;

	/* Beside the mode switches and quick exit (never mirrored) in both directions. */
	w = chrome_text(view, chrome_title_rect(view), home_title(ctx), TEXT_HUGE, TEXT_CENTER);
	if (w) {
		w->flags |= WIDGET_NEVER_MIRROR;
		w->role = WIDGET_ROLE_HEADING;
		w->style.bold = 1;
	}
	chrome_text(view, chrome_box(view, 30, 150, 940, 80), _("Ask for an appointment."),
		    TEXT_BODY, TEXT_CENTER);
	/* Portrait: Start and the status check share the bottom row, the languages get the height.
	 */
	home_languages(ctx, view, 240, portrait ? 625 : 490);
	w = view_add_rect(view, WIDGET_BUTTON, "start",
			  portrait ? chrome_band(view, CHROME_BOTTOM, 30, 560)
				   : chrome_box(view, 300, 760, 400, 200),
			  _("Start"));
	if (w) {
		w->primary = 1;
		w->style.size = TEXT_TITLE;
	}
	/* Asking about a request sent before: the status screen. */
	view_add_rect(view, WIDGET_BUTTON, "status",
		      portrait ? chrome_band(view, CHROME_BOTTOM, 620, 350)
			       : chrome_box(view, 730, 760, 240, 200),
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

const struct screen screen_home = { "home",	   home_title, home_build,
				    home_activate, NULL,       SCREEN_FOR_INMATE };
