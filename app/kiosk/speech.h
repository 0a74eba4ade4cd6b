#ifndef PRISMA_KIOSK_SPEECH_H
#define PRISMA_KIOSK_SPEECH_H

#include "core/error.h"

#include <SDL.h>
#include <stddef.h>

/*
 * The kiosk's voice (issue 9, read aloud). The main loop hands it text in a
 * language of the language table; a synthesis thread of its own turns the
 * text into audio (espeak-ng) and plays it through SDL audio on the output
 * configured in terminal.ini. The thread touches no other state: it only
 * posts SDL events (speech_event()) back to the main loop. Nothing spoken is
 * written to disk, cached on disk or logged; text and samples are wiped from
 * memory when they are done with.
 *
 * Backends:
 *   "espeak"  the real voice; AUDIO names the SDL output device ("" = SDL's
 *             default output);
 *   "record"  no audio: every utterance is kept, in order, in the transcript
 *             (locked memory, wiped at speech_wipe), for scripts and tests;
 *   "none"    read aloud is off (speech_say does nothing, returns 0).
 * Every backend keeps the transcript of what it was asked to say since the
 * last speech_transcript_clear (scripts: expect-spoken / expect-not-spoken).
 */
typedef struct speech speech;

enum speech_flags {
	SPEECH_APPEND = 1 << 0, /* queue after what is being said (default: replace it) */
	SPEECH_SLOW = 1 << 1,	/* slower than the current rate: codes, digits, groups */
};

enum speech_note {
	SPEECH_STARTED = 1, /* first sample of an utterance reached the audio output */
	SPEECH_FINISHED,    /* the queue ran empty */
	SPEECH_FAILED,	    /* synthesis or audio failed; the kiosk goes on without voice */
};

#define SPEECH_RATE_MIN	      50 /* percent of the language's normal rate */
#define SPEECH_RATE_MAX	      200
#define SPEECH_RATE_DEFAULT   100
#define SPEECH_VOLUME_DEFAULT 80 /* percent */

/*
 * Opens the voice with BACKEND ("espeak", "record" or "none") and audio
 * output AUDIO. Returns the voice, or NULL with ERR naming the backend or
 * device at fault. Starts the synthesis thread for "espeak".
 */
speech *speech_open(const char *backend, const char *audio, struct error *err);

/* Stops speaking, joins the thread, wipes every text and sample and frees SPEECH. NULL is a no-op.
 */
void speech_close(speech *speech);

/*
 * Says TEXT (UTF-8) in language LANG (a language-table code, "de-x-easy"
 * speaks German more slowly), with FLAGS. Without SPEECH_APPEND, whatever is
 * being said stops first. Never blocks on synthesis or audio. Returns 0, or
 * -1 when the text cannot be queued (the caller goes on silently).
 */
int speech_say(speech *speech, const char *lang, const char *text, unsigned flags);

/* Stops at once and drops the queue. */
void speech_stop(speech *speech);

/* 1 while something is queued or playing, else 0. */
int speech_busy(const speech *speech);

/* Rate (SPEECH_RATE_MIN..MAX percent, clamped) and volume (0..100, clamped). */
void speech_set_rate(speech *speech, int percent);
int speech_rate(const speech *speech);
void speech_set_volume(speech *speech, int percent);
int speech_volume(const speech *speech);

/* End of a session: stops, resets rate and volume to their defaults, wipes the transcript. */
void speech_wipe(speech *speech);

/* The transcript since the last clear: COUNT utterances, each as it was passed to speech_say. */
size_t speech_transcript_count(const speech *speech);
const char *speech_transcript_at(const speech *speech, size_t index);
void speech_transcript_clear(speech *speech);

/*
 * SDL's notes about audio outputs, from the main loop: when the configured
 * output goes (a headset pulled out, SDL_AUDIODEVICEREMOVED), the voice stops,
 * drops what it was saying and posts SPEECH_FAILED; the next speech_say (or
 * SDL_AUDIODEVICEADDED) opens the output again. Returns 1 when EVENT was the
 * voice's, else 0 (any other event, or a voice without audio). Cannot fail.
 */
int speech_handle_event(speech *speech, const SDL_Event *event);

/* The SDL event type of notes (type == speech_event(), code an enum speech_note). */
Uint32 speech_event(void);

/*
 * Added after the first contract (backward compatible): the voice and rate of
 * each language come from the language table (assets/languages.ini fields
 * `voice` and `rate`), copied from TABLE. Until this is called, LANG's part
 * before its first '-' names the espeak-ng voice, at the normal rate.
 */
struct langtable;
void speech_set_languages(speech *speech, const struct langtable *table);

#endif
