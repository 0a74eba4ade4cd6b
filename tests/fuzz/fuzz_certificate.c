/*
 * Fuzzes the terminal certificate reader (app/core/certificate.c):
 * certificate_parse and certificate_verify with the fixed collection key, on
 * arbitrary bytes. A certificate that verifies must be one the fixed key
 * issued: with random input that never happens, so verify must fail.
 */
#include "fuzz_keys.h"

#include "core/certificate.h"
#include "core/request.h"

#include <string.h>

static struct key_secret *issuer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	issuer = fuzz_fixed_key(KEY_ED25519, FUZZ_SIGNER_SEED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct certificate cert;
	struct error err = { "" };

	if (certificate_parse(data, size, &cert, &err) == 0) {
		if (strlen(cert.terminal_id) == 0 || strlen(cert.terminal_id) > 32)
			abort();
	}
	(void)certificate_verify(data, size, key_secret_public(issuer), &cert, &err);
	return 0;
}
