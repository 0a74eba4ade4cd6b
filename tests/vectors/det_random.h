#ifndef PRISMA_DET_RANDOM_H
#define PRISMA_DET_RANDOM_H

/*
 * A deterministic randombytes implementation for the envelope vectors only
 * (tests/vectors/gen_vectors.c, tests/core/test_vectors.c): with it, sealing
 * is a function of its inputs and a 32-byte seed, so the stored envelopes are
 * expected bytes that the C code and the JavaScript implementation
 * (tests/vectors/js/envelope.mjs, detRandom) must both reproduce exactly.
 *
 * The stream is BLAKE2b-512(key = seed, message = block number as u64
 * little-endian) for blocks 0, 1, 2, ..., concatenated; randombytes_buf takes
 * the next bytes, randombytes_random the next 4 as a little-endian u32, and
 * randombytes_uniform is libsodium's own (rejection sampling on
 * randombytes_random). Install with det_random_install() BEFORE core_init();
 * det_random_seed() restarts the stream. Never use outside tests.
 */
#include <sodium.h>
#include <stdint.h>
#include <string.h>

static unsigned char det_seed[32], det_block[64];
static uint64_t det_next_block;
static size_t det_used = sizeof(det_block);

static inline void det_random_seed(const unsigned char *seed)
{
	memcpy(det_seed, seed, sizeof(det_seed));
	det_next_block = 0;
	det_used = sizeof(det_block);
}

static inline void det_random_buf(void *const out, const size_t size)
{
	unsigned char *p = out;

	for (size_t i = 0; i < size; i++) {
		if (det_used == sizeof(det_block)) {
			unsigned char counter[8];
			for (int b = 0; b < 8; b++)
				counter[b] = (unsigned char)(det_next_block >> (8 * b));
			det_next_block++;
			if (crypto_generichash(det_block, sizeof(det_block), counter,
					       sizeof(counter), det_seed, sizeof(det_seed)) != 0)
				abort();
			det_used = 0;
		}
		p[i] = det_block[det_used++];
	}
}

static inline uint32_t det_random_u32(void)
{
	unsigned char b[4];

	det_random_buf(b, sizeof(b));
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline const char *det_random_name(void)
{
	return "prisma-test-deterministic";
}

static randombytes_implementation det_random_impl = {
	.implementation_name = det_random_name,
	.random = det_random_u32,
	.buf = det_random_buf,
};

/* Before core_init()/sodium_init(). Returns 0 or -1. */
static inline int det_random_install(void)
{
	return randombytes_set_implementation(&det_random_impl);
}

#endif
