#include "core/custody.h"
#include "core/receipt.h"
#include "core/spool.h"
#include "core/stick.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct custody_run {
	struct terminal *term;
	struct key_public collection;
	custody_report_fn report;
	void *ctx;
	struct custody_result *result;
};

static void custody_say(struct custody_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void custody_say(struct custody_run *run, const char *fmt, ...)
{
	char line[768];
	va_list ap;

	if (!run->report)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	run->report(run->ctx, line);
}

/* A name this code writes or reads on a stick: 1-200 of A-Z a-z 0-9 . _ -, not leading '.'. */
static int custody_plain_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 200 || name[0] == '.')
		return 0;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
	       len;
}

/* Reads NAME in DIRFD: a regular file, never through a link, at most the largest receipt. */
static int custody_read(int dirfd, const char *name, unsigned char **data, size_t *len,
			struct error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	ssize_t got = 0;

	*data = NULL;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > CUSTODY_RECEIPT_MAX_BYTES) {
		error_set(err, fd < 0 ? "cannot open (a link?)"
				      : "not a regular file of a receipt's size");
		goto fail;
	}
	if (!(*data = malloc((size_t)st.st_size + 1)))
		goto fail;
	while ((size_t)got < (size_t)st.st_size) {
		ssize_t n = read(fd, *data + got, (size_t)st.st_size - (size_t)got);
		if (n <= 0) {
			error_set(err, "cannot read: %s",
				  n ? strerror(errno) : "shorter than its size");
			goto fail;
		}
		got += n;
	}
	*len = (size_t)got;
	close(fd);
	return 0;
fail:
	free(*data);
	*data = NULL;
	if (fd >= 0)
		close(fd);
	return -1;
}

/*
 * Moves the refused stick file NAME out of DIRFD (PRISMA/receipts) into
 * PRISMA/quarantine beside it, so it is reported once and kept as evidence.
 * The move never follows a link; a name already taken there is left alone.
 */
static void custody_quarantine(struct custody_run *run, int dirfd, const char *name)
{
	int qfd;

	if (mkdirat(dirfd, "../quarantine", 0755) != 0 && errno != EEXIST)
		return;
	qfd = openat(dirfd, "../quarantine", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (qfd < 0)
		return;
	if (renameat2(dirfd, name, qfd, name, RENAME_NOREPLACE) == 0 ||
	    (errno != EEXIST && renameat(dirfd, name, qfd, name) == 0))
		terminal_audit(run->term, "stick-file-quarantined",
			       (const char *[]){ "file",
						 custody_plain_name(name) ? name : "odd-name",
						 NULL });
	close(qfd);
}

static int custody_named(void *ctx, const unsigned char *hash)
{
	return receipt_names(ctx, hash);
}

/* Purges what RECEIPT names, counts it, and removes the applied file NAME. */
/*
 * Removes this terminal's bundle that receipt NAME answers (same name, .prb,
 * in PRISMA/outbox beside DIRFD). Safe whatever the receipt named: every
 * request it did not name is still pending in the spool and is exported
 * again by this same collection. Keeps the stick from growing and the office
 * from reading it again.
 */
static void custody_drop_bundle(struct custody_run *run, int dirfd, const char *name)
{
	const char *tid = terminal_config(run->term)->terminal_id;
	size_t tid_len = strlen(tid), len = strlen(name);
	char bundle[256];
	struct stat st;
	int outbox;

	if (len >= sizeof(bundle) || strncmp(name, tid, tid_len) || name[tid_len] != '-')
		return;
	memcpy(bundle, name, len + 1);
	memcpy(bundle + len - 4, ".prb", 4);
	outbox = openat(dirfd, "../outbox", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (outbox < 0)
		return;
	if (fstatat(outbox, bundle, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	    unlinkat(outbox, bundle, 0) == 0)
		run->result->bundles_dropped++;
	close(outbox);
}

static void custody_apply(struct custody_run *run, int dirfd, const char *name,
			  struct receipt *receipt)
{
	struct error err = { "" };
	char count[24];
	long purged;

	if (spool_purge_named(terminal_spool(run->term), custody_named, receipt, &purged, &err) <
	    0) {
		run->result->purge_failed = 1;
		custody_say(run, "receipt %s: not applied, kept on the stick: %s", name, err.msg);
		return;
	}
	snprintf(count, sizeof(count), "%ld", purged);
	terminal_audit(run->term, purged ? "receipt-applied" : "receipt-replayed",
		       (const char *[]){ "file", name, "purged", count, NULL });
	run->result->purged += purged;
	if (purged)
		run->result->applied++;
	else
		run->result->replayed++;
	if (!purged)
		custody_say(run, "receipt %s: already applied or replayed; nothing to purge", name);
	/* Applied: the stick need not carry it on. If this fails it is a harmless replay later. */
	unlinkat(dirfd, name, 0);
	custody_drop_bundle(run, dirfd, name);
}

/* Checks and applies one stick file NAME in DIRFD. */
static void custody_receipt_file(struct custody_run *run, int dirfd, const char *name)
{
	const char *tid = terminal_config(run->term)->terminal_id;
	struct error err = { "" };
	struct receipt receipt;
	unsigned char *data;
	size_t len;

	if (custody_read(dirfd, name, &data, &len, &err) < 0 ||
	    receipt_verify(data, len, &run->collection, NULL, &receipt, &err) < 0) {
		run->result->rejected++;
		custody_say(run, "receipt %s: rejected, nothing changed: %s", name, err.msg);
		terminal_audit(run->term, "receipt-rejected",
			       (const char *[]){ "file", name, "reason", err.msg, NULL });
		custody_quarantine(run, dirfd, name);
		free(data);
		return;
	}
	free(data);
	if (strcmp(receipt.terminal_id, tid)) {
		run->result->foreign++;
		terminal_audit(
			run->term, "receipt-foreign",
			(const char *[]){ "file", name, "terminal", receipt.terminal_id, NULL });
	} else
		custody_apply(run, dirfd, name, &receipt);
	receipt_free(&receipt);
}

/* Every *.prr file in STICK/PRISMA/receipts, in name order. Problems are reported. */
static int custody_receipts(struct custody_run *run, const char *stick)
{
	struct dirent **names = NULL;
	char dir[4096];
	int n, fd, prisma;

	snprintf(dir, sizeof(dir), "%s/PRISMA/receipts", stick);
	/* PRISMA missing, or a link off the stick: nothing to read here (export refuses a link). */
	prisma = stick_open_dir(stick, "PRISMA", 0, &(struct error){ "" });
	if (prisma < 0)
		return 0;
	fd = openat(prisma, "receipts", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(prisma);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 || (n = scandirat(fd, ".", &names, NULL, alphasort)) < 0) {
		/* Reported, not fatal: a planted link must not stop the export. */
		run->result->rejected++;
		custody_say(run, "%s: cannot read directory (a link?): %s", dir, strerror(errno));
		terminal_audit(run->term, "stick-file-refused",
			       (const char *[]){ "reason", "receipts-folder-unreadable", NULL });
		if (fd >= 0)
			close(fd);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		if (strcmp(name, ".") && strcmp(name, "..")) {
			if (!custody_plain_name(name) || len < 5 ||
			    strcmp(name + len - 4, ".prr")) {
				run->result->rejected++;
				custody_say(run, "a file with an odd name in %s: ignored", dir);
				terminal_audit(run->term, "stick-file-refused",
					       (const char *[]){ "reason", "odd-name", NULL });
				custody_quarantine(run, fd, name);
			} else {
				custody_receipt_file(run, fd, name);
			}
		}
		free(names[i]);
	}
	free(names);
	close(fd);
	return 0;
}

static void custody_audit_summary(struct custody_run *run)
{
	const struct custody_result *r = run->result;
	char applied[24], rejected[24], replayed[24], foreign[24], purged[24];

	snprintf(applied, sizeof(applied), "%ld", r->applied);
	snprintf(replayed, sizeof(replayed), "%ld", r->replayed);
	snprintf(rejected, sizeof(rejected), "%ld", r->rejected);
	snprintf(foreign, sizeof(foreign), "%ld", r->foreign);
	snprintf(purged, sizeof(purged), "%ld", r->purged);
	terminal_audit(run->term, "purge",
		       (const char *[]){ "receipts_applied", applied, "replayed", replayed,
					 "rejected", rejected, "foreign", foreign, "requests",
					 purged, NULL });
}

int custody_collect(struct terminal *term, const char *stick, const struct export_options *options,
		    custody_report_fn report, void *ctx, struct custody_result *result,
		    struct error *err)
{
	struct custody_run run = { .term = term, .report = report, .ctx = ctx, .result = result };

	memset(result, 0, sizeof(*result));
	if (key_public_load(&run.collection, terminal_config(term)->collection_public_key_path,
			    KEY_ED25519, err) < 0)
		return -1;
	if (custody_receipts(&run, stick) < 0)
		return -1;
	custody_audit_summary(&run);
	/* Purged requests free capacity: count again. A failure here changes nothing. */
	if (run.result->purged) {
		struct terminal_health health;
		if (terminal_health(term, &health, &(struct error){ "" }) < 0)
			health.state = TERMINAL_READY;
	}
	return export_to_stick(term, stick, options, &result->export, err);
}
