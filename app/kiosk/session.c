#include "kiosk/session.h"

#include "kiosk/shape.h"

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
	enum session_field refused; /* full when its last character was typed */
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
	s->refused = SESSION_FIELD_NONE;
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
	if (s->service || s->contact_chosen || s->consent || s->sent_service || s->sent_named ||
	    s->refused)
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

/*
 * Each field's limit in characters as a person counts them, the same in
 * every script. The buffer (core's REQUEST_*_MAX) holds that many characters
 * of BYTES_EACH bytes (3: any letter of the on-screen keyboards, which are all
 * in the Basic Multilingual Plane; 1: the code's ASCII alphabet).
 */
static const struct {
	enum session_field field;
	int chars, bytes_each;
} field_limits[] = {
	{ SESSION_FIELD_NAME, 40, 3 },	   { SESSION_FIELD_NUMBER, 10, 3 },
	{ SESSION_FIELD_UNIT, 10, 3 },	   { SESSION_FIELD_TIMES, 80, 3 },
	{ SESSION_FIELD_MESSAGE, 300, 3 }, { SESSION_FIELD_CODE, REQUEST_REFERENCE_LEN, 1 },
};

/*
 * Characters in UTF8 as a person counts them: a combining mark or an
 * invisible joiner stays with the character before it (shape_attaches, as
 * the caret does); a line break counts as one.
 */
static int session_count_chars(const char *utf8)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t len, avail = strlen(utf8);
	int count = 0;
	unsigned cp;

	for (; *p; p += len, avail -= len) {
		len = shape_utf8(p, avail, &cp);
		if (!len)
			return count + 1; /* not UTF-8: request_field_append refuses it anyway */
		count += !shape_attaches(cp);
	}
	return count;
}

int session_field_left(const struct session *s, enum session_field field)
{
	size_t size, used;
	const char *buf = session_buffer(s, field, &size);
	int left, by_bytes;

	for (size_t i = 0; buf && i < sizeof(field_limits) / sizeof(field_limits[0]); i++) {
		if (field_limits[i].field != field)
			continue;
		used = strlen(buf);
		left = field_limits[i].chars - session_count_chars(buf);
		by_bytes = (int)((size - 1 - used) / (size_t)field_limits[i].bytes_each);
		left = by_bytes < left ? by_bytes : left;
		return left > 0 ? left : 0;
	}
	return -1;
}

enum session_field session_field_refused(const struct session *s)
{
	return s->refused;
}

void session_clear_refused(struct session *s)
{
	s->refused = SESSION_FIELD_NONE;
}

/* Appends UTF8 when FIELD has room for it in characters and bytes: 0, else -1. */
static int session_append(struct session *s, enum session_field field, char *buf, size_t size,
			  const char *utf8)
{
	size_t len = strlen(buf);

	if (session_count_chars(utf8) > session_field_left(s, field))
		return -1;
	/*
	 * A line break (key.enter) only where request_validate allows one, the
	 * times and the message; request_field_append refuses every control
	 * character, so it is appended here.
	 */
	if (strcmp(utf8, "\n") == 0) {
		if (len + 2 > size)
			return -1;
		memcpy(buf + len, "\n", 2);
		return 0;
	}
	return request_field_append(buf, size, utf8);
}

void session_type(struct session *s, enum session_field field, const char *utf8)
{
	size_t size;
	char *buf = session_buffer(s, field, &size);

	if (!buf || s->worker)
		return;
	if (strcmp(utf8, "\n") == 0 && field != SESSION_FIELD_TIMES &&
	    field != SESSION_FIELD_MESSAGE)
		return;
	if (session_append(s, field, buf, size, utf8) != 0) {
		/* Full (or text that could not be sealed): refused, and the screen says so. */
		if (session_field_left(s, field) <= 0 || strlen(buf) + strlen(utf8) + 1 > size)
			s->refused = field;
		return;
	}
	s->refused = SESSION_FIELD_NONE;
	if (field == SESSION_FIELD_CODE)
		s->answer = SESSION_ANSWER_NONE; /* a new code: the old answer goes */
}

void session_backspace(struct session *s, enum session_field field)
{
	size_t size;
	char *buf = session_buffer(s, field, &size);

	if (buf && !s->worker) {
		request_field_backspace(buf);
		s->refused = SESSION_FIELD_NONE;
		if (field == SESSION_FIELD_CODE)
			s->answer = SESSION_ANSWER_NONE;
	}
}

enum session_missing session_contact_missing(const struct session *s)
{
	if (!s->contact_chosen)
		return SESSION_MISSING_CHOICE;
	if (request_contact_complete(s->req))
		return SESSION_MISSING_NONE;
	/* Blank as request_contact_complete judges it: the two never disagree. */
	return request_blank(s->req->name) ? SESSION_MISSING_NAME : SESSION_MISSING_NUMBER;
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
