#ifndef PRISMA_ESCAPE_H
#define PRISMA_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Text that outsiders wrote (inmates, forged bundles, stick file names) is
 * shown to counsellors on terminals, in spreadsheets and in browsers. Code
 * points that act instead of being read are shown visibly as "[U+XXXX]":
 * C0 controls, DEL, C1 controls (U+0080-U+009F; VTE acts on U+009B), and the
 * bidi formatting characters that reorder what is read (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069). Bytes that are not UTF-8 are shown
 * as "[0xNN]".
 */

/* True when the code point CP must never reach a screen as it is. Cannot fail. */
int escape_is_unsafe(uint32_t cp);

/*
 * Decodes one UTF-8 code point at S (at most LEN bytes) into *CP. Returns its
 * length in bytes, or 0 when S does not start with valid UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF).
 */
size_t escape_decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * 1 when S is valid UTF-8 with nothing that acts instead of being read
 * (escape_is_unsafe: C0 and C1 controls, DEL, bidi formatting) other than
 * newline, and that only where MULTILINE allows it; else 0. Cannot fail.
 */
int escape_text_ok(const char *s, int multiline);

enum escape_mode {
	ESCAPE_PLAIN, /* a terminal */
	ESCAPE_CSV,   /* inside a quoted CSV cell: '"' doubled */
	ESCAPE_HTML,  /* also & < > " ' as character references */
};

/*
 * Writes TEXT to OUT with every unsafe code point and invalid byte shown
 * visibly. A newline is written as NEWLINE when NEWLINE is not NULL (a
 * multi-line field), else shown as [U+000A]. Cannot fail (stdio errors are
 * left on OUT for the caller's final check).
 */
void escape_write(FILE *out, const char *text, enum escape_mode mode, const char *newline);

/*
 * escape_write (ESCAPE_PLAIN, newlines shown) into OUT, at most SIZE bytes
 * with the NUL; longer results are cut. For names in one-line messages.
 */
void escape_copy(char *out, size_t size, const char *text);

/*
 * True when a spreadsheet could take TEXT for a formula: it starts (after
 * any spaces, no-break, typographic and ideographic ones and a byte-order
 * mark included) with = + - @ TAB CR or LF, or the full-width forms of
 * = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20). Cannot fail.
 */
int escape_csv_formula(const char *text);

/*
 * Writes the JSON text JSON (as made by jansson, UTF-8) to OUT with every
 * unsafe code point inside its strings as a \uXXXX escape, so a JSON
 * reader gets the exact text back and a terminal sees nothing it acts on.
 */
void escape_json_write(FILE *out, const char *json, size_t len);

#endif
