#include "core/catalogue.h"
#include "core/escape.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct catalogue_parse {
	struct catalogue *cat;
	struct error *err;
	int failed;
};

static int catalogue_valid_id(const char *id)
{
	if (!*id || strlen(id) >= 32)
		return 0;
	for (const char *p = id; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return 0;
	}
	return 1;
}

/* Splits "vpn, apro" into a NULL-free array of names. Returns 0 or -1. */
static int catalogue_split_recipients(struct service *svc, const char *value)
{
	char *copy = strdup(value), *save = NULL, *tok;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char **grown =
			realloc(svc->recipients, (svc->recipient_count + 1) * sizeof(*grown));
		if (!grown || !(grown[svc->recipient_count] = strdup(tok))) {
			if (grown)
				svc->recipients = grown;
			free(copy);
			return -1;
		}
		svc->recipients = grown;
		svc->recipient_count++;
	}
	free(copy);
	return 0;
}

static const char *const fact_names[CATALOGUE_FACT_COUNT] = { "free", "confidential", "anonymous",
							      "mobile" };

const char *catalogue_fact_name(size_t i)
{
	return i < CATALOGUE_FACT_COUNT ? fact_names[i] : NULL;
}

unsigned catalogue_fact_bit(size_t i)
{
	return i < CATALOGUE_FACT_COUNT ? 1u << i : 0;
}

/*
 * Parses "free, confidential" into *FACTS. Returns 1, or -2 with ERR naming
 * SECTION and the unknown fact.
 */
static int catalogue_parse_facts(unsigned *facts, const char *section, const char *value,
				 struct error *err)
{
	const char *p = value;

	*facts = 0;
	while (*p) {
		size_t len, i;
		p += strspn(p, ", ");
		if (!*p)
			break;
		len = strcspn(p, ", ");
		for (i = 0; i < CATALOGUE_FACT_COUNT; i++) {
			if (strlen(fact_names[i]) == len && !strncmp(p, fact_names[i], len))
				break;
		}
		if (i == CATALOGUE_FACT_COUNT) {
			error_set(err,
				  "[%s] facts: unknown fact '%.*s' (known: free, confidential, "
				  "anonymous, mobile)",
				  section, (int)(len > 40 ? 40 : len), p);
			return -2;
		}
		*facts |= 1u << i;
		p += len;
	}
	return 1;
}

static struct service *catalogue_section(struct catalogue_parse *p, const char *id)
{
	struct catalogue *cat = p->cat;
	struct service *grown;

	for (size_t i = 0; i < cat->service_count; i++) {
		if (!strcmp(cat->services[i].id, id))
			return &cat->services[i];
	}
	if (!catalogue_valid_id(id)) {
		error_set(p->err, "[service.%s]: id must be lower-case letters, digits, '-' or '_'",
			  id);
		return NULL;
	}
	grown = realloc(cat->services, (cat->service_count + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	cat->services = grown;
	memset(&grown[cat->service_count], 0, sizeof(*grown));
	if (!(grown[cat->service_count].id = strdup(id)))
		return NULL;
	return &grown[cat->service_count++];
}

static int catalogue_set(char **slot, const char *value)
{
	free(*slot);
	*slot = strdup(value);
	return *slot != NULL;
}

static int catalogue_handle_info(struct catalogue_parse *p, const char *name, const char *value)
{
	struct catalogue *cat = p->cat;

	if (!strcmp(name, "title"))
		return catalogue_set(&cat->info_title, value);
	if (!strcmp(name, "summary"))
		return catalogue_set(&cat->info_summary, value);
	if (!strcmp(name, "phone"))
		return catalogue_set(&cat->info_phone, value);
	if (!strcmp(name, "hours"))
		return catalogue_set(&cat->info_hours, value);
	if (!strcmp(name, "address"))
		return catalogue_set(&cat->info_address, value);
	if (!strcmp(name, "icon"))
		return catalogue_set(&cat->info_icon, value);
	if (!strcmp(name, "collection"))
		return catalogue_set(&cat->info_collection, value);
	if (!strcmp(name, "facts"))
		return catalogue_parse_facts(&cat->info_facts, "info", value, p->err);
	return -1;
}

static int catalogue_handle(void *user, const char *section, const char *name, const char *value)
{
	struct catalogue_parse *p = user;
	struct service *svc;
	int ok = -1;

	if (p->failed)
		return 0;
	/* Shown and read aloud on the kiosk: nothing in it may act instead of being read. */
	if (!escape_text_ok(value, 0)) {
		error_set(p->err, "[%s] %s: a control or bidi formatting character", section, name);
		p->failed = 1;
		return 0;
	}
	if (!strcmp(section, "info")) {
		ok = catalogue_handle_info(p, name, value);
	} else if (!strncmp(section, "service.", 8)) {
		if (!(svc = catalogue_section(p, section + 8))) {
			p->failed = 1;
			return 0;
		}
		if (!strcmp(name, "title"))
			ok = catalogue_set(&svc->title, value);
		else if (!strcmp(name, "summary"))
			ok = catalogue_set(&svc->summary, value);
		else if (!strcmp(name, "provider"))
			ok = catalogue_set(&svc->provider, value);
		else if (!strcmp(name, "icon"))
			ok = catalogue_set(&svc->icon, value);
		else if (!strcmp(name, "recipients"))
			ok = catalogue_split_recipients(svc, value) == 0;
		else if (!strcmp(name, "facts"))
			ok = catalogue_parse_facts(&svc->facts, section, value, p->err);
	}
	if (ok == -1)
		error_set(p->err, "[%s] %s: unknown setting", section, name);
	else if (ok == 0)
		error_set(p->err, "out of memory");
	if (ok <= 0)
		p->failed = 1;
	return ok > 0;
}

static int catalogue_check(const struct catalogue *cat, struct error *err)
{
	if (!cat->service_count) {
		error_set(err, "no [service.ID] section");
		return -1;
	}
	for (size_t i = 0; i < cat->service_count; i++) {
		const struct service *svc = &cat->services[i];
		const char *missing = !svc->title	      ? "title"
				      : !svc->summary	      ? "summary"
				      : !svc->provider	      ? "provider"
				      : !svc->recipient_count ? "recipients"
							      : NULL;
		if (missing) {
			error_set(err, "[service.%s] %s: missing", svc->id, missing);
			return -1;
		}
	}
	return 0;
}

int catalogue_load(struct catalogue *cat, const char *path, struct error *err)
{
	struct catalogue_parse p = { .cat = cat, .err = err };
	char where[32];
	int line;

	memset(cat, 0, sizeof(*cat));
	line = ini_parse(path, catalogue_handle, &p);
	if (line == -1 || line == -2) {
		error_set(err, line == -1 ? "%s: cannot open: %m" : "%s: out of memory", path);
		catalogue_free(cat);
		return -1;
	}
	if (line != 0 || catalogue_check(cat, err) < 0) {
		if (line > 0 && !p.failed)
			error_set(err, "not a valid ini line");
		if (line > 0) {
			snprintf(where, sizeof(where), "line %d", line);
			error_prefix(err, where);
		}
		error_prefix(err, path);
		catalogue_free(cat);
		return -1;
	}
	return 0;
}

const struct service *catalogue_find(const struct catalogue *cat, const char *id)
{
	for (size_t i = 0; i < cat->service_count; i++) {
		if (!strcmp(cat->services[i].id, id))
			return &cat->services[i];
	}
	return NULL;
}

void catalogue_free(struct catalogue *cat)
{
	for (size_t i = 0; i < cat->service_count; i++) {
		struct service *svc = &cat->services[i];
		free(svc->id);
		free(svc->title);
		free(svc->summary);
		free(svc->provider);
		free(svc->icon);
		for (size_t r = 0; r < svc->recipient_count; r++)
			free(svc->recipients[r]);
		free(svc->recipients);
	}
	free(cat->services);
	free(cat->info_title);
	free(cat->info_summary);
	free(cat->info_phone);
	free(cat->info_hours);
	free(cat->info_address);
	free(cat->info_icon);
	free(cat->info_collection);
	memset(cat, 0, sizeof(*cat));
}
