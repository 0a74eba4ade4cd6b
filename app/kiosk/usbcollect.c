#include "kiosk/usbcollect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void usbcollect_init(struct usbcollect *c, struct terminal *term)
{
	const struct config *cfg = terminal_config(term);

	memset(c, 0, sizeof(*c));
	c->term = term;
	c->mount_point = cfg->usb_mount_point;
	c->mount_timeout_ms = (Uint64)cfg->usb_mount_timeout * 1000;
}

Uint32 usbcollect_done_event(void)
{
	static SDL_atomic_t type;

	return usbwatch_register_event(&type);
}

int usbcollect_mounted(const char *mount)
{
	char parent[USB_MOUNT_MAX + 4];
	struct stat here, up;

	snprintf(parent, sizeof(parent), "%s/..", mount);
	return stat(mount, &here) == 0 && S_ISDIR(here.st_mode) && stat(parent, &up) == 0 &&
	       here.st_dev != up.st_dev;
}

/* The security event for a refused device: vendor and product ids, never its strings. */
static void usbcollect_audit_refused(struct usbcollect *c, const struct usb_note *note)
{
	char vendor[8], product[8];

	snprintf(vendor, sizeof(vendor), "%04x", note->vendor);
	snprintf(product, sizeof(product), "%04x", note->product);
	terminal_audit(c->term, "usb-refused",
		       (const char *[]){ "vendor", vendor, "product", product, "reason",
					 usb_kind_reason(note->kind), NULL });
}

/* Audits the refused devices noted while a worker used the terminal. */
static void usbcollect_flush_refused(struct usbcollect *c)
{
	if (c->phase == USBCOLLECT_RUNNING)
		return;
	for (size_t i = 0; i < c->refused_count; i++)
		usbcollect_audit_refused(c, &c->refused[i]);
	c->refused_count = 0;
}

/* Ends the round with STATUS decided here (no stick read), audited, shown. */
static void usbcollect_conclude(struct usbcollect *c, enum collection_status status,
				const char *detail)
{
	memset(&c->outcome, 0, sizeof(c->outcome));
	c->outcome.status = status;
	snprintf(c->outcome.detail, sizeof(c->outcome.detail), "%s", detail);
	collection_audit(c->term, status, detail);
	c->phase = USBCOLLECT_SHOWN;
	c->has_status = 1;
	c->last_status = status;
}

static int usbcollect_present(void *ctx)
{
	struct usbcollect *c = ctx;

	return SDL_AtomicGet(&c->present);
}

static int usbcollect_work(void *data)
{
	struct usbcollect *c = data;
	struct collection_request req = { .serial = c->active.serial,
					  .present = usbcollect_present,
					  .present_ctx = c };
	SDL_Event done = { 0 };

	req.stick = c->active.mount[0] ? c->active.mount : c->mount_point;
	collection_run(c->term, &req, &c->outcome);
	done.type = usbcollect_done_event();
	if (!done.type || SDL_PushEvent(&done) != 1)
		fprintf(stderr, "prisma-kiosk: usb: cannot post the collection's end\n");
	return 0;
}

/* Starts the worker on the active stick. */
static void usbcollect_start(struct usbcollect *c)
{
	c->phase = USBCOLLECT_RUNNING;
	c->worker = SDL_CreateThread(usbcollect_work, "collect", c);
	if (!c->worker) {
		c->phase = USBCOLLECT_MOUNTING;
		usbcollect_conclude(c, COLLECTION_WRITE_ERROR, "no-thread");
	}
}

/* The worker's end: join it and show its outcome. */
static void usbcollect_joined(struct usbcollect *c)
{
	SDL_WaitThread(c->worker, NULL);
	c->worker = NULL;
	c->phase = USBCOLLECT_SHOWN;
	c->has_status = 1;
	c->last_status = c->outcome.status;
	usbcollect_flush_refused(c);
}

static void usbcollect_arrived(struct usbcollect *c, const struct usb_note *note, Uint64 now_ms)
{
	if (note->kind != USB_STICK) {
		/* Never disturbs the inmate: no overlay, only the audit log and stderr. */
		fprintf(stderr, "prisma-kiosk: usb: refused %04x:%04x (%s)\n", note->vendor,
			note->product, usb_kind_reason(note->kind));
		if (c->refused_count < USBCOLLECT_MAX_REFUSED)
			c->refused[c->refused_count++] = *note;
		usbcollect_flush_refused(c);
		return;
	}
	if (c->stick_count < USBCOLLECT_MAX_STICKS)
		c->sticks[c->stick_count++] = *note;
	if (c->phase == USBCOLLECT_RUNNING)
		return; /* the round under way ends as it will; the next plug-in sees both */
	if (c->stick_count > 1) {
		usbcollect_conclude(c, COLLECTION_MULTIPLE_DEVICES, "two-or-more-sticks");
		return;
	}
	c->active = *note;
	SDL_AtomicSet(&c->present, 1);
	c->phase = USBCOLLECT_MOUNTING;
	c->mount_deadline_ms = now_ms + c->mount_timeout_ms;
}

static void usbcollect_left(struct usbcollect *c, const struct usb_note *note)
{
	int was_active = c->phase != USBCOLLECT_IDLE && c->active.bus == note->bus &&
			 c->active.address == note->address;
	size_t i;

	for (i = 0; i < c->stick_count; i++)
		if (c->sticks[i].bus == note->bus && c->sticks[i].address == note->address)
			break;
	if (i == c->stick_count)
		return; /* a refused device left */
	c->sticks[i] = c->sticks[--c->stick_count];
	if (c->phase == USBCOLLECT_RUNNING) {
		if (was_active)
			SDL_AtomicSet(&c->present, 0);
		return;
	}
	if (c->phase == USBCOLLECT_MOUNTING && was_active)
		usbcollect_conclude(c, COLLECTION_DEVICE_REMOVED, "pulled-before-mount");
	else if (c->phase == USBCOLLECT_SHOWN && c->stick_count == 0 &&
		 collection_status_ok(c->outcome.status))
		c->phase = USBCOLLECT_IDLE; /* done and pulled: the overlay goes */
}

int usbcollect_handle(struct usbcollect *c, const SDL_Event *event, Uint64 now_ms,
		      int busy_elsewhere)
{
	struct usb_note *note;

	if (event->type == usbcollect_done_event() && c->worker) {
		usbcollect_joined(c);
		return 1;
	}
	if (event->type != usbwatch_event() || !event->user.data1)
		return 0;
	note = event->user.data1;
	if (note->arrived)
		usbcollect_arrived(c, note, now_ms);
	else
		usbcollect_left(c, note);
	free(note);
	return 1;
}

int usbcollect_tick(struct usbcollect *c, Uint64 now_ms, int busy_elsewhere)
{
	const char *mount = c->active.mount[0] ? c->active.mount : c->mount_point;

	if (c->phase != USBCOLLECT_MOUNTING)
		return 0;
	/* A script names the stick's folder itself: that is its mount. */
	if (!busy_elsewhere && !c->deferred_start &&
	    (c->active.mount[0] || usbcollect_mounted(mount))) {
		usbcollect_start(c);
		return 1;
	}
	if (now_ms >= c->mount_deadline_ms && !c->active.mount[0]) {
		usbcollect_conclude(c, COLLECTION_MOUNT_TIMEOUT, "no-mount");
		return 1;
	}
	return 0;
}

void usbcollect_wait(struct usbcollect *c)
{
	SDL_Event event;

	if (c->phase == USBCOLLECT_MOUNTING &&
	    (c->active.mount[0] || usbcollect_mounted(c->mount_point)))
		usbcollect_start(c);
	if (c->phase != USBCOLLECT_RUNNING)
		return;
	usbcollect_joined(c);
	/* Its end event is still queued: drop it, the outcome was taken here. */
	SDL_PumpEvents();
	while (SDL_PeepEvents(&event, 1, SDL_GETEVENT, usbcollect_done_event(),
			      usbcollect_done_event()) == 1)
		;
}

int usbcollect_overlay(const struct usbcollect *c)
{
	return c->phase != USBCOLLECT_IDLE;
}

void usbcollect_close_overlay(struct usbcollect *c)
{
	if (c->phase == USBCOLLECT_SHOWN)
		c->phase = USBCOLLECT_IDLE;
}

void usbcollect_finish(struct usbcollect *c)
{
	SDL_Event event;

	if (c->worker) {
		SDL_WaitThread(c->worker, NULL);
		c->worker = NULL;
		c->phase = USBCOLLECT_SHOWN;
	}
	if (c->term)
		usbcollect_flush_refused(c);
	/* Notes still queued own their memory. */
	while (usbwatch_event() &&
	       SDL_PeepEvents(&event, 1, SDL_GETEVENT, usbwatch_event(), usbwatch_event()) == 1)
		free(event.user.data1);
}
