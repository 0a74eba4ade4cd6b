#ifndef PRISMA_TOKEN_H
#define PRISMA_TOKEN_H

#include "core/error.h"
#include "core/keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A stick token, STICK/PRISMA/token (docs/formats.md): the office's
 * collection key vouches that the USB stick with this serial number may
 * collect from terminals until a date. The kiosk exports to a stick only
 * when its token verifies, names the serial the stick reports and has not
 * expired. Big-endian:
 *
 *   "PRST" | version u8 (1) | serial length u8 (1..TOKEN_SERIAL_MAX) | serial
 *   | issued u64 | expires u64 (unix seconds) | issuer key id [8]
 *   | Ed25519 signature [64] by the collection key over everything before it
 *
 * A serial is 1..64 printable ASCII characters without space (0x21..0x7e):
 * what the kernel and libusb report of iSerialNumber on real sticks.
 */
#define TOKEN_SERIAL_MAX 64
#define TOKEN_MIN_BYTES	 (4 + 1 + 1 + 1 + 8 + 8 + KEY_ID_BYTES + 64)
#define TOKEN_MAX_BYTES	 (TOKEN_MIN_BYTES - 1 + TOKEN_SERIAL_MAX)
#define TOKEN_FILE	 "token"

struct token {
	char serial[TOKEN_SERIAL_MAX + 1];
	uint64_t issued;
	uint64_t expires; /* the first second at which the token no longer counts */
	unsigned char issuer_id[KEY_ID_BYTES];
};

/* True when SERIAL is a serial a token can carry (see above). Cannot fail. */
int token_valid_serial(const char *serial);

/*
 * Issues the token for SERIAL valid from ISSUED until EXPIRES (exclusive),
 * signed by ISSUER (the collection key), into OUT (TOKEN_MAX_BYTES) and
 * *LEN. 0, or -1 with ERR (bad serial, EXPIRES not after ISSUED, an issuer
 * that is not Ed25519); OUT is then undefined.
 */
int token_issue(const char *serial, uint64_t issued, uint64_t expires,
		const struct key_secret *issuer, unsigned char *out, size_t *len, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Parses DATA (LEN bytes, from a stick: anything) and checks that ISSUER
 * signed it. Fills *TOKEN and returns 0; or -1 with ERR naming the field at
 * fault, *TOKEN then zeroed. Expiry and serial are the caller's to compare
 * (token_check).
 */
int token_verify(const unsigned char *data, size_t len, const struct key_public *issuer,
		 struct token *token, struct error *err) __attribute__((warn_unused_result));

enum token_verdict {
	TOKEN_OK,
	TOKEN_WRONG_SERIAL, /* signed, but for another stick */
	TOKEN_EXPIRED,	    /* signed for this stick, but NOW is at or past expires */
};

/* What a verified TOKEN says about the stick with SERIAL at time NOW. Cannot fail. */
enum token_verdict token_check(const struct token *token, const char *serial, uint64_t now);

#endif
