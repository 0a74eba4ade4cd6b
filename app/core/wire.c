#include "core/wire.h"

#include "core/config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Moves W's bytes to a buffer of CAP bytes. Copy and wipe rather than realloc, so no
 * stale copy is left behind. 0, or -1 (W->failed) when out of memory. */
static int wire_grow(struct wire_writer *w, size_t cap)
{
	unsigned char *grown = malloc(cap);

	if (!grown) {
		w->failed = 1;
		return -1;
	}
	if (w->data) {
		memcpy(grown, w->data, w->len);
		sodium_memzero(w->data, w->len);
		free(w->data);
	}
	w->data = grown;
	w->cap = cap;
	return 0;
}

int wire_reserve(struct wire_writer *w, size_t cap)
{
	if (w->failed)
		return -1;
	return cap > w->cap ? wire_grow(w, cap) : 0;
}

void wire_put_bytes(struct wire_writer *w, const void *bytes, size_t len)
{
	if (w->failed)
		return;
	if (w->len + len > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		while (cap < w->len + len)
			cap *= 2;
		if (wire_grow(w, cap) < 0)
			return;
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
	/* Only the first len bytes ever held data: wiping the rest would only touch (and
	 * so commit) pages of a large reservation that were never used. */
	if (w->data) {
		sodium_memzero(w->data, w->len);
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

int wire_get_head(struct wire_reader *r, const char *magic, uint8_t version, const char *what,
		  char *id, struct error *err)
{
	const unsigned char *got = wire_get_bytes(r, 4), *tid;
	uint8_t got_version = wire_get_u8(r), tid_len = wire_get_u8(r);

	id[0] = '\0';
	if (r->failed || memcmp(got, magic, 4)) {
		error_set(err, "magic: not a Prisma %s", what);
		return -1;
	}
	if (got_version != version) {
		error_set(err, "version: %u is not supported (only %u)", got_version, version);
		return -1;
	}
	tid = wire_get_bytes(r, tid_len);
	if (!tid || tid_len == 0 || tid_len > WIRE_TERMINAL_ID_MAX || memchr(tid, '\0', tid_len)) {
		error_set(err, "terminal id: malformed");
		return -1;
	}
	memcpy(id, tid, tid_len);
	id[tid_len] = '\0';
	if (!config_valid_terminal_id(id)) {
		id[0] = '\0';
		error_set(err, "terminal id: malformed");
		return -1;
	}
	return 0;
}
