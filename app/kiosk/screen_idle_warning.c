/* idle-warning: hides everything personal (form, code) behind a countdown and one large button. */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *idle_warning_title(const struct screen_ctx *ctx)
{
	return _("Are you still there?");
}

static void idle_warning_build(const struct screen_ctx *ctx, struct view *view)
{
	struct widget *w;

	chrome_title(view, idle_warning_title(ctx));
	chrome_text(view, chrome_box(view, 50, 160, 900, 120),
		    _("Without a tap, everything will be deleted in"), TEXT_LARGE, TEXT_CENTER);
	w = chrome_text(view, chrome_box(view, 50, 280, 900, 180), ctx->countdown, TEXT_HUGE,
			TEXT_CENTER);
	if (w) {
		char spoken[128];

		/* "0:30" is a symbol to a voice: spoken are the seconds in words. */
		snprintf(spoken, sizeof(spoken), _("Seconds left: %d"), ctx->countdown_seconds);
		snprintf(w->id, sizeof(w->id), "%s", "countdown");
		w->label = view_keep(view, spoken);
		w->style.bold = 1;
	}
	w = view_add_rect(view, WIDGET_BUTTON, "more-time", chrome_box(view, 150, 500, 700, 300),
			  _("I need more time"));
	if (w) {
		w->primary = 1;
		w->style.size = TEXT_TITLE;
	}
	chrome_quick_exit(view);
}

static struct screen_result idle_warning_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "more-time") == 0)
		return screen_command(SCREEN_COMMAND_MORE_TIME, NULL);
	return screen_stay();
}

const struct screen screen_idle_warning = {
	"idle-warning", idle_warning_title, idle_warning_build, idle_warning_activate,
	NULL,		SCREEN_FOR_INMATE
};
