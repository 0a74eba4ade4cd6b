#ifndef PRISMA_KIOSK_SCRIPT_USB_H
#define PRISMA_KIOSK_SCRIPT_USB_H

#include "kiosk/ui.h"

#include <stddef.h>

/*
 * The USB collection's script commands (docs/kiosk.md): each takes the
 * command's argument ARG and returns 0, or -1 with WHY (SIZE bytes) saying
 * what did not hold. They post the same notes the libusb watcher posts.
 */

/* stick-insert DIR SERIAL: a plain mass-storage stick with that USB serial, mounted at DIR. */
int script_usb_insert(struct ui *ui, const char *arg, char *why, size_t size);

/* stick-remove: the last inserted stick leaves (before its collection starts if it has not). */
int script_usb_remove(struct ui *ui, const char *arg, char *why, size_t size);

/* device-insert KIND VENDOR:PRODUCT: a refused device (hid, hub, composite, malformed). */
int script_usb_device(struct ui *ui, const char *arg, char *why, size_t size);

/* expect-status CODE: the last collection ended with CODE (EXPORT_OK, ...). */
int script_usb_expect_status(struct ui *ui, const char *arg, char *why, size_t size);

#endif
