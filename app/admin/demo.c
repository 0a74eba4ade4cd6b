#include "admin/demo.h"
#include "admin/provision.h"
#include "core/certificate.h"
#include "core/fileio.h"
#include "core/keys.h"

#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEMO_TERMINAL_ID "demo-wing-a-01"

static int demo_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* The office's keys in DIR/office, sealed with PASSPHRASE. */
static int demo_office_keys(const char *dir, const char *passphrase, struct error *err)
{
	static const struct {
		const char *name;
		enum key_kind kind;
	} keys[] = {
		{ "collection", KEY_ED25519 },
		{ "vpn", KEY_X25519 },
		{ "apro", KEY_X25519 },
	};
	char base[4096];

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(base, sizeof(base), "%s/office/%s", dir, keys[i].name);
		if (key_generate(keys[i].kind, keys[i].name, base, passphrase, err) < 0)
			return -1;
	}
	return 0;
}

/* The office certifies the terminal's key: DIR/terminal/terminal.cert. 0, or -1 with ERR. */
static int demo_certify(const char *dir, const char *passphrase, struct error *err)
{
	unsigned char cert[CERTIFICATE_BYTES];
	struct key_secret *collection;
	struct key_public terminal;
	char path[4096];
	int rc = -1;

	snprintf(path, sizeof(path), "%s/office/collection.key", dir);
	if (!(collection = key_secret_load(path, KEY_ED25519, passphrase, err)))
		return -1;
	snprintf(path, sizeof(path), "%s/terminal/terminal.pub", dir);
	if (key_public_load(&terminal, path, KEY_ED25519, err) < 0 ||
	    certificate_issue(&terminal, (uint64_t)time(NULL), collection, cert, err) < 0)
		goto end;
	snprintf(path, sizeof(path), "%s/terminal/terminal.cert", dir);
	rc = fileio_write_new(path, cert, sizeof(cert), 0644, err);
end:
	key_secret_free(collection);
	return rc;
}

/*
 * Fills the fresh directory TMP: the office (keys) and, apart from it, the
 * terminal, provisioned from the office's public keys and certified.
 */
static int demo_fill(const char *tmp, const char *assets_dir, const char *passphrase,
		     const char *id, struct error *err)
{
	/* The demo takes requests in a row; a wing terminal keeps the defaults. */
	static const char limits[] = "; The demo takes requests in a row; a wing terminal keeps "
				     "the defaults\n"
				     "; (min_interval = 30, per_hour = 20).\n"
				     "[limits]\nmin_interval = 0\nper_hour = 1000\n"
				     "spool_capacity = 5000\ncapacity_warning = 80\n";
	char path[4096], vpn[4096], apro[4096], collection[4096];
	struct provision_recipient recipients[2] = { { "vpn", vpn }, { "apro", apro } };

	snprintf(path, sizeof(path), "%s/office", tmp);
	if (fileio_mkdirs(path, 0700, err) < 0 || demo_office_keys(tmp, passphrase, err) < 0)
		return -1;
	snprintf(vpn, sizeof(vpn), "%s/office/vpn.pub", tmp);
	snprintf(apro, sizeof(apro), "%s/office/apro.pub", tmp);
	snprintf(collection, sizeof(collection), "%s/office/collection.pub", tmp);
	snprintf(path, sizeof(path), "%s/terminal", tmp);
	if (provision_create(path, id, assets_dir, recipients, 2, collection, limits, err) < 0)
		return -1;
	return demo_certify(tmp, passphrase, err);
}

int demo_create(const char *dir, const char *assets_dir, const char *passphrase, const char *id,
		struct error *err)
{
	char tmp[4096], catalogue[4096];
	struct stat st;

	if (strlen(dir) > 3000 || strlen(assets_dir) > 3000) {
		error_set(err, "%s: path too long", strlen(dir) > 3000 ? dir : assets_dir);
		return -1;
	}
	snprintf(catalogue, sizeof(catalogue), "%s/catalogue.ini", assets_dir);
	if (access(catalogue, R_OK) != 0) {
		error_set(err, "%s: cannot read the catalogue: %s", catalogue, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) == 0 && rmdir(dir) != 0) {
		error_set(err, "%s: already exists and is not empty; not overwritten", dir);
		return -1;
	}
	/* The folder it goes into is made when missing (mkdir -p), as --screenshot-dir is. */
	snprintf(tmp, sizeof(tmp), "%s", dir);
	if (fileio_mkdirs(dirname(tmp), 0755, err) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		error_set(err, "%s: cannot create: %s", tmp, strerror(errno));
		return -1;
	}
	if (demo_fill(tmp, assets_dir, passphrase, id ? id : DEMO_TERMINAL_ID, err) < 0)
		goto fail;
	if (rename(tmp, dir) != 0) {
		error_set(err, "%s: cannot move into place: %s", dir, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	nftw(tmp, demo_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return -1;
}
