#include "core/escape.h"

#include <string.h>

int escape_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t escape_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t extra;
	uint32_t c;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0 && c >= 0xc2)
		extra = 1, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		extra = 2, c &= 0x0f;
	else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
		extra = 3, c &= 0x07;
	else
		return 0;
	if (len < extra + 1)
		return 0;
	for (size_t i = 1; i <= extra; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return extra + 1;
}

static void escape_html_char(FILE *out, unsigned char c)
{
	switch (c) {
	case '&': fputs("&amp;", out); break;
	case '<': fputs("&lt;", out); break;
	case '>': fputs("&gt;", out); break;
	case '"': fputs("&quot;", out); break;
	case '\'': fputs("&#39;", out); break;
	default: fputc(c, out);
	}
}

void escape_write(FILE *out, const char *text, enum escape_mode mode, const char *newline)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t left = strlen(text), n;
	uint32_t cp;

	while (left) {
		n = escape_decode(p, left, &cp);
		if (n == 0) {
			fprintf(out, "[0x%02X]", p[0]);
			n = 1;
		} else if (cp == '\n' && newline) {
			fputs(newline, out);
		} else if (escape_is_unsafe(cp)) {
			fprintf(out, "[U+%04X]", (unsigned)cp);
		} else if (mode == ESCAPE_HTML && n == 1) {
			escape_html_char(out, p[0]);
		} else if (mode == ESCAPE_CSV && p[0] == '"') {
			fputs("\"\"", out);
		} else {
			fwrite(p, 1, n, out);
		}
		p += n;
		left -= n;
	}
}

void escape_copy(char *out, size_t size, const char *text)
{
	FILE *f = fmemopen(out, size, "w");

	out[0] = '\0';
	if (!f)
		return;
	setvbuf(f, NULL, _IONBF, 0);
	escape_write(f, text, ESCAPE_PLAIN, NULL);
	fclose(f);
	out[size - 1] = '\0';
}

/* True for a space a spreadsheet or its import may trim before it looks for a formula. */
static int escape_is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f ||
	       cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

int escape_csv_formula(const char *text)
{
	static const uint32_t leading[] = { '=',  '+',	  '-',	  '@',	  '\t',	 '\r',
					    '\n', 0xff1d, 0xff0b, 0xff0d, 0xff20 };
	const unsigned char *p = (const unsigned char *)text;
	size_t n;
	uint32_t cp;

	while ((n = escape_decode(p, strlen((const char *)p), &cp)) != 0 && escape_is_space(cp))
		p += n;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < sizeof(leading) / sizeof(leading[0]); i++) {
		if (cp == leading[i])
			return 1;
	}
	return 0;
}

void escape_json_write(FILE *out, const char *json, size_t len)
{
	const unsigned char *p = (const unsigned char *)json;
	size_t n;
	uint32_t cp;

	while (len) {
		n = escape_decode(p, len, &cp);
		if (n == 0) {
			fputs("\\ufffd", out); /* jansson never writes invalid UTF-8 */
			n = 1;
		} else if (n > 1 && escape_is_unsafe(cp)) {
			fprintf(out, "\\u%04x", (unsigned)cp);
		} else if (cp == 0x7f) {
			fputs("\\u007f", out);
		} else {
			fwrite(p, 1, n, out);
		}
		p += n;
		len -= n;
	}
}

int escape_text_ok(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n;
	uint32_t cp;

	while (left) {
		n = escape_decode(p, left, &cp);
		if (n == 0 || (escape_is_unsafe(cp) && !(multiline && cp == '\n')))
			return 0;
		p += n;
		left -= n;
	}
	return 1;
}
