/* services: one card per catalogue service, and "About KORA". */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *services_title(const struct screen_ctx *ctx)
{
	return _("What would you like to ask for?");
}

static void services_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct catalogue *cat = ctx->catalogue;
	size_t i, n = cat->service_count + 1;
	int cols = chrome_portrait(view) ? 1 : 2; /* portrait: one card under the other */
	int top = chrome_band_edge(view, CHROME_HEAD, 0) + 26;
	int rows = ((int)n + cols - 1) / cols;
	int h = (chrome_band_edge(view, CHROME_BOTTOM, 1) - 25 - top + 26) / rows;
	char id[WIDGET_ID_MAX];
	struct widget *w;

	chrome_title(view, services_title(ctx));
	for (i = 0; i < n; i++) {
		SDL_Rect rect = chrome_box(view, 30 + (int)(i % (size_t)cols) * 485,
					   top + (int)(i / (size_t)cols) * h, cols == 1 ? 940 : 455,
					   h - 26);
		if (i < cat->service_count) {
			snprintf(id, sizeof(id), "service.%s", cat->services[i].id);
			w = view_add_rect(view, WIDGET_BUTTON, id, rect, _(cat->services[i].title));
		} else {
			w = view_add_rect(view, WIDGET_BUTTON, "info", rect,
					  cat->info_title ? _(cat->info_title) : _("About KORA"));
		}
		if (w)
			w->style.size = TEXT_BODY;
	}
	chrome_back(view);
	chrome_quick_exit(view);
}

static struct screen_result services_activate(struct screen_input *in, const char *id)
{
	if (strncmp(id, "service.", 8) == 0 && session_choose_service(in->session, id + 8) == 0)
		return screen_go(SCREEN_SERVICE_INFO);
	return screen_stay();
}

const struct screen screen_services = { "services",	   services_title, services_build,
					services_activate, NULL,	   SCREEN_FOR_INMATE };
