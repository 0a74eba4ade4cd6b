/*
 * error: the request could not be stored. Never "tell staff": the request is
 * still held for "try again", and the KORA hotline can be called in confidence.
 */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *error_title(const struct screen_ctx *ctx)
{
	return _("Not saved yet");
}

/* The first line: why it was not saved, in plain words. */
static const char *error_reason(const struct screen_ctx *ctx)
{
	long wait_s;

	switch (session_submit_refusal(ctx->session, &wait_s)) {
	case TERMINAL_SUBMIT_WAIT:
		return _("Many requests were sent from this terminal just now. Your request is "
			 "still "
			 "here: please wait, then try again.");
	case TERMINAL_SUBMIT_FULL:
		return _("This terminal is full just now. Your request is still here: please try "
			 "again later, or call the KORA hotline.");
	default:
		return _("Your request could not be saved just now. It is still here: please try "
			 "again.");
	}
}

static void error_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct catalogue *cat = ctx->catalogue;
	static char minutes[24]; /* not personal; must outlive the frame like gettext's text */
	long wait_s;
	int refusal = session_submit_refusal(ctx->session, &wait_s);

	chrome_title(view, error_title(ctx));
	chrome_text(view, chrome_box(view, 50, 170, 900, 300), error_reason(ctx), TEXT_LARGE,
		    TEXT_CENTER);
	if (refusal == TERMINAL_SUBMIT_WAIT) {
		/* A number beside its caption: no plural forms to get wrong in 13 languages. */
		snprintf(minutes, sizeof(minutes), "%ld", (wait_s + 59) / 60);
		chrome_row(view, 480, 110, _("Minutes to wait"), minutes);
	} else if (refusal != TERMINAL_SUBMIT_FULL) { /* full: the first line names the hotline */
		chrome_text(view, chrome_box(view, 50, 480, 900, 110),
			    _("If it keeps failing, please try again later or call the KORA "
			      "hotline:"),
			    TEXT_BODY, TEXT_CENTER);
	}
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

const struct screen screen_error = { "error",	     error_title, error_build,
				     error_activate, NULL,	  SCREEN_FOR_INMATE };
