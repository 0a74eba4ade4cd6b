#include "core/import.h"
#include "core/bundle.h"
#include "core/escape.h"
#include "core/fileio.h"
#include "core/stick.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct import_ctx {
	struct office *office;
	const char *where; /* the folder, for messages */
	const struct import_hooks *hooks;
	struct import_report *report;
};

static void import_note(struct import_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void import_note(struct import_ctx *ctx, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (ctx->hooks->note)
		ctx->hooks->note(ctx->hooks->ctx, line);
}

/* Opens the folder holding the bundles; WHERE gets its name. A directory fd or -1. */
static int import_open_outbox(const char *stick, char *where, size_t size, struct error *err)
{
	int fd = stick_open_dir(stick, "PRISMA/outbox", 0, err);

	snprintf(where, size, "%s/PRISMA/outbox", stick);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	snprintf(where, size, "%s", stick);
	return stick_open_dir(stick, "", 0, err);
}

/* True when NAME is a bundle's temporary name, as export writes it: NAME.prb.tmp-XXXXXX. */
static int import_is_interrupted(const char *name)
{
	size_t len = fileio_temp_target(name, ".prb");
	char base[256];

	if (!len || len >= sizeof(base))
		return 0;
	memcpy(base, name, len); /* up to and with ".prb" */
	base[len] = '\0';
	return stick_name_ok(base, ".prb");
}

/* Imports the bundle NAME of the folder DIRFD; refusals are noted and counted. */
static void import_file(struct import_ctx *ctx, int dirfd, const char *name)
{
	long damaged_before = ctx->report->stored.damaged;
	struct key_public new_terminal;
	struct error err = { { 0 } };
	char shown[256], fingerprint[KEY_FINGERPRINT_LEN];
	unsigned char *data = NULL;
	size_t len;
	int rc;

	escape_copy(shown, sizeof(shown), name);
	if (import_is_interrupted(name)) {
		import_note(
			ctx,
			"%s/%s: left by an export that was cut off at the terminal; not read "
			"(its requests are still on the terminal, whose next export removes it)",
			ctx->where, shown);
		ctx->report->interrupted++;
		return;
	}
	if (!stick_name_ok(name, ".prb")) {
		import_note(ctx,
			    "%s/%s: not a bundle name (letters, digits, . _ -, ending .prb); "
			    "refused",
			    ctx->where, shown);
		ctx->report->refused_files++;
		return;
	}
	if (stick_read_file(dirfd, ctx->where, name, BUNDLE_MAX_BYTES, &data, &len, &err) < 0) {
		import_note(ctx, "%s", err.msg);
		ctx->report->refused_files++;
		return;
	}
	rc = office_import_bundle(ctx->office, data, len, &ctx->report->stored, &new_terminal,
				  &err);
	if (rc < 0) {
		import_note(ctx, "%s/%s: %s", ctx->where, shown, err.msg);
		ctx->report->rejected++;
	} else if (rc > 0) {
		key_fingerprint(new_terminal.public_key, fingerprint);
		import_note(ctx,
			    "%s/%s: quarantined: terminal '%s' with key %s is neither certified by "
			    "the collection key nor enrolled; nothing of it is listed",
			    ctx->where, shown, new_terminal.name, fingerprint);
		ctx->report->quarantined++;
	} else {
		ctx->report->bundles++;
		if (ctx->hooks->stored &&
		    ctx->hooks->stored(ctx->hooks->ctx, ctx->where, name, data, len, ctx->report,
				       damaged_before, &new_terminal) != 0)
			ctx->report->hook_problems++;
	}
	free(data);
}

int import_stick(struct office *office, const char *stick, const struct import_hooks *hooks,
		 struct import_report *report, struct error *err)
{
	struct import_ctx ctx = { .office = office, .hooks = hooks, .report = report };
	char where[4096], **names = NULL;
	size_t count = 0;
	int dirfd;

	memset(report, 0, sizeof(*report));
	if ((dirfd = import_open_outbox(stick, where, sizeof(where), err)) < 0)
		return -1;
	ctx.where = where;
	if (stick_list(dirfd, where, &names, &count, err) < 0) {
		close(dirfd);
		return -1;
	}
	for (size_t i = 0; i < count; i++)
		import_file(&ctx, dirfd, names[i]);
	stick_names_free(names, count);
	close(dirfd);
	return report->rejected || report->refused_files || report->quarantined ||
			       report->hook_problems
		       ? 1
		       : 0;
}
