/* info: what KORA is, from the catalogue's [info]: summary, phone, hours, address. */
#include "kiosk/chrome.h"

static const char *info_title(const struct screen_ctx *ctx)
{
	return ctx->catalogue->info_title ? _(ctx->catalogue->info_title) : _("About KORA");
}

static void info_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct catalogue *cat = ctx->catalogue;

	chrome_title(view, info_title(ctx));
	if (cat->info_summary)
		chrome_text(view, chrome_box(view, 30, 160, 940, 260), _(cat->info_summary),
			    TEXT_LARGE, TEXT_LEFT);
	if (cat->info_phone)
		chrome_row(view, 450, 110, _("Phone"), cat->info_phone);
	if (cat->info_hours)
		chrome_row(view, 570, 110, _("Hours"), _(cat->info_hours));
	if (cat->info_address)
		chrome_row(view, 690, 110, _("Address"), cat->info_address);
	chrome_back(view);
	chrome_quick_exit(view);
}

const struct screen screen_info = { "info", info_title, info_build, NULL, NULL };
