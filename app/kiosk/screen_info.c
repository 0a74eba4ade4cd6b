/* info: what KORA is, from the catalogue's [info]: summary, its promises (facts), phone, hours,
 * address. */
#include "kiosk/chrome.h"
#include "kiosk/explain.h"

static const char *info_title(const struct screen_ctx *ctx)
{
	return ctx->catalogue->info_title ? _(ctx->catalogue->info_title) : _("About KORA");
}

static void info_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct catalogue *cat = ctx->catalogue;
	char facts[1024];

	chrome_title(view, info_title(ctx));
	if (cat->info_summary)
		chrome_text(view, chrome_box(view, 30, 140, 940, 200), _(cat->info_summary),
			    TEXT_BODY, TEXT_LEFT);
	/* What KORA's counselling promises, as the catalogue says it: free, come into the prison.
	 */
	chrome_text(view, chrome_box(view, 30, 345, 940, 250),
		    view_keep(view, explain_facts(facts, sizeof(facts), cat->info_facts)),
		    TEXT_BODY, TEXT_LEFT);
	if (cat->info_phone)
		chrome_row(view, 600, 80, _("Phone"), cat->info_phone);
	if (cat->info_hours)
		chrome_row(view, 680, 80, _("Hours"), _(cat->info_hours));
	if (cat->info_address)
		chrome_row(view, 760, 80, _("Address"), cat->info_address);
	chrome_back(view);
	chrome_quick_exit(view);
}

const struct screen screen_info = { "info", info_title, info_build, NULL, NULL, SCREEN_FOR_INMATE };
