#include "core/bundle.h"
#include "core/config.h"
#include "core/wire.h"

#include <sodium.h>
#include <string.h>

#define BUNDLE_MAGIC   "PRSB"
#define BUNDLE_VERSION 4
/* What follows the envelopes apart from the previous certificates: their count, the
 * certificate, the signer's key, the signature. */
#define BUNDLE_TRAILER (1 + BUNDLE_CERT_BYTES + BUNDLE_SIGNER_BYTES + crypto_sign_BYTES)

static struct wire_writer *bundle_wire(struct bundle_writer *bw)
{
	return &bw->out;
}

int bundle_begin(struct bundle_writer *bw, const char *terminal_id, uint64_t created)
{
	struct wire_writer *w = bundle_wire(bw);

	memset(bw, 0, sizeof(*bw));
	wire_put_bytes(w, BUNDLE_MAGIC, 4);
	wire_put_u8(w, BUNDLE_VERSION);
	wire_put_u8(w, (uint8_t)strlen(terminal_id));
	wire_put_bytes(w, terminal_id, strlen(terminal_id));
	wire_put_u64(w, created);
	wire_put_u64(w, 0); /* next counter, filled in by bundle_finish */
	bw->count_pos = w->len;
	wire_put_u32(w, 0);
	return w->failed ? -1 : 0;
}

void bundle_set_next_counter(struct bundle_writer *bw, uint64_t next_counter)
{
	bw->next_counter = next_counter;
}

void bundle_set_certificate(struct bundle_writer *bw, const unsigned char *certificate)
{
	memcpy(bw->certificate, certificate, BUNDLE_CERT_BYTES);
}

int bundle_add_previous(struct bundle_writer *bw, const unsigned char *certificate)
{
	if (bw->previous_count >= BUNDLE_MAX_PREVIOUS)
		return -1;
	memcpy(bw->previous[bw->previous_count++], certificate, BUNDLE_CERT_BYTES);
	return 0;
}

int bundle_reserve(struct bundle_writer *bw, size_t total)
{
	return wire_reserve(bundle_wire(bw), total);
}

int bundle_add(struct bundle_writer *bw, const unsigned char *envelope, size_t len)
{
	struct wire_writer *w = bundle_wire(bw);

	if (bw->count >= BUNDLE_MAX_ENVELOPES || w->len + len + 4 > BUNDLE_MAX_BYTES)
		return -1;
	wire_put_u32(w, (uint32_t)len);
	wire_put_bytes(w, envelope, len);
	bw->count++;
	return w->failed ? -1 : 0;
}

int bundle_finish(struct bundle_writer *bw, const struct key_secret *signer)
{
	struct wire_writer *w = bundle_wire(bw);
	unsigned char sig[crypto_sign_BYTES];

	for (unsigned i = 0; i < bw->previous_count; i++)
		wire_put_bytes(w, bw->previous[i], BUNDLE_CERT_BYTES);
	wire_put_u8(w, (uint8_t)bw->previous_count);
	wire_put_bytes(w, bw->certificate, BUNDLE_CERT_BYTES);
	wire_put_bytes(w, key_secret_public(signer)->public_key, BUNDLE_SIGNER_BYTES);
	if (w->failed)
		return -1;
	for (int i = 0; i < 8; i++)
		w->data[bw->count_pos - 8 + i] = (unsigned char)(bw->next_counter >> (56 - 8 * i));
	w->data[bw->count_pos] = (unsigned char)(bw->count >> 24);
	w->data[bw->count_pos + 1] = (unsigned char)(bw->count >> 16);
	w->data[bw->count_pos + 2] = (unsigned char)(bw->count >> 8);
	w->data[bw->count_pos + 3] = (unsigned char)bw->count;
	if (crypto_sign_detached(sig, NULL, w->data, w->len, key_secret_bytes(signer)) != 0)
		return -1;
	wire_put_bytes(w, sig, sizeof(sig));
	return w->failed ? -1 : 0;
}

void bundle_writer_free(struct bundle_writer *bw)
{
	wire_writer_free(bundle_wire(bw));
	memset(bw, 0, sizeof(*bw));
}

/* Reads the header into INFO and leaves R at the first envelope. */
static int bundle_header(struct wire_reader *r, struct bundle_info *info, struct error *err)
{
	memset(info, 0, sizeof(*info));
	if (wire_get_head(r, BUNDLE_MAGIC, BUNDLE_VERSION, "bundle", info->terminal_id, err) < 0)
		return -1;
	info->created = wire_get_u64(r);
	info->next_counter = wire_get_u64(r);
	info->count = wire_get_u32(r);
	if (r->failed || info->count > BUNDLE_MAX_ENVELOPES) {
		error_set(err, "count: truncated or too large");
		return -1;
	}
	return 0;
}

int bundle_foreach(const unsigned char *data, size_t len, bundle_visit_fn fn, void *ctx,
		   struct error *err)
{
	struct wire_reader r = { .data = data, .len = len };
	struct bundle_info info;

	size_t previous;

	if (len < BUNDLE_TRAILER) {
		error_set(err, "truncated");
		return -1;
	}
	previous = data[len - BUNDLE_TRAILER];
	if (previous > BUNDLE_MAX_PREVIOUS || len - BUNDLE_TRAILER < previous * BUNDLE_CERT_BYTES) {
		error_set(err, "previous certificates: more than %d, or truncated",
			  BUNDLE_MAX_PREVIOUS);
		return -1;
	}
	r.len = len - BUNDLE_TRAILER - previous * BUNDLE_CERT_BYTES;
	if (bundle_header(&r, &info, err) < 0)
		return -1;
	for (uint32_t i = 0; i < info.count; i++) {
		uint32_t env_len = wire_get_u32(&r);
		const unsigned char *env = wire_get_bytes(&r, env_len);
		if (!env) {
			error_set(err, "envelope %u of %u: truncated", i + 1, info.count);
			return -1;
		}
		if (fn && fn(ctx, env, env_len) < 0)
			return -1;
	}
	if (r.pos != r.len) {
		error_set(err, "%zu unexpected bytes before the certificate", r.len - r.pos);
		return -1;
	}
	return 0;
}

int bundle_parse(const unsigned char *data, size_t len, struct bundle_info *info, struct error *err)
{
	struct wire_reader r = { .data = data, .len = len };

	if (bundle_header(&r, info, err) < 0 || bundle_foreach(data, len, NULL, NULL, err) < 0)
		return -1;
	memcpy(info->signer_public, data + len - crypto_sign_BYTES - BUNDLE_SIGNER_BYTES,
	       BUNDLE_SIGNER_BYTES);
	memcpy(info->certificate,
	       data + len - crypto_sign_BYTES - BUNDLE_SIGNER_BYTES - BUNDLE_CERT_BYTES,
	       BUNDLE_CERT_BYTES);
	info->has_certificate = !sodium_is_zero(info->certificate, BUNDLE_CERT_BYTES);
	info->previous_count = data[len - BUNDLE_TRAILER];
	for (unsigned i = 0; i < info->previous_count; i++)
		memcpy(info->previous[i],
		       data + len - BUNDLE_TRAILER -
			       (size_t)(info->previous_count - i) * BUNDLE_CERT_BYTES,
		       BUNDLE_CERT_BYTES);
	return 0;
}

int bundle_verify(const unsigned char *data, size_t len, const unsigned char *signer_public,
		  struct error *err)
{
	if (len < crypto_sign_BYTES ||
	    crypto_sign_verify_detached(data + len - crypto_sign_BYTES, data,
					len - crypto_sign_BYTES, signer_public)) {
		error_set(err, "signature: does not verify");
		return -1;
	}
	return 0;
}
