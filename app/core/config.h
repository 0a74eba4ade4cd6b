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
 *   catalogue = /usr/share/prisma/catalogue.ini
 *   locale_dir = /usr/share/locale   ; optional: where LANG/LC_MESSAGES/prisma.mo are
 *   languages = de,en            ; optional, offered on the home screen in this order
 *   idle_timeout = 120           ; optional, seconds without input before the kiosk wipes
 *   lookups_per_minute = 5       ; optional, reference-code status lookups allowed a minute
 *   font_dir = /usr/share/fonts/truetype/noto   ; optional: NotoSans-Regular.ttf, -Bold.ttf
 *
 *   [recipients]                 ; name = public key file(s) of a provider
 *   vpn = office/vpn.pub
 *   apro = office/apro-2027.pub, office/apro-2026.pub   ; rotating: sealed to both
 *
 *   [collection]
 *   public_key = office/collection.pub
 *
 * Relative paths are resolved against the directory of the ini file.
 */
#define CONFIG_DEFAULT_FONT_DIR	      "/usr/share/fonts/truetype/noto"
#define CONFIG_MAX_LOOKUPS_PER_MINUTE 60

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
	char *catalogue_path;
	char *locale_dir; /* NULL when not configured */
	char *font_dir;	  /* never NULL after load */
	char *languages;  /* comma-separated codes, never NULL after load */
	int idle_timeout;
	int lookups_per_minute; /* terminal_lookup_code()'s limit, 1..CONFIG_MAX_LOOKUPS_PER_MINUTE
				 */
	char *collection_public_key_path;
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
