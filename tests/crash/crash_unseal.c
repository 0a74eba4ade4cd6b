/*
 * The crash harness's test fixture (tests/crash/common.sh).
 * Usage: crash_unseal x25519|ed25519 IN.key OUT.key
 *
 * Writes OUT.key (new, mode 0600): the office key IN.key, opened with
 * PRISMA_PASSPHRASE, stored without passphrase protection. Office keys cost
 * about a second of Argon2id each time they are opened, and the harness opens
 * the collection key at every import it kills; an unprotected copy, which
 * key_secret_load() reads as any other, keeps the 200 kills of `make test`
 * inside the programs' real work. Test worlds only, as the unit tests' keys.
 */
#include "core/keys.h"
#include "core/request.h"

#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* OBJ's sealed secret replaced by SECRET's bytes in the clear. 0 or -1. */
static int crash_unseal_json(json_t *obj, const struct key_secret *secret, size_t len)
{
	size_t b64_len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64_len);
	int rc = -1;

	if (!b64)
		return -1;
	sodium_bin2base64(b64, b64_len, key_secret_bytes(secret), len,
			  sodium_base64_VARIANT_ORIGINAL);
	json_object_del(obj, "salt");
	json_object_del(obj, "nonce");
	json_object_del(obj, "opslimit");
	json_object_del(obj, "memlimit");
	if (json_object_set_new(obj, "protection", json_string("none")) == 0 &&
	    json_object_set_new(obj, "secret", json_string(b64)) == 0)
		rc = 0;
	sodium_memzero(b64, b64_len);
	free(b64);
	return rc;
}

int main(int argc, char **argv)
{
	struct error err = { { 0 } };
	struct key_secret *secret = NULL;
	enum key_kind kind = argc == 4 && !strcmp(argv[1], "ed25519") ? KEY_ED25519 : KEY_X25519;
	json_t *obj = NULL;
	int fd = -1, rc = 1;

	if (argc != 4 || (strcmp(argv[1], "x25519") && strcmp(argv[1], "ed25519"))) {
		fprintf(stderr, "usage: crash_unseal x25519|ed25519 IN.key OUT.key\n");
		return 2;
	}
	if (core_init() < 0 ||
	    !(secret = key_secret_load(argv[2], kind, getenv("PRISMA_PASSPHRASE"), &err)) ||
	    !(obj = json_load_file(argv[2], 0, NULL)) ||
	    crash_unseal_json(obj, secret, kind == KEY_X25519 ? 32 : 64) < 0) {
		fprintf(stderr, "crash_unseal: %s: %s\n", argv[2],
			err.msg[0] ? err.msg : "cannot read");
		goto end;
	}
	fd = open(argv[3], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || json_dumpfd(obj, fd, JSON_INDENT(2)) != 0 || fsync(fd) != 0) {
		fprintf(stderr, "crash_unseal: %s: cannot write\n", argv[3]);
		goto end;
	}
	rc = 0;
end:
	if (fd >= 0)
		close(fd);
	json_decref(obj);
	key_secret_free(secret);
	return rc;
}
