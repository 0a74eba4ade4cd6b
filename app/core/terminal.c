#include "core/terminal.h"
#include "core/certificate.h"
#include "core/fileio.h"
#include "core/envelope.h"
#include "core/audit.h"
#include "core/keys.h"
#include "core/limits.h"
#include "core/spool.h"
#include "core/terminal_state.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>
#include <sys/statvfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Below this much free space the spool may not even open for writing (WAL index, journal). */
#define TERMINAL_DISK_LOW (1024 * 1024)

static int terminal_load_recipients(struct terminal *term, struct error *err)
{
	const struct config *cfg = &term->config;

	term->recipients = calloc(cfg->recipient_count, sizeof(*term->recipients));
	if (!term->recipients) {
		error_set(err, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < cfg->recipient_count; i++) {
		if (key_public_load(&term->recipients[i], cfg->recipients[i].public_key_path,
				    KEY_X25519, err) < 0) {
			error_prefix(err, cfg->path);
			return -1;
		}
	}
	return 0;
}

/* The number of key files the service's requests are sealed to. */
static size_t terminal_service_keys(const struct config *cfg, const struct service *svc)
{
	size_t n = 0;

	for (size_t r = 0; r < svc->recipient_count; r++) {
		for (size_t i = 0; i < cfg->recipient_count; i++)
			n += !strcmp(cfg->recipients[i].name, svc->recipients[r]);
	}
	return n;
}

/* Every service must name recipients the configuration knows, and fit the envelope's slots. */
static int terminal_check_catalogue(struct terminal *term, struct error *err)
{
	for (size_t i = 0; i < term->catalogue.service_count; i++) {
		const struct service *svc = &term->catalogue.services[i];
		if (terminal_service_keys(&term->config, svc) > ENVELOPE_SLOTS) {
			error_set(err,
				  "%s: [service.%s] recipients: more than %d keys in all (an "
				  "envelope has %d slots)",
				  term->config.catalogue_path, svc->id, ENVELOPE_SLOTS,
				  ENVELOPE_SLOTS);
			return -1;
		}
		for (size_t r = 0; r < svc->recipient_count; r++) {
			if (!config_find_recipient(&term->config, svc->recipients[r])) {
				error_set(
					err,
					"%s: [service.%s] recipients: '%s' is not in [recipients] "
					"of %s",
					term->config.catalogue_path, svc->id, svc->recipients[r],
					term->config.path);
				return -1;
			}
		}
	}
	return 0;
}

/* True when DIR's filesystem has less free space than a spool needs to open and commit. */
static int terminal_disk_full(const char *dir)
{
	struct statvfs st;

	return statvfs(dir, &st) == 0 &&
	       (unsigned long long)st.f_bavail * st.f_frsize < TERMINAL_DISK_LOW;
}

/* Loads the configured certificate; it must be for this terminal's id and key. 0 or -1. */
static int terminal_load_certificate(struct terminal *term, struct error *err)
{
	const struct key_public *pub = key_secret_public(term->signer);
	const char *path = term->config.certificate_path;
	unsigned char *data = NULL;
	struct certificate cert;
	size_t len;
	int rc = -1;

	/* Not certified yet: its bundles are quarantined at the office until it is. */
	if (!path || (access(path, F_OK) != 0 && errno == ENOENT))
		return 0;
	if (fileio_read_all(path, CERTIFICATE_BYTES, &data, &len, err) < 0)
		return -1;
	if (certificate_parse(data, len, &cert, err) < 0) {
		error_prefix(err, path);
		goto end;
	}
	if (strcmp(cert.terminal_id, term->config.terminal_id) ||
	    sodium_memcmp(cert.terminal_public, pub->public_key, 32)) {
		error_set(err,
			  "%s: certificate is for terminal '%s' with another key, not this one",
			  path, cert.terminal_id);
		goto end;
	}
	memcpy(term->certificate, data, CERTIFICATE_BYTES);
	term->has_certificate = 1;
	rc = 0;
end:
	free(data);
	return rc;
}

/*
 * Loads [terminal] previous_certificates: each must be the collection key's
 * certificate of an earlier key of this terminal id. 0, or -1 with ERR.
 */
static int terminal_load_previous(struct terminal *term, struct error *err)
{
	const struct config *cfg = &term->config;
	struct key_public collection;
	struct certificate cert;
	unsigned char *data = NULL;
	size_t len;
	int rc = -1;

	if (cfg->previous_certificate_count == 0)
		return 0;
	if (key_public_load(&collection, cfg->collection_public_key_path, KEY_ED25519, err) < 0)
		return -1;
	for (size_t i = 0; i < cfg->previous_certificate_count; i++) {
		const char *path = cfg->previous_certificate_paths[i];
		if (fileio_read_all(path, CERTIFICATE_BYTES, &data, &len, err) < 0)
			goto end;
		if (certificate_verify(data, len, &collection, &cert, err) < 0) {
			error_prefix(err, path);
			goto end;
		}
		if (strcmp(cert.terminal_id, cfg->terminal_id)) {
			error_set(err,
				  "%s: previous certificate is for terminal '%s', not this one",
				  path, cert.terminal_id);
			goto end;
		}
		memcpy(term->previous[i], data, CERTIFICATE_BYTES);
		memcpy(term->previous_keys[i], cert.terminal_public, 32);
		term->previous_count++;
		free(data);
		data = NULL;
	}
	rc = 0;
end:
	free(data);
	return rc;
}

size_t terminal_previous_count(const struct terminal *term)
{
	return term->previous_count;
}

const unsigned char *terminal_previous_certificate(const struct terminal *term, size_t i)
{
	return i < term->previous_count ? term->previous[i] : NULL;
}

int terminal_signed_by_own_key(const struct terminal *term, const unsigned char *envelope,
			       size_t len, struct envelope_info *info)
{
	struct error ignored;

	if (envelope_verify(envelope, len, key_secret_public(term->signer)->public_key, info,
			    &ignored) == 0)
		return 1;
	for (size_t i = 0; i < term->previous_count; i++) {
		if (envelope_verify(envelope, len, term->previous_keys[i], info, &ignored) == 0)
			return 1;
	}
	return 0;
}

const unsigned char *terminal_certificate(const struct terminal *term)
{
	return term->has_certificate ? term->certificate : NULL;
}

static uint64_t terminal_monotonic_seconds(void *ctx)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

/*
 * The audit log's own key (audit.h). Without it the terminal still works: the audit must never
 * stop a request. Every entry it cannot write is counted (status), and verify-audit says why.
 */
static void terminal_load_audit_key(struct terminal *term)
{
	struct error err = { "" };

	if (audit_key_load(term->config.data_dir, term->audit_key, &err) < 0)
		snprintf(term->audit_key_error, sizeof(term->audit_key_error), "%s", err.msg);
}

struct terminal *terminal_open(const char *config_path, struct error *err)
{
	struct terminal *term = calloc(1, sizeof(*term));

	if (!term) {
		error_set(err, "out of memory");
		return NULL;
	}
	if (config_load(&term->config, config_path, err) < 0)
		goto fail;
	term->signer = key_secret_load(term->config.key_path, KEY_ED25519, NULL, err);
	if (!term->signer || terminal_load_certificate(term, err) < 0 ||
	    terminal_load_previous(term, err) < 0)
		goto fail;
	terminal_load_audit_key(term);
	if (catalogue_load(&term->catalogue, term->config.catalogue_path, err) < 0 ||
	    terminal_check_catalogue(term, err) < 0 || terminal_load_recipients(term, err) < 0) {
		terminal_audit(term, "config-error", (const char *[]){ "reason", err->msg, NULL });
		goto fail;
	}
	term->spool = spool_open(term->config.data_dir, err);
	if (!term->spool) {
		/* A full disk must not lock the requests in: read-only use still works. Only
		 * then: any other failure (a missing or unknown spool) stays an error. */
		if (!terminal_disk_full(term->config.data_dir))
			goto fail;
		term->spool = spool_open_degraded(term->config.data_dir, &(struct error){ "" });
		if (!term->spool)
			goto fail;
		term->spool_degraded = 1;
	}
	limits_init(&term->limits, term->config.min_interval, term->config.per_hour);
	term->pending = -1;
	if (spool_reference_params(term->spool, &term->reference, err) < 0)
		goto fail;
	terminal_load_reference_key(term);
	term->clock = terminal_monotonic_seconds;
	return term;
fail:
	terminal_close(term);
	return NULL;
}

void terminal_close(struct terminal *term)
{
	if (!term)
		return;
	spool_close(term->spool);
	key_secret_free(term->signer);
	sodium_memzero(term->audit_key, sizeof(term->audit_key));
	sodium_memzero(term->reference_key, sizeof(term->reference_key));
	free(term->recipients);
	catalogue_free(&term->catalogue);
	config_free(&term->config);
	free(term);
}

const struct config *terminal_config(const struct terminal *term)
{
	return &term->config;
}

const struct catalogue *terminal_catalogue(const struct terminal *term)
{
	return &term->catalogue;
}

struct spool *terminal_spool(struct terminal *term)
{
	return term->spool;
}

const struct key_secret *terminal_signer(const struct terminal *term)
{
	return term->signer;
}

/* The public keys the service's requests are sealed to, into OUT. Returns the count. */
static size_t terminal_service_recipients(const struct terminal *term, const struct service *svc,
					  struct key_public *out)
{
	size_t n = 0;

	for (size_t r = 0; r < svc->recipient_count; r++) {
		for (size_t i = 0; i < term->config.recipient_count && n < ENVELOPE_SLOTS; i++) {
			if (!strcmp(term->config.recipients[i].name, svc->recipients[r]))
				out[n++] = term->recipients[i];
		}
	}
	return n;
}

void terminal_audit(struct terminal *term, const char *event, const char *const *details)
{
	struct error ignored;

	if (term->audit_key_error[0] ||
	    audit_append(term->config.data_dir, term->audit_key, event, details, &ignored) < 0)
		term->audit_failures++;
}

void terminal_audit_counter(struct terminal *term, const char *event, uint64_t counter)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)counter);
	terminal_audit(term, event, (const char *[]){ "counter", text, NULL });
}

int terminal_audit_verify(struct terminal *term, struct audit_report *report, struct error *err)
{
	char path[4096];

	if (term->audit_key_error[0]) {
		memset(report, 0, sizeof(*report));
		error_set(err, "%s", term->audit_key_error);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", term->config.data_dir, AUDIT_FILE);
	return audit_verify(path, term->audit_key, report, err);
}

const char *terminal_audit_problem(const struct terminal *term)
{
	return term->audit_key_error[0] ? term->audit_key_error : NULL;
}

long terminal_audit_failures(const struct terminal *term)
{
	return term->audit_failures;
}

long terminal_submit_wait(const struct terminal *term)
{
	return limits_wait(&term->limits, (uint64_t)time(NULL));
}

/* Fills HEALTH from a pending count of STORED. Cannot fail. */
static void terminal_fill_health(const struct terminal *term, long stored,
				 struct terminal_health *health)
{
	const struct config *cfg = &term->config;

	memset(health, 0, sizeof(*health));
	health->stored = stored;
	health->capacity = cfg->spool_capacity;
	health->warning_at = cfg->spool_capacity / 100 * cfg->capacity_warning +
			     cfg->spool_capacity % 100 * cfg->capacity_warning / 100;
	health->disk_full = term->spool_degraded;
	if (health->disk_full || health->stored >= health->capacity)
		health->state = TERMINAL_FULL;
	else if (health->stored >= health->warning_at)
		health->state = TERMINAL_NEARLY_FULL;
}

int terminal_health(struct terminal *term, struct terminal_health *health, struct error *err)
{
	long stored = spool_count_pending(term->spool, err);

	if (stored < 0)
		return -1;
	term->pending = stored;
	terminal_fill_health(term, stored, health);
	return 0;
}

/*
 * 0 when a submission at NOW is allowed; else TERMINAL_SUBMIT_WAIT or _FULL
 * (or -1) with ERR. The pending count is cached between submissions (a count
 * costs as much as a submit) and counted afresh before refusing, since
 * another process may have purged.
 */
static int terminal_may_submit(struct terminal *term, uint64_t now, struct error *err)
{
	struct terminal_health health;
	long wait = limits_wait(&term->limits, now);

	if (wait > 0) {
		error_set(err, "too many requests in a short time: please wait %ld s", wait);
		return TERMINAL_SUBMIT_WAIT;
	}
	if (term->pending >= 0)
		terminal_fill_health(term, term->pending, &health);
	if ((term->pending < 0 || health.state == TERMINAL_FULL) &&
	    terminal_health(term, &health, err) < 0)
		return -1;
	if (health.state == TERMINAL_FULL) {
		error_set(err, "%s: the terminal is full (%s); requests must be collected first",
			  term->config.data_dir,
			  health.disk_full ? "no space left on its disk"
					   : "spool_capacity reached");
		return TERMINAL_SUBMIT_FULL;
	}
	return 0;
}

/* After a stored request: the rate window, the audit entry, and a warning as the spool fills. */
static void terminal_after_submit(struct terminal *term, uint64_t counter, uint64_t now)
{
	struct terminal_health h;
	char stored[24], capacity[24];

	limits_note(&term->limits, now);
	terminal_audit_counter(term, "submit", counter);
	if (term->pending < 0)
		return;
	terminal_fill_health(term, ++term->pending, &h);
	if (h.stored != h.warning_at && h.stored != h.capacity)
		return;
	snprintf(stored, sizeof(stored), "%ld", h.stored);
	snprintf(capacity, sizeof(capacity), "%ld", h.capacity);
	terminal_audit(term, h.stored == h.capacity ? "spool-full" : "spool-nearly-full",
		       (const char *[]){ "stored", stored, "capacity", capacity, NULL });
}

int terminal_submit(struct terminal *term, const struct request *req, char *reference,
		    struct error *err)
{
	struct key_public recipients[ENVELOPE_SLOTS];
	unsigned char hash[TERMINAL_HASH_BYTES], *env = NULL;
	const struct service *svc;
	char *payload = NULL, code[REQUEST_REFERENCE_LEN + 1];
	size_t payload_len, env_len, count;
	uint64_t counter, created = (uint64_t)time(NULL);
	int rc = -1;

	if (request_validate(req, err) < 0)
		return -1;
	if ((rc = terminal_may_submit(term, created, err)) < 0)
		return rc;
	rc = -1;
	svc = catalogue_find(&term->catalogue, req->service);
	if (!svc) {
		error_set(err, "service: '%s' is not in the catalogue", req->service);
		return -1;
	}
	count = terminal_service_recipients(term, svc, recipients);
	terminal_new_reference(code);
	if (request_to_json(req, code, (time_t)created, &payload, &payload_len, err) < 0)
		return -1;
	/* The slow hash before the write lock: it must not hold up other writers. */
	if (terminal_reference_hash(term, code, hash, err) < 0 ||
	    spool_begin_add(term->spool, &counter, err) < 0)
		goto end;
	if (envelope_seal(term->config.terminal_id, counter, recipients, count,
			  (const unsigned char *)payload, payload_len, term->signer, &env, &env_len,
			  err) < 0) {
		spool_abort_add(term->spool);
		goto end;
	}
	if (spool_finish_add(term->spool, counter, env, env_len, hash, sizeof(hash), err))
		goto end;
	memcpy(reference, code, sizeof(code));
	terminal_after_submit(term, counter, created);
	rc = 0;
end:
	sodium_free(payload);
	free(env);
	sodium_memzero(code, sizeof(code));
	return rc;
}

void terminal_set_clock(struct terminal *term, uint64_t (*clock)(void *ctx), void *ctx)
{
	term->clock = clock ? clock : terminal_monotonic_seconds;
	term->clock_ctx = ctx;
	term->lookup_count = 0;
}

/* The signing key file still loads and is the key this terminal signs with. 0 or -1 with ERR. */
static int terminal_check_signer(const struct terminal *term, struct error *err)
{
	struct key_secret *now = key_secret_load(term->config.key_path, KEY_ED25519, NULL, err);
	int same;

	if (!now)
		return -1;
	same = sodium_memcmp(key_secret_public(now)->public_key,
			     key_secret_public(term->signer)->public_key, 32) == 0;
	key_secret_free(now);
	if (!same) {
		error_set(err, "%s: not the key this terminal was started with",
			  term->config.key_path);
		return -1;
	}
	return 0;
}

/* Names DIR and errno in ERR. Returns -1. */
static int terminal_probe_fail(const char *dir, struct error *err)
{
	error_set(err, "%s: cannot be written there: %s", dir, strerror(errno));
	return -1;
}

/*
 * DIR takes a new file: an unnamed one (O_TMPFILE), gone at close, so nothing
 * changes. access() cannot see a filesystem the kernel stopped writing after a
 * write error (ext4 aborts its journal: emergency read-only, EROFS) until it is
 * remounted; creating a file can. A full disk (ENOSPC, EDQUOT) is no failure
 * here, nor a filesystem without O_TMPFILE (EOPNOTSUPP, EISDIR). 0 or -1.
 */
static int terminal_probe_dir(const char *dir, struct error *err)
{
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);

	if (fd >= 0)
		return close(fd) == 0 || errno == EINTR ? 0 : terminal_probe_fail(dir, err);
	if (errno == ENOSPC || errno == EDQUOT || errno == EOPNOTSUPP || errno == EISDIR)
		return 0;
	return terminal_probe_fail(dir, err);
}

/* The spool opens afresh where the configuration says, can be read and written. */
static int terminal_check_spool(const struct terminal *term, struct error *err)
{
	const char *dir = term->config.data_dir;
	char path[4096];
	struct spool *fresh;
	long pending;

	snprintf(path, sizeof(path), "%s/spool.db", dir);
	/* access() says EROFS even to root: a disk remounted read-only after errors. */
	if (access(dir, W_OK) != 0 || access(path, W_OK) != 0) {
		error_set(err, "%s: cannot be written there: %s", path, strerror(errno));
		return -1;
	}
	if (terminal_probe_dir(dir, err) < 0)
		return -1;
	fresh = spool_open(dir, err);
	if (!fresh)
		return terminal_disk_full(dir) ? 0 : -1; /* full: refused per submit, not out */
	pending = spool_count_pending(fresh, err);
	spool_close(fresh);
	return pending < 0 ? -1 : 0;
}

int terminal_check(struct terminal *term, struct error *err)
{
	struct key_public pub;

	if (terminal_check_signer(term, err) < 0 || terminal_check_spool(term, err) < 0 ||
	    terminal_check_reference(term, err) < 0)
		return -1;
	for (size_t i = 0; i < term->config.recipient_count; i++) {
		if (key_public_load(&pub, term->config.recipients[i].public_key_path, KEY_X25519,
				    err) < 0)
			return -1;
		if (sodium_memcmp(pub.public_key, term->recipients[i].public_key, 32) != 0) {
			error_set(err, "%s: not the key this terminal was started with",
				  term->config.recipients[i].public_key_path);
			return -1;
		}
	}
	return 0;
}
