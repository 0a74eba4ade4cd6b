#include "core/config.h"

#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config_parse {
	struct config *cfg;
	const char *dir; /* directory of the ini file, for relative paths */
	struct error *err;
	int failed;
};

static char *config_path_join(const char *dir, const char *value)
{
	char *out;

	if (value[0] == '/' || !dir[0])
		return strdup(value);
	if (asprintf(&out, "%s/%s", dir, value) < 0)
		return NULL;
	return out;
}

int config_valid_terminal_id(const char *id)
{
	size_t len = strlen(id);

	if (len == 0 || len > 32)
		return 0;
	for (const char *p = id; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	}
	return 1;
}

static int config_set_path(struct config_parse *p, char **slot, const char *value)
{
	free(*slot);
	*slot = config_path_join(p->dir, value);
	return *slot != NULL;
}

/* Adds one key file of recipient NAME. 0 when out of memory. */
static int config_push_recipient(struct config_parse *p, const char *name, const char *path)
{
	struct config *cfg = p->cfg;
	struct config_recipient *grown;

	grown = realloc(cfg->recipients, (cfg->recipient_count + 1) * sizeof(*grown));
	if (!grown)
		return 0;
	cfg->recipients = grown;
	grown[cfg->recipient_count].name = strdup(name);
	grown[cfg->recipient_count].public_key_path = config_path_join(p->dir, path);
	cfg->recipient_count++;
	return grown[cfg->recipient_count - 1].name &&
	       grown[cfg->recipient_count - 1].public_key_path;
}

/*
 * "name = a.pub" or, while a provider rotates its key, "name = new.pub, old.pub":
 * each file becomes an entry of that name, and requests are sealed to all of them.
 */
static int config_add_recipient(struct config_parse *p, const char *name, const char *value)
{
	char *list, *save = NULL;
	int ok = 1, any = 0;

	if (config_find_recipient(p->cfg, name)) {
		error_set(p->err, "[recipients] %s: defined twice", name);
		return 0;
	}
	if (!(list = strdup(value)))
		return 0;
	for (char *item = strtok_r(list, ",", &save); item && ok;
	     item = strtok_r(NULL, ",", &save)) {
		char *end = item + strlen(item);
		while (*item == ' ' || *item == '\t')
			item++;
		while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*item) {
			ok = config_push_recipient(p, name, item);
			any = 1;
		}
	}
	free(list);
	if (ok && !any) {
		error_set(p->err, "[recipients] %s: no public key file given", name);
		return 0;
	}
	return ok;
}

/* [terminal] previous_certificates: a comma-separated list of files. 1, or 0 with ERR. */
static int config_set_previous(struct config_parse *p, const char *value)
{
	struct config *cfg = p->cfg;
	char *list = strdup(value), *save = NULL;
	int ok = list != NULL;

	for (char *item = ok ? strtok_r(list, ", \t", &save) : NULL; item && ok;
	     item = strtok_r(NULL, ", \t", &save)) {
		if (cfg->previous_certificate_count >= CONFIG_MAX_PREVIOUS) {
			error_set(p->err, "[terminal] previous_certificates: more than %d files",
				  CONFIG_MAX_PREVIOUS);
			p->failed = 1;
			ok = 0;
			break;
		}
		ok = (cfg->previous_certificate_paths[cfg->previous_certificate_count++] =
			      config_path_join(p->dir, item)) != NULL;
	}
	free(list);
	return ok;
}

/* Every numeric setting, whatever its section: one parser, one message. */
static const struct config_number {
	const char *section, *name;
	long min, max;
	size_t offset;
	int is_long;
} CONFIG_NUMBERS[] = {
	{ "terminal", "idle_timeout", 10, 3600, offsetof(struct config, idle_timeout), 0 },
	{ "terminal", "idle_warning", 20, 600, offsetof(struct config, idle_warning), 0 },
	{ "terminal", "tap_guard_ms", 0, 2000, offsetof(struct config, tap_guard_ms), 0 },
	{ "terminal", "health_recheck", 5, 3600, offsetof(struct config, health_recheck), 0 },
	{ "terminal", "lookups_per_minute", 1, CONFIG_MAX_LOOKUPS_PER_MINUTE,
	  offsetof(struct config, lookups_per_minute), 0 },
	{ "limits", "min_interval", 0, 3600, offsetof(struct config, min_interval), 0 },
	{ "limits", "per_hour", 0, CONFIG_MAX_PER_HOUR, offsetof(struct config, per_hour), 0 },
	{ "limits", "spool_capacity", 10, 10000000, offsetof(struct config, spool_capacity), 1 },
	{ "limits", "capacity_warning", 10, 99, offsetof(struct config, capacity_warning), 0 },
	{ "usb", "mount_timeout", 1, 300, offsetof(struct config, usb_mount_timeout), 0 },
};

/* The numeric setting SECTION NAME, or NULL when it is not one. */
static const struct config_number *config_find_number(const char *section, const char *name)
{
	for (size_t i = 0; i < sizeof(CONFIG_NUMBERS) / sizeof(CONFIG_NUMBERS[0]); i++) {
		if (!strcmp(section, CONFIG_NUMBERS[i].section) &&
		    !strcmp(name, CONFIG_NUMBERS[i].name))
			return &CONFIG_NUMBERS[i];
	}
	return NULL;
}

/*
 * Parses VALUE as a whole decimal number within N's range into its field of
 * P->cfg. 1, or 0 with the parse failed and ERR "[SECTION] NAME: 'VALUE' is
 * not a whole number from MIN to MAX" (config_load adds the file and line).
 */
static int config_set_number(struct config_parse *p, const struct config_number *n,
			     const char *value)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || *end || end == value || v < n->min || v > n->max) {
		error_set(p->err, "[%s] %s: '%s' is not a whole number from %ld to %ld", n->section,
			  n->name, value, n->min, n->max);
		p->failed = 1;
		return 0;
	}
	if (n->is_long)
		*(long *)((char *)p->cfg + n->offset) = v;
	else
		*(int *)((char *)p->cfg + n->offset) = (int)v;
	return 1;
}

/* display_mm = WxH: the panel's width and height in millimetres, each 20-2000. */
static int config_set_display_mm(struct config_parse *p, const char *value)
{
	const char *rest;
	char *end;
	long w, h;

	errno = 0;
	w = strtol(value, &end, 10);
	if (errno || end == value || *end != 'x')
		goto bad;
	rest = end + 1;
	h = strtol(rest, &end, 10);
	if (errno || end == rest || *end || w < 20 || w > 2000 || h < 20 || h > 2000)
		goto bad;
	p->cfg->display_mm_w = (int)w;
	p->cfg->display_mm_h = (int)h;
	return 1;
bad:
	error_set(p->err,
		  "[terminal] display_mm: '%s' is not WIDTHxHEIGHT in millimetres (20-2000 each)",
		  value);
	p->failed = 1;
	return 0;
}

/* [speech] backend and audio: 1, 0 when out of memory, or 0 with ERR (unknown backend). */
static int config_set_speech(struct config_parse *p, const char *name, const char *value)
{
	struct config *cfg = p->cfg;
	char **slot = !strcmp(name, "backend") ? &cfg->speech_backend
		      : !strcmp(name, "audio") ? &cfg->speech_audio
					       : NULL;

	if (!slot) {
		error_set(p->err, "[speech] %s: unknown setting", name);
		p->failed = 1;
		return 0;
	}
	if (slot == &cfg->speech_backend && strcmp(value, "espeak") && strcmp(value, "record") &&
	    strcmp(value, "none")) {
		error_set(p->err, "[speech] backend: '%s' is not espeak, record or none", value);
		p->failed = 1;
		return 0;
	}
	free(*slot);
	return (*slot = strdup(value)) != NULL;
}

static int config_handle(void *user, const char *section, const char *name, const char *value)
{
	struct config_parse *p = user;
	struct config *cfg = p->cfg;
	const struct config_number *number = config_find_number(section, name);

	if (p->failed)
		return 0;
	if (number)
		return config_set_number(p, number, value);
	if (!strcmp(section, "terminal")) {
		if (!strcmp(name, "id")) {
			free(cfg->terminal_id);
			return (cfg->terminal_id = strdup(value)) != NULL;
		}
		if (!strcmp(name, "data_dir"))
			return config_set_path(p, &cfg->data_dir, value);
		if (!strcmp(name, "key"))
			return config_set_path(p, &cfg->key_path, value);
		if (!strcmp(name, "certificate"))
			return config_set_path(p, &cfg->certificate_path, value);
		if (!strcmp(name, "previous_certificates"))
			return config_set_previous(p, value);
		if (!strcmp(name, "catalogue"))
			return config_set_path(p, &cfg->catalogue_path, value);
		if (!strcmp(name, "locale_dir"))
			return config_set_path(p, &cfg->locale_dir, value);
		if (!strcmp(name, "font_dir"))
			return config_set_path(p, &cfg->font_dir, value);
		if (!strcmp(name, "theme"))
			return config_set_path(p, &cfg->theme_path, value);
		if (!strcmp(name, "languages")) {
			free(cfg->languages);
			return (cfg->languages = strdup(value)) != NULL;
		}
		if (!strcmp(name, "display_mm"))
			return config_set_display_mm(p, value);
	} else if (!strcmp(section, "recipients")) {
		if (!config_add_recipient(p, name, value)) {
			p->failed = 1;
			return 0;
		}
		return 1;
	} else if (!strcmp(section, "collection") && !strcmp(name, "public_key")) {
		return config_set_path(p, &cfg->collection_public_key_path, value);
	} else if (!strcmp(section, "usb") && !strcmp(name, "mount_point")) {
		return config_set_path(p, &cfg->usb_mount_point, value);
	} else if (!strcmp(section, "speech")) {
		return config_set_speech(p, name, value);
	}
	error_set(p->err, "[%s] %s: unknown setting", section, name);
	p->failed = 1;
	return 0;
}

/* No backend named: the voice when an output is named, else none (never a loudspeaker unasked). */
static int config_speech_defaults(struct config *cfg)
{
	if (!cfg->speech_backend &&
	    !(cfg->speech_backend =
		      strdup(cfg->speech_audio && cfg->speech_audio[0] ? "espeak" : "none")))
		return -1;
	if (!cfg->speech_audio && !(cfg->speech_audio = strdup("")))
		return -1;
	return 0;
}

static int config_check(const struct config *cfg, struct error *err)
{
	if (!cfg->terminal_id) {
		error_set(err, "[terminal] id: missing");
		return -1;
	}
	if (!config_valid_terminal_id(cfg->terminal_id)) {
		error_set(err, "[terminal] id: '%s' must be 1-32 letters, digits, '-', '_' or '.'",
			  cfg->terminal_id);
		return -1;
	}
	if (!cfg->data_dir || !cfg->key_path || !cfg->catalogue_path) {
		error_set(err, "[terminal] %s: missing",
			  !cfg->data_dir   ? "data_dir"
			  : !cfg->key_path ? "key"
					   : "catalogue");
		return -1;
	}
	if (!cfg->recipient_count) {
		error_set(err, "[recipients]: at least one recipient public key is needed");
		return -1;
	}
	if (!cfg->collection_public_key_path) {
		error_set(err, "[collection] public_key: missing");
		return -1;
	}
	return 0;
}

int config_load(struct config *cfg, const char *path, struct error *err)
{
	struct config_parse p = { .cfg = cfg, .err = err };
	char *dir = NULL, *slash;
	FILE *f;
	int line = 0, rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	cfg->idle_timeout = 120;
	cfg->idle_warning = 30;
	cfg->tap_guard_ms = 400;
	cfg->health_recheck = 30;
	cfg->display_mm_w = CONFIG_DEFAULT_DISPLAY_MM_W;
	cfg->display_mm_h = CONFIG_DEFAULT_DISPLAY_MM_H;
	cfg->min_interval = 30;
	cfg->per_hour = 20;
	cfg->spool_capacity = 5000;
	cfg->capacity_warning = 80;
	cfg->lookups_per_minute = 5;
	cfg->usb_mount_timeout = 20;
	f = fopen(path, "r");
	if (!f) {
		error_set(err, "%s: cannot open: %m", path);
		return -1;
	}
	/* Stays the message for every allocation that fails below; the handler sets its own. */
	error_set(err, "out of memory");
	dir = strdup(path);
	if (!dir || !(cfg->path = strdup(path)))
		goto end;
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
	p.dir = dir;
	line = ini_parse_file(f, config_handle, &p);
	if (line != 0) {
		if (!p.failed)
			error_set(err, "line %d: not a valid ini line", line);
		goto end;
	}
	if (!cfg->languages && !(cfg->languages = strdup("de,en")))
		goto end;
	if (!cfg->usb_mount_point && !(cfg->usb_mount_point = strdup(CONFIG_DEFAULT_USB_MOUNT)))
		goto end;
	if (!cfg->font_dir && !(cfg->font_dir = strdup(CONFIG_DEFAULT_FONT_DIR)))
		goto end;
	if (config_speech_defaults(cfg) != 0)
		goto end;
	if (config_check(cfg, err) < 0)
		goto end;
	rc = 0;
end:
	fclose(f);
	free(dir);
	if (rc < 0) {
		char where[64];
		if (line > 0 && p.failed) {
			snprintf(where, sizeof(where), "line %d", line);
			error_prefix(err, where);
		}
		error_prefix(err, path);
		config_free(cfg);
	}
	return rc;
}

const struct config_recipient *config_find_recipient(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->recipient_count; i++) {
		if (!strcmp(cfg->recipients[i].name, name))
			return &cfg->recipients[i];
	}
	return NULL;
}

void config_free(struct config *cfg)
{
	free(cfg->path);
	free(cfg->terminal_id);
	free(cfg->data_dir);
	free(cfg->key_path);
	free(cfg->certificate_path);
	for (size_t i = 0; i < cfg->previous_certificate_count; i++)
		free(cfg->previous_certificate_paths[i]);
	free(cfg->catalogue_path);
	free(cfg->locale_dir);
	free(cfg->font_dir);
	free(cfg->theme_path);
	free(cfg->languages);
	free(cfg->collection_public_key_path);
	free(cfg->usb_mount_point);
	free(cfg->speech_backend);
	free(cfg->speech_audio);
	for (size_t i = 0; i < cfg->recipient_count; i++) {
		free(cfg->recipients[i].name);
		free(cfg->recipients[i].public_key_path);
	}
	free(cfg->recipients);
	memset(cfg, 0, sizeof(*cfg));
}
