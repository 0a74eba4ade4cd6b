#include "kiosk/actions.h"

#include "kiosk/keyboard.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int actions_contact_complete(const struct ui *ui)
{
	if (!ui->contact_chosen)
		return 0;
	return request_contact_complete(ui->req);
}

void actions_type(struct ui *ui, const char *utf8)
{
	size_t size;
	char *buf = ui_field_buffer(ui, ui->focus, &size);

	if (buf)
		request_field_append(buf, size, utf8); /* refuses what could not be sealed */
}

void actions_backspace(struct ui *ui)
{
	size_t size;
	char *buf = ui_field_buffer(ui, ui->focus, &size);

	if (buf)
		request_field_backspace(buf);
}

static void actions_go(struct ui *ui, enum screen screen)
{
	ui->screen = screen;
	ui->shift = 0;
	if (screen == SCREEN_CONTACT)
		ui->focus = ui->contact_chosen && ui->req->contact == CONTACT_NAMED ? FIELD_NAME
										    : FIELD_NONE;
	else if (screen == SCREEN_DETAILS)
		ui->focus = FIELD_TIMES;
	else
		ui->focus = FIELD_NONE;
}

static void actions_back(struct ui *ui)
{
	static const enum screen previous[SCREEN_COUNT] = {
		[SCREEN_SERVICES] = SCREEN_HOME,	 [SCREEN_INFO] = SCREEN_SERVICES,
		[SCREEN_SERVICE_INFO] = SCREEN_SERVICES, [SCREEN_CONTACT] = SCREEN_SERVICE_INFO,
		[SCREEN_DETAILS] = SCREEN_CONTACT,	 [SCREEN_REVIEW] = SCREEN_DETAILS,
	};

	actions_go(ui, previous[ui->screen]);
}

static void actions_next(struct ui *ui)
{
	if (ui->screen == SCREEN_SERVICE_INFO)
		actions_go(ui, SCREEN_CONTACT);
	else if (ui->screen == SCREEN_CONTACT)
		actions_go(ui, SCREEN_DETAILS);
	else if (ui->screen == SCREEN_DETAILS)
		actions_go(ui, SCREEN_REVIEW);
}

static void actions_choose_service(struct ui *ui, const char *service_id)
{
	const struct service *service = catalogue_find(terminal_catalogue(ui->term), service_id);

	if (!service)
		return;
	ui->service = service;
	snprintf(ui->req->service, sizeof(ui->req->service), "%s", service->id);
	actions_go(ui, SCREEN_SERVICE_INFO);
}

static void actions_choose_contact(struct ui *ui, enum contact_mode mode)
{
	struct request *req = ui->req;

	ui->contact_chosen = 1;
	req->contact = mode;
	if (mode == CONTACT_CODE) {
		/* An anonymous request must not carry a name typed before changing one's mind. */
		sodium_memzero(req->name, sizeof(req->name));
		sodium_memzero(req->number, sizeof(req->number));
		sodium_memzero(req->unit, sizeof(req->unit));
		ui->focus = FIELD_NONE;
	} else {
		ui->focus = FIELD_NAME;
	}
}

/*
 * Seals and stores the request. The code is shown only after core reports the
 * commit; either way the plaintext is wiped at once, it is not needed any more.
 */
static void actions_submit(struct ui *ui)
{
	char reference[REQUEST_REFERENCE_LEN + 1] = "";
	struct error err = { "" };
	int rc;

	snprintf(ui->req->language, sizeof(ui->req->language), "%s", i18n_code(&ui->i18n));
	i18n_neutral(&ui->i18n);
	rc = terminal_submit(ui->term, ui->req, reference, &err);
	i18n_select(&ui->i18n, i18n_code(&ui->i18n));
	request_wipe(ui->req);
	ui->contact_chosen = 0;
	ui->consent = 0;
	if (rc == 0) {
		memcpy(ui->reference, reference, sizeof(ui->reference));
		actions_go(ui, SCREEN_DONE);
	} else {
		fprintf(stderr, "prisma-kiosk: submit: %s\n", err.msg);
		actions_go(ui, SCREEN_ERROR);
	}
	sodium_memzero(reference, sizeof(reference));
}

static const struct {
	const char *id;
	enum field field;
} field_ids[] = {
	{ "field.name", FIELD_NAME },	    { "field.number", FIELD_NUMBER },
	{ "field.unit", FIELD_UNIT },	    { "field.times", FIELD_TIMES },
	{ "field.message", FIELD_MESSAGE },
};

static int actions_focus(struct ui *ui, const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(field_ids) / sizeof(field_ids[0]); i++) {
		if (strcmp(id, field_ids[i].id) == 0) {
			ui->focus = field_ids[i].field;
			return 1;
		}
	}
	return 0;
}

void actions_activate(struct ui *ui, const char *id)
{
	if (strcmp(id, "quick-exit") == 0 || strcmp(id, "finish") == 0)
		ui_wipe(ui);
	else if (strncmp(id, "lang.", 5) == 0)
		i18n_select(&ui->i18n, id + 5);
	else if (strcmp(id, "start") == 0)
		actions_go(ui, SCREEN_SERVICES);
	else if (strcmp(id, "info") == 0)
		actions_go(ui, SCREEN_INFO);
	else if (strncmp(id, "service.", 8) == 0)
		actions_choose_service(ui, id + 8);
	else if (strcmp(id, "back") == 0)
		actions_back(ui);
	else if (strcmp(id, "next") == 0)
		actions_next(ui);
	else if (strcmp(id, "contact.code") == 0)
		actions_choose_contact(ui, CONTACT_CODE);
	else if (strcmp(id, "contact.named") == 0)
		actions_choose_contact(ui, CONTACT_NAMED);
	else if (strcmp(id, "consent") == 0)
		ui->consent = !ui->consent;
	else if (strcmp(id, "submit") == 0)
		actions_submit(ui);
	else if (strncmp(id, "key.", 4) == 0)
		keyboard_press(ui, id);
	else
		actions_focus(ui, id);
}
