#include "admin/demo.h"
#include "core/fileio.h"
#include "core/keys.h"
#include "core/spool.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEMO_TERMINAL_ID "demo-wing-a-01"

static int demo_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int demo_keys(const char *dir, const char *passphrase, struct error *err)
{
	static const struct {
		const char *name;
		enum key_kind kind;
		int office; /* office keys are passphrase-protected */
	} keys[] = {
		{ "office/collection", KEY_ED25519, 1 },
		{ "office/vpn", KEY_X25519, 1 },
		{ "office/apro", KEY_X25519, 1 },
		{ "terminal", KEY_ED25519, 0 },
	};
	char base[4096];

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *name = strrchr(keys[i].name, '/') ? strrchr(keys[i].name, '/') + 1
							      : DEMO_TERMINAL_ID;
		snprintf(base, sizeof(base), "%s/%s", dir, keys[i].name);
		if (key_generate(keys[i].kind, name, base, keys[i].office ? passphrase : NULL,
				 err) < 0)
			return -1;
	}
	return 0;
}

static int demo_config(const char *dir, const char *assets_dir, struct error *err)
{
	char path[4096], *text = NULL;
	int rc, len;

	len = asprintf(&text,
		       "; Prisma Terminal demo configuration, made by `prisma-admin demo`.\n"
		       "; Paths are relative to this file unless absolute.\n"
		       "[terminal]\n"
		       "id = %s\n"
		       "data_dir = spool\n"
		       "key = terminal.key\n"
		       "catalogue = %s/catalogue.ini\n"
		       "languages = de,en\n"
		       "idle_timeout = 120\n"
		       "\n"
		       "[recipients]\n"
		       "vpn = office/vpn.pub\n"
		       "apro = office/apro.pub\n"
		       "\n"
		       "[collection]\n"
		       "public_key = office/collection.pub\n"
		       "\n"
		       "; The demo takes requests in a row; a wing terminal keeps the defaults\n"
		       "; (min_interval = 30, per_hour = 20).\n"
		       "[limits]\n"
		       "min_interval = 0\n"
		       "per_hour = 1000\n"
		       "spool_capacity = 5000\n"
		       "capacity_warning = 80\n",
		       DEMO_TERMINAL_ID, assets_dir);
	if (len < 0) {
		error_set(err, "out of memory");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/terminal.ini", dir);
	rc = fileio_write_new(path, text, (size_t)len, 0644, err);
	free(text);
	return rc;
}

/* Fills the fresh directory TMP with the whole world. */
static int demo_fill(const char *tmp, const char *assets_dir, const char *passphrase,
		     struct error *err)
{
	char path[4096];
	struct spool *spool;

	snprintf(path, sizeof(path), "%s/office", tmp);
	if (fileio_mkdirs(path, 0700, err) < 0 || demo_keys(tmp, passphrase, err) < 0 ||
	    demo_config(tmp, assets_dir, err) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/spool", tmp);
	if (fileio_mkdirs(path, 0700, err) < 0)
		return -1;
	spool = spool_create(path, err);
	if (!spool)
		return -1;
	spool_close(spool);
	return 0;
}

int demo_create(const char *dir, const char *assets_dir, const char *passphrase, struct error *err)
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
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		error_set(err, "%s: cannot create: %s", tmp, strerror(errno));
		return -1;
	}
	if (demo_fill(tmp, assets_dir, passphrase, err) < 0)
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
