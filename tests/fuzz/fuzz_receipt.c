/*
 * Fuzzes the custody receipt reader (app/core/receipt.c): receipt_verify with
 * the fixed collection key, on arbitrary bytes. Invariants: a refusal always
 * says why; an accepted receipt is sorted, names each of its hashes and
 * re-encodes to the same bytes but the signature.
 */
#include "fuzz_keys.h"

#include "core/receipt.h"
#include "core/request.h"

static struct key_secret *collection;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	collection = fuzz_fixed_key(KEY_ED25519, FUZZ_SIGNER_SEED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { "" };
	struct receipt r;
	unsigned char *again = NULL;
	size_t again_len = 0;

	if (receipt_verify(data, size, key_secret_public(collection), "wing-a-01", &r, &err) < 0) {
		if (!err.msg[0] || r.hashes || r.count)
			abort();
		return 0;
	}
	for (size_t i = 0; i < r.count; i++)
		if (!receipt_names(&r, r.hashes[i]))
			abort();
	if (receipt_write(r.terminal_id, r.issued, (const unsigned char(*)[32])r.hashes, r.count,
			  collection, &again, &again_len, &err) < 0 ||
	    again_len != size || memcmp(again, data, size - 64))
		abort();
	free(again);
	receipt_free(&r);
	return 0;
}
