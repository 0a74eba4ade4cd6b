/* Proves app/kiosk/theme.c: the theme file's colours and its one-line errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kiosk/theme.h"

#include <math.h>
#include <string.h>

static const char VALID[] = "[theme]\n"
			    "background = #f5f3ee\n"
			    "ink = #1A1A1A ; comment\n"
			    "paper = #ffffff\n"
			    "accent = #1f4e79\n"
			    "muted_background = #e2e0dc\n"
			    "muted_ink = #6e6e6e\n"
			    "[high-contrast]\n"
			    "background = #000000\n"
			    "ink = #ffffff\n"
			    "paper = #000000\n"
			    "accent = #ffd400\n"
			    "muted_background = #333333\n"
			    "muted_ink = #d0d0d0\n"
			    "[large-text]\n"
			    "scale = 130\n";

static void assert_colour(SDL_Color c, int r, int g, int b)
{
	assert_int_equal(c.r, r);
	assert_int_equal(c.g, g);
	assert_int_equal(c.b, b);
	assert_int_equal(c.a, 0xff);
}

static void test_valid_theme(void **state)
{
	struct theme_set set;
	struct theme t;
	struct error err = { "" };

	(void)state;
	assert_int_equal(theme_parse(&set, VALID, "theme.ini", &err), 0);
	t = set.normal;
	assert_colour(t.background, 0xf5, 0xf3, 0xee);
	assert_colour(t.ink, 0x1a, 0x1a, 0x1a);
	assert_colour(t.accent, 0x1f, 0x4e, 0x79);
	assert_colour(t.muted_bg, 0xe2, 0xe0, 0xdc);
	assert_colour(t.muted_ink, 0x6e, 0x6e, 0x6e);
	assert_colour(set.high_contrast.background, 0, 0, 0);
	assert_colour(set.high_contrast.accent, 0xff, 0xd4, 0x00);
	assert_colour(set.high_contrast.muted_ink, 0xd0, 0xd0, 0xd0);
	assert_int_equal(set.large_text_percent, 130);
}

/* Replaces the line containing FIND in VALID with REPLACEMENT; expects ERR to hold PART. */
static void expect_failure(const char *find, const char *replacement, const char *part)
{
	char text[1024];
	const char *at = strstr(VALID, find), *eol;
	struct theme_set t, before;
	struct error err = { "" };

	assert_non_null(at);
	eol = strchr(at, '\n') + 1;
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - VALID), VALID, replacement, eol);
	memset(&t, 0x5a, sizeof(t));
	before = t;
	assert_int_equal(theme_parse(&t, text, "my/theme.ini", &err), -1);
	assert_non_null(strstr(err.msg, "my/theme.ini"));
	if (!strstr(err.msg, part))
		fail_msg("'%s' does not contain '%s'", err.msg, part);
	assert_memory_equal(&t, &before, sizeof(t)); /* unchanged on failure */
}

static void test_bad_themes(void **state)
{
	(void)state;
	expect_failure("accent", "accent = blue\n",
		       "line 5: [theme] accent: 'blue' is not a colour");
	expect_failure("accent", "accent = #1f4e7\n", "accent");
	expect_failure("accent", "accent = #1f4e79ff\n", "accent");
	expect_failure("accent", "accent = #1g4e79\n", "accent");
	expect_failure("accent", "", "[theme] accent: missing");
	expect_failure("accent", "shadow = #000000\n", "line 5: [theme] shadow: unknown setting");
	expect_failure("[theme]", "[colours]\n", "line 2: [colours] background: unknown setting");
	expect_failure("paper", "this is not ini\n", "line 4");
	/* the high-contrast palette and the large-text scale: each key checked alike */
	expect_failure("accent = #ffd400", "accent = yellow\n",
		       "line 12: [high-contrast] accent: 'yellow' is not a colour");
	expect_failure("accent = #ffd400", "", "[high-contrast] accent: missing");
	expect_failure("[high-contrast]", "", "[high-contrast] background: missing");
	expect_failure("scale", "scale = 99\n", "[large-text] scale: '99' is not a per cent");
	expect_failure("scale", "scale = 201\n", "line 16: [large-text] scale: '201'");
	expect_failure("scale", "scale = 13x\n", "[large-text] scale: '13x'");
	expect_failure("scale", "size = 130\n", "line 16: [large-text] size: unknown setting");
	expect_failure("scale", "", "[large-text] scale: missing");
}

static void test_the_shipped_theme_loads(void **state)
{
	struct theme_set t;
	struct error err = { "" };

	(void)state;
	assert_int_equal(theme_load(&t, PRISMA_ASSETS_DIR "/theme.ini", &err), 0);
	assert_colour(t.normal.background, 0xf5, 0xf3, 0xee);
	assert_true(t.large_text_percent > 100);
	assert_int_equal(theme_load(&t, "/nonexistent/theme.ini", &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/theme.ini: cannot open"));
}

/*
 * WCAG contrast: the formula's fixed points, and every text colour of the
 * shipped theme against what widget.c draws it on: 4.5:1 normal, 7:1 high
 * contrast (the old muted ink #6e6e6e on #e2e0dc was 3.87:1). The rendered
 * screens are measured too (tests/kiosk/contrast.sh).
 */
static void test_contrast(void **state)
{
	SDL_Color black = { 0, 0, 0, 255 }, white = { 255, 255, 255, 255 };
	SDL_Color grey = { 0x76, 0x76, 0x76, 255 }, old_muted = { 0x6e, 0x6e, 0x6e, 255 };
	struct theme_set t;
	struct theme low;
	struct error err = { "" };
	const char *which = "";
	double min;

	(void)state;
	assert_true(fabs(theme_contrast(black, white) - 21.0) < 1e-9);
	assert_true(fabs(theme_contrast(white, black) - 21.0) < 1e-9);
	assert_true(fabs(theme_contrast(white, white) - 1.0) < 1e-9);
	assert_true(fabs(theme_contrast(white, grey) - 4.54) < 0.01); /* #767676: the usual limit */
	assert_int_equal(theme_load(&t, PRISMA_ASSETS_DIR "/theme.ini", &err), 0);
	min = theme_min_text_contrast(&t.normal, &which);
	if (min < THEME_MIN_CONTRAST)
		fail_msg("shipped theme: %s is %.2f:1 (under 4.5:1)", which, min);
	min = theme_min_text_contrast(&t.high_contrast, &which);
	if (min < THEME_MIN_CONTRAST_HIGH)
		fail_msg("shipped high contrast: %s is %.2f:1 (under 7:1)", which, min);
	low = t.normal;
	low.muted_ink = old_muted;
	assert_true(theme_min_text_contrast(&low, &which) < THEME_MIN_CONTRAST);
	assert_string_equal(which, "muted ink on muted background");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_theme),
		cmocka_unit_test(test_bad_themes),
		cmocka_unit_test(test_the_shipped_theme_loads),
		cmocka_unit_test(test_contrast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
