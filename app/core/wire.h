#ifndef PRISMA_WIRE_H
#define PRISMA_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Big-endian binary writing and bounds-checked reading for the envelope and
 * bundle formats. A writer that runs out of memory, or a reader that runs past
 * the end, sets `failed` and ignores further calls: check it once at the end.
 */
struct wire_writer {
	unsigned char *data;
	size_t len, cap;
	int failed;
};

void wire_put_bytes(struct wire_writer *w, const void *bytes, size_t len);
void wire_put_u8(struct wire_writer *w, uint8_t v);
void wire_put_u32(struct wire_writer *w, uint32_t v);
void wire_put_u64(struct wire_writer *w, uint64_t v);
/* Frees the buffer (after wiping it). */
void wire_writer_free(struct wire_writer *w);

struct wire_reader {
	const unsigned char *data;
	size_t len, pos;
	int failed;
};

/* Returns a pointer to the next LEN bytes and advances, or NULL (and failed=1). */
const unsigned char *wire_get_bytes(struct wire_reader *r, size_t len);
uint8_t wire_get_u8(struct wire_reader *r);
uint32_t wire_get_u32(struct wire_reader *r);
uint64_t wire_get_u64(struct wire_reader *r);

#endif
