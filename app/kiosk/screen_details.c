/* details: when would suit, and a message; both optional. */
#include "kiosk/chrome.h"
#include "kiosk/keyboard.h"

static const char *details_title(const struct screen_ctx *ctx)
{
	return _("Anything else? (optional)");
}

static void details_build(const struct screen_ctx *ctx, struct view *view)
{
	chrome_title(view, details_title(ctx));
	chrome_field(ctx, view, "field.times", SESSION_FIELD_TIMES,
		     chrome_box(view, 30, 150, 940, 130), _("When would suit you?"));
	chrome_field(ctx, view, "field.message", SESSION_FIELD_MESSAGE,
		     chrome_box(view, 30, 290, 940, 130), _("Message (optional)"));
	keyboard_build(ctx, view, chrome_box(view, 30, 430, 940, 420));
	chrome_back(view);
	chrome_next(view, "next", _("Next"), 1);
	chrome_hint(ctx, view, NULL);
	chrome_quick_exit(view);
}

static struct screen_result details_activate(struct screen_input *in, const char *id)
{
	if (!keyboard_activate(in, id))
		chrome_focus_field(id, in->focus);
	return screen_stay();
}

static enum session_field details_focus_on_entry(const struct session *session)
{
	return SESSION_FIELD_TIMES;
}

const struct screen screen_details = { "details", details_title, details_build, details_activate,
				       details_focus_on_entry };
