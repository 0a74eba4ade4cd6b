#include "core/request.h"
#include "core/escape.h"

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* jansson blocks carry their size in front so that free can wipe them. */
struct wiped_block {
	size_t size;
	max_align_t align[];
};

static void *request_json_alloc(size_t size)
{
	struct wiped_block *b = malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->size = size;
	return b->align;
}

static void request_json_free(void *ptr)
{
	struct wiped_block *b;

	if (!ptr)
		return;
	b = (struct wiped_block *)((char *)ptr - offsetof(struct wiped_block, align));
	sodium_memzero(ptr, b->size);
	free(b);
}

int core_init(void)
{
	struct rlimit no_core = { 0, 0 };

	/* A core dump would put whatever plaintext is in memory on disk. */
	if (setrlimit(RLIMIT_CORE, &no_core) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return -1;
	if (sodium_init() < 0)
		return -1;
	json_set_alloc_funcs(request_json_alloc, request_json_free);
	return 0;
}

struct request *request_new(void)
{
	struct request *req;

	if (sodium_init() < 0)
		return NULL;
	req = sodium_malloc(sizeof(*req));
	if (req)
		sodium_memzero(req, sizeof(*req));
	return req;
}

void request_wipe(struct request *req)
{
	if (req)
		sodium_memzero(req, sizeof(*req));
}

void request_free(struct request *req)
{
	if (req)
		sodium_free(req); /* sodium_free wipes before unmapping */
}

int request_blank(const char *s)
{
	for (; *s; s++) {
		if (*s != ' ')
			return 0;
	}
	return 1;
}

int request_contact_complete(const struct request *req)
{
	return req->contact == CONTACT_CODE ||
	       (req->contact == CONTACT_NAMED && !request_blank(req->name) &&
		!request_blank(req->number));
}

int request_validate(const struct request *req, struct error *err)
{
	static const struct {
		const char *id;
		size_t offset;
		int multiline;
	} fields[] = {
		{ "field.name", offsetof(struct request, name), 0 },
		{ "field.number", offsetof(struct request, number), 0 },
		{ "field.unit", offsetof(struct request, unit), 0 },
		{ "field.times", offsetof(struct request, times), 1 },
		{ "field.message", offsetof(struct request, message), 1 },
	};

	if (!req->service[0] || !escape_text_ok(req->service, 0)) {
		error_set(err, "service: missing");
		return -1;
	}
	if (!req->language[0] || !escape_text_ok(req->language, 0)) {
		error_set(err, "language: missing");
		return -1;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *text = (const char *)req + fields[i].offset;
		if (!escape_text_ok(text, fields[i].multiline)) {
			error_set(err, "%s: not valid text", fields[i].id);
			return -1;
		}
	}
	if (req->contact != CONTACT_CODE && req->contact != CONTACT_NAMED) {
		error_set(err, "contact: unknown choice");
		return -1;
	}
	if (!request_contact_complete(req)) {
		error_set(err, "%s: required",
			  request_blank(req->name) ? "field.name" : "field.number");
		return -1;
	}
	return 0;
}

static int request_put(json_t *obj, const char *key, const char *value)
{
	return json_object_set_new(obj, key, json_string(value));
}

int request_to_json(const struct request *req, const char *reference, time_t created, char **out,
		    size_t *len, struct error *err)
{
	json_t *root = json_object(), *contact = json_object();
	char when[32];
	struct tm tm;
	size_t need;
	int rc = -1;

	*out = NULL;
	if (!root || !contact)
		goto end;
	gmtime_r(&created, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (request_put(contact, "mode", req->contact == CONTACT_NAMED ? "named" : "code"))
		goto end;
	if (req->contact == CONTACT_NAMED && (request_put(contact, "name", req->name) ||
					      request_put(contact, "number", req->number) ||
					      request_put(contact, "unit", req->unit)))
		goto end;
	if (request_put(root, "service", req->service) || request_put(root, "created", when) ||
	    request_put(root, "language", req->language) ||
	    request_put(root, "reference", reference) ||
	    json_object_set(root, "contact", contact) || request_put(root, "times", req->times) ||
	    request_put(root, "message", req->message))
		goto end;
	/* Dump straight into guarded memory: no plaintext copy on the ordinary heap. */
	need = json_dumpb(root, NULL, 0, JSON_COMPACT | JSON_SORT_KEYS);
	if (!need || !(*out = sodium_malloc(need + 1)))
		goto end;
	if (json_dumpb(root, *out, need, JSON_COMPACT | JSON_SORT_KEYS) != need)
		goto end;
	(*out)[need] = '\0';
	*len = need;
	rc = 0;
end:
	if (rc < 0) {
		error_set(err, "request: cannot encode (out of memory)");
		if (*out)
			sodium_free(*out);
		*out = NULL;
	}
	/* jansson's own copies are wiped on free (core_init). */
	json_decref(contact);
	json_decref(root);
	return rc;
}

int request_field_append(char *dst, size_t dst_size, const char *text)
{
	size_t have = strlen(dst), add = strlen(text);

	if (have + add + 1 > dst_size || !escape_text_ok(text, 0))
		return -1;
	memcpy(dst + have, text, add + 1);
	return 0;
}

void request_field_backspace(char *dst)
{
	size_t len = strlen(dst);

	while (len > 0) {
		len--;
		if (((unsigned char)dst[len] & 0xc0) != 0x80)
			break;
	}
	sodium_memzero(dst + len, strlen(dst + len));
}
