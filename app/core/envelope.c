#include "core/envelope.h"
#include "core/config.h"
#include "core/wire.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ENVELOPE_MAGIC	 "PRSE"
#define ENVELOPE_VERSION 1
#define WRAP_BYTES	 (crypto_aead_xchacha20poly1305_ietf_KEYBYTES + crypto_box_SEALBYTES)

/* Positions inside an envelope, found by envelope_layout(). */
struct envelope_layout {
	struct envelope_info info;
	const unsigned char *nonce;
	const unsigned char *wraps; /* wrap_count * (KEY_ID_BYTES + WRAP_BYTES) */
	size_t ad_len;		    /* header bytes used as AEAD additional data */
	const unsigned char *ciphertext;
	size_t ciphertext_len;
	const unsigned char *signature;
};

static int envelope_layout(const unsigned char *env, size_t len, struct envelope_layout *lay,
			   struct error *err)
{
	struct wire_reader r = { .data = env, .len = len };
	const unsigned char *magic = wire_get_bytes(&r, 4), *tid;
	uint8_t version = wire_get_u8(&r), tid_len = wire_get_u8(&r);

	memset(lay, 0, sizeof(*lay));
	if (r.failed || memcmp(magic, ENVELOPE_MAGIC, 4)) {
		error_set(err, "envelope: magic: not a Prisma envelope");
		return -1;
	}
	if (version != ENVELOPE_VERSION) {
		error_set(err, "envelope: version: %u is not supported", version);
		return -1;
	}
	tid = wire_get_bytes(&r, tid_len);
	if (!tid || tid_len == 0 || tid_len > ENVELOPE_TERMINAL_ID_MAX) {
		error_set(err, "envelope: terminal id: malformed");
		return -1;
	}
	memcpy(lay->info.terminal_id, tid, tid_len);
	if (!config_valid_terminal_id(lay->info.terminal_id)) {
		lay->info.terminal_id[0] = '\0';
		error_set(err, "envelope: terminal id: malformed");
		return -1;
	}
	lay->info.counter = wire_get_u64(&r);
	lay->info.created = wire_get_u64(&r);
	lay->nonce = wire_get_bytes(&r, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	lay->info.wrap_count = wire_get_u8(&r);
	if (r.failed || lay->info.wrap_count == 0 || lay->info.wrap_count > ENVELOPE_MAX_WRAPS) {
		error_set(err, "envelope: wraps: malformed or none");
		return -1;
	}
	lay->wraps = wire_get_bytes(&r, lay->info.wrap_count * (KEY_ID_BYTES + WRAP_BYTES));
	lay->ciphertext_len = wire_get_u32(&r);
	lay->ad_len = r.pos;
	lay->ciphertext = wire_get_bytes(&r, lay->ciphertext_len);
	lay->info.signed_len = r.pos;
	lay->signature = wire_get_bytes(&r, crypto_sign_BYTES);
	if (r.failed || lay->ciphertext_len < crypto_aead_xchacha20poly1305_ietf_ABYTES ||
	    lay->ciphertext_len >
		    ENVELOPE_MAX_PAYLOAD + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
		error_set(err, "envelope: ciphertext: truncated or too large");
		return -1;
	}
	if (r.pos != len) {
		error_set(err, "envelope: %zu unexpected bytes after the signature", len - r.pos);
		return -1;
	}
	for (size_t i = 0; i < lay->info.wrap_count; i++)
		memcpy(lay->info.wrap_ids[i], lay->wraps + i * (KEY_ID_BYTES + WRAP_BYTES),
		       KEY_ID_BYTES);
	return 0;
}

/*
 * Writes the header (everything the AEAD authenticates) with one wrap per
 * recipient. Returns 0, or -1 when a recipient's key cannot seal (a point of
 * small order): then nobody could open the request, and it must not be stored.
 */
static int envelope_put_header(struct wire_writer *w, const char *terminal_id, uint64_t counter,
			       uint64_t created, const unsigned char *nonce,
			       const struct key_public *recipients, size_t count,
			       const unsigned char *data_key, size_t plain_len)
{
	unsigned char wrap[WRAP_BYTES];

	wire_put_bytes(w, ENVELOPE_MAGIC, 4);
	wire_put_u8(w, ENVELOPE_VERSION);
	wire_put_u8(w, (uint8_t)strlen(terminal_id));
	wire_put_bytes(w, terminal_id, strlen(terminal_id));
	wire_put_u64(w, counter);
	wire_put_u64(w, created);
	wire_put_bytes(w, nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	wire_put_u8(w, (uint8_t)count);
	for (size_t i = 0; i < count; i++) {
		if (crypto_box_seal(wrap, data_key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
				    recipients[i].public_key) != 0)
			return -1;
		wire_put_bytes(w, recipients[i].id, KEY_ID_BYTES);
		wire_put_bytes(w, wrap, sizeof(wrap));
	}
	wire_put_u32(w, (uint32_t)(plain_len + crypto_aead_xchacha20poly1305_ietf_ABYTES));
	return 0;
}

int envelope_seal(const char *terminal_id, uint64_t counter, uint64_t created,
		  const struct key_public *recipients, size_t recipient_count,
		  const unsigned char *plain, size_t plain_len, const struct key_secret *signer,
		  unsigned char **out, size_t *out_len, struct error *err)
{
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char *data_key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	unsigned char *ct = malloc(plain_len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	unsigned char sig[crypto_sign_BYTES];
	struct wire_writer w = { 0 };
	size_t ad_len;
	int rc = -1;

	*out = NULL;
	if (!config_valid_terminal_id(terminal_id) || recipient_count == 0 ||
	    recipient_count > ENVELOPE_MAX_WRAPS || plain_len > ENVELOPE_MAX_PAYLOAD) {
		error_set(err, "envelope: terminal id, recipients or payload size out of range");
		goto end_reported;
	}
	if (!data_key || !ct)
		goto end;
	crypto_aead_xchacha20poly1305_ietf_keygen(data_key);
	randombytes_buf(nonce, sizeof(nonce));
	if (envelope_put_header(&w, terminal_id, counter, created, nonce, recipients,
				recipient_count, data_key, plain_len) < 0) {
		error_set(err,
			  "envelope: cannot seal to a recipient's key (not a usable X25519 key)");
		goto end_reported;
	}
	ad_len = w.len;
	if (w.failed)
		goto end;
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, plain, plain_len, w.data, ad_len,
						       NULL, nonce, data_key) != 0)
		goto end;
	wire_put_bytes(&w, ct, plain_len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	if (w.failed)
		goto end;
	if (crypto_sign_detached(sig, NULL, w.data, w.len, key_secret_bytes(signer)) != 0)
		goto end;
	wire_put_bytes(&w, sig, sizeof(sig));
	if (w.failed)
		goto end;
	*out = w.data;
	*out_len = w.len;
	w.data = NULL;
	rc = 0;
end:
	if (rc < 0)
		error_set(err, "envelope: cannot seal (out of memory or a libsodium failure)");
end_reported:
	if (data_key)
		sodium_free(data_key);
	free(ct);
	wire_writer_free(&w);
	return rc;
}

int envelope_parse(const unsigned char *env, size_t len, struct envelope_info *info,
		   struct error *err)
{
	struct envelope_layout lay;

	if (envelope_layout(env, len, &lay, err) < 0)
		return -1;
	*info = lay.info;
	return 0;
}

int envelope_verify(const unsigned char *env, size_t len, const unsigned char *signer_public,
		    struct envelope_info *info, struct error *err)
{
	struct envelope_layout lay;

	if (envelope_layout(env, len, &lay, err) < 0)
		return -1;
	if (crypto_sign_verify_detached(lay.signature, env, lay.info.signed_len, signer_public)) {
		error_set(err, "envelope %s/%llu: signature: does not verify", lay.info.terminal_id,
			  (unsigned long long)lay.info.counter);
		return -1;
	}
	if (info)
		*info = lay.info;
	return 0;
}

int envelope_open(const unsigned char *env, size_t len, const struct key_secret *recipient,
		  unsigned char **plain, size_t *plain_len, struct error *err)
{
	const struct key_public *pub = key_secret_public(recipient);
	unsigned char *data_key = NULL, *out = NULL;
	const unsigned char *wrap = NULL;
	struct envelope_layout lay;
	unsigned long long got = 0;
	int rc = -1;

	*plain = NULL;
	if (envelope_layout(env, len, &lay, err) < 0)
		return -1;
	for (size_t i = 0; i < lay.info.wrap_count && !wrap; i++) {
		if (!memcmp(lay.info.wrap_ids[i], pub->id, KEY_ID_BYTES))
			wrap = lay.wraps + i * (KEY_ID_BYTES + WRAP_BYTES) + KEY_ID_BYTES;
	}
	if (!wrap)
		return 0;
	data_key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	out = sodium_malloc(lay.ciphertext_len + 1);
	if (!data_key || !out) {
		error_set(err, "envelope: out of memory");
		goto end;
	}
	if (crypto_box_seal_open(data_key, wrap, WRAP_BYTES, pub->public_key,
				 key_secret_bytes(recipient)) ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(out, &got, NULL, lay.ciphertext,
						       lay.ciphertext_len, env, lay.ad_len,
						       lay.nonce, data_key)) {
		error_set(err, "envelope %s/%llu: does not decrypt with key %s",
			  lay.info.terminal_id, (unsigned long long)lay.info.counter, pub->name);
		goto end;
	}
	out[got] = '\0';
	*plain = out;
	*plain_len = (size_t)got;
	out = NULL;
	rc = 1;
end:
	if (data_key)
		sodium_free(data_key);
	if (out)
		sodium_free(out);
	return rc;
}
