/* Proves app/kiosk/langtable.c: assets/languages.ini and the messages for bad tables. */
#include "../core/testutil.h"

#include "kiosk/langtable.h"

static const char VALID[] = "; comment\n"
			    "[de]\n"
			    "name = Deutsch\n"
			    "direction = ltr\n"
			    "script = Latn\n"
			    "font = Noto Sans\n"
			    "keyboard = de\n"
			    "voice = de\n"
			    "rate = 80\n"
			    "\n"
			    "[ar]\n"
			    "name = العربية\n"
			    "direction = rtl\n"
			    "script = Arab\n"
			    "font = Noto Sans Arabic\n"
			    "keyboard = ar\n"
			    "voice = ar\n";

static void test_valid_table(void **state)
{
	struct langtable t;
	struct error err = { "" };
	const struct language *ar;

	assert_int_equal(langtable_parse(&t, VALID, "languages.ini", &err), 0);
	assert_int_equal(t.count, 2);
	assert_string_equal(t.languages[0].code, "de");
	assert_false(t.languages[0].rtl);
	ar = langtable_find(&t, "ar");
	assert_ptr_equal(ar, &t.languages[1]);
	assert_string_equal(ar->name, "العربية");
	assert_true(ar->rtl);
	assert_string_equal(ar->script, "Arab");
	assert_string_equal(ar->font, "Noto Sans Arabic");
	assert_string_equal(ar->keyboard, "ar");
	assert_string_equal(ar->voice, "ar");
	assert_int_equal(ar->rate, 100); /* the default */
	assert_int_equal(t.languages[0].rate, 80);
	assert_null(langtable_find(&t, "fr"));
}

/* VALID with FIND (to the end of its line) replaced; expects MESSAGE exactly. */
static void expect_error(const char *find, const char *replacement, const char *message)
{
	char text[2048];
	const char *at = strstr(VALID, find), *eol;
	struct langtable t;
	struct error err = { "" };

	assert_non_null(at);
	eol = strchr(at, '\n') + 1;
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - VALID), VALID, replacement, eol);
	assert_int_equal(langtable_parse(&t, text, "languages.ini", &err), -1);
	assert_string_equal(err.msg, message);
	assert_int_equal(t.count, 0);
}

static void test_errors_name_line_and_field(void **state)
{
	expect_error("direction = rtl", "direction = right\n",
		     "languages.ini:13: [ar] direction: must be ltr or rtl");
	expect_error("script = Arab", "script = Arabic\n",
		     "languages.ini:14: [ar] script: must be a four-letter ISO 15924 code like "
		     "Latn or Arab");
	expect_error("keyboard = de", "keyboard = ../../etc/passwd\n",
		     "languages.ini:7: [de] keyboard: letters, digits, '-', '_' and inner spaces "
		     "only");
	expect_error("font = Noto Sans\n", "font = Noto Sans\nfont = Noto Serif\n",
		     "languages.ini:7: [de] font: set twice");
	expect_error("name = Deutsch", "colour = red\n",
		     "languages.ini:3: [de] colour: unknown field");
	expect_error("[ar]", "[AR]\n",
		     "languages.ini:12: [AR]: bad language code (lower-case letters, digits, '-')");
	expect_error("[ar]", "[ar\n",
		     "languages.ini:11: not a 'field = value' line or a [section]");
	expect_error("font = Noto Sans Arabic", "\n", "languages.ini: [ar] font: missing");
	expect_error("voice = ar", "voice = ../ar\n",
		     "languages.ini:17: [ar] voice: must be an espeak-ng voice name (lower-case "
		     "letters, digits, '-')");
	expect_error("voice = ar", "\n", "languages.ini: [ar] voice: missing");
	expect_error("rate = 80", "rate = 200\n",
		     "languages.ini:9: [de] rate: must be a whole number from 50 to 150 (percent "
		     "of the voice's normal rate)");
	expect_error("rate = 80", "rate = 80x\n",
		     "languages.ini:9: [de] rate: must be a whole number from 50 to 150 (percent "
		     "of the voice's normal rate)");
	expect_error("rate = 80", "rate = 80\nrate = 90\n",
		     "languages.ini:10: [de] rate: set twice");
	expect_error("; comment", "name = x\n",
		     "languages.ini:1: name: outside a [language] section");
}

static void test_empty_and_missing_file(void **state)
{
	struct langtable t;
	struct error err = { "" };

	assert_int_equal(langtable_parse(&t, "; nothing\n", "x.ini", &err), -1);
	assert_string_equal(err.msg, "x.ini: no language");
	assert_int_equal(langtable_load(&t, "/nonexistent/languages.ini", &err), -1);
	assert_string_equal(err.msg, "/nonexistent/languages.ini: No such file or directory");
}

/* The shipped table: 13 languages, each with a .po file and a keyboard file. */
static void test_shipped_table(void **state)
{
	static const char *const codes[] = { "de", "de-x-easy", "en", "ar", "fa", "ru", "tr",
					     "pl", "cs",	"ro", "ka", "vi", "fr" };
	struct langtable t;
	struct error err = { "" };
	char path[4096];
	size_t i;

	if (langtable_load(&t, PRISMA_ASSETS_DIR "/languages.ini", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(t.count, 13);
	for (i = 0; i < 13; i++) {
		assert_string_equal(t.languages[i].code, codes[i]);
		snprintf(path, sizeof(path), PRISMA_ASSETS_DIR "/locale/%s.po", codes[i]);
		assert_int_equal(access(path, R_OK), 0);
		snprintf(path, sizeof(path), PRISMA_ASSETS_DIR "/keyboards/%s.kbd",
			 t.languages[i].keyboard);
		if (access(path, R_OK) != 0)
			fail_msg("%s: missing", path);
	}
	assert_true(langtable_find(&t, "ar")->rtl && langtable_find(&t, "fa")->rtl);
	assert_false(langtable_find(&t, "ka")->rtl);
	/* Every language has a voice; Leichte Sprache is German, slower. */
	for (i = 0; i < 13; i++)
		assert_true(t.languages[i].voice[0]);
	assert_string_equal(langtable_find(&t, "de-x-easy")->voice, "de");
	assert_true(langtable_find(&t, "de-x-easy")->rate < langtable_find(&t, "de")->rate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_table),
		cmocka_unit_test(test_errors_name_line_and_field),
		cmocka_unit_test(test_empty_and_missing_file),
		cmocka_unit_test(test_shipped_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
