#ifndef PRISMA_CONFIG_H
#define PRISMA_CONFIG_H

#include "core/error.h"

#include <stddef.h>

/*
 * The terminal configuration (terminal.ini), read with inih:
 *
 *   [terminal]
 *   id = demo-wing-a-01          ; letters, digits, '-', '_', '.', at most 32
 *   data_dir = spool             ; spool.db lives here
 *   key = terminal.key           ; the terminal's Ed25519 signing key
 *   certificate = terminal.cert  ; optional: the office's certificate of that key
 *   previous_certificates = 2026.cert, 2025.cert  ; optional: certificates of the terminal's
 *                                ; earlier keys (re-keying), at most 4: requests signed with
 *                                ; them still verify and go out with them
 *   catalogue = /usr/share/prisma/catalogue.ini
 *   locale_dir = /usr/share/locale   ; optional: where LANG/LC_MESSAGES/prisma.mo are
 *   languages = de,en            ; optional: the first is the start language; each must be in
 *                                ; assets/languages.ini, whose languages home always offers
 *   idle_timeout = 120           ; optional, 10-3600 seconds without input before the kiosk
 *                                ; warns that it will wipe (idle-warning screen)
 *   idle_warning = 30            ; optional, 20-600 seconds the warning counts down, then wipe
 *   tap_guard_ms = 400           ; optional, 0-2000 ms after a screen change in which taps are
 *                                ; ignored (a double tap must not hit the next screen)
 *   lookups_per_minute = 5       ; optional, reference-code status lookups allowed a minute
 *   display_mm = 154x86          ; optional, the panel's visible width x height in millimetres
 *                                ; (20-2000 each; default the 7" 800x480 panel). Touch targets
 *                                ; are sized and checked against it (tests/kiosk/sizes.sh)
 *   font_dir = /usr/share/fonts/truetype/noto   ; optional: NotoSans-Regular.ttf, -Bold.ttf
 *   theme = /usr/share/prisma/theme.ini          ; optional: the kiosk's colours
 *
 *   [recipients]                 ; name = public key file(s) of a provider
 *   vpn = office/vpn.pub
 *   apro = office/apro-2027.pub, office/apro-2026.pub   ; rotating: sealed to both
 *
 *   [collection]
 *   public_key = office/collection.pub
 *
 *   [limits]                     ; optional; these are the defaults
 *   min_interval = 30            ; seconds between two submissions (0-3600)
 *   per_hour = 20                ; submissions within any hour (1-1000; 0: no hourly limit)
 *   spool_capacity = 5000        ; requests the spool holds before it refuses more
 *   capacity_warning = 80        ; percent of the capacity at which status warns (10-99)
 *
 *   [usb]                        ; optional; the kiosk's collection by USB stick
 *   mount_point = /media/prisma-stick   ; where the system mounts an inserted stick
 *   mount_timeout = 20           ; seconds the kiosk waits for that mount (1-300)
 *
 *   [speech]                     ; optional; read aloud (docs/kiosk.md, docs/accessibility.md)
 *   backend = espeak             ; espeak (the voice), record (transcript only, for tests) or
 *                                ; none (read aloud off). Default: espeak when audio is set,
 *                                ; else none: nothing plays through a loudspeaker unless configured
 *   audio = USB Headset Analog Stereo   ; the SDL audio output (the headset); empty or absent:
 *                                ; SDL's default output, used only when backend = espeak is set
 *
 * Relative paths are resolved against the directory of the ini file.
 */
#define CONFIG_DEFAULT_FONT_DIR	      "/usr/share/fonts/truetype/noto"
#define CONFIG_DEFAULT_USB_MOUNT      "/media/prisma-stick"
#define CONFIG_MAX_PER_HOUR	      1000
#define CONFIG_MAX_LOOKUPS_PER_MINUTE 60
#define CONFIG_DEFAULT_DISPLAY_MM_W   154 /* 7" 800x480 panel */
#define CONFIG_DEFAULT_DISPLAY_MM_H   86
#define CONFIG_MAX_PREVIOUS	      4 /* BUNDLE_MAX_PREVIOUS */

/* One key file; a recipient that rotates its key has two entries of the same name. */
struct config_recipient {
	char *name;
	char *public_key_path;
};

struct config {
	char *path;
	char *terminal_id;
	char *data_dir;
	char *key_path;
	char *certificate_path; /* NULL when not configured */
	char *previous_certificate_paths[CONFIG_MAX_PREVIOUS];
	size_t previous_certificate_count;
	char *catalogue_path;
	char *locale_dir; /* NULL when not configured */
	char *font_dir;	  /* never NULL after load */
	char *theme_path; /* NULL when not configured: the kiosk uses its built-in assets */
	char *languages;  /* comma-separated codes, never NULL after load */
	int idle_timeout; /* seconds */
	int idle_warning; /* seconds */
	int tap_guard_ms;
	int health_recheck;	/* seconds between checks while out of service (terminal_check) */
	int lookups_per_minute; /* terminal_lookup_code()'s limit, 1..CONFIG_MAX_LOOKUPS_PER_MINUTE
				 */
	int display_mm_w, display_mm_h; /* the panel's physical size, millimetres */
	char *collection_public_key_path;
	int min_interval; /* [limits] */
	int per_hour;
	long spool_capacity;
	int capacity_warning;
	char *usb_mount_point; /* [usb], never NULL after load */
	int usb_mount_timeout; /* seconds */
	char *speech_backend;  /* [speech] "espeak", "record" or "none"; never NULL after load */
	char *speech_audio;    /* [speech] SDL audio output, "" = default; never NULL after load */
	struct config_recipient *recipients;
	size_t recipient_count;
};

/*
 * Loads and validates PATH into *CFG. Returns 0, or -1 with ERR naming the
 * file, line or field at fault; on failure *CFG holds nothing to free.
 */
int config_load(struct config *cfg, const char *path, struct error *err);

/* Frees what config_load allocated. Safe on a zeroed struct. */
void config_free(struct config *cfg);

/* Returns the (first) recipient entry called NAME, or NULL. */
const struct config_recipient *config_find_recipient(const struct config *cfg, const char *name);

/* True when ID is a valid terminal id (see above). */
int config_valid_terminal_id(const char *id);

#endif
