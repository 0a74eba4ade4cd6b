/*
 * error: the request could not be stored. Never "tell staff": the request is
 * still held for "try again", and the KORA hotline can be called in confidence.
 */
#include "kiosk/chrome.h"

#include <string.h>

static const char *error_title(const struct screen_ctx *ctx)
{
	return _("Not saved yet");
}

static void error_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct catalogue *cat = ctx->catalogue;

	chrome_title(view, error_title(ctx));
	chrome_text(view, chrome_box(view, 50, 170, 900, 300),
		    _("Your request could not be saved just now. It is still here: please try "
		      "again."),
		    TEXT_LARGE, TEXT_CENTER);
	chrome_text(view, chrome_box(view, 50, 480, 900, 110),
		    _("If it keeps failing, please try again later or call the KORA hotline:"),
		    TEXT_BODY, TEXT_CENTER);
	if (cat->info_phone)
		chrome_row(view, 600, 110, _("Phone"), cat->info_phone);
	if (cat->info_hours)
		chrome_row(view, 720, 110, _("Hours"), _(cat->info_hours));
	chrome_centre_button(view, "retry", _("Try again"));
	chrome_quick_exit(view);
}

static struct screen_result error_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "retry") == 0)
		return screen_command(SCREEN_COMMAND_SUBMIT, NULL);
	return screen_stay();
}

const struct screen screen_error = { "error", error_title, error_build, error_activate, NULL };
