#ifndef PRISMA_KIOSK_LANGUAGES_H
#define PRISMA_KIOSK_LANGUAGES_H

#include "core/error.h"
#include "kiosk/fonts.h"
#include "kiosk/kbdlayout.h"
#include "kiosk/langtable.h"
#include "kiosk/shape.h"

/*
 * What the kiosk needs per language, loaded once at start from assets/: the
 * language table, the fonts (opened lazily), every keyboard the table names
 * plus the digits pad. Read-only after languages_open.
 */
#define LANGUAGES_KEYBOARDS_MAX 12
#define LANGUAGES_DIGITS	"digits"
#define LANGUAGES_CODE		"code" /* the reference code's alphabet (status screen) */

struct languages {
	struct langtable table;
	struct fonts fonts;
	struct kbdlayout keyboards[LANGUAGES_KEYBOARDS_MAX]; /* in order of first use */
	char keyboard_names[LANGUAGES_KEYBOARDS_MAX][LANGTABLE_TEXT_MAX];
	size_t keyboard_count;
	size_t digits; /* index of the digits pad */
	size_t code;   /* index of the reference code's keyboard */
};

/*
 * Loads ASSETS_DIR/languages.ini and ASSETS_DIR/keyboards/NAME.kbd for every
 * keyboard named there and "digits"; remembers FONT_DIR and registers each
 * language's font family. Returns a new struct (languages_close frees it) or
 * NULL with ERR naming the file, line and field at fault.
 */
struct languages *languages_open(const char *assets_dir, const char *font_dir, struct error *err);

/* Closes the fonts and frees L. NULL is ignored. */
void languages_close(struct languages *l);

/* The language CODE, or NULL. */
const struct language *languages_find(const struct languages *l, const char *code);

/* The index of the keyboard of language CODE (the first keyboard when CODE is unknown). */
size_t languages_keyboard_of(const struct languages *l, const char *code);

/* The keyboard after INDEX for key.switch, skipping the digits pad and the code keyboard; cycles.
 */
size_t languages_keyboard_next(const struct languages *l, size_t index);

/* The text style for language CODE: its family and direction, at PX pixels. */
struct shape_style languages_style(const struct languages *l, const char *code, int bold, int px);

#endif
