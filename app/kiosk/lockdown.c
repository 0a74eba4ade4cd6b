#include "kiosk/lockdown.h"

#include <signal.h>
#include <string.h>

/* Written by the signal handler, so it has to be global: the one exception to the rule. */
static volatile sig_atomic_t stop_requested;

static void lockdown_on_signal(int signo)
{
	(void)signo;
	stop_requested = 1;
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
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lockdown_on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
		return -1;
	return 0;
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
