#include "admin/provision.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/fileio.h"
#include "core/keys.h"
#include "core/spool.h"
#include "core/terminal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Copies the public key file SRC (of KIND) to DIR/keys/NAME.pub; a secret key file is refused. */
static int provision_copy_public(const char *dir, const char *name, const char *src,
				 enum key_kind kind, struct error *err)
{
	struct key_public pub;
	unsigned char *data = NULL;
	char path[4096];
	size_t len;
	int rc = -1;

	if (key_public_load(&pub, src, kind, err) < 0 ||
	    fileio_read_all(src, 65536, &data, &len, err) < 0)
		return -1;
	if (memmem(data, len, "\"secret\"", 8)) {
		error_set(err, "%s: holds a secret key; a terminal gets public keys only", src);
		goto end;
	}
	snprintf(path, sizeof(path), "%s/keys/%s.pub", dir, name);
	rc = fileio_write_new(path, data, len, 0644, err);
end:
	free(data);
	return rc;
}

/* terminal.ini for ID with the recipients RECIPIENTS. 0, or -1 with ERR. */
static int provision_config(const char *dir, const char *id, const char *assets_dir,
			    const struct provision_recipient *recipients, size_t count,
			    const char *extra, struct error *err)
{
	char path[4096], line[256];
	size_t size = 0;
	FILE *f;
	char *text = NULL;
	int rc;

	if (!(f = open_memstream(&text, &size))) {
		error_set(err, "out of memory");
		return -1;
	}
	fprintf(f,
		"; Prisma Terminal configuration, made by `prisma-admin provision`.\n"
		"; Paths are relative to this file unless absolute. Public keys only.\n"
		"[terminal]\nid = %s\ndata_dir = spool\nkey = terminal.key\n"
		"certificate = terminal.cert\ncatalogue = %s/catalogue.ini\n"
		"languages = de,en\nidle_timeout = 120\n\n[recipients]\n",
		id, assets_dir);
	for (size_t i = 0; i < count; i++) {
		snprintf(line, sizeof(line), "%s = keys/%s.pub\n", recipients[i].name,
			 recipients[i].name);
		fputs(line, f);
	}
	fputs("\n[collection]\npublic_key = keys/collection.pub\n", f);
	/* Read aloud stays off until a technician names the headset's output (docs/kiosk.md). */
	fputs("\n; [speech]\n; audio = USB Headset Analog Stereo   ; the headset's SDL audio "
	      "output\n",
	      f);
	if (extra)
		fprintf(f, "\n%s", extra);
	if (fclose(f) != 0) {
		free(text);
		error_set(err, "out of memory");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/terminal.ini", dir);
	rc = fileio_write_new(path, text, size, 0644, err);
	free(text);
	return rc;
}

int provision_create(const char *dir, const char *id, const char *assets_dir,
		     const struct provision_recipient *recipients, size_t count,
		     const char *collection_public, const char *extra, struct error *err)
{
	char path[4096];
	struct spool *spool;

	if (!config_valid_terminal_id(id)) {
		error_set(err,
			  "--id: '%s' is not a terminal id (letters, digits, - _ ., at most 32)",
			  id);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/keys", dir);
	if (fileio_mkdirs(path, 0755, err) < 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (provision_copy_public(dir, recipients[i].name, recipients[i].public_key,
					  KEY_X25519, err) < 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/terminal", dir);
	if (provision_copy_public(dir, "collection", collection_public, KEY_ED25519, err) < 0 ||
	    key_generate(KEY_ED25519, id, path, NULL, err) < 0 ||
	    provision_config(dir, id, assets_dir, recipients, count, extra, err) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/spool", dir);
	if (fileio_mkdirs(path, 0700, err) < 0 || !(spool = spool_create(path, err)))
		return -1;
	/* The reference key, durable before the spool says it has one: the kiosk's first
	 * start then writes nothing (a spool from before the key is migrated at its open). */
	if (terminal_reference_key_create(path, err) < 0 ||
	    spool_record_reference_key(spool, err) < 0) {
		spool_close(spool);
		return -1;
	}
	spool_close(spool);
	return audit_key_create(path, err);
}
