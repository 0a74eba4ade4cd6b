#include "collect/receipts.h"
#include "core/bundle.h"
#include "core/fileio.h"
#include "core/receipt.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct receipts_run {
	struct office *office;
	unsigned char (*hashes)[RECEIPT_HASH_BYTES];
	size_t count;
	struct error *err;
};

/* Notes ENVELOPE's hash when the office stores it. */
static int receipts_visit(void *user, const unsigned char *envelope, size_t len)
{
	struct receipts_run *run = user;
	unsigned char hash[RECEIPT_HASH_BYTES];
	int stored;

	receipt_envelope_hash(envelope, len, hash);
	stored = office_has_envelope(run->office, hash, run->err);
	if (stored < 0)
		return -1;
	if (stored)
		memcpy(run->hashes[run->count++], hash, RECEIPT_HASH_BYTES);
	return 0;
}

/* STICK/PRISMA/receipts/<bundle name>.prr into OUT. 0, or -1 with ERR. */
static int receipts_path(const char *bundle_path, const char *stick, char *out, size_t size,
			 struct error *err)
{
	char *copy = strdup(bundle_path), *name, dir[4096];
	size_t len;

	if (!copy) {
		error_set(err, "out of memory");
		return -1;
	}
	name = basename(copy);
	len = strlen(name);
	if (len > 4 && !strcmp(name + len - 4, ".prb"))
		name[len - 4] = '\0';
	snprintf(dir, sizeof(dir), "%s/PRISMA/receipts", stick);
	snprintf(out, size, "%s/%s.prr", dir, name);
	free(copy);
	/* Nothing is written outside the stick's PRISMA/: neither folder may be a link. */
	for (int i = 0; i < 2; i++) {
		struct stat st;
		snprintf(dir, sizeof(dir), "%s/PRISMA%s", stick, i ? "/receipts" : "");
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			error_set(err, "%s: cannot create directory: %s", dir, strerror(errno));
			return -1;
		}
		if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			error_set(err, "%s: not a directory (a link?); no receipt written", dir);
			return -1;
		}
	}
	return 0;
}

/* Writes the receipt for the envelopes of DATA the office holds. 0, or -1 with ERR. */
static int receipts_write(struct office *office, const unsigned char *data, size_t len,
			  const struct bundle_info *info, const char *bundle_path,
			  const char *stick, const struct key_secret *collection, long *named,
			  struct error *err)
{
	struct receipts_run run = { .office = office, .err = err };
	unsigned char *receipt = NULL;
	char path[8192];
	size_t receipt_len;
	int rc = -1;

	if (info->count && !(run.hashes = malloc((size_t)info->count * RECEIPT_HASH_BYTES))) {
		error_set(err, "out of memory");
		goto end;
	}
	if (bundle_foreach(data, len, receipts_visit, &run, err) < 0)
		goto end;
	rc = 0;
	if (run.count == 0)
		goto end;
	rc = -1;
	if (receipts_path(bundle_path, stick, path, sizeof(path), err) < 0 ||
	    receipt_write(info->terminal_id, (uint64_t)time(NULL),
			  (const unsigned char(*)[RECEIPT_HASH_BYTES])run.hashes, run.count,
			  collection, &receipt, &receipt_len, err) < 0)
		goto end;
	if (fileio_write_new(path, receipt, receipt_len, 0644, err) < 0 &&
	    !strstr(err->msg, "already exists"))
		goto end;
	*named = (long)run.count;
	rc = 0;
end:
	free(run.hashes);
	free(receipt);
	return rc;
}

int receipts_write_for_bundle(struct office *office, const char *bundle_path,
			      const unsigned char *data, size_t len, const char *stick,
			      const struct key_secret *collection, long *named, struct error *err)
{
	struct bundle_info info;
	int rc = -1;

	*named = 0;
	if (bundle_parse(data, len, &info, err) < 0 ||
	    receipts_write(office, data, len, &info, bundle_path, stick, collection, named, err) <
		    0)
		goto end;
	rc = 0;
end:
	if (rc < 0)
		error_prefix(err, bundle_path);
	return rc;
}
