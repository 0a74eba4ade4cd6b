/* Proves app/core/config.c: terminal.ini loading, path resolution and error messages. */
#include "testutil.h"

#include "core/config.h"
#include "core/request.h"

static const char VALID_INI[] = "[terminal]\n"
				"id = wing-a_01.x\n"
				"data_dir = spool\n"
				"key = terminal.key\n"
				"catalogue = /usr/share/prisma/catalogue.ini\n"
				"idle_timeout = 90\n"
				"idle_warning = 45\n"
				"tap_guard_ms = 250\n"
				"display_mm = 217x136\n"
				"languages = de,en,ar\n"
				"font_dir = fonts\n"
				"theme = colours/theme.ini\n"
				"\n"
				"[recipients]\n"
				"vpn = office/vpn.pub\n"
				"apro = /etc/prisma/apro.pub\n"
				"\n"
				"[collection]\n"
				"public_key = office/collection.pub\n";

static int setup(void **state)
{
	*state = tu_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	tu_rmtree(*state);
	return 0;
}

/* Writes TEXT to DIR/terminal.ini; the returned path is malloc'ed. */
static char *write_ini(const char *dir, const char *text)
{
	char *path = tu_path(dir, "terminal.ini");

	tu_write_text(path, text);
	return path;
}

/*
 * Loads VALID_INI with the text FIND (up to the end of its line) replaced by
 * REPLACEMENT ("" deletes it) and expects failure with message parts PART1
 * and PART2 (NULL: not checked) and the file name.
 */
static void expect_failure(const char *dir, const char *find, const char *replacement,
			   const char *part1, const char *part2)
{
	char text[2048], *at, *eol, *path;
	struct config cfg;
	struct error err = { "" };

	at = strstr(VALID_INI, find);
	assert_non_null(at);
	eol = strchr(at, '\n') + 1;
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - VALID_INI), VALID_INI, replacement,
		 eol);
	path = write_ini(dir, text);
	assert_int_equal(config_load(&cfg, path, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, part1);
	if (part2)
		tu_assert_contains(err.msg, part2);
	assert_null(cfg.terminal_id);
	assert_int_equal(cfg.recipient_count, 0);
	free(path);
}

static void test_valid_ini_loads_with_paths_resolved(void **state)
{
	const char *dir = *state;
	char *path = write_ini(dir, VALID_INI), *expect;
	struct config cfg;
	struct error err = { "" };

	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.path, path);
	assert_string_equal(cfg.terminal_id, "wing-a_01.x");
	expect = tu_path(dir, "spool");
	assert_string_equal(cfg.data_dir, expect);
	free(expect);
	expect = tu_path(dir, "terminal.key");
	assert_string_equal(cfg.key_path, expect);
	free(expect);
	assert_string_equal(cfg.catalogue_path, "/usr/share/prisma/catalogue.ini");
	assert_null(cfg.locale_dir);
	expect = tu_path(dir, "fonts");
	assert_string_equal(cfg.font_dir, expect);
	free(expect);
	expect = tu_path(dir, "colours/theme.ini");
	assert_string_equal(cfg.theme_path, expect);
	free(expect);
	assert_string_equal(cfg.languages, "de,en,ar");
	assert_int_equal(cfg.idle_timeout, 90);
	assert_int_equal(cfg.idle_warning, 45);
	assert_int_equal(cfg.tap_guard_ms, 250);
	assert_int_equal(cfg.display_mm_w, 217);
	assert_int_equal(cfg.display_mm_h, 136);
	assert_int_equal(cfg.recipient_count, 2);
	assert_string_equal(cfg.recipients[0].name, "vpn");
	expect = tu_path(dir, "office/vpn.pub");
	assert_string_equal(cfg.recipients[0].public_key_path, expect);
	free(expect);
	assert_string_equal(config_find_recipient(&cfg, "apro")->public_key_path,
			    "/etc/prisma/apro.pub");
	assert_null(config_find_recipient(&cfg, "kora"));
	expect = tu_path(dir, "office/collection.pub");
	assert_string_equal(cfg.collection_public_key_path, expect);
	free(expect);
	config_free(&cfg);
	assert_null(cfg.path);
	free(path);
}

static void test_defaults(void **state)
{
	char *path = write_ini(*state, "[terminal]\nid=t\ndata_dir=d\nkey=k\ncatalogue=c\n"
				       "[recipients]\nvpn=v.pub\n[collection]\npublic_key=c.pub\n");
	struct config cfg;
	struct error err = { "" };

	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.idle_timeout, 120);
	assert_int_equal(cfg.idle_warning, 30);
	assert_int_equal(cfg.tap_guard_ms, 400);
	assert_int_equal(cfg.lookups_per_minute, 5);
	assert_int_equal(cfg.display_mm_w, 154); /* the 7" 800x480 panel */
	assert_int_equal(cfg.display_mm_h, 86);
	assert_string_equal(cfg.languages, "de,en");
	assert_string_equal(cfg.font_dir, CONFIG_DEFAULT_FONT_DIR);
	assert_null(cfg.locale_dir);
	assert_null(cfg.theme_path);
	/* No [speech]: read aloud is off, nothing goes to a loudspeaker nobody configured. */
	assert_string_equal(cfg.speech_backend, "none");
	assert_string_equal(cfg.speech_audio, "");
	config_free(&cfg);
	config_free(&cfg); /* safe on a zeroed struct */
	free(path);
}

/* [speech]: a named output means the voice; a backend can be chosen; typos are refused. */
static void test_speech_section(void **state)
{
	static const char BASE[] = "[terminal]\nid=t\ndata_dir=d\nkey=k\ncatalogue=c\n"
				   "[recipients]\nvpn=v.pub\n[collection]\npublic_key=c.pub\n";
	char text[512], *path;
	struct config cfg;
	struct error err = { "" };

	snprintf(text, sizeof(text), "%s[speech]\naudio = USB Headset Analog Stereo\n", BASE);
	path = write_ini(*state, text);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.speech_backend, "espeak");
	assert_string_equal(cfg.speech_audio, "USB Headset Analog Stereo");
	config_free(&cfg);
	free(path);
	snprintf(text, sizeof(text), "%s[speech]\nbackend = record\n", BASE);
	path = write_ini(*state, text);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.speech_backend, "record");
	assert_string_equal(cfg.speech_audio, "");
	config_free(&cfg);
	free(path);
	expect_failure(*state, "[collection]", "[speech]\nbackend = festival\n[collection]\n",
		       "[speech] backend: 'festival' is not espeak, record or none", "line 19");
	expect_failure(*state, "[collection]", "[speech]\nvoice = de\n[collection]\n",
		       "[speech] voice: unknown setting", "line 19");
}

static void test_missing_file(void **state)
{
	char *path = tu_path(*state, "absent.ini");
	struct config cfg;
	struct error err = { "" };

	assert_int_equal(config_load(&cfg, path, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "cannot open");
	free(path);
}

static void test_missing_id(void **state)
{
	expect_failure(*state, "id =", "", "[terminal] id", "missing");
}

static void test_bad_id_characters(void **state)
{
	expect_failure(*state, "id =", "id = wing a/01\n", "[terminal] id", "wing a/01");
	expect_failure(*state, "id =", "id = ä\n", "[terminal] id", NULL);
	expect_failure(*state, "id =", "id = 0123456789012345678901234567890123\n", "[terminal] id",
		       NULL);
}

static void test_unknown_setting(void **state)
{
	expect_failure(*state, "idle_timeout", "colour = blue\n", "[terminal] colour",
		       "unknown setting");
	expect_failure(*state, "public_key", "private_key = x\n", "[collection] private_key",
		       "unknown setting");
	expect_failure(*state, "[collection]", "[extra]\nfoo = 1\n[collection]\n", "[extra] foo",
		       "line 19");
}

static void test_bad_idle_timeout(void **state)
{
	expect_failure(*state, "idle_timeout", "idle_timeout = soon\n", "[terminal] idle_timeout",
		       "'soon'");
	expect_failure(*state, "idle_timeout", "idle_timeout = 9\n", "idle_timeout", "line 6");
	expect_failure(*state, "idle_timeout", "idle_timeout = 3601\n", "idle_timeout", NULL);
	expect_failure(*state, "idle_timeout", "idle_timeout = 60s\n", "idle_timeout", NULL);
	expect_failure(*state, "idle_timeout", "lookups_per_minute = 0\n",
		       "[terminal] lookups_per_minute", "'0' is not a whole number from 1 to 60");
	expect_failure(*state, "idle_timeout", "lookups_per_minute = 61\n", "lookups_per_minute",
		       NULL);
}

/* The warning must leave at least 20 s to read it and tap "more time". */
static void test_bad_idle_warning_and_tap_guard(void **state)
{
	expect_failure(*state, "idle_warning", "idle_warning = 19\n", "[terminal] idle_warning",
		       "'19' is not a whole number from 20 to 600");
	expect_failure(*state, "idle_warning", "idle_warning = 601\n", "idle_warning", "line 7");
	expect_failure(*state, "idle_warning", "idle_warning = 30s\n", "idle_warning", "'30s'");
	expect_failure(*state, "tap_guard_ms", "tap_guard_ms = -1\n", "[terminal] tap_guard_ms",
		       "from 0 to 2000");
	/* Out of long's range: refused, not clamped (one parser for [terminal] and [limits]). */
	expect_failure(*state, "tap_guard_ms", "tap_guard_ms = 99999999999999999999\n",
		       "[terminal] tap_guard_ms", "is not a whole number");
	expect_failure(*state, "tap_guard_ms", "tap_guard_ms = 2001\n", "tap_guard_ms", NULL);
	expect_failure(*state, "display_mm", "display_mm = 154\n", "[terminal] display_mm",
		       "'154'");
	expect_failure(*state, "display_mm", "display_mm = 154x86mm\n", "display_mm",
		       "millimetres");
	expect_failure(*state, "display_mm", "display_mm = 10x86\n", "display_mm", NULL);
	expect_failure(*state, "display_mm", "display_mm = 154x\n", "display_mm", NULL);
}

static void test_no_recipients(void **state)
{
	char text[2048], *at, *path;
	struct config cfg;
	struct error err = { "" };

	/* An empty [recipients] section. */
	at = strstr(VALID_INI, "vpn =");
	snprintf(text, sizeof(text), "%.*s%s", (int)(at - VALID_INI), VALID_INI,
		 strstr(VALID_INI, "\n[collection]"));
	path = write_ini(*state, text);
	assert_int_equal(config_load(&cfg, path, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "[recipients]: at least one recipient");
	free(path);
	/* Entries without the section header fall into [terminal]. */
	expect_failure(*state, "[recipients]", "", "[terminal] vpn", "unknown setting");
}

static void test_recipients_missing_entirely(void **state)
{
	char *path = write_ini(*state, "[terminal]\nid=t\ndata_dir=d\nkey=k\ncatalogue=c\n"
				       "[collection]\npublic_key=c.pub\n");
	struct config cfg;
	struct error err = { "" };

	assert_int_equal(config_load(&cfg, path, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "[recipients]");
	free(path);
}

static void test_duplicate_recipient(void **state)
{
	expect_failure(*state, "apro =", "vpn = other.pub\n", "[recipients] vpn", "defined twice");
}

static void test_rotating_recipient_has_two_keys(void **state)
{
	char text[2048], *path, *at = strstr(VALID_INI, "vpn =");
	struct config cfg;
	struct error err = { "" };

	snprintf(text, sizeof(text), "%.*svpn = office/vpn-2027.pub , office/vpn.pub\n%s",
		 (int)(at - VALID_INI), VALID_INI, strchr(at, '\n') + 1);
	path = write_ini(*state, text);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.recipient_count, 3);
	assert_string_equal(cfg.recipients[0].name, "vpn");
	tu_assert_contains(cfg.recipients[0].public_key_path, "/office/vpn-2027.pub");
	assert_string_equal(cfg.recipients[1].name, "vpn");
	tu_assert_contains(cfg.recipients[1].public_key_path, "/office/vpn.pub");
	assert_string_equal(cfg.recipients[2].name, "apro");
	config_free(&cfg);
	free(path);
	expect_failure(*state, "vpn =", "vpn = , \n", "[recipients] vpn", "no public key file");
}

static void test_missing_paths_and_collection_key(void **state)
{
	expect_failure(*state, "public_key", "", "[collection] public_key", "missing");
	expect_failure(*state, "data_dir", "", "[terminal] data_dir", "missing");
	expect_failure(*state, "key =", "", "[terminal] key", "missing");
	expect_failure(*state, "catalogue", "", "[terminal] catalogue", "missing");
}

static void test_not_an_ini_line(void **state)
{
	expect_failure(*state, "idle_timeout", "this is not ini\n", "line 6", NULL);
}

static void test_valid_terminal_id(void **state)
{
	assert_true(config_valid_terminal_id("a"));
	assert_true(config_valid_terminal_id("demo-wing-a-01"));
	assert_true(config_valid_terminal_id("01234567890123456789012345678901"));
	assert_false(config_valid_terminal_id("012345678901234567890123456789012"));
	assert_false(config_valid_terminal_id(""));
	assert_false(config_valid_terminal_id("a b"));
	assert_false(config_valid_terminal_id("a/b"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_ini_loads_with_paths_resolved),
		T(test_defaults),
		T(test_speech_section),
		T(test_missing_file),
		T(test_missing_id),
		T(test_bad_id_characters),
		T(test_unknown_setting),
		T(test_bad_idle_timeout),
		T(test_bad_idle_warning_and_tap_guard),
		T(test_no_recipients),
		T(test_recipients_missing_entirely),
		T(test_duplicate_recipient),
		T(test_rotating_recipient_has_two_keys),
		T(test_missing_paths_and_collection_key),
		T(test_not_an_ini_line),
		T(test_valid_terminal_id),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
