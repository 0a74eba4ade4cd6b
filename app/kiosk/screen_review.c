/* review: everything that will be sent, the consent to send it, and Send. */
#include "kiosk/chrome.h"

#include <string.h>

static const char *review_title(const struct screen_ctx *ctx)
{
	return _("Please check");
}

static void review_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct session *session = ctx->session;
	const struct service *service = session_service(session);
	int y = 140, row = 68, named = session_is_named(session);
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
	/* The message gets whatever is left above the consent box. */
	if (session_field(session, SESSION_FIELD_MESSAGE)[0])
		chrome_row(view, y, 685 - y, _("Message"),
			   session_field(session, SESSION_FIELD_MESSAGE));
	w = view_add_rect(view, WIDGET_TOGGLE, "consent", chrome_box(view, 30, 695, 940, 120),
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
