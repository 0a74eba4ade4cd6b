/*
 * review: everything that will be sent, the consent to send it, and Send.
 * Whatever does not fit one page goes on the next (pager.h): nothing is cut
 * and nothing shrunk, with large buttons to page and "Page 2 of 3".
 */
#include "kiosk/chrome.h"
#include "kiosk/explain.h"
#include "kiosk/pager.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The content area, per mille: below the title, above the consent row. */
#define REVIEW_TOP	 140
#define REVIEW_PAGED_TOP 195 /* below "Page 2 of 3" */

static const char *review_title(const struct screen_ctx *ctx)
{
	return _("Please check");
}

/* Everything that will be sent, then who can read it; returns the number of rows. */
static size_t review_rows(const struct screen_ctx *ctx, struct view *view, struct pager_row *rows)
{
	const struct session *session = ctx->session;
	const struct service *service = session_service(session);
	int named = session_is_named(session);
	char next_steps[1024];
	size_t n = 0;

	rows[n++] = (struct pager_row){ _("Service"), service ? _(service->title) : "", 0 };
	rows[n++] = (struct pager_row){
		_("Contact"), named ? _("With my name") : _("Reference code only (anonymous)"), 0
	};
	/* Only what was filled in (the pager leaves empty values out): less to read. */
	if (named) {
		rows[n++] = (struct pager_row){ _("Name"),
						session_field(session, SESSION_FIELD_NAME), 1 };
		rows[n++] = (struct pager_row){ _("Prisoner number"),
						session_field(session, SESSION_FIELD_NUMBER), 1 };
		rows[n++] = (struct pager_row){ _("Unit / cell"),
						session_field(session, SESSION_FIELD_UNIT), 1 };
	}
	rows[n++] = (struct pager_row){ _("When"), session_field(session, SESSION_FIELD_TIMES), 1 };
	rows[n++] = (struct pager_row){ _("Message"), session_field(session, SESSION_FIELD_MESSAGE),
					1 };
	/* Who can read it and how the answer comes (when it is collected: on service-info). */
	explain_next(next_steps, sizeof(next_steps), EXPLAIN_BEFORE_SEND,
		     service ? service->provider : "", named, NULL);
	rows[n++] = (struct pager_row){ NULL, view_keep(view, next_steps), 0 };
	return n;
}

/* "Page 2 of 3" and the two page buttons beside the consent box. */
static void review_pager(struct view *view, size_t page, size_t pages, int y, int h)
{
	static char where[64]; /* not personal; must outlive the frame like gettext's text */
	struct widget *w;

	snprintf(where, sizeof(where), _("Page %zu of %zu"), page + 1, pages);
	w = chrome_text(view, chrome_box(view, 30, 140, 940, 50), where, TEXT_BODY, TEXT_LEFT);
	if (w) {
		snprintf(w->id, sizeof(w->id), "%s", "page");
		w->style.bold = 1;
	}
	w = view_add_rect(view, WIDGET_BUTTON, "page.prev", chrome_box(view, 585, y, 180, h),
			  _("Previous page"));
	if (w) {
		w->enabled = page > 0;
		w->icon = "back.svg";
	}
	w = view_add_rect(view, WIDGET_BUTTON, "page.next", chrome_box(view, 790, y, 180, h),
			  _("Next page"));
	if (w) {
		w->enabled = page + 1 < pages;
		w->icon = "next.svg";
	}
}

static void review_build(const struct screen_ctx *ctx, struct view *view)
{
	struct pager_row rows[8];
	size_t n, pages, page;
	struct widget *w;
	/* The consent box sits above the bottom row, 2 mm clear of it (25 per mille of
	 * 86 mm); the rows end above it. */
	int consent_h = chrome_portrait(view) ? 100 : 130;
	int consent_y = chrome_band_edge(view, CHROME_BOTTOM, 1) - 25 - consent_h;
	int bottom = consent_y - 10;

	chrome_title(view, review_title(ctx));
	n = review_rows(ctx, view, rows);
	pages = pager_build(view, ctx->text, rows, n, (struct pager_area){ REVIEW_TOP, bottom },
			    SIZE_MAX);
	if (pages > 1)
		pages = pager_build(view, ctx->text, rows, n,
				    (struct pager_area){ REVIEW_PAGED_TOP, bottom }, SIZE_MAX);
	page = ctx->page < pages ? ctx->page : pages - 1;
	pager_build(view, ctx->text, rows, n,
		    (struct pager_area){ pages > 1 ? REVIEW_PAGED_TOP : REVIEW_TOP, bottom }, page);
	w = view_add_rect(view, WIDGET_TOGGLE, "consent",
			  chrome_box(view, 30, consent_y, pages > 1 ? 530 : 940, consent_h),
			  _("I want to send this request"));
	if (w)
		w->checked = session_consent(ctx->session);
	if (pages > 1)
		review_pager(view, page, pages, consent_y, consent_h);
	chrome_back(view);
	chrome_next(view, "submit", _("Send"), session_consent(ctx->session));
	chrome_hint(ctx, view,
		    session_consent(ctx->session) ? NULL : _("Please tick the box above first."));
	chrome_quick_exit(view);
}

static struct screen_result review_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "consent") == 0)
		session_toggle_consent(in->session);
	else if (strcmp(id, "submit") == 0)
		return screen_command(SCREEN_COMMAND_SUBMIT, NULL);
	else if (strcmp(id, "page.next") == 0)
		(*in->page)++; /* enabled only below the last page */
	else if (strcmp(id, "page.prev") == 0 && *in->page > 0)
		(*in->page)--;
	return screen_stay();
}

const struct screen screen_review = { "review",	       review_title, review_build,
				      review_activate, NULL,	     SCREEN_FOR_INMATE };
