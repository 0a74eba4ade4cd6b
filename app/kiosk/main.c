/*
 * prisma-kiosk: the inmate's touch terminal. See docs/kiosk.md.
 *
 * Exit codes: 0 normal end (signal) or every script step held; 1 a script
 * step failed; 2 bad input (options, configuration, fonts, script file) or a
 * setup failure, with one line on stderr naming what is at fault. When the
 * terminal cannot open (spool, keys, catalogue, configuration) but fonts
 * work, the out-of-service screen is shown until the end, then exit 2.
 */
#include "core/fileio.h"
#include "core/terminal.h"
#include "kiosk/lockdown.h"
#include "kiosk/options.h"
#include "kiosk/script.h"
#include "kiosk/speech.h"
#include "kiosk/ui.h"
#include "kiosk/usbwatch.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_BAD_INPUT 2

static int sdl_start(int headless, struct error *err)
{
	lockdown_set_hints();
	if (headless)
		setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		error_set(err, "SDL: %s", SDL_GetError());
		return -1;
	}
	if (TTF_Init() != 0) {
		error_set(err, "SDL_ttf: %s", TTF_GetError());
		SDL_Quit();
		return -1;
	}
	return 0;
}

/* Without a script a headless kiosk draws the home screen once (and saves it). */
/*
 * Says on the log, once at start, when the terminal takes no requests (spool
 * at capacity or its disk full): the kiosk still starts, so that nothing
 * stored is locked in, and core refuses each submission with the reason.
 */
static void kiosk_note_full(struct terminal *term)
{
	struct terminal_health health;
	struct error err = { "" };

	if (terminal_health(term, &health, &err) == 0 && health.state == TERMINAL_FULL)
		fprintf(stderr,
			"prisma-kiosk: the terminal is full (%s): it takes no requests "
			"until they are collected\n",
			health.disk_full ? "no space left on its disk" : "spool_capacity reached");
}

/*
 * Says once on stderr, naming the file, when the terminal's audit log cannot be written (its
 * key missing or unreadable): requests go on (formats.md, "Audit log"), but the technician
 * reading the kiosk's log must learn that their entries are lost. Cannot fail.
 */
static void kiosk_note_audit(const struct terminal *term)
{
	const char *problem = terminal_audit_problem(term);

	if (problem)
		fprintf(stderr, "prisma-kiosk: audit: no entries are written: %s\n", problem);
}

static int run_headless_once(struct ui *ui, const char *screenshot_dir)
{
	struct error err = { "" };
	char path[4096];

	if (ui_render(ui) != 0)
		return 1;
	if (!screenshot_dir)
		return 0;
	snprintf(path, sizeof(path), "%s/home.png", screenshot_dir);
	if (canvas_save_png(&ui->canvas, path, &err) == 0)
		return 0;
	fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
	return 1;
}

/*
 * Collection by USB stick: the live kiosk watches USB with libusb; scripts
 * post the same notes (stick-insert). Without hotplug the kiosk runs on and
 * says so once: requests are still taken and kept.
 */
static struct usbwatch *kiosk_usb_start(struct ui *ui, struct usbcollect *usb,
					struct terminal *term, const struct options *opts)
{
	struct error err = { "" };
	struct usbwatch *watch;

	if (!term)
		return NULL;
	usbcollect_init(usb, term);
	ui->usb = usb;
	if (opts->script || opts->headless)
		return NULL;
	if (!(watch = usbwatch_start(&err)))
		fprintf(stderr, "prisma-kiosk: no collection by USB stick: %s\n", err.msg);
	return watch;
}

/*
 * The voice (read aloud): scripts record what would be said (expect-spoken);
 * the live kiosk speaks with terminal.ini's [speech] backend on its audio
 * output, each language with its voice from the language table. Without a
 * voice the kiosk runs on silently (the speaker button says nothing) and
 * says why once on stderr.
 */
static speech *kiosk_voice(const struct options *opts, const struct ui *ui)
{
	const struct config *cfg = ui->config;
	struct error err = { "" };
	speech *voice = speech_open(opts->script	  ? "record"
				    : cfg->speech_backend ? cfg->speech_backend
							  : "none",
				    cfg->speech_audio ? cfg->speech_audio : "", &err);

	if (!voice) {
		fprintf(stderr, "prisma-kiosk: no read aloud: %s\n", err.msg);
		return NULL;
	}
	speech_set_languages(voice, &ui->languages->table);
	return voice;
}

static int run(struct ui *ui, const struct options *opts, const struct script *script)
{
	if (opts->script)
		return script_run(script, ui, opts->screenshot_dir);
	if (opts->headless)
		return run_headless_once(ui, opts->screenshot_dir);
	return ui_run(ui) == 0 ? 0 : 1;
}

/*
 * What the kiosk shows when the terminal cannot open (spool, keys, catalogue
 * or configuration unusable): its configuration and catalogue where they
 * still load, else the defaults, for the out-of-service screen and its hotline.
 */
struct fallback {
	struct config config;
	struct catalogue catalogue;
};

static int fallback_load(struct fallback *fb, const char *config_path)
{
	struct error ignored;

	memset(fb, 0, sizeof(*fb));
	if (config_load(&fb->config, config_path, &ignored) == 0) {
		if (catalogue_load(&fb->catalogue, fb->config.catalogue_path, &ignored) != 0)
			memset(&fb->catalogue, 0, sizeof(fb->catalogue));
		return 0;
	}
	fb->config.font_dir = strdup(CONFIG_DEFAULT_FONT_DIR);
	fb->config.languages = strdup("de,en");
	fb->config.idle_timeout = 120;
	fb->config.idle_warning = 30;
	return fb->config.font_dir && fb->config.languages ? 0 : -1;
}

static void fallback_free(struct fallback *fb)
{
	config_free(&fb->config);
	catalogue_free(&fb->catalogue);
}

/* The terminal, or (it cannot open) the fallback: *OUT_OF_SERVICE set, the reason on stderr. */
static int world_open(struct ui_world *world, struct fallback *fb, const char *config_path,
		      int *out_of_service, struct error *err)
{
	world->term = terminal_open(config_path, err);
	if (world->term) {
		world->config = terminal_config(world->term);
		world->catalogue = terminal_catalogue(world->term);
		return 0;
	}
	/* The reason goes to stderr only; the screen just says "out of service". */
	fprintf(stderr, "prisma-kiosk: %s\n", err->msg);
	*out_of_service = 1;
	if (fallback_load(fb, config_path) != 0) {
		error_set(err, "out of memory");
		return -1;
	}
	world->config = &fb->config;
	world->catalogue = &fb->catalogue;
	return 0;
}

/* No core dumps, the options, the script and the signals: the checks before anything opens. */
static int start(int argc, char **argv, struct options *opts, struct script *script,
		 struct error *err)
{
	if (core_init() != 0) {
		error_set(err, "cannot turn core dumps off or start libsodium: %s",
			  strerror(errno));
		return -1;
	}
	if (options_parse(opts, argc, argv, err) != 0)
		return -1;
	if (opts->script && script_load(script, opts->script, err) != 0)
		return -1;
	if (lockdown_catch_signals() != 0) {
		error_set(err, "signals: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct script script = { 0 };
	struct ui_world world = { 0 };
	struct fallback fb = { 0 };
	struct ui ui;
	struct error err = { "" };
	struct ui_options ui_opts;
	struct usbcollect usb = { 0 };
	struct usbwatch *watch = NULL;
	speech *voice = NULL;
	int rc = EXIT_BAD_INPUT, sdl_up = 0, ui_up = 0, out_of_service = 0;

	if (start(argc, argv, &opts, &script, &err) != 0)
		goto end;
	if (world_open(&world, &fb, opts.config, &out_of_service, &err) != 0)
		goto end;
	if (world.term) {
		kiosk_note_full(world.term);
		kiosk_note_audit(world.term);
	}
	if (sdl_start(opts.headless, &err) != 0)
		goto end;
	sdl_up = 1;
	ui_opts = (struct ui_options){ opts.width, opts.height, opts.headless, opts.language };
	if (ui_open(&ui, &world, &ui_opts, &err) != 0)
		goto end;
	ui_up = 1;
	/* Last of the checks, so that bad input leaves nothing behind. */
	i18n_neutral(&ui.i18n);
	if (opts.screenshot_dir && fileio_mkdirs(opts.screenshot_dir, 0755, &err) != 0) {
		error_prefix(&err, "--screenshot-dir");
		goto end;
	}
	i18n_select(&ui.i18n, i18n_code(&ui.i18n));
	ui_start(&ui);
	watch = kiosk_usb_start(&ui, &usb, world.term, &opts);
	ui.readaloud.voice = voice = kiosk_voice(&opts, &ui);
	rc = run(&ui, &opts, &script);
	/* Shown until the end, yet the terminal was unusable: reported above, exit as bad input. */
	if (out_of_service) {
		rc = EXIT_BAD_INPUT;
		err.msg[0] = '\0';
	}
end:
	if (rc == EXIT_BAD_INPUT && err.msg[0])
		fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
	usbwatch_stop(watch);
	usbcollect_finish(&usb);
	if (ui_up)
		ui_close(&ui);
	speech_close(voice);
	if (sdl_up) {
		TTF_Quit();
		SDL_Quit();
	}
	terminal_close(world.term);
	fallback_free(&fb);
	script_free(&script);
	return rc;
}
