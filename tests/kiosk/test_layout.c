/* Proves app/kiosk/layout.c: boxes in per mille, mirrored for right-to-left in one place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kiosk/layout.h"

/* The chrome of every screen: title at the start, quick exit at the end, back and next. */
static const struct layout_box title = { 30, 20, 740, 120 };
static const struct layout_box quick_exit = { 790, 20, 180, 120 };
static const struct layout_box back = { 30, 860, 300, 120 };
static const struct layout_box next = { 670, 860, 300, 120 };

static void assert_rect(struct layout_rect r, int x, int y, int w, int h)
{
	assert_int_equal(r.x, x);
	assert_int_equal(r.y, y);
	assert_int_equal(r.w, w);
	assert_int_equal(r.h, h);
}

static void test_left_to_right_is_per_mille(void **state)
{
	struct layout_frame ltr = { 1024, 600, 0, 0, 0 };

	(void)state;
	assert_rect(layout_place(&ltr, title, 0), 30, 12, 757, 72);
	assert_rect(layout_place(&ltr, quick_exit, 0), 808, 12, 184, 72);
	assert_rect(layout_place(&ltr, next, 0), 686, 516, 307, 72);
}

/* A whole screen mirrored: every box keeps its size and row, start and end swap. */
static void test_right_to_left_mirrors_a_layout(void **state)
{
	const struct layout_box boxes[] = { title, quick_exit, back, next };
	struct layout_frame ltr = { 800, 480, 0, 0, 0 }, rtl = { 800, 480, 1, 0, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
		struct layout_rect l = layout_place(&ltr, boxes[i], 0);
		struct layout_rect r = layout_place(&rtl, boxes[i], 0);

		assert_int_equal(r.x, 800 - l.x - l.w);
		assert_int_equal(r.y, l.y);
		assert_int_equal(r.w, l.w);
		assert_int_equal(r.h, l.h);
	}
	/* back goes to the right edge, next to the left: reading order is kept */
	assert_rect(layout_place(&rtl, back, 0), 536, 412, 240, 57);
	assert_rect(layout_place(&rtl, next, 0), 24, 412, 240, 57);
	assert_rect(layout_place(&rtl, title, 0), 184, 9, 592, 57);
}

static void test_never_mirror_keeps_its_place(void **state)
{
	struct layout_frame rtl = { 800, 480, 1, 0, 0 };

	(void)state;
	assert_rect(layout_place(&rtl, quick_exit, 1), 632, 9, 144, 57);
}

/* Millimetres on the configured panel, rounded up: never less than asked for. */
static void test_millimetres_on_the_panel(void **state)
{
	struct layout_frame seven = { 800, 480, 0, 154, 86 }, unset = { 800, 480, 0, 0, 0 };
	struct layout_frame portrait = { 720, 1280, 0, 86, 154 };

	(void)state;
	assert_int_equal(layout_mm(&seven, 100, 0), 52);    /* 51.9 px */
	assert_int_equal(layout_mm(&seven, 100, 1), 56);    /* 55.8 px */
	assert_int_equal(layout_mm(&unset, 100, 0), 52);    /* the 7" panel by default */
	assert_int_equal(layout_mm(&portrait, 100, 0), 84); /* 83.7 px */
	assert_int_equal(layout_mm(&portrait, 0, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_left_to_right_is_per_mille),
		cmocka_unit_test(test_right_to_left_mirrors_a_layout),
		cmocka_unit_test(test_never_mirror_keeps_its_place),
		cmocka_unit_test(test_millimetres_on_the_panel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
