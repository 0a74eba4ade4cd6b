#include "kiosk/speech_espeak.h"

#include <espeak-ng/espeak_ng.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* About 1.5 s of audio at espeak's 22050 Hz; a power of two for the ring arithmetic. */
#define RING_SAMPLES (1u << 15)
/* Utterance starts that can wait in the ring for their SPEECH_STARTED at once. */
#define MARKS_MAX 16
/* Audio delivered per espeak callback, and per SDL callback (latency vs. wake-ups). */
#define SYNTH_CHUNK_MS 40
#define AUDIO_FRAMES   512
#define VOICE_NAME_MAX 32

/* espeak-ng is one global synthesiser: whoever holds it (backend or render) owns it. */
enum { ESPEAK_FREE, ESPEAK_BACKEND, ESPEAK_RENDER };
static SDL_atomic_t espeak_owner;

struct utterance {
	struct utterance *next;
	char *text; /* sodium_malloc'd copy, wiped when freed */
	size_t size;
	char voice[VOICE_NAME_MAX];
	int wpm;
};

struct speech_espeak {
	SDL_mutex *lock; /* everything below but volume */
	SDL_cond *wake;	 /* the thread: work queued, room in the ring, or quit */
	SDL_Thread *thread;
	SDL_AudioDeviceID device; /* 0 while the output is lost (main thread only) */
	char audio[128];	  /* the output's name, "" = SDL's default (to reopen it) */
	struct utterance *head, *tail;
	short *ring; /* sodium_malloc'd; played samples are zeroed */
	Uint64 written, played;
	Uint64 handed;	   /* samples given to the device since open (not reset by a flush) */
	Uint64 started_at; /* SDL performance counter at the last SPEECH_STARTED (the bench) */
	Uint64 marks[MARKS_MAX]; /* ring positions where an utterance starts */
	size_t mark_count;
	unsigned generation; /* bumped by stop: the utterance in synthesis is abandoned */
	unsigned current;    /* the generation of the utterance in synthesis */
	int first_chunk;     /* the next samples are the first of an utterance */
	int synthesising, draining, quit;
	char voice[VOICE_NAME_MAX];   /* espeak's current voice (synthesis thread) */
	char missing[VOICE_NAME_MAX]; /* the last voice said to be missing (synthesis thread) */
	SDL_atomic_t volume;
};

static void utterance_free(struct utterance *u)
{
	if (!u)
		return;
	sodium_free(u->text); /* zeroes it first */
	free(u);
}

/* Drops the queue and the ring (under the lock). */
static void espeak_flush(struct speech_espeak *e)
{
	while (e->head) {
		struct utterance *u = e->head;
		e->head = u->next;
		utterance_free(u);
	}
	e->tail = NULL;
	e->generation++;
	sodium_memzero(e->ring, RING_SAMPLES * sizeof(short));
	e->played = e->written;
	e->mark_count = 0;
	e->draining = 0;
	SDL_CondSignal(e->wake);
}

/* SDL's audio thread: hands the ring's samples to the device, zeroing them behind it. */
static void espeak_play(void *data, Uint8 *stream, int len)
{
	struct speech_espeak *e = data;
	short *out = (short *)stream;
	size_t n = (size_t)len / sizeof(short), take, i;
	int volume = SDL_AtomicGet(&e->volume);

	SDL_LockMutex(e->lock);
	take = e->written - e->played < n ? (size_t)(e->written - e->played) : n;
	for (i = 0; i < take; i++) {
		short *s = &e->ring[(e->played + i) & (RING_SAMPLES - 1)];
		out[i] = (short)(*s * volume / 100);
		*s = 0;
	}
	memset(out + take, 0, (n - take) * sizeof(short));
	e->played += take;
	e->handed += take;
	while (e->mark_count && e->marks[0] < e->played) {
		e->started_at = SDL_GetPerformanceCounter();
		speech_post(SPEECH_STARTED);
		memmove(e->marks, e->marks + 1, --e->mark_count * sizeof(e->marks[0]));
	}
	if (e->draining && e->played == e->written && !e->head && !e->synthesising) {
		e->draining = 0;
		speech_post(SPEECH_FINISHED);
	}
	if (take)
		SDL_CondSignal(e->wake);
	SDL_UnlockMutex(e->lock);
}

/* Copies N samples into the ring, waiting for room; 1 when the utterance was abandoned. */
static int espeak_push(struct speech_espeak *e, const short *wav, size_t n)
{
	int abandoned = 0;

	SDL_LockMutex(e->lock);
	while (n && !(abandoned = e->quit || e->current != e->generation)) {
		size_t room = RING_SAMPLES - (size_t)(e->written - e->played), take, i;
		if (!room) {
			SDL_CondWait(e->wake, e->lock);
			continue;
		}
		if (e->first_chunk && e->mark_count < MARKS_MAX)
			e->marks[e->mark_count++] = e->written;
		e->first_chunk = 0;
		take = n < room ? n : room;
		for (i = 0; i < take; i++)
			e->ring[(e->written + i) & (RING_SAMPLES - 1)] = wav[i];
		e->written += take;
		wav += take;
		n -= take;
	}
	abandoned = abandoned || e->quit || e->current != e->generation;
	SDL_UnlockMutex(e->lock);
	return abandoned;
}

/* espeak-ng's synthesis callback (synthesis thread); returning 1 stops the utterance. */
static int espeak_synth_callback(short *wav, int count, espeak_EVENT *events)
{
	struct speech_espeak *e = events ? events->user_data : NULL;

	if (!e)
		return 1;
	return espeak_push(e, wav, wav && count > 0 ? (size_t)count : 0);
}

/* Sets the voice (when it changed) and rate, then synthesises U into the ring. 0, or -1. */
static int espeak_speak(struct speech_espeak *e, const struct utterance *u)
{
	if (strcmp(e->voice, u->voice) != 0) {
		e->voice[0] = '\0';
		if (espeak_ng_SetVoiceByName(u->voice) != ENS_OK) {
			/* A languages.ini error: named once on stderr (the journal), not per tap.
			 */
			if (strcmp(e->missing, u->voice) != 0)
				fprintf(stderr,
					"prisma-kiosk: read aloud: espeak-ng has no voice '%s' "
					"(languages.ini, field voice)\n",
					u->voice);
			memcpy(e->missing, u->voice, sizeof(e->missing));
			return -1;
		}
		memcpy(e->voice, u->voice, sizeof(e->voice));
	}
	if (espeak_ng_SetParameter(espeakRATE, u->wpm, 0) != ENS_OK)
		return -1;
	if (espeak_ng_Synthesize(u->text, u->size, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
				 e) != ENS_OK)
		return -1;
	return 0;
}

/* The synthesis thread: one utterance at a time, off the lock; posts only notes. */
static int espeak_thread(void *data)
{
	struct speech_espeak *e = data;

	/*
	 * Synthesis runs far ahead of playback (the ring holds 1.5 s), so it can
	 * yield the cores to the main loop: a frame must never wait for it.
	 * Lowering needs no privilege; should it fail, the thread simply stays at
	 * normal priority (make bench measures the frames either way).
	 */
	(void)SDL_SetThreadPriority(SDL_THREAD_PRIORITY_LOW);
	SDL_LockMutex(e->lock);
	while (!e->quit) {
		struct utterance *u = e->head;
		int failed;
		if (!u) {
			SDL_CondWait(e->wake, e->lock);
			continue;
		}
		e->head = u->next;
		if (!e->head)
			e->tail = NULL;
		e->current = e->generation;
		e->first_chunk = 1;
		e->synthesising = 1;
		SDL_UnlockMutex(e->lock);
		failed = espeak_speak(e, u) != 0;
		utterance_free(u);
		SDL_LockMutex(e->lock);
		e->synthesising = 0;
		if (e->current == e->generation && failed) {
			espeak_flush(e);
			speech_post(SPEECH_FAILED);
		} else if (e->current == e->generation && !e->head) {
			e->draining = 1; /* the audio callback says FINISHED once played */
		}
	}
	SDL_UnlockMutex(e->lock);
	return 0;
}

/*
 * espeak-ng with its data, synchronous output to our callback. 0, or -1 with
 * ERR. espeak-ng is initialised once per process and never terminated:
 * espeak_ng_Terminate of Debian's 1.51 can hang on its own internal thread
 * when it was initialised before (seen in tests/kiosk/test_speech.c), and
 * the kiosk opens one voice for its whole life anyway.
 */
static int espeak_start(int owner, struct error *err)
{
	static int initialised;
	espeak_ng_STATUS status = ENS_OK;
	char why[256];

	if (!SDL_AtomicCAS(&espeak_owner, ESPEAK_FREE, owner)) {
		error_set(err, "speech: espeak-ng is already in use");
		return -1;
	}
	if (!initialised) {
		espeak_ng_InitializePath(NULL);
		status = espeak_ng_Initialize(NULL);
		initialised = status == ENS_OK;
	}
	if (status == ENS_OK)
		status =
			espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, SYNTH_CHUNK_MS, NULL);
	if (status != ENS_OK) {
		espeak_ng_GetStatusCodeMessage(status, why, sizeof(why));
		error_set(err, "speech: espeak-ng: %s", why);
		SDL_AtomicSet(&espeak_owner, ESPEAK_FREE);
		return -1;
	}
	return 0;
}

/* Gives espeak-ng back (see espeak_start); the next owner sets voice and callback anew. */
static void espeak_end(void)
{
	SDL_AtomicSet(&espeak_owner, ESPEAK_FREE);
}

/* Opens E's output for 16-bit mono at espeak's rate (SDL converts for the device). 0, or -1. */
static int espeak_open_device(struct speech_espeak *e, struct error *err)
{
	SDL_AudioSpec want = { 0 }, have;

	want.freq = espeak_ng_GetSampleRate();
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = AUDIO_FRAMES;
	want.callback = espeak_play;
	want.userdata = e;
	e->device = SDL_OpenAudioDevice(e->audio[0] ? e->audio : NULL, 0, &want, &have, 0);
	if (!e->device) {
		error_set(err, "speech: audio output '%s': %s",
			  e->audio[0] ? e->audio : "(default)", SDL_GetError());
		return -1;
	}
	SDL_PauseAudioDevice(e->device, 0);
	return 0;
}

/* SDL audio and the output AUDIO ("" = default). 0, or -1 with ERR naming the output. */
static int espeak_open_audio(struct speech_espeak *e, const char *audio, struct error *err)
{
	snprintf(e->audio, sizeof(e->audio), "%s", audio);
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		error_set(err, "speech: SDL audio: %s", SDL_GetError());
		return -1;
	}
	if (espeak_open_device(e, err) != 0) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -1;
	}
	return 0;
}

/*
 * The output is gone (SDL_AUDIODEVICEREMOVED): SDL no longer calls espeak_play,
 * so whatever waits in the ring would never play and the synthesis thread
 * would wait for room for ever. Drop it all (the thread abandons its
 * utterance), close the dead device and tell the main loop.
 */
static void espeak_lose_device(struct speech_espeak *e)
{
	SDL_LockMutex(e->lock);
	espeak_flush(e);
	SDL_UnlockMutex(e->lock);
	SDL_CloseAudioDevice(e->device); /* not under the lock: it waits for the audio thread */
	e->device = 0;
	speech_post(SPEECH_FAILED);
}

int speech_espeak_device_event(struct speech_espeak *e, const SDL_Event *event)
{
	struct error err = { "" };

	if (!e || event->adevice.iscapture)
		return 0;
	if (event->type == SDL_AUDIODEVICEREMOVED && e->device &&
	    event->adevice.which == e->device) {
		espeak_lose_device(e);
		return 1;
	}
	/* An output came (back): the headset plugged in again is used from now on. */
	if (event->type == SDL_AUDIODEVICEADDED && !e->device) {
		(void)espeak_open_device(e, &err); /* else again at the next speech_espeak_say */
		return 1;
	}
	return 0;
}

struct speech_espeak *speech_espeak_open(const char *audio, struct error *err)
{
	struct speech_espeak *e = calloc(1, sizeof(*e));
	int started = 0;

	if (!e || !(e->lock = SDL_CreateMutex()) || !(e->wake = SDL_CreateCond()) ||
	    !(e->ring = sodium_malloc(RING_SAMPLES * sizeof(short)))) {
		error_set(err, "speech: out of memory");
		goto fail;
	}
	sodium_memzero(e->ring, RING_SAMPLES * sizeof(short));
	SDL_AtomicSet(&e->volume, SPEECH_VOLUME_DEFAULT);
	if (espeak_start(ESPEAK_BACKEND, err) != 0)
		goto fail;
	started = 1;
	espeak_SetSynthCallback(espeak_synth_callback);
	if (espeak_open_audio(e, audio, err) != 0)
		goto fail;
	if (!(e->thread = SDL_CreateThread(espeak_thread, "prisma-speech", e))) {
		error_set(err, "speech: thread: %s", SDL_GetError());
		goto fail;
	}
	return e;
fail:
	if (e && e->device) {
		SDL_CloseAudioDevice(e->device);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	if (started)
		espeak_end();
	if (e) {
		if (e->ring)
			sodium_free(e->ring);
		SDL_DestroyCond(e->wake);
		SDL_DestroyMutex(e->lock);
		free(e);
	}
	return NULL;
}

void speech_espeak_close(struct speech_espeak *e)
{
	if (!e)
		return;
	SDL_LockMutex(e->lock);
	e->quit = 1;
	espeak_flush(e);
	SDL_UnlockMutex(e->lock);
	SDL_WaitThread(e->thread, NULL);
	if (e->device)
		SDL_CloseAudioDevice(e->device); /* waits for a running audio callback */
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	espeak_end();
	sodium_free(e->ring);
	SDL_DestroyCond(e->wake);
	SDL_DestroyMutex(e->lock);
	free(e);
}

int speech_espeak_say(struct speech_espeak *e, const char *voice, int wpm, const char *text,
		      int append)
{
	struct error err = { "" };
	struct utterance *u;

	/* The output was lost: try it again, else say nothing (the caller goes on silently). */
	if (!e->device && espeak_open_device(e, &err) != 0)
		return -1;
	if (!(u = calloc(1, sizeof(*u))))
		return -1;
	u->size = strlen(text) + 1;
	if (!(u->text = sodium_malloc(u->size))) {
		free(u);
		return -1;
	}
	memcpy(u->text, text, u->size);
	snprintf(u->voice, sizeof(u->voice), "%s", voice);
	u->wpm = wpm < SPEECH_ESPEAK_WPM_MIN   ? SPEECH_ESPEAK_WPM_MIN
		 : wpm > SPEECH_ESPEAK_WPM_MAX ? SPEECH_ESPEAK_WPM_MAX
					       : wpm;
	SDL_LockMutex(e->lock);
	if (!append)
		espeak_flush(e);
	if (e->tail)
		e->tail->next = u;
	else
		e->head = u;
	e->tail = u;
	e->draining = 0;
	SDL_CondSignal(e->wake);
	SDL_UnlockMutex(e->lock);
	return 0;
}

void speech_espeak_stop(struct speech_espeak *e)
{
	SDL_LockMutex(e->lock);
	espeak_flush(e);
	SDL_UnlockMutex(e->lock);
}

int speech_espeak_busy(struct speech_espeak *e)
{
	int busy;

	SDL_LockMutex(e->lock);
	busy = e->head || (e->synthesising && e->current == e->generation) || e->draining ||
	       e->written != e->played;
	SDL_UnlockMutex(e->lock);
	return busy;
}

Uint64 speech_espeak_started_at(struct speech_espeak *e)
{
	Uint64 at;

	SDL_LockMutex(e->lock);
	at = e->started_at;
	SDL_UnlockMutex(e->lock);
	return at;
}

size_t speech_espeak_played(struct speech_espeak *e)
{
	size_t handed;

	SDL_LockMutex(e->lock);
	handed = (size_t)e->handed;
	SDL_UnlockMutex(e->lock);
	return handed;
}

void speech_espeak_set_volume(struct speech_espeak *e, int percent)
{
	SDL_AtomicSet(&e->volume, percent < 0 ? 0 : percent > 100 ? 100 : percent);
}

/* The growing sample buffer of speech_espeak_render. */
struct render {
	short *samples;
	size_t count, size;
	int failed;
};

static int espeak_render_callback(short *wav, int count, espeak_EVENT *events)
{
	struct render *r = events ? events->user_data : NULL;

	if (!r || r->failed)
		return 1;
	if (!wav || count <= 0)
		return 0;
	if (r->count + (size_t)count > r->size) {
		size_t size = r->size ? r->size * 2 : 65536;
		short *grown;
		while (size < r->count + (size_t)count)
			size *= 2;
		if (!(grown = malloc(size * sizeof(short)))) {
			r->failed = 1;
			return 1;
		}
		if (r->samples) {
			memcpy(grown, r->samples, r->count * sizeof(short));
			sodium_memzero(r->samples, r->count * sizeof(short));
			free(r->samples);
		}
		r->samples = grown;
		r->size = size;
	}
	memcpy(r->samples + r->count, wav, (size_t)count * sizeof(short));
	r->count += (size_t)count;
	return 0;
}

int speech_espeak_render(const char *voice, int wpm, const char *text, short **samples,
			 size_t *count, int *rate, struct error *err)
{
	struct render r = { 0 };
	int rc = -1;

	if (espeak_start(ESPEAK_RENDER, err) != 0)
		return -1;
	espeak_SetSynthCallback(espeak_render_callback);
	if (espeak_ng_SetVoiceByName(voice) != ENS_OK) {
		error_set(err, "speech: espeak-ng has no voice '%s'", voice);
		goto end;
	}
	if (espeak_ng_SetParameter(espeakRATE, wpm, 0) != ENS_OK ||
	    espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
				 NULL, &r) != ENS_OK ||
	    r.failed) {
		error_set(err, "speech: espeak-ng could not synthesise in voice '%s'", voice);
		goto end;
	}
	*samples = r.samples;
	*count = r.count;
	*rate = espeak_ng_GetSampleRate();
	r.samples = NULL;
	rc = 0;
end:
	if (r.samples) {
		sodium_memzero(r.samples, r.count * sizeof(short));
		free(r.samples);
	}
	espeak_end();
	return rc;
}
