#include "kiosk/screens.h"

#include "kiosk/actions.h"
#include "kiosk/keyboard.h"

#include <stdio.h>

/* The frame every screen shares: title top left, quick exit top right, back and next at the bottom.
 */
static void screens_title(struct ui *ui, const char *title)
{
	struct widget *w = ui_add(ui, WIDGET_LABEL, "title", ui_rect(ui, 30, 20, 740, 120), title);

	if (w) {
		w->style.size = TEXT_TITLE;
		w->style.bold = 1;
	}
}

static void screens_quick_exit(struct ui *ui)
{
	struct widget *w = ui_add(ui, WIDGET_BUTTON, "quick-exit", ui_rect(ui, 790, 20, 180, 120),
				  _("× Exit"));

	if (w)
		w->style.size = TEXT_BODY;
}

static void screens_back(struct ui *ui)
{
	ui_add(ui, WIDGET_BUTTON, "back", ui_rect(ui, 30, 860, 300, 120), _("Back"));
}

static void screens_next(struct ui *ui, const char *id, const char *text, int enabled)
{
	struct widget *w = ui_add(ui, WIDGET_BUTTON, id, ui_rect(ui, 670, 860, 300, 120), text);

	if (w) {
		w->enabled = enabled;
		w->primary = enabled;
	}
}

static struct widget *screens_text(struct ui *ui, SDL_Rect rect, const char *text,
				   enum text_size size, enum text_align align)
{
	struct widget *w = ui_add(ui, WIDGET_LABEL, NULL, rect, text);

	if (w) {
		w->style.size = size;
		w->style.bold = 0;
		w->style.align = align;
	}
	return w;
}

/* One caption/value row of a two-column table at Y (per mille), H high. */
static void screens_row(struct ui *ui, int y, int h, const char *caption, const char *value)
{
	struct widget *w =
		screens_text(ui, ui_rect(ui, 30, y, 290, h), caption, TEXT_BODY, TEXT_LEFT);

	if (w) {
		w->style.bold = 1;
		w->style.top = 1;
	}
	w = screens_text(ui, ui_rect(ui, 330, y, 640, h), value, TEXT_BODY, TEXT_LEFT);
	if (w)
		w->style.top = 1;
}

/* A ROW-high row when VALUE is not empty; returns the Y below it. */
static int screens_row_if_set(struct ui *ui, int y, int row, const char *caption, const char *value)
{
	if (!value[0])
		return y;
	screens_row(ui, y, row - 4, caption, value);
	return y + row;
}

static void screens_field(struct ui *ui, const char *id, enum session_field field, SDL_Rect rect,
			  const char *caption)
{
	struct widget *w = ui_add(ui, WIDGET_FIELD, id, rect, session_field(&ui->session, field));

	if (w) {
		w->caption = caption;
		w->checked = ui->focus == field;
	}
}

static void screens_home(struct ui *ui)
{
	size_t i, n = ui->i18n.count;
	int width = 800 / (int)n;
	struct widget *w;
	char id[WIDGET_ID_MAX];

	w = screens_text(ui, ui_rect(ui, 50, 100, 900, 220), _("Counselling & training"), TEXT_HUGE,
			 TEXT_CENTER);
	if (w)
		w->style.bold = 1;
	screens_text(ui, ui_rect(ui, 50, 320, 900, 100), _("Ask for an appointment."), TEXT_LARGE,
		     TEXT_CENTER);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "lang.%s", ui->i18n.codes[i]);
		w = ui_add(ui, WIDGET_BUTTON, id,
			   ui_rect(ui, 100 + (int)i * width + 10, 460, width - 20, 150),
			   ui->i18n.names[i]);
		if (w)
			w->checked = i == ui->i18n.current;
	}
	w = ui_add(ui, WIDGET_BUTTON, "start", ui_rect(ui, 300, 700, 400, 170), _("Start"));
	if (w) {
		w->primary = 1;
		w->style.size = TEXT_TITLE;
	}
	/* Here too, in the same place: on home it puts the start language back. */
	screens_quick_exit(ui);
}

static void screens_services(struct ui *ui)
{
	const struct catalogue *cat = terminal_catalogue(ui->term);
	size_t i, n = cat->service_count + 1;
	int rows = (int)(n + 1) / 2, h = 700 / rows;
	char id[WIDGET_ID_MAX];
	struct widget *w;

	screens_title(ui, _("What would you like to ask for?"));
	for (i = 0; i < n; i++) {
		SDL_Rect rect =
			ui_rect(ui, 30 + (int)(i % 2) * 475, 150 + (int)(i / 2) * h, 465, h - 15);
		if (i < cat->service_count) {
			snprintf(id, sizeof(id), "service.%s", cat->services[i].id);
			w = ui_add(ui, WIDGET_BUTTON, id, rect, _(cat->services[i].title));
		} else {
			w = ui_add(ui, WIDGET_BUTTON, "info", rect,
				   cat->info_title ? _(cat->info_title) : _("About KORA"));
		}
		if (w)
			w->style.size = TEXT_BODY;
	}
	screens_back(ui);
	screens_quick_exit(ui);
}

static void screens_info(struct ui *ui)
{
	const struct catalogue *cat = terminal_catalogue(ui->term);

	screens_title(ui, cat->info_title ? _(cat->info_title) : _("About KORA"));
	if (cat->info_summary)
		screens_text(ui, ui_rect(ui, 30, 160, 940, 260), _(cat->info_summary), TEXT_LARGE,
			     TEXT_LEFT);
	if (cat->info_phone)
		screens_row(ui, 450, 110, _("Phone"), cat->info_phone);
	if (cat->info_hours)
		screens_row(ui, 570, 110, _("Hours"), _(cat->info_hours));
	if (cat->info_address)
		screens_row(ui, 690, 110, _("Address"), cat->info_address);
	screens_back(ui);
	screens_quick_exit(ui);
}

static void screens_service_info(struct ui *ui)
{
	const struct service *s = ui->session.service;

	screens_title(ui, s ? _(s->title) : "");
	if (s && s->summary)
		screens_text(ui, ui_rect(ui, 30, 160, 940, 300), _(s->summary), TEXT_LARGE,
			     TEXT_LEFT);
	if (s && s->provider)
		screens_row(ui, 480, 110, _("Offered by"), s->provider);
	screens_text(ui, ui_rect(ui, 30, 620, 940, 200),
		     _("Counselling is free and confidential. You can stay anonymous."), TEXT_LARGE,
		     TEXT_LEFT);
	screens_back(ui);
	screens_next(ui, "next", _("Next"), 1);
	screens_quick_exit(ui);
}

static void screens_contact(struct ui *ui)
{
	int named = session_is_named(&ui->session);
	struct widget *w;

	screens_title(ui, _("How should we answer you?"));
	w = ui_add(ui, WIDGET_BUTTON, "contact.code", ui_rect(ui, 30, 150, 460, 130),
		   _("Reference code only (anonymous)"));
	if (w)
		w->checked = ui->session.contact_chosen && !named;
	w = ui_add(ui, WIDGET_BUTTON, "contact.named", ui_rect(ui, 510, 150, 460, 130),
		   _("With my name"));
	if (w)
		w->checked = named;
	if (named) {
		screens_field(ui, "field.name", SESSION_FIELD_NAME, ui_rect(ui, 30, 295, 420, 120),
			      _("Name"));
		screens_field(ui, "field.number", SESSION_FIELD_NUMBER,
			      ui_rect(ui, 465, 295, 250, 120), _("Prisoner number"));
		screens_field(ui, "field.unit", SESSION_FIELD_UNIT, ui_rect(ui, 730, 295, 240, 120),
			      _("Unit / cell"));
		keyboard_build(ui, ui_rect(ui, 30, 430, 940, 420));
	} else if (ui->session.contact_chosen) {
		screens_text(ui, ui_rect(ui, 60, 330, 880, 400),
			     _("You will get a code. Your name is not sent."), TEXT_LARGE,
			     TEXT_CENTER);
	}
	screens_back(ui);
	screens_next(ui, "next", _("Next"), actions_contact_complete(ui));
	screens_quick_exit(ui);
}

static void screens_details(struct ui *ui)
{
	screens_title(ui, _("Anything else? (optional)"));
	screens_field(ui, "field.times", SESSION_FIELD_TIMES, ui_rect(ui, 30, 150, 940, 130),
		      _("When would suit you?"));
	screens_field(ui, "field.message", SESSION_FIELD_MESSAGE, ui_rect(ui, 30, 290, 940, 130),
		      _("Message (optional)"));
	keyboard_build(ui, ui_rect(ui, 30, 430, 940, 420));
	screens_back(ui);
	screens_next(ui, "next", _("Next"), 1);
	screens_quick_exit(ui);
}

static void screens_review(struct ui *ui)
{
	const struct request *req = ui->session.req;
	const struct service *service = ui->session.service;
	int y = 140, row = 68, named = req->contact == CONTACT_NAMED;
	struct widget *w;

	screens_title(ui, _("Please check"));
	screens_row(ui, y, row - 4, _("Service"), service ? _(service->title) : "");
	y += row;
	screens_row(ui, y, row - 4, _("Contact"),
		    named ? _("With my name") : _("Reference code only (anonymous)"));
	y += row;
	/* Only what was filled in: less to read, nothing that looks forgotten. */
	if (named) {
		y = screens_row_if_set(ui, y, row, _("Name"), req->name);
		y = screens_row_if_set(ui, y, row, _("Prisoner number"), req->number);
		y = screens_row_if_set(ui, y, row, _("Unit / cell"), req->unit);
	}
	y = screens_row_if_set(ui, y, row, _("When"), req->times);
	/* The message gets whatever is left above the consent box. */
	if (req->message[0])
		screens_row(ui, y, 715 - y, _("Message"), req->message);
	w = ui_add(ui, WIDGET_TOGGLE, "consent", ui_rect(ui, 30, 725, 940, 120),
		   _("I want to send this request"));
	if (w)
		w->checked = ui->session.consent;
	screens_back(ui);
	screens_next(ui, "submit", _("Send"), ui->session.consent);
	screens_quick_exit(ui);
}

/* The done and error screens' button: bottom centre, never where Send was (a double tap). */
static struct widget *screens_centre_button(struct ui *ui, const char *id, const char *text)
{
	struct widget *w = ui_add(ui, WIDGET_BUTTON, id, ui_rect(ui, 350, 860, 300, 120), text);

	if (w)
		w->primary = 1;
	return w;
}

static void screens_done(struct ui *ui)
{
	struct widget *w;

	screens_title(ui, _("Thank you. Your request is saved."));
	screens_text(ui, ui_rect(ui, 50, 180, 900, 100), _("Your code:"), TEXT_LARGE, TEXT_CENTER);
	w = screens_text(ui, ui_rect(ui, 50, 290, 900, 230), session_reference(&ui->session),
			 TEXT_HUGE, TEXT_CENTER);
	if (w)
		w->style.bold = 1;
	screens_text(ui, ui_rect(ui, 50, 550, 900, 250),
		     _("Keep this code. You can ask about your request with it."), TEXT_LARGE,
		     TEXT_CENTER);
	screens_centre_button(ui, "finish", _("Finish"));
	screens_quick_exit(ui);
}

/* Never "tell staff": the request is still here, and KORA can be called in confidence. */
static void screens_error(struct ui *ui)
{
	const struct catalogue *cat = terminal_catalogue(ui->term);

	screens_title(ui, _("Not saved yet"));
	screens_text(ui, ui_rect(ui, 50, 170, 900, 300),
		     _("Your request could not be saved just now. It is still here: please try "
		       "again."),
		     TEXT_LARGE, TEXT_CENTER);
	screens_text(ui, ui_rect(ui, 50, 480, 900, 110),
		     _("If it keeps failing, please try again later or call the KORA hotline:"),
		     TEXT_BODY, TEXT_CENTER);
	if (cat->info_phone)
		screens_row(ui, 600, 110, _("Phone"), cat->info_phone);
	if (cat->info_hours)
		screens_row(ui, 720, 110, _("Hours"), _(cat->info_hours));
	screens_centre_button(ui, "retry", _("Try again"));
	screens_quick_exit(ui);
}

/* Drawn once before the worker starts; nothing to tap while the request is sealed. */
static void screens_sending(struct ui *ui)
{
	screens_title(ui, _("Sending…"));
	screens_text(ui, ui_rect(ui, 50, 250, 900, 400),
		     _("Your request is being locked and saved. Please wait a moment."), TEXT_TITLE,
		     TEXT_CENTER);
}

/* Hides everything personal (form, code) behind a countdown and one large button. */
static void screens_idle_warning(struct ui *ui)
{
	int seconds = ui_idle_countdown(ui);
	struct widget *w;

	snprintf(ui->countdown_text, sizeof(ui->countdown_text), "%d:%02d", seconds / 60,
		 seconds % 60);
	screens_title(ui, _("Are you still there?"));
	screens_text(ui, ui_rect(ui, 50, 160, 900, 120),
		     _("Without a tap, everything will be deleted in"), TEXT_LARGE, TEXT_CENTER);
	w = screens_text(ui, ui_rect(ui, 50, 280, 900, 180), ui->countdown_text, TEXT_HUGE,
			 TEXT_CENTER);
	if (w)
		w->style.bold = 1;
	w = ui_add(ui, WIDGET_BUTTON, "more-time", ui_rect(ui, 150, 500, 700, 300),
		   _("I need more time"));
	if (w) {
		w->primary = 1;
		w->style.size = TEXT_TITLE;
	}
	screens_quick_exit(ui);
}

void screens_build(struct ui *ui)
{
	static void (*const build[SCREEN_COUNT])(struct ui *) = {
		[SCREEN_HOME] = screens_home,
		[SCREEN_SERVICES] = screens_services,
		[SCREEN_INFO] = screens_info,
		[SCREEN_SERVICE_INFO] = screens_service_info,
		[SCREEN_CONTACT] = screens_contact,
		[SCREEN_DETAILS] = screens_details,
		[SCREEN_REVIEW] = screens_review,
		[SCREEN_DONE] = screens_done,
		[SCREEN_ERROR] = screens_error,
		[SCREEN_SENDING] = screens_sending,
		[SCREEN_IDLE_WARNING] = screens_idle_warning,
	};

	build[ui->screen](ui);
}
