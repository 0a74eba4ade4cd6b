#include "kiosk/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct session {
	struct terminal *term; /* borrowed; NULL when out of service */
	struct request *req;   /* owned, sodium_malloc'd */
	char reference[REQUEST_REFERENCE_LEN + 1];
	const struct service *service; /* into the catalogue, or NULL */
	int contact_chosen;
	int consent;
	/* What the done screen says of the request just stored: its provider, named or not. */
	const struct service *sent_service;
	int sent_named;

	char code[REQUEST_REFERENCE_LEN + 1]; /* typed on the status screen */
	enum session_answer answer;
	unsigned answer_wait;
	enum terminal_code_status lookup_status;
	int lookup; /* the worker's job is a status check, not a submit */

	SDL_Thread *worker; /* non-NULL while a submit runs or awaits its finish */
	int submit_rc;
	int refusal;	   /* TERMINAL_SUBMIT_WAIT or _FULL from the last submit, else 0 */
	long refusal_wait; /* seconds, for TERMINAL_SUBMIT_WAIT */
	struct error submit_err;
};

struct session *session_new(struct terminal *term, struct error *err)
{
	/* Locked memory too: it holds the code and, in submit_err, nothing else. */
	struct session *s = sodium_malloc(sizeof(*s));

	if (!s) {
		error_set(err, "out of memory for the session");
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->term = term;
	s->req = request_new();
	if (!s->req) {
		sodium_free(s);
		error_set(err, "out of memory for the request");
		return NULL;
	}
	return s;
}

/* Waits for a worker that nobody finished (SIGTERM, wipe during a submit). */
static void session_join(struct session *s)
{
	if (!s->worker)
		return;
	SDL_WaitThread(s->worker, NULL);
	s->worker = NULL;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	session_join(s);
	request_free(s->req);
	sodium_free(s); /* wipes the code and the choices */
}

void session_wipe(struct session *s)
{
	session_join(s);
	request_wipe(s->req);
	sodium_memzero(s->reference, sizeof(s->reference));
	sodium_memzero(&s->submit_err, sizeof(s->submit_err));
	sodium_memzero(s->code, sizeof(s->code));
	s->answer = SESSION_ANSWER_NONE;
	s->answer_wait = 0;
	s->lookup_status = TERMINAL_CODE_UNKNOWN;
	s->lookup = 0;
	s->service = NULL;
	s->contact_chosen = 0;
	s->consent = 0;
	s->sent_service = NULL;
	s->sent_named = 0;
	s->submit_rc = 0;
	s->refusal = 0;
	s->refusal_wait = 0;
}

const char *session_wiped_why(const struct session *s)
{
	if (s->req && !sodium_is_zero((const unsigned char *)s->req, sizeof(*s->req)))
		return "the request memory is not zero";
	if (!sodium_is_zero((const unsigned char *)s->reference, sizeof(s->reference)))
		return "the reference code is still held";
	if (!sodium_is_zero((const unsigned char *)s->code, sizeof(s->code)))
		return "the typed status code is still held";
	if (s->answer != SESSION_ANSWER_NONE || s->answer_wait || s->lookup_status || s->lookup)
		return "a status answer is still held";
	if (s->refusal || s->refusal_wait)
		return "the reason of a refused submit is still held";
	if (s->service || s->contact_chosen || s->consent || s->sent_service || s->sent_named)
		return "a choice (service, contact, consent, what was sent) is still held";
	if (s->worker)
		return "a submit is still running";
	return NULL;
}

/* The buffer behind FIELD and its size, or NULL. */
static char *session_buffer(const struct session *s, enum session_field field, size_t *size)
{
	struct request *req = s->req;

	*size = 0;
	if (field == SESSION_FIELD_CODE) {
		*size = sizeof(s->code);
		return (char *)s->code;
	}
	if (!req)
		return NULL;
	switch (field) {
	case SESSION_FIELD_NAME: *size = sizeof(req->name); return req->name;
	case SESSION_FIELD_NUMBER: *size = sizeof(req->number); return req->number;
	case SESSION_FIELD_UNIT: *size = sizeof(req->unit); return req->unit;
	case SESSION_FIELD_TIMES: *size = sizeof(req->times); return req->times;
	case SESSION_FIELD_MESSAGE: *size = sizeof(req->message); return req->message;
	case SESSION_FIELD_CODE:
	case SESSION_FIELD_NONE: break;
	}
	return NULL;
}

const char *session_field(const struct session *s, enum session_field field)
{
	size_t size;
	const char *buf = session_buffer(s, field, &size);

	return buf ? buf : "";
}

void session_type(struct session *s, enum session_field field, const char *utf8)
{
	size_t size;
	char *buf = session_buffer(s, field, &size);

	if (!buf || s->worker)
		return;
	/*
	 * A line break (key.enter) only where request_validate allows one, the
	 * times and the message; request_field_append refuses every control
	 * character, so it is appended here.
	 */
	if (strcmp(utf8, "\n") == 0) {
		if ((field == SESSION_FIELD_TIMES || field == SESSION_FIELD_MESSAGE) &&
		    strlen(buf) + 2 <= size)
			memcpy(buf + strlen(buf), "\n", 2);
		return;
	}
	request_field_append(buf, size, utf8); /* refuses what could not be sealed */
	if (field == SESSION_FIELD_CODE)
		s->answer = SESSION_ANSWER_NONE; /* a new code: the old answer goes */
}

void session_backspace(struct session *s, enum session_field field)
{
	size_t size;
	char *buf = session_buffer(s, field, &size);

	if (buf && !s->worker) {
		request_field_backspace(buf);
		if (field == SESSION_FIELD_CODE)
			s->answer = SESSION_ANSWER_NONE;
	}
}

int session_choose_service(struct session *s, const char *id)
{
	const struct service *service;

	if (!s->term || s->worker)
		return -1;
	service = catalogue_find(terminal_catalogue(s->term), id);
	if (!service)
		return -1;
	s->service = service;
	snprintf(s->req->service, sizeof(s->req->service), "%s", service->id);
	return 0;
}

void session_choose_contact(struct session *s, enum contact_mode mode)
{
	struct request *req = s->req;

	if (s->worker)
		return;
	s->contact_chosen = 1;
	req->contact = mode;
	if (mode == CONTACT_CODE) {
		/* An anonymous request must not carry a name typed before changing one's mind. */
		sodium_memzero(req->name, sizeof(req->name));
		sodium_memzero(req->number, sizeof(req->number));
		sodium_memzero(req->unit, sizeof(req->unit));
	}
}

const struct service *session_service(const struct session *s)
{
	return s->service;
}

int session_contact_chosen(const struct session *s)
{
	return s->contact_chosen;
}

int session_consent(const struct session *s)
{
	return s->consent;
}

int session_is_named(const struct session *s)
{
	return s->contact_chosen && s->req->contact == CONTACT_NAMED;
}

int session_contact_complete(const struct session *s)
{
	return s->contact_chosen && request_contact_complete(s->req);
}

void session_toggle_consent(struct session *s)
{
	s->consent = !s->consent;
}

Uint32 session_submit_event(void)
{
	static Uint32 type; /* SDL's event registry is process-wide; so is this number */

	if (!type)
		type = SDL_RegisterEvents(1);
	return type;
}

/* The worker: seal and commit, then only tell the main loop. Touches nothing else. */
static int session_worker(void *data)
{
	struct session *s = data;
	SDL_Event event;

	if (s->lookup)
		s->submit_rc = terminal_lookup_code(s->term, s->code, &s->lookup_status,
						    &s->answer_wait, &s->submit_err);
	else
		s->submit_rc = terminal_submit(s->term, s->req, s->reference, &s->submit_err);
	if (!s->lookup && s->submit_rc == TERMINAL_SUBMIT_WAIT)
		s->refusal_wait = terminal_submit_wait(s->term);
	memset(&event, 0, sizeof(event));
	event.type = session_submit_event();
	event.user.data1 = s;
	if (SDL_PushEvent(&event) < 0)
		fprintf(stderr, "prisma-kiosk: submit event: %s\n", SDL_GetError());
	return 0;
}

int session_submit_start(struct session *s, const char *language, struct error *err)
{
	if (s->worker || !s->term) {
		error_set(err, s->worker ? "a submit is already running" : "out of service");
		return -1;
	}
	if (session_submit_event() == (Uint32)-1) {
		error_set(err, "no SDL event for the submit: %s", SDL_GetError());
		return -1;
	}
	snprintf(s->req->language, sizeof(s->req->language), "%s", language);
	sodium_memzero(s->reference, sizeof(s->reference));
	s->submit_rc = -1;
	s->refusal = 0;
	s->refusal_wait = 0;
	s->worker = SDL_CreateThread(session_worker, "prisma-submit", s);
	if (!s->worker) {
		error_set(err, "submit thread: %s", SDL_GetError());
		return -1;
	}
	return 0;
}

int session_submitting(const struct session *s)
{
	return s->worker != NULL;
}

int session_submit_finish(struct session *s, struct error *err)
{
	int rc;

	session_join(s);
	rc = s->submit_rc;
	if (rc != 0) {
		/* The request stays in locked memory for "try again"; only the code goes. */
		error_set(err, "%s", s->submit_err.msg);
		if (rc == TERMINAL_SUBMIT_WAIT || rc == TERMINAL_SUBMIT_FULL)
			s->refusal = rc;
		sodium_memzero(s->reference, sizeof(s->reference));
		sodium_memzero(&s->submit_err, sizeof(s->submit_err));
		return -1;
	}
	s->sent_service = s->service;
	s->sent_named = session_is_named(s);
	request_wipe(s->req);
	s->service = NULL;
	s->contact_chosen = 0;
	s->consent = 0;
	return 0;
}

const struct service *session_sent_service(const struct session *s)
{
	return s->sent_service;
}

int session_sent_named(const struct session *s)
{
	return s->sent_named;
}

const char *session_reference(const struct session *s)
{
	return s->reference;
}

void session_lookup_busy(struct session *s)
{
	if (!s->worker)
		s->answer = SESSION_ANSWER_BUSY;
}

int session_lookup_start(struct session *s, struct error *err)
{
	if (s->worker || !s->term || session_submit_event() == (Uint32)-1) {
		error_set(err, "%s", s->worker ? "a check is already running" : "cannot check now");
		goto fail;
	}
	s->lookup = 1;
	s->answer = SESSION_ANSWER_BUSY;
	s->answer_wait = 0;
	s->submit_rc = -1;
	s->worker = SDL_CreateThread(session_worker, "prisma-lookup", s);
	if (!s->worker) {
		error_set(err, "lookup thread: %s", SDL_GetError());
		s->lookup = 0;
		goto fail;
	}
	return 0;
fail:
	if (!s->worker)
		s->answer = SESSION_ANSWER_NONE;
	return -1;
}

int session_lookup_running(const struct session *s)
{
	return s->lookup;
}

int session_lookup_finish(struct session *s, struct error *err)
{
	int rc;

	session_join(s);
	rc = s->submit_rc;
	s->lookup = 0;
	if (rc < 0) {
		error_set(err, "%s", s->submit_err.msg);
		sodium_memzero(&s->submit_err, sizeof(s->submit_err));
		s->answer = SESSION_ANSWER_ERROR;
		return -1;
	}
	if (rc == 1)
		s->answer = SESSION_ANSWER_WAIT;
	else
		s->answer = s->lookup_status == TERMINAL_CODE_PENDING	  ? SESSION_ANSWER_PENDING
			    : s->lookup_status == TERMINAL_CODE_COLLECTED ? SESSION_ANSWER_COLLECTED
									  : SESSION_ANSWER_UNKNOWN;
	s->lookup_status = TERMINAL_CODE_UNKNOWN;
	return 0;
}

enum session_answer session_lookup_answer(const struct session *s, unsigned *wait_s)
{
	*wait_s = s->answer_wait;
	return s->answer;
}

int session_submit_refusal(const struct session *s, long *wait_s)
{
	*wait_s = s->refusal_wait;
	return s->refusal;
}
