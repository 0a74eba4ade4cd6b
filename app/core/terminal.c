#include "core/terminal.h"
#include "core/envelope.h"
#include "core/keys.h"
#include "core/spool.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Letters and digits that cannot be mistaken for each other when read aloud or copied. */
static const char REFERENCE_ALPHABET[] = "ACDEFHJKMNPQRTUVWXY3479";
#define REFERENCE_HASH_BYTES 32

struct terminal {
	struct config config;
	struct catalogue catalogue;
	struct key_secret *signer;
	struct key_public *recipients; /* parallel to config.recipients */
	struct spool *spool;
};

static int terminal_load_recipients(struct terminal *term, struct error *err)
{
	const struct config *cfg = &term->config;

	term->recipients = calloc(cfg->recipient_count, sizeof(*term->recipients));
	if (!term->recipients) {
		error_set(err, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < cfg->recipient_count; i++) {
		if (key_public_load(&term->recipients[i], cfg->recipients[i].public_key_path,
				    KEY_X25519, err) < 0) {
			error_prefix(err, cfg->path);
			return -1;
		}
	}
	return 0;
}

/* The number of key files the service's requests are sealed to. */
static size_t terminal_service_keys(const struct config *cfg, const struct service *svc)
{
	size_t n = 0;

	for (size_t r = 0; r < svc->recipient_count; r++) {
		for (size_t i = 0; i < cfg->recipient_count; i++)
			n += !strcmp(cfg->recipients[i].name, svc->recipients[r]);
	}
	return n;
}

/* Every service must name recipients the configuration knows, and fit the envelope's slots. */
static int terminal_check_catalogue(struct terminal *term, struct error *err)
{
	for (size_t i = 0; i < term->catalogue.service_count; i++) {
		const struct service *svc = &term->catalogue.services[i];
		if (terminal_service_keys(&term->config, svc) > ENVELOPE_SLOTS) {
			error_set(err,
				  "%s: [service.%s] recipients: more than %d keys in all (an "
				  "envelope has %d slots)",
				  term->config.catalogue_path, svc->id, ENVELOPE_SLOTS,
				  ENVELOPE_SLOTS);
			return -1;
		}
		for (size_t r = 0; r < svc->recipient_count; r++) {
			if (!config_find_recipient(&term->config, svc->recipients[r])) {
				error_set(
					err,
					"%s: [service.%s] recipients: '%s' is not in [recipients] "
					"of %s",
					term->config.catalogue_path, svc->id, svc->recipients[r],
					term->config.path);
				return -1;
			}
		}
	}
	return 0;
}

struct terminal *terminal_open(const char *config_path, struct error *err)
{
	struct terminal *term = calloc(1, sizeof(*term));

	if (!term) {
		error_set(err, "out of memory");
		return NULL;
	}
	if (config_load(&term->config, config_path, err) < 0)
		goto fail;
	if (catalogue_load(&term->catalogue, term->config.catalogue_path, err) < 0 ||
	    terminal_check_catalogue(term, err) < 0 || terminal_load_recipients(term, err) < 0)
		goto fail;
	term->signer = key_secret_load(term->config.key_path, KEY_ED25519, NULL, err);
	if (!term->signer)
		goto fail;
	term->spool = spool_open(term->config.data_dir, err);
	if (!term->spool)
		goto fail;
	return term;
fail:
	terminal_close(term);
	return NULL;
}

void terminal_close(struct terminal *term)
{
	if (!term)
		return;
	spool_close(term->spool);
	key_secret_free(term->signer);
	free(term->recipients);
	catalogue_free(&term->catalogue);
	config_free(&term->config);
	free(term);
}

const struct config *terminal_config(const struct terminal *term)
{
	return &term->config;
}

const struct catalogue *terminal_catalogue(const struct terminal *term)
{
	return &term->catalogue;
}

struct spool *terminal_spool(struct terminal *term)
{
	return term->spool;
}

const struct key_secret *terminal_signer(const struct terminal *term)
{
	return term->signer;
}

/* A fresh code like "K7QM-3XPA" into OUT (REQUEST_REFERENCE_LEN + 1 bytes). */
static void terminal_new_reference(char *out)
{
	for (int i = 0, o = 0; i < 8; i++) {
		if (i == 4)
			out[o++] = '-';
		out[o++] = REFERENCE_ALPHABET[randombytes_uniform(sizeof(REFERENCE_ALPHABET) - 1)];
	}
	out[REQUEST_REFERENCE_LEN] = '\0';
}

void terminal_reference_hash(const struct terminal *term, const char *reference,
			     unsigned char *hash)
{
	unsigned char key[crypto_generichash_KEYBYTES];

	/* The hash key is derived from the signing seed: only this terminal can recompute it. */
	crypto_kdf_derive_from_key(key, sizeof(key), 1, "PRSMREF1", key_secret_bytes(term->signer));
	crypto_generichash(hash, REFERENCE_HASH_BYTES, (const unsigned char *)reference,
			   strlen(reference), key, sizeof(key));
	sodium_memzero(key, sizeof(key));
}

/* The public keys the service's requests are sealed to, into OUT. Returns the count. */
static size_t terminal_service_recipients(const struct terminal *term, const struct service *svc,
					  struct key_public *out)
{
	size_t n = 0;

	for (size_t r = 0; r < svc->recipient_count; r++) {
		for (size_t i = 0; i < term->config.recipient_count && n < ENVELOPE_SLOTS; i++) {
			if (!strcmp(term->config.recipients[i].name, svc->recipients[r]))
				out[n++] = term->recipients[i];
		}
	}
	return n;
}

int terminal_submit(struct terminal *term, const struct request *req, char *reference,
		    struct error *err)
{
	struct key_public recipients[ENVELOPE_SLOTS];
	unsigned char hash[REFERENCE_HASH_BYTES], *env = NULL;
	const struct service *svc;
	char *payload = NULL, code[REQUEST_REFERENCE_LEN + 1];
	size_t payload_len, env_len, count;
	uint64_t counter, created = (uint64_t)time(NULL);
	int rc = -1;

	if (request_validate(req, err) < 0)
		return -1;
	svc = catalogue_find(&term->catalogue, req->service);
	if (!svc) {
		error_set(err, "service: '%s' is not in the catalogue", req->service);
		return -1;
	}
	count = terminal_service_recipients(term, svc, recipients);
	terminal_new_reference(code);
	if (request_to_json(req, code, (time_t)created, &payload, &payload_len, err) < 0)
		return -1;
	if (spool_begin_add(term->spool, &counter, err) < 0)
		goto end;
	if (envelope_seal(term->config.terminal_id, counter, recipients, count,
			  (const unsigned char *)payload, payload_len, term->signer, &env, &env_len,
			  err) < 0) {
		spool_abort_add(term->spool);
		goto end;
	}
	terminal_reference_hash(term, code, hash);
	if (spool_finish_add(term->spool, counter, env, env_len, hash, sizeof(hash), err))
		goto end;
	memcpy(reference, code, sizeof(code));
	rc = 0;
end:
	sodium_free(payload);
	free(env);
	sodium_memzero(code, sizeof(code));
	return rc;
}
