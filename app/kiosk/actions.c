#include "kiosk/actions.h"

#include "kiosk/keyboard.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int actions_contact_complete(const struct ui *ui)
{
	return session_contact_complete(&ui->session);
}

void actions_type(struct ui *ui, const char *utf8)
{
	session_type(&ui->session, ui->focus, utf8);
}

void actions_backspace(struct ui *ui)
{
	session_backspace(&ui->session, ui->focus);
}

static void actions_go(struct ui *ui, enum screen screen)
{
	ui_go(ui, screen);
	if (screen == SCREEN_CONTACT)
		ui->focus =
			session_is_named(&ui->session) ? SESSION_FIELD_NAME : SESSION_FIELD_NONE;
	else if (screen == SCREEN_DETAILS)
		ui->focus = SESSION_FIELD_TIMES;
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
	if (session_choose_service(&ui->session, service_id) == 0)
		actions_go(ui, SCREEN_SERVICE_INFO);
}

static void actions_choose_contact(struct ui *ui, enum contact_mode mode)
{
	session_choose_contact(&ui->session, mode);
	ui->focus = mode == CONTACT_NAMED ? SESSION_FIELD_NAME : SESSION_FIELD_NONE;
}

/*
 * Shows the busy screen at once, then seals and stores on the session's
 * worker; the main loop shows the code or the error screen when it is done.
 * Operator messages stay English: gettext is neutral until the result.
 */
static void actions_submit(struct ui *ui)
{
	struct error err = { "" };

	ui_go(ui, SCREEN_SENDING);
	if (ui_render(ui) != 0)
		fprintf(stderr, "prisma-kiosk: drawing the busy screen failed\n");
	i18n_neutral(&ui->i18n);
	if (session_submit_start(&ui->session, i18n_code(&ui->i18n), &err) == 0)
		return;
	i18n_select(&ui->i18n, i18n_code(&ui->i18n));
	fprintf(stderr, "prisma-kiosk: submit: %s\n", err.msg);
	ui_go(ui, SCREEN_ERROR);
}

/* "More time": back to the screen the warning hid, with its focus and text. */
static void actions_more_time(struct ui *ui)
{
	ui->screen = ui->warned_screen;
	ui->screen_since_ms = ui->now_ms;
	ui->last_input_ms = ui->now_ms;
}

static const struct {
	const char *id;
	enum session_field field;
} field_ids[] = {
	{ "field.name", SESSION_FIELD_NAME },	    { "field.number", SESSION_FIELD_NUMBER },
	{ "field.unit", SESSION_FIELD_UNIT },	    { "field.times", SESSION_FIELD_TIMES },
	{ "field.message", SESSION_FIELD_MESSAGE },
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
		session_toggle_consent(&ui->session);
	else if (strcmp(id, "submit") == 0 || strcmp(id, "retry") == 0)
		actions_submit(ui);
	else if (strcmp(id, "more-time") == 0)
		actions_more_time(ui);
	else if (strncmp(id, "key.", 4) == 0)
		keyboard_press(ui, id);
	else
		actions_focus(ui, id);
}
