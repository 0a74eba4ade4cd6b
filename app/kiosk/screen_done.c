/* done: the reference code, once the request is sealed and stored. */
#include "kiosk/chrome.h"
#include "kiosk/explain.h"

#include <stdio.h>
#include <string.h>

static const char *done_title(const struct screen_ctx *ctx)
{
	return _("Thank you. Your request is saved.");
}

static void done_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct service *sent = session_sent_service(ctx->session);
	char next_steps[1024];
	struct widget *w;

	chrome_title(view, done_title(ctx));
	chrome_text(view, chrome_box(view, 50, 150, 900, 90), _("Your code:"), TEXT_LARGE,
		    TEXT_CENTER);
	w = chrome_text(view, chrome_box(view, 50, 240, 900, 200), session_reference(ctx->session),
			TEXT_HUGE, TEXT_CENTER);
	if (w) {
		/* Read aloud (only into the headset) in groups, slowly; code.repeat says it again.
		 */
		snprintf(w->id, sizeof(w->id), "%s", "code");
		w->style.bold = 1;
		w->flags |= WIDGET_SPELL;
	}
	chrome_text(view, chrome_box(view, 50, 450, 900, 90),
		    _("Keep this code. You can ask about your request with it."), TEXT_BODY,
		    TEXT_CENTER);
	/* What happens now: only the provider opens it, when it is collected, how answers come. */
	explain_next(next_steps, sizeof(next_steps), EXPLAIN_AFTER_SEND, sent ? sent->provider : "",
		     session_sent_named(ctx->session), ctx->catalogue->info_collection);
	w = chrome_text(view, chrome_box(view, 50, 560, 900, 285), view_keep(view, next_steps),
			TEXT_BODY, TEXT_LEFT);
	if (w)
		w->style.top = 1;
	chrome_centre_button(view, "finish", _("Finish"));
	/* Listening: the code once more, where Back is on other screens (never where Send was). */
	if (ctx->read_aloud)
		view_add_rect(view, WIDGET_BUTTON, "code.repeat",
			      chrome_band(view, CHROME_BOTTOM, 30, 290), _("Hear the code again"));
	chrome_quick_exit(view);
}

static struct screen_result done_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "finish") == 0)
		return screen_command(SCREEN_COMMAND_FINISH, NULL);
	return screen_stay();
}

const struct screen screen_done = { "done",	   done_title, done_build,
				    done_activate, NULL,       SCREEN_FOR_INMATE };
