#include "collect/officekeys.h"
#include "core/certificate.h"
#include "core/fileio.h"
#include "core/keys.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The passphrase for a new key at PATH, checked for length; asked twice on a terminal. */
static char *officekeys_passphrase(const char *path, struct error *err)
{
	int from_env = getenv("PRISMA_PASSPHRASE") != NULL;
	char *pass = passphrase_get(path, err), *again = NULL;

	if (!pass)
		return NULL;
	if (strlen(pass) < OFFICEKEYS_PASSPHRASE_MIN) {
		error_set(err, "%s: passphrase: shorter than %d characters; nothing written", path,
			  OFFICEKEYS_PASSPHRASE_MIN);
		goto fail;
	}
	if (!from_env) {
		if (!(again = passphrase_get(path, err)))
			goto fail;
		if (strcmp(pass, again)) {
			error_set(err, "%s: the two passphrases differ; nothing written", path);
			goto fail;
		}
		passphrase_free(again);
	}
	return pass;
fail:
	passphrase_free(again);
	passphrase_free(pass);
	return NULL;
}

int officekeys_keygen(const char *kind, const char *name, const char *out, struct error *err)
{
	enum key_kind k = !strcmp(kind, "collection") ? KEY_ED25519 : KEY_X25519;
	char path[4096], fingerprint[KEY_FINGERPRINT_LEN], *pass;
	struct key_public pub;
	int rc;

	if (strcmp(kind, "collection") && strcmp(kind, "recipient")) {
		error_set(err, "keygen: --kind: '%s' is not recipient or collection", kind);
		return -1;
	}
	snprintf(path, sizeof(path), "%s.key", out);
	if (!(pass = officekeys_passphrase(path, err)))
		return -1;
	rc = key_generate(k, name, out, pass, err);
	passphrase_free(pass);
	snprintf(path, sizeof(path), "%s.pub", out);
	if (rc < 0 || key_public_load(&pub, path, k, err) < 0)
		return -1;
	key_fingerprint(pub.public_key, fingerprint);
	printf("%s key '%s' written to %s.key and %s.pub\nfingerprint: %s\n", kind, name, out, out,
	       fingerprint);
	return 0;
}

int officekeys_certify(const char *terminal_pub, const char *collection_key, const char *out,
		       struct error *err)
{
	unsigned char cert[CERTIFICATE_BYTES];
	char fingerprint[KEY_FINGERPRINT_LEN];
	struct key_secret *issuer = NULL;
	struct key_public terminal;
	int rc = -1;

	if (key_public_load(&terminal, terminal_pub, KEY_ED25519, err) < 0)
		return -1;
	issuer = key_secret_load_asking(collection_key, KEY_ED25519, err);
	if (!issuer || certificate_issue(&terminal, (uint64_t)time(NULL), issuer, cert, err) < 0 ||
	    fileio_write_new(out, cert, sizeof(cert), 0644, err) < 0)
		goto end;
	key_fingerprint(terminal.public_key, fingerprint);
	printf("terminal %s certified (key fingerprint %s) in %s\n", terminal.name, fingerprint,
	       out);
	rc = 0;
end:
	key_secret_free(issuer);
	return rc;
}
