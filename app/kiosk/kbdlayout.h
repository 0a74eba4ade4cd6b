#ifndef PRISMA_KIOSK_KBDLAYOUT_H
#define PRISMA_KIOSK_KBDLAYOUT_H

#include "core/error.h"

#include <stddef.h>

/*
 * On-screen keyboard layouts, parsed from assets/keyboards/NAME.kbd (format in
 * docs/kiosk.md, "Keyboards"). A layout has pages (letters, symbols, ...) of
 * rows of keys, listed left to right as seen: keyboards are never mirrored.
 *
 * Key ids stay those of the first keyboard: "key.<lower-case text>" for a
 * character ("key.a", "key.ü", "key.,"), "key.shift", "key.space",
 * "key.backspace", plus "key.enter" (line break), "key.switch" (next layout
 * for this field), "key.page.NAME" (show page NAME) and "key.zwnj" (Persian
 * half space, U+200C).
 *
 * Size: a key must be at least 10 mm wide with 2 mm between keys on a 7-inch
 * 800x480 panel (154 x 86 mm, 5.2 px/mm): a key's pitch is 12 mm, so at most
 * 154 / 12 = 12 one-unit keys fit in a row. The parser refuses wider rows.
 */
#define KBD_ROW_UNITS_MAX 12 /* one-unit keys per row (see above) */
#define KBD_PAGES_MAX	  4
#define KBD_ROWS_MAX	  5
#define KBD_KEYS_MAX	  14 /* per row */
#define KBD_TEXT_MAX	  16 /* UTF-8 bytes of what a key types, with NUL */
#define KBD_NAME_MAX	  32

enum kbd_action {
	KBD_CHAR = 0,  /* types text (or upper with shift) */
	KBD_SHIFT,     /* one-shot shift */
	KBD_BACKSPACE, /* deletes the character before the caret */
	KBD_SPACE,     /* types " " */
	KBD_ENTER,     /* types "\n" (message field) */
	KBD_SWITCH,    /* the field's next layout */
	KBD_PAGE,      /* shows page `target` */
};

struct kbd_key {
	enum kbd_action action;
	char id[KBD_NAME_MAX + 8]; /* "key.a", "key.page.symbols" */
	char text[KBD_TEXT_MAX];   /* what KBD_CHAR types */
	char upper[KBD_TEXT_MAX];  /* what KBD_CHAR types with shift */
	char label[KBD_TEXT_MAX];  /* what the key shows unshifted; a page key the first three
				      keys of its page; other specials: empty (the screen shows a
				      translated word) */
	char target[KBD_NAME_MAX]; /* KBD_PAGE: the page's name */
	int halves;		   /* width in half units (a letter is 2) */
};

struct kbd_row {
	struct kbd_key keys[KBD_KEYS_MAX];
	size_t count;
	int halves; /* the row's width in half units */
};

struct kbd_page {
	char name[KBD_NAME_MAX];
	struct kbd_row rows[KBD_ROWS_MAX];
	size_t count;
};

struct kbdlayout {
	char name[64]; /* shown on the switch key of the previous layout */
	int rtl;       /* the text typed runs right to left */
	int cased;     /* shift makes capitals (towupper) where a key names no upper */
	struct kbd_page pages[KBD_PAGES_MAX]; /* the first is shown first */
	size_t count;
};

/*
 * Parses TEXT (NAME stands for the file in messages). Returns 0, or -1 with
 * ERR as "NAME:LINE: [section] field: reason" (or "NAME: reason" for what is
 * missing at the end) and *LAYOUT zeroed.
 */
int kbdlayout_parse(struct kbdlayout *layout, const char *text, const char *name, struct error *err)
	__attribute__((warn_unused_result));

/* As kbdlayout_parse, from the file PATH. */
int kbdlayout_load(struct kbdlayout *layout, const char *path, struct error *err)
	__attribute__((warn_unused_result));

/* The page called NAME, or NULL. */
const struct kbd_page *kbdlayout_page(const struct kbdlayout *layout, const char *name);

/* The key with ID on PAGE, or NULL. */
const struct kbd_key *kbdlayout_find(const struct kbd_page *page, const char *id);

/* What KEY types: its text, or its upper form when SHIFT is set. */
const char *kbdlayout_key_text(const struct kbd_key *key, int shift);

#endif
