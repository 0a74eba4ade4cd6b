#ifndef PRISMA_KIOSK_WAKEUP_H
#define PRISMA_KIOSK_WAKEUP_H

#include <SDL.h>
#include <poll.h>

#define WAKEUP_MAX_FDS 64

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
	/*
	 * What poll() sleeps on: the eventfd, then SDL's input. Read from
	 * /proc/self/fd only when it may have changed (NFDS -1: at first, and after
	 * udev spoke or a device went, when SDL opens or closes one), not at every
	 * sleep: a finger on the panel wakes the loop a hundred times a second.
	 */
	struct pollfd fds[WAKEUP_MAX_FDS];
	unsigned char uevent[WAKEUP_MAX_FDS]; /* 1: fds[i] is a uevent socket */
	int nfds;
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
