#ifndef PRISMA_KIOSK_SPEECH_ESPEAK_H
#define PRISMA_KIOSK_SPEECH_ESPEAK_H

#include "core/error.h"
#include "kiosk/speech.h"

#include <stddef.h>

/*
 * The "espeak" backend of speech.c: espeak-ng synthesises on a thread of its
 * own into a ring of samples that the SDL audio callback plays. Neither
 * thread touches anything but this struct; both only post speech_event()
 * notes to the main loop. espeak-ng keeps global state, so at most one is
 * open at a time (a second open fails).
 */
struct speech_espeak;

/* The rate espeak-ng calls normal, in words a minute, and the range it accepts. */
#define SPEECH_ESPEAK_WPM_NORMAL 175
#define SPEECH_ESPEAK_WPM_MIN	 80
#define SPEECH_ESPEAK_WPM_MAX	 450

/*
 * Starts espeak-ng, opens the SDL audio output AUDIO ("" = SDL's default) and
 * the synthesis thread. Returns the backend, or NULL with ERR naming espeak-ng
 * or the device at fault.
 */
struct speech_espeak *speech_espeak_open(const char *audio, struct error *err);

/* Stops, joins the thread, closes the device and wipes every text and sample. NULL is a no-op. */
void speech_espeak_close(struct speech_espeak *e);

/*
 * Queues TEXT in espeak-ng voice VOICE at WPM words a minute (clamped to
 * espeak's range); without APPEND, drops what is queued or playing first.
 * Copies TEXT (wiped once spoken or dropped). Never waits for synthesis or
 * audio. 0, or -1 when out of memory.
 */
int speech_espeak_say(struct speech_espeak *e, const char *voice, int wpm, const char *text,
		      int append);

/*
 * SDL's notes about audio outputs (main thread). SDL_AUDIODEVICEREMOVED of
 * E's output: the queue and ring are dropped, the device closed and
 * SPEECH_FAILED posted; the output is opened again (by its name) at the next
 * speech_espeak_say, or at once when SDL reports an output added. 1 when
 * EVENT concerned E's output, else 0.
 */
int speech_espeak_device_event(struct speech_espeak *e, const SDL_Event *event);

/* Drops the queue and silences the output at once; the thread abandons its utterance. */
void speech_espeak_stop(struct speech_espeak *e);

/* 1 while an utterance is queued, being synthesised or playing. */
int speech_espeak_busy(struct speech_espeak *e);

/* The espeak backend of SPEECH (speech.c), or NULL: for tests and the bench. */
struct speech_espeak *speech_espeak_of(speech *speech);

/* Samples handed to the audio output since open (tests and the bench). */
size_t speech_espeak_played(struct speech_espeak *e);

/* SDL_GetPerformanceCounter() when the last SPEECH_STARTED was posted (0: never); the bench. */
Uint64 speech_espeak_started_at(struct speech_espeak *e);

/* Volume of the output, 0..100 percent, applied to the next samples played. */
void speech_espeak_set_volume(struct speech_espeak *e, int percent);

/* Posts NOTE to the main loop as a speech_event() (speech.c); from any thread. */
void speech_post(enum speech_note note);

/*
 * Synchronous synthesis without audio, for tests and the bench: TEXT in
 * VOICE at WPM into *SAMPLES (16-bit mono, malloc'ed, the caller wipes and
 * frees it) of *COUNT samples at *RATE Hz. Initialises espeak-ng on the
 * calling thread; not while a backend is open. 0, or -1 with ERR.
 */
int speech_espeak_render(const char *voice, int wpm, const char *text, short **samples,
			 size_t *count, int *rate, struct error *err);

#endif
