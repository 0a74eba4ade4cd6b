#include "core/token.h"
#include "core/wire.h"

#include <sodium.h>
#include <string.h>

#define TOKEN_MAGIC   "PRST"
#define TOKEN_VERSION 1

int token_valid_serial(const char *serial)
{
	size_t len = strlen(serial);

	if (len == 0 || len > TOKEN_SERIAL_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)serial[i] < 0x21 || (unsigned char)serial[i] > 0x7e)
			return 0;
	return 1;
}

int token_issue(const char *serial, uint64_t issued, uint64_t expires,
		const struct key_secret *issuer, unsigned char *out, size_t *len, struct error *err)
{
	const struct key_public *ipub = key_secret_public(issuer);
	struct wire_writer w = { 0 };
	int rc = -1;

	if (ipub->kind != KEY_ED25519) {
		error_set(err, "token: the issuer must be the collection key (ed25519)");
		return -1;
	}
	if (!token_valid_serial(serial)) {
		error_set(err, "token: serial: 1 to %d printable characters without spaces",
			  TOKEN_SERIAL_MAX);
		return -1;
	}
	if (expires <= issued) {
		error_set(err, "token: expires: not after the day it is issued");
		return -1;
	}
	wire_put_bytes(&w, TOKEN_MAGIC, 4);
	wire_put_u8(&w, TOKEN_VERSION);
	wire_put_u8(&w, (uint8_t)strlen(serial));
	wire_put_bytes(&w, serial, strlen(serial));
	wire_put_u64(&w, issued);
	wire_put_u64(&w, expires);
	wire_put_bytes(&w, ipub->id, KEY_ID_BYTES);
	if (w.failed || w.len + crypto_sign_BYTES > TOKEN_MAX_BYTES) {
		error_set(err, "token: out of memory");
		goto end;
	}
	memcpy(out, w.data, w.len);
	if (crypto_sign_detached(out + w.len, NULL, out, w.len, key_secret_bytes(issuer)) != 0) {
		error_set(err, "token: cannot sign");
		goto end;
	}
	*len = w.len + crypto_sign_BYTES;
	rc = 0;
end:
	wire_writer_free(&w);
	return rc;
}

/* Reads the fields of DATA into TOKEN; *SIGNED gets the length the signature covers. */
static int token_parse(const unsigned char *data, size_t len, struct token *token,
		       size_t *signed_len, struct error *err)
{
	struct wire_reader r = { .data = data, .len = len };
	const unsigned char *magic, *serial, *issuer;
	uint8_t version, serial_len;

	if (len < TOKEN_MIN_BYTES || len > TOKEN_MAX_BYTES) {
		error_set(err, "token: %zu bytes, expected %d to %d", len, TOKEN_MIN_BYTES,
			  TOKEN_MAX_BYTES);
		return -1;
	}
	magic = wire_get_bytes(&r, 4);
	version = wire_get_u8(&r);
	if (r.failed || memcmp(magic, TOKEN_MAGIC, 4)) {
		error_set(err, "token: magic: not a Prisma stick token");
		return -1;
	}
	if (version != TOKEN_VERSION) {
		error_set(err, "token: version %u is not supported", version);
		return -1;
	}
	serial_len = wire_get_u8(&r);
	serial = wire_get_bytes(&r, serial_len);
	token->issued = wire_get_u64(&r);
	token->expires = wire_get_u64(&r);
	issuer = wire_get_bytes(&r, KEY_ID_BYTES);
	if (r.failed || serial_len == 0 || serial_len > TOKEN_SERIAL_MAX ||
	    r.pos + crypto_sign_BYTES != len) {
		error_set(err, "token: serial: length does not match the file");
		return -1;
	}
	memcpy(token->serial, serial, serial_len);
	token->serial[serial_len] = '\0';
	if (!token_valid_serial(token->serial)) {
		error_set(err, "token: serial: not printable");
		return -1;
	}
	memcpy(token->issuer_id, issuer, KEY_ID_BYTES);
	*signed_len = r.pos;
	return 0;
}

int token_verify(const unsigned char *data, size_t len, const struct key_public *issuer,
		 struct token *token, struct error *err)
{
	char id[2 * KEY_ID_BYTES + 1];
	size_t signed_len = 0;

	memset(token, 0, sizeof(*token));
	if (token_parse(data, len, token, &signed_len, err) < 0)
		goto fail;
	if (issuer->kind != KEY_ED25519 || memcmp(token->issuer_id, issuer->id, KEY_ID_BYTES)) {
		key_id_hex(token->issuer_id, id);
		error_set(err, "token: issued by key %s, not by the configured collection key", id);
		goto fail;
	}
	if (crypto_sign_verify_detached(data + signed_len, data, signed_len, issuer->public_key) !=
	    0) {
		error_set(err, "token: signature does not verify");
		goto fail;
	}
	if (token->expires <= token->issued) {
		error_set(err, "token: expires: before it was issued");
		goto fail;
	}
	return 0;
fail:
	memset(token, 0, sizeof(*token));
	return -1;
}

enum token_verdict token_check(const struct token *token, const char *serial, uint64_t now)
{
	if (strcmp(token->serial, serial))
		return TOKEN_WRONG_SERIAL;
	if (now >= token->expires)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}
