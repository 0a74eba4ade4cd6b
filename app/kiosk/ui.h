#ifndef PRISMA_KIOSK_UI_H
#define PRISMA_KIOSK_UI_H

#include "core/request.h"
#include "core/terminal.h"
#include "kiosk/canvas.h"
#include "kiosk/i18n.h"
#include "kiosk/icons.h"
#include "kiosk/languages.h"
#include "kiosk/modes.h"
#include "kiosk/readaloud.h"
#include "kiosk/screen.h"
#include "kiosk/session.h"
#include "kiosk/text.h"
#include "kiosk/theme.h"
#include "kiosk/usbcollect.h"
#include "kiosk/view.h"
#include "kiosk/widget.h"

#include <SDL.h>
#include <stdint.h>

/*
 * The kiosk context (control layer): the kiosk's whole state, passed along
 * (no globals). Its rules apply before any screen sees an event (quick exit,
 * lockdown keys, tap guard, idle warning), it keeps the clock (live or
 * virtual) and carries out what screens answer. The screen is rebuilt from
 * this state before each frame and before each hit test, so the widgets on
 * screen can never disagree with what a tap does.
 */
struct ui_options {
	int width, height;
	int headless;
	const char *language; /* NULL: first configured language */
};

/* What the kiosk works with, all borrowed. TERM NULL: out of service (only that screen). */
struct ui_world {
	struct terminal *term;
	const struct config *config;
	const struct catalogue *catalogue;
};

struct ui {
	struct terminal *term; /* borrowed; NULL when out of service */
	const struct config *config;
	const struct catalogue *catalogue;
	struct session *session; /* the only place the inmate's text lives */
	struct i18n i18n;
	size_t start_language;
	struct languages *languages; /* languages.ini, its fonts and keyboards */
	size_t synced_language;	     /* the i18n language text and keyboard follow now */
	struct text text;
	struct canvas canvas;	/* every frame is drawn here, headless or not */
	struct theme_set theme; /* both palettes and the large-text scale */
	struct modes modes;	/* high contrast, large text: this person's, off at every wipe */
	struct icons *icons;	/* pictograms on the canvas's renderer, remade with it */
	char icon_dir[4096];	/* icons/ beside the catalogue file */

	enum screen_id screen;
	Uint64 screen_since_ms; /* when SCREEN was entered: taps are ignored for tap_guard_ms */
	int screen_changed;	/* 0 until the first change: the first screen takes taps at once */
	int shift;
	enum session_field focus;
	size_t keyboard;		   /* the keyboard shown (key.switch changes it) */
	size_t keyboard_page;		   /* its page */
	enum session_field keyboard_focus; /* the field that page belongs to */
	size_t page;			   /* the review's page (pager.h); 0 on entering a screen */

	struct view view; /* the widgets of the current frame */
	char pressed[WIDGET_ID_MAX];
	size_t pressed_at; /* the pressed widget's place in the view plus 1 (0: none) */

	struct readaloud readaloud;   /* the voice (set after ui_open) and read-aloud mode */
	int announce;		      /* the screen was entered: clear the transcript, read it */
	enum screen_id spoken_screen; /* the screen and language the transcript belongs to */
	size_t spoken_language;
	int spoken_countdown; /* the idle countdown's seconds last said */
	const char *title;    /* the screen's title (spoken first, even where it is not shown) */

	Uint64 now_ms;
	Uint64 last_input_ms;
	Uint64 idle_timeout_ms; /* 0: never */
	Uint64 idle_warning_ms;
	Uint64 tap_guard_ms;
	int broken;		      /* out of service after start: terminal_check failed */
	Uint64 health_recheck_ms;     /* terminal.ini health_recheck */
	Uint64 health_next_ms;	      /* when out of service: the next check */
	enum screen_id warned_screen; /* where "more time" returns to */
	Uint64 warning_end_ms;	      /* when the idle warning wipes */
	char countdown_text[16];      /* the warning's "M:SS" for this frame (no personal data) */

	int dirty;			/* something visible changed since the last frame */
	unsigned long wiped_text_frame; /* text's frame number at the last wipe */
	unsigned long frames_drawn;	/* frames drawn since start (expect-frames) */
	unsigned long wakeups;		/* times the live loop (or `wait`) woke up */

	struct usbcollect *usb;	       /* USB collection (borrowed); NULL: none */
	enum screen_id collect_hidden; /* the screen the USB overlay hides */
};

/* ui_next_wake: no timer is running, only an event wakes the kiosk. */
#define UI_WAKE_NEVER UINT64_MAX

/* While a stick's mount is awaited, how often the kiosk looks for it (ms). */
#define UI_MOUNT_POLL_MS 250

/*
 * Sets up fonts, gettext, the frame and (unless headless) the window for
 * WORLD's configuration; without a terminal it shows only out-of-service.
 * WORLD must outlive UI. SDL and SDL_ttf must be initialised. Returns 0, or -1
 * with ERR naming the font, option or field at fault; UI then holds nothing.
 */
int ui_open(struct ui *ui, const struct ui_world *world, const struct ui_options *opts,
	    struct error *err);

/* Wipes the request and every text copy, then frees everything. Safe after a failed open. */
void ui_close(struct ui *ui);

/* Rebuilds the widget list of the current screen (no drawing). */
void ui_layout(struct ui *ui);

/*
 * When something visible changed since the last frame (input that did
 * something, a screen change, the countdown, a new window size): lays out,
 * draws the frame and shows it in the window if there is one, and counts it
 * in frames_drawn. Otherwise draws nothing. Returns 0 or -1.
 */
int ui_render(struct ui *ui);

/* Makes the next ui_render draw a full frame even if nothing changed (benchmarks). */
void ui_invalidate(struct ui *ui);

/*
 * When (UI clock, ms) a timer next changes the screen without input: the idle
 * warning, the next second of its countdown, its wipe, the next health check
 * out of service, the next look for an awaited stick's mount (every
 * UI_MOUNT_POLL_MS until its timeout); UI_WAKE_NEVER when only input can (home
 * in the start language and normal modes with nothing held, a submit running,
 * no idle_timeout). The live loop sleeps until then. Cannot fail.
 */
Uint64 ui_next_wake(const struct ui *ui);

/*
 * The one entry point for input: live SDL events and synthesized script
 * events both come through here.
 */
void ui_handle_event(struct ui *ui, const SDL_Event *event);

/*
 * Moves the clock to NOW_MS and applies idle_timeout (the warning) and
 * idle_warning (the wipe). Returns 1 when the screen or its countdown changed.
 */
int ui_tick(struct ui *ui, Uint64 now_ms);

/*
 * Shows SCREEN: focus and shift are dropped and taps are ignored for
 * tap_guard_ms. Arriving on home wipes the session and every text copy (the
 * language stays: the same person may still be there). Cannot fail.
 */
void ui_go(struct ui *ui, enum screen_id screen);

/*
 * At start, before the first frame: when the terminal opened but fails its
 * check (terminal_check: keys, spool), out of service, the reason on stderr,
 * checked again every health_recheck seconds; else nothing changes. Cannot fail.
 */
void ui_start(struct ui *ui);

/*
 * Wipes the session and all text copies, closes a USB outcome nobody closed,
 * shows home in the start language. Cannot fail.
 */
void ui_wipe(struct ui *ui);

/* When a tap on the current screen is taken again (the tap guard's end), on the UI clock. */
Uint64 ui_tap_ready_ms(const struct ui *ui);

/*
 * Waits until a running submit has ended and its result is shown (script
 * replay: deterministic). Returns at once when none runs.
 */
void ui_wait_submit(struct ui *ui);

/* Seconds left on the idle warning's countdown (rounded up); 0 on any other screen. */
int ui_idle_countdown(const struct ui *ui);

/*
 * NULL when nothing of the last person is held: the request memory is all
 * zero, no reference code, no drawn or rendered text, no choice, focus or
 * shift, both display modes off. Otherwise a short reason (for expect-wiped). Cannot fail.
 */
const char *ui_wiped_why(const struct ui *ui);

/*
 * Shows the USB overlay when usbcollect wants it (hiding the current screen,
 * its focus and the form kept as they are) and the hidden screen again when
 * not. Returns 1 when the screen changed. Cannot fail.
 */
int ui_sync_collect(struct ui *ui);

/* Waits for a running USB collection and shows its outcome (scripts). */
void ui_wait_collect(struct ui *ui);

/* Runs the live event loop until SIGTERM/SIGINT (ui_clock.c). Returns 0, or -1 if drawing failed.
 */
int ui_run(struct ui *ui);

/*
 * A new frame of W x H, the icons on its renderer and the fonts for its short
 * side (a resized window gets all anew): a 7-inch panel turned to portrait
 * keeps the text the size it has in landscape. Returns 0, or -1 with ERR.
 */
int ui_resize(struct ui *ui, int w, int h, struct error *err);

/* The inmate's submit or status check is using the terminal: a collection waits for it. */
int ui_busy(const struct ui *ui);

/*
 * The overlay is up and a stick is being collected (its mount awaited or the
 * worker running): the social worker is at the terminal and the inmate waits.
 * The idle timer waits too, as while sending; it starts afresh when the
 * outcome shows, so a long collection never wipes the hidden form.
 */
int ui_collecting(const struct ui *ui);

/* The widget with ID on the current layout, or NULL. */
const struct widget *ui_find(const struct ui *ui, const char *id);

/* The enabled interactive widget under (X, Y), or NULL. */
const struct widget *ui_hit(const struct ui *ui, int x, int y);

/*
 * Read aloud (ui_speech.c). After each layout: a screen entered (or a new
 * language) starts a new transcript, and in read-aloud mode is read out.
 */
void ui_speech_follow(struct ui *ui);

/*
 * A tap on W (any widget under the finger): 1 when it activates W; in
 * read-aloud mode the first tap says what W is (0), a second tap on it within
 * a second activates it. The speaker button acts on the first tap. Cannot fail.
 */
int ui_speech_tap(struct ui *ui, const struct widget *w);

/* The widgets of read aloud (speak, speech.rate, speech.volume, code.repeat): 1 when ID was one. */
int ui_speech_activate(struct ui *ui, const char *id);

/* After ID was activated in read-aloud mode: says its new state, or reads a new page. */
void ui_speech_after(struct ui *ui, const char *id);

/* The idle warning's countdown, said every ten seconds and the last five in read-aloud mode. */
void ui_speech_tick(struct ui *ui);

/* The stable screen id ("review"). */
const char *ui_screen_name(enum screen_id screen);

/* Whom the current screen is for (screen.h): its head row and whether it is read aloud. */
enum screen_audience ui_audience(const struct ui *ui);

#endif
