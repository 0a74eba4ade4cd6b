#include "core/wire.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void wire_put_bytes(struct wire_writer *w, const void *bytes, size_t len)
{
	if (w->failed)
		return;
	if (w->len + len > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		unsigned char *grown;
		while (cap < w->len + len)
			cap *= 2;
		grown = malloc(cap);
		if (!grown) {
			w->failed = 1;
			return;
		}
		/* Copy and wipe rather than realloc, so no stale copy is left behind. */
		if (w->data) {
			memcpy(grown, w->data, w->len);
			sodium_memzero(w->data, w->cap);
			free(w->data);
		}
		w->data = grown;
		w->cap = cap;
	}
	memcpy(w->data + w->len, bytes, len);
	w->len += len;
}

void wire_put_u8(struct wire_writer *w, uint8_t v)
{
	wire_put_bytes(w, &v, 1);
}

void wire_put_u32(struct wire_writer *w, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	wire_put_bytes(w, b, sizeof(b));
}

void wire_put_u64(struct wire_writer *w, uint64_t v)
{
	wire_put_u32(w, (uint32_t)(v >> 32));
	wire_put_u32(w, (uint32_t)v);
}

void wire_writer_free(struct wire_writer *w)
{
	if (w->data) {
		sodium_memzero(w->data, w->cap);
		free(w->data);
	}
	memset(w, 0, sizeof(*w));
}

const unsigned char *wire_get_bytes(struct wire_reader *r, size_t len)
{
	const unsigned char *p;

	if (r->failed || len > r->len - r->pos) {
		r->failed = 1;
		return NULL;
	}
	p = r->data + r->pos;
	r->pos += len;
	return p;
}

uint8_t wire_get_u8(struct wire_reader *r)
{
	const unsigned char *p = wire_get_bytes(r, 1);

	return p ? p[0] : 0;
}

uint32_t wire_get_u32(struct wire_reader *r)
{
	const unsigned char *p = wire_get_bytes(r, 4);

	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

uint64_t wire_get_u64(struct wire_reader *r)
{
	uint64_t hi = wire_get_u32(r);

	return hi << 32 | wire_get_u32(r);
}
