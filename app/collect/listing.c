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
	struct envelope_opener *opener; /* guarded memory, reused for every envelope */
	char *who;			/* guarded, LISTING_WHO_BYTES: the contact line */
	char *json; /* guarded, json_cap bytes: LISTING_JSON's text of one request */
	size_t json_cap;
	long count, bad;
};

#define LISTING_WHO_BYTES 512

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
	char *who = ls->who;

	listing_contact(who, LISTING_WHO_BYTES, contact, listing_text(req, "reference"));
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
	sodium_memzero(who, LISTING_WHO_BYTES);
}

/*
 * Prints TEXT (LEN bytes, jansson's JSON of one element) as an element of the
 * array being printed: indented as JSON_INDENT(2) indents a whole array, so
 * the output is byte for byte what printing the collected array gave.
 */
static void listing_json_element(struct listing *ls, const char *text, size_t len)
{
	size_t start = 0;

	fputs(ls->count ? ",\n  " : "\n  ", ls->out);
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		escape_json_write(ls->out, text + start, i + 1 - start);
		fputs("  ", ls->out);
		start = i + 1;
	}
	escape_json_write(ls->out, text + start, len - start);
}

/* Dumps OBJ into the guarded buffer LS->json, growing it. The length, or 0 (out of memory). */
static size_t listing_json_dump(struct listing *ls, json_t *obj)
{
	size_t len = json_dumpb(obj, NULL, 0, JSON_INDENT(2));

	if (len > ls->json_cap) {
		if (ls->json)
			sodium_free(ls->json);
		ls->json_cap = len * 2;
		if (!(ls->json = sodium_malloc(ls->json_cap))) {
			ls->json_cap = 0;
			return 0;
		}
	}
	return len && json_dumpb(obj, ls->json, len, JSON_INDENT(2)) == len ? len : 0;
}

/* Prints the request as the next element of the JSON array, in the documented shape. 0 or -1. */
static int listing_json_add(struct listing *ls, const char *id, json_t *req)
{
	json_t *obj = json_object();
	const char *keys[] = { "service", "created", "language", "reference", "times", "message" };
	size_t len;
	int rc = -1;

	if (!obj || json_object_set_new(obj, "id", json_string(id)))
		goto end;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (json_object_set_new(obj, keys[i], json_string(listing_text(req, keys[i]))))
			goto end;
	}
	if (json_object_set(obj, "contact", json_object_get(req, "contact")) ||
	    !(len = listing_json_dump(ls, obj)))
		goto end;
	listing_json_element(ls, ls->json, len);
	sodium_memzero(ls->json, len);
	rc = 0;
end:
	json_decref(obj);
	return rc;
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
	const unsigned char *plain = NULL;
	size_t plain_len;
	json_t *req = NULL;
	char id[64];
	int opened;

	snprintf(id, sizeof(id), "%s/%llu", terminal_id, (unsigned long long)counter);
	if (ls->opt->only_id && strcmp(id, ls->opt->only_id))
		return 0;
	if (!env) {
		fflush(ls->out); /* what was printed before comes before the note */
		fprintf(stderr,
			"prisma-collect: request %s: stored envelope damaged, cannot be opened; "
			"import a good copy (the stick again) to repair it\n",
			id);
		ls->bad++;
		return 0;
	}
	opened = envelope_open_with(ls->opener, env, len, ls->key, &plain, &plain_len, &err);
	if (opened == 0)
		return 0;
	if (opened > 0)
		req = json_loadb((const char *)plain, plain_len, JSON_REJECT_DUPLICATES, NULL);
	if (opened < 0 || !listing_valid(req)) {
		fflush(ls->out);
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
		sodium_memzero((unsigned char *)plain, plain_len);
	return 0;
}

/* Frees what LS allocated (wiping it). */
static void listing_free(struct listing *ls)
{
	envelope_opener_free(ls->opener);
	if (ls->who)
		sodium_free(ls->who);
	if (ls->json)
		sodium_free(ls->json);
}

long listing_print(struct office *office, const struct key_secret *key,
		   const struct listing_options *opt, FILE *out, long *bad, struct error *err)
{
	enum listing_format format = opt->format;
	struct listing ls = { .key = key, .format = format, .opt = opt, .out = out };
	int rc = -1;

	ls.opener = envelope_opener_new();
	ls.who = sodium_malloc(LISTING_WHO_BYTES);
	if (!ls.opener || !ls.who) {
		error_set(err, "out of memory");
		goto end;
	}
	/* Every format is printed as it is read, one request at a time: memory stays flat. */
	if (format == LISTING_CSV)
		fputs("id,service,created,contact,name,number,unit,reference,language,times,"
		      "message\r\n",
		      out);
	else if (format == LISTING_JSON)
		fputc('[', out);
	rc = office_foreach(office, listing_visit, &ls, err);
	if (format == LISTING_JSON)
		fputs(ls.count ? "\n]\n" : "]\n", out);
end:
	listing_free(&ls);
	*bad = ls.bad;
	return rc < 0 ? -1 : ls.count;
}
