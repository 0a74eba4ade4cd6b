/* watchdog: sd_notify from the kiosk's main loop; see watchdog.h. */
#include "kiosk/watchdog.h"

#ifdef PRISMA_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif
#include <stdio.h>

void watchdog_open(struct watchdog *wd)
{
	wd->interval_ms = 0;
	wd->last_ms = 0;
#ifdef PRISMA_HAVE_SYSTEMD
	uint64_t usec = 0;

	/* > 0: this process is watched; 0: not; < 0: the environment is malformed. */
	if (sd_watchdog_enabled(0, &usec) > 0 && usec >= 2000)
		wd->interval_ms = usec / 2000; /* half of WatchdogSec, in ms */
#endif
}

/* Sends STATE; a kiosk outside systemd or without libsystemd sends nothing. */
static void watchdog_notify(const char *state)
{
#ifdef PRISMA_HAVE_SYSTEMD
	int rc = sd_notify(0, state);

	if (rc < 0)
		fprintf(stderr, "prisma-kiosk: sd_notify: error %d\n", -rc);
#else
	(void)state;
#endif
}

void watchdog_ready(struct watchdog *wd, const char *status, uint64_t now_ms)
{
	char state[256];

	snprintf(state, sizeof(state), "READY=1\nSTATUS=%s", status);
	watchdog_notify(state);
	wd->last_ms = now_ms;
	if (wd->interval_ms)
		watchdog_notify("WATCHDOG=1");
}

void watchdog_ping(struct watchdog *wd, uint64_t now_ms)
{
	if (!wd->interval_ms || now_ms - wd->last_ms < wd->interval_ms)
		return;
	wd->last_ms = now_ms;
	watchdog_notify("WATCHDOG=1");
}

void watchdog_stopping(void)
{
	watchdog_notify("STOPPING=1");
}
