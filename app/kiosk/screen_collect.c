/*
 * collect: the social worker's overlay while a USB stick is collected. It
 * hides the inmate's form (kept, not shown) behind a plain screen with one
 * short sentence, the status code and two numbers: someone watching learns
 * that a stick was read, nothing about any request. Closing it, or pulling
 * the stick after success, shows the hidden screen again as it was.
 */
#include "kiosk/chrome.h"

#include <stdio.h>
#include <string.h>

static const char *collect_title(const struct screen_ctx *ctx)
{
	return _("USB stick");
}

/* One sentence for the social worker: what happened and what to do (docs/collect-usb.md). */
static const char *collect_sentence(const struct collection_outcome *o)
{
	if (!o)
		return _("Please wait. Do not pull the stick.");
	switch (o->status) {
	case COLLECTION_EXPORT_OK:
	case COLLECTION_RECEIPTS_APPLIED: return _("Done. You can pull the stick.");
	case COLLECTION_NOT_AUTHORIZED: return _("This stick is not authorised.");
	case COLLECTION_TOKEN_EXPIRED: return _("This stick's authorisation has expired.");
	case COLLECTION_MULTIPLE_DEVICES: return _("Pull all sticks, then plug in only one.");
	case COLLECTION_DISK_FULL: return _("The stick is full. Nothing was lost.");
	case COLLECTION_CLEANUP_ERROR:
		return _("Collected, but the stick needs checking at the office.");
	default: return _("Nothing was lost. Pull the stick and try again.");
	}
}

static void collect_build(const struct screen_ctx *ctx, struct view *view)
{
	const struct collection_outcome *o = ctx->collect;
	char line[160];
	struct widget *w;

	chrome_title(view, collect_title(ctx));
	chrome_text(view, chrome_box(view, 100, 300, 800, 120), collect_sentence(o), TEXT_BODY,
		    TEXT_CENTER);
	if (!o)
		return;
	/* The code to look up in the guide, and the counts: sent, and confirmed by the office. */
	snprintf(line, sizeof(line), "%s", collection_status_name(o->status));
	if (collection_status_ok(o->status) || o->status == COLLECTION_CLEANUP_ERROR) {
		size_t n = strlen(line);
		snprintf(line + n, sizeof(line) - n, "  ");
		n = strlen(line);
		snprintf(line + n, sizeof(line) - n, _("%ld sent, %ld confirmed"),
			 o->custody.export.exported, o->custody.purged);
	}
	w = chrome_text(view, chrome_box(view, 100, 430, 800, 80), view_keep(view, line),
			TEXT_SMALL, TEXT_CENTER);
	if (w)
		w->flags |= WIDGET_NEVER_SPEAK;
	chrome_centre_button(view, "collect.close", _("Close"));
}

static struct screen_result collect_activate(struct screen_input *in, const char *id)
{
	if (strcmp(id, "collect.close") == 0)
		return screen_command(SCREEN_COMMAND_COLLECT_CLOSE, NULL);
	return screen_stay();
}

const struct screen screen_collect = { .name = "collect",
				       .title = collect_title,
				       .build = collect_build,
				       .activate = collect_activate,
				       .audience = SCREEN_FOR_STAFF };
