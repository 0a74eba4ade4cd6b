#ifndef PRISMA_KIOSK_I18N_H
#define PRISMA_KIOSK_I18N_H

#include "core/error.h"

#include <libintl.h>
#include <stddef.h>

/*
 * gettext, text domain "prisma". msgids are English. A language is added by
 * adding assets/locale/CODE.po and CODE to `languages` in terminal.ini: the
 * name shown on its home-screen button comes from that .po file too (msgctxt
 * "language-name", msgid "English", msgstr = the language's own name).
 */
#define _(s)  gettext(s)
#define N_(s) (s)

#define I18N_LANGUAGES_MAX 16
#define I18N_CODE_MAX	   16
#define I18N_NAME_MAX	   64

struct i18n {
	char codes[I18N_LANGUAGES_MAX][I18N_CODE_MAX];
	char names[I18N_LANGUAGES_MAX][I18N_NAME_MAX];
	size_t count;
	size_t current;
};

/*
 * Binds the text domain to LOCALE_DIR, parses LANGUAGES ("de,en") and looks up
 * each language's own name. Selects the first language. Returns 0, or -1 with
 * ERR naming the field (`languages`) at fault.
 */
int i18n_open(struct i18n *i18n, const char *languages, const char *locale_dir, struct error *err);

/* Switches every later gettext() to CODE. Returns 0, or -1 when CODE is not offered. */
int i18n_select(struct i18n *i18n, const char *code);

/*
 * Makes gettext (including libc's strerror) answer in the English msgids
 * until the next i18n_select: messages for operators on stderr stay English
 * whatever language the inmate chose.
 */
void i18n_neutral(struct i18n *i18n);

/* The current language code ("de"). */
const char *i18n_code(const struct i18n *i18n);

#endif
