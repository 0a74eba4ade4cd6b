/* Proves app/core/escape.c: what acts on a terminal or reorders text is shown, never passed. */
#include "testutil.h"

#include "core/escape.h"

#include <stdlib.h>

/* Runs escape_write on TEXT and returns what it wrote (static buffer). */
static const char *escaped(const char *text, enum escape_mode mode, const char *newline)
{
	static char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	escape_write(f, text, mode, newline);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_unsafe_code_points(void **state)
{
	static const uint32_t unsafe[] = { 0x00,   0x1b,   0x7f,   0x80,   0x9b,   0x9f,  0x061c,
					   0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069 };
	static const uint32_t safe[] = { 0x20, 0x7e, 0xa0, 0x200d, 0x2029, 0x202f, 0x206a, 0xff1d };

	for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++)
		assert_true(escape_is_unsafe(unsafe[i]));
	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		assert_false(escape_is_unsafe(safe[i]));
}

static void test_write_plain(void **state)
{
	assert_string_equal(escaped("a\x1b]0;x\x07", ESCAPE_PLAIN, NULL), "a[U+001B]]0;x[U+0007]");
	assert_string_equal(escaped("\xc2\x9b"
				    "2J",
				    ESCAPE_PLAIN, NULL),
			    "[U+009B]2J");
	assert_string_equal(escaped("\xe2\x80\xae"
				    "abc",
				    ESCAPE_PLAIN, NULL),
			    "[U+202E]abc");
	assert_string_equal(escaped("x\xff\xc3", ESCAPE_PLAIN, NULL), "x[0xFF][0xC3]");
	assert_string_equal(escaped("a\nb", ESCAPE_PLAIN, NULL), "a[U+000A]b");
	assert_string_equal(escaped("a\nb", ESCAPE_PLAIN, "\n  "), "a\n  b");
	assert_string_equal(escaped("Grüße <b>", ESCAPE_PLAIN, NULL), "Grüße <b>");
}

static void test_write_csv_and_html(void **state)
{
	assert_string_equal(escaped("say \"hi\"", ESCAPE_CSV, NULL), "say \"\"hi\"\"");
	assert_string_equal(escaped("<a href='x'>&\"", ESCAPE_HTML, NULL),
			    "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
	assert_string_equal(escaped("\x1b<", ESCAPE_HTML, NULL), "[U+001B]&lt;");
}

static void test_csv_formula(void **state)
{
	static const char *formulas[] = { "=1+1",
					  "+1",
					  "-1",
					  "@SUM(A1)",
					  "\tx",
					  "\rx",
					  "  =1",
					  "\xef\xbc\x9d"
					  "1",
					  "\xef\xbc\x8b"
					  "1",
					  "\xef\xbc\x8d"
					  "1",
					  "\xef\xbc\xa0"
					  "x",
					  "\nx",
					  "\xc2\xa0=1",	    /* no-break space */
					  "\xe3\x80\x80+1", /* ideographic space */
					  "\xef\xbb\xbf=1", /* byte-order mark */
					  " \xe2\x80\x83 -1" };
	static const char *plain[] = { "",   "Anna",	     "1-2",	 "a=b",
				       " x", "\xef\xbc\xa1", "\xc2\xa0", "\xc2\xa0x" };

	for (size_t i = 0; i < sizeof(formulas) / sizeof(formulas[0]); i++)
		assert_true(escape_csv_formula(formulas[i]));
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		assert_false(escape_csv_formula(plain[i]));
}

static void test_json_write(void **state)
{
	static const char json[] = "[\"a\xc2\x9b"
				   "b\xe2\x80\xae"
				   "c\x7f"
				   "dé\"]";
	char buf[128];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	escape_json_write(f, json, sizeof(json) - 1);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "[\"a\\u009bb\\u202ec\\u007fdé\"]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsafe_code_points), cmocka_unit_test(test_write_plain),
		cmocka_unit_test(test_write_csv_and_html), cmocka_unit_test(test_csv_formula),
		cmocka_unit_test(test_json_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
