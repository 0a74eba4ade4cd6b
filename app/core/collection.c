#include "core/collection.h"
#include "core/stick.h"
#include "core/token.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const collection_names[COLLECTION_STATUS_COUNT] = {
	"EXPORT_OK",	 "RECEIPTS_APPLIED", "NOT_AUTHORIZED", "TOKEN_EXPIRED",	 "MULTIPLE_DEVICES",
	"MOUNT_TIMEOUT", "DISK_FULL",	     "WRITE_ERROR",    "DEVICE_REMOVED", "CLEANUP_ERROR",
};

const char *collection_status_name(enum collection_status status)
{
	return (unsigned)status < COLLECTION_STATUS_COUNT ? collection_names[status] : "UNKNOWN";
}

int collection_status_parse(const char *name, enum collection_status *status)
{
	for (int i = 0; i < COLLECTION_STATUS_COUNT; i++)
		if (!strcmp(name, collection_names[i])) {
			*status = (enum collection_status)i;
			return 0;
		}
	return -1;
}

int collection_status_ok(enum collection_status status)
{
	return status == COLLECTION_EXPORT_OK || status == COLLECTION_RECEIPTS_APPLIED;
}

static enum collection_status collection_fail(struct collection_outcome *outcome,
					      enum collection_status status, const char *why)
{
	outcome->status = status;
	snprintf(outcome->detail, sizeof(outcome->detail), "%s", why);
	return status;
}

/*
 * Reads and checks STICK/PRISMA/token for the stick with SERIAL: a regular
 * file of at most TOKEN_MAX_BYTES, never through a link, signed by the
 * configured collection key. Returns -1 when the stick may collect, else the
 * status (outcome filled).
 */
static int collection_token(struct terminal *term, const struct collection_request *req,
			    uint64_t now, struct collection_outcome *outcome)
{
	struct error err = { "" };
	struct key_public collection;
	struct token token;
	unsigned char *data = NULL;
	size_t len = 0;
	int dirfd, rc = COLLECTION_NOT_AUTHORIZED;

	if (key_public_load(&collection, terminal_config(term)->collection_public_key_path,
			    KEY_ED25519, &err) < 0)
		return collection_fail(outcome, rc, err.msg);
	dirfd = stick_open_dir(req->stick, "PRISMA", 0, &err);
	if (dirfd < 0)
		return collection_fail(outcome, rc,
				       "no PRISMA folder on the stick (not a token stick)");
	if (stick_read_file(dirfd, "PRISMA", TOKEN_FILE, TOKEN_MAX_BYTES, &data, &len, &err) < 0 ||
	    token_verify(data, len, &collection, &token, &err) < 0) {
		collection_fail(outcome, rc, err.msg);
		goto end;
	}
	switch (token_check(&token, req->serial, now)) {
	case TOKEN_WRONG_SERIAL:
		collection_fail(outcome, rc, "token: issued for another stick (serial)");
		break;
	case TOKEN_EXPIRED:
		rc = collection_fail(outcome, COLLECTION_TOKEN_EXPIRED, "token: expired");
		break;
	case TOKEN_OK: rc = -1; break;
	}
end:
	free(data);
	close(dirfd);
	return rc;
}

/* True when MSG carries the text of one of the errnos in LIST (ending in 0). */
static int collection_msg_has(const char *msg, const int *list)
{
	for (; *list; list++)
		if (strstr(msg, strerror(*list)))
			return 1;
	return 0;
}

/* Why the round failed: the stick pulled, full, or refusing writes. BEFORE is the stick
 * folder's identity when the round began (st_ino 0: it did not exist yet). */
static enum collection_status collection_classify(const struct collection_request *req,
						  const struct stat *before, const char *msg)
{
	static const int gone[] = { ENOTCONN, ENODEV, ENXIO, ESHUTDOWN, 0 };
	static const int full[] = { ENOSPC, EDQUOT, EFBIG, 0 };
	struct stat now;

	if (req->present && !req->present(req->present_ctx))
		return COLLECTION_DEVICE_REMOVED;
	/* Gone, or another file system now: pulled. Still there but failing (EIO): broken. */
	if (before->st_ino && stat(req->stick, &now) != 0 && errno != EIO)
		return COLLECTION_DEVICE_REMOVED;
	if (before->st_ino && stat(req->stick, &now) == 0 &&
	    (now.st_dev != before->st_dev || now.st_ino != before->st_ino))
		return COLLECTION_DEVICE_REMOVED;
	if (collection_msg_has(msg, gone))
		return COLLECTION_DEVICE_REMOVED;
	if (collection_msg_has(msg, full))
		return COLLECTION_DISK_FULL;
	return COLLECTION_WRITE_ERROR;
}

/* True when NAME is TID-YYYYMMDDTHHMMSSZ-..., a bundle or receipt name of this terminal. */
static int collection_ours(const char *name, const char *tid)
{
	size_t n = strlen(tid);

	return !strncmp(name, tid, n) && name[n] == '-' &&
	       strspn(name + n + 1, "0123456789") == 8 && name[n + 9] == 'T';
}

/* What this terminal left in STICK/REL that a tidy round removes: names containing MARK. */
static long collection_leftovers(const char *stick, const char *rel, const char *tid,
				 const char *mark)
{
	struct error err = { "" };
	char **names = NULL;
	size_t count = 0;
	long left = 0;
	int dirfd = stick_open_dir(stick, rel, 0, &err);

	if (dirfd < 0)
		return 0;
	if (stick_list(dirfd, rel, &names, &count, &err) < 0)
		left = 1;
	for (size_t i = 0; i < count; i++)
		if (collection_ours(names[i], tid) && strstr(names[i], mark))
			left++;
	stick_names_free(names, count);
	close(dirfd);
	return left;
}

/* One "collection" line in the audit log: the status and, for a round, its counts. */
static void collection_audit_outcome(struct terminal *term, const struct collection_outcome *o)
{
	char exported[24], bundles[24], purged[24], rejected[24];

	snprintf(exported, sizeof(exported), "%ld", o->custody.export.exported);
	snprintf(bundles, sizeof(bundles), "%ld", o->custody.export.bundles);
	snprintf(purged, sizeof(purged), "%ld", o->custody.purged);
	snprintf(rejected, sizeof(rejected), "%ld", o->custody.rejected);
	/* Why a round failed, e.g. which stick file was refused (the value is escaped). */
	terminal_audit(term, "collection",
		       (const char *[]){ "status", collection_status_name(o->status), "exported",
					 exported, "bundles", bundles, "purged", purged, "rejected",
					 rejected, o->detail[0] ? "detail" : NULL, o->detail,
					 NULL });
}

void collection_audit(struct terminal *term, enum collection_status status, const char *detail)
{
	terminal_audit(term, "collection",
		       (const char *[]){ "status", collection_status_name(status), "detail",
					 detail ? detail : "-", NULL });
}

/* After a complete export: is anything of ours left that the round should have removed? */
static enum collection_status collection_tidy(struct terminal *term,
					      const struct collection_request *req,
					      struct collection_outcome *outcome)
{
	const char *tid = terminal_config(term)->terminal_id;
	const struct custody_result *c = &outcome->custody;

	if (c->purge_failed)
		return collection_fail(outcome, COLLECTION_CLEANUP_ERROR,
				       "a receipt could not be applied; it stays on the stick");
	if (collection_leftovers(req->stick, "PRISMA/outbox", tid, ".prb.tmp-") ||
	    collection_leftovers(req->stick, "PRISMA/receipts", tid, ".prr"))
		return collection_fail(outcome, COLLECTION_CLEANUP_ERROR,
				       "temporary files or applied receipts could not be removed");
	outcome->status = c->export.exported || !c->purged ? COLLECTION_EXPORT_OK
							   : COLLECTION_RECEIPTS_APPLIED;
	return outcome->status;
}

enum collection_status collection_run(struct terminal *term, const struct collection_request *req,
				      struct collection_outcome *outcome)
{
	struct export_options options = { 0 };
	struct error err = { "" };
	struct stat before;
	uint64_t now = req->now ? req->now : (uint64_t)time(NULL);

	memset(outcome, 0, sizeof(*outcome));
	if (req->export)
		options = *req->export;
	if (!options.now)
		options.now = now;
	/* At the shell the operator may name a new folder, which export makes; a stick is
	 * mounted before the kiosk collects. */
	if (stat(req->stick, &before) != 0 || !S_ISDIR(before.st_mode))
		memset(&before, 0, sizeof(before));
	/* Nothing is written beside the stick once it is pulled (its mount point stays). */
	options.stick_dev = before.st_dev;
	options.stick_ino = before.st_ino;
	if (req->serial && !before.st_ino)
		collection_fail(outcome, COLLECTION_DEVICE_REMOVED, "the stick's folder is gone");
	else if (req->serial && collection_token(term, req, now, outcome) >= 0)
		; /* outcome filled */
	else if (custody_collect(term, req->stick, &options, req->report, req->report_ctx,
				 &outcome->custody, &err) < 0)
		collection_fail(outcome, collection_classify(req, &before, err.msg), err.msg);
	else
		collection_tidy(term, req, outcome);
	collection_audit_outcome(term, outcome);
	return outcome->status;
}
