/*
 * Proves app/kiosk/usbwatch.c and usbcollect.c without hardware and without
 * root: umockdev (libumockdev, run under its preload library; the test
 * re-executes itself through umockdev-wrapper) simulates USB devices arriving
 * and leaving with real descriptors, libusb's hotplug thread sees them, and
 * the notes it posts drive a collection on a real terminal (spool, keys,
 * audit log). umockdev does not mount file systems, so each stick's note is
 * given its folder the way a script's stick-insert gives it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/collection.h"
#include "core/fileio.h"
#include "core/request.h"
#include "core/token.h"
#include "kiosk/usbcollect.h"
#include "kiosk/usbwatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <ftw.h>
#include <umockdev.h>
#include <unistd.h>

/* Descriptors as a device sends them: device (18 bytes), then each configuration in full. */
#define DEV(cls, vid_lo, vid_hi, pid_lo, pid_hi, configs)                                          \
	18, 1, 0x00, 0x02, cls, 0, 0, 64, vid_lo, vid_hi, pid_lo, pid_hi, 0x00, 0x01, 1, 2, 3,     \
		configs
#define CONFIG(total, interfaces)   9, 2, total, 0, interfaces, 1, 0, 0x80, 50
#define IFACE(num, cls, sub, proto) 9, 4, num, 0, 2, cls, sub, proto, 0
#define BULK(ep)		    7, 5, ep, 2, 0x00, 0x02, 0

static const unsigned char stick_desc[] = { DEV(0, 0x81, 0x07, 0x81, 0x55, 1), CONFIG(32, 1),
					    IFACE(0, 0x08, 0x06, 0x50), BULK(0x81), BULK(0x02) };
static const unsigned char keyboard_desc[] = { DEV(0, 0x6d, 0x04, 0x1c, 0xc3, 1),
					       CONFIG(25, 1),
					       9,
					       4,
					       0,
					       0,
					       1,
					       0x03,
					       0x01,
					       0x01,
					       0,
					       7,
					       5,
					       0x81,
					       3,
					       8,
					       0,
					       10 };
static const unsigned char composite_desc[] = { DEV(0, 0x81, 0x07, 0x90, 0x55, 1),
						CONFIG(57, 2),
						IFACE(0, 0x08, 0x06, 0x50),
						BULK(0x81),
						BULK(0x02),
						9,
						4,
						1,
						0,
						1,
						0x03,
						0x01,
						0x01,
						0,
						7,
						5,
						0x83,
						3,
						8,
						0,
						10 };
static const unsigned char hub_desc[] = { DEV(0x09, 0xe3, 0x05, 0x10, 0x06, 1),
					  CONFIG(25, 1),
					  9,
					  4,
					  0,
					  0,
					  1,
					  0x09,
					  0,
					  0,
					  0,
					  7,
					  5,
					  0x81,
					  3,
					  1,
					  0,
					  12 };
/* A configuration that claims 200 bytes and two interfaces, then stops. */
static const unsigned char malformed_desc[] = { DEV(0, 0xff, 0xff, 0x00, 0x00, 1), CONFIG(200, 2),
						9, 4, 0 };

struct world {
	char dir[64], ini[128], stick[128], audit[128];
	struct terminal *term;
	struct key_secret *collection;
	UMockdevTestbed *bed;
	struct usbwatch *watch;
	struct usbcollect collect;
};

static struct world w;
static int next_port = 1;

static void put_token(const char *stick, const char *serial, uint64_t expires)
{
	unsigned char token[TOKEN_MAX_BYTES];
	char path[256];
	struct error err = { "" };
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/PRISMA", stick);
	assert_int_equal(fileio_mkdirs(path, 0755, &err), 0);
	assert_int_equal(token_issue(serial, (uint64_t)time(NULL) - 7200, expires, w.collection,
				     token, &len, &err),
			 0);
	snprintf(path, sizeof(path), "%s/PRISMA/token", stick);
	unlink(path);
	assert_int_equal(fileio_write_new(path, token, len, 0644, &err), 0);
}

static void world_key(const char *name, enum key_kind kind)
{
	char base[192];
	struct error err = { "" };

	snprintf(base, sizeof(base), "%s/%s", w.dir, name);
	if (key_generate(kind, name, base, NULL, &err) < 0)
		fail_msg("key_generate %s: %s", name, err.msg);
}

static void world_open(void)
{
	char path[256], reference[REQUEST_REFERENCE_LEN + 1];
	struct error err = { "" };
	struct request *req = request_new();
	FILE *f;

	snprintf(w.dir, sizeof(w.dir), "/tmp/prisma-usb-XXXXXX");
	assert_non_null(mkdtemp(w.dir));
	snprintf(path, sizeof(path), "%s/spool", w.dir);
	assert_int_equal(mkdir(path, 0700), 0);
	spool_close(spool_create(path, &err));
	world_key("terminal", KEY_ED25519);
	world_key("vpn", KEY_X25519);
	world_key("apro", KEY_X25519);
	world_key("collection", KEY_ED25519);
	snprintf(path, sizeof(path), "%s/collection.key", w.dir);
	w.collection = key_secret_load(path, KEY_ED25519, NULL, &err);
	assert_non_null(w.collection);
	snprintf(w.ini, sizeof(w.ini), "%s/terminal.ini", w.dir);
	snprintf(w.audit, sizeof(w.audit), "%s/spool/audit.log", w.dir);
	assert_non_null(f = fopen(w.ini, "w"));
	fprintf(f, "[terminal]\nid = wing-u-01\ndata_dir = spool\nkey = terminal.key\n"
		   "catalogue = " PRISMA_ASSETS_DIR "/catalogue.ini\n\n[recipients]\n"
		   "vpn = vpn.pub\napro = apro.pub\n\n[collection]\npublic_key = collection.pub\n\n"
		   "[limits]\nmin_interval = 0\n");
	assert_int_equal(fclose(f), 0);
	w.term = terminal_open(w.ini, &err);
	if (!w.term)
		fail_msg("terminal_open: %s", err.msg);
	strcpy(req->service, "akt");
	strcpy(req->language, "de");
	req->contact = CONTACT_CODE;
	for (int i = 0; i < 2; i++)
		assert_int_equal(terminal_submit(w.term, req, reference, &err), 0);
	request_free(req);
}

/* The next note the watcher posts (waiting for it: libusb's thread runs on its own). */
static struct usb_note *next_note(void)
{
	SDL_Event event;

	while (SDL_WaitEventTimeout(&event, 20000)) {
		if (event.type == usbwatch_event())
			return event.user.data1;
	}
	fail_msg("no USB note within 20 s (port %d)", next_port);
	return NULL;
}

/* A simulated device on bus 1 with descriptors DESC and, if not NULL, SERIAL. */
static char *plug(const unsigned char *desc, size_t len, const char *serial)
{
	char name[16], devnum[8], devnum3[8], devname[64];
	char *sys;

	snprintf(name, sizeof(name), "1-%d", next_port);
	snprintf(devnum, sizeof(devnum), "%d", next_port + 1);
	snprintf(devnum3, sizeof(devnum3), "%03d", next_port + 1);
	snprintf(devname, sizeof(devname), "/dev/bus/usb/001/%03d", next_port + 1);
	next_port++;
	sys = umockdev_testbed_add_device(
		w.bed, "usb", name, NULL, "busnum", "1", "devnum", devnum, "speed", "480",
		"bConfigurationValue", "1", serial ? "serial" : "product",
		serial ? serial : "Mass Storage", NULL, "DEVTYPE", "usb_device", "BUSNUM", "001",
		"DEVNUM", devnum3, "DEVNAME", devname, NULL);
	assert_non_null(sys);
	umockdev_testbed_set_attribute_binary(w.bed, sys, "descriptors", (guint8 *)desc, len);
	umockdev_testbed_uevent(w.bed, sys, "add");
	return sys;
}

static void unplug(char *sys)
{
	umockdev_testbed_uevent(w.bed, sys, "remove");
	umockdev_testbed_remove_device(w.bed, sys);
	g_free(sys);
}

/* Hands NOTE (taken) to the collector, with FOLDER as its mount when not NULL. */
static void deliver_only(struct usb_note *note, const char *folder)
{
	SDL_Event event = { 0 };

	if (folder)
		snprintf(note->mount, sizeof(note->mount), "%s", folder);
	event.type = usbwatch_event();
	event.user.data1 = note;
	assert_int_equal(usbcollect_handle(&w.collect, &event, 0, 0), 1);
}

static void deliver(struct usb_note *note, const char *folder)
{
	deliver_only(note, folder);
	usbcollect_wait(&w.collect);
}

static int audited(const char *text)
{
	char line[512];
	FILE *f = fopen(w.audit, "r");
	int found = 0;

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

#define SERIAL "4C530001230915116142"

static char *stick_folder(const char *name, const char *token_serial, long valid_for)
{
	static char path[8][160];
	static int n;
	char *p = path[n++ % 8];

	snprintf(p, sizeof(path[0]), "%s/%s", w.dir, name);
	assert_int_equal(mkdir(p, 0755), 0);
	if (token_serial)
		put_token(p, token_serial, (uint64_t)(time(NULL) + valid_for));
	return p;
}

/* A plugged stick whose note the collector takes; returns the status (and unplugs it). */
static enum collection_status collect_stick(const char *serial, const char *folder)
{
	char *sys = plug(stick_desc, sizeof(stick_desc), serial);
	struct usb_note *note = next_note();
	enum collection_status status;

	assert_int_equal(note->arrived, 1);
	assert_int_equal(note->kind, USB_STICK);
	assert_string_equal(note->serial, serial ? serial : "");
	assert_int_equal(note->vendor, 0x0781);
	assert_int_equal(note->product, 0x5581);
	deliver(note, folder);
	assert_int_equal(w.collect.phase, USBCOLLECT_SHOWN);
	status = w.collect.last_status;
	unplug(sys);
	note = next_note();
	assert_int_equal(note->arrived, 0);
	deliver(note, NULL);
	assert_int_equal(w.collect.stick_count, 0);
	usbcollect_close_overlay(&w.collect);
	return status;
}

static void test_authorised_stick_arrives_and_leaves(void **state)
{
	char *folder = stick_folder("good", SERIAL, 86400);
	char *sys = plug(stick_desc, sizeof(stick_desc), SERIAL);
	struct usb_note *note = next_note();

	assert_int_equal(note->kind, USB_STICK);
	assert_string_equal(note->serial, SERIAL);
	deliver(note, folder);
	assert_int_equal(w.collect.last_status, COLLECTION_EXPORT_OK);
	assert_int_equal(w.collect.outcome.custody.export.exported, 2);
	assert_int_equal(w.collect.phase, USBCOLLECT_SHOWN);
	unplug(sys);
	note = next_note();
	assert_int_equal(note->arrived, 0);
	deliver(note, NULL);
	/* Done and pulled: the overlay goes by itself. */
	assert_int_equal(w.collect.phase, USBCOLLECT_IDLE);
	assert_true(audited(" collection status=EXPORT_OK exported=2 "));
}

static void test_refused_sticks(void **state)
{
	assert_int_equal(collect_stick("OTHER-SERIAL", stick_folder("wrong", SERIAL, 86400)),
			 COLLECTION_NOT_AUTHORIZED);
	assert_int_equal(collect_stick(SERIAL, stick_folder("expired", SERIAL, -60)),
			 COLLECTION_TOKEN_EXPIRED);
	assert_int_equal(collect_stick(NULL, stick_folder("noserial", SERIAL, 86400)),
			 COLLECTION_NOT_AUTHORIZED);
	assert_int_equal(collect_stick(SERIAL, stick_folder("notoken", NULL, 0)),
			 COLLECTION_NOT_AUTHORIZED);
}

static void test_two_sticks(void **state)
{
	char *a = plug(stick_desc, sizeof(stick_desc), SERIAL), *b;
	struct usb_note *note = next_note();

	deliver_only(note, stick_folder("first", SERIAL, 86400));
	assert_int_equal(w.collect.phase, USBCOLLECT_MOUNTING);
	b = plug(stick_desc, sizeof(stick_desc), "SECOND-STICK");
	deliver_only(next_note(), stick_folder("second", "SECOND-STICK", 86400));
	assert_int_equal(w.collect.phase, USBCOLLECT_SHOWN);
	assert_int_equal(w.collect.last_status, COLLECTION_MULTIPLE_DEVICES);
	assert_true(audited(" collection status=MULTIPLE_DEVICES "));
	unplug(a);
	deliver(next_note(), NULL);
	unplug(b);
	deliver(next_note(), NULL);
	assert_int_equal(w.collect.stick_count, 0);
	usbcollect_close_overlay(&w.collect);
}

/* Not a stick: refused, audited with its ids, and nothing the inmate would see. */
static void refused_device(const unsigned char *desc, size_t len, enum usb_kind kind,
			   const char *audit)
{
	char *sys = plug(desc, len, "SOME-SERIAL");
	struct usb_note *note = next_note();

	assert_int_equal(note->arrived, 1);
	assert_int_equal(note->kind, kind);
	deliver(note, NULL);
	assert_int_equal(w.collect.phase, USBCOLLECT_IDLE);
	assert_int_equal(w.collect.stick_count, 0);
	assert_true(audited(audit));
	unplug(sys);
	deliver(next_note(), NULL);
	assert_int_equal(w.collect.phase, USBCOLLECT_IDLE);
}

static void test_refused_devices(void **state)
{
	refused_device(keyboard_desc, sizeof(keyboard_desc), USB_REFUSED_HID,
		       " usb-refused vendor=046d product=c31c reason=hid ");
	refused_device(composite_desc, sizeof(composite_desc), USB_REFUSED_COMPOSITE,
		       " usb-refused vendor=0781 product=5590 reason=composite ");
	refused_device(hub_desc, sizeof(hub_desc), USB_REFUSED_HUB,
		       " usb-refused vendor=05e3 product=0610 reason=hub ");
	refused_device(malformed_desc, sizeof(malformed_desc), USB_REFUSED_MALFORMED,
		       " usb-refused vendor=ffff product=0000 reason=malformed ");
}

/* Every configuration and alternate setting counts: a second one with HID is composite. */
static void test_classify_every_configuration(void **state)
{
	struct libusb_interface_descriptor storage = { .bLength = 9, .bInterfaceClass = 0x08 };
	struct libusb_interface_descriptor hid = { .bLength = 9, .bInterfaceClass = 0x03 };
	struct libusb_interface_descriptor alts[2] = { storage, hid };
	struct libusb_interface i_storage = { &storage, 1 }, i_hid = { &hid, 1 },
				i_alt = { alts, 2 };
	struct libusb_config_descriptor c_storage = { .bNumInterfaces = 1,
						      .interface = &i_storage };
	struct libusb_config_descriptor c_hid = { .bNumInterfaces = 1, .interface = &i_hid };
	struct libusb_config_descriptor c_alt = { .bNumInterfaces = 1, .interface = &i_alt };
	struct libusb_config_descriptor c_empty = { .bNumInterfaces = 0 };
	struct libusb_device_descriptor dev = { .bLength = 18,
						.bDescriptorType = 1,
						.bNumConfigurations = 1 };
	const struct libusb_config_descriptor *list[2] = { &c_storage, &c_hid };

	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_STICK);
	list[0] = &c_alt;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_COMPOSITE);
	list[0] = &c_hid;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_HID);
	list[0] = &c_empty;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_MALFORMED);
	list[0] = NULL;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_MALFORMED);
	dev.bNumConfigurations = 2;
	list[0] = &c_storage;
	list[1] = &c_hid;
	assert_int_equal(usbwatch_classify(&dev, list, 2), USB_REFUSED_COMPOSITE);
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_MALFORMED);
	dev.bNumConfigurations = 1;
	dev.bDeviceClass = 0xff;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_OTHER);
	dev.bDeviceClass = 0x09;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_HUB);
	dev.bDeviceClass = 0;
	dev.bLength = 17;
	assert_int_equal(usbwatch_classify(&dev, list, 1), USB_REFUSED_MALFORMED);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_every_configuration),
		cmocka_unit_test(test_authorised_stick_arrives_and_leaves),
		cmocka_unit_test(test_refused_sticks),
		cmocka_unit_test(test_two_sticks),
		cmocka_unit_test(test_refused_devices),
	};
	struct error err = { "" };
	int rc;

	if (!getenv("LD_PRELOAD") || !strstr(getenv("LD_PRELOAD"), "libumockdev-preload")) {
		/* The preload library must be there from the start: run again under it, once. */
		char *args[] = { "umockdev-wrapper", argv[0], NULL };
		if (getenv("PRISMA_UMOCKDEV_AGAIN")) {
			fprintf(stderr, "test_usbwatch: umockdev's preload library did not load\n");
			return 1;
		}
		setenv("PRISMA_UMOCKDEV_AGAIN", "1", 1);
		setenv("ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0", 1);
		execvp(args[0], args);
		fprintf(stderr,
			"test_usbwatch: umockdev-wrapper: cannot run it (package umockdev)\n");
		return 1;
	}
	if (core_init() < 0 || SDL_Init(SDL_INIT_EVENTS) != 0)
		return 1;
	w.bed = umockdev_testbed_new();
	world_open();
	usbcollect_init(&w.collect, w.term);
	w.collect.deferred_start = 1;
	if (!(w.watch = usbwatch_start(&err))) {
		fprintf(stderr, "test_usbwatch: %s\n", err.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	usbwatch_stop(w.watch);
	usbcollect_finish(&w.collect);
	terminal_close(w.term);
	key_secret_free(w.collection);
	g_object_unref(w.bed);
	nftw(w.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	SDL_Quit();
	return rc;
}
