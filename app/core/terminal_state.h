#ifndef PRISMA_TERMINAL_STATE_H
#define PRISMA_TERMINAL_STATE_H

/*
 * Inside the terminal, shared by terminal.c (opening, submitting, auditing,
 * checking) and terminal_code.c (reference codes: making, hashing, looking
 * up). Nothing outside those two includes this.
 */
#include "core/audit.h"
#include "core/catalogue.h"
#include "core/certificate.h"
#include "core/config.h"
#include "core/keys.h"
#include "core/limits.h"
#include "core/spool.h"
#include "core/terminal.h"

#include <stddef.h>
#include <stdint.h>

struct terminal {
	struct config config;
	struct catalogue catalogue;
	struct key_secret *signer;
	unsigned char certificate[CERTIFICATE_BYTES];
	int has_certificate;
	/* Re-keying: the certificates of earlier keys and those keys, for envelopes they signed. */
	unsigned char previous[CONFIG_MAX_PREVIOUS][CERTIFICATE_BYTES];
	unsigned char previous_keys[CONFIG_MAX_PREVIOUS][32];
	size_t previous_count;
	struct key_public *recipients; /* parallel to config.recipients */
	struct spool *spool;
	int spool_degraded; /* opened for reading only: its disk is full */
	unsigned char audit_key[AUDIT_KEY_BYTES];
	char audit_key_error[256]; /* why the audit key could not be read ("": it was) */
	long audit_failures;	   /* entries that could not be written (full disk) */
	long pending; /* cached pending count for the capacity check; -1: count again */
	struct limits limits;
	struct spool_reference_params reference;
	unsigned char reference_key[TERMINAL_REFERENCE_KEY_BYTES];
	char reference_key_error[256]; /* why it could not be read ("": it was) */
	/* terminal_lookup_code()'s limit: when the last attempts were, oldest first. */
	uint64_t lookups[CONFIG_MAX_LOOKUPS_PER_MINUTE];
	size_t lookup_count;
	uint64_t (*clock)(void *ctx);
	void *clock_ctx;
};

/*
 * Loads (or, for a spool from before it, makes) the reference key into
 * TERM->reference_key; when it cannot, says why in TERM->reference_key_error
 * and the terminal runs on without codes. Needs the spool and signer open.
 * Cannot fail otherwise.
 */
void terminal_load_reference_key(struct terminal *term);

/*
 * terminal_check's part: 0 when the reference key is loaded; when it could
 * not be, it is tried again (a key restored brings codes back), and -1 with
 * ERR naming the file while it still cannot be.
 */
int terminal_check_reference(struct terminal *term, struct error *err);

/* A fresh code like "K7QM-3XPA" into OUT (REQUEST_REFERENCE_LEN + 1 bytes). Cannot fail. */
void terminal_new_reference(char *out);

#endif
