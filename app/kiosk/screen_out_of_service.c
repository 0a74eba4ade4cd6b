/*
 * out-of-service: the spool, keys, catalogue or configuration are unusable.
 * Only the KORA hotline and "please try again later": the reason goes to
 * stderr, never onto the screen.
 */
#include "kiosk/chrome.h"

static const char *out_of_service_title(const struct screen_ctx *ctx)
{
	return _("This terminal is out of service");
}

static void out_of_service_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct catalogue *cat = ctx->catalogue;

	chrome_title(view, out_of_service_title(ctx));
	chrome_text(view, chrome_box(view, 50, 200, 900, 250),
		    _("Nothing can be sent from here just now. Please try again later."),
		    TEXT_LARGE, TEXT_CENTER);
	if (!cat->info_phone)
		return;
	chrome_text(view, chrome_box(view, 50, 480, 900, 110),
		    _("You can also call the KORA hotline:"), TEXT_BODY, TEXT_CENTER);
	chrome_row(view, 600, 110, _("Phone"), cat->info_phone);
	if (cat->info_hours)
		chrome_row(view, 720, 110, _("Hours"), _(cat->info_hours));
}

const struct screen screen_out_of_service = {
	"out-of-service", out_of_service_title, out_of_service_build, NULL, NULL, SCREEN_FOR_INMATE
};
