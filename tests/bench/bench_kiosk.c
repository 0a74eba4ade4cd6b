/*
 * make bench: the kiosk's own drawing costs, in process, headless (software
 * rendering on a surface, as in the terminal). Usage: bench_kiosk CONFIG WxH COUNT.
 *
 * Prints: opening the UI and drawing the first frame; a full redraw of the
 * keyboard screen (contact, "with my name", a name typed); one pointer motion
 * without a button as the live loop handles it; one tap on a key until its
 * frame is drawn. Times are wall and thread CPU; the machine is shared, so
 * read medians. Never used by tests.
 */
#include "core/terminal.h"
#include "kiosk/lockdown.h"
#include "kiosk/ui.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double bench_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int bench_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void bench_report(const char *what, double *ms, int count)
{
	qsort(ms, (size_t)count, sizeof(*ms), bench_compare);
	printf("%s: n=%d median=%.3f ms p95=%.3f ms max=%.3f ms\n", what, count, ms[count / 2],
	       ms[count * 95 / 100], ms[count - 1]);
}

static void bench_pointer(struct ui *ui, Uint32 type, int x, int y)
{
	SDL_Event event;

	memset(&event, 0, sizeof(event));
	event.type = type;
	if (type == SDL_MOUSEMOTION) {
		event.motion.x = x;
		event.motion.y = y;
	} else {
		event.button.button = SDL_BUTTON_LEFT;
		event.button.x = x;
		event.button.y = y;
	}
	ui_handle_event(ui, &event);
}

/* Taps widget ID after the tap guard, then draws the frame it caused. */
static int bench_tap(struct ui *ui, const char *id)
{
	const struct widget *w;
	int x, y;

	ui_tick(ui, ui->now_ms + 1000);
	if (ui_render(ui) != 0 || !(w = ui_find(ui, id))) {
		fprintf(stderr, "bench_kiosk: no widget %s\n", id);
		return -1;
	}
	x = w->rect.x + w->rect.w / 2;
	y = w->rect.y + w->rect.h / 2;
	bench_pointer(ui, SDL_MOUSEBUTTONDOWN, x, y);
	bench_pointer(ui, SDL_MOUSEBUTTONUP, x, y);
	return ui_render(ui);
}

/* COUNT runs of STEP, wall and CPU, reported under WHAT. */
static void bench_loop(struct ui *ui, const char *what, int count, void (*step)(struct ui *, int))
{
	double *wall = calloc((size_t)count, sizeof(double));
	double *cpu = calloc((size_t)count, sizeof(double));
	char label[128];

	if (!wall || !cpu)
		goto end;
	for (int i = 0; i < count; i++) {
		double w0 = bench_ms(CLOCK_MONOTONIC), c0 = bench_ms(CLOCK_THREAD_CPUTIME_ID);
		step(ui, i);
		cpu[i] = bench_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
		wall[i] = bench_ms(CLOCK_MONOTONIC) - w0;
	}
	snprintf(label, sizeof(label), "%s, wall", what);
	bench_report(label, wall, count);
	snprintf(label, sizeof(label), "%s, CPU", what);
	bench_report(label, cpu, count);
end:
	free(wall);
	free(cpu);
}

static void step_redraw(struct ui *ui, int i)
{
	ui_invalidate(ui);
	ui_render(ui);
}

/* What the live loop does with a pointer motion: handle it, draw if anything changed. */
static void step_motion(struct ui *ui, int i)
{
	bench_pointer(ui, SDL_MOUSEMOTION, 100 + i % 400, 200 + i % 300);
	ui_render(ui);
}

/* A tap on a key (a letter, then backspace): press, release, the frame. */
static void step_key(struct ui *ui, int i)
{
	const struct widget *w = ui_find(ui, i % 2 ? "key.backspace" : "key.a");
	int x = w ? w->rect.x + w->rect.w / 2 : 0, y = w ? w->rect.y + w->rect.h / 2 : 0;

	bench_pointer(ui, SDL_MOUSEBUTTONDOWN, x, y);
	bench_pointer(ui, SDL_MOUSEBUTTONUP, x, y);
	ui_render(ui);
}

int main(int argc, char **argv)
{
	static const char *const walk[] = { "start", "service.environment", "next",
					    "contact.named" };
	struct error err = { "" };
	struct ui_world world = { 0 };
	struct ui_options opts = { 1280, 800, 1, NULL };
	struct ui ui;
	int count = argc > 3 ? atoi(argv[3]) : 200, rc = 1;
	double t0;

	if (argc < 3 || sscanf(argv[2], "%dx%d", &opts.width, &opts.height) != 2 || count < 1) {
		fprintf(stderr, "usage: bench_kiosk CONFIG WxH COUNT\n");
		return 2;
	}
	if (core_init() != 0 || !(world.term = terminal_open(argv[1], &err))) {
		fprintf(stderr, "bench_kiosk: %s\n", err.msg);
		return 1;
	}
	world.config = terminal_config(world.term);
	world.catalogue = terminal_catalogue(world.term);
	lockdown_set_hints();
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0 || TTF_Init() != 0)
		goto end;
	t0 = bench_ms(CLOCK_MONOTONIC);
	if (ui_open(&ui, &world, &opts, &err) != 0) {
		fprintf(stderr, "bench_kiosk: %s\n", err.msg);
		goto end;
	}
	if (ui_render(&ui) != 0)
		goto close;
	printf("ui_open and first frame (home, %dx%d): %.3f ms\n", opts.width, opts.height,
	       bench_ms(CLOCK_MONOTONIC) - t0);
	ui.now_ms = ui.last_input_ms = 0;
	for (size_t i = 0; i < sizeof(walk) / sizeof(walk[0]); i++) {
		if (bench_tap(&ui, walk[i]) != 0)
			goto close;
	}
	SDL_StartTextInput();
	for (const char *p = "Jurgen Muster"; *p; p++) {
		SDL_Event text = { .type = SDL_TEXTINPUT };
		text.text.text[0] = *p;
		ui_handle_event(&ui, &text);
	}
	ui_render(&ui);
	bench_loop(&ui, "full redraw of the keyboard screen", count, step_redraw);
	bench_loop(&ui, "pointer motion without a button, as the loop handles it", count,
		   step_motion);
	bench_loop(&ui, "tap on a key to its frame drawn", count, step_key);
	rc = 0;
close:
	ui_close(&ui);
end:
	TTF_Quit();
	SDL_Quit();
	terminal_close(world.term);
	return rc;
}
