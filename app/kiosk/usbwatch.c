#include "kiosk/usbwatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USB_CLASS_STORAGE 0x08
#define USB_MAX_CONFIGS	  8

struct usbwatch {
	libusb_context *ctx;
	libusb_hotplug_callback_handle handle;
	SDL_Thread *thread;
	SDL_atomic_t stop;
};

const char *usb_kind_reason(enum usb_kind kind)
{
	switch (kind) {
	case USB_STICK: return "stick";
	case USB_REFUSED_HID: return "hid";
	case USB_REFUSED_HUB: return "hub";
	case USB_REFUSED_COMPOSITE: return "composite";
	case USB_REFUSED_OTHER: return "not-storage";
	case USB_REFUSED_MALFORMED: return "malformed";
	}
	return "unknown";
}

/* Folds the interfaces of CONFIG into *STORAGE and *OTHER (the most telling kind). */
static int usbwatch_config(const struct libusb_config_descriptor *config, int *storage,
			   enum usb_kind *other)
{
	if (!config || config->bNumInterfaces == 0 || !config->interface)
		return -1;
	for (int i = 0; i < config->bNumInterfaces; i++) {
		const struct libusb_interface *itf = &config->interface[i];
		if (itf->num_altsetting <= 0 || !itf->altsetting)
			return -1;
		for (int a = 0; a < itf->num_altsetting; a++) {
			uint8_t cls = itf->altsetting[a].bInterfaceClass;
			if (cls == USB_CLASS_STORAGE)
				*storage = 1;
			else if (cls == LIBUSB_CLASS_HID)
				*other = USB_REFUSED_HID;
			else if (cls == LIBUSB_CLASS_HUB && *other != USB_REFUSED_HID)
				*other = USB_REFUSED_HUB;
			else if (*other == USB_STICK)
				*other = USB_REFUSED_OTHER;
		}
	}
	return 0;
}

enum usb_kind usbwatch_classify(const struct libusb_device_descriptor *dev,
				const struct libusb_config_descriptor *const *configs, int count)
{
	enum usb_kind other = USB_STICK;
	int storage = 0;

	if (dev->bLength != LIBUSB_DT_DEVICE_SIZE || dev->bDescriptorType != LIBUSB_DT_DEVICE ||
	    dev->bNumConfigurations == 0 || count != dev->bNumConfigurations)
		return USB_REFUSED_MALFORMED;
	if (dev->bDeviceClass == LIBUSB_CLASS_HUB)
		return USB_REFUSED_HUB;
	if (dev->bDeviceClass == LIBUSB_CLASS_HID)
		return USB_REFUSED_HID;
	for (int c = 0; c < count; c++)
		if (usbwatch_config(configs[c], &storage, &other) < 0)
			return USB_REFUSED_MALFORMED;
	if (other != USB_STICK)
		return storage ? USB_REFUSED_COMPOSITE : other;
	if (dev->bDeviceClass != 0 && dev->bDeviceClass != USB_CLASS_STORAGE)
		return USB_REFUSED_OTHER;
	return storage ? USB_STICK : USB_REFUSED_OTHER;
}

Uint32 usbwatch_register_event(SDL_atomic_t *type)
{
	if (!SDL_AtomicGet(type)) {
		Uint32 t = SDL_RegisterEvents(1);
		if (t == (Uint32)-1)
			return 0;
		/* A second registration by a racing thread is harmless: the first one wins. */
		if (!SDL_AtomicCAS(type, 0, (int)t))
			return (Uint32)SDL_AtomicGet(type);
	}
	return (Uint32)SDL_AtomicGet(type);
}

Uint32 usbwatch_event(void)
{
	static SDL_atomic_t type;

	return usbwatch_register_event(&type);
}

int usbwatch_post(const struct usb_note *note)
{
	SDL_Event event = { 0 };
	struct usb_note *copy = malloc(sizeof(*copy));

	if (!copy || !(event.type = usbwatch_event())) {
		free(copy);
		return -1;
	}
	*copy = *note;
	event.user.data1 = copy;
	if (SDL_PushEvent(&event) != 1) {
		free(copy);
		return -1;
	}
	return 0;
}

/*
 * The serial the kernel read from the device when it was enumerated (sysfs
 * "serial"), which is the iSerialNumber string libusb would fetch: read here
 * so that the kiosk never opens the device or sends it a request. "" when
 * there is none or it is no serial a token can name.
 */
static void usbwatch_serial(libusb_device *dev, char *out, size_t size)
{
	uint8_t ports[8];
	char path[128], buf[TOKEN_SERIAL_MAX + 2] = "";
	int n = libusb_get_port_numbers(dev, ports, sizeof(ports)), len;
	FILE *f;

	out[0] = '\0';
	if (n <= 0)
		return;
	len = snprintf(path, sizeof(path), "/sys/bus/usb/devices/%u-%u", libusb_get_bus_number(dev),
		       ports[0]);
	for (int i = 1; i < n; i++)
		len += snprintf(path + len, sizeof(path) - (size_t)len, ".%u", ports[i]);
	snprintf(path + len, sizeof(path) - (size_t)len, "/serial");
	if (!(f = fopen(path, "re")))
		return;
	if (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (token_valid_serial(buf))
			snprintf(out, size, "%s", buf);
	}
	fclose(f);
}

/* Reads DEV's descriptors and says what it is (on the watcher's thread). */
static enum usb_kind usbwatch_inspect(libusb_device *dev, struct libusb_device_descriptor *desc)
{
	struct libusb_config_descriptor *configs[USB_MAX_CONFIGS] = { 0 };
	int count;
	enum usb_kind kind;

	if (libusb_get_device_descriptor(dev, desc) != 0)
		return USB_REFUSED_MALFORMED;
	count = desc->bNumConfigurations;
	if (count > USB_MAX_CONFIGS)
		return USB_REFUSED_MALFORMED;
	for (int c = 0; c < count; c++)
		if (libusb_get_config_descriptor(dev, (uint8_t)c, &configs[c]) != 0)
			configs[c] = NULL;
	kind = usbwatch_classify(desc, (const struct libusb_config_descriptor *const *)configs,
				 count);
	for (int c = 0; c < count; c++)
		if (configs[c])
			libusb_free_config_descriptor(configs[c]);
	return kind;
}

static int LIBUSB_CALL usbwatch_hotplug(libusb_context *ctx, libusb_device *dev,
					libusb_hotplug_event event, void *user)
{
	struct libusb_device_descriptor desc = { 0 };
	struct usb_note note = { 0 };

	note.arrived = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED;
	note.bus = libusb_get_bus_number(dev);
	note.address = libusb_get_device_address(dev);
	if (note.arrived) {
		note.kind = usbwatch_inspect(dev, &desc);
		note.vendor = desc.idVendor;
		note.product = desc.idProduct;
		if (note.kind == USB_STICK)
			usbwatch_serial(dev, note.serial, sizeof(note.serial));
	}
	if (usbwatch_post(&note) != 0)
		fprintf(stderr, "prisma-kiosk: usb: cannot post an event: %s\n", SDL_GetError());
	return 0; /* stay registered */
}

static int usbwatch_loop(void *data)
{
	struct usbwatch *watch = data;

	while (!SDL_AtomicGet(&watch->stop)) {
		/* Woken by a device or by usbwatch_stop, not by the clock: an idle kiosk sleeps. */
		struct timeval tv = { 3600, 0 };
		int rc = libusb_handle_events_timeout_completed(watch->ctx, &tv, NULL);
		if (rc != 0 && rc != LIBUSB_ERROR_INTERRUPTED) {
			fprintf(stderr, "prisma-kiosk: usb: %s\n", libusb_error_name(rc));
			return -1;
		}
	}
	return 0;
}

struct usbwatch *usbwatch_start(struct error *err)
{
	struct usbwatch *watch = calloc(1, sizeof(*watch));
	int rc;

	if (!watch || !usbwatch_event()) {
		error_set(err, "usb: out of memory or SDL events");
		free(watch);
		return NULL;
	}
	if ((rc = libusb_init(&watch->ctx)) != 0) {
		error_set(err, "usb: libusb: %s", libusb_error_name(rc));
		free(watch);
		return NULL;
	}
	if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) ||
	    (rc = libusb_hotplug_register_callback(
		     watch->ctx,
		     LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
		     LIBUSB_HOTPLUG_ENUMERATE, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
		     LIBUSB_HOTPLUG_MATCH_ANY, usbwatch_hotplug, NULL, &watch->handle)) != 0) {
		error_set(err, "usb: no hotplug: %s", libusb_error_name(rc));
		goto fail;
	}
	watch->thread = SDL_CreateThread(usbwatch_loop, "usbwatch", watch);
	if (!watch->thread) {
		error_set(err, "usb: thread: %s", SDL_GetError());
		libusb_hotplug_deregister_callback(watch->ctx, watch->handle);
		goto fail;
	}
	return watch;
fail:
	libusb_exit(watch->ctx);
	free(watch);
	return NULL;
}

void usbwatch_stop(struct usbwatch *watch)
{
	if (!watch)
		return;
	SDL_AtomicSet(&watch->stop, 1);
	/* Deregistering wakes the event thread, which then sees STOP. */
	libusb_hotplug_deregister_callback(watch->ctx, watch->handle);
	libusb_interrupt_event_handler(watch->ctx); /* and so does this, should it not be in yet */
	SDL_WaitThread(watch->thread, NULL);
	libusb_exit(watch->ctx);
	free(watch);
}
