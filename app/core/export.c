#include "core/export.h"
#include "core/bundle.h"
#include "core/envelope.h"
#include "core/fileio.h"
#include "core/spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXPORT_NAME_TRIES 100

struct export_run {
	struct terminal *term;
	const char *tid;
	struct export_options opt;
	char outbox[4096];
	struct bundle_writer bundle;
	int open; /* a bundle is being built */
	uint64_t first, last, shipped_first, next_counter;
	size_t count;
	struct export_result *result;
	struct error *err;
};

/*
 * True when ENVELOPE is this terminal's own (signed by its key, or by an
 * earlier key it was re-keyed from), intact, and stored under COUNTER.
 */
static int export_envelope_sound(const struct terminal *term, const char *tid, uint64_t counter,
				 const unsigned char *envelope, size_t len)
{
	struct envelope_info info;

	return terminal_signed_by_own_key(term, envelope, len, &info) &&
	       !strcmp(info.terminal_id, tid) && info.counter == counter;
}

static void export_note_damaged(long *damaged, uint64_t *listed, uint64_t counter)
{
	if (*damaged < EXPORT_DAMAGED_LISTED)
		listed[*damaged] = counter;
	(*damaged)++;
}

/* Whether PATH is on the stick the round began with (export_options), and when ROOT, that
 * very folder. 0, or -1 with ERR. */
static int export_same_stick(const char *path, int root, const struct export_options *opt,
			     struct error *err)
{
	struct stat st;

	if (!opt->stick_ino)
		return 0;
	if (stat(path, &st) == 0 && st.st_dev == opt->stick_dev &&
	    (!root || st.st_ino == opt->stick_ino))
		return 0;
	error_set(err, "%s: no longer on the stick the round began with (pulled?); stopped", path);
	return -1;
}

/* STICK/PRISMA/outbox, made if missing; no part of it may be a link. 0, or -1 with ERR. */
static int export_outbox(const char *stick, const struct export_options *opt, char *outbox,
			 size_t size, struct error *err)
{
	const char *parts[] = { "/PRISMA", "/PRISMA/outbox" };
	struct stat st;

	if (export_same_stick(stick, 1, opt, err) < 0 || fileio_mkdirs(stick, 0755, err) < 0)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		snprintf(outbox, size, "%s%s", stick, parts[i]);
		/* fileio_mkdirs syncs the parent of what it creates: a power cut keeps the bundle.
		 */
		if (fileio_mkdirs(outbox, 0755, err) < 0)
			return -1;
		if (lstat(outbox, &st) != 0 || !S_ISDIR(st.st_mode)) {
			error_set(err, "%s: not a directory (a link?); nothing written", outbox);
			return -1;
		}
	}
	return export_same_stick(outbox, 0, opt, err);
}

/*
 * Takes OUTBOX for this export alone (flock on the folder; the lock goes with the descriptor
 * when the export ends or is killed), waiting up to WAIT_MS for another export to finish. A
 * folder whose filesystem has no locks is used without. The descriptor, or -1 with ERR.
 */
static int export_lock(const char *outbox, long wait_ms, struct error *err)
{
	int fd = open(outbox, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		error_set(err, "%s: cannot open: %s; nothing written", outbox, strerror(errno));
		return -1;
	}
	for (long waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited += 100) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return fd; /* ENOLCK, EOPNOTSUPP: no locks there */
		if (waited >= wait_ms) {
			error_set(err,
				  "%s: another export to this stick is running; nothing written",
				  outbox);
			close(fd);
			return -1;
		}
		usleep(100 * 1000);
	}
	return fd;
}

/* Removes TID's temporary bundle files in OUTBOX (left by a killed export). Returns the count. */
static long export_remove_stale(const char *outbox, const char *tid)
{
	DIR *d = opendir(outbox);
	size_t tid_len = strlen(tid);
	struct dirent *de;
	long removed = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, tid, tid_len) || de->d_name[tid_len] != '-' ||
		    !fileio_temp_target(de->d_name, ".prb"))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

/* Writes the finished bundle under a name not yet taken. 0, or -1 with ERR. */
static int export_write(struct export_run *run)
{
	char stamp[32], path[sizeof(run->outbox) + 160];
	time_t now = (time_t)run->opt.now;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (int n = 1; n <= EXPORT_NAME_TRIES; n++) {
		int len = snprintf(path, sizeof(path), "%s/%s-%s-%llu-%llu", run->outbox, run->tid,
				   stamp, (unsigned long long)run->first,
				   (unsigned long long)run->last);
		if (n > 1)
			snprintf(path + len, sizeof(path) - (size_t)len, "-%d", n);
		strncat(path, ".prb", sizeof(path) - strlen(path) - 1);
		if (export_same_stick(run->outbox, 0, &run->opt, run->err) < 0)
			return -1;
		if (fileio_write_new(path, run->bundle.out.data, run->bundle.out.len, 0644,
				     run->err) == 0) {
			snprintf(run->result->last_path, sizeof(run->result->last_path), "%s",
				 path);
			return 0;
		}
		if (!strstr(run->err->msg, "already exists"))
			return -1;
	}
	return -1;
}

/* Signs, writes and notes the bundle being built. 0, or -1 with ERR. */
static int export_flush(struct export_run *run)
{
	int rc = -1;

	if (!run->open)
		return 0;
	if (bundle_finish(&run->bundle, terminal_signer(run->term)) < 0) {
		error_set(run->err, "out of memory while building a bundle");
		goto end;
	}
	if (export_write(run) < 0)
		goto end;
	run->result->exported += (long)run->count;
	run->result->bundles++;
	rc = 0;
end:
	bundle_writer_free(&run->bundle);
	run->open = 0;
	return rc;
}

/*
 * The most a bundle of this run can take, for envelopes of LEN bytes (every
 * envelope of a terminal has the same size): reserved in one go, so a bundle
 * is never copied while it grows and memory stays at one bundle.
 */
static size_t export_bundle_bytes(const struct export_run *run, size_t len)
{
	size_t per = len + 4, body = run->opt.max_bytes;

	if (run->opt.max_envelopes < (run->opt.max_bytes - run->bundle.out.len) / per)
		body = run->bundle.out.len + run->opt.max_envelopes * per;
	/* format 4: the earlier keys' certificates and their count come with the current one */
	return body + (1 + terminal_previous_count(run->term)) * BUNDLE_CERT_BYTES + 4 +
	       BUNDLE_SIGNER_BYTES + crypto_sign_BYTES;
}

static int export_visit(void *user, uint64_t counter, const unsigned char *envelope, size_t len)
{
	struct export_run *run = user;

	if (!export_envelope_sound(run->term, run->tid, counter, envelope, len)) {
		export_note_damaged(&run->result->damaged, run->result->damaged_counters, counter);
		return 0;
	}
	if (run->open &&
	    (run->count >= run->opt.max_envelopes ||
	     run->bundle.out.len + len + 4 > run->opt.max_bytes) &&
	    export_flush(run) < 0)
		return -1;
	if (!run->open) {
		if (bundle_begin(&run->bundle, run->tid, run->opt.now) < 0 ||
		    bundle_reserve(&run->bundle, export_bundle_bytes(run, len)) < 0) {
			error_set(run->err, "out of memory");
			return -1;
		}
		bundle_set_next_counter(&run->bundle, run->next_counter);
		if (terminal_certificate(run->term))
			bundle_set_certificate(&run->bundle, terminal_certificate(run->term));
		for (size_t i = 0; i < terminal_previous_count(run->term); i++) {
			if (bundle_add_previous(&run->bundle,
						terminal_previous_certificate(run->term, i)) < 0) {
				error_set(run->err,
					  "more previous certificates than a bundle holds");
				return -1;
			}
		}
		run->open = 1;
		run->count = 0;
		run->first = counter;
		if (!run->result->exported && !run->result->bundles)
			run->shipped_first = counter;
	}
	if (bundle_add(&run->bundle, envelope, len) < 0) {
		error_set(run->err, "out of memory while building a bundle");
		return -1;
	}
	run->count++;
	run->last = counter;
	return 0;
}

/* One audit entry for the export, one per damaged envelope it kept back. */
static void export_audit(struct terminal *term, const struct export_result *result)
{
	char bundles[24], requests[24], damaged[24], key[2 * KEY_ID_BYTES + 1];

	key_id_hex(key_secret_public(terminal_signer(term))->id, key);
	snprintf(bundles, sizeof(bundles), "%ld", result->bundles);
	snprintf(requests, sizeof(requests), "%ld", result->exported);
	snprintf(damaged, sizeof(damaged), "%ld", result->damaged);
	terminal_audit(term, "export",
		       (const char *[]){ "bundles", bundles, "requests", requests, "damaged",
					 damaged, "key", key, NULL });
	for (long i = 0; i < result->damaged && i < EXPORT_DAMAGED_LISTED; i++)
		terminal_audit_counter(term, "damaged-kept-back", result->damaged_counters[i]);
}

static void export_defaults(struct export_options *opt, const struct export_options *given)
{
	if (given)
		*opt = *given;
	if (!opt->now)
		opt->now = (uint64_t)time(NULL);
	if (!opt->max_envelopes)
		opt->max_envelopes = EXPORT_BUNDLE_ENVELOPES;
	if (!opt->lock_wait_ms)
		opt->lock_wait_ms = EXPORT_LOCK_WAIT_MS;
	if (!opt->max_bytes || opt->max_bytes > BUNDLE_MAX_BYTES)
		opt->max_bytes = EXPORT_BUNDLE_BYTES;
}

int export_to_stick(struct terminal *term, const char *stick, const struct export_options *options,
		    struct export_result *result, struct error *err)
{
	struct export_run run = { .term = term, .result = result, .err = err };
	struct error inner = { "" };
	int rc = -1, lock;

	memset(result, 0, sizeof(*result));
	err->msg[0] = '\0';
	export_defaults(&run.opt, options);
	run.tid = terminal_config(term)->terminal_id;
	if (export_outbox(stick, &run.opt, run.outbox, sizeof(run.outbox), err) < 0 ||
	    (lock = export_lock(run.outbox, run.opt.lock_wait_ms, err)) < 0)
		return -1;
	result->stale_removed = export_remove_stale(run.outbox, run.tid);
	if (spool_next_counter(terminal_spool(term), &run.next_counter, err) < 0)
		goto end;
	if (spool_foreach_pending(terminal_spool(term), export_visit, &run, &inner) < 0) {
		if (!err->msg[0]) /* the spool failed, not a bundle */
			*err = inner;
		goto end;
	}
	/* Every bundle is complete on the stick, which must still be the one it began with. */
	if (export_flush(&run) < 0 || export_same_stick(stick, 1, &run.opt, err) < 0)
		goto end;
	export_audit(term, result);
	/* Informational only: on a full disk the bundles are out and that is what counts. */
	if (result->exported && spool_mark_exported(terminal_spool(term), run.shipped_first,
						    run.last, run.opt.now, &inner) < 0)
		result->unmarked = 1;
	rc = 0;
end:
	if (run.open)
		bundle_writer_free(&run.bundle);
	close(lock);
	return rc;
}

struct export_checker {
	const struct terminal *term;
	const char *tid;
	struct export_check *check;
};

static int export_check_visit(void *user, uint64_t counter, const unsigned char *envelope,
			      size_t len)
{
	struct export_checker *c = user;

	c->check->pending++;
	if (!export_envelope_sound(c->term, c->tid, counter, envelope, len))
		export_note_damaged(&c->check->damaged, c->check->damaged_counters, counter);
	return 0;
}

int export_check_spool(struct terminal *term, struct export_check *check, struct error *err)
{
	struct export_checker c = { .check = check };

	memset(check, 0, sizeof(*check));
	c.tid = terminal_config(term)->terminal_id;
	c.term = term;
	return spool_foreach_pending(terminal_spool(term), export_check_visit, &c, err);
}
