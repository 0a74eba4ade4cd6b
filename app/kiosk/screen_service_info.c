/*
 * service-info: the chosen service's title, summary and provider, what the
 * catalogue says it promises (nothing for some) and when requests are collected.
 */
#include "kiosk/chrome.h"
#include "kiosk/explain.h"

static const char *service_info_title(const struct screen_ctx *ctx)
{
	const struct service *s = session_service(ctx->session);

	return s ? _(s->title) : "";
}

static void service_info_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct service *s = session_service(ctx->session);
	char facts[1024];

	chrome_title(view, service_info_title(ctx));
	if (s && s->summary)
		chrome_text(view, chrome_box(view, 30, 150, 940, 230), _(s->summary), TEXT_LARGE,
			    TEXT_LEFT);
	if (s && s->provider)
		chrome_row(view, 385, 80, _("Offered by"), s->provider);
	if (s)
		chrome_text(view, chrome_box(view, 30, 470, 940, 380),
			    view_keep(view, explain_service(facts, sizeof(facts), s->facts,
							    ctx->catalogue->info_collection)),
			    TEXT_BODY, TEXT_LEFT);
	chrome_back(view);
	chrome_next(view, "next", _("Next"), 1);
	chrome_quick_exit(view);
}

const struct screen screen_service_info = {
	"service-info", service_info_title, service_info_build, NULL, NULL, SCREEN_FOR_INMATE
};
