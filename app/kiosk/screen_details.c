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
	/* Side by side: the keyboard needs the height (docs/kiosk.md, "Sizes"). */
	chrome_field(ctx, view, "field.times", SESSION_FIELD_TIMES,
		     chrome_band(view, CHROME_FIELDS, 30, 400), _("When would suit you?"));
	chrome_field(ctx, view, "field.message", SESSION_FIELD_MESSAGE,
		     chrome_band(view, CHROME_FIELDS, 460, 510), _("Message (optional)"));
	keyboard_build(ctx, view, chrome_band(view, CHROME_KEYS, 15, 970));
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

const struct screen screen_details = {
	"details",	  details_title,	  details_build,
	details_activate, details_focus_on_entry, SCREEN_FOR_INMATE
};
