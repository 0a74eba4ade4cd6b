#ifndef PRISMA_REQUEST_H
#define PRISMA_REQUEST_H

#include "core/error.h"

#include <stddef.h>
#include <time.h>

/*
 * An inmate's request while it is being typed: the only place plaintext lives.
 * Always allocated with request_new() (guarded, locked memory from
 * sodium_malloc, never swapped) and released with request_free(), which wipes
 * it. Fields are NUL-terminated UTF-8 in fixed buffers so a wipe is total.
 */
enum contact_mode {
	CONTACT_CODE = 0, /* anonymous: reference code only */
	CONTACT_NAMED = 1,
};

#define REQUEST_SERVICE_MAX   32
#define REQUEST_LANGUAGE_MAX  16
#define REQUEST_NAME_MAX      128
#define REQUEST_NUMBER_MAX    32
#define REQUEST_UNIT_MAX      32
#define REQUEST_TIMES_MAX     256
#define REQUEST_MESSAGE_MAX   1024
#define REQUEST_REFERENCE_LEN 9 /* "K7QM-3XPA" */

struct request {
	char service[REQUEST_SERVICE_MAX];
	char language[REQUEST_LANGUAGE_MAX];
	enum contact_mode contact;
	char name[REQUEST_NAME_MAX];
	char number[REQUEST_NUMBER_MAX];
	char unit[REQUEST_UNIT_MAX];
	char times[REQUEST_TIMES_MAX];
	char message[REQUEST_MESSAGE_MAX];
};

/*
 * Call once at program start, before any other core function: turns core
 * dumps off (no plaintext may reach disk that way), initialises libsodium and
 * makes jansson wipe every block it frees, so JSON copies of a request never
 * linger on the heap. Returns 0, or -1 (errno set) if core dumps cannot be
 * turned off or libsodium cannot start.
 */
int core_init(void);

/* Returns a zeroed request in sodium_malloc memory, or NULL if out of memory. */
struct request *request_new(void);

/* Wipes every field back to the zero state (quick exit, idle timeout). */
void request_wipe(struct request *req);

/* Wipes and frees. NULL is fine. */
void request_free(struct request *req);

/*
 * Checks a request before sealing: known-looking service id, language code,
 * valid UTF-8 without control characters (newline allowed in times/message),
 * and for CONTACT_NAMED a non-empty name and prisoner number. Returns 0, or -1
 * with ERR naming the field ("field.name: required").
 */
int request_validate(const struct request *req, struct error *err);

/*
 * Serialises REQ, the reference code and the creation time to the JSON payload
 * that gets sealed. *OUT is sodium_malloc'ed (free with sodium_free, which
 * wipes); *LEN excludes the terminating NUL. Returns 0 or -1 with ERR.
 */
int request_to_json(const struct request *req, const char *reference, time_t created, char **out,
		    size_t *len, struct error *err);

/*
 * True when the contact part is what sealing needs: anonymous, or named with a
 * name and a prisoner number that are not blank. The kiosk enables "next" on
 * the contact screen with this, so it and request_validate() never disagree.
 */
int request_contact_complete(const struct request *req);

/* True when S is empty or only spaces: what request_contact_complete calls blank. */
int request_blank(const char *s);

/*
 * Appends TEXT to the field buffer DST (size DST_SIZE) when it fits and is
 * text request_validate() accepts on one line (valid UTF-8, no control
 * characters); else returns -1 and leaves DST unchanged. So a field can never
 * hold what sealing would refuse.
 */
int request_field_append(char *dst, size_t dst_size, const char *text);

/* Removes the last UTF-8 character of DST (backspace). */
void request_field_backspace(char *dst);

#endif
