#include "collect/receipts.h"
#include "core/bundle.h"
#include "core/stick.h"
#include "core/receipt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* <bundle name without .prb>.prr into OUT (the bundle's name passed the stick's name check). */
static void receipts_name(const char *bundle_path, char *out, size_t size)
{
	const char *name = strrchr(bundle_path, '/') ? strrchr(bundle_path, '/') + 1 : bundle_path;
	size_t len = strlen(name);

	if (len > 4 && !strcmp(name + len - 4, ".prb"))
		len -= 4;
	snprintf(out, size, "%.*s.prr", (int)len, name);
}

/*
 * Writes RECEIPT as NAME in STICK/PRISMA/receipts: both folders opened beneath
 * the stick without following links (core/stick.c), so nothing is written
 * outside it. An existing receipt of that name is left as it is. 0 or -1.
 */
static int receipts_put(const char *stick, const char *name, const unsigned char *receipt,
			size_t len, struct error *err)
{
	char where[4096];
	int dirfd = stick_open_dir(stick, "PRISMA/receipts", 1, err), rc;

	if (dirfd < 0)
		return -1;
	snprintf(where, sizeof(where), "%s/PRISMA/receipts", stick);
	rc = stick_write_new(dirfd, where, name, receipt, len, err);
	if (rc < 0 && strstr(err->msg, "already exists"))
		rc = 0;
	close(dirfd);
	return rc;
}

/* Writes the receipt for the envelopes of DATA the office holds. 0, or -1 with ERR. */
static int receipts_write(struct office *office, const unsigned char *data, size_t len,
			  const struct bundle_info *info, const char *bundle_path,
			  const char *stick, const struct key_secret *collection, long *named,
			  struct error *err)
{
	struct receipts_run run = { .office = office, .err = err };
	unsigned char *receipt = NULL;
	char name[256];
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
	receipts_name(bundle_path, name, sizeof(name));
	if (receipt_write(info->terminal_id, (uint64_t)time(NULL),
			  (const unsigned char(*)[RECEIPT_HASH_BYTES])run.hashes, run.count,
			  collection, &receipt, &receipt_len, err) < 0)
		goto end;
	if (receipts_put(stick, name, receipt, receipt_len, err) < 0)
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
