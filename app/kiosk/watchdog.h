#ifndef PRISMA_KIOSK_WATCHDOG_H
#define PRISMA_KIOSK_WATCHDOG_H

#include <stdint.h>

/*
 * Telling systemd that the kiosk is up and its main loop alive (sd_notify):
 * READY=1 once the first frame is drawn, then WATCHDOG=1 from the loop at
 * half the unit's WatchdogSec, so a hung loop is killed and restarted
 * (firmware/systemd/prisma-kiosk.service). Outside systemd (no NOTIFY_SOCKET:
 * tests, make run) and in a build without libsystemd every call does nothing.
 */
struct watchdog {
	uint64_t interval_ms; /* between two pings; 0: systemd does not watch */
	uint64_t last_ms;     /* when the last ping went */
};

/* Reads WatchdogSec from the environment systemd gave. This function cannot fail. */
void watchdog_open(struct watchdog *wd);

/* READY=1 with STATUS (shown by systemctl status). Errors are ignored: only systemd listens. */
void watchdog_ready(struct watchdog *wd, const char *status, uint64_t now_ms);

/* WATCHDOG=1 when half the interval has passed since the last ping at NOW_MS. */
void watchdog_ping(struct watchdog *wd, uint64_t now_ms);

/* STOPPING=1: the kiosk leaves on a signal, not by hanging. */
void watchdog_stopping(void);

#endif
