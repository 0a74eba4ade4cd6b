/*
 * Fuzzes the envelope reader (app/core/envelope.c): envelope_parse,
 * envelope_verify with the fixed terminal key and envelope_open with the fixed
 * recipient key, on arbitrary bytes. Invariant checked: an envelope that opens
 * also parses, and what parses is self-consistent.
 */
#include "fuzz_keys.h"

#include "core/envelope.h"
#include "core/request.h"

static struct key_secret *signer, *recipient;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	signer = fuzz_fixed_key(KEY_ED25519, FUZZ_SIGNER_SEED);
	recipient = fuzz_fixed_key(KEY_X25519, FUZZ_RECIPIENT_SEED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct envelope_info info, verified;
	struct error err = { "" };
	unsigned char *plain = NULL;
	size_t plain_len = 0;
	int parsed, opened;

	parsed = envelope_parse(data, size, &info, &err);
	if (parsed == 0) {
		if (info.signed_len + 64 != size || strlen(info.terminal_id) == 0 ||
		    size != ENVELOPE_SIZE(strlen(info.terminal_id)))
			abort();
	} else if (!err.msg[0]) {
		abort(); /* a failure must say why */
	}
	if (envelope_verify(data, size, key_secret_public(signer)->public_key, &verified, &err) ==
	    0) {
		if (parsed != 0 || verified.counter != info.counter)
			abort();
	}
	opened = envelope_open(data, size, recipient, &plain, &plain_len, &err);
	if (opened == 1) {
		if (parsed != 0 || !plain || plain_len > ENVELOPE_MAX_PAYLOAD ||
		    plain[plain_len] != '\0')
			abort();
		sodium_free(plain);
	} else if (plain) {
		abort();
	}
	return 0;
}
