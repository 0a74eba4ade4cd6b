/* sending: the busy state, drawn once before the worker seals; nothing to tap meanwhile. */
#include "kiosk/chrome.h"

static const char *sending_title(const struct screen_ctx *ctx)
{
	return _("Sending…");
}

static void sending_build(const struct screen_ctx *ctx, struct view *view)
{
	chrome_title(view, sending_title(ctx));
	chrome_text(view, chrome_box(view, 50, 250, 900, 400),
		    _("Your request is being locked and saved. Please wait a moment."), TEXT_TITLE,
		    TEXT_CENTER);
}

const struct screen screen_sending = { .name = "sending",
				       .title = sending_title,
				       .build = sending_build,
				       .audience = SCREEN_FOR_INMATE_BUSY };
