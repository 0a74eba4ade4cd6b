#include "core/receipt.h"
#include "core/config.h"
#include "core/wire.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define RECEIPT_MAGIC	"PRSR"
#define RECEIPT_VERSION 1

void receipt_envelope_hash(const unsigned char *envelope, size_t len, unsigned char *hash)
{
	crypto_generichash(hash, RECEIPT_HASH_BYTES, envelope, len, NULL, 0);
}

static int receipt_hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, RECEIPT_HASH_BYTES);
}

/* Sorted copy of HASHES without repeats; *UNIQUE gets the count. NULL when out of memory. */
static unsigned char (*receipt_sorted(const unsigned char (*hashes)[RECEIPT_HASH_BYTES],
				      size_t count, size_t *unique))[RECEIPT_HASH_BYTES]
{
	unsigned char(*sorted)[RECEIPT_HASH_BYTES] = malloc(count * RECEIPT_HASH_BYTES);
	size_t n = 0;

	if (!sorted)
		return NULL;
	memcpy(sorted, hashes, count * RECEIPT_HASH_BYTES);
	qsort(sorted, count, RECEIPT_HASH_BYTES, receipt_hash_cmp);
	for (size_t i = 0; i < count; i++)
		if (n == 0 || memcmp(sorted[n - 1], sorted[i], RECEIPT_HASH_BYTES))
			memmove(sorted[n++], sorted[i], RECEIPT_HASH_BYTES);
	*unique = n;
	return sorted;
}

/* What receipt_write needs before it starts. 0, or -1 with ERR. */
static int receipt_check_args(const char *terminal_id, const struct key_public *pub, size_t count,
			      struct error *err)
{
	if (!config_valid_terminal_id(terminal_id) || pub->kind != KEY_ED25519) {
		error_set(err, "receipt: %s",
			  pub->kind != KEY_ED25519 ? "collection key: not Ed25519"
						   : "terminal id: malformed");
		return -1;
	}
	if (count == 0 || count > RECEIPT_MAX_HASHES) {
		error_set(err, "receipt: %zu envelope hashes (1..%d allowed)", count,
			  RECEIPT_MAX_HASHES);
		return -1;
	}
	return 0;
}

int receipt_write(const char *terminal_id, uint64_t issued,
		  const unsigned char (*hashes)[RECEIPT_HASH_BYTES], size_t count,
		  const struct key_secret *collection, unsigned char **out, size_t *out_len,
		  struct error *err)
{
	const struct key_public *pub = key_secret_public(collection);
	unsigned char(*sorted)[RECEIPT_HASH_BYTES] = NULL;
	unsigned char sig[crypto_sign_BYTES];
	struct wire_writer w = { 0 };
	size_t unique = 0;
	int rc = -1;

	*out = NULL;
	if (receipt_check_args(terminal_id, pub, count, err) < 0)
		return -1;
	if (!(sorted = receipt_sorted(hashes, count, &unique)))
		goto oom;
	wire_put_bytes(&w, RECEIPT_MAGIC, 4);
	wire_put_u8(&w, RECEIPT_VERSION);
	wire_put_u8(&w, (uint8_t)strlen(terminal_id));
	wire_put_bytes(&w, terminal_id, strlen(terminal_id));
	wire_put_u64(&w, issued);
	wire_put_bytes(&w, pub->id, KEY_ID_BYTES);
	wire_put_u32(&w, (uint32_t)unique);
	wire_put_bytes(&w, sorted, unique * RECEIPT_HASH_BYTES);
	if (w.failed)
		goto oom;
	if (crypto_sign_detached(sig, NULL, w.data, w.len, key_secret_bytes(collection)) != 0) {
		error_set(err, "receipt: cannot sign");
		goto end;
	}
	wire_put_bytes(&w, sig, sizeof(sig));
	if (w.failed)
		goto oom;
	*out = w.data;
	*out_len = w.len;
	w.data = NULL;
	rc = 0;
	goto end;
oom:
	error_set(err, "receipt: out of memory");
end:
	free(sorted);
	wire_writer_free(&w);
	return rc;
}

/* Reads the fields before the hashes into RECEIPT. 0, or -1 with ERR. */
static int receipt_header(struct wire_reader *r, struct receipt *receipt, struct error *err)
{
	const unsigned char *key_id;
	uint32_t count;

	if (wire_get_head(r, RECEIPT_MAGIC, RECEIPT_VERSION, "custody receipt",
			  receipt->terminal_id, err) < 0)
		return -1;
	receipt->issued = wire_get_u64(r);
	key_id = wire_get_bytes(r, KEY_ID_BYTES);
	count = wire_get_u32(r);
	if (r->failed) {
		error_set(err, "truncated");
		return -1;
	}
	memcpy(receipt->key_id, key_id, KEY_ID_BYTES);
	if (count == 0 || count > RECEIPT_MAX_HASHES ||
	    (size_t)count * RECEIPT_HASH_BYTES != r->len - r->pos) {
		error_set(err, "count: %u does not match the receipt's size", count);
		return -1;
	}
	receipt->count = count;
	return 0;
}

/* Structure and order of DATA (signature excluded) into RECEIPT. 0, or -1 with ERR. */
static int receipt_parse(const unsigned char *data, size_t len, struct receipt *receipt,
			 struct error *err)
{
	struct wire_reader r = { .data = data, .len = len - crypto_sign_BYTES };
	const unsigned char *hashes;

	if (receipt_header(&r, receipt, err) < 0)
		return -1;
	hashes = wire_get_bytes(&r, receipt->count * RECEIPT_HASH_BYTES);
	for (size_t i = 1; i < receipt->count; i++) {
		if (memcmp(hashes + (i - 1) * RECEIPT_HASH_BYTES, hashes + i * RECEIPT_HASH_BYTES,
			   RECEIPT_HASH_BYTES) >= 0) {
			error_set(err, "hashes: not in strictly increasing order at %zu", i + 1);
			return -1;
		}
	}
	receipt->hashes = malloc(receipt->count * RECEIPT_HASH_BYTES);
	if (!receipt->hashes) {
		error_set(err, "out of memory");
		return -1;
	}
	memcpy(receipt->hashes, hashes, receipt->count * RECEIPT_HASH_BYTES);
	return 0;
}

int receipt_verify(const unsigned char *data, size_t len, const struct key_public *collection,
		   const char *terminal_id, struct receipt *receipt, struct error *err)
{
	memset(receipt, 0, sizeof(*receipt));
	if (len < crypto_sign_BYTES + 4) {
		error_set(err, "truncated");
		return -1;
	}
	if (receipt_parse(data, len, receipt, err) < 0)
		goto fail;
	if (memcmp(receipt->key_id, collection->id, KEY_ID_BYTES)) {
		error_set(err, "collection key id: not the configured collection key");
		goto fail;
	}
	if (crypto_sign_verify_detached(data + len - crypto_sign_BYTES, data,
					len - crypto_sign_BYTES, collection->public_key) != 0) {
		error_set(err, "signature: does not verify with the collection key");
		goto fail;
	}
	if (terminal_id && strcmp(receipt->terminal_id, terminal_id)) {
		error_set(err, "terminal id: issued to '%s', not to this terminal",
			  receipt->terminal_id);
		goto fail;
	}
	return 0;
fail:
	receipt_free(receipt);
	return -1;
}

int receipt_names(const struct receipt *receipt, const unsigned char *hash)
{
	return receipt->count && bsearch(hash, receipt->hashes, receipt->count, RECEIPT_HASH_BYTES,
					 receipt_hash_cmp) != NULL;
}

void receipt_free(struct receipt *receipt)
{
	free(receipt->hashes);
	memset(receipt, 0, sizeof(*receipt));
}
