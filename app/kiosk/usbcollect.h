#ifndef PRISMA_KIOSK_USBCOLLECT_H
#define PRISMA_KIOSK_USBCOLLECT_H

#include "core/collection.h"
#include "core/terminal.h"
#include "kiosk/usbwatch.h"

#include <SDL.h>

/*
 * Collection by USB stick inside the kiosk (control layer, main thread):
 * takes the watcher's notes, refuses and audits every device that is not a
 * plain stick, waits for the stick's mount, and runs collection_run on a
 * worker thread of its own, one collection at a time. The kiosk shows the
 * overlay (screen "collect") while usbcollect_overlay() says so; the
 * inmate's session is left alone. docs/kiosk.md, USB collection.
 */
#define USBCOLLECT_MAX_STICKS  8
#define USBCOLLECT_MAX_REFUSED 16

enum usbcollect_phase {
	USBCOLLECT_IDLE,     /* no overlay */
	USBCOLLECT_MOUNTING, /* a stick arrived; waiting for its mount */
	USBCOLLECT_RUNNING,  /* the worker collects */
	USBCOLLECT_SHOWN,    /* the outcome is on the overlay until the stick leaves */
};

struct usbcollect {
	struct terminal *term; /* borrowed */
	const char *mount_point;
	Uint64 mount_timeout_ms;
	int deferred_start; /* scripts: the worker starts at the next step, not at once */

	struct usb_note sticks[USBCOLLECT_MAX_STICKS]; /* plain sticks plugged in now */
	size_t stick_count;
	struct usb_note refused[USBCOLLECT_MAX_REFUSED]; /* to audit once no worker runs */
	size_t refused_count;

	enum usbcollect_phase phase;
	struct usb_note active; /* the stick being collected */
	Uint64 mount_deadline_ms;
	SDL_Thread *worker;
	SDL_atomic_t present;		   /* 0 once the active stick left (read by the worker) */
	struct collection_outcome outcome; /* valid in SHOWN */
	int has_status;			   /* a collection ended since start */
	enum collection_status last_status;
};

/* Sets C up for TERM (borrowed) with its [usb] configuration. Cannot fail. */
void usbcollect_init(struct usbcollect *c, struct terminal *term);

/* The SDL event type the worker posts when it has finished (0 if none could be made). */
Uint32 usbcollect_done_event(void);

/*
 * Takes EVENT if it is the watcher's note or the worker's end (returns 1; the
 * note is freed), else returns 0. BUSY_ELSEWHERE: the inmate's submit or
 * status check is running (the collection then starts after it).
 */
int usbcollect_handle(struct usbcollect *c, const SDL_Event *event, Uint64 now_ms,
		      int busy_elsewhere);

/*
 * Moves on at NOW_MS: starts the worker once the stick is mounted (and
 * nothing else uses the terminal), gives up at the mount timeout. Returns 1
 * when what the overlay shows changed.
 */
int usbcollect_tick(struct usbcollect *c, Uint64 now_ms, int busy_elsewhere);

/* Waits for a running collection and takes its outcome (scripts; before exit). */
void usbcollect_wait(struct usbcollect *c);

/* True while the overlay is to be shown. */
int usbcollect_overlay(const struct usbcollect *c);

/* The social worker's "close": hides the outcome (the stick may stay in). */
void usbcollect_close_overlay(struct usbcollect *c);

/* Joins the worker. Safe on a zeroed struct. */
void usbcollect_finish(struct usbcollect *c);

/* True when the overlay's mount point MOUNT (a folder) has a file system of its own mounted. */
int usbcollect_mounted(const char *mount);

#endif
