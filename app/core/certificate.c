#include "core/certificate.h"
#include "core/config.h"
#include "core/wire.h"

#include <sodium.h>
#include <string.h>

#define CERTIFICATE_MAGIC   "PRSC"
#define CERTIFICATE_VERSION 1
#define CERTIFICATE_SIGNED  (CERTIFICATE_BYTES - crypto_sign_BYTES)

int certificate_issue(const struct key_public *terminal, uint64_t issued,
		      const struct key_secret *issuer, unsigned char out[CERTIFICATE_BYTES],
		      struct error *err)
{
	const struct key_public *ipub = key_secret_public(issuer);
	struct wire_writer w = { 0 };
	char padded[32] = { 0 };
	int rc = -1;

	if (terminal->kind != KEY_ED25519 || ipub->kind != KEY_ED25519) {
		error_set(err, "certificate: terminal and issuer keys must be ed25519");
		return -1;
	}
	if (!config_valid_terminal_id(terminal->name)) {
		error_set(err, "certificate: '%s' is not a valid terminal id", terminal->name);
		return -1;
	}
	memcpy(padded, terminal->name, strlen(terminal->name));
	wire_put_bytes(&w, CERTIFICATE_MAGIC, 4);
	wire_put_u8(&w, CERTIFICATE_VERSION);
	wire_put_bytes(&w, padded, sizeof(padded));
	wire_put_bytes(&w, terminal->public_key, 32);
	wire_put_u64(&w, issued);
	wire_put_bytes(&w, ipub->id, KEY_ID_BYTES);
	if (w.failed || w.len != CERTIFICATE_SIGNED) {
		error_set(err, "certificate: out of memory");
		goto end;
	}
	memcpy(out, w.data, CERTIFICATE_SIGNED);
	if (crypto_sign_detached(out + CERTIFICATE_SIGNED, NULL, out, CERTIFICATE_SIGNED,
				 key_secret_bytes(issuer)) != 0) {
		error_set(err, "certificate: cannot sign (libsodium failure)");
		goto end;
	}
	rc = 0;
end:
	wire_writer_free(&w);
	return rc;
}

int certificate_parse(const unsigned char *data, size_t len, struct certificate *cert,
		      struct error *err)
{
	struct wire_reader r = { .data = data, .len = len };
	const unsigned char *magic, *tid, *pk, *issuer;
	uint8_t version;

	memset(cert, 0, sizeof(*cert));
	if (len != CERTIFICATE_BYTES) {
		error_set(err, "certificate: %zu bytes, expected %d", len, CERTIFICATE_BYTES);
		return -1;
	}
	magic = wire_get_bytes(&r, 4);
	version = wire_get_u8(&r);
	tid = wire_get_bytes(&r, 32);
	pk = wire_get_bytes(&r, 32);
	cert->issued = wire_get_u64(&r);
	issuer = wire_get_bytes(&r, KEY_ID_BYTES);
	if (r.failed || memcmp(magic, CERTIFICATE_MAGIC, 4)) {
		error_set(err, "certificate: magic: not a Prisma terminal certificate");
		return -1;
	}
	if (version != CERTIFICATE_VERSION) {
		error_set(err, "certificate: version %u is not supported", version);
		return -1;
	}
	/* NUL padding only after the id: no hidden second id behind a NUL. */
	memcpy(cert->terminal_id, tid, 32);
	for (size_t i = strlen(cert->terminal_id); i < 32; i++) {
		if (tid[i]) {
			cert->terminal_id[0] = '\0';
			break;
		}
	}
	if (!config_valid_terminal_id(cert->terminal_id)) {
		cert->terminal_id[0] = '\0';
		error_set(err, "certificate: terminal id: malformed");
		return -1;
	}
	memcpy(cert->terminal_public, pk, 32);
	memcpy(cert->issuer_id, issuer, KEY_ID_BYTES);
	return 0;
}

int certificate_verify(const unsigned char *data, size_t len, const struct key_public *issuer,
		       struct certificate *cert, struct error *err)
{
	char id[2 * KEY_ID_BYTES + 1];

	if (certificate_parse(data, len, cert, err) < 0)
		return -1;
	if (issuer->kind != KEY_ED25519 || memcmp(cert->issuer_id, issuer->id, KEY_ID_BYTES)) {
		key_id_hex(cert->issuer_id, id);
		error_set(err, "certificate: issued by key %s, not by this office's collection key",
			  id);
		return -1;
	}
	if (crypto_sign_verify_detached(data + CERTIFICATE_SIGNED, data, CERTIFICATE_SIGNED,
					issuer->public_key) != 0) {
		error_set(err, "certificate: signature does not verify");
		return -1;
	}
	return 0;
}
