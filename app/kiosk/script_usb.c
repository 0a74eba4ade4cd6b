#include "kiosk/script_usb.h"

#include <stdio.h>
#include <string.h>

/* Every scripted stick gets its own address, as the kernel gives each device. */
static uint8_t script_usb_address(const struct ui *ui)
{
	return (uint8_t)(ui->usb->stick_count + ui->usb->refused_count + 2 +
			 (ui->usb->has_status ? 20 : 0));
}

static int script_usb_deliver(struct ui *ui, const struct usb_note *note, char *why, size_t size)
{
	SDL_Event event;

	if (usbwatch_post(note) != 0 ||
	    SDL_PeepEvents(&event, 1, SDL_GETEVENT, usbwatch_event(), usbwatch_event()) != 1) {
		snprintf(why, size, "cannot post the USB note: %s", SDL_GetError());
		return -1;
	}
	ui_handle_event(ui, &event);
	return 0;
}

int script_usb_insert(struct ui *ui, const char *arg, char *why, size_t size)
{
	struct usb_note note = {
		.arrived = 1, .kind = USB_STICK, .vendor = 0x0781, .product = 0x5581, .bus = 1
	};
	const char *space = strrchr(arg, ' ');

	if (!ui->usb || !space || space == arg || (size_t)(space - arg) >= sizeof(note.mount) ||
	    strlen(space + 1) >= sizeof(note.serial)) {
		snprintf(why, size, "stick-insert DIR SERIAL%s", ui->usb ? "" : ": no terminal");
		return -1;
	}
	/* "-": no folder of its own; the configured mount point is waited for. */
	if (strncmp(arg, "- ", 2))
		snprintf(note.mount, sizeof(note.mount), "%.*s", (int)(space - arg), arg);
	snprintf(note.serial, sizeof(note.serial), "%s", space + 1);
	note.address = script_usb_address(ui);
	ui->usb->deferred_start = 1;
	return script_usb_deliver(ui, &note, why, size);
}

int script_usb_remove(struct ui *ui, const char *arg, char *why, size_t size)
{
	struct usb_note note = { .arrived = 0 };

	if (!ui->usb || !ui->usb->stick_count) {
		snprintf(why, size, "stick-remove: no stick is in");
		return -1;
	}
	note.bus = ui->usb->sticks[ui->usb->stick_count - 1].bus;
	note.address = ui->usb->sticks[ui->usb->stick_count - 1].address;
	return script_usb_deliver(ui, &note, why, size);
}

int script_usb_device(struct ui *ui, const char *arg, char *why, size_t size)
{
	static const enum usb_kind kinds[] = { USB_REFUSED_HID, USB_REFUSED_HUB,
					       USB_REFUSED_COMPOSITE, USB_REFUSED_OTHER,
					       USB_REFUSED_MALFORMED };
	struct usb_note note = { .arrived = 1, .bus = 1 };
	char kind[16];
	unsigned vendor, product;
	size_t i;

	if (!ui->usb || sscanf(arg, "%15s %4x:%4x", kind, &vendor, &product) != 3)
		goto usage;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, usb_kind_reason(kinds[i])))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		goto usage;
	note.kind = kinds[i];
	note.vendor = (uint16_t)vendor;
	note.product = (uint16_t)product;
	note.address = script_usb_address(ui);
	return script_usb_deliver(ui, &note, why, size);
usage:
	snprintf(why, size, "device-insert hid|hub|composite|not-storage|malformed VVVV:PPPP");
	return -1;
}

int script_usb_expect_status(struct ui *ui, const char *arg, char *why, size_t size)
{
	enum collection_status want;

	if (collection_status_parse(arg, &want) != 0) {
		snprintf(why, size, "expect-status: '%.40s' is no status", arg);
		return -1;
	}
	ui_wait_collect(ui);
	if (!ui->usb || !ui->usb->has_status) {
		snprintf(why, size, "expected status %s, no collection has ended", arg);
		return -1;
	}
	if (ui->usb->last_status == want)
		return 0;
	snprintf(why, size, "expected status %s, got %s (%.200s)", arg,
		 collection_status_name(ui->usb->last_status), ui->usb->outcome.detail);
	return -1;
}
