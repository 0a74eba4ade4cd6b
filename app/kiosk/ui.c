#include "kiosk/ui.h"

#include "kiosk/chrome.h"
#include "kiosk/lockdown.h"
#include "kiosk/theme.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct screen *const screens[SCREEN_COUNT] = {
	[SCREEN_HOME] = &screen_home,
	[SCREEN_SERVICES] = &screen_services,
	[SCREEN_INFO] = &screen_info,
	[SCREEN_SERVICE_INFO] = &screen_service_info,
	[SCREEN_CONTACT] = &screen_contact,
	[SCREEN_DETAILS] = &screen_details,
	[SCREEN_REVIEW] = &screen_review,
	[SCREEN_DONE] = &screen_done,
	[SCREEN_ERROR] = &screen_error,
	[SCREEN_SENDING] = &screen_sending,
	[SCREEN_IDLE_WARNING] = &screen_idle_warning,
	[SCREEN_OUT_OF_SERVICE] = &screen_out_of_service,
	[SCREEN_STATUS] = &screen_status,
	[SCREEN_COLLECT] = &screen_collect,
};

/* Navigation as data: the plain steps between screens. Everything else a screen decides. */
static const struct {
	enum screen_id from;
	const char *id;
	enum screen_id to;
} navigation[] = {
	{ SCREEN_HOME, "start", SCREEN_SERVICES },
	{ SCREEN_HOME, "status", SCREEN_STATUS },
	{ SCREEN_STATUS, "back", SCREEN_HOME },
	{ SCREEN_SERVICES, "info", SCREEN_INFO },
	{ SCREEN_SERVICES, "back", SCREEN_HOME },
	{ SCREEN_INFO, "back", SCREEN_SERVICES },
	{ SCREEN_SERVICE_INFO, "back", SCREEN_SERVICES },
	{ SCREEN_SERVICE_INFO, "next", SCREEN_CONTACT },
	{ SCREEN_CONTACT, "back", SCREEN_SERVICE_INFO },
	{ SCREEN_CONTACT, "next", SCREEN_DETAILS },
	{ SCREEN_DETAILS, "back", SCREEN_CONTACT },
	{ SCREEN_DETAILS, "next", SCREEN_REVIEW },
	{ SCREEN_REVIEW, "back", SCREEN_DETAILS },
};

const char *ui_screen_name(enum screen_id screen)
{
	return screen < SCREEN_COUNT ? screens[screen]->name : "?";
}

enum screen_audience ui_audience(const struct ui *ui)
{
	return screens[ui->screen]->audience;
}

/*
 * Text sizes follow the large-text mode (after a switch or a wipe). The
 * shaper's fonts of the old sizes are closed (reopened lazily at the new
 * ones). When SDL_ttf cannot resize, the mode goes off again, said on stderr.
 */
static void ui_apply_text_scale(struct ui *ui)
{
	int percent = modes_text_percent(&ui->modes, &ui->theme);
	struct error err = { "" };

	if (percent == ui->text.percent)
		return;
	if (ui->languages)
		fonts_close(&ui->languages->fonts);
	if (text_set_scale(&ui->text, percent, &err) == 0)
		return;
	fprintf(stderr, "prisma-kiosk: large text: %s\n", err.msg);
	ui->modes.large_text = 0;
	if (text_set_scale(&ui->text, 100, &err) != 0)
		fprintf(stderr, "prisma-kiosk: text size: %s\n", err.msg);
}

/* Nothing of this visit stays: the session, every drawn text and the screens' copies. */
static void ui_forget(struct ui *ui)
{
	session_wipe(ui->session);
	text_wipe(&ui->text);
	ui->wiped_text_frame = ui->text.frame;
	modes_reset(&ui->modes);	 /* the next person starts in the normal mode */
	readaloud_reset(&ui->readaloud); /* ...without read aloud, at the voice's defaults */
	ui_apply_text_scale(ui);
	view_begin(&ui->view, ui->canvas.width, ui->canvas.height, 0);
}

/* SCREEN is shown from now on, with nothing pressed, focused, shifted or paged. */
static void ui_enter(struct ui *ui, enum screen_id screen)
{
	ui->screen = screen;
	ui->screen_since_ms = ui->now_ms;
	ui->screen_changed = 1;
	ui->dirty = 1;
	ui->shift = 0;
	ui->focus = SESSION_FIELD_NONE;
	ui->page = 0;
	ui->pressed[0] = '\0';
	ui->pressed_at = 0;
	ui->announce = 1; /* a new transcript, and read aloud in read-aloud mode */
}

/*
 * Out of service after start (terminal_check failed): everything of the visit
 * is wiped, the reason goes to stderr and the audit log only, and the check
 * runs again every health_recheck seconds (ui_tick).
 */
static void ui_out_of_service(struct ui *ui, const char *reason)
{
	fprintf(stderr, "prisma-kiosk: out of service: %s\n", reason);
	terminal_audit(ui->term, "out-of-service", (const char *[]){ "reason", reason, NULL });
	ui->broken = 1;
	ui->health_next_ms = ui->now_ms + ui->health_recheck_ms;
	ui_forget(ui);
	i18n_select(&ui->i18n, ui->i18n.codes[ui->start_language]);
	ui->synced_language = SIZE_MAX;
	ui_enter(ui, SCREEN_OUT_OF_SERVICE);
}

/* The terminal's check (core's terminal_check): 0, or -1 and out of service. */
static int ui_check_terminal(struct ui *ui)
{
	struct error err = { "" };

	if (!ui->term || terminal_check(ui->term, &err) == 0)
		return 0;
	ui_out_of_service(ui, err.msg);
	return -1;
}

void ui_start(struct ui *ui)
{
	(void)ui_check_terminal(ui);
}

void ui_go(struct ui *ui, enum screen_id screen)
{
	/* Without a usable terminal there is nowhere else to go. */
	if (!ui->term || ui->broken)
		screen = SCREEN_OUT_OF_SERVICE;
	ui_enter(ui, screen);
	session_clear_refused(ui->session);
	if (screen == SCREEN_HOME) {
		/* Whoever arrives here may be the next person: nothing of this visit stays. */
		ui_forget(ui);
		/* ...and the terminal must still be able to take what they ask. */
		if (ui_check_terminal(ui) != 0)
			return;
	}
	if (screens[screen]->focus_on_entry)
		ui->focus = screens[screen]->focus_on_entry(ui->session);
}

void ui_wipe(struct ui *ui)
{
	/*
	 * The visit is over, the social worker's too: an outcome nobody closed
	 * goes with it (it is in the audit log), or it would come back over home
	 * at the next person's first tap. A stick still being handled stays.
	 */
	if (ui->usb)
		usbcollect_close_overlay(ui->usb);
	ui_go(ui, SCREEN_HOME);
	i18n_select(&ui->i18n, ui->i18n.codes[ui->start_language]);
	ui->synced_language = SIZE_MAX; /* the keyboard chosen with key.switch goes too */
}

const char *ui_wiped_why(const struct ui *ui)
{
	const char *why = session_wiped_why(ui->session);

	if (why)
		return why;
	/* Frames drawn after the wipe (home) may hold their own texts, nothing older. */
	if (text_holds_from(&ui->text, ui->wiped_text_frame))
		return "drawn or rendered text from before the wipe is still held";
	if (!sodium_is_zero((const unsigned char *)ui->view.texts, sizeof(ui->view.texts)))
		return "texts a screen put together (the review's pages) are still held";
	if (ui->focus != SESSION_FIELD_NONE || ui->shift)
		return "focus or shift is still set";
	if (!modes_are_default(&ui->modes) || ui->text.percent != 100)
		return "high-contrast or large-text mode is still on";
	if (ui->readaloud.on || readaloud_rate(&ui->readaloud) != SPEECH_RATE_DEFAULT ||
	    readaloud_volume(&ui->readaloud) != SPEECH_VOLUME_DEFAULT ||
	    speech_rate(ui->readaloud.voice) != SPEECH_RATE_DEFAULT ||
	    speech_volume(ui->readaloud.voice) != SPEECH_VOLUME_DEFAULT)
		return "read-aloud mode, its rate or its volume is still on";
	if (speech_transcript_count(ui->readaloud.voice))
		return "what was read aloud is still held (the transcript)";
	return NULL;
}

Uint64 ui_tap_ready_ms(const struct ui *ui)
{
	return ui->screen_changed ? ui->screen_since_ms + ui->tap_guard_ms : 0;
}

int ui_idle_countdown(const struct ui *ui)
{
	if (ui->screen != SCREEN_IDLE_WARNING || ui->now_ms >= ui->warning_end_ms)
		return 0;
	return (int)((ui->warning_end_ms - ui->now_ms + 999) / 1000);
}

/*
 * Text, layout direction and keyboard follow the language: whatever changed
 * it (a lang.* tap, a wipe back to the start language), the next layout
 * catches up here. Each field starts on its keyboard's first page.
 */
static void ui_sync_language(struct ui *ui)
{
	const struct language *lang = languages_find(ui->languages, i18n_code(&ui->i18n));

	if (ui->synced_language != ui->i18n.current) {
		ui->synced_language = ui->i18n.current;
		text_set_language(&ui->text, &ui->languages->fonts, lang ? lang->font : NULL,
				  lang ? lang->rtl : 0);
		ui->keyboard = languages_keyboard_of(ui->languages, i18n_code(&ui->i18n));
		ui->keyboard_page = 0;
	}
	if (ui->keyboard_focus != ui->focus) {
		ui->keyboard_focus = ui->focus;
		ui->keyboard_page = 0;
	}
}

/*
 * Gives each button without one its pictogram: a service card the catalogue's
 * icon, the KORA card [info] icon, a main action its own (icons_for_action).
 */
static void ui_assign_icons(struct ui *ui)
{
	const struct catalogue *cat = ui->catalogue;

	for (size_t i = 0; i < ui->view.count; i++) {
		struct widget *w = &ui->view.widgets[i];
		const struct service *s;

		if (w->kind != WIDGET_BUTTON || w->icon)
			continue;
		if (cat && !strncmp(w->id, "service.", 8) && (s = catalogue_find(cat, w->id + 8)))
			w->icon = s->icon;
		else if (cat && !strcmp(w->id, "info") && cat->info_icon)
			w->icon = cat->info_icon;
		else
			w->icon = icons_for_action(w->id);
	}
}

void ui_layout(struct ui *ui)
{
	struct screen_ctx ctx;
	const struct language *lang;
	int seconds = ui_idle_countdown(ui);

	ui_sync_language(ui);
	lang = languages_find(ui->languages, i18n_code(&ui->i18n));
	ctx = (struct screen_ctx){ .session = ui->session,
				   .catalogue = ui->catalogue,
				   .i18n = &ui->i18n,
				   .focus = ui->focus,
				   .shift = ui->shift,
				   .countdown = ui->countdown_text,
				   .languages = ui->languages,
				   .keyboard = ui->keyboard,
				   .keyboard_page = ui->keyboard_page,
				   .high_contrast = ui->modes.high_contrast,
				   .large_text = ui->modes.large_text,
				   .text = &ui->text,
				   .page = ui->page,
				   .collect = ui->usb && ui->usb->phase == USBCOLLECT_SHOWN
						      ? &ui->usb->outcome
						      : NULL,
				   .read_aloud = ui->readaloud.on,
				   .speech_rate = readaloud_rate(&ui->readaloud),
				   .speech_volume = readaloud_volume(&ui->readaloud),
				   .countdown_seconds = seconds };

	ui->countdown_text[0] = '\0';
	if (ui->screen == SCREEN_IDLE_WARNING)
		snprintf(ui->countdown_text, sizeof(ui->countdown_text), "%d:%02d", seconds / 60,
			 seconds % 60);
	/* Right-to-left languages (languages.ini) mirror the layout; keyboards never. */
	view_begin(&ui->view, ui->canvas.width, ui->canvas.height, lang ? lang->rtl : 0);
	view_set_panel(&ui->view, ui->config->display_mm_w, ui->config->display_mm_h);
	screens[ui->screen]->build(&ctx, &ui->view);
	ui->title = screens[ui->screen]->title ? screens[ui->screen]->title(&ctx) : "";
	/* The head row's mode controls, as the screen's audience has them (screen.h). */
	switch (screens[ui->screen]->audience) {
	case SCREEN_FOR_INMATE_BUSY: chrome_speak(&ctx, &ui->view); break;
	case SCREEN_FOR_STAFF: chrome_display_switches(&ctx, &ui->view); break;
	case SCREEN_FOR_INMATE: chrome_modes(&ctx, &ui->view); break;
	}
	ui_assign_icons(ui);
	ui_speech_follow(ui);
}

const struct widget *ui_find(const struct ui *ui, const char *id)
{
	return view_find(&ui->view, id);
}

const struct widget *ui_hit(const struct ui *ui, int x, int y)
{
	return view_hit(&ui->view, x, y);
}

void ui_invalidate(struct ui *ui)
{
	ui->dirty = 1;
}

int ui_render(struct ui *ui)
{
	const struct theme *palette = modes_palette(&ui->modes, &ui->theme);
	size_t i;
	int rc = 0;

	if (!ui->dirty)
		return 0; /* nothing visible changed: the frame on screen is still right */
	ui->dirty = 0;
	/*
	 * While the worker seals, gettext answers in the neutral language and the
	 * busy frame is already drawn: show it again, build nothing.
	 */
	if (session_submitting(ui->session))
		return canvas_show_again(&ui->canvas);
	ui_layout(ui);
	text_frame_begin(&ui->text);
	if (canvas_clear(&ui->canvas, palette->background) != 0)
		rc = -1;
	for (i = 0; i < ui->view.count; i++) {
		if (widget_draw(&ui->view.widgets[i], &ui->canvas, &ui->text, palette, ui->icons) !=
		    0)
			rc = -1;
	}
	if (canvas_present(&ui->canvas) != 0)
		rc = -1;
	text_frame_end(&ui->text);
	ui->frames_drawn++;
	return rc;
}

/*
 * Shows the busy screen at once, then seals and stores on the session's
 * worker; the main loop shows the code or the error screen when it is done.
 * Operator messages stay English: gettext is neutral until the result.
 */
static void ui_submit(struct ui *ui)
{
	struct error err = { "" };

	/* A broken terminal would take the request into a spool nobody collects. */
	if (ui_check_terminal(ui) != 0)
		return;
	ui_go(ui, SCREEN_SENDING);
	if (ui_render(ui) != 0)
		fprintf(stderr, "prisma-kiosk: drawing the busy screen failed\n");
	i18n_neutral(&ui->i18n);
	if (session_submit_start(ui->session, i18n_code(&ui->i18n), &err) == 0)
		return;
	i18n_select(&ui->i18n, i18n_code(&ui->i18n));
	fprintf(stderr, "prisma-kiosk: submit: %s\n", err.msg);
	ui_go(ui, SCREEN_ERROR);
}

/* The status check: the busy answer is drawn at once, then the worker hashes and looks up. */
static void ui_lookup(struct ui *ui)
{
	struct error err = { "" };

	session_lookup_busy(ui->session);
	if (ui_render(ui) != 0)
		fprintf(stderr, "prisma-kiosk: drawing the busy state failed\n");
	if (session_lookup_start(ui->session, &err) != 0)
		fprintf(stderr, "prisma-kiosk: status check: %s\n", err.msg);
}

int ui_busy(const struct ui *ui)
{
	return session_submitting(ui->session) || session_lookup_running(ui->session);
}

int ui_collecting(const struct ui *ui)
{
	return ui->usb && ui->screen == SCREEN_COLLECT &&
	       (ui->usb->phase == USBCOLLECT_MOUNTING || ui->usb->phase == USBCOLLECT_RUNNING);
}

int ui_sync_collect(struct ui *ui)
{
	int want = ui->usb && usbcollect_overlay(ui->usb);

	if (want && ui->screen != SCREEN_COLLECT && ui->screen != SCREEN_IDLE_WARNING &&
	    ui->screen != SCREEN_OUT_OF_SERVICE && !session_submitting(ui->session)) {
		ui->collect_hidden = ui->screen; /* focus, shift and the form stay as they are */
		ui->screen = SCREEN_COLLECT;
	} else if (!want && ui->screen == SCREEN_COLLECT) {
		ui->screen = ui->collect_hidden;
	} else if (!want && ui->screen == SCREEN_IDLE_WARNING &&
		   ui->warned_screen == SCREEN_COLLECT) {
		ui->warned_screen = ui->collect_hidden;
		return 0;
	} else {
		return 0;
	}
	ui->screen_since_ms = ui->now_ms;
	ui->screen_changed = 1;
	ui->dirty = 1;
	ui->pressed[0] = '\0';
	ui->pressed_at = 0;
	ui->last_input_ms = ui->now_ms;
	return 1;
}

void ui_wait_collect(struct ui *ui)
{
	enum usbcollect_phase was;

	if (!ui->usb)
		return;
	was = ui->usb->phase;
	usbcollect_wait(ui->usb);
	if (ui->usb->phase != was)
		ui->dirty = 1; /* the outcome is on the overlay now */
	ui_sync_collect(ui);
}

/* "More time": back to the screen the warning hid, with its focus and text. */
static void ui_more_time(struct ui *ui)
{
	ui->screen = ui->warned_screen;
	ui->screen_since_ms = ui->now_ms;
	ui->last_input_ms = ui->now_ms;
	ui->dirty = 1;
}

static void ui_apply(struct ui *ui, struct screen_result r)
{
	switch (r.command) {
	case SCREEN_COMMAND_FINISH: ui_wipe(ui); return;
	case SCREEN_COMMAND_SUBMIT: ui_submit(ui); return;
	case SCREEN_COMMAND_LOOKUP: ui_lookup(ui); return;
	case SCREEN_COMMAND_MORE_TIME: ui_more_time(ui); return;
	case SCREEN_COMMAND_COLLECT_CLOSE:
		usbcollect_close_overlay(ui->usb);
		ui_sync_collect(ui);
		return;
	case SCREEN_COMMAND_LANGUAGE: i18n_select(&ui->i18n, r.arg); return;
	case SCREEN_COMMAND_NONE: break;
	}
	if (r.next != SCREEN_STAY)
		ui_go(ui, r.next);
}

/* A tap on the enabled widget ID: the kiosk's own rules first, then navigation, then the screen. */
static void ui_activate(struct ui *ui, const char *id)
{
	struct screen_input in = { ui->session,	  &ui->i18n,	 &ui->focus,	     &ui->shift,
				   ui->languages, &ui->keyboard, &ui->keyboard_page, &ui->page };
	const struct screen *screen = screens[ui->screen];
	size_t i;

	ui->dirty = 1; /* a tap on an enabled widget: the frame may change */
	if (strcmp(id, "quick-exit") == 0) {
		ui_wipe(ui);
		return;
	}
	if (ui_speech_activate(ui, id))
		return;
	/* The display modes change on the spot: screen, typed text and focus stay. */
	if (modes_toggle(&ui->modes, id)) {
		ui_apply_text_scale(ui);
		ui_speech_after(ui, id);
		return;
	}
	for (i = 0; i < sizeof(navigation) / sizeof(navigation[0]); i++) {
		if (navigation[i].from == ui->screen && strcmp(navigation[i].id, id) == 0) {
			ui_go(ui, navigation[i].to);
			return;
		}
	}
	if (screen->activate)
		ui_apply(ui, screen->activate(&in, id));
	ui_speech_after(ui, id);
}

/* A press and a release on the same widget make a tap, as on any touch screen. */
/*
 * A press (DOWN) or release at (X, Y): a press and release on the same
 * enabled widget activate it (read aloud: ui_speech_tap). While the worker
 * seals, only the speaker acts, on the busy frame as laid out (gettext is
 * neutral meanwhile), so no tap can change, repeat or stop the submit.
 */
static void ui_pointer(struct ui *ui, int x, int y, int down)
{
	int busy = session_submitting(ui->session);
	const struct widget *w;
	char id[WIDGET_ID_MAX];

	ui->last_input_ms = ui->now_ms;
	if (down && ui->now_ms < ui_tap_ready_ms(ui)) {
		/* Right after a screen change: the second half of a double tap, not meant here. */
		ui->pressed[0] = '\0';
		ui->pressed_at = 0;
		return;
	}
	if (!busy)
		ui_layout(ui);
	/* Read aloud explores by touch: anything says what it is, labels and disabled too. */
	w = ui->readaloud.on ? view_touch(&ui->view, x, y) : ui_hit(ui, x, y);
	if (busy && w && strcmp(w->id, "speak") != 0)
		w = NULL;
	if (down) {
		snprintf(ui->pressed, sizeof(ui->pressed), "%s", w ? w->id : "");
		ui->pressed_at = w ? (size_t)(w - ui->view.widgets) + 1 : 0;
		return;
	}
	if (w && ui->pressed_at == (size_t)(w - ui->view.widgets) + 1 &&
	    strcmp(w->id, ui->pressed) == 0 && ui_speech_tap(ui, w)) {
		snprintf(id, sizeof(id), "%s", w->id);
		ui_activate(ui, id);
	}
	ui->pressed[0] = '\0';
	ui->pressed_at = 0;
}

static void ui_key(struct ui *ui, const SDL_Keysym *key)
{
	ui->last_input_ms = ui->now_ms;
	if (!lockdown_key_allowed(key))
		return;
	/* The focused field is hidden behind the idle warning: nothing is deleted there. */
	if (key->sym == SDLK_BACKSPACE && ui->screen != SCREEN_IDLE_WARNING) {
		session_backspace(ui->session, ui->focus);
		ui->dirty = 1;
	}
}

/* The worker's result: the code, or the error screen with the request kept for "try again". */
static void ui_submit_done(struct ui *ui)
{
	struct error err = { "" };
	int rc;

	ui->dirty = 1;
	if (session_lookup_running(ui->session)) {
		if (session_lookup_finish(ui->session, &err) != 0)
			fprintf(stderr, "prisma-kiosk: status check: %s\n", err.msg);
		return; /* the status screen shows the answer */
	}
	rc = session_submit_finish(ui->session, &err);
	i18n_select(&ui->i18n, i18n_code(&ui->i18n));
	if (rc == 0) {
		ui_go(ui, SCREEN_DONE);
		return;
	}
	fprintf(stderr, "prisma-kiosk: submit: %s\n", err.msg);
	/* Not refused for a reason of its own: out of service when the terminal is broken. */
	if (session_submit_refusal(ui->session, &(long){ 0 }) == 0 && ui_check_terminal(ui) != 0)
		return;
	ui_go(ui, SCREEN_ERROR);
}

void ui_wait_submit(struct ui *ui)
{
	SDL_Event event;

	while (session_submitting(ui->session)) {
		if (!SDL_WaitEvent(&event)) {
			fprintf(stderr, "prisma-kiosk: waiting for the submit: %s\n",
				SDL_GetError());
			session_wipe(ui->session); /* joins the worker */
			ui_go(ui, SCREEN_ERROR);
			return;
		}
		ui_handle_event(ui, &event);
	}
}

/* A left button or a finger pressed (*DOWN) or released at (*X, *Y): 1, else 0. */
static int ui_event_pointer(const struct ui *ui, const SDL_Event *event, int *x, int *y, int *down)
{
	switch (event->type) {
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		*x = event->button.x;
		*y = event->button.y;
		*down = event->type == SDL_MOUSEBUTTONDOWN;
		return event->button.button == SDL_BUTTON_LEFT;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		*x = (int)(event->tfinger.x * (float)ui->canvas.width);
		*y = (int)(event->tfinger.y * (float)ui->canvas.height);
		*down = event->type == SDL_FINGERDOWN;
		return 1;
	default: return 0;
	}
}

void ui_handle_event(struct ui *ui, const SDL_Event *event)
{
	int collecting = ui_collecting(ui), x, y, down;

	/* USB notes and the collection's end: never input, taken even while sealing. */
	if (ui->usb && usbcollect_handle(ui->usb, event, ui->now_ms, ui_busy(ui))) {
		ui->dirty = 1; /* the overlay may show a new outcome */
		if (collecting)
			ui->last_input_ms = ui->now_ms; /* the idle timer starts at the outcome */
		ui_sync_collect(ui);
		return;
	}
	/* A headset pulled out: the voice says SPEECH_FAILED (below); the session goes on. */
	if (speech_handle_event(ui->readaloud.voice, event)) {
		if (event->type == SDL_AUDIODEVICEREMOVED)
			fprintf(stderr, "prisma-kiosk: read aloud: the audio output is gone "
					"(opened again at the next read-out)\n");
		return;
	}
	if (ui->readaloud.voice && event->type == speech_event()) {
		readaloud_note(&ui->readaloud, event->user.code);
		return;
	}
	if (event->type == session_submit_event() && session_submitting(ui->session)) {
		ui_submit_done(ui);
		return;
	}
	if (ui_event_pointer(ui, event, &x, &y, &down)) {
		ui_pointer(ui, x, y, down);
		return;
	}
	/* Any other input while sealing is dropped. */
	if (session_submitting(ui->session))
		return;
	switch (event->type) {
	case SDL_TEXTINPUT:
		ui->last_input_ms = ui->now_ms;
		if (ui->screen != SCREEN_IDLE_WARNING) { /* the focused field is hidden there */
			session_type(ui->session, ui->focus, event->text.text);
			ui->dirty = 1;
		}
		break;
	case SDL_KEYDOWN: ui_key(ui, &event->key.keysym); break;
	default:
		/*
		 * Pointer motion without a button changes nothing: no frame. SDL_QUIT
		 * (window manager close) included: only a signal ends the kiosk.
		 */
		break;
	}
}
