/*
 * Every string of every language, spoken by the real espeak-ng voice of its
 * language (the language table's voice and rate), produces audio of a
 * plausible length: not silent, not truncated, not runaway. Checked on the
 * samples (speech_espeak_render): the duration lies between MS_PER_LETTER_MIN
 * and MS_PER_LETTER_MAX per letter (+ MS_SLACK), and enough of it is sound.
 *
 * The strings are those the kiosk shows: each language's built .mo
 * (PRISMA_LOCALE_DIR/CODE/LC_MESSAGES/prisma.mo), and for a msgid a language
 * leaves untranslated (English, the source), the msgid itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kiosk/langtable.h"
#include "kiosk/speech_espeak.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Bounds per letter (a letter: any code point that is not space, punctuation
 * or a combining mark, so digits count too), at the language's own rate.
 * Measured over all 1391 strings (docs/accessibility.md#voice): real speech
 * runs 43-291 ms a letter, median 81; a voice that drops most of a string (a script it cannot
 * read) falls below the minimum, one that spells or loops exceeds the maximum.
 */
#define MS_PER_LETTER_MIN 25
#define MS_PER_LETTER_MAX 400
#define MS_SLACK	  1000
/* Sound: 20 ms frames whose RMS exceeds this (of 32767) count as voiced. */
#define FRAME_MS	   20
#define VOICED_RMS	   300
#define VOICED_PERCENT_MIN 30

struct mo {
	unsigned char *data;
	size_t size;
	uint32_t count, originals, translations;
};

static int mo_load(struct mo *mo, const char *code)
{
	char path[4096];
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/prisma.mo", PRISMA_LOCALE_DIR, code);
	memset(mo, 0, sizeof(*mo));
	if (!(f = fopen(path, "rb")))
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 28 && fseek(f, 0, SEEK_SET) == 0 &&
	    (mo->data = malloc((size_t)size)) &&
	    fread(mo->data, 1, (size_t)size, f) == (size_t)size)
		mo->size = (size_t)size;
	fclose(f);
	if (!mo->size || *(uint32_t *)mo->data != 0x950412de) /* msgfmt writes native order */
		return -1;
	mo->count = ((uint32_t *)mo->data)[2];
	mo->originals = ((uint32_t *)mo->data)[3];
	mo->translations = ((uint32_t *)mo->data)[4];
	return 0;
}

/* String I of table OFFSET (originals or translations), with its length (NULs inside: plurals). */
static const char *mo_string(const struct mo *mo, uint32_t table, uint32_t i, uint32_t *len)
{
	const uint32_t *entry = (const uint32_t *)(mo->data + table) + 2 * i;

	assert_true(table + 8 * (size_t)(i + 1) <= mo->size);
	assert_true((size_t)entry[1] + entry[0] < mo->size);
	*len = entry[0];
	return (const char *)mo->data + entry[1];
}

/* The translation of ORIGINAL (with its context), or NULL. */
static const char *mo_find(const struct mo *mo, const char *original, uint32_t olen, uint32_t *len)
{
	for (uint32_t i = 0; i < mo->count; i++) {
		uint32_t l;
		const char *o = mo_string(mo, mo->originals, i, &l);
		if (l == olen && memcmp(o, original, l) == 0)
			return mo_string(mo, mo->translations, i, len);
	}
	return NULL;
}

/* Letters of a UTF-8 string: code points that are not ASCII space/punctuation or marks. */
static size_t letters_of(const char *text)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		if (*p < 0x80 &&
		    !((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			continue;
		/* Combining marks (U+0300-036F, Arabic harakat U+064B-065F) are not letters. */
		if ((p[0] == 0xcc || (p[0] == 0xcd && p[1] < 0xb0)) ||
		    (p[0] == 0xd9 && p[1] >= 0x8b && p[1] <= 0x9f))
			continue;
		n++;
	}
	return n;
}

struct tally {
	size_t strings;
	double ms_per_letter_min, ms_per_letter_max;
	int failures;
};

/*
 * TEXT with each printf conversion (%d, %zu, %s) replaced by "12", as the
 * kiosk fills it in before it is spoken, into OUT of SIZE.
 */
static void fill_in(const char *text, char *out, size_t size)
{
	size_t n = 0;

	while (*text && n + 3 < size) {
		if (text[0] == '%' && text[1] && text[1] != '%') {
			text++;
			while (*text && strchr("0123456789.-lz", *text))
				text++;
			if (*text)
				text++;
			out[n++] = '1';
			out[n++] = '2';
			continue;
		}
		out[n++] = *text++;
	}
	out[n] = '\0';
}

/* Speaks TEXT (filled in) in LANG's voice and checks its samples; adds to *T. */
static void check_string(const struct language *lang, const char *format, struct tally *t)
{
	char text[4096];
	struct error err = { "" };
	short *samples = NULL;
	size_t count = 0, letters, frames, voiced = 0, frame;
	int rate;
	double ms, per_letter;

	fill_in(format, text, sizeof(text));
	letters = letters_of(text);
	if (!letters)
		return; /* nothing to say ("•", "—") */
	if (speech_espeak_render(lang->voice, SPEECH_ESPEAK_WPM_NORMAL * lang->rate / 100, text,
				 &samples, &count, &rate, &err) != 0)
		fail_msg("%s: %s", lang->code, err.msg);
	frame = (size_t)rate * FRAME_MS / 1000;
	frames = count / frame;
	for (size_t f = 0; f < frames; f++) {
		double sum = 0;
		for (size_t i = 0; i < frame; i++)
			sum += (double)samples[f * frame + i] * samples[f * frame + i];
		voiced += sqrt(sum / (double)frame) > VOICED_RMS;
	}
	ms = (double)count * 1000 / rate;
	per_letter = ms / (double)letters;
	if (getenv("VOICES_DEBUG")) /* the distribution behind the bounds above */
		print_message("%6.0f %s %s\n", per_letter, lang->code, text);
	if (letters >= 4) {
		t->ms_per_letter_min = fmin(t->ms_per_letter_min, per_letter);
		t->ms_per_letter_max = fmax(t->ms_per_letter_max, per_letter);
	}
	if (ms < (double)MS_PER_LETTER_MIN * (double)letters ||
	    ms > (double)MS_PER_LETTER_MAX * (double)letters + MS_SLACK || !frames ||
	    voiced * 100 < (size_t)VOICED_PERCENT_MIN * frames) {
		print_error("%s (voice %s): %.0f ms for %zu letters, %zu of %zu frames voiced: "
			    "'%s'\n",
			    lang->code, lang->voice, ms, letters, voiced, frames, text);
		t->failures++;
	}
	t->strings++;
	sodium_memzero(samples, count * sizeof(short));
	free(samples);
}

/* Every msgstr (each plural form) of LANG, or the msgid where LANG has none. */
static void check_language(const struct language *lang, const struct mo *source, struct tally *t)
{
	struct mo mo;

	if (mo_load(&mo, lang->code) != 0)
		fail_msg("%s: no readable prisma.mo under %s", lang->code, PRISMA_LOCALE_DIR);
	for (uint32_t i = 0; i < source->count; i++) {
		uint32_t olen, len;
		const char *original = mo_string(source, source->originals, i, &olen);
		const char *text = mo_find(&mo, original, olen, &len), *ctx_end;
		if (!olen)
			continue; /* the header */
		if (!text) {
			ctx_end = memchr(original, '\004', olen);
			text = ctx_end ? ctx_end + 1 : original;
			len = olen - (uint32_t)(text - original);
		}
		for (const char *form = text; form < text + len; form += strlen(form) + 1)
			check_string(lang, form, t);
	}
	free(mo.data);
}

static void test_every_string_of_every_language(void **state)
{
	struct langtable table;
	struct error err = { "" };
	struct mo source;
	struct tally t = { 0, 1e9, 0, 0 };

	if (langtable_load(&table, PRISMA_ASSETS_DIR "/languages.ini", &err) != 0)
		fail_msg("%s", err.msg);
	/* German is complete: its msgids are every string the kiosk shows. */
	if (mo_load(&source, "de") != 0)
		fail_msg("de: no prisma.mo under %s", PRISMA_LOCALE_DIR);
	for (size_t i = 0; i < table.count; i++)
		check_language(&table.languages[i], &source, &t);
	print_message(
		"%zu strings in %zu languages spoken; %.0f-%.0f ms a letter (strings of 4+)\n",
		t.strings, table.count, t.ms_per_letter_min, t.ms_per_letter_max);
	free(source.data);
	assert_int_equal(t.failures, 0);
	assert_true(t.strings >= 13 * 90);
}

/* The check itself: a voice that cannot read the script, or a cut string, fails it. */
static void test_check_catches_silence_and_truncation(void **state)
{
	struct language english = { .code = "en", .voice = "en", .rate = 100 };
	struct tally t = { 0, 1e9, 0, 0 };

	check_string(&english, "Your request has been sent to the counselling service.", &t);
	assert_int_equal(t.failures, 0);
	/* Only punctuation and spaces espeak reads as silence, yet counted as letters: too short.
	 */
	check_string(&english, "0", &t); /* "zero": fine */
	assert_int_equal(t.failures, 0);
	check_string(&english,
		     "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"
		     "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b",
		     &t); /* ten zero-width spaces: no sound */
	assert_int_equal(t.failures, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_catches_silence_and_truncation),
		cmocka_unit_test(test_every_string_of_every_language),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
