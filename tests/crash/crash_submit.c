/*
 * The crash harness's submit workload (tests/crash/kill.sh, power_cut.sh).
 * Usage: crash_submit CONFIG TAG COUNT
 *
 * Submits COUNT anonymous AKT requests whose message is "TAG-N" (N = 1..COUNT)
 * through terminal_submit(), the kiosk's own path. Only after
 * terminal_submit() has returned success does it write the line
 * "ok TAG-N REFERENCE" to stdout, in one write(2), so a line on stdout means
 * "the inmate was shown this code" and the request must never be lost, however
 * the process or the machine dies afterwards. Exits 1 on the first failure.
 */
#include "core/request.h"
#include "core/terminal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes LINE to stdout in one write(2): a kill can cut it off, never interleave it. */
static int crash_submit_report(const char *line, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, line, len);
		if (n <= 0)
			return -1;
		line += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Submits request number N; 0 with its line written, -1 with ERR. */
static int crash_submit_one(struct terminal *term, struct request *req, const char *tag, long n,
			    struct error *err)
{
	char reference[REQUEST_REFERENCE_LEN + 1], line[256];
	int len;

	request_wipe(req);
	snprintf(req->service, sizeof(req->service), "akt");
	snprintf(req->language, sizeof(req->language), "de");
	req->contact = CONTACT_CODE;
	snprintf(req->message, sizeof(req->message), "%s-%ld", tag, n);
	if (terminal_submit(term, req, reference, err) < 0)
		return -1;
	len = snprintf(line, sizeof(line), "ok %s-%ld %s\n", tag, n, reference);
	if (len < 0 || (size_t)len >= sizeof(line) || crash_submit_report(line, (size_t)len) < 0) {
		error_set(err, "stdout: cannot write");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct error err = { { 0 } };
	struct terminal *term = NULL;
	struct request *req = NULL;
	long count = argc == 4 ? strtol(argv[3], NULL, 10) : 0;
	int rc = 1;

	if (argc != 4 || count < 1 || strlen(argv[2]) > 64) {
		fprintf(stderr, "usage: crash_submit CONFIG TAG COUNT\n");
		return 2;
	}
	if (core_init() < 0 || !(req = request_new())) {
		fprintf(stderr, "crash_submit: cannot start core\n");
		goto end;
	}
	if (!(term = terminal_open(argv[1], &err)))
		goto fail;
	for (long n = 1; n <= count; n++)
		if (crash_submit_one(term, req, argv[2], n, &err) < 0)
			goto fail;
	rc = 0;
	goto end;
fail:
	fprintf(stderr, "crash_submit: %s\n", err.msg);
end:
	request_free(req);
	terminal_close(term);
	return rc;
}
