/* review: everything that will be sent, the consent to send it, and Send. */
#include "kiosk/chrome.h"
#include "kiosk/explain.h"

#include <string.h>

static const char *review_title(const struct screen_ctx *ctx)
{
	return _("Please check");
}

static void review_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct session *session = ctx->session;
	const struct service *service = session_service(session);
	int y = 140, row = 68, named = session_is_named(session), portrait = chrome_portrait(view);
	/* The consent box sits above the bottom row, 2 mm clear of it. */
	int consent_h = portrait ? 100 : 130;
	int consent_y = chrome_band_edge(view, CHROME_BOTTOM, 1) - 25 - consent_h;
	char next_steps[1024];
	struct widget *w;

	chrome_title(view, review_title(ctx));
	chrome_row(view, y, row - 4, _("Service"), service ? _(service->title) : "");
	y += row;
	chrome_row(view, y, row - 4, _("Contact"),
		   named ? _("With my name") : _("Reference code only (anonymous)"));
	y += row;
	/* Only what was filled in: less to read, nothing that looks forgotten. */
	if (named) {
		y = chrome_row_if_set(view, y, row, _("Name"),
				      session_field(session, SESSION_FIELD_NAME));
		y = chrome_row_if_set(view, y, row, _("Prisoner number"),
				      session_field(session, SESSION_FIELD_NUMBER));
		y = chrome_row_if_set(view, y, row, _("Unit / cell"),
				      session_field(session, SESSION_FIELD_UNIT));
	}
	y = chrome_row_if_set(view, y, row, _("When"), session_field(session, SESSION_FIELD_TIMES));
	/* The message gets whatever is left above what happens next, then the consent box. */
	if (session_field(session, SESSION_FIELD_MESSAGE)[0]) {
		chrome_row(view, y, consent_y - 125 - y, _("Message"),
			   session_field(session, SESSION_FIELD_MESSAGE));
		y = consent_y - 125;
	}
	/* Who can read it and how the answer comes (when it is collected: on service-info). */
	explain_next(next_steps, sizeof(next_steps), EXPLAIN_BEFORE_SEND,
		     service ? service->provider : "", named, NULL);
	w = chrome_text(view, chrome_box(view, 30, y, 940, consent_y - 5 - y),
			view_keep(view, next_steps), TEXT_BODY, TEXT_LEFT);
	if (w)
		w->style.top = 1;
	w = view_add_rect(view, WIDGET_TOGGLE, "consent",
			  chrome_box(view, 30, consent_y, 940, consent_h),
			  _("I want to send this request"));
	if (w)
		w->checked = session_consent(ctx->session);
	chrome_back(view);
	chrome_next(view, "submit", _("Send"), session_consent(ctx->session));
	chrome_quick_exit(view);
}

static struct screen_result review_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "consent") == 0)
		session_toggle_consent(in->session);
	else if (strcmp(id, "submit") == 0)
		return screen_command(SCREEN_COMMAND_SUBMIT, NULL);
	return screen_stay();
}

const struct screen screen_review = { "review", review_title, review_build, review_activate, NULL };
