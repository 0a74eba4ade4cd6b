#ifndef PRISMA_KIOSK_LOCKDOWN_H
#define PRISMA_KIOSK_LOCKDOWN_H

#include <SDL.h>

/*
 * Keeping the inmate inside the kiosk and the plaintext inside the process.
 * The kiosk is left only by SIGTERM/SIGINT (systemd stop, a technician); the
 * window manager's close request and every keyboard combination are ignored.
 */

/* Core dumps are turned off by core_init() (app/core/request.h), for every program. */

/* SDL hints that must be set before SDL_Init: no alt-tab, SDL keeps its hands off signals. */
void lockdown_set_hints(void);

/*
 * Blocks SIGTERM/SIGINT in this and every later thread and starts the thread
 * that takes them: it sets the stop flag and pushes an SDL event to wake the
 * main loop. Call before any other thread exists. Returns 0 or -1 (errno set).
 */
int lockdown_catch_signals(void);

/* True once SIGTERM or SIGINT arrived. */
int lockdown_stop_requested(void);

/*
 * True when the key event KEY may reach the kiosk at all. Everything with
 * alt, ctrl or the GUI key, escape, tab and the function keys is dropped.
 */
int lockdown_key_allowed(const SDL_Keysym *key);

#endif
