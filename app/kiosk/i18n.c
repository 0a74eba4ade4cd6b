#include "kiosk/i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* glibc's catalogue generation counter: bumping it makes gettext re-read LANGUAGE. */
extern int _nl_msg_cat_cntr;

#define LANGUAGE_NAME_KEY "language-name\004English"

static int i18n_valid_code(const char *code, size_t len)
{
	size_t i;

	if (len == 0 || len >= I18N_CODE_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		char c = code[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* A variant ("de-x-easy") falls back to its base language ("de") for a text it lacks. */
static void i18n_activate(const char *code)
{
	char chain[2 * I18N_CODE_MAX + 1];
	size_t base = strcspn(code, "-");

	if (code[base])
		snprintf(chain, sizeof(chain), "%s:%.*s", code, (int)base, code);
	else
		snprintf(chain, sizeof(chain), "%s", code);
	setenv("LANGUAGE", chain, 1);
	++_nl_msg_cat_cntr;
}

static int i18n_parse(struct i18n *i18n, const char *languages, struct error *err)
{
	const char *p = languages;
	size_t len;

	while (*p) {
		len = strcspn(p, ", ");
		if (len > 0) {
			if (!i18n_valid_code(p, len) || i18n->count >= I18N_LANGUAGES_MAX) {
				error_set(err, "languages: bad language code '%.*s'", (int)len, p);
				return -1;
			}
			memcpy(i18n->codes[i18n->count], p, len);
			i18n->codes[i18n->count++][len] = '\0';
		}
		p += len;
		p += strspn(p, ", ");
	}
	if (i18n->count == 0) {
		error_set(err, "languages: no language configured");
		return -1;
	}
	return 0;
}

int i18n_open(struct i18n *i18n, const char *languages, const char *locale_dir, struct error *err)
{
	const char *name;
	size_t i;

	memset(i18n, 0, sizeof(*i18n));
	if (i18n_parse(i18n, languages ? languages : "", err) != 0)
		return -1;
	/* Plain "C" would make gettext ignore LANGUAGE; C.UTF-8 always exists on Debian. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	bindtextdomain("prisma", locale_dir);
	bind_textdomain_codeset("prisma", "UTF-8");
	textdomain("prisma");
	for (i = 0; i < i18n->count; i++) {
		i18n_activate(i18n->codes[i]);
		name = gettext(LANGUAGE_NAME_KEY);
		if (strcmp(name, LANGUAGE_NAME_KEY) == 0)
			name = i18n->codes[i];
		snprintf(i18n->names[i], sizeof(i18n->names[i]), "%s", name);
	}
	i18n->current = 0;
	i18n_activate(i18n->codes[0]);
	return 0;
}

int i18n_select(struct i18n *i18n, const char *code)
{
	size_t i;

	for (i = 0; i < i18n->count; i++) {
		if (strcmp(i18n->codes[i], code) == 0) {
			i18n->current = i;
			i18n_activate(code);
			return 0;
		}
	}
	return -1;
}

void i18n_neutral(struct i18n *i18n)
{
	(void)i18n;
	unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
}

const char *i18n_code(const struct i18n *i18n)
{
	return i18n->codes[i18n->current];
}
