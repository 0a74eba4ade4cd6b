/* Proves app/kiosk/languages.c: the shipped table, keyboards and fonts load together. */
#include "../core/testutil.h"

#include "core/config.h"
#include "kiosk/languages.h"

static void test_open_shipped_assets(void **state)
{
	struct error err = { "" };
	struct languages *l = languages_open(PRISMA_ASSETS_DIR, CONFIG_DEFAULT_FONT_DIR, &err);
	struct shape_style style;
	size_t ar, next, i, seen = 0;

	if (!l)
		fail_msg("%s", err.msg);
	assert_int_equal(l->table.count, 13);
	assert_int_equal(l->fonts.count, 0);	/* nothing opened yet */
	assert_int_equal(l->keyboard_count, 8); /* de latin ar fa ru ka digits code */
	assert_string_equal(l->keyboard_names[l->digits], "digits");
	assert_string_equal(l->keyboard_names[l->code], "code");
	ar = languages_keyboard_of(l, "ar");
	assert_string_equal(l->keyboard_names[ar], "ar");
	assert_string_equal(l->keyboard_names[languages_keyboard_of(l, "de-x-easy")], "de");
	assert_string_equal(l->keyboard_names[languages_keyboard_of(l, "vi")], "latin");
	/* key.switch visits every keyboard but the digits pad and the code keyboard, and comes
	 * back. */
	for (i = 0, next = ar; i < l->keyboard_count - 2; i++) {
		next = languages_keyboard_next(l, next);
		assert_int_not_equal(next, l->digits);
		assert_int_not_equal(next, l->code);
		seen |= 1u << next;
	}
	assert_int_equal(next, ar);
	assert_int_equal(seen | (1u << l->digits) | (1u << l->code), (1u << l->keyboard_count) - 1);
	style = languages_style(l, "fa", 1, 30);
	assert_string_equal(style.family, "Noto Sans Arabic");
	assert_true(style.rtl && style.bold && style.px == 30);
	style = languages_style(l, "xx", 0, 30);
	assert_string_equal(style.family, "Noto Sans");
	languages_close(l);
}

static void test_errors_name_the_file(void **state)
{
	struct error err = { "" };
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "languages.ini");

	tu_write_text(path, "[xx]\nname = X\ndirection = ltr\nscript = Latn\nfont = Noto Sans\n"
			    "keyboard = nope\nvoice = de\n");
	assert_null(languages_open(dir, CONFIG_DEFAULT_FONT_DIR, &err));
	tu_assert_contains(err.msg, "/keyboards/nope.kbd: No such file or directory");
	free(path);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_shipped_assets),
		cmocka_unit_test(test_errors_name_the_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
