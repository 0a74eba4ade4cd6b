#ifndef PRISMA_KIOSK_WAKEUP_H
#define PRISMA_KIOSK_WAKEUP_H

#include <SDL.h>

/*
 * The main loop's sleep where SDL cannot sleep (control layer). SDL 2.26
 * blocks in SDL_WaitEventTimeout only on video drivers with a wake-up of
 * their own (X11, Wayland); on the others, KMSDRM on the terminal among them,
 * it looks for events every millisecond, about 900 wake-ups a second while
 * nobody touches the terminal. There the kiosk sleeps in poll() instead, on
 * what SDL reads its input from (the evdev devices under /dev/input and the
 * udev monitor that tells it about new ones, found in /proc/self/fd) and on
 * an eventfd that an event pushed from another thread (a submit's end, a
 * stick, speech, a signal, a headset pulled) writes to, then lets SDL read.
 */
struct wakeup {
	int blocks;	   /* 1: SDL's driver sleeps by itself; nothing of this is used */
	int eventfd;	   /* written by wakeup_watch off the main thread; -1 when unused */
	SDL_threadID main; /* the thread that waits */
};

/*
 * Sets W up for the current video driver and the calling (main) thread. Where
 * SDL blocks by itself, or no eventfd can be made (said once on stderr),
 * wakeup_wait is SDL_WaitEventTimeout. Cannot fail.
 */
void wakeup_open(struct wakeup *w);

/* Removes W's event watch and closes its eventfd. Safe after any wakeup_open. */
void wakeup_close(struct wakeup *w);

/*
 * Sleeps until an event or TIMEOUT_MS (-1: no timeout). Returns 1 with EVENT
 * filled, 0 when the time came first (or, rarely, early: callers loop).
 */
int wakeup_wait(struct wakeup *w, SDL_Event *event, int timeout_ms);

#endif
