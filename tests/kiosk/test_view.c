/* Proves app/kiosk/view.c: placing through layout, find, hit test, focus order in both directions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kiosk/view.h"

#include <string.h>

static struct view view;

/* A screen's chrome: title, quick exit (never mirrored), a field, back and next. */
static void build(int rtl)
{
	struct widget *w;

	view_begin(&view, 800, 480, rtl);
	view_add(&view, WIDGET_LABEL, "title", (struct layout_box){ 30, 20, 740, 120 }, "T");
	w = view_add_rect(
		&view, WIDGET_BUTTON, "quick-exit",
		view_place(&view, (struct layout_box){ 790, 20, 180, 120 }, WIDGET_NEVER_MIRROR),
		"x");
	assert_non_null(w);
	view_add(&view, WIDGET_FIELD, "field.name", (struct layout_box){ 30, 300, 940, 120 }, "");
	view_add(&view, WIDGET_BUTTON, "back", (struct layout_box){ 30, 860, 300, 120 }, "<");
	w = view_add(&view, WIDGET_BUTTON, "next", (struct layout_box){ 670, 860, 300, 120 }, ">");
	w->enabled = 0;
}

static void test_find_and_hit(void **state)
{
	(void)state;
	build(0);
	assert_string_equal(view_find(&view, "back")->id, "back");
	assert_null(view_find(&view, "nothing"));
	assert_string_equal(view_hit(&view, 100, 440)->id, "back");
	assert_null(view_hit(&view, 700, 440)); /* next is disabled */
	assert_null(view_hit(&view, 100, 30));	/* labels take no taps */
	assert_int_equal(view_find(&view, "field.name")->flags & WIDGET_NEVER_SPEAK,
			 WIDGET_NEVER_SPEAK);
}

static void test_focus_order_follows_the_reading_direction(void **state)
{
	const struct widget *order[8];

	(void)state;
	build(0);
	assert_int_equal(view_focus_order(&view, order, 8), 3);
	assert_string_equal(order[0]->id, "quick-exit");
	assert_string_equal(order[1]->id, "field.name");
	assert_string_equal(order[2]->id, "back");
	build(1);
	/* mirrored: back now sits at the right, quick exit kept its place */
	assert_int_equal(view_find(&view, "back")->rect.x, 536);
	assert_int_equal(view_find(&view, "quick-exit")->rect.x, 632);
	assert_string_equal(view_hit(&view, 700, 440)->id, "back");
	assert_int_equal(view_focus_order(&view, order, 8), 3);
	assert_string_equal(order[0]->id, "quick-exit");
	assert_string_equal(order[2]->id, "back");
}

static void test_full_view_adds_nothing(void **state)
{
	size_t i;

	(void)state;
	view_begin(&view, 800, 480, 0);
	for (i = 0; i < VIEW_WIDGETS_MAX; i++)
		assert_non_null(view_add(&view, WIDGET_KEY, "key.a",
					 (struct layout_box){ 0, 0, 10, 10 }, "a"));
	assert_null(view_add(&view, WIDGET_KEY, "key.b", (struct layout_box){ 0, 0, 10, 10 }, "b"));
	assert_int_equal(view.count, VIEW_WIDGETS_MAX);
}

/* Composed texts live until the next frame, which wipes them; a full store gives "". */
static void test_kept_texts(void **state)
{
	char big[VIEW_TEXT_MAX];
	const char *a, *b;

	(void)state;
	view_begin(&view, 800, 480, 0);
	a = view_keep(&view, "first");
	b = view_keep(&view, "second");
	assert_string_equal(a, "first");
	assert_string_equal(b, "second");
	assert_true(a >= view.texts && b < view.texts + VIEW_TEXT_MAX);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_string_equal(view_keep(&view, big), "");
	view_begin(&view, 800, 480, 0);
	assert_int_equal(view.texts_used, 0);
	assert_int_equal(view.texts[0], 0);
	assert_int_equal(view.texts[6], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_and_hit),
		cmocka_unit_test(test_focus_order_follows_the_reading_direction),
		cmocka_unit_test(test_full_view_adds_nothing),
		cmocka_unit_test(test_kept_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
