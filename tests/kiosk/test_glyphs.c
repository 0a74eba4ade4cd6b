/*
 * No empty boxes: every text of every language (the msgstr of each .po, or the
 * msgid where English leaves it empty), every language's own name and every
 * key label of its keyboard is laid out with the font languages.ini assigns,
 * and every character must be provided by the font of its run
 * (TTF_GlyphIsProvided32 through shape_missing_glyph).
 */
#include "../core/testutil.h"

#include "core/config.h"
#include "kiosk/inidata.h"
#include "kiosk/kbdlayout.h"
#include "kiosk/langtable.h"
#include "kiosk/shape.h"

static struct fonts fonts;
static struct langtable table;
static size_t checked;

static int setup(void **state)
{
	struct error err = { "" };

	size_t i;

	if (TTF_Init() != 0 || fonts_init(&fonts, CONFIG_DEFAULT_FONT_DIR, &err) != 0 ||
	    langtable_load(&table, PRISMA_ASSETS_DIR "/languages.ini", &err) != 0)
		return -1;
	/* As the kiosk does: the table's families are the ones asked for a missing glyph. */
	for (i = 0; i < table.count; i++) {
		if (fonts_add_family(&fonts, table.languages[i].font, &err) != 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	fonts_close(&fonts);
	TTF_Quit();
	return 0;
}

/* Fails when STR, drawn for LANG (regular and bold), would show an empty box. */
static void check(const struct language *lang, const char *str, const char *where)
{
	struct shape_style style = { lang->font, 0, 24, lang->rtl };
	struct error err = { "" };
	unsigned cp;
	int rc;

	for (style.bold = 0; style.bold < 2; style.bold++) {
		rc = shape_missing_glyph(&fonts, str, &style, &cp, &err);
		if (rc < 0)
			fail_msg("%s: %s", where, err.msg);
		if (rc > 0)
			fail_msg("%s: U+%04X in \"%s\" has no glyph in %s%s (or its fallback)",
				 where, cp, str, lang->font, style.bold ? " Bold" : "");
	}
	checked++;
}

/* Undoes the escapes of a .po string literal body (between the quotes) onto OUT. */
static void po_unescape(const char *in, size_t len, char *out, size_t *at)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = in[i];
		if (c == '\\' && i + 1 < len) {
			c = in[++i];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		out[(*at)++] = c;
	}
	out[*at] = '\0';
}

/* Checks every text of the .po file of LANG. */
static void check_po(const struct language *lang)
{
	char path[4096], *text, *line, *save = NULL, msgid[4096] = "", msgstr[4096] = "";
	char *target = NULL;
	size_t idlen = 0, strlen_ = 0, n = 0, *at = NULL, len;
	struct error err = { "" };

	snprintf(path, sizeof(path), PRISMA_ASSETS_DIR "/locale/%s.po", lang->code);
	text = inidata_read(path, &err);
	if (!text)
		fail_msg("%s", err.msg);
	for (line = strtok_r(text, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
		int quoted = line && line[0] == '"';
		if (!quoted && target == msgstr) { /* an entry ends: check what is shown */
			if (idlen > 0)
				check(lang, strlen_ > 0 ? msgstr : msgid, path), n++;
			target = NULL;
			idlen = strlen_ = 0;
		}
		if (!line)
			break;
		if (strncmp(line, "msgid \"", 7) == 0)
			target = msgid, at = &idlen, idlen = 0, line += 6;
		else if (strncmp(line, "msgstr \"", 8) == 0)
			target = msgstr, at = &strlen_, strlen_ = 0, line += 7;
		else if (!quoted)
			continue;
		len = strlen(line);
		assert_true(len >= 2 && line[len - 1] == '"');
		if (target)
			po_unescape(line + 1, len - 2, target, at);
	}
	free(text);
	assert_true(n >= 50); /* every text of the template, not a handful */
}

static void test_every_text_of_every_language(void **state)
{
	size_t i;

	for (i = 0; i < table.count; i++)
		check_po(&table.languages[i]);
	print_message("%zu texts checked\n", checked);
}

/* The home screen shows every language's name whatever the current language is. */
static void test_language_names_in_every_font(void **state)
{
	size_t i, j;

	for (i = 0; i < table.count; i++) {
		for (j = 0; j < table.count; j++)
			check(&table.languages[i], table.languages[j].name, "languages.ini name");
	}
}

static void test_keyboard_labels(void **state)
{
	struct kbdlayout layout;
	struct error err = { "" };
	char path[4096];
	size_t i, pg, r, k;

	for (i = 0; i < table.count; i++) {
		const struct language *lang = &table.languages[i];
		snprintf(path, sizeof(path), PRISMA_ASSETS_DIR "/keyboards/%s.kbd", lang->keyboard);
		if (kbdlayout_load(&layout, path, &err) != 0)
			fail_msg("%s", err.msg);
		for (pg = 0; pg < layout.count; pg++) {
			for (r = 0; r < layout.pages[pg].count; r++) {
				for (k = 0; k < layout.pages[pg].rows[r].count; k++) {
					const struct kbd_key *key =
						&layout.pages[pg].rows[r].keys[k];
					check(lang, key->label, path);
					check(lang, key->upper, path);
				}
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_text_of_every_language),
		cmocka_unit_test(test_language_names_in_every_font),
		cmocka_unit_test(test_keyboard_labels),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
