/*
 * Reference codes: the code a person gets for a request, the key and slow hash
 * the spool keeps of it (under every cost a spool has used) and the status
 * lookup with its per-minute limit.
 */
#include "core/terminal.h"
#include "core/request.h"
#include "core/terminal_state.h"
#include "core/fileio.h"

#include <errno.h>
#include <unistd.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Letters and digits that cannot be mistaken for each other when read aloud or copied. */
static const char REFERENCE_ALPHABET[] = "ACDEFHJKMNPQRTUVWXY3479";

void terminal_new_reference(char *out)
{
	for (int i = 0, o = 0; i < 8; i++) {
		if (i == 4)
			out[o++] = '-';
		out[o++] = REFERENCE_ALPHABET[randombytes_uniform(sizeof(REFERENCE_ALPHABET) - 1)];
	}
	out[REQUEST_REFERENCE_LEN] = '\0';
}

/* DATA_DIR/reference.key into PATH (PATH_SIZE bytes). */
static void terminal_reference_key_path(const char *data_dir, char *path, size_t path_size)
{
	snprintf(path, path_size, "%s/%s", data_dir, TERMINAL_REFERENCE_KEY_FILE);
}

int terminal_reference_key_create(const char *data_dir, struct error *err)
{
	char path[4096];

	terminal_reference_key_path(data_dir, path, sizeof(path));
	return fileio_secret_create(path, TERMINAL_REFERENCE_KEY_BYTES, err);
}

/*
 * The key a spool from before reference.key has: random when it never stored
 * a request (no code was hashed yet), else the one its codes were hashed with,
 * derived from the signing seed. Written to PATH. When it cannot be (a full
 * disk), a derived key is used from memory and written at a later open; a
 * random one is not used at all (codes hashed with it would be lost at the
 * next start). 0, or -1 with ERR.
 */
static int terminal_reference_key_make(struct terminal *term, const char *path, int *kept,
				       struct error *err)
{
	uint64_t next;

	if (spool_next_counter(term->spool, &next, err) < 0)
		return -1;
	if (next <= 1)
		randombytes_buf(term->reference_key, sizeof(term->reference_key));
	else if (crypto_kdf_derive_from_key(term->reference_key, sizeof(term->reference_key), 2,
					    "PRSMREF2", key_secret_bytes(term->signer)) != 0) {
		error_set(err, "%s: cannot derive it from the signing key", path);
		return -1;
	}
	*kept = fileio_write_new(path, term->reference_key, sizeof(term->reference_key), 0600,
				 err) == 0;
	if (*kept)
		return 0;
	if (access(path, F_OK) != 0)
		return next <= 1 ? -1 : 0;
	/* Another process made it at the same moment: theirs is the one. */
	*kept = 1;
	return fileio_read_secret(path, "a reference key", term->reference_key,
				  sizeof(term->reference_key), err);
}

/* terminal_load_reference_key(), with the reason in ERR. 0 or -1. */
static int terminal_reference_key_get(struct terminal *term, struct error *err)
{
	char path[4096];
	int recorded = spool_reference_key_recorded(term->spool, err), kept = 1;

	terminal_reference_key_path(term->config.data_dir, path, sizeof(path));
	if (recorded < 0)
		return -1;
	if (access(path, F_OK) == 0 || errno != ENOENT) {
		if (fileio_read_secret(path, "a reference key", term->reference_key,
				       sizeof(term->reference_key), err) < 0)
			return -1;
	} else if (recorded) {
		error_set(err,
			  "%s: missing, so no reference code of this spool can be looked up "
			  "(restore it from where the terminal's keys are kept)",
			  path);
		return -1;
	} else if (terminal_reference_key_make(term, path, &kept, err) < 0) {
		return -1;
	}
	if (kept && !recorded && !term->spool_degraded) {
		struct error ignored;
		/* Not recorded (a full disk): the next open records it; the key is right. */
		if (spool_record_reference_key(term->spool, &ignored) < 0)
			return 0;
	}
	return 0;
}

void terminal_load_reference_key(struct terminal *term)
{
	struct error err = { "" };

	if (terminal_reference_key_get(term, &err) < 0) {
		sodium_memzero(term->reference_key, sizeof(term->reference_key));
		snprintf(term->reference_key_error, sizeof(term->reference_key_error), "%s",
			 err.msg);
	}
}

int terminal_check_reference(struct terminal *term, struct error *err)
{
	if (term->reference_key_error[0]) {
		term->reference_key_error[0] = '\0';
		terminal_load_reference_key(term);
	}
	if (!term->reference_key_error[0])
		return 0;
	error_set(err, "%s", term->reference_key_error);
	return -1;
}

const char *terminal_reference_problem(const struct terminal *term)
{
	return term->reference_key_error[0] ? term->reference_key_error : NULL;
}

/* The reference hash of REFERENCE made with the cost PARAMS. 0, or -1 with ERR. */
static int terminal_hash_with(const struct terminal *term,
			      const struct spool_reference_params *params, const char *reference,
			      unsigned char *hash, struct error *err)
{
	unsigned char *keyed;
	int rc = -1;

	if (term->reference_key_error[0]) {
		error_set(err, "reference code: %s", term->reference_key_error);
		return -1;
	}
	/*
	 * First a hash keyed with the spool's reference key, so the spool alone
	 * (without that key) gives nothing to try codes against; then Argon2id
	 * with the spool's salt and cost, so that with the key it still takes
	 * years (docs/security.md).
	 */
	keyed = sodium_malloc(TERMINAL_HASH_BYTES);
	if (keyed && crypto_generichash(keyed, TERMINAL_HASH_BYTES,
					(const unsigned char *)reference, strlen(reference),
					term->reference_key, sizeof(term->reference_key)) == 0)
		rc = crypto_pwhash(hash, TERMINAL_HASH_BYTES, (const char *)keyed,
				   TERMINAL_HASH_BYTES, params->salt, params->opslimit,
				   params->memlimit, crypto_pwhash_ALG_ARGON2ID13);
	if (rc != 0)
		error_set(err, "reference code: cannot hash it (out of memory? it needs %zu MiB)",
			  params->memlimit >> 20);
	if (keyed)
		sodium_free(keyed);
	return rc == 0 ? 0 : -1;
}

int terminal_reference_hash(const struct terminal *term, const char *reference, unsigned char *hash,
			    struct error *err)
{
	return terminal_hash_with(term, &term->reference, reference, hash, err);
}

/*
 * Looks up the normalised code NORMAL under every cost a stored hash was made
 * with, newest first: SPOOL_REFERENCE_*, or -1 with ERR.
 */
static int terminal_find_code(struct terminal *term, const char *normal, struct error *err)
{
	struct spool_reference_params costs[SPOOL_REFERENCE_COSTS_MAX];
	unsigned char hash[TERMINAL_HASH_BYTES];
	size_t count;
	int found = SPOOL_REFERENCE_UNKNOWN;

	if (spool_reference_costs(term->spool, 1, costs, SPOOL_REFERENCE_COSTS_MAX, &count, err) <
	    0)
		return -1;
	for (size_t i = 0; i < count && found == SPOOL_REFERENCE_UNKNOWN; i++)
		found = terminal_hash_with(term, &costs[i], normal, hash, err) < 0
				? -1
				: spool_lookup_reference(term->spool, costs[i].id, hash,
							 sizeof(hash), err);
	sodium_memzero(hash, sizeof(hash));
	return found;
}

/* Counts an attempt at NOW, or returns the seconds to wait when the minute's are used up. */
static unsigned terminal_lookup_admit(struct terminal *term, uint64_t now)
{
	size_t limit = (size_t)term->config.lookups_per_minute;

	if (term->lookup_count == limit) {
		uint64_t since = now - term->lookups[0];
		if (now >= term->lookups[0] && since < 60)
			return (unsigned)(60 - since);
		memmove(term->lookups, term->lookups + 1, (limit - 1) * sizeof(term->lookups[0]));
		term->lookup_count--;
	}
	term->lookups[term->lookup_count++] = now;
	return 0;
}

/* "k7qm 3xpa" -> "K7QM-3XPA" into OUT; 0, or -1 when it cannot be a code of ours. */
static int terminal_normalise_code(const char *code, char *out)
{
	char chars[8];
	size_t n = 0;

	for (const char *p = code; *p; p++) {
		char c = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
		if (c == '-' || c == ' ')
			continue;
		if (n == sizeof(chars) || !strchr(REFERENCE_ALPHABET, c))
			return -1;
		chars[n++] = c;
	}
	if (n != sizeof(chars))
		return -1;
	snprintf(out, REQUEST_REFERENCE_LEN + 1, "%.4s-%.4s", chars, chars + 4);
	return 0;
}

int terminal_lookup_code(struct terminal *term, const char *code, enum terminal_code_status *status,
			 unsigned *retry_after, struct error *err)
{
	char normal[REQUEST_REFERENCE_LEN + 1];
	int found;

	*status = TERMINAL_CODE_UNKNOWN;
	*retry_after = terminal_lookup_admit(term, term->clock(term->clock_ctx));
	if (*retry_after)
		return 1;
	if (terminal_normalise_code(code, normal) < 0)
		return 0;
	found = terminal_find_code(term, normal, err);
	sodium_memzero(normal, sizeof(normal));
	if (found < 0)
		return -1;
	*status = found == SPOOL_REFERENCE_PENDING     ? TERMINAL_CODE_PENDING
		  : found == SPOOL_REFERENCE_COLLECTED ? TERMINAL_CODE_COLLECTED
						       : TERMINAL_CODE_UNKNOWN;
	return 0;
}
