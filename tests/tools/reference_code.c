/*
 * Test tool: what the kiosk does with reference codes, for shell tests.
 * `submit` stores the demo's anonymous request (service akt) through
 * terminal_submit(), as the kiosk does, and prints its reference code;
 * `lookup` asks the status screen's question and prints pending, collected
 * or unknown.
 *
 *   reference-code TERMINAL.ini submit
 *   reference-code TERMINAL.ini lookup CODE
 */
#include "core/request.h"
#include "core/terminal.h"

#include <stdio.h>
#include <string.h>

/* Submits the demo's request; prints its code. 0, or -1 with ERR. */
static int reference_submit(struct terminal *term, struct error *err)
{
	char reference[REQUEST_REFERENCE_LEN + 1];
	struct request *req = request_new();
	int rc;

	if (!req) {
		error_set(err, "out of memory");
		return -1;
	}
	strcpy(req->service, "akt");
	strcpy(req->language, "de");
	strcpy(req->message, "asked by reference-code");
	req->contact = CONTACT_CODE;
	rc = terminal_submit(term, req, reference, err);
	if (rc == 0)
		printf("%s\n", reference);
	request_free(req);
	return rc == 0 ? 0 : -1;
}

/* Looks CODE up; prints what the status screen would say. 0, or -1 with ERR. */
static int reference_lookup(struct terminal *term, const char *code, struct error *err)
{
	enum terminal_code_status status;
	unsigned wait;
	int rc = terminal_lookup_code(term, code, &status, &wait, err);

	if (rc < 0)
		return -1;
	if (rc == 1) {
		error_set(err, "lookup limit reached: wait %u s", wait);
		return -1;
	}
	printf("%s\n", status == TERMINAL_CODE_PENDING	   ? "pending"
		       : status == TERMINAL_CODE_COLLECTED ? "collected"
							   : "unknown");
	return 0;
}

int main(int argc, char **argv)
{
	struct error err = { { 0 } };
	struct terminal *term;
	int rc = 1;

	if (argc < 3 || core_init() < 0 || (!strcmp(argv[2], "lookup") ? argc != 4 : argc != 3) ||
	    (strcmp(argv[2], "submit") && strcmp(argv[2], "lookup"))) {
		fprintf(stderr, "usage: reference-code TERMINAL.ini submit | lookup CODE\n");
		return 2;
	}
	if (!(term = terminal_open(argv[1], &err)))
		goto end;
	if ((!strcmp(argv[2], "submit") ? reference_submit(term, &err)
					: reference_lookup(term, argv[3], &err)) == 0)
		rc = 0;
	terminal_close(term);
end:
	if (rc)
		fprintf(stderr, "reference-code: %s\n", err.msg);
	return rc;
}
