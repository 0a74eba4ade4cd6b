#include "kiosk/lockdown.h"
#include "kiosk/ui.h"
#include "kiosk/wakeup.h"
#include "kiosk/watchdog.h"

#include <limits.h>
#include <stdio.h>

/*
 * The kiosk's clock (control layer): the timers that change the screen
 * without input (idle warning and wipe, the health recheck out of service,
 * the stick's mount), when the kiosk must wake next, and the live loop that
 * sleeps until then. Scripts drive the same timers on a virtual clock.
 */

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
	if (ui_resize(ui, event->window.data1, event->window.data2, &err) != 0)
		fprintf(stderr, "prisma-kiosk: %s\n", err.msg);
}

/*
 * Sleeps until an event, the next timer deadline (ui_next_wake) or systemd's
 * next watchdog ping, never longer and never polling (wakeup.h: in poll()
 * where SDL's driver cannot sleep by itself, as on KMSDRM). Returns 1 with
 * EVENT filled, 0 when the deadline came first.
 */
static int ui_wait(struct ui *ui, SDL_Event *event, const struct watchdog *watchdog,
		   struct wakeup *wakeup)
{
	Uint64 wake = ui_next_wake(ui), now = SDL_GetTicks64();

	if (watchdog->interval_ms)
		wake = ui_earlier(wake, watchdog->last_ms + watchdog->interval_ms);
	ui->wakeups++;
	if (wake == UI_WAKE_NEVER)
		return wakeup_wait(wakeup, event, -1);
	if (wake <= now)
		return SDL_PollEvent(event);
	return wakeup_wait(wakeup, event, wake - now > INT_MAX ? INT_MAX : (int)(wake - now));
}

int ui_run(struct ui *ui)
{
	SDL_Event event;
	struct watchdog watchdog;
	struct wakeup wakeup;

	ui->now_ms = ui->last_input_ms = SDL_GetTicks64();
	if (ui_render(ui) != 0)
		return -1;
	wakeup_open(&wakeup);
	/* The first frame is on the screen: the update's health check waits for this. */
	watchdog_open(&watchdog);
	watchdog_ready(&watchdog, "first frame drawn", SDL_GetTicks64());
	while (!lockdown_stop_requested()) {
		/* Draw only when something visible changed: an idle terminal does no work. */
		if (ui_wait(ui, &event, &watchdog, &wakeup)) {
			ui->now_ms = SDL_GetTicks64();
			do {
				ui_handle_window(ui, &event);
				ui_handle_event(ui, &event);
			} while (SDL_PollEvent(&event));
		}
		ui_tick(ui, SDL_GetTicks64());
		if (ui->canvas.renderer && ui_render(ui) != 0) {
			wakeup_close(&wakeup);
			return -1;
		}
		watchdog_ping(&watchdog, SDL_GetTicks64());
	}
	wakeup_close(&wakeup);
	watchdog_stopping();
	ui_wipe(ui);
	return 0;
}
