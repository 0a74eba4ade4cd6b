#include "core/envelope.h"
#include "core/config.h"
#include "core/wire.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ENVELOPE_MAGIC "PRSE"
#define KEY_BYTES      crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define CT_BYTES       (ENVELOPE_PADDED + crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* Offsets inside an envelope whose terminal id is TID_LEN bytes long. */
struct envelope_layout {
	size_t slots, nonce, ciphertext, signature, total;
};

static void envelope_offsets(size_t tid_len, struct envelope_layout *lay)
{
	lay->slots = 6 + tid_len + 8;
	lay->nonce = lay->slots + ENVELOPE_SLOTS * ENVELOPE_SLOT_BYTES;
	lay->ciphertext = lay->nonce + NONCE_BYTES;
	lay->signature = lay->ciphertext + CT_BYTES;
	lay->total = lay->signature + crypto_sign_BYTES;
}

static int envelope_layout(const unsigned char *env, size_t len, struct envelope_info *info,
			   struct envelope_layout *lay, struct error *err)
{
	struct wire_reader r = { .data = env, .len = len };

	memset(info, 0, sizeof(*info));
	if (wire_get_head(&r, ENVELOPE_MAGIC, ENVELOPE_VERSION, "envelope", info->terminal_id,
			  err) < 0) {
		error_prefix(err, "envelope");
		return -1;
	}
	info->counter = wire_get_u64(&r);
	envelope_offsets(strlen(info->terminal_id), lay);
	if (r.failed || len != lay->total) {
		error_set(err, "envelope: length: %zu bytes, not the %zu of every envelope of '%s'",
			  len, lay->total, info->terminal_id);
		return -1;
	}
	info->signed_len = lay->signature;
	return 0;
}

/*
 * Fills a slot nobody can open: a random curve point (as a sealed box's) and
 * random bytes. 0, or -1 if libsodium fails (a zero point: not in practice).
 */
static int envelope_decoy_slot(unsigned char *slot)
{
	unsigned char scalar[crypto_scalarmult_SCALARBYTES];
	int rc;

	randombytes_buf(scalar, sizeof(scalar));
	rc = crypto_scalarmult_base(slot, scalar);
	randombytes_buf(slot + crypto_box_PUBLICKEYBYTES,
			ENVELOPE_SLOT_BYTES - crypto_box_PUBLICKEYBYTES);
	sodium_memzero(scalar, sizeof(scalar));
	return rc == 0 ? 0 : -1;
}

/*
 * Seals DATA_KEY to each recipient into a slot at a random position and fills
 * the rest with decoys. -1 when a recipient's key cannot seal (small order).
 */
static int envelope_fill_slots(unsigned char *slots, const struct key_public *recipients,
			       size_t count, const unsigned char *data_key)
{
	size_t order[ENVELOPE_SLOTS];

	for (size_t i = 0; i < ENVELOPE_SLOTS; i++)
		order[i] = i;
	for (size_t i = ENVELOPE_SLOTS - 1; i > 0; i--) {
		size_t j = randombytes_uniform((uint32_t)i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < ENVELOPE_SLOTS; i++) {
		unsigned char *slot = slots + order[i] * ENVELOPE_SLOT_BYTES;
		if (i >= count) {
			if (envelope_decoy_slot(slot) < 0)
				return -1;
		} else if (crypto_box_seal(slot, data_key, KEY_BYTES, recipients[i].public_key) !=
			   0)
			return -1;
	}
	return 0;
}

/* Writes the clear header (magic, version, terminal id, counter) into ENV. */
static void envelope_put_header(unsigned char *env, const char *terminal_id, uint64_t counter)
{
	size_t tid_len = strlen(terminal_id);

	memcpy(env, ENVELOPE_MAGIC, 4);
	env[4] = ENVELOPE_VERSION;
	env[5] = (unsigned char)tid_len;
	memcpy(env + 6, terminal_id, tid_len);
	for (int i = 0; i < 8; i++)
		env[6 + tid_len + i] = (unsigned char)(counter >> (56 - 8 * i));
}

/* Pads PLAIN into PADDED and encrypts it into ENV (header and slots already written). */
static int envelope_encrypt(unsigned char *env, const struct envelope_layout *lay,
			    unsigned char *padded, const unsigned char *plain, size_t plain_len,
			    const unsigned char *data_key)
{
	size_t padded_len = 0;

	memcpy(padded, plain, plain_len);
	if (sodium_pad(&padded_len, padded, plain_len, ENVELOPE_PADDED, ENVELOPE_PADDED) != 0 ||
	    padded_len != ENVELOPE_PADDED)
		return -1;
	randombytes_buf(env + lay->nonce, NONCE_BYTES);
	return crypto_aead_xchacha20poly1305_ietf_encrypt(env + lay->ciphertext, NULL, padded,
							  ENVELOPE_PADDED, env, lay->ciphertext,
							  NULL, env + lay->nonce, data_key);
}

int envelope_seal(const char *terminal_id, uint64_t counter, const struct key_public *recipients,
		  size_t recipient_count, const unsigned char *plain, size_t plain_len,
		  const struct key_secret *signer, unsigned char **out, size_t *out_len,
		  struct error *err)
{
	unsigned char *data_key = sodium_malloc(KEY_BYTES),
		      *padded = sodium_malloc(ENVELOPE_PADDED);
	unsigned char *env = NULL;
	struct envelope_layout lay;

	*out = NULL;
	if (!config_valid_terminal_id(terminal_id) || recipient_count == 0 ||
	    recipient_count > ENVELOPE_SLOTS || plain_len > ENVELOPE_MAX_PAYLOAD) {
		error_set(err, "envelope: terminal id, recipients or payload size out of range");
		goto fail;
	}
	envelope_offsets(strlen(terminal_id), &lay);
	if (!data_key || !padded || !(env = malloc(lay.total))) {
		error_set(err, "envelope: out of memory");
		goto fail;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(data_key);
	envelope_put_header(env, terminal_id, counter);
	if (envelope_fill_slots(env + lay.slots, recipients, recipient_count, data_key) < 0) {
		error_set(err,
			  "envelope: cannot seal to a recipient's key (not a usable X25519 key)");
		goto fail;
	}
	if (envelope_encrypt(env, &lay, padded, plain, plain_len, data_key) != 0 ||
	    crypto_sign_detached(env + lay.signature, NULL, env, lay.signature,
				 key_secret_bytes(signer)) != 0) {
		error_set(err, "envelope: cannot encrypt or sign (libsodium failure)");
		goto fail;
	}
	sodium_free(data_key);
	sodium_free(padded);
	*out = env;
	*out_len = lay.total;
	return 0;
fail:
	if (data_key)
		sodium_free(data_key);
	if (padded)
		sodium_free(padded);
	free(env);
	return -1;
}

int envelope_parse(const unsigned char *env, size_t len, struct envelope_info *info,
		   struct error *err)
{
	struct envelope_layout lay;

	return envelope_layout(env, len, info, &lay, err);
}

int envelope_verify(const unsigned char *env, size_t len, const unsigned char *signer_public,
		    struct envelope_info *info, struct error *err)
{
	struct envelope_info parsed;
	struct envelope_layout lay;

	if (envelope_layout(env, len, &parsed, &lay, err) < 0)
		return -1;
	if (crypto_sign_verify_detached(env + lay.signature, env, lay.signature, signer_public)) {
		error_set(err, "envelope %s/%llu: signature: does not verify", parsed.terminal_id,
			  (unsigned long long)parsed.counter);
		return -1;
	}
	if (info)
		*info = parsed;
	return 0;
}

/* Tries RECIPIENT on every slot; 1 with DATA_KEY filled when one opens, else 0. */
static int envelope_find_slot(const unsigned char *slots, const struct key_secret *recipient,
			      unsigned char *data_key)
{
	const unsigned char *pk = key_secret_public(recipient)->public_key;

	for (size_t i = 0; i < ENVELOPE_SLOTS; i++) {
		if (crypto_box_seal_open(data_key, slots + i * ENVELOPE_SLOT_BYTES,
					 ENVELOPE_SLOT_BYTES, pk, key_secret_bytes(recipient)) == 0)
			return 1;
	}
	return 0;
}

struct envelope_opener {
	unsigned char *data_key; /* sodium_malloc, KEY_BYTES */
	unsigned char *plain;	 /* sodium_malloc, ENVELOPE_PADDED + 1 */
};

struct envelope_opener *envelope_opener_new(void)
{
	struct envelope_opener *op = calloc(1, sizeof(*op));

	if (!op)
		return NULL;
	op->data_key = sodium_malloc(KEY_BYTES);
	op->plain = sodium_malloc(ENVELOPE_PADDED + 1);
	if (!op->data_key || !op->plain) {
		envelope_opener_free(op);
		return NULL;
	}
	return op;
}

void envelope_opener_free(struct envelope_opener *op)
{
	if (!op)
		return;
	if (op->data_key)
		sodium_free(op->data_key);
	if (op->plain)
		sodium_free(op->plain);
	free(op);
}

int envelope_open_with(struct envelope_opener *op, const unsigned char *env, size_t len,
		       const struct key_secret *recipient, const unsigned char **plain,
		       size_t *plain_len, struct error *err)
{
	struct envelope_layout lay;
	struct envelope_info info;
	size_t unpadded = 0;
	int rc = -1;

	*plain = NULL;
	sodium_memzero(op->plain, ENVELOPE_PADDED + 1); /* the last request's text */
	if (envelope_layout(env, len, &info, &lay, err) < 0)
		return -1;
	if (!envelope_find_slot(env + lay.slots, recipient, op->data_key))
		return 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(op->plain, NULL, NULL, env + lay.ciphertext,
						       CT_BYTES, env, lay.ciphertext,
						       env + lay.nonce, op->data_key) != 0 ||
	    sodium_unpad(&unpadded, op->plain, ENVELOPE_PADDED, ENVELOPE_PADDED) != 0) {
		error_set(err, "envelope %s/%llu: does not decrypt with key %s", info.terminal_id,
			  (unsigned long long)info.counter, key_secret_public(recipient)->name);
		sodium_memzero(op->plain, ENVELOPE_PADDED + 1);
		goto end;
	}
	sodium_memzero(op->plain + unpadded, ENVELOPE_PADDED + 1 - unpadded);
	*plain = op->plain;
	*plain_len = unpadded;
	rc = 1;
end:
	sodium_memzero(op->data_key, KEY_BYTES);
	return rc;
}

int envelope_open(const unsigned char *env, size_t len, const struct key_secret *recipient,
		  unsigned char **plain, size_t *plain_len, struct error *err)
{
	struct envelope_opener *op = envelope_opener_new();
	const unsigned char *opened;
	int rc;

	*plain = NULL;
	if (!op) {
		error_set(err, "envelope: out of memory");
		return -1;
	}
	rc = envelope_open_with(op, env, len, recipient, &opened, plain_len, err);
	if (rc > 0) { /* hand the guarded buffer over to the caller */
		*plain = op->plain;
		op->plain = NULL;
	}
	envelope_opener_free(op);
	return rc;
}
