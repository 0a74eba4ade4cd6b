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
	const char *stick;
	char outbox[4096]; /* its path, for messages */
	int outbox_fd;	   /* everything is written beneath this */
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

/* Whether the stick folder STICK is still the one the round began with (export_options). 0, or
 * -1 with ERR. */
static int export_same_stick(const char *stick, const struct export_options *opt, struct error *err)
{
	struct stat st;

	if (!opt->stick_ino)
		return 0;
	if (stat(stick, &st) == 0 && st.st_dev == opt->stick_dev && st.st_ino == opt->stick_ino)
		return 0;
	error_set(err, "%s: no longer on the stick the round began with (pulled?); stopped", stick);
	return -1;
}

/*
 * Opens NAME beneath DIRFD as a directory, made (and its parent synced, so a power cut keeps
 * what is written beneath it) if missing; never through a link. SHOWN names it in messages.
 * The descriptor, or -1 with ERR.
 */
static int export_open_dir(int dirfd, const char *name, const char *shown, struct error *err)
{
	int fd;

	if (mkdirat(dirfd, name, 0755) == 0) {
		if (fileio_sync_dir(dirfd) != 0) {
			error_set(err, "%s: cannot sync: %s", shown, strerror(errno));
			return -1;
		}
	} else if (errno != EEXIST) {
		error_set(err, "%s: cannot create: %s; nothing written", shown, strerror(errno));
		return -1;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		error_set(err, "%s: %s; nothing written", shown,
			  errno == ELOOP || errno == ENOTDIR ? "not a directory (a link?)"
							     : strerror(errno));
	return fd;
}

/*
 * Opens STICK/PRISMA/outbox (its path into OUTBOX, for messages), made if
 * missing, each folder beneath the one before it and none through a link; on
 * the stick the round began with. Everything after goes through this one
 * descriptor (openat, renameat, flock), so a folder swapped for a link later
 * changes nothing. The descriptor, or -1 with ERR.
 */
static int export_outbox(const char *stick, const struct export_options *opt, char *outbox,
			 size_t size, struct error *err)
{
	int root = -1, prisma = -1, fd = -1;
	struct stat st;

	if (export_same_stick(stick, opt, err) < 0 || fileio_mkdirs(stick, 0755, err) < 0)
		return -1;
	root = open(stick, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		error_set(err, "%s: cannot open: %s; nothing written", stick, strerror(errno));
		return -1;
	}
	snprintf(outbox, size, "%s/PRISMA", stick);
	if ((prisma = export_open_dir(root, "PRISMA", outbox, err)) < 0)
		goto end;
	snprintf(outbox, size, "%s/PRISMA/outbox", stick);
	if ((fd = export_open_dir(prisma, "outbox", outbox, err)) < 0)
		goto end;
	/* The folder opened is on the stick the round began with (not on a mount swapped in). */
	if (opt->stick_ino && (fstat(fd, &st) != 0 || st.st_dev != opt->stick_dev)) {
		error_set(err, "%s: no longer on the stick the round began with (pulled?); stopped",
			  outbox);
		close(fd);
		fd = -1;
	}
end:
	if (prisma >= 0)
		close(prisma);
	close(root);
	return fd;
}

/*
 * Takes the outbox FD for this export alone (flock; the lock goes with the descriptor when the
 * export ends or is killed), waiting up to WAIT_MS for another export to finish. A folder whose
 * filesystem has no locks is used without. 0, or -1 with ERR naming OUTBOX.
 */
static int export_lock(int fd, const char *outbox, long wait_ms, struct error *err)
{
	for (long waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited += 100) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return 0; /* ENOLCK, EOPNOTSUPP: no locks there */
		if (waited >= wait_ms) {
			error_set(err,
				  "%s: another export to this stick is running; nothing written",
				  outbox);
			return -1;
		}
		usleep(100 * 1000);
	}
	return 0;
}

/* Removes TID's temporary bundle files in the outbox FD (left by a killed export). The count. */
static long export_remove_stale(int fd, const char *tid)
{
	int own = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = own < 0 ? NULL : fdopendir(own);
	size_t tid_len = strlen(tid);
	struct dirent *de;
	long removed = 0;

	if (!d) {
		if (own >= 0)
			close(own);
		return 0;
	}
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, tid, tid_len) || de->d_name[tid_len] != '-' ||
		    !fileio_temp_target(de->d_name, ".prb"))
			continue;
		if (unlinkat(fd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

/* Writes the finished bundle under a name not yet taken, beneath the outbox's descriptor. 0, or
 * -1 with ERR. */
static int export_write(struct export_run *run)
{
	char stamp[32], name[160];
	time_t now = (time_t)run->opt.now;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (run->opt.before_write)
		run->opt.before_write(run->opt.before_write_ctx);
	for (int n = 1; n <= EXPORT_NAME_TRIES; n++) {
		int len = snprintf(name, sizeof(name), "%s-%s-%llu-%llu", run->tid, stamp,
				   (unsigned long long)run->first, (unsigned long long)run->last);
		if (n > 1)
			snprintf(name + len, sizeof(name) - (size_t)len, "-%d", n);
		strncat(name, ".prb", sizeof(name) - strlen(name) - 1);
		if (export_same_stick(run->stick, &run->opt, run->err) < 0)
			return -1;
		if (fileio_write_new_at(run->outbox_fd, run->outbox, name, run->bundle.out.data,
					run->bundle.out.len, 0644, run->err) == 0) {
			snprintf(run->result->last_path, sizeof(run->result->last_path), "%s/%s",
				 run->outbox, name);
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
	struct export_run run = { .term = term, .stick = stick, .result = result, .err = err };
	struct error inner = { "" };
	int rc = -1;

	memset(result, 0, sizeof(*result));
	err->msg[0] = '\0';
	export_defaults(&run.opt, options);
	run.tid = terminal_config(term)->terminal_id;
	run.outbox_fd = export_outbox(stick, &run.opt, run.outbox, sizeof(run.outbox), err);
	if (run.outbox_fd < 0)
		return -1;
	if (export_lock(run.outbox_fd, run.outbox, run.opt.lock_wait_ms, err) < 0)
		goto end;
	result->stale_removed = export_remove_stale(run.outbox_fd, run.tid);
	if (spool_next_counter(terminal_spool(term), &run.next_counter, err) < 0)
		goto end;
	if (spool_foreach_pending(terminal_spool(term), export_visit, &run, &inner) < 0) {
		if (!err->msg[0]) /* the spool failed, not a bundle */
			*err = inner;
		goto end;
	}
	/* Every bundle is complete on the stick, which must still be the one it began with. */
	if (export_flush(&run) < 0 || export_same_stick(stick, &run.opt, err) < 0)
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
	close(run.outbox_fd);
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
