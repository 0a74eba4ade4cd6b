#ifndef PRISMA_WIRE_H
#define PRISMA_WIRE_H

#include "core/error.h"

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
/*
 * Makes room for CAP bytes in one allocation, so that writing up to CAP bytes
 * never copies the buffer (a large reservation costs address space, not
 * memory, until written). 0, or -1 with W->failed set when out of memory.
 */
int wire_reserve(struct wire_writer *w, size_t cap);
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

/*
 * Reads the head that envelopes, bundles and receipts all start with: MAGIC
 * (4 bytes), a version byte, the terminal id's length and the id. Copies the
 * id NUL-terminated into ID (WIRE_TERMINAL_ID_MAX + 1 bytes). Returns 0, or
 * -1 with ERR naming the field ("magic: not a Prisma WHAT", "version: N is
 * not supported", "terminal id: malformed"); an id with a NUL inside or that
 * config_valid_terminal_id() refuses is malformed, and ID is then "".
 */
#define WIRE_TERMINAL_ID_MAX 32
int wire_get_head(struct wire_reader *r, const char *magic, uint8_t version, const char *what,
		  char *id, struct error *err) __attribute__((warn_unused_result));

#endif
