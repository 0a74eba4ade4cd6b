#include "admin/export.h"
#include "core/bundle.h"
#include "core/fileio.h"
#include "core/spool.h"
#include "core/stick.h"

#include <stdio.h>
#include <unistd.h>
#include <time.h>

struct export_ctx {
	struct bundle_writer bundle;
	uint64_t first, last;
	long count;
};

static int export_visit(void *user, uint64_t counter, const unsigned char *envelope, size_t len)
{
	struct export_ctx *ctx = user;

	if (bundle_add(&ctx->bundle, envelope, len) < 0)
		return -1;
	if (!ctx->count++)
		ctx->first = counter;
	ctx->last = counter;
	return 0;
}

int export_bundle(struct terminal *term, const char *dir, char *path, size_t path_size, long *count,
		  struct error *err)
{
	const char *tid = terminal_config(term)->terminal_id;
	struct export_ctx ctx = { 0 };
	char outbox[4096], stamp[32], name[256];
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1, dirfd = -1;

	path[0] = '\0';
	*count = 0;
	if (bundle_begin(&ctx.bundle, tid, (uint64_t)now) < 0) {
		error_set(err, "out of memory");
		goto end;
	}
	if (spool_foreach_pending(terminal_spool(term), export_visit, &ctx, err) < 0)
		goto end;
	if (ctx.count == 0) {
		rc = 0;
		goto end;
	}
	if (bundle_finish(&ctx.bundle, terminal_signer(term)) < 0) {
		error_set(err, "out of memory while building the bundle");
		goto end;
	}
	/* Nothing outside the stick folder: PRISMA/ and outbox/ must be real folders on it. */
	snprintf(outbox, sizeof(outbox), "%s/PRISMA/outbox", dir);
	if (fileio_mkdirs(dir, 0755, err) < 0 ||
	    (dirfd = stick_open_dir(dir, "PRISMA/outbox", 1, err)) < 0)
		goto end;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(name, sizeof(name), "%s-%s-%llu-%llu.prb", tid, stamp,
		 (unsigned long long)ctx.first, (unsigned long long)ctx.last);
	if (stick_write_new(dirfd, outbox, name, ctx.bundle.out.data, ctx.bundle.out.len, err) < 0)
		goto end;
	snprintf(path, path_size, "%s/%s", outbox, name);
	/* The bundle is safely on the stick; a failure to note it only means a re-export. */
	if (spool_mark_exported(terminal_spool(term), ctx.first, ctx.last, (uint64_t)now, err) < 0)
		fprintf(stderr, "prisma-admin: warning: %s\n", err->msg);
	*count = ctx.count;
	rc = 0;
end:
	if (dirfd >= 0)
		close(dirfd);
	bundle_writer_free(&ctx.bundle);
	return rc;
}
