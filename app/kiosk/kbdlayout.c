#include "kiosk/kbdlayout.h"

#include "kiosk/inidata.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

struct kbdlayout_parser {
	struct inidata ini; /* first: the handler's user pointer is both */
	struct kbdlayout *layout;
	int have_name;
	locale_t utf8; /* towupper_l: capitals do not depend on the process locale */
};

static const struct {
	const char *token;
	enum kbd_action action;
	int halves;
} specials[] = {
	{ "shift", KBD_SHIFT, 3 }, { "backspace", KBD_BACKSPACE, 3 }, { "space", KBD_SPACE, 8 },
	{ "enter", KBD_ENTER, 3 }, { "switch", KBD_SWITCH, 3 },	      { "zwnj", KBD_CHAR, 3 },
};

/* Decodes one UTF-8 sequence at S into *CP; returns its length, or 0 when invalid. */
static size_t kbdlayout_utf8(const unsigned char *s, unsigned *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return s[0] ? 1 : 0;
	}
	len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!len)
		return 0;
	*cp = s[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

static size_t kbdlayout_put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A combining mark (shown on a dotted circle) in the blocks the layouts use. */
static int kbdlayout_combining(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x64B && cp <= 0x65F);
}

/*
 * Copies TOKEN (UTF-8 of 1 to 3 code points, no control characters; "U+XXXX"
 * names one code point) into OUT. Returns 0, or -1 with a reason in *WHY.
 */
static int kbdlayout_text(const char *token, char *out, const char **why)
{
	const unsigned char *s = (const unsigned char *)token;
	size_t len, n = 0, at = 0;
	unsigned cp;

	if (strncmp(token, "U+", 2) == 0 && strlen(token) >= 6) {
		char *end;
		cp = (unsigned)strtoul(token + 2, &end, 16);
		*why = "bad U+XXXX code point";
		if (*end || cp < 0x20 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		out[kbdlayout_put_utf8(out, cp)] = '\0';
		return 0;
	}
	for (; *s; s += len, n++) {
		len = kbdlayout_utf8(s, &cp);
		*why = "not valid UTF-8";
		if (!len)
			return -1;
		*why = "a control character";
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return -1;
		*why = "a key types at most 3 characters";
		if (n >= 3 || at + len >= KBD_TEXT_MAX)
			return -1;
		memcpy(out + at, s, len);
		at += len;
	}
	out[at] = '\0';
	return 0;
}

/* The capital form of TEXT code point by code point (unchanged where there is none). */
static void kbdlayout_upper(const char *text, char *out, locale_t utf8)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len, n, at = 0;
	unsigned cp;
	char buf[4];

	for (; *s; s += len) {
		len = kbdlayout_utf8(s, &cp);
		if (!len)
			break;
		cp = utf8 ? (unsigned)towupper_l((wint_t)cp, utf8) : cp;
		n = kbdlayout_put_utf8(buf, cp);
		if (at + n >= KBD_TEXT_MAX)
			break;
		memcpy(out + at, buf, n);
		at += n;
	}
	out[at] = '\0';
}

/* Strips a "*W" width suffix (W in units, halves allowed: "*1.5") off TOKEN into *HALVES. */
static int kbdlayout_width(char *token, int *halves)
{
	char *star = strrchr(token, '*'), *end;
	double units;

	if (!star || star == token)
		return 0;
	units = strtod(star + 1, &end);
	if (*end || end == star + 1 || units < 1 || units > KBD_ROW_UNITS_MAX ||
	    (int)(units * 2) != units * 2)
		return -1;
	*halves = (int)(units * 2);
	*star = '\0';
	return 0;
}

static int kbdlayout_valid_name(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++) {
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '-'))
			return 0;
	}
	return i > 0 && i < KBD_NAME_MAX;
}

/* A special token (shift, page:NAME, ...) into KEY; 1 when TOKEN was one, -1 when bad. */
static int kbdlayout_special(const char *token, struct kbd_key *key)
{
	size_t i;

	if (strncmp(token, "page:", 5) == 0) {
		if (!kbdlayout_valid_name(token + 5))
			return -1;
		key->action = KBD_PAGE;
		key->halves = 3;
		snprintf(key->target, sizeof(key->target), "%s", token + 5);
		snprintf(key->id, sizeof(key->id), "key.page.%s", token + 5);
		return 1;
	}
	for (i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		if (strcmp(token, specials[i].token) != 0)
			continue;
		key->action = specials[i].action;
		key->halves = specials[i].halves;
		snprintf(key->id, sizeof(key->id), "key.%s", token);
		if (strcmp(token, "zwnj") == 0) {
			snprintf(key->text, sizeof(key->text), "\u200c");
			snprintf(key->upper, sizeof(key->upper), "\u200c");
			snprintf(key->label, sizeof(key->label), "\u0640\u200c\u0640");
		}
		return 1;
	}
	return 0;
}

/* A character token "a", "i/İ" or "U+0301" into KEY. */
static int kbdlayout_char(struct kbdlayout_parser *p, char *token, struct kbd_key *key,
			  const char **why)
{
	char *slash = strchr(token + 1, '/');
	unsigned cp;

	key->action = KBD_CHAR;
	key->halves = 2;
	if (slash)
		*slash = '\0';
	if (kbdlayout_text(token, key->text, why) != 0)
		return -1;
	if (slash) {
		if (kbdlayout_text(slash + 1, key->upper, why) != 0)
			return -1;
	} else if (p->layout->cased) {
		kbdlayout_upper(key->text, key->upper, p->utf8);
	} else {
		memcpy(key->upper, key->text, sizeof(key->text));
	}
	/* memcpy, not snprintf: text, id and label are all short arrays of the same key. */
	memcpy(key->id, "key.", 4);
	memcpy(key->id + 4, key->text, strlen(key->text) + 1);
	kbdlayout_utf8((const unsigned char *)key->text, &cp);
	if (kbdlayout_combining(cp) && strlen(key->text) + 3 < sizeof(key->label)) {
		memcpy(key->label, "\u25cc", 3); /* a dotted circle carries the mark */
		memcpy(key->label + 3, key->text, strlen(key->text) + 1);
	} else {
		memcpy(key->label, key->text, sizeof(key->label));
	}
	return 0;
}

/* One token of a row into KEY. Returns 0, or -1 with *WHY. */
static int kbdlayout_token(struct kbdlayout_parser *p, char *token, struct kbd_key *key,
			   const char **why)
{
	int halves = 0, special;

	memset(key, 0, sizeof(*key));
	*why = "bad width (*1, *1.5, ... up to *12)";
	if (kbdlayout_width(token, &halves) != 0)
		return -1;
	special = kbdlayout_special(token, key);
	*why = "bad page name (lower-case letters, digits, '-')";
	if (special < 0)
		return -1;
	if (!special && kbdlayout_char(p, token, key, why) != 0)
		return -1;
	if (halves)
		key->halves = halves;
	return 0;
}

/* The page of SECTION "page NAME", appended on first use; NULL after a refusal. */
static struct kbd_page *kbdlayout_section_page(struct kbdlayout_parser *p, const char *section)
{
	struct kbdlayout *l = p->layout;
	const char *name = section + 5;
	size_t i;

	for (i = 0; i < l->count; i++) {
		if (strcmp(l->pages[i].name, name) == 0)
			return &l->pages[i];
	}
	if (!kbdlayout_valid_name(name)) {
		inidata_refuse(&p->ini, "[%s]: bad page name (lower-case letters, digits, '-')",
			       section);
		return NULL;
	}
	if (l->count >= KBD_PAGES_MAX) {
		inidata_refuse(&p->ini, "[%s]: more than %d pages", section, KBD_PAGES_MAX);
		return NULL;
	}
	snprintf(l->pages[l->count].name, KBD_NAME_MAX, "%s", name);
	return &l->pages[l->count++];
}

/* "row = q w e ..." of SECTION into PAGE. */
static int kbdlayout_row(struct kbdlayout_parser *p, struct kbd_page *page, const char *section,
			 const char *value)
{
	char buf[512], *token, *save = NULL;
	struct kbd_row *row;
	const char *why;
	size_t i;

	if (page->count >= KBD_ROWS_MAX)
		return inidata_refuse(&p->ini, "[%s] row: more than %d rows", section,
				      KBD_ROWS_MAX);
	row = &page->rows[page->count];
	snprintf(buf, sizeof(buf), "%s", value);
	for (token = strtok_r(buf, " \t", &save); token; token = strtok_r(NULL, " \t", &save)) {
		if (row->count >= KBD_KEYS_MAX)
			return inidata_refuse(&p->ini, "[%s] row: more than %d keys", section,
					      KBD_KEYS_MAX);
		if (kbdlayout_token(p, token, &row->keys[row->count], &why) != 0)
			return inidata_refuse(&p->ini, "[%s] row: '%s': %s", section, token, why);
		if (kbdlayout_find(page, row->keys[row->count].id))
			return inidata_refuse(&p->ini, "[%s] row: '%s': already on this page",
					      section, token);
		row->halves += row->keys[row->count++].halves;
	}
	if (row->count == 0)
		return inidata_refuse(&p->ini, "[%s] row: empty", section);
	if (row->halves > 2 * KBD_ROW_UNITS_MAX) {
		i = (size_t)row->halves;
		return inidata_refuse(&p->ini,
				      "[%s] row: %zu.%s units wide, at most %d fit a 7-inch panel "
				      "with 10 mm keys and 2 mm gaps",
				      section, i / 2, i % 2 ? "5" : "0", KBD_ROW_UNITS_MAX);
	}
	page->count++;
	return 1;
}

/* A field of [keyboard]. */
static int kbdlayout_header(struct kbdlayout_parser *p, const char *name, const char *value)
{
	struct kbdlayout *l = p->layout;

	if (l->count)
		return inidata_refuse(&p->ini, "[keyboard] %s: must come before the pages", name);
	if (strcmp(name, "name") == 0 && value[0] && strlen(value) < sizeof(l->name)) {
		snprintf(l->name, sizeof(l->name), "%s", value);
		p->have_name = 1;
		return 1;
	}
	if (strcmp(name, "direction") == 0 && (!strcmp(value, "ltr") || !strcmp(value, "rtl"))) {
		l->rtl = strcmp(value, "rtl") == 0;
		return 1;
	}
	if (strcmp(name, "case") == 0 && (!strcmp(value, "yes") || !strcmp(value, "no"))) {
		l->cased = strcmp(value, "yes") == 0;
		return 1;
	}
	if (strcmp(name, "name") && strcmp(name, "direction") && strcmp(name, "case"))
		return inidata_refuse(&p->ini, "[keyboard] %s: unknown field", name);
	return inidata_refuse(&p->ini, "[keyboard] %s: bad value '%s'", name, value);
}

static int kbdlayout_handle(void *user, const char *section, const char *name, const char *value)
{
	struct kbdlayout_parser *p = user;
	struct kbd_page *page;

	if (strcmp(section, "keyboard") == 0)
		return kbdlayout_header(p, name, value);
	if (strncmp(section, "page ", 5) != 0)
		return inidata_refuse(&p->ini, "[%s]: unknown section ([keyboard] or [page NAME])",
				      section);
	if (strcmp(name, "row") != 0)
		return inidata_refuse(&p->ini, "[%s] %s: unknown field", section, name);
	page = kbdlayout_section_page(p, section);
	return page ? kbdlayout_row(p, page, section, value) : 0;
}

/* A page key shows the first three keys of its page ("123", "qwe", "ضصث"). */
static void kbdlayout_page_label(const struct kbdlayout *l, struct kbd_key *key)
{
	const struct kbd_page *page = kbdlayout_page(l, key->target);
	size_t k, at = 0, len;

	key->label[0] = '\0';
	for (k = 0; k < page->rows[0].count && k < 3; k++) {
		len = strlen(page->rows[0].keys[k].label);
		if (at + len + 1 > sizeof(key->label))
			break;
		memcpy(key->label + at, page->rows[0].keys[k].label, len + 1);
		at += len;
	}
}

/* After a clean parse: a name, at least one page, and every page key leads somewhere. */
static int kbdlayout_complete(struct kbdlayout *l, const char *name, struct error *err)
{
	size_t pg, r, k;

	if (!l->name[0]) {
		error_set(err, "%s: [keyboard] name: missing", name);
		return -1;
	}
	if (l->count == 0) {
		error_set(err, "%s: no [page NAME] section", name);
		return -1;
	}
	for (pg = 0; pg < l->count; pg++) {
		for (r = 0; r < l->pages[pg].count; r++) {
			for (k = 0; k < l->pages[pg].rows[r].count; k++) {
				struct kbd_key *key = &l->pages[pg].rows[r].keys[k];
				if (key->action != KBD_PAGE)
					continue;
				if (!kbdlayout_page(l, key->target)) {
					error_set(err, "%s: [page %s] row: page:%s: no such page",
						  name, l->pages[pg].name, key->target);
					return -1;
				}
				kbdlayout_page_label(l, key);
			}
		}
	}
	return 0;
}

int kbdlayout_parse(struct kbdlayout *layout, const char *text, const char *name, struct error *err)
{
	struct kbdlayout_parser p = { .layout = layout };
	int rc;

	memset(layout, 0, sizeof(*layout));
	layout->cased = 1;
	p.utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	rc = inidata_parse(text, name, kbdlayout_handle, &p, err);
	if (rc == 0)
		rc = kbdlayout_complete(layout, name, err);
	if (rc != 0)
		memset(layout, 0, sizeof(*layout));
	if (p.utf8)
		freelocale(p.utf8);
	return rc;
}

int kbdlayout_load(struct kbdlayout *layout, const char *path, struct error *err)
{
	char *text = inidata_read(path, err);
	int rc;

	memset(layout, 0, sizeof(*layout));
	if (!text)
		return -1;
	rc = kbdlayout_parse(layout, text, path, err);
	free(text);
	return rc;
}

const struct kbd_page *kbdlayout_page(const struct kbdlayout *layout, const char *name)
{
	size_t i;

	for (i = 0; i < layout->count; i++) {
		if (strcmp(layout->pages[i].name, name) == 0)
			return &layout->pages[i];
	}
	return NULL;
}

const struct kbd_key *kbdlayout_find(const struct kbd_page *page, const char *id)
{
	size_t r, k;

	for (r = 0; r <= page->count && r < KBD_ROWS_MAX; r++) {
		for (k = 0; k < page->rows[r].count; k++) {
			if (strcmp(page->rows[r].keys[k].id, id) == 0)
				return &page->rows[r].keys[k];
		}
	}
	return NULL;
}

const char *kbdlayout_key_text(const struct kbd_key *key, int shift)
{
	if (key->action == KBD_SPACE)
		return " ";
	if (key->action == KBD_ENTER)
		return "\n";
	if (key->action != KBD_CHAR)
		return NULL;
	return shift ? key->upper : key->text;
}
