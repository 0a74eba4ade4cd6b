/* service-info: the chosen service's title, summary and provider. */
#include "kiosk/chrome.h"

static const char *service_info_title(const struct screen_ctx *ctx)
{
	const struct service *s = session_service(ctx->session);

	return s ? _(s->title) : "";
}

static void service_info_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct service *s = session_service(ctx->session);

	chrome_title(view, service_info_title(ctx));
	if (s && s->summary)
		chrome_text(view, chrome_box(view, 30, 160, 940, 300), _(s->summary), TEXT_LARGE,
			    TEXT_LEFT);
	if (s && s->provider)
		chrome_row(view, 480, 110, _("Offered by"), s->provider);
	chrome_text(view, chrome_box(view, 30, 620, 940, 200),
		    _("Counselling is free and confidential. You can stay anonymous."), TEXT_LARGE,
		    TEXT_LEFT);
	chrome_back(view);
	chrome_next(view, "next", _("Next"), 1);
	chrome_quick_exit(view);
}

const struct screen screen_service_info = { "service-info", service_info_title, service_info_build,
					    NULL, NULL };
