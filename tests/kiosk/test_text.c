/*
 * Proves app/kiosk/text.c with the real fonts on SDL's software renderer:
 * wrapped text never cuts a word (it steps down in size instead), RTL text
 * starts at the right edge of its box, and the cache of rendered texts draws
 * the same pixels, holds only what the last frame drew, renders anew at
 * another large-text scale, still reports cut texts and is emptied by a wipe.
 */
#include "../core/testutil.h"

#include "core/config.h"
#include "kiosk/text.h"

static struct text text;
static SDL_Surface *frame;
static SDL_Renderer *renderer;

static int setup(void **state)
{
	struct error err = { "" };

	if (SDL_Init(0) != 0 || TTF_Init() != 0)
		return -1;
	frame = SDL_CreateRGBSurfaceWithFormat(0, 800, 480, 32, SDL_PIXELFORMAT_ARGB8888);
	renderer = frame ? SDL_CreateSoftwareRenderer(frame) : NULL;
	if (!renderer || text_open(&text, CONFIG_DEFAULT_FONT_DIR, 480, &err) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	text_close(&text);
	SDL_DestroyRenderer(renderer);
	SDL_FreeSurface(frame);
	TTF_Quit();
	SDL_Quit();
	return 0;
}

/* A word wider than its box at the asked size is drawn smaller, on one line, whole. */
static void test_words_are_never_cut(void **state)
{
	const char *word = "Haftraumnummer";
	struct text_style style = { TEXT_BODY, 1, TEXT_CENTER, { 0, 0, 0, 255 }, 0 };
	TTF_Font *small = text.fonts[1][TEXT_TINY], *body = text.fonts[1][TEXT_BODY];
	int small_w, body_w, h, line;
	SDL_Rect box, drawn;

	assert_int_equal(TTF_SizeUTF8(small, word, &small_w, &line), 0);
	assert_int_equal(TTF_SizeUTF8(body, word, &body_w, &h), 0);
	box = (SDL_Rect){ 10, 10, (small_w + body_w) / 2, 400 };
	assert_int_equal(text_draw(&text, renderer, word, box, &style, &drawn), 0);
	assert_true(drawn.w <= box.w);
	assert_true(drawn.h < 2 * line); /* one line: the word was not broken */
}

/* A word too wide even at the smallest size goes smaller still, and stays whole. */
static void test_smaller_than_the_smallest(void **state)
{
	const char *word = "Haftraumnummer";
	struct text_style style = { TEXT_BODY, 1, TEXT_CENTER, { 0, 0, 0, 255 }, 0 };
	struct fonts fonts;
	struct error err = { "" };
	int tiny_w, line;
	SDL_Rect box, drawn;

	assert_int_equal(fonts_init(&fonts, CONFIG_DEFAULT_FONT_DIR, &err), 0);
	text_set_language(&text, &fonts, "Noto Sans", 0);
	assert_int_equal(TTF_SizeUTF8(text.fonts[1][TEXT_TINY], word, &tiny_w, &line), 0);
	box = (SDL_Rect){ 10, 10, tiny_w * 3 / 4, 400 };
	assert_int_equal(text_draw(&text, renderer, word, box, &style, &drawn), 0);
	assert_true(drawn.w <= box.w);
	assert_true(drawn.h < line); /* one line, smaller than the smallest size */
	text_set_language(&text, NULL, NULL, 0);
	fonts_close(&fonts);
}

/* With an RTL language set, a left-aligned text starts at the box's right edge. */
static void test_rtl_starts_right(void **state)
{
	struct text_style style = { TEXT_BODY, 0, TEXT_LEFT, { 0, 0, 0, 255 }, 0 };
	struct fonts fonts;
	struct error err = { "" };
	SDL_Rect box = { 100, 100, 500, 80 }, drawn;

	assert_int_equal(fonts_init(&fonts, CONFIG_DEFAULT_FONT_DIR, &err), 0);
	text_set_language(&text, &fonts, "Noto Sans Arabic", 1);
	assert_int_equal(text_draw(&text, renderer, "سلام 12", box, &style, &drawn), 0);
	assert_int_equal(drawn.x + drawn.w, box.x + box.w);
	assert_true(drawn.w > 0 && drawn.w < box.w);
	assert_int_equal(text_draw(&text, renderer, "", box, &style, &drawn), 0);
	assert_int_equal(drawn.x, box.x + box.w); /* an empty field's caret starts right */
	assert_true(text_was_drawn(&text, "سلام 12"));
	text_set_language(&text, NULL, NULL, 0);
	assert_int_equal(text_draw(&text, renderer, "abc", box, &style, &drawn), 0);
	assert_int_equal(drawn.x, box.x);
	fonts_close(&fonts);
}

/* Whether a cached text holds exactly STR. */
static int cached(const char *str)
{
	for (size_t i = 0; i < text.cached_count; i++) {
		if (!strcmp(text.cached[i].str, str))
			return 1;
	}
	return 0;
}

/* A redraw from the cache gives the very pixels of the first drawing, without rendering again. */
static void test_cache_same_pixels(void **state)
{
	struct text_style style = { TEXT_BODY, 0, TEXT_TAIL, { 10, 20, 30, 255 }, 0 };
	SDL_Rect box = { 20, 20, 300, 60 };
	size_t bytes = (size_t)frame->pitch * (size_t)frame->h;
	unsigned char *first = malloc(bytes);
	SDL_Texture *texture;

	assert_non_null(first);
	text_wipe(&text);
	SDL_FillRect(frame, NULL, 0xffffffffu);
	text_frame_begin(&text);
	assert_int_equal(text_draw(&text, renderer, "Jürgen Muster", box, &style, NULL), 0);
	text_frame_end(&text);
	assert_int_equal(text.cached_count, 1);
	texture = text.cached[0].texture;
	memcpy(first, frame->pixels, bytes);
	SDL_FillRect(frame, NULL, 0xffffffffu);
	text_frame_begin(&text);
	assert_int_equal(text_draw(&text, renderer, "Jürgen Muster", box, &style, NULL), 0);
	text_frame_end(&text);
	assert_int_equal(text.cached_count, 1);
	assert_ptr_equal(text.cached[0].texture, texture); /* taken from the cache */
	assert_memory_equal(first, frame->pixels, bytes);
	/* Another colour or box is another rendering. */
	style.color.r = 200;
	assert_int_equal(text_draw(&text, renderer, "Jürgen Muster", box, &style, NULL), 0);
	box.w = 100;
	assert_int_equal(text_draw(&text, renderer, "Jürgen Muster", box, &style, NULL), 0);
	assert_int_equal(text.cached_count, 3);
	free(first);
	text_wipe(&text);
}

/* Typing changes the text: the old rendering goes at the end of the next frame. */
static void test_cache_holds_only_the_last_frame(void **state)
{
	struct text_style style = { TEXT_BODY, 0, TEXT_TAIL, { 0, 0, 0, 255 }, 0 };
	SDL_Rect box = { 20, 20, 300, 60 };
	unsigned long before;

	text_wipe(&text);
	text_frame_begin(&text);
	assert_int_equal(text_draw(&text, renderer, "Jürge", box, &style, NULL), 0);
	assert_int_equal(text_draw(&text, renderer, "Name", box, &style, NULL), 0);
	text_frame_end(&text);
	before = text.frame;
	text_frame_begin(&text);
	assert_int_equal(text_draw(&text, renderer, "Jürgen", box, &style, NULL), 0);
	assert_int_equal(text_draw(&text, renderer, "Name", box, &style, NULL), 0);
	text_frame_end(&text);
	assert_false(cached("Jürge"));
	assert_true(cached("Jürgen") && cached("Name"));
	assert_false(text_holds_from(&text, before - 1)); /* nothing older than the last frame */
	text_wipe(&text);
}

/*
 * The large-text scale is part of what decides the pixels: the same text
 * after text_set_scale is rendered anew, larger. A text cut to its box is
 * reported cut (expect-text-fits) when drawn from the cache too.
 */
static void test_cache_follows_scale_and_cuts(void **state)
{
	struct text_style style = { TEXT_BODY, 0, TEXT_LEFT, { 0, 0, 0, 255 }, 0 };
	SDL_Rect box = { 20, 20, 400, 200 }, normal, large;
	struct error err = { "" };

	text_wipe(&text);
	text_frame_begin(&text);
	assert_int_equal(text_draw(&text, renderer, "Name", box, &style, &normal), 0);
	assert_int_equal(text_set_scale(&text, 130, &err), 0);
	assert_int_equal(text_draw(&text, renderer, "Name", box, &style, &large), 0);
	text_frame_end(&text);
	assert_int_equal(text.cached_count, 2);
	assert_true(large.h > normal.h && large.w > normal.w);
	assert_int_equal(text_set_scale(&text, 100, &err), 0);
	box.h = 4; /* lower than any line: cut */
	for (int frame_no = 0; frame_no < 2; frame_no++) {
		text_frame_begin(&text);
		assert_int_equal(text_draw(&text, renderer, "Name", box, &style, NULL), 0);
		text_frame_end(&text);
		assert_int_equal(text_cut_count(&text), 1);
		assert_string_equal(text_first_cut(&text), "Name");
	}
	text_wipe(&text);
}

/* A wipe (every way home) leaves no drawn string and no cached text. */
static void test_wipe_empties_the_cache(void **state)
{
	struct text_style style = { TEXT_BODY, 0, TEXT_TAIL, { 0, 0, 0, 255 }, 0 };
	SDL_Rect box = { 20, 20, 300, 60 };

	text_frame_begin(&text);
	assert_int_equal(text_draw(&text, renderer, "A1234 Zelle 7", box, &style, NULL), 0);
	text_frame_end(&text);
	assert_false(text_is_wiped(&text));
	assert_true(text_holds_from(&text, text.frame));
	text_wipe(&text);
	assert_true(text_is_wiped(&text));
	assert_int_equal(text.cached_count, 0);
	assert_int_equal(text.drawn_count, 0);
	assert_false(text_holds_from(&text, text.frame));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_are_never_cut),
		cmocka_unit_test(test_smaller_than_the_smallest),
		cmocka_unit_test(test_rtl_starts_right),
		cmocka_unit_test(test_cache_same_pixels),
		cmocka_unit_test(test_cache_holds_only_the_last_frame),
		cmocka_unit_test(test_cache_follows_scale_and_cuts),
		cmocka_unit_test(test_wipe_empties_the_cache),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
