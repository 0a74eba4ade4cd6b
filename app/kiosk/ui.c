#include "kiosk/ui.h"

#include "kiosk/chrome.h"
#include "kiosk/lockdown.h"
#include "kiosk/theme.h"
#include "kiosk/watchdog.h"

#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The size the start-up check rasterises the catalogue's icons at (as tests/kiosk/test_icons.c). */
#define UI_ICON_CHECK_PX 48

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

/*
 * The frame, the icons on its renderer and the fonts for its short side (a
 * resized window gets all anew): a 7-inch panel turned to portrait keeps the
 * text the size it has in landscape, not blown up to the tall side.
 */
static int ui_make_frame(struct ui *ui, int w, int h, struct error *err)
{
	text_close(&ui->text);
	ui->synced_language = SIZE_MAX; /* text_open forgets the language */
	icons_close(ui->icons);		/* its textures belong to the old renderer */
	ui->icons = NULL;
	if (canvas_resize(&ui->canvas, w, h, err) != 0)
		return -1;
	if (!(ui->icons = icons_open(ui->icon_dir, ui->canvas.renderer, err)))
		return -1;
	ui->dirty = 1;
	if (text_open(&ui->text, ui->config->font_dir,
		      ui->canvas.height < ui->canvas.width ? ui->canvas.height : ui->canvas.width,
		      err) != 0)
		return -1;
	return text_set_scale(&ui->text, modes_text_percent(&ui->modes, &ui->theme), err);
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

/* Every code of languages.ini, comma-separated, for i18n_open. */
static void ui_language_codes(const struct languages *l, char *out, size_t size)
{
	size_t i, at = 0;

	out[0] = '\0';
	for (i = 0; i < l->table.count && at + LANGTABLE_CODE_MAX + 1 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%s", i ? "," : "",
				       l->table.languages[i].code);
}

/*
 * The home screen offers every language of languages.ini; terminal.ini's
 * `languages` names the start language first, and each code it lists must be
 * in the table.
 */
static int ui_start_language(struct ui *ui, const struct config *cfg, struct error *err)
{
	const char *p = cfg->languages, *name = cfg->path ? cfg->path : "config";
	char code[I18N_CODE_MAX], first[I18N_CODE_MAX] = "";
	size_t len;

	for (; *p; p += strspn(p, ", ")) {
		len = strcspn(p, ", ");
		snprintf(code, sizeof(code), "%.*s", (int)len, p);
		p += len;
		if (!len)
			continue;
		if (len >= sizeof(code) || !languages_find(ui->languages, code)) {
			error_set(err, "%s: languages: '%s' is not in languages.ini", name, code);
			return -1;
		}
		if (!first[0])
			memcpy(first, code, sizeof(first));
	}
	if (first[0] && i18n_select(&ui->i18n, first) != 0) {
		error_set(err, "%s: languages: '%s' has no translation", name, first);
		return -1;
	}
	return 0;
}

/*
 * The pictograms live in icons/ beside the catalogue file (assets/ in the
 * tree and in the image; the build's assets/ without a configuration or a
 * usable catalogue). Opens them on the canvas and checks that every icon the catalogue names draws.
 * Returns 0, or -1 with ERR naming the file.
 */
static int ui_open_icons(struct ui *ui, struct error *err)
{
	const char *path = ui->config->catalogue_path;
	const char *slash = path ? strrchr(path, '/') : NULL;
	const struct catalogue *cat = ui->catalogue;

	if (slash)
		snprintf(ui->icon_dir, sizeof(ui->icon_dir), "%.*s/icons", (int)(slash - path),
			 path);
	/* No usable catalogue (out of service): the action icons come from the build's assets. */
	if (!slash || !cat || !cat->service_count)
		snprintf(ui->icon_dir, sizeof(ui->icon_dir), "%s/icons", PRISMA_ASSETS_DIR);
	if (!(ui->icons = icons_open(ui->icon_dir, ui->canvas.renderer, err)))
		return -1;
	for (size_t i = 0; cat && i < cat->service_count; i++) {
		if (cat->services[i].icon &&
		    !icons_get(ui->icons, cat->services[i].icon, UI_ICON_CHECK_PX, err))
			return -1;
	}
	if (cat && cat->info_icon && !icons_get(ui->icons, cat->info_icon, UI_ICON_CHECK_PX, err))
		return -1;
	return 0;
}

static int ui_open_language(struct ui *ui, const struct ui_options *opts, struct error *err)
{
	const struct config *cfg = ui->config;
	const char *locale_dir = cfg->locale_dir ? cfg->locale_dir : PRISMA_LOCALE_DIR;
	char codes[LANGTABLE_MAX * (LANGTABLE_CODE_MAX + 1)];

	ui->languages = languages_open(PRISMA_ASSETS_DIR, cfg->font_dir, err);
	if (!ui->languages)
		return -1;
	ui_language_codes(ui->languages, codes, sizeof(codes));
	if (i18n_open(&ui->i18n, codes, locale_dir, err) != 0 ||
	    ui_start_language(ui, cfg, err) != 0)
		return -1;
	if (opts->language && i18n_select(&ui->i18n, opts->language) != 0) {
		error_set(err, "--lang: '%s' is not in languages.ini (%s)", opts->language, codes);
		return -1;
	}
	ui->start_language = ui->i18n.current;
	ui->synced_language = SIZE_MAX;
	return 0;
}

int ui_open(struct ui *ui, const struct ui_world *world, const struct ui_options *opts,
	    struct error *err)
{
	const struct config *cfg = world->config;

	memset(ui, 0, sizeof(*ui));
	ui->term = world->term;
	ui->config = world->config;
	ui->catalogue = world->catalogue;
	ui->idle_timeout_ms = cfg->idle_timeout > 0 ? (Uint64)cfg->idle_timeout * 1000 : 0;
	ui->idle_warning_ms = (Uint64)cfg->idle_warning * 1000;
	ui->tap_guard_ms = cfg->tap_guard_ms > 0 ? (Uint64)cfg->tap_guard_ms : 0;
	ui->health_recheck_ms = (Uint64)(cfg->health_recheck > 0 ? cfg->health_recheck : 30) * 1000;
	if (ui_open_language(ui, opts, err) != 0)
		goto fail;
	if (theme_load(&ui->theme,
		       cfg->theme_path ? cfg->theme_path : PRISMA_ASSETS_DIR "/theme.ini",
		       err) != 0)
		goto fail;
	ui->session = session_new(world->term, err);
	if (!ui->session)
		goto fail;
	if (canvas_open(&ui->canvas, opts->width, opts->height, !opts->headless, err) != 0)
		goto fail;
	if (text_open(&ui->text, cfg->font_dir,
		      ui->canvas.height < ui->canvas.width ? ui->canvas.height : ui->canvas.width,
		      err) != 0)
		goto fail;
	if (ui_open_icons(ui, err) != 0)
		goto fail;
	ui->screen = world->term ? SCREEN_HOME : SCREEN_OUT_OF_SERVICE;
	ui->dirty = 1;
	return 0;
fail:
	ui_close(ui);
	return -1;
}

void ui_close(struct ui *ui)
{
	session_free(ui->session);
	ui->session = NULL;
	text_close(&ui->text);
	languages_close(ui->languages);
	ui->languages = NULL;
	icons_close(ui->icons);
	ui->icons = NULL;
	canvas_close(&ui->canvas);
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
	/* Every screen that takes taps can switch the display modes (not the busy one). */
	if (ui->screen != SCREEN_SENDING)
		chrome_modes(&ctx, &ui->view);
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

/* The inmate's submit or status check is using the terminal: a collection waits for it. */
static int ui_busy(const struct ui *ui)
{
	return session_submitting(ui->session) || session_lookup_running(ui->session);
}

/*
 * The overlay is up and a stick is being collected (its mount awaited or the
 * worker running): the social worker is at the terminal and the inmate waits.
 * The idle timer waits too, as while sending; it starts afresh when the
 * outcome shows, so a long collection never wipes the hidden form.
 */
static int ui_collecting(const struct ui *ui)
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
static void ui_pointer(struct ui *ui, int x, int y, int down)
{
	const struct widget *w;
	char id[WIDGET_ID_MAX];

	ui->last_input_ms = ui->now_ms;
	if (down && ui->now_ms < ui_tap_ready_ms(ui)) {
		/* Right after a screen change: the second half of a double tap, not meant here. */
		ui->pressed[0] = '\0';
		ui->pressed_at = 0;
		return;
	}
	ui_layout(ui);
	/* Read aloud explores by touch: anything says what it is, labels and disabled too. */
	w = ui->readaloud.on ? view_touch(&ui->view, x, y) : ui_hit(ui, x, y);
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

void ui_handle_event(struct ui *ui, const SDL_Event *event)
{
	int collecting = ui_collecting(ui);

	/* USB notes and the collection's end: never input, taken even while sealing. */
	if (ui->usb && usbcollect_handle(ui->usb, event, ui->now_ms, ui_busy(ui))) {
		ui->dirty = 1; /* the overlay may show a new outcome */
		if (collecting)
			ui->last_input_ms = ui->now_ms; /* the idle timer starts at the outcome */
		ui_sync_collect(ui);
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
	/* Input while sealing is dropped: nothing may change the request the worker reads. */
	if (session_submitting(ui->session))
		return;
	switch (event->type) {
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (event->button.button == SDL_BUTTON_LEFT)
			ui_pointer(ui, event->button.x, event->button.y,
				   event->type == SDL_MOUSEBUTTONDOWN);
		break;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		ui_pointer(ui, (int)(event->tfinger.x * (float)ui->canvas.width),
			   (int)(event->tfinger.y * (float)ui->canvas.height),
			   event->type == SDL_FINGERDOWN);
		break;
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

/*
 * Quiet for idle_timeout: hide everything behind the warning. Home and
 * out-of-service have nothing to hide: the start language and the normal
 * display modes come back.
 */
static int ui_idle_begin(struct ui *ui)
{
	if (ui->screen == SCREEN_HOME || ui->screen == SCREEN_OUT_OF_SERVICE) {
		ui->last_input_ms = ui->now_ms;
		if (ui->i18n.current == ui->start_language && !session_wiped_why(ui->session) &&
		    modes_are_default(&ui->modes) && !ui->readaloud.on)
			return 0;
		ui_wipe(ui);
		return 1;
	}
	ui->warned_screen = ui->screen;
	ui->warning_end_ms = ui->last_input_ms + ui->idle_timeout_ms + ui->idle_warning_ms;
	ui->screen = SCREEN_IDLE_WARNING; /* focus and shift stay for "more time" */
	ui->screen_since_ms = ui->now_ms;
	ui->screen_changed = 1;
	ui->pressed[0] = '\0';
	ui->pressed_at = 0;
	return 1;
}

/*
 * Out of service after start: every health_recheck seconds the terminal is
 * checked again; once it is usable, home in the start language. Out of
 * service from the start (no terminal) stays. Returns 1 when home is shown.
 */
static int ui_recheck(struct ui *ui)
{
	struct error err = { "" };

	if (!ui->broken || ui->now_ms < ui->health_next_ms)
		return 0;
	if (terminal_check(ui->term, &err) != 0) {
		ui->health_next_ms = ui->now_ms + ui->health_recheck_ms; /* said once already */
		return 0;
	}
	ui->broken = 0;
	fprintf(stderr, "prisma-kiosk: back in service\n");
	terminal_audit(ui->term, "in-service", (const char *[]){ NULL });
	ui_wipe(ui);
	ui->last_input_ms = ui->now_ms;
	return 1;
}

/* ui_tick's timers at NOW_MS. Returns 1 when the screen changed. */
static int ui_tick_timers(struct ui *ui, Uint64 now_ms)
{
	int shown = ui_idle_countdown(ui), changed = 0, collecting = ui_collecting(ui);

	ui->now_ms = now_ms;
	if (ui->usb && usbcollect_tick(ui->usb, now_ms, ui_busy(ui)))
		changed = 1;
	changed |= ui_sync_collect(ui);
	if (collecting || ui_collecting(ui)) {
		ui->last_input_ms = now_ms; /* the idle timer waits for the outcome */
		return changed;
	}
	if (ui->screen == SCREEN_OUT_OF_SERVICE)
		return ui_recheck(ui) || changed;
	if (session_submitting(ui->session) || !ui->idle_timeout_ms)
		return changed;
	if (ui->screen != SCREEN_IDLE_WARNING && now_ms - ui->last_input_ms >= ui->idle_timeout_ms)
		changed = ui_idle_begin(ui);
	if (ui->screen == SCREEN_IDLE_WARNING && now_ms >= ui->warning_end_ms) {
		ui_wipe(ui);
		ui->last_input_ms = now_ms;
		return 1;
	}
	ui_speech_tick(ui);
	return changed || ui_idle_countdown(ui) != shown;
}

int ui_tick(struct ui *ui, Uint64 now_ms)
{
	int changed = ui_tick_timers(ui, now_ms);

	ui->dirty |= changed;
	return changed;
}

/* The earlier of two deadlines. */
static Uint64 ui_earlier(Uint64 a, Uint64 b)
{
	return a < b ? a : b;
}

/* The idle timer's next deadline (ui_next_wake without USB). */
static Uint64 ui_idle_wake(const struct ui *ui)
{
	int seconds;

	/* Out of service after start: the next health check; from the start: nothing. */
	if (ui->screen == SCREEN_OUT_OF_SERVICE)
		return ui->broken ? ui->health_next_ms : UI_WAKE_NEVER;
	/* The worker's event wakes the loop (a stick's mount: ui_next_wake's poll). */
	if (session_submitting(ui->session) || ui_collecting(ui) || !ui->idle_timeout_ms)
		return UI_WAKE_NEVER;
	if (ui->screen == SCREEN_IDLE_WARNING) {
		/* When the countdown shows one second less, or (at 0:01) when it wipes. */
		seconds = ui_idle_countdown(ui);
		if (seconds <= 1)
			return ui->warning_end_ms;
		return ui->warning_end_ms - (Uint64)(seconds - 1) * 1000;
	}
	/* Home in the start language and modes with nothing held: the idle timer changes nothing.
	 */
	if (ui->screen == SCREEN_HOME && ui->i18n.current == ui->start_language &&
	    !session_wiped_why(ui->session) && modes_are_default(&ui->modes) && !ui->readaloud.on)
		return UI_WAKE_NEVER;
	return ui->last_input_ms + ui->idle_timeout_ms;
}

Uint64 ui_next_wake(const struct ui *ui)
{
	Uint64 wake = ui_idle_wake(ui);

	/* A stick is in, its mount not yet seen: look again shortly, give up at the timeout. */
	if (ui->usb && ui->usb->phase == USBCOLLECT_MOUNTING)
		wake = ui_earlier(wake, ui_earlier(ui->now_ms + UI_MOUNT_POLL_MS,
						   ui->usb->mount_deadline_ms));
	return wake;
}

/* A new size gets a new frame; an uncovered window the last frame again (nothing drawn). */
static void ui_handle_window(struct ui *ui, const SDL_Event *event)
{
	struct error err;

	if (event->type != SDL_WINDOWEVENT)
		return;
	if (event->window.event == SDL_WINDOWEVENT_EXPOSED && !ui->dirty &&
	    canvas_show_again(&ui->canvas) != 0)
		fprintf(stderr, "prisma-kiosk: showing the frame again: %s\n", SDL_GetError());
	if (event->window.event != SDL_WINDOWEVENT_SIZE_CHANGED)
		return;
	if (ui_make_frame(ui, event->window.data1, event->window.data2, &err) != 0)
		fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
}

/*
 * Sleeps in SDL until an event, the next timer deadline (ui_next_wake) or
 * systemd's next watchdog ping, never longer and never polling. Returns 1 with
 * EVENT filled, 0 when the deadline came first.
 */
static int ui_wait(struct ui *ui, SDL_Event *event, const struct watchdog *watchdog)
{
	Uint64 wake = ui_next_wake(ui), now = SDL_GetTicks64();

	if (watchdog->interval_ms)
		wake = ui_earlier(wake, watchdog->last_ms + watchdog->interval_ms);
	ui->wakeups++;
	if (wake == UI_WAKE_NEVER)
		return SDL_WaitEvent(event);
	if (wake <= now)
		return SDL_PollEvent(event);
	return SDL_WaitEventTimeout(event, wake - now > INT_MAX ? INT_MAX : (int)(wake - now));
}

int ui_run(struct ui *ui)
{
	SDL_Event event;
	struct watchdog watchdog;

	ui->now_ms = ui->last_input_ms = SDL_GetTicks64();
	if (ui_render(ui) != 0)
		return -1;
	/* The first frame is on the screen: the update's health check waits for this. */
	watchdog_open(&watchdog);
	watchdog_ready(&watchdog, "first frame drawn", SDL_GetTicks64());
	while (!lockdown_stop_requested()) {
		/* Draw only when something visible changed: an idle terminal does no work. */
		if (ui_wait(ui, &event, &watchdog)) {
			ui->now_ms = SDL_GetTicks64();
			do {
				ui_handle_window(ui, &event);
				ui_handle_event(ui, &event);
			} while (SDL_PollEvent(&event));
		}
		ui_tick(ui, SDL_GetTicks64());
		if (ui->canvas.renderer && ui_render(ui) != 0)
			return -1;
		watchdog_ping(&watchdog, SDL_GetTicks64());
	}
	watchdog_stopping();
	ui_wipe(ui);
	return 0;
}
