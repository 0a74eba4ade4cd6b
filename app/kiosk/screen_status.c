/*
 * status: the inmate types a reference code and learns whether the request is
 * waiting to be collected or already with the counsellors. The check is one
 * slow hash on the session's worker (busy state meanwhile); the code and the
 * answer are session data, wiped with everything on the way home.
 */
#include "kiosk/chrome.h"
#include "kiosk/keyboard.h"

#include <string.h>

static const char *status_title(const struct screen_ctx *ctx)
{
	return _("Ask about your request");
}

/* The answer in plain words, or NULL for none. */
static const char *status_answer_text(const struct session *session)
{
	unsigned wait_s;

	switch (session_lookup_answer(session, &wait_s)) {
	case SESSION_ANSWER_BUSY: return _("Checking your code. Please wait.");
	case SESSION_ANSWER_PENDING: return _("Your request is waiting to be collected.");
	case SESSION_ANSWER_COLLECTED: return _("Your request has been taken to the counsellors.");
	case SESSION_ANSWER_UNKNOWN: return _("This code was not found. Please check the code.");
	/* Core counts tries in any 60 seconds: the wait is never more than a minute. */
	case SESSION_ANSWER_WAIT:
		return _("Too many tries. Please wait one minute, then try again.");
	case SESSION_ANSWER_ERROR:
		return _("The check did not work just now. Please try again later.");
	case SESSION_ANSWER_NONE: break;
	}
	return NULL;
}

static void status_build(const struct screen_ctx *ctx, struct view *view)
{
	const char *answer = status_answer_text(ctx->session);
	unsigned wait_s;
	int busy = session_lookup_answer(ctx->session, &wait_s) == SESSION_ANSWER_BUSY;
	int typed = session_field(ctx->session, SESSION_FIELD_CODE)[0] != '\0';
	/* The code's keyboard has three rows: the answer goes under it, Check where Next is. */
	int top = chrome_band_edge(view, CHROME_KEYS, 1),
	    end = chrome_band_edge(view, CHROME_KEYS, 0);
	int keys = (end - top) * 74 / 100;
	struct widget *w;

	chrome_title(view, status_title(ctx));
	chrome_field(ctx, view, "status.code", SESSION_FIELD_CODE,
		     chrome_band(view, CHROME_FIELDS, 30, 940), _("Your code"));
	if (answer) {
		w = chrome_text(view,
				chrome_box(view, 30, top + keys + 10, 940, end - top - keys - 10),
				answer, TEXT_LARGE, TEXT_CENTER);
		if (w)
			w->flags |= WIDGET_NEVER_SPEAK; /* others may be listening */
	} else {
		chrome_text(view, chrome_box(view, 30, top + keys + 10, 940, end - top - keys - 10),
			    _("Type the code you got when you sent your request."), TEXT_BODY,
			    TEXT_CENTER);
	}
	keyboard_build(ctx, view, chrome_box(view, 15, top, 970, keys));
	chrome_back(view);
	chrome_next(view, "status.check", _("Check"), typed && !busy);
	chrome_hint(ctx, view, NULL); /* "type the code" is said above: only "full" here */
	chrome_quick_exit(view);
}

static struct screen_result status_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "status.check") == 0)
		return screen_command(SCREEN_COMMAND_LOOKUP, NULL);
	if (!keyboard_activate(in, id) && strcmp(id, "status.code") == 0)
		*in->focus = SESSION_FIELD_CODE;
	return screen_stay();
}

static enum session_field status_focus_on_entry(const struct session *session)
{
	return SESSION_FIELD_CODE;
}

const struct screen screen_status = { "status",	       status_title,	      status_build,
				      status_activate, status_focus_on_entry, SCREEN_FOR_INMATE };
