#ifndef PRISMA_KIOSK_USBWATCH_H
#define PRISMA_KIOSK_USBWATCH_H

#include "core/error.h"
#include "core/token.h"

#include <SDL.h>
#include <libusb.h>
#include <stdint.h>

/*
 * The USB watcher (app layer): a libusb hotplug callback on its own thread
 * that looks at each device that arrives or leaves and posts what it saw as
 * an SDL event (usbwatch_event(), data1 a malloc'ed struct usb_note the main
 * loop frees). It touches no other state: no terminal, no screen, no file but
 * the kernel's serial attribute in /sys. Deciding what to do is usbcollect's.
 */
enum usb_kind {
	USB_STICK,	       /* every interface of every configuration is mass storage */
	USB_REFUSED_HID,       /* a keyboard, mouse or other human interface device */
	USB_REFUSED_HUB,       /* a hub */
	USB_REFUSED_COMPOSITE, /* mass storage with anything else (storage + keyboard) */
	USB_REFUSED_OTHER,     /* anything else that is no mass storage */
	USB_REFUSED_MALFORMED, /* descriptors that do not parse or make no sense */
};

/* The audit log's reason for KIND ("hid", "composite", ...). Cannot fail. */
const char *usb_kind_reason(enum usb_kind kind);

#define USB_MOUNT_MAX 4096

struct usb_note {
	int arrived; /* 1: arrived, 0: left */
	enum usb_kind kind;
	uint16_t vendor, product;
	uint8_t bus, address;		   /* which device, for matching its departure */
	char serial[TOKEN_SERIAL_MAX + 1]; /* "" when it has none we accept */
	char mount[USB_MOUNT_MAX];	   /* "": the configured mount point (scripts set it) */
};

/*
 * What a device with descriptor DEV and configurations CONFIGS (COUNT of them,
 * an entry NULL when libusb could not read it) is: USB_STICK only when every
 * interface and alternate setting of every configuration is class 0x08 and
 * the device class is 0 or 0x08. Pure; cannot fail.
 */
enum usb_kind usbwatch_classify(const struct libusb_device_descriptor *dev,
				const struct libusb_config_descriptor *const *configs, int count);

/* The SDL event type of notes (registered on first use; 0 if SDL has none left). */
Uint32 usbwatch_event(void);

/*
 * The SDL user event type kept in TYPE, registered on first use (thread-safe:
 * racing callers all get the first registration). 0 when SDL has none left.
 */
Uint32 usbwatch_register_event(SDL_atomic_t *type);

/* Posts a copy of NOTE as an SDL event (the main loop takes ownership). 0, or -1. */
int usbwatch_post(const struct usb_note *note);

struct usbwatch;

/*
 * Starts watching: libusb with hotplug, devices already present reported as
 * arrivals, events handled on a thread of our own. NULL with ERR when libusb
 * cannot start or has no hotplug here (the kiosk then runs without USB
 * collection and says so).
 */
struct usbwatch *usbwatch_start(struct error *err);

/* Stops the thread and libusb. NULL is fine. */
void usbwatch_stop(struct usbwatch *watch);

#endif
