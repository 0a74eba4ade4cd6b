#include "collect/page.h"
#include "core/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char PAGE_HEAD[] =
	"<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'unsafe-inline'\">\n<title>Anfrage / request ";
static const char PAGE_STYLE[] =
	"</title>\n<style>\nbody { font: 12pt/1.4 serif; margin: 2cm; color: #000; }\n"
	"h1 { font-size: 16pt; } th { text-align: left; vertical-align: top; padding-right: 1em; "
	"}\n"
	"td { white-space: pre-wrap; unicode-bidi: plaintext; }\n"
	"@media print { body { margin: 0; } }\n</style>\n</head>\n<body>\n<h1>Anfrage / request ";

static const char *page_text(json_t *obj, const char *key)
{
	const char *value = json_string_value(json_object_get(obj, key));

	return value ? value : "";
}

static void page_row(FILE *f, const char *label, const char *text)
{
	fprintf(f, "<tr><th>%s</th><td>", label);
	escape_write(f, text, ESCAPE_HTML, "\n");
	fputs("</td></tr>\n", f);
}

static void page_body(FILE *f, const char *id, json_t *req)
{
	json_t *contact = json_object_get(req, "contact");
	int named = !strcmp(page_text(contact, "mode"), "named");

	fputs(PAGE_HEAD, f);
	escape_write(f, id, ESCAPE_HTML, NULL);
	fputs(PAGE_STYLE, f);
	escape_write(f, id, ESCAPE_HTML, NULL);
	fputs("</h1>\n<table>\n", f);
	page_row(f, "Angebot / service", page_text(req, "service"));
	page_row(f, "Eingegangen / created", page_text(req, "created"));
	page_row(f, "Sprache / language", page_text(req, "language"));
	page_row(f, "Kontakt / contact", named ? "named" : "anonymous (reference code)");
	if (named) {
		page_row(f, "Name", page_text(contact, "name"));
		page_row(f, "Buchnummer / number", page_text(contact, "number"));
		page_row(f, "Station / unit", page_text(contact, "unit"));
	}
	page_row(f, "Code / reference", page_text(req, "reference"));
	page_row(f, "Zeiten / times", page_text(req, "times"));
	page_row(f, "Nachricht / message", page_text(req, "message"));
	fputs("</table>\n</body>\n</html>\n", f);
}

int page_write(const char *dir, const char *id, json_t *req, struct error *err)
{
	char path[4096], name[96];
	FILE *f;
	int fd;

	snprintf(name, sizeof(name), "%s", id);
	for (char *p = name; *p; p++) {
		if (*p == '/')
			*p = '-';
	}
	snprintf(path, sizeof(path), "%s/%s.html", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		error_set(err, "%s: cannot create: %s", path,
			  errno == EEXIST ? "already exists, not overwritten" : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	page_body(f, id, req);
	if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0) {
		error_set(err, "%s: cannot write: %s", path, strerror(errno));
		fclose(f);
		unlink(path);
		return -1;
	}
	if (fclose(f) != 0) {
		error_set(err, "%s: cannot write: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}
