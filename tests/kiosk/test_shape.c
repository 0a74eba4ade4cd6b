/*
 * Proves app/kiosk/fonts.c and shape.c with the real Noto fonts of
 * fonts-noto-core and SDL_ttf's software rendering: Arabic joins, mixed
 * strings come out in visual order, carets are right in RTL, fonts load
 * lazily, wrapping never cuts a word.
 */
#include "../core/testutil.h"

#include "core/config.h"
#include "kiosk/caret.h"
#include "kiosk/shape.h"

static struct fonts fonts;
static const struct shape_style arabic = { "Noto Sans Arabic", 0, 32, 1 };
static const struct shape_style latin = { "Noto Sans", 0, 32, 0 };

static int setup(void **state)
{
	struct error err = { "" };

	if (TTF_Init() != 0 || fonts_init(&fonts, CONFIG_DEFAULT_FONT_DIR, &err) != 0)
		return -1;
	/* As the kiosk does from languages.ini. */
	if (fonts_add_family(&fonts, "Noto Sans", &err) != 0 ||
	    fonts_add_family(&fonts, "Noto Sans Arabic", &err) != 0 ||
	    fonts_add_family(&fonts, "Noto Sans Georgian", &err) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	fonts_close(&fonts);
	TTF_Quit();
	return 0;
}

static void layout(const char *str, const struct shape_style *style, struct shape_line *line)
{
	struct error err = { "" };

	if (shape_layout(&fonts, str, strlen(str), style, line, &err) != 0)
		fail_msg("%s", err.msg);
}

/* Joined Arabic is narrower than its letters side by side in their isolated forms. */
static void test_arabic_joins(void **state)
{
	static const char *const letters[] = { "ن", "س", "ت", "ط", "ي", "ع" };
	TTF_Font *font;
	struct shape_line line;
	int w, h, sum = 0;
	size_t i;

	layout("نستطيع", &arabic, &line);
	assert_int_equal(line.count, 1);
	assert_string_equal(line.runs[0].script, "Arab");
	assert_int_equal(line.runs[0].level, 1);
	font = fonts_get(&fonts, "Noto Sans Arabic", 0, 32, NULL);
	assert_non_null(font);
	for (i = 0; i < 6; i++) {
		assert_int_equal(TTF_SizeUTF8(font, letters[i], &w, &h), 0);
		sum += w;
	}
	assert_true(line.w > 0);
	assert_true(line.w < sum - sum / 10);
}

/* "رقم 123 KORA" in an RTL paragraph reads, left to right on screen: KORA, 123, رقم. */
static void test_mixed_runs_in_visual_order(void **state)
{
	const char *str = "رقم 123 KORA";
	struct shape_line line;
	size_t i, kora = 99, digits = 99, word = 99;

	layout(str, &arabic, &line);
	for (i = 0; i < line.count; i++) {
		const struct shape_run *r = &line.runs[i];
		if (strncmp(str + r->start, "KORA", 4) == 0)
			kora = i;
		if (strncmp(str + r->start, "123", 3) == 0)
			digits = i;
		if (strncmp(str + r->start, "رقم", strlen("رقم")) == 0)
			word = i;
		if (i > 0)
			assert_int_equal(r->x, line.runs[i - 1].x + line.runs[i - 1].w);
	}
	assert_true(kora < digits && digits < word && word == line.count - 1);
	assert_string_equal(line.runs[kora].family, "Noto Sans");
	assert_string_equal(line.runs[kora].script, "Latn");
	assert_int_equal(line.runs[kora].level, 2);
	assert_int_equal(line.runs[word].level, 1);
	assert_string_equal(line.runs[word].family, "Noto Sans Arabic");
	/*
	 * In an LTR paragraph the Arabic word and its number form one RTL group
	 * (the digits follow Arabic letters, UAX #9 W2/N1), KORA stays on the right.
	 */
	layout(str, &latin, &line);
	assert_int_equal(line.count, 4);
	assert_int_equal(line.runs[0].start, strlen("رقم "));
	assert_int_equal(line.runs[1].start, 0);
	assert_int_equal(line.runs[3].start, strlen("رقم 123 "));
	assert_int_equal(line.runs[3].level, 0);
}

/* The caret before the first letter of RTL text is at its right edge, the end at its left. */
static void test_caret_in_rtl(void **state)
{
	const char *str = "سلام";
	struct error err = { "" };
	struct shape_line line;
	size_t second = caret_next(str, 0);
	int x0, x1, xe;

	layout(str, &arabic, &line);
	assert_int_equal(caret_x(&fonts, str, &arabic, 0, &x0, &err), 0);
	assert_int_equal(caret_x(&fonts, str, &arabic, second, &x1, &err), 0);
	assert_int_equal(caret_x(&fonts, str, &arabic, strlen(str), &xe, &err), 0);
	assert_int_equal(x0, line.w);
	assert_true(x1 < x0 && x1 > 0);
	assert_int_equal(xe, 0);
	/* Moving left on screen goes forward in the text, right goes back. */
	assert_int_equal(caret_move(&fonts, str, &arabic, 0, -1), second);
	assert_int_equal(caret_move(&fonts, str, &arabic, second, +1), 0);
	assert_int_equal(caret_move(&fonts, str, &arabic, 0, +1), 0); /* at the edge */
	assert_int_equal(caret_offset_at(&fonts, str, &arabic, 0), strlen(str));
	assert_int_equal(caret_offset_at(&fonts, str, &arabic, line.w + 5), 0);
	/* LTR: the other way round. */
	assert_int_equal(caret_move(&fonts, "abc", &latin, 0, +1), 1);
	assert_int_equal(caret_offset_at(&fonts, "abc", &latin, 0), 0);
}

static void test_next_prev_keep_marks(void **state)
{
	const char *vi = "a\xcc\x81"
			 "b"; /* a + combining acute, b */

	assert_int_equal(caret_next(vi, 0), 3);
	assert_int_equal(caret_next(vi, 3), 4);
	assert_int_equal(caret_next(vi, 4), 4);
	assert_int_equal(caret_prev(vi, 3), 0);
	assert_int_equal(caret_prev(vi, 4), 3);
	assert_int_equal(caret_prev(vi, 0), 0);
}

/* Nothing is opened before it is needed; German never opens the Arabic font. */
static void test_fonts_load_lazily(void **state)
{
	struct fonts lazy;
	struct error err = { "" };
	SDL_Surface *s;
	size_t i;

	assert_int_equal(fonts_init(&lazy, CONFIG_DEFAULT_FONT_DIR, &err), 0);
	assert_int_equal(lazy.count, 0);
	s = shape_render(&lazy, "Grüß Gott", &latin, (SDL_Color){ 0, 0, 0, 255 }, 0,
			 SHAPE_ALIGN_START, &err);
	assert_non_null(s);
	shape_surface_free(s);
	for (i = 0; i < lazy.count; i++)
		assert_string_equal(lazy.open[i].family, "Noto Sans");
	assert_true(lazy.count >= 1);
	assert_null(fonts_get(&lazy, "No Such Font", 0, 20, &err));
	tu_assert_contains(err.msg, "NoSuchFont-Regular.ttf: font file missing or unreadable");
	assert_null(fonts_get(&lazy, "../etc", 0, 20, &err));
	fonts_close(&lazy);
}

static size_t ink_pixels(SDL_Surface *s)
{
	size_t n = 0;
	int x, y;

	for (y = 0; y < s->h; y++) {
		for (x = 0; x < s->w; x++) {
			Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
			n += (p >> 24) > 128;
		}
	}
	return n;
}

/* Wrapping keeps every line within the width and never cuts a word; RTL lines align right. */
static void test_render_wraps_whole_words(void **state)
{
	const char *str = "الاستشارة مجانية وسرية. يمكنك أن تبقى دون ذكر اسمك.";
	struct error err = { "" };
	struct shape_line word;
	SDL_Surface *one, *wrapped;

	one = shape_render(&fonts, str, &arabic, (SDL_Color){ 0, 0, 0, 255 }, 0, SHAPE_ALIGN_START,
			   &err);
	assert_non_null(one);
	wrapped = shape_render(&fonts, str, &arabic, (SDL_Color){ 0, 0, 0, 255 }, one->w / 2,
			       SHAPE_ALIGN_START, &err);
	assert_non_null(wrapped);
	assert_true(wrapped->w <= one->w / 2);
	assert_true(wrapped->h >= 2 * one->h);
	assert_true(ink_pixels(one) > 500);
	/* The longest word alone is narrower than the wrapped block: nothing was cut. */
	layout("الاستشارة", &arabic, &word);
	assert_true(word.w <= wrapped->w);
	shape_surface_free(one);
	shape_surface_free(wrapped);
	/* A word wider than the width stays whole (the caller steps down in size). */
	wrapped = shape_render(&fonts, "Gefangenen-Nummer", &latin, (SDL_Color){ 0, 0, 0, 255 }, 10,
			       SHAPE_ALIGN_START, &err);
	assert_non_null(wrapped);
	assert_true(wrapped->w > 10);
	shape_surface_free(wrapped);
}

static void test_bad_utf8_and_missing_glyphs(void **state)
{
	struct error err = { "" };
	struct shape_line line;
	unsigned cp;

	assert_int_equal(shape_layout(&fonts, "a\xff", 2, &latin, &line, &err), -1);
	assert_string_equal(err.msg, "text: not valid UTF-8 at byte 1");
	assert_int_equal(shape_missing_glyph(&fonts, "ქართული KORA 9:00", &latin, &cp, &err), 0);
	assert_int_equal(shape_missing_glyph(&fonts, "\xe2\x98\x83", &latin, &cp, &err), 1);
	assert_int_equal(cp, 0x2603); /* a snowman: in no Noto Sans font */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arabic_joins),
		cmocka_unit_test(test_mixed_runs_in_visual_order),
		cmocka_unit_test(test_caret_in_rtl),
		cmocka_unit_test(test_next_prev_keep_marks),
		cmocka_unit_test(test_fonts_load_lazily),
		cmocka_unit_test(test_render_wraps_whole_words),
		cmocka_unit_test(test_bad_utf8_and_missing_glyphs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
