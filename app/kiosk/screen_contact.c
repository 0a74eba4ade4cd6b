/* contact: anonymous (code only) or with name, prisoner number and unit, typed on the keyboard. */
#include "kiosk/chrome.h"
#include "kiosk/keyboard.h"

#include <string.h>

static const char *contact_title(const struct screen_ctx *ctx)
{
	return _("How should we answer you?");
}

static void contact_named_fields(const struct screen_ctx *ctx, struct view *view)
{
	/* Portrait: the narrow side gives the short fields more of the width. */
	int portrait = chrome_portrait(view);

	chrome_field(ctx, view, "field.name", SESSION_FIELD_NAME,
		     chrome_band(view, CHROME_FIELDS, 30, portrait ? 320 : 415), _("Name"));
	chrome_field(ctx, view, "field.number", SESSION_FIELD_NUMBER,
		     chrome_band(view, CHROME_FIELDS, portrait ? 380 : 475, portrait ? 285 : 245),
		     _("Prisoner number"));
	chrome_field(ctx, view, "field.unit", SESSION_FIELD_UNIT,
		     chrome_band(view, CHROME_FIELDS, portrait ? 695 : 750, portrait ? 275 : 220),
		     _("Unit / cell"));
	keyboard_build(ctx, view, chrome_band(view, CHROME_KEYS, 15, 970));
}

/*
 * Choice N (0: code, 1: named) in the head, in the title's place before the
 * mode switches (chrome_title_rect): quick exit and the switches never move,
 * so the two share the rest of the row, the first at the reading start (on the
 * right of the two in RTL).
 */
static SDL_Rect contact_head(const struct view *view, int n)
{
	int start, span, each;
	SDL_Rect a;

	chrome_title_span(view, &start, &span);
	each = (span - 25) / 2;
	a = chrome_box(view, n ? start + each + 25 : start, 0, each, 10);
	a.y = chrome_title_rect(view).y;
	a.h = chrome_title_rect(view).h;
	if (view->frame.rtl) /* mirror inside the span: quick exit and the switches stay */
		a.x = view->frame.width * (n ? start : start + each + 25) / 1000;
	return a;
}

/* Why Next is still disabled, in plain words; NULL when it is enabled. */
static const char *contact_missing_text(const struct session *session)
{
	switch (session_contact_missing(session)) {
	case SESSION_MISSING_CHOICE: return _("Please choose how we should answer you.");
	case SESSION_MISSING_NAME: return _("Please write your name.");
	case SESSION_MISSING_NUMBER: return _("Please write your prisoner number.");
	case SESSION_MISSING_NONE: break;
	}
	return NULL;
}

static void contact_build(const struct screen_ctx *ctx, struct view *view)
{
	int named = session_is_named(ctx->session);
	struct widget *w;

	/* With a name the fields and keyboard need the room: the choice moves up beside quick
	 * exit, in place of the title. */
	if (!named)
		chrome_title(view, contact_title(ctx));
	w = view_add_rect(view, WIDGET_BUTTON, "contact.code",
			  named ? contact_head(view, 0) : chrome_box(view, 30, 150, 455, 130),
			  _("Reference code only (anonymous)"));
	if (w)
		w->checked = session_contact_chosen(ctx->session) && !named;
	w = view_add_rect(view, WIDGET_BUTTON, "contact.named",
			  named ? contact_head(view, 1) : chrome_box(view, 515, 150, 455, 130),
			  _("With my name"));
	if (w)
		w->checked = named;
	if (named) {
		contact_named_fields(ctx, view);
	} else if (session_contact_chosen(ctx->session)) {
		chrome_text(view, chrome_box(view, 60, 330, 880, 400),
			    _("You will get a code. Your name is not sent."), TEXT_LARGE,
			    TEXT_CENTER);
	}
	chrome_back(view);
	chrome_next(view, "next", _("Next"), session_contact_complete(ctx->session));
	chrome_hint(ctx, view, contact_missing_text(ctx->session));
	chrome_quick_exit(view);
}

static struct screen_result contact_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "contact.code") == 0 || strcmp(id, "contact.named") == 0) {
		int named = strcmp(id, "contact.named") == 0;

		session_choose_contact(in->session, named ? CONTACT_NAMED : CONTACT_CODE);
		*in->focus = named ? SESSION_FIELD_NAME : SESSION_FIELD_NONE;
	} else if (!keyboard_activate(in, id)) {
		chrome_focus_field(id, in->focus);
	}
	return screen_stay();
}

/* Back from details with a name chosen: typing carries on in the name. */
static enum session_field contact_focus_on_entry(const struct session *session)
{
	return session_is_named(session) ? SESSION_FIELD_NAME : SESSION_FIELD_NONE;
}

const struct screen screen_contact = {
	"contact",	  contact_title,	  contact_build,
	contact_activate, contact_focus_on_entry, SCREEN_FOR_INMATE
};
