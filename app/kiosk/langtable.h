#ifndef PRISMA_KIOSK_LANGTABLE_H
#define PRISMA_KIOSK_LANGTABLE_H

#include "core/error.h"

#include <stddef.h>

/*
 * The language table, assets/languages.ini: one section per language, in the
 * order of the home screen, with the language's own name, its direction, its
 * script, the font family for that script, its on-screen keyboard and its
 * voice (espeak-ng) and speaking rate for read aloud. See the
 * comment at the top of that file for the fields.
 */
#define LANGTABLE_MAX	   24
#define LANGTABLE_CODE_MAX 16
#define LANGTABLE_TEXT_MAX 64

struct language {
	char code[LANGTABLE_CODE_MAX];	   /* "de-x-easy": gettext directory */
	char name[LANGTABLE_TEXT_MAX];	   /* own name in own script */
	int rtl;			   /* direction = rtl */
	char script[8];			   /* ISO 15924, e.g. "Arab" */
	char font[LANGTABLE_TEXT_MAX];	   /* font family, e.g. "Noto Sans Arabic" */
	char keyboard[LANGTABLE_TEXT_MAX]; /* assets/keyboards/KEYBOARD.kbd */
	char voice[LANGTABLE_CODE_MAX];	   /* espeak-ng voice, e.g. "de", "en-gb" */
	int rate;			   /* speaking rate, percent of the voice's normal */
};

/* The range of a language's `rate` (default 100). */
#define LANGTABLE_RATE_MIN 50
#define LANGTABLE_RATE_MAX 150

struct langtable {
	struct language languages[LANGTABLE_MAX];
	size_t count;
};

/*
 * Reads the table from PATH. Returns 0, or -1 with ERR naming the file, line,
 * section and field ("languages.ini:12: [ar] direction: must be ltr or rtl")
 * or, for a field that is missing, the file and section. *TABLE is zeroed on
 * failure.
 */
int langtable_load(struct langtable *table, const char *path, struct error *err)
	__attribute__((warn_unused_result));

/* As langtable_load, from TEXT in memory; NAME stands for the file in messages. */
int langtable_parse(struct langtable *table, const char *text, const char *name, struct error *err)
	__attribute__((warn_unused_result));

/* The language with CODE, or NULL. */
const struct language *langtable_find(const struct langtable *table, const char *code);

#endif
