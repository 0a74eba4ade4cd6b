#include "kiosk/script.h"
#include "kiosk/script_speech.h"
#include "kiosk/script_usb.h"

#include <ctype.h>
#include <sodium.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct script_step {
	struct ui *ui;
	const char *arg;
	const char *screenshot_dir;
	unsigned long *frames_seen; /* frames_drawn at the last expect-frames */
	char why[512];
};

static void script_free_lines(struct script *script)
{
	size_t i;

	for (i = 0; i < script->line_count; i++)
		free(script->lines[i]);
	free(script->lines);
	free(script->path);
	memset(script, 0, sizeof(*script));
}

void script_free(struct script *script)
{
	script_free_lines(script);
}

int script_load(struct script *script, const char *path, struct error *err)
{
	FILE *f;
	char *line = NULL, **grown;
	size_t cap = 0;
	ssize_t len;

	memset(script, 0, sizeof(*script));
	f = fopen(path, "r");
	if (!f) {
		error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	script->path = strdup(path);
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		grown = realloc(script->lines, (script->line_count + 1) * sizeof(*grown));
		if (!grown || !script->path)
			goto oom;
		script->lines = grown;
		script->lines[script->line_count] = strdup(line);
		if (!script->lines[script->line_count++])
			goto oom;
	}
	free(line);
	if (ferror(f)) {
		error_set(err, "%s: read error", path);
		fclose(f);
		script_free_lines(script);
		return -1;
	}
	fclose(f);
	return 0;
oom:
	free(line);
	fclose(f);
	script_free_lines(script);
	error_set(err, "%s: out of memory", path);
	return -1;
}

static int step_fail(struct script_step *step, const char *fmt, const char *arg)
{
	snprintf(step->why, sizeof(step->why), fmt, arg);
	return -1;
}

static void script_pointer(struct ui *ui, Uint32 type, int x, int y)
{
	SDL_Event event;

	memset(&event, 0, sizeof(event));
	event.type = type;
	event.button.timestamp = (Uint32)ui->now_ms;
	event.button.button = SDL_BUTTON_LEFT;
	event.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	event.button.clicks = 1;
	event.button.x = x;
	event.button.y = y;
	ui_handle_event(ui, &event);
}

static void script_tap_point(struct ui *ui, int x, int y)
{
	script_pointer(ui, SDL_MOUSEBUTTONDOWN, x, y);
	script_pointer(ui, SDL_MOUSEBUTTONUP, x, y);
}

/*
 * Taps the widget ARG in its middle. ANY (touch): a label or a disabled
 * widget too, as a finger exploring in read-aloud mode would.
 */
static int script_tap_widget(struct script_step *step, int any)
{
	const struct widget *w = ui_find(step->ui, step->arg), *hit;
	int x, y;

	if (!w || (!any && !widget_is_interactive(w)))
		return step_fail(step, "tap %s: no such widget on this screen", step->arg);
	if (!any && !w->enabled)
		return step_fail(step, "tap %s: widget is disabled", step->arg);
	/* A person looks before tapping: wait out the tap guard on the virtual clock. */
	if (step->ui->now_ms < ui_tap_ready_ms(step->ui)) {
		ui_tick(step->ui, ui_tap_ready_ms(step->ui));
		if (ui_render(step->ui) != 0)
			return step_fail(step, "tap %s: drawing the frame failed", step->arg);
		w = ui_find(step->ui, step->arg);
		if (!w || (!any && !w->enabled))
			return step_fail(step, "tap %s: gone after the tap guard", step->arg);
	}
	x = w->rect.x + w->rect.w / 2;
	y = w->rect.y + w->rect.h / 2;
	hit = any ? view_touch(&step->ui->view, x, y) : ui_hit(step->ui, x, y);
	if (hit != w)
		return step_fail(step, "tap %s: widget is covered by another one", step->arg);
	script_tap_point(step->ui, x, y);
	return 0;
}

static int cmd_tap(struct script_step *step)
{
	return script_tap_widget(step, 0);
}

static int cmd_touch(struct script_step *step)
{
	return script_tap_widget(step, 1);
}

static int cmd_tap_at(struct script_step *step)
{
	int x, y;
	char extra;

	if (sscanf(step->arg, "%d %d %c", &x, &y, &extra) != 2)
		return step_fail(step, "tap-at '%s': expected X Y", step->arg);
	script_tap_point(step->ui, x, y);
	return 0;
}

/* Sends TEXT one UTF-8 character per SDL_TEXTINPUT event, as a keyboard would. */
static int cmd_type(struct script_step *step)
{
	const unsigned char *p = (const unsigned char *)step->arg;
	SDL_Event event;
	size_t len;

	while (*p) {
		len = 1;
		while (p[len] && (p[len] & 0xc0) == 0x80 && len < 4)
			len++;
		memset(&event, 0, sizeof(event));
		event.type = SDL_TEXTINPUT;
		event.text.timestamp = (Uint32)step->ui->now_ms;
		memcpy(event.text.text, p, len);
		ui_handle_event(step->ui, &event);
		p += len;
	}
	return 0;
}

/* Parses "ctrl+alt+delete" into a key and modifiers. Returns 0 or -1. */
static int script_parse_combo(const char *combo, SDL_Keysym *key)
{
	char buf[64], *part, *save = NULL, *last = NULL;

	memset(key, 0, sizeof(*key));
	snprintf(buf, sizeof(buf), "%s", combo);
	for (part = strtok_r(buf, "+", &save); part; part = strtok_r(NULL, "+", &save)) {
		if (last) {
			if (strcasecmp(last, "ctrl") == 0)
				key->mod |= KMOD_LCTRL;
			else if (strcasecmp(last, "alt") == 0)
				key->mod |= KMOD_LALT;
			else if (strcasecmp(last, "shift") == 0)
				key->mod |= KMOD_LSHIFT;
			else if (strcasecmp(last, "super") == 0 || strcasecmp(last, "gui") == 0)
				key->mod |= KMOD_LGUI;
			else
				return -1;
		}
		last = part;
	}
	if (!last)
		return -1;
	key->scancode = SDL_GetScancodeFromName(last);
	key->sym = SDL_GetKeyFromName(last);
	return key->sym == SDLK_UNKNOWN ? -1 : 0;
}

static int cmd_key(struct script_step *step)
{
	SDL_Event event;

	memset(&event, 0, sizeof(event));
	if (script_parse_combo(step->arg, &event.key.keysym) != 0)
		return step_fail(step, "key '%s': unknown key or modifier", step->arg);
	event.type = SDL_KEYDOWN;
	event.key.state = SDL_PRESSED;
	event.key.timestamp = (Uint32)step->ui->now_ms;
	ui_handle_event(step->ui, &event);
	event.type = SDL_KEYUP;
	event.key.state = SDL_RELEASED;
	ui_handle_event(step->ui, &event);
	return 0;
}

/* A pointer moving with no button down (a finger hovering, a mouse nudged). */
static int cmd_move(struct script_step *step)
{
	SDL_Event event;
	int x, y;
	char extra;

	if (sscanf(step->arg, "%d %d %c", &x, &y, &extra) != 2)
		return step_fail(step, "move '%s': expected X Y", step->arg);
	memset(&event, 0, sizeof(event));
	event.type = SDL_MOUSEMOTION;
	event.motion.timestamp = (Uint32)step->ui->now_ms;
	event.motion.x = x;
	event.motion.y = y;
	ui_handle_event(step->ui, &event);
	return 0;
}

/*
 * Quiet time, as the live loop spends it: the clock jumps from one timer
 * deadline (ui_next_wake) to the next, each a wake-up followed by a frame
 * only if something visible changed, then to the end of MS.
 */
static int cmd_wait(struct script_step *step)
{
	struct ui *ui = step->ui;
	char *end;
	unsigned long long ms;
	Uint64 until, wake;

	errno = 0;
	ms = strtoull(step->arg, &end, 10);
	if (errno || end == step->arg || *end || step->arg[0] == '-')
		return step_fail(step, "wait '%s': expected milliseconds", step->arg);
	until = ui->now_ms + ms;
	while ((wake = ui_next_wake(ui)) < until) {
		ui->wakeups++;
		ui_tick(ui, wake > ui->now_ms ? wake : ui->now_ms);
		if (ui_render(ui) != 0)
			return step_fail(step, "wait %s: drawing the frame failed", step->arg);
	}
	ui_tick(ui, until);
	return 0;
}

/* A count argument: digits only. Returns 0 with *OUT, or -1. */
static int script_count(const char *arg, unsigned long *out)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)arg[0]))
		return -1;
	*out = strtoul(arg, &end, 10);
	return errno || *end ? -1 : 0;
}

/* Exactly N frames were drawn since the last expect-frames (or the start of the script). */
static int cmd_expect_frames(struct script_step *step)
{
	unsigned long want, drawn = step->ui->frames_drawn - *step->frames_seen;
	char why[96];

	if (script_count(step->arg, &want) != 0)
		return step_fail(step, "expect-frames '%s': expected a number", step->arg);
	*step->frames_seen = step->ui->frames_drawn;
	if (drawn == want)
		return 0;
	snprintf(why, sizeof(why), "expected %lu frames drawn, %lu were", want, drawn);
	return step_fail(step, "%s", why);
}

/* Without input the kiosk next wakes up in MS ms (its next timer), or `never`. */
static int cmd_expect_wake(struct script_step *step)
{
	Uint64 wake = ui_next_wake(step->ui);
	unsigned long want;
	char why[96];

	if (strcmp(step->arg, "never") == 0) {
		if (wake == UI_WAKE_NEVER)
			return 0;
		snprintf(why, sizeof(why), "a timer wakes the kiosk in %llu ms",
			 (unsigned long long)(wake - step->ui->now_ms));
		return step_fail(step, "%s", why);
	}
	if (script_count(step->arg, &want) != 0)
		return step_fail(step, "expect-wake '%s': expected milliseconds or never",
				 step->arg);
	if (wake != UI_WAKE_NEVER && wake - step->ui->now_ms == want)
		return 0;
	if (wake == UI_WAKE_NEVER)
		snprintf(why, sizeof(why), "expected a wake-up in %lu ms, none is due", want);
	else
		snprintf(why, sizeof(why), "expected a wake-up in %lu ms, it is in %llu ms", want,
			 (unsigned long long)(wake - step->ui->now_ms));
	return step_fail(step, "%s", why);
}

static int cmd_expect_screen(struct script_step *step)
{
	const char *now;
	char why[128];

	/* Only "sending" looks at the busy screen; any other screen is the submit's result. */
	if (strcmp(step->arg, "sending") != 0) {
		ui_wait_submit(step->ui);
		ui_wait_collect(step->ui);
		if (ui_render(step->ui) != 0)
			return step_fail(step, "%s: drawing the frame failed", "expect-screen");
	}
	now = ui_screen_name(step->ui->screen);

	if (strcmp(now, step->arg) == 0)
		return 0;
	snprintf(why, sizeof(why), "expected screen %.40s, on screen %.40s", step->arg, now);
	return step_fail(step, "%s", why);
}

static int cmd_expect_text(struct script_step *step)
{
	if (text_was_drawn(&step->ui->text, step->arg))
		return 0;
	return step_fail(step, "text '%s' not drawn on this screen", step->arg);
}

static int cmd_expect_no_text(struct script_step *step)
{
	if (!text_was_drawn(&step->ui->text, step->arg))
		return 0;
	return step_fail(step, "text '%s' is drawn on this screen", step->arg);
}

static int cmd_expect_not_cut(struct script_step *step)
{
	size_t cut = text_cut_count(&step->ui->text);
	char why[64];

	if (!cut)
		return 0;
	snprintf(why, sizeof(why), "%zu text(s) cut off on this screen", cut);
	return step_fail(step, "%s", why);
}

static int script_expect_state(struct script_step *step, int enabled)
{
	const struct widget *w = ui_find(step->ui, step->arg);

	if (!w)
		return step_fail(step, "%s: no such widget on this screen", step->arg);
	if (w->enabled == enabled)
		return 0;
	return step_fail(step, enabled ? "%s: widget is disabled" : "%s: widget is enabled",
			 step->arg);
}

static int cmd_expect_enabled(struct script_step *step)
{
	return script_expect_state(step, 1);
}

static int cmd_expect_disabled(struct script_step *step)
{
	return script_expect_state(step, 0);
}

static int cmd_screenshot(struct script_step *step)
{
	struct error err = { "" };
	char path[4096];

	if (!step->screenshot_dir)
		return step_fail(step, "screenshot %s: no --screenshot-dir given", step->arg);
	if (!step->arg[0] || strchr(step->arg, '/'))
		return step_fail(step, "screenshot '%s': NAME must be a plain file name",
				 step->arg);
	snprintf(path, sizeof(path), "%s/%s.png", step->screenshot_dir, step->arg);
	if (canvas_save_png(&step->ui->canvas, path, &err) != 0)
		return step_fail(step, "screenshot: %s", err.msg);
	return 0;
}

static const char *const kind_names[] = {
	[WIDGET_LABEL] = "label", [WIDGET_BUTTON] = "button", [WIDGET_TOGGLE] = "toggle",
	[WIDGET_FIELD] = "field", [WIDGET_KEY] = "key",
};

/* TEXT on one line: backslash and line breaks escaped, so one widget stays one line. */
static void script_print_escaped(FILE *f, const char *text)
{
	for (; text && *text; text++) {
		if (*text == '\\')
			fputs("\\\\", f);
		else if (*text == '\n')
			fputs("\\n", f);
		else
			fputc(*text, f);
	}
}

/* Where a file argument goes: a plain name into the screenshot directory, a path as given. */
static int script_output_path(struct script_step *step, char *path, size_t size)
{
	if (!step->arg[0])
		return step_fail(step, "%s: a file name is needed", "dump-layout");
	if (strchr(step->arg, '/'))
		snprintf(path, size, "%s", step->arg);
	else if (step->screenshot_dir)
		snprintf(path, size, "%s/%s", step->screenshot_dir, step->arg);
	else
		snprintf(path, size, "%s", step->arg);
	return 0;
}

static int cmd_dump_layout(struct script_step *step)
{
	const struct ui *ui = step->ui;
	char path[4096];
	FILE *f;
	size_t i;

	if (script_output_path(step, path, sizeof(path)) != 0)
		return -1;
	f = fopen(path, "w");
	if (!f)
		return step_fail(step, "dump-layout: %s: cannot write", path);
	for (i = 0; i < ui->view.count; i++) {
		const struct widget *w = &ui->view.widgets[i];

		fprintf(f, "%s %s %d %d %d %d ", w->id[0] ? w->id : "-", kind_names[w->kind],
			w->rect.x, w->rect.y, w->rect.w, w->rect.h);
		script_print_escaped(f, w->text);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		return step_fail(step, "dump-layout: %s: write failed", path);
	return 0;
}

/*
 * The code the done screen shows, remembered by the script runner (not by the
 * kiosk: expect-wiped does not see it) so that a later step can type it on the
 * status screen. Only scripts (tests) have it; wiped when the script ends.
 */
static char script_code[REQUEST_REFERENCE_LEN + 1];

static int cmd_remember_code(struct script_step *step)
{
	const char *code = session_reference(step->ui->session);

	if (step->ui->screen != SCREEN_DONE || !code[0])
		return step_fail(step, "remember-code: no code is shown (screen %s)",
				 ui_screen_name(step->ui->screen));
	snprintf(script_code, sizeof(script_code), "%s", code);
	return 0;
}

static int cmd_type_code(struct script_step *step)
{
	if (!script_code[0])
		return step_fail(step, "type-code: %s",
				 "no code remembered (remember-code on done first)");
	step->arg = script_code;
	return cmd_type(step);
}

/*
 * Runs a program between two steps, for tests that change the world under a
 * running kiosk (remount its spool read-only, move its key away): PROGRAM and
 * its arguments split at spaces, no shell, the kiosk waits for it. Fails when
 * it cannot start or exits non-zero. Only a script (a test) can do this.
 */
static int cmd_run(struct script_step *step)
{
	char line[1024], *argv[32], *save = NULL;
	size_t argc = 0;
	int status;
	pid_t pid;

	snprintf(line, sizeof(line), "%s", step->arg);
	for (char *part = strtok_r(line, " ", &save); part && argc < 31;
	     part = strtok_r(NULL, " ", &save))
		argv[argc++] = part;
	argv[argc] = NULL;
	if (!argc)
		return step_fail(step, "run: %s", "a program is needed");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return step_fail(step, "run: fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return step_fail(step, "run: wait: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return step_fail(step, "run %s: failed", step->arg);
	return 0;
}

static int cmd_expect_wiped(struct script_step *step)
{
	const char *why = ui_wiped_why(step->ui);

	if (!why)
		return 0;
	return step_fail(step, "not wiped: %s", why);
}

static int cmd_dump_spoken(struct script_step *step)
{
	char path[4096];

	if (script_output_path(step, path, sizeof(path)) != 0)
		return -1;
	return script_speech_dump(step->ui, path, step->why, sizeof(step->why));
}

/* Every text of this frame fitted its box: nothing cut, no word split (large text too). */
static int cmd_expect_text_fits(struct script_step *step)
{
	const char *cut = text_first_cut(&step->ui->text);

	if (!cut)
		return 0;
	return step_fail(step, "expect-text-fits: cut to fit its box: '%.60s'", cut);
}

/*
 * RENDER: draw a frame first; expect-wiped looks at the state the last input
 * left behind. WAIT: first let a running submit end (expect-screen sending,
 * screenshot and dump-layout can see the busy screen).
 */
static const struct {
	const char *name;
	int (*run)(struct script_step *step);
	/* Or a command of script_usb.h / script_speech.h: ARG in, WHY (SIZE bytes) out. */
	int (*check)(struct ui *ui, const char *arg, char *why, size_t size);
	int render, wait;
} commands[] = {
	{ "expect-wiped", cmd_expect_wiped, NULL, 0, 1 },
	{ "expect-text-fits", cmd_expect_text_fits, NULL, 1, 1 },
	{ "run", cmd_run, NULL, 1, 1 },
	{ "remember-code", cmd_remember_code, NULL, 1, 1 },
	{ "type-code", cmd_type_code, NULL, 1, 1 },
	{ "dump-layout", cmd_dump_layout, NULL, 1, 0 },
	{ "tap", cmd_tap, NULL, 1, 1 },
	{ "tap-at", cmd_tap_at, NULL, 1, 1 },
	{ "touch", cmd_touch, NULL, 1, 1 },
	{ "expect-spoken", NULL, script_speech_expect_spoken, 1, 1 },
	{ "expect-not-spoken", NULL, script_speech_expect_not_spoken, 1, 1 },
	{ "expect-silent", NULL, script_speech_expect_silent, 1, 1 },
	{ "dump-spoken", cmd_dump_spoken, NULL, 1, 0 },
	{ "type", cmd_type, NULL, 1, 1 },
	{ "key", cmd_key, NULL, 1, 1 },
	{ "wait", cmd_wait, NULL, 1, 1 },
	{ "move", cmd_move, NULL, 1, 1 },
	{ "expect-frames", cmd_expect_frames, NULL, 1, 1 },
	{ "expect-wake", cmd_expect_wake, NULL, 1, 1 },
	{ "expect-screen", cmd_expect_screen, NULL, 1, 0 },
	{ "expect-text", cmd_expect_text, NULL, 1, 1 },
	{ "expect-no-text", cmd_expect_no_text, NULL, 1, 1 },
	{ "expect-not-cut", cmd_expect_not_cut, NULL, 1, 1 },
	{ "expect-enabled", cmd_expect_enabled, NULL, 1, 1 },
	{ "expect-disabled", cmd_expect_disabled, NULL, 1, 1 },
	{ "screenshot", cmd_screenshot, NULL, 1, 0 },
	{ "stick-insert", NULL, script_usb_insert, 0, 0 },
	{ "stick-remove", NULL, script_usb_remove, 0, 0 },
	{ "device-insert", NULL, script_usb_device, 0, 0 },
	{ "expect-status", NULL, script_usb_expect_status, 0, 1 },
};

static int script_step_run(struct script_step *step, char *line, int busy);

/*
 * busy COMMAND...: COMMAND while the submit still runs (the busy `sending`
 * screen), without waiting for its result; fails when no submit runs before
 * or after it (a tap stopped or finished it).
 */
static int script_busy(struct script_step *step, char *line)
{
	if (!session_submitting(step->ui->session))
		return step_fail(step, "busy %s: no submit is running", line);
	if (script_step_run(step, line, 1) != 0)
		return -1;
	if (session_submitting(step->ui->session))
		return 0;
	return step_fail(step, "busy: the submit no longer runs after '%s'", step->arg);
}

/*
 * Runs one line. Returns 0 when it held (or is blank/comment), -1 with
 * STEP->why. BUSY: the command does not wait for a running submit.
 */
static int script_step_run(struct script_step *step, char *line, int busy)
{
	char *name;
	size_t i, len;

	while (isspace((unsigned char)*line))
		line++;
	if (!*line || *line == '#')
		return 0;
	name = line;
	len = strcspn(line, " \t");
	line += len;
	if (*line)
		*line++ = '\0';
	if (strcmp(name, "busy") == 0 && !busy)
		return script_busy(step, line);
	if (strcmp(name, "type") != 0) {
		while (isspace((unsigned char)*line))
			line++;
		len = strlen(line);
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
	}
	step->arg = line;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(name, commands[i].name) == 0) {
			if (commands[i].wait && !busy) {
				ui_wait_submit(step->ui);
				ui_wait_collect(step->ui);
			}
			if (commands[i].render && ui_render(step->ui) != 0)
				return step_fail(step, "%s: drawing the frame failed", name);
			if (commands[i].check)
				return commands[i].check(step->ui, step->arg, step->why,
							 sizeof(step->why));
			return commands[i].run(step);
		}
	}
	return step_fail(step, "unknown command '%s'", name);
}

/* Core's lookup limit counts in the script's virtual clock, so `wait` can lift it. */
static uint64_t script_clock(void *ctx)
{
	const struct ui *ui = ctx;

	return ui->now_ms / 1000;
}

int script_run(const struct script *script, struct ui *ui, const char *screenshot_dir)
{
	struct script_step step;
	unsigned long frames_seen = 0;
	char *line;
	size_t i;
	int failed = 0;

	ui->now_ms = ui->last_input_ms = 0;
	if (ui->term)
		terminal_set_clock(ui->term, script_clock, ui);
	for (i = 0; i < script->line_count; i++) {
		memset(&step, 0, sizeof(step));
		step.ui = ui;
		step.screenshot_dir = screenshot_dir;
		step.frames_seen = &frames_seen;
		line = strdup(script->lines[i]);
		if (!line || script_step_run(&step, line, 0) != 0) {
			fprintf(stderr, "%s:%zu: %s\n", script->path, i + 1,
				line ? step.why : "out of memory");
			failed = 1;
		}
		free(line);
	}
	ui_wait_submit(ui);
	ui_wait_collect(ui);
	ui_render(ui);
	if (ui->term)
		terminal_set_clock(ui->term, NULL, NULL);
	sodium_memzero(script_code, sizeof(script_code));
	return failed;
}
