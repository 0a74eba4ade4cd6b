#include "collect/listing.h"
#include "collect/page.h"
#include "core/envelope.h"
#include "core/escape.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

struct listing {
	const struct key_secret *key;
	enum listing_format format;
	const struct listing_options *opt;
	FILE *out;
	json_t *array; /* LISTING_JSON: collected, printed at the end */
	long count, bad;
};

int listing_parse_format(const char *text, enum listing_format *format)
{
	if (!strcmp(text, "table"))
		*format = LISTING_TABLE;
	else if (!strcmp(text, "csv"))
		*format = LISTING_CSV;
	else if (!strcmp(text, "json"))
		*format = LISTING_JSON;
	else if (!strcmp(text, "html"))
		*format = LISTING_HTML;
	else
		return -1;
	return 0;
}

static const char *listing_text(json_t *obj, const char *key)
{
	const char *value = json_string_value(json_object_get(obj, key));

	return value ? value : "";
}

/*
 * One RFC 4180 field. Text a spreadsheet would take for a formula (see
 * escape_csv_formula) gets a leading apostrophe; controls are shown visibly.
 */
static void listing_csv_field(FILE *out, const char *text, int last)
{
	fputc('"', out);
	if (escape_csv_formula(text))
		fputc('\'', out);
	escape_write(out, text, ESCAPE_CSV, "\n");
	fputs(last ? "\"\r\n" : "\",", out);
}

/* Prints TEXT indented under a label, continuing its own line breaks at the same indent. */
static void listing_field(FILE *out, const char *label, const char *text)
{
	if (!*text)
		return;
	fprintf(out, "  %-10s ", label);
	escape_write(out, text, ESCAPE_PLAIN, "\n             ");
	fputc('\n', out);
}

static void listing_contact(char *buf, size_t size, json_t *contact, const char *reference)
{
	if (!strcmp(listing_text(contact, "mode"), "named"))
		snprintf(buf, size, "%s, no. %s, unit %s", listing_text(contact, "name"),
			 listing_text(contact, "number"), listing_text(contact, "unit"));
	else
		snprintf(buf, size, "anonymous, code %s", reference);
}

static void listing_row(struct listing *ls, const char *id, json_t *req)
{
	json_t *contact = json_object_get(req, "contact");
	char *who = sodium_malloc(512);

	if (!who)
		return;
	listing_contact(who, 512, contact, listing_text(req, "reference"));
	if (ls->format == LISTING_TABLE) {
		const char *head[] = { id, listing_text(req, "created"),
				       listing_text(req, "service"),
				       listing_text(req, "language") };
		if (ls->count)
			fputc('\n', ls->out);
		for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++) {
			escape_write(ls->out, head[i], ESCAPE_PLAIN, NULL);
			fputs(i + 1 < sizeof(head) / sizeof(head[0]) ? "  " : "\n", ls->out);
		}
		listing_field(ls->out, "Contact:", who);
		listing_field(ls->out, "Reference:", listing_text(req, "reference"));
		listing_field(ls->out, "Times:", listing_text(req, "times"));
		listing_field(ls->out, "Message:", listing_text(req, "message"));
	} else {
		const char *cells[] = { id,
					listing_text(req, "service"),
					listing_text(req, "created"),
					listing_text(contact, "mode"),
					listing_text(contact, "name"),
					listing_text(contact, "number"),
					listing_text(contact, "unit"),
					listing_text(req, "reference"),
					listing_text(req, "language"),
					listing_text(req, "times"),
					listing_text(req, "message") };
		for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
			listing_csv_field(ls->out, cells[i],
					  i + 1 == sizeof(cells) / sizeof(cells[0]));
	}
	sodium_free(who);
}

/* Adds the request to the JSON array, in the documented shape. 0 or -1. */
static int listing_json_add(struct listing *ls, const char *id, json_t *req)
{
	json_t *obj = json_object();
	const char *keys[] = { "service", "created", "language", "reference", "times", "message" };

	if (!obj || json_object_set_new(obj, "id", json_string(id)))
		goto fail;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (json_object_set_new(obj, keys[i], json_string(listing_text(req, keys[i]))))
			goto fail;
	}
	if (json_object_set(obj, "contact", json_object_get(req, "contact")) ||
	    json_array_append_new(ls->array, obj))
		goto fail;
	return 0;
fail:
	json_decref(obj);
	return -1;
}

/* A decrypted payload must be an object with the fields we print. */
static int listing_valid(json_t *req)
{
	json_t *contact = json_object_get(req, "contact");

	return json_is_object(req) && json_is_string(json_object_get(req, "service")) &&
	       json_is_string(json_object_get(req, "created")) && json_is_object(contact) &&
	       json_is_string(json_object_get(contact, "mode"));
}

static int listing_visit(void *user, const char *terminal_id, uint64_t counter,
			 const unsigned char *env, size_t len)
{
	struct listing *ls = user;
	struct error err = { { 0 } };
	unsigned char *plain = NULL;
	size_t plain_len;
	json_t *req = NULL;
	char id[64];
	int opened;

	snprintf(id, sizeof(id), "%s/%llu", terminal_id, (unsigned long long)counter);
	if (ls->opt->only_id && strcmp(id, ls->opt->only_id))
		return 0;
	if (!env) {
		fprintf(stderr,
			"prisma-collect: request %s: stored envelope damaged, cannot be opened; "
			"import a good copy (the stick again) to repair it\n",
			id);
		ls->bad++;
		return 0;
	}
	opened = envelope_open(env, len, ls->key, &plain, &plain_len, &err);
	if (opened == 0)
		return 0;
	if (opened > 0)
		req = json_loadb((const char *)plain, plain_len, JSON_REJECT_DUPLICATES, NULL);
	if (opened < 0 || !listing_valid(req)) {
		fprintf(stderr, "prisma-collect: request %s: %s\n", id,
			opened < 0 ? err.msg : "payload: malformed");
		ls->bad++;
	} else if (ls->format == LISTING_JSON) {
		if (listing_json_add(ls, id, req) < 0)
			ls->bad++;
		else
			ls->count++;
	} else if (ls->format == LISTING_HTML) {
		if (page_write(ls->opt->html_dir, id, req, &err) < 0) {
			fprintf(stderr, "prisma-collect: request %s: %s\n", id, err.msg);
			ls->bad++;
		} else {
			ls->count++;
		}
	} else {
		listing_row(ls, id, req);
		ls->count++;
	}
	json_decref(req);
	if (plain)
		sodium_free(plain);
	return 0;
}

/* Prints ARRAY with every unsafe code point as a \\u escape (escape_json_write). 0 or -1. */
static int listing_json_print(json_t *array, FILE *out)
{
	size_t len = json_dumpb(array, NULL, 0, JSON_INDENT(2));
	char *text = len ? sodium_malloc(len) : NULL;

	if (!text || json_dumpb(array, text, len, JSON_INDENT(2)) != len) {
		if (text)
			sodium_free(text);
		return -1;
	}
	escape_json_write(out, text, len);
	fputc('\n', out);
	sodium_free(text);
	return 0;
}

long listing_print(struct office *office, const struct key_secret *key,
		   const struct listing_options *opt, FILE *out, long *bad, struct error *err)
{
	enum listing_format format = opt->format;
	struct listing ls = { .key = key, .format = format, .opt = opt, .out = out };
	int rc;

	if (format == LISTING_JSON && !(ls.array = json_array())) {
		error_set(err, "out of memory");
		return -1;
	}
	if (format == LISTING_CSV)
		fputs("id,service,created,contact,name,number,unit,reference,language,times,"
		      "message\r\n",
		      out);
	rc = office_foreach(office, listing_visit, &ls, err);
	if (rc == 0 && format == LISTING_JSON && listing_json_print(ls.array, out) < 0) {
		error_set(err, "out of memory");
		rc = -1;
	}
	json_decref(ls.array);
	*bad = ls.bad;
	return rc < 0 ? -1 : ls.count;
}
