#ifndef PRISMA_KIOSK_SESSION_H
#define PRISMA_KIOSK_SESSION_H

#include "core/catalogue.h"
#include "core/error.h"
#include "core/request.h"
#include "core/terminal.h"

#include <SDL.h>

/*
 * One inmate's visit: the only module that holds the inmate's plaintext (the
 * request in sodium_malloc'd locked memory, the reference code) and the
 * choices made on the way (service, contact, consent). Screens read it and
 * ask it to change; nothing else keeps a copy that outlives a frame.
 *
 * Submitting runs off the main loop: session_submit_start hands the request to
 * a worker thread that seals and commits it through terminal_submit and then
 * only posts an SDL event (session_submit_event()). The main loop calls
 * session_submit_finish when that event arrives. While a submit runs, the
 * session must not be changed or wiped except through session_submit_finish
 * (session_wipe waits for the worker first).
 */
enum session_field {
	SESSION_FIELD_NONE = 0,
	SESSION_FIELD_NAME,
	SESSION_FIELD_NUMBER,
	SESSION_FIELD_UNIT,
	SESSION_FIELD_TIMES,
	SESSION_FIELD_MESSAGE,
	SESSION_FIELD_CODE, /* the reference code typed on the status screen */
};

struct session;

/*
 * An empty session for TERM (NULL: out of service, nothing can be chosen or
 * sent). Returns it, or NULL with ERR (out of memory). Free with session_free.
 */
struct session *session_new(struct terminal *term, struct error *err);

/* Waits for a running submit, wipes and frees. NULL is fine. */
void session_free(struct session *s);

/*
 * Forgets everything of this visit: waits for a running submit, zeroes the
 * request, the code and every choice. Cannot fail.
 */
void session_wipe(struct session *s);

/* NULL when nothing of the visit is held (all memory zero), else a short reason. */
const char *session_wiped_why(const struct session *s);

/* The text of FIELD (read-only, lives as long as the session), or "" for none. */
const char *session_field(const struct session *s, enum session_field field);

/*
 * Appends UTF8 to FIELD; ignored when it would not fit or could not be sealed.
 * "\n" (a line break) is taken only by the times and the message.
 */
void session_type(struct session *s, enum session_field field, const char *utf8);

/* Removes the last character of FIELD. */
void session_backspace(struct session *s, enum session_field field);

/*
 * How many more characters FIELD takes, counted as a person sees them: a
 * letter with its combining marks (a Vietnamese tone, Arabic harakat) or a
 * zero-width joiner is one or none, never bytes. The same limit in every
 * script (docs/kiosk.md, "Length counters"). -1 for SESSION_FIELD_NONE.
 */
int session_field_left(const struct session *s, enum session_field field);

/*
 * The field whose last typed character was refused because the field was
 * full, or SESSION_FIELD_NONE. The next accepted character, a backspace or
 * session_clear_refused forgets it. Cannot fail.
 */
enum session_field session_field_refused(const struct session *s);
void session_clear_refused(struct session *s);

/*
 * What still keeps the contact screen's Next disabled: none (complete), the
 * choice, the name or the prisoner number (as request_contact_complete judges).
 */
enum session_missing {
	SESSION_MISSING_NONE = 0,
	SESSION_MISSING_CHOICE,
	SESSION_MISSING_NAME,
	SESSION_MISSING_NUMBER,
};
enum session_missing session_contact_missing(const struct session *s);

/* Chooses the catalogue service ID. Returns 0, or -1 (nothing changed) when unknown. */
int session_choose_service(struct session *s, const char *id);

/* Chooses how to be answered; an anonymous choice zeroes name, number and unit typed before. */
void session_choose_contact(struct session *s, enum contact_mode mode);

/* The chosen service, or NULL. */
const struct service *session_service(const struct session *s);

/* True once a contact choice (anonymous or named) was made. */
int session_contact_chosen(const struct session *s);

/* True when the inmate consented to send. */
int session_consent(const struct session *s);

/* True when the chosen contact is named (and a choice was made). */
int session_is_named(const struct session *s);

/* True when the contact choice is complete (named needs name and number, as core decides). */
int session_contact_complete(const struct session *s);

/* Flips the consent to send. */
void session_toggle_consent(struct session *s);

/* The SDL event type the worker posts when a submit ends (registered once). */
Uint32 session_submit_event(void);

/*
 * Starts sealing and committing the request in LANGUAGE on a worker thread.
 * Returns 0 (the event will come), or -1 with ERR when no thread could be
 * started (nothing changed; the request is kept).
 */
int session_submit_start(struct session *s, const char *language, struct error *err);

/* True while a submit runs (between start and finish). */
int session_submitting(const struct session *s);

/*
 * Joins the worker after its event. Returns 0 when the request is stored: the
 * code is in session_reference and the request and choices are wiped. Returns
 * -1 with ERR (core's message, no plaintext) when it was not: the request stays
 * as it was, so it can be retried.
 */
int session_submit_finish(struct session *s, struct error *err);

/*
 * After a successful submit: the service the request went to and whether it
 * carried a name (what the done screen tells); NULL / 0 otherwise and after a
 * wipe. Cannot fail.
 */
const struct service *session_sent_service(const struct session *s);
int session_sent_named(const struct session *s);

/*
 * Why the last submit failed, kept with the request for "try again" until the
 * next submit or a wipe: 0 (any failure), TERMINAL_SUBMIT_WAIT (core's rate
 * limit: *WAIT_S the seconds to wait) or TERMINAL_SUBMIT_FULL (core/terminal.h).
 */
int session_submit_refusal(const struct session *s, long *wait_s);

/* The reference code after a successful submit, else "". */
const char *session_reference(const struct session *s);

/*
 * The status check (screen status): the code typed in SESSION_FIELD_CODE is
 * looked up with terminal_lookup_code (one slow hash) on the same worker as a
 * submit, posting the same event; session_submitting() is true meanwhile.
 * session_lookup_busy marks the check as running before the busy frame is
 * drawn; session_lookup_start then starts the worker. 0, or -1 with ERR
 * (the busy mark is cleared).
 */
void session_lookup_busy(struct session *s);
int session_lookup_start(struct session *s, struct error *err);

/* True when the running (or just finished) worker job is a status check. */
int session_lookup_running(const struct session *s);

/* Joins the check's worker after its event. 0, or -1 with ERR (core's message, no code). */
int session_lookup_finish(struct session *s, struct error *err);

enum session_answer {
	SESSION_ANSWER_NONE = 0, /* nothing checked (or typing since) */
	SESSION_ANSWER_BUSY,	 /* the check runs */
	SESSION_ANSWER_PENDING,
	SESSION_ANSWER_COLLECTED,
	SESSION_ANSWER_UNKNOWN,
	SESSION_ANSWER_WAIT,  /* too many tries: *WAIT_S seconds to wait */
	SESSION_ANSWER_ERROR, /* the check itself failed */
};

/* The answer to the last status check; *WAIT_S is set for SESSION_ANSWER_WAIT. */
enum session_answer session_lookup_answer(const struct session *s, unsigned *wait_s);

#endif
