/*
 * make bench: how long sealing and storing one request takes on this machine.
 * Usage: bench_submit CONFIG COUNT. Prints one line per measurement.
 */
#include "core/envelope.h"
#include "core/keys.h"
#include "core/request.h"
#include "core/terminal.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int bench_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void bench_report(const char *what, double *ms, int count)
{
	double sum = 0;

	qsort(ms, (size_t)count, sizeof(*ms), bench_compare);
	for (int i = 0; i < count; i++)
		sum += ms[i];
	printf("%s: n=%d mean=%.3f ms median=%.3f ms p95=%.3f ms max=%.3f ms\n", what, count,
	       sum / count, ms[count / 2], ms[count * 95 / 100], ms[count - 1]);
}

static void bench_fill(struct request *req, int i)
{
	snprintf(req->service, sizeof(req->service), "akt");
	snprintf(req->language, sizeof(req->language), "de");
	req->contact = CONTACT_NAMED;
	snprintf(req->name, sizeof(req->name), "Bench Person %d", i);
	snprintf(req->number, sizeof(req->number), "%d", 1000 + i);
	snprintf(req->unit, sizeof(req->unit), "B %d", i % 40);
	memset(req->message, 'm', 400);
}

/* The recipients of the "akt" service, as terminal_submit seals to them. Returns the count. */
static size_t bench_recipients(struct terminal *term, struct key_public *out, struct error *err)
{
	const struct config *cfg = terminal_config(term);
	const struct service *svc = catalogue_find(terminal_catalogue(term), "akt");
	size_t n = 0;

	for (size_t r = 0; svc && r < svc->recipient_count; r++)
		for (size_t i = 0; i < cfg->recipient_count && n < ENVELOPE_SLOTS; i++)
			if (!strcmp(cfg->recipients[i].name, svc->recipients[r]) &&
			    key_public_load(&out[n++], cfg->recipients[i].public_key_path,
					    KEY_X25519, err) < 0)
				return 0;
	return n;
}

/*
 * Seal + commit alone: terminal_submit's steps after the reference hash
 * (payload, spool lock, seal, sign, insert, commit with fsync), COUNT times.
 */
static int bench_seal_commit(struct terminal *term, struct request *req, int count, double *ms,
			     struct error *err)
{
	struct key_public recipients[ENVELOPE_SLOTS];
	size_t n = bench_recipients(term, recipients, err);
	unsigned char hash[TERMINAL_HASH_BYTES];

	for (int i = 0; n && i < count; i++) {
		double start = bench_now_ms();
		unsigned char *env = NULL;
		char *payload = NULL;
		size_t payload_len, env_len;
		uint64_t counter;

		bench_fill(req, i);
		randombytes_buf(hash, sizeof(hash));
		if (request_to_json(req, "K7QM-3XPA", time(NULL), &payload, &payload_len, err) <
			    0 ||
		    spool_begin_add(terminal_spool(term), &counter, err) < 0 ||
		    envelope_seal(terminal_config(term)->terminal_id, counter, recipients, n,
				  (const unsigned char *)payload, payload_len,
				  terminal_signer(term), &env, &env_len, err) < 0 ||
		    spool_finish_add(terminal_spool(term), counter, env, env_len, hash,
				     sizeof(hash), err) < 0)
			return -1;
		sodium_free(payload);
		free(env);
		ms[i] = bench_now_ms() - start;
	}
	return n ? 0 : -1;
}

/* COUNT whole submits (terminal_submit, reference hash included). */
static int bench_submits(struct terminal *term, struct request *req, int count, double *ms,
			 struct error *err)
{
	char reference[REQUEST_REFERENCE_LEN + 1];

	for (int i = 0; i < count; i++) {
		double start = bench_now_ms();
		bench_fill(req, i);
		if (terminal_submit(term, req, reference, err) < 0)
			return -1;
		ms[i] = bench_now_ms() - start;
	}
	return 0;
}

/* The reference hash alone, COUNT times: what an attacker pays per guessed code. */
static int bench_hashes(struct terminal *term, int count, double *ms, struct error *err)
{
	unsigned char hash[TERMINAL_HASH_BYTES];

	for (int i = 0; i < count; i++) {
		double start = bench_now_ms();
		if (terminal_reference_hash(term, "K7QM-3XPA", hash, err) < 0)
			return -1;
		ms[i] = bench_now_ms() - start;
	}
	return 0;
}

/*
 * bench_submit CONFIG COUNT: COUNT seal + commit, then min(COUNT, 50) whole
 * submits and reference hashes. bench_submit CONFIG COUNT fill: only the
 * seal + commit (to fill a spool quickly for the scaling runs).
 */
int main(int argc, char **argv)
{
	struct error err = { { 0 } };
	struct terminal *term;
	struct request *req;
	int count = argc > 2 ? atoi(argv[2]) : 200, few;
	int fill = argc > 3 && !strcmp(argv[3], "fill");
	double *ms;

	if (argc < 2 || count < 1 || core_init() < 0) {
		fprintf(stderr, "usage: bench_submit CONFIG [COUNT [fill]]\n");
		return 2;
	}
	if (!(term = terminal_open(argv[1], &err))) {
		fprintf(stderr, "bench_submit: %s\n", err.msg);
		return 1;
	}
	few = count < 50 ? count : 50;
	req = request_new();
	ms = calloc((size_t)count, sizeof(*ms));
	if (!req || !ms)
		return 1;
	if (bench_seal_commit(term, req, count, ms, &err) < 0)
		goto fail;
	bench_report("seal + commit (payload, seal, sign, SQLite insert and commit with fsync)", ms,
		     count);
	if (!fill) {
		if (bench_submits(term, req, few, ms, &err) < 0)
			goto fail;
		bench_report("whole submit (validate, reference hash, seal + commit)", ms, few);
		if (bench_hashes(term, few, ms, &err) < 0)
			goto fail;
		bench_report("reference hash alone (Argon2id, per guessed code)", ms, few);
	}
	request_free(req);
	free(ms);
	terminal_close(term);
	return 0;
fail:
	fprintf(stderr, "bench_submit: %s\n", err.msg);
	return 1;
}
