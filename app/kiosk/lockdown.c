#include "kiosk/lockdown.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

/*
 * Set by the signal thread: the one exception to "no globals", as a signal
 * belongs to the whole process.
 */
static volatile sig_atomic_t stop_requested;

/*
 * SIGTERM and SIGINT are blocked in every thread and taken here with sigwait:
 * the main loop sleeps in SDL_WaitEvent without a timeout (no polling; or in
 * poll(), woken by the same event: wakeup.c), and an SDL event is what wakes it. SDL_PushEvent is
 * thread-safe; before SDL_Init it fails, and the flag alone stops the loop before it ever waits.
 */
static void *lockdown_signal_thread(void *arg)
{
	sigset_t *set = arg;
	SDL_Event wake;
	int signo;

	while (sigwait(set, &signo) != 0)
		;
	stop_requested = 1;
	memset(&wake, 0, sizeof(wake));
	wake.type = SDL_QUIT; /* ignored by the kiosk: the flag ends the loop */
	SDL_PushEvent(&wake);
	return NULL;
}

void lockdown_set_hints(void)
{
	SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
	/* Touch is handled as touch; synthetic mouse events would tap twice. */
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
}

int lockdown_catch_signals(void)
{
	static sigset_t set;
	pthread_attr_t attr;
	pthread_t thread;
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Before any other thread exists, so that every later thread inherits the mask. */
	if ((rc = pthread_sigmask(SIG_BLOCK, &set, NULL)) != 0)
		goto fail;
	if ((rc = pthread_attr_init(&attr)) != 0)
		goto fail;
	rc = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (rc == 0)
		rc = pthread_create(&thread, &attr, lockdown_signal_thread, &set);
	pthread_attr_destroy(&attr);
	if (rc == 0)
		return 0;
fail:
	errno = rc;
	return -1;
}

int lockdown_stop_requested(void)
{
	return stop_requested != 0;
}

int lockdown_key_allowed(const SDL_Keysym *key)
{
	if (key->mod & (KMOD_ALT | KMOD_CTRL | KMOD_GUI))
		return 0;
	switch (key->sym) {
	case SDLK_ESCAPE:
	case SDLK_TAB:
	case SDLK_MENU:
	case SDLK_APPLICATION:
	case SDLK_POWER:
	case SDLK_SLEEP: return 0;
	default: break;
	}
	if (key->sym >= SDLK_F1 && key->sym <= SDLK_F12)
		return 0;
	if (key->sym >= SDLK_F13 && key->sym <= SDLK_F24)
		return 0;
	return 1;
}
