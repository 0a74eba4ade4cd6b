/*
 * Fuzzes the bundle reader (app/core/bundle.c): bundle_parse, bundle_foreach
 * (handing every envelope on to envelope_parse, as prisma-collect does) and
 * bundle_verify with the fixed terminal key, on arbitrary bytes.
 */
#include "fuzz_keys.h"

#include "core/bundle.h"
#include "core/envelope.h"
#include "core/request.h"

static struct key_secret *signer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	signer = fuzz_fixed_key(KEY_ED25519, FUZZ_SIGNER_SEED);
	return 0;
}

struct visit {
	const uint8_t *start, *end;
	uint32_t count;
};

static int visit_envelope(void *ctx, const unsigned char *envelope, size_t len)
{
	struct visit *v = ctx;
	struct envelope_info info;
	struct error err = { "" };

	/* Every envelope handed out must lie inside the bundle. */
	if (envelope < v->start || envelope + len > v->end)
		abort();
	v->count++;
	envelope_parse(envelope, len, &info, &err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_info info;
	struct error err = { "" };
	struct visit v = { data, data + size, 0 };
	int parsed = bundle_parse(data, size, &info, &err);

	if (parsed < 0 && !err.msg[0])
		abort();
	if (bundle_foreach(data, size, visit_envelope, &v, &err) != parsed)
		abort();
	if (parsed == 0 && v.count != info.count)
		abort();
	bundle_verify(data, size, key_secret_public(signer)->public_key, &err);
	return 0;
}
