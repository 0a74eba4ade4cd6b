#include "kiosk/inidata.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* inih's line reader over the text in memory, counting lines. */
static char *inidata_read_line(char *str, int num, void *stream)
{
	struct inidata *ini = stream;
	int n = 0;

	if (!*ini->cursor)
		return NULL;
	while (n < num - 1 && ini->cursor[n] && ini->cursor[n] != '\n')
		n++;
	if (ini->cursor[n] == '\n' && n < num - 1)
		n++;
	memcpy(str, ini->cursor, (size_t)n);
	str[n] = '\0';
	ini->cursor += n;
	ini->line++;
	return str;
}

int inidata_refuse(struct inidata *ini, const char *fmt, ...)
{
	va_list ap;

	if (ini->error_line)
		return 0;
	ini->error_line = ini->line;
	va_start(ap, fmt);
	vsnprintf(ini->reason, sizeof(ini->reason), fmt, ap);
	va_end(ap);
	return 0;
}

int inidata_parse(const char *text, const char *name, ini_handler handler, void *user,
		  struct error *err)
{
	struct inidata *ini = user;
	int line;

	ini->cursor = text;
	ini->line = 0;
	ini->error_line = 0;
	ini->reason[0] = '\0';
	line = ini_parse_stream(inidata_read_line, ini, handler, user);
	if (line == 0)
		return 0;
	if (line < 0)
		error_set(err, "%s: out of memory", name);
	else if (line == ini->error_line)
		error_set(err, "%s:%d: %s", name, line, ini->reason);
	else
		error_set(err, "%s:%d: not a 'field = value' line or a [section]", name, line);
	return -1;
}

char *inidata_read(const char *path, struct error *err)
{
	char *text = NULL;
	size_t len;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	text = malloc(INIDATA_FILE_MAX + 2);
	if (!text) {
		error_set(err, "%s: out of memory", path);
		goto end;
	}
	len = fread(text, 1, INIDATA_FILE_MAX + 1, f);
	if (ferror(f))
		error_set(err, "%s: %s", path, strerror(errno));
	else if (len > INIDATA_FILE_MAX)
		error_set(err, "%s: larger than %d bytes", path, INIDATA_FILE_MAX);
	else if (memchr(text, '\0', len))
		error_set(err, "%s: not a text file (contains a NUL byte)", path);
	else {
		text[len] = '\0';
		goto end;
	}
	free(text);
	text = NULL;
end:
	fclose(f);
	return text;
}
