/*
 * make bench: how long sealing and storing one request takes on this machine.
 * Usage: bench_submit CONFIG COUNT. Prints one line per measurement.
 */
#include "core/envelope.h"
#include "core/keys.h"
#include "core/request.h"
#include "core/terminal.h"

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

int main(int argc, char **argv)
{
	struct error err = { { 0 } };
	struct terminal *term;
	struct request *req;
	char reference[REQUEST_REFERENCE_LEN + 1];
	int count = argc > 2 ? atoi(argv[2]) : 200;
	double *ms;

	if (argc < 2 || count < 1 || core_init() < 0) {
		fprintf(stderr, "usage: bench_submit CONFIG [COUNT]\n");
		return 2;
	}
	if (!(term = terminal_open(argv[1], &err))) {
		fprintf(stderr, "bench_submit: %s\n", err.msg);
		return 1;
	}
	req = request_new();
	ms = calloc((size_t)count, sizeof(*ms));
	if (!req || !ms)
		return 1;
	for (int i = 0; i < count; i++) {
		double start = bench_now_ms();
		bench_fill(req, i);
		if (terminal_submit(term, req, reference, &err) < 0) {
			fprintf(stderr, "bench_submit: %s\n", err.msg);
			return 1;
		}
		ms[i] = bench_now_ms() - start;
	}
	bench_report("submit (validate, reference hash, seal, sign, SQLite commit with fsync)", ms,
		     count);
	/* The Argon2id reference hash alone: what an attacker pays per guessed code. */
	for (int i = 0; i < count && i < 50; i++) {
		unsigned char hash[TERMINAL_HASH_BYTES];
		double start = bench_now_ms();
		if (terminal_reference_hash(term, "K7QM-3XPA", hash, &err) < 0) {
			fprintf(stderr, "bench_submit: %s\n", err.msg);
			return 1;
		}
		ms[i] = bench_now_ms() - start;
	}
	bench_report("reference hash alone (Argon2id, per guessed code)", ms,
		     count < 50 ? count : 50);
	request_free(req);
	free(ms);
	terminal_close(term);
	return 0;
}
