#include "kiosk/langtable.h"

#include "kiosk/inidata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fields a section must set, in bits. */
enum {
	FIELD_NAME = 1,
	FIELD_DIRECTION = 2,
	FIELD_SCRIPT = 4,
	FIELD_FONT = 8,
	FIELD_KEYBOARD = 16,
	FIELD_VOICE = 32, /* the last required field */
	FIELD_RATE = 64,  /* optional */
};

struct langtable_parser {
	struct inidata ini; /* first: the handler's user pointer is both */
	struct langtable *table;
	unsigned seen[LANGTABLE_MAX];
};

/* Lower-case letters and digits in groups joined by '-' ("de", "de-x-easy"). */
static int langtable_valid_code(const char *code)
{
	size_t i, len = strlen(code);

	if (len == 0 || len >= LANGTABLE_CODE_MAX || code[0] == '-' || code[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		char c = code[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (c == '-' && code[i + 1] == '-')
			return 0;
	}
	return 1;
}

/* Letters, digits, '-', '_' and spaces: safe in a file name once spaces go. */
static int langtable_valid_name(const char *value)
{
	size_t i;

	if (!value[0])
		return 0;
	for (i = 0; value[i]; i++) {
		char c = value[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == ' '))
			return 0;
	}
	return value[0] != ' ' && value[i - 1] != ' ';
}

static int langtable_copy(char *dst, size_t size, const char *value)
{
	if (strlen(value) >= size)
		return -1;
	memcpy(dst, value, strlen(value) + 1);
	return 0;
}

/* Finds or appends the language of SECTION; NULL (with a reason) when the table is full. */
static struct language *langtable_section(struct langtable_parser *p, const char *section,
					  size_t *index)
{
	struct langtable *t = p->table;
	size_t i;

	for (i = 0; i < t->count; i++) {
		if (strcmp(t->languages[i].code, section) == 0) {
			*index = i;
			return &t->languages[i];
		}
	}
	if (!langtable_valid_code(section)) {
		inidata_refuse(&p->ini, "[%s]: bad language code (lower-case letters, digits, '-')",
			       section);
		return NULL;
	}
	if (t->count >= LANGTABLE_MAX) {
		inidata_refuse(&p->ini, "[%s]: more than %d languages", section, LANGTABLE_MAX);
		return NULL;
	}
	*index = t->count++;
	snprintf(t->languages[*index].code, LANGTABLE_CODE_MAX, "%s", section);
	t->languages[*index].rate = 100;
	return &t->languages[*index];
}

/* voice (an espeak-ng voice name) and rate (percent); the field's bit, or 0 with *WHY. */
static unsigned langtable_speech_field(struct language *lang, const char *name, const char *value,
				       const char **why)
{
	char *end;
	long rate;

	if (strcmp(name, "voice") == 0) {
		*why = "must be an espeak-ng voice name (lower-case letters, digits, '-')";
		if (!langtable_valid_code(value))
			return 0;
		snprintf(lang->voice, sizeof(lang->voice), "%s", value);
		return FIELD_VOICE;
	}
	*why = "must be a whole number from 50 to 150 (percent of the voice's normal rate)";
	rate = strtol(value, &end, 10);
	if (end == value || *end || rate < LANGTABLE_RATE_MIN || rate > LANGTABLE_RATE_MAX)
		return 0;
	lang->rate = (int)rate;
	return FIELD_RATE;
}

/* Stores one field; returns the field's bit, or 0 with a reason in *WHY. */
static unsigned langtable_field(struct language *lang, const char *name, const char *value,
				const char **why)
{
	*why = "value too long";
	if (strcmp(name, "name") == 0) {
		*why = value[0] ? "value too long" : "empty";
		return value[0] && langtable_copy(lang->name, sizeof(lang->name), value) == 0
			       ? FIELD_NAME
			       : 0;
	}
	if (strcmp(name, "direction") == 0) {
		*why = "must be ltr or rtl";
		if (strcmp(value, "ltr") != 0 && strcmp(value, "rtl") != 0)
			return 0;
		lang->rtl = strcmp(value, "rtl") == 0;
		return FIELD_DIRECTION;
	}
	if (strcmp(name, "script") == 0) {
		*why = "must be a four-letter ISO 15924 code like Latn or Arab";
		if (strlen(value) != 4 || !langtable_valid_name(value))
			return 0;
		return langtable_copy(lang->script, sizeof(lang->script), value) == 0 ? FIELD_SCRIPT
										      : 0;
	}
	if (strcmp(name, "font") == 0 || strcmp(name, "keyboard") == 0) {
		*why = "letters, digits, '-', '_' and inner spaces only";
		if (!langtable_valid_name(value))
			return 0;
		if (strcmp(name, "font") == 0)
			return langtable_copy(lang->font, sizeof(lang->font), value) == 0
				       ? FIELD_FONT
				       : 0;
		if (strchr(value, ' '))
			return 0;
		return langtable_copy(lang->keyboard, sizeof(lang->keyboard), value) == 0
			       ? FIELD_KEYBOARD
			       : 0;
	}
	if (strcmp(name, "voice") == 0 || strcmp(name, "rate") == 0)
		return langtable_speech_field(lang, name, value, why);
	*why = "unknown field";
	return 0;
}

static int langtable_handle(void *user, const char *section, const char *name, const char *value)
{
	struct langtable_parser *p = user;
	struct language *lang;
	const char *why;
	unsigned bit;
	size_t index;

	if (!section[0])
		return inidata_refuse(&p->ini, "%s: outside a [language] section", name);
	lang = langtable_section(p, section, &index);
	if (!lang)
		return 0;
	bit = langtable_field(lang, name, value, &why);
	if (!bit)
		return inidata_refuse(&p->ini, "[%s] %s: %s", section, name, why);
	if (p->seen[index] & bit)
		return inidata_refuse(&p->ini, "[%s] %s: set twice", section, name);
	p->seen[index] |= bit;
	return 1;
}

/* After a clean parse: every language has every field, and there is one. */
static int langtable_complete(const struct langtable_parser *p, const char *name, struct error *err)
{
	static const char *const fields[] = { "name", "direction", "script",
					      "font", "keyboard",  "voice" };
	size_t i, f;

	if (p->table->count == 0) {
		error_set(err, "%s: no language", name);
		return -1;
	}
	for (i = 0; i < p->table->count; i++) {
		for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			if (!(p->seen[i] & (1u << f))) {
				error_set(err, "%s: [%s] %s: missing", name,
					  p->table->languages[i].code, fields[f]);
				return -1;
			}
		}
	}
	return 0;
}

int langtable_parse(struct langtable *table, const char *text, const char *name, struct error *err)
{
	struct langtable_parser p = { .table = table };
	int rc;

	memset(table, 0, sizeof(*table));
	rc = inidata_parse(text, name, langtable_handle, &p, err);
	if (rc == 0)
		rc = langtable_complete(&p, name, err);
	if (rc != 0)
		memset(table, 0, sizeof(*table));
	return rc;
}

int langtable_load(struct langtable *table, const char *path, struct error *err)
{
	char *text = inidata_read(path, err);
	int rc;

	memset(table, 0, sizeof(*table));
	if (!text)
		return -1;
	rc = langtable_parse(table, text, path, err);
	free(text);
	return rc;
}

const struct language *langtable_find(const struct langtable *table, const char *code)
{
	size_t i;

	for (i = 0; i < table->count; i++) {
		if (strcmp(table->languages[i].code, code) == 0)
			return &table->languages[i];
	}
	return NULL;
}
