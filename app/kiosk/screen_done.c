/* done: the reference code, once the request is sealed and stored. */
#include "kiosk/chrome.h"

#include <string.h>

static const char *done_title(const struct screen_ctx *ctx)
{
	return _("Thank you. Your request is saved.");
}

static void done_build(const struct screen_ctx *ctx, struct view *view)
{
	struct widget *w;

	chrome_title(view, done_title(ctx));
	chrome_text(view, chrome_box(view, 50, 180, 900, 100), _("Your code:"), TEXT_LARGE,
		    TEXT_CENTER);
	w = chrome_text(view, chrome_box(view, 50, 290, 900, 230), session_reference(ctx->session),
			TEXT_HUGE, TEXT_CENTER);
	if (w) {
		w->style.bold = 1;
		w->flags |= WIDGET_NEVER_SPEAK; /* others may be listening */
	}
	chrome_text(view, chrome_box(view, 50, 550, 900, 250),
		    _("Keep this code. You can ask about your request with it."), TEXT_LARGE,
		    TEXT_CENTER);
	chrome_centre_button(view, "finish", _("Finish"));
	chrome_quick_exit(view);
}

static struct screen_result done_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "finish") == 0)
		return screen_command(SCREEN_COMMAND_FINISH, NULL);
	return screen_stay();
}

const struct screen screen_done = { "done", done_title, done_build, done_activate, NULL };
