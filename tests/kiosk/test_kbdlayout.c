/* Proves app/kiosk/kbdlayout.c: keyboard files, key ids, shift, sizes and error messages. */
#include "../core/testutil.h"

#include "kiosk/kbdlayout.h"

static const char SMALL[] = "[keyboard]\n"
			    "name = Test\n"
			    "direction = ltr\n"
			    "case = yes\n"
			    "[page letters]\n"
			    "row = a ü ß/ẞ i/İ U+0301\n"
			    "row = shift*1.5 backspace space*4 enter switch page:symbols\n"
			    "[page symbols]\n"
			    "row = , ? ! / ( ) : page:letters\n";

static struct kbdlayout layout;

static const struct kbd_key *key(const char *page, const char *id)
{
	const struct kbd_page *p = kbdlayout_page(&layout, page);

	assert_non_null(p);
	return kbdlayout_find(p, id);
}

static void test_keys_and_ids(void **state)
{
	struct error err = { "" };
	const struct kbd_key *k;

	if (kbdlayout_parse(&layout, SMALL, "t.kbd", &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(layout.name, "Test");
	assert_int_equal(layout.count, 2);
	assert_string_equal(layout.pages[0].name, "letters");
	k = key("letters", "key.ü");
	assert_non_null(k);
	assert_string_equal(kbdlayout_key_text(k, 0), "ü");
	assert_string_equal(kbdlayout_key_text(k, 1), "Ü"); /* towupper in C.UTF-8 */
	assert_string_equal(kbdlayout_key_text(key("letters", "key.ß"), 1), "ẞ");
	assert_string_equal(kbdlayout_key_text(key("letters", "key.i"), 1), "İ");
	k = key("letters", "key.\u0301");
	assert_non_null(k);
	assert_string_equal(k->label, "\u25cc\u0301"); /* a mark alone is shown on a circle */
	assert_int_equal(key("letters", "key.shift")->action, KBD_SHIFT);
	assert_int_equal(key("letters", "key.shift")->halves, 3);
	assert_int_equal(key("letters", "key.backspace")->action, KBD_BACKSPACE);
	assert_string_equal(kbdlayout_key_text(key("letters", "key.space"), 0), " ");
	assert_int_equal(key("letters", "key.space")->halves, 8);
	assert_string_equal(kbdlayout_key_text(key("letters", "key.enter"), 0), "\n");
	assert_int_equal(key("letters", "key.switch")->action, KBD_SWITCH);
	k = key("letters", "key.page.symbols");
	assert_int_equal(k->action, KBD_PAGE);
	assert_string_equal(k->target, "symbols");
	assert_string_equal(k->label, ",?!"); /* the first three keys of its page */
	assert_string_equal(key("symbols", "key.page.letters")->label, "aüß");
	assert_non_null(key("symbols", "key./"));
	assert_non_null(key("symbols", "key.("));
	assert_null(key("symbols", "key.a"));
	assert_null(kbdlayout_key_text(key("letters", "key.shift"), 0));
}

/* SMALL with FIND (to the end of its line) replaced; expects MESSAGE exactly. */
static void expect_error(const char *find, const char *replacement, const char *message)
{
	char text[2048];
	const char *at = strstr(SMALL, find), *eol;
	struct error err = { "" };

	assert_non_null(at);
	eol = strchr(at, '\n') + 1;
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - SMALL), SMALL, replacement, eol);
	assert_int_equal(kbdlayout_parse(&layout, text, "t.kbd", &err), -1);
	assert_string_equal(err.msg, message);
	assert_int_equal(layout.count, 0);
}

static void test_errors_name_line_and_field(void **state)
{
	expect_error("row = , ?", "row = q w e r t y u i o p ü + backspace\n",
		     "t.kbd:9: [page symbols] row: 13.5 units wide, at most 12 fit a 7-inch "
		     "panel with 10 mm keys and 2 mm gaps");
	expect_error("row = , ?", "row = a a\n",
		     "t.kbd:9: [page symbols] row: 'a': already on this page");
	expect_error("row = , ?", "row = abcd\n",
		     "t.kbd:9: [page symbols] row: 'abcd': a key types at most 3 characters");
	expect_error("row = , ?", "row = \x01\n",
		     "t.kbd:9: [page symbols] row: '\x01': a control character");
	expect_error("row = , ?", "row = \xff\n",
		     "t.kbd:9: [page symbols] row: '\xff': not valid UTF-8");
	expect_error("row = , ?", "row = a*0.7\n",
		     "t.kbd:9: [page symbols] row: 'a*0.7': bad width (*1, *1.5, ... up to *12)");
	expect_error("row = , ?", "row = page:Nope\n",
		     "t.kbd:9: [page symbols] row: 'page:Nope': bad page name (lower-case letters, "
		     "digits, '-')");
	expect_error("row = , ?", "row = page:numbers\n",
		     "t.kbd: [page symbols] row: page:numbers: no such page");
	expect_error("direction = ltr", "direction = up\n",
		     "t.kbd:3: [keyboard] direction: bad value 'up'");
	expect_error("name = Test", "\n", "t.kbd: [keyboard] name: missing");
	expect_error("[page symbols]", "[symbols]\n",
		     "t.kbd:9: [symbols]: unknown section ([keyboard] or [page NAME])");
}

/* Every shipped keyboard parses and every row fits 10 mm keys on an 800x480 7-inch panel. */
static void test_shipped_keyboards(void **state)
{
	static const char *const names[] = { "de", "latin", "ru", "ar", "fa", "ka", "digits" };
	const double panel_mm = 154.0, panel_px = 800.0, px_per_mm = panel_px / panel_mm;
	struct error err = { "" };
	char path[4096];
	size_t i, pg, r;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), PRISMA_ASSETS_DIR "/keyboards/%s.kbd", names[i]);
		if (kbdlayout_load(&layout, path, &err) != 0)
			fail_msg("%s", err.msg);
		for (pg = 0; pg < layout.count; pg++) {
			for (r = 0; r < layout.pages[pg].count; r++) {
				/* The row spread over the panel's width: a unit is a key plus a 2
				 * mm gap. */
				double unit = panel_px / KBD_ROW_UNITS_MAX;
				assert_true(layout.pages[pg].rows[r].halves <=
					    2 * KBD_ROW_UNITS_MAX);
				assert_true((unit - 2 * px_per_mm) / px_per_mm >= 10.0);
			}
		}
	}
}

/* The keys the issue asks for are there. */
static void test_required_keys(void **state)
{
	static const char *const punctuation[] = { "key.,", "key.?", "key.!", "key./",
						   "key.(", "key.)", "key.:", "key.enter" };
	struct error err = { "" };
	size_t i;

	assert_int_equal(kbdlayout_load(&layout, PRISMA_ASSETS_DIR "/keyboards/de.kbd", &err), 0);
	for (i = 0; i < sizeof(punctuation) / sizeof(punctuation[0]); i++)
		assert_non_null(key("symbols", punctuation[i]));
	assert_non_null(key("letters", "key.ß"));
	assert_non_null(key("letters", "key.switch"));
	assert_int_equal(kbdlayout_load(&layout, PRISMA_ASSETS_DIR "/keyboards/latin.kbd", &err),
			 0);
	assert_non_null(key("accents", "key.ł"));  /* pl */
	assert_non_null(key("accents", "key.ě"));  /* cs */
	assert_non_null(key("accents2", "key.ș")); /* ro */
	assert_non_null(key("accents", "key.ğ"));  /* tr */
	assert_non_null(key("accents2", "key.œ")); /* fr */
	assert_non_null(key("accents", "key.ơ"));  /* vi */
	assert_int_equal(kbdlayout_load(&layout, PRISMA_ASSETS_DIR "/keyboards/fa.kbd", &err), 0);
	assert_string_equal(kbdlayout_key_text(key("letters", "key.zwnj"), 0), "\u200c");
	assert_true(layout.rtl);
	assert_int_equal(kbdlayout_load(&layout, PRISMA_ASSETS_DIR "/keyboards/digits.kbd", &err),
			 0);
	for (i = 0; i < 10; i++) {
		char id[8];
		snprintf(id, sizeof(id), "key.%zu", i);
		assert_non_null(key("digits", id));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_ids),
		cmocka_unit_test(test_errors_name_line_and_field),
		cmocka_unit_test(test_shipped_keyboards),
		cmocka_unit_test(test_required_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
