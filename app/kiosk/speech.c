#include "kiosk/speech.h"

#include "kiosk/langtable.h"
#include "kiosk/speech_espeak.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The transcript starts this large and doubles up to its limit; a screen says far less. */
#define TRANSCRIPT_FIRST (4 * 1024)
#define TRANSCRIPT_MAX	 (1024 * 1024)
/* SPEECH_SLOW: codes and digit groups at this percent of the current rate. */
#define SLOW_PERCENT 65

enum speech_backend {
	BACKEND_NONE,
	BACKEND_RECORD,
	BACKEND_ESPEAK,
};

/* A language's espeak-ng voice and its rate in percent of normal (languages.ini). */
struct speech_voice {
	char code[LANGTABLE_CODE_MAX];
	char voice[LANGTABLE_CODE_MAX];
	int rate;
};

struct speech {
	enum speech_backend backend;
	struct speech_espeak *espeak; /* BACKEND_ESPEAK only */
	int rate, volume;	      /* percent */
	char *text;		      /* sodium_malloc'd (locked): the utterances, NUL after each */
	size_t text_size, text_used;
	size_t *starts; /* offset in text of each utterance */
	size_t count, starts_size;
	struct speech_voice voices[LANGTABLE_MAX];
	size_t voice_count;
};

Uint32 speech_event(void)
{
	static SDL_atomic_t type;

	if (!SDL_AtomicGet(&type)) {
		Uint32 t = SDL_RegisterEvents(1);
		if (t == (Uint32)-1)
			return 0;
		/* A second registration by a racing thread is harmless: the first one wins. */
		SDL_AtomicCAS(&type, 0, (int)t);
	}
	return (Uint32)SDL_AtomicGet(&type);
}

void speech_post(enum speech_note note)
{
	SDL_Event event = { 0 };

	event.type = speech_event();
	if (!event.type)
		return;
	event.user.type = event.type;
	event.user.code = (Sint32)note;
	/* A full queue loses a note; the kiosk goes on, only a pictogram may lag. */
	(void)SDL_PushEvent(&event);
}

static int speech_clamp(int value, int min, int max)
{
	return value < min ? min : value > max ? max : value;
}

speech *speech_open(const char *backend, const char *audio, struct error *err)
{
	speech *s;

	if (sodium_init() < 0) {
		error_set(err, "speech: libsodium did not start");
		return NULL;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		error_set(err, "speech: out of memory");
		return NULL;
	}
	s->rate = SPEECH_RATE_DEFAULT;
	s->volume = SPEECH_VOLUME_DEFAULT;
	if (backend && strcmp(backend, "none") == 0) {
		s->backend = BACKEND_NONE;
	} else if (backend && strcmp(backend, "record") == 0) {
		s->backend = BACKEND_RECORD;
	} else if (backend && strcmp(backend, "espeak") == 0) {
		s->backend = BACKEND_ESPEAK;
		if (!(s->espeak = speech_espeak_open(audio ? audio : "", err)))
			goto fail;
		speech_espeak_set_volume(s->espeak, s->volume);
	} else {
		error_set(err, "speech: backend '%s' is not espeak, record or none",
			  backend ? backend : "");
		goto fail;
	}
	return s;
fail:
	free(s);
	return NULL;
}

void speech_close(speech *s)
{
	if (!s)
		return;
	speech_espeak_close(s->espeak);
	if (s->text)
		sodium_free(s->text); /* zeroes it first */
	free(s->starts);
	free(s);
}

/* Makes room for NEED more bytes of text and one more start. 0, or -1 past the limit. */
static int speech_reserve(speech *s, size_t need)
{
	if (s->text_used + need > s->text_size) {
		size_t size = s->text_size ? s->text_size : TRANSCRIPT_FIRST;
		char *grown;
		while (size < s->text_used + need && size < TRANSCRIPT_MAX)
			size *= 2;
		if (s->text_used + need > size || !(grown = sodium_malloc(size)))
			return -1;
		if (s->text) {
			memcpy(grown, s->text, s->text_used);
			sodium_free(s->text);
		}
		s->text = grown;
		s->text_size = size;
	}
	if (s->count == s->starts_size) {
		size_t n = s->starts_size ? s->starts_size * 2 : 64;
		size_t *starts = realloc(s->starts, n * sizeof(*starts));
		if (!starts)
			return -1;
		s->starts = starts;
		s->starts_size = n;
	}
	return 0;
}

/* Appends TEXT to the transcript. 0, or -1 when it is full or memory is short. */
static int speech_record(speech *s, const char *text)
{
	size_t len = strlen(text) + 1;

	if (speech_reserve(s, len) != 0)
		return -1;
	memcpy(s->text + s->text_used, text, len);
	s->starts[s->count++] = s->text_used;
	s->text_used += len;
	return 0;
}

/* Takes the last utterance back out of the transcript (it could not be queued). */
static void speech_unrecord(speech *s)
{
	size_t start = s->starts[--s->count];

	sodium_memzero(s->text + start, s->text_used - start);
	s->text_used = start;
}

/* LANG's voice and rate (percent) from the table, else LANG up to its first '-' at 100. */
static void speech_voice_of(const speech *s, const char *lang, char *voice, size_t size, int *rate)
{
	for (size_t i = 0; i < s->voice_count; i++) {
		if (strcmp(s->voices[i].code, lang) == 0) {
			snprintf(voice, size, "%s", s->voices[i].voice);
			*rate = s->voices[i].rate;
			return;
		}
	}
	snprintf(voice, size, "%.*s", (int)strcspn(lang, "-"), lang);
	*rate = 100;
}

/* Words a minute for LANG at the current rate (and slower with SPEECH_SLOW). */
static int speech_wpm(const speech *s, int lang_rate, unsigned flags)
{
	long wpm = (long)SPEECH_ESPEAK_WPM_NORMAL * lang_rate / 100 * s->rate / 100;

	if (flags & SPEECH_SLOW)
		wpm = wpm * SLOW_PERCENT / 100;
	return speech_clamp((int)wpm, SPEECH_ESPEAK_WPM_MIN, SPEECH_ESPEAK_WPM_MAX);
}

int speech_say(speech *s, const char *lang, const char *text, unsigned flags)
{
	char voice[LANGTABLE_CODE_MAX];
	int lang_rate;

	if (!s || !lang || !text)
		return -1;
	if (speech_record(s, text) != 0)
		return -1;
	switch (s->backend) {
	case BACKEND_NONE: break;
	case BACKEND_RECORD:
		/* As if said at once: the main loop sees the same notes as with a voice. */
		speech_post(SPEECH_STARTED);
		speech_post(SPEECH_FINISHED);
		break;
	case BACKEND_ESPEAK:
		speech_voice_of(s, lang, voice, sizeof(voice), &lang_rate);
		if (speech_espeak_say(s->espeak, voice, speech_wpm(s, lang_rate, flags), text,
				      (flags & SPEECH_APPEND) != 0) != 0) {
			speech_unrecord(s);
			return -1;
		}
		break;
	}
	return 0;
}

void speech_stop(speech *s)
{
	if (s && s->espeak)
		speech_espeak_stop(s->espeak);
}

int speech_busy(const speech *s)
{
	return s && s->espeak ? speech_espeak_busy(s->espeak) : 0;
}

void speech_set_rate(speech *s, int percent)
{
	if (s)
		s->rate = speech_clamp(percent, SPEECH_RATE_MIN, SPEECH_RATE_MAX);
}

int speech_rate(const speech *s)
{
	return s ? s->rate : SPEECH_RATE_DEFAULT;
}

void speech_set_volume(speech *s, int percent)
{
	if (!s)
		return;
	s->volume = speech_clamp(percent, 0, 100);
	if (s->espeak)
		speech_espeak_set_volume(s->espeak, s->volume);
}

int speech_volume(const speech *s)
{
	return s ? s->volume : SPEECH_VOLUME_DEFAULT;
}

void speech_wipe(speech *s)
{
	if (!s)
		return;
	speech_stop(s);
	speech_set_rate(s, SPEECH_RATE_DEFAULT);
	speech_set_volume(s, SPEECH_VOLUME_DEFAULT);
	speech_transcript_clear(s);
}

size_t speech_transcript_count(const speech *s)
{
	return s ? s->count : 0;
}

const char *speech_transcript_at(const speech *s, size_t index)
{
	return s && index < s->count ? s->text + s->starts[index] : NULL;
}

void speech_transcript_clear(speech *s)
{
	if (!s)
		return;
	if (s->text)
		sodium_memzero(s->text, s->text_used);
	s->text_used = 0;
	s->count = 0;
}

int speech_handle_event(speech *s, const SDL_Event *event)
{
	if (!s || !s->espeak ||
	    (event->type != SDL_AUDIODEVICEREMOVED && event->type != SDL_AUDIODEVICEADDED))
		return 0;
	return speech_espeak_device_event(s->espeak, event);
}

struct speech_espeak *speech_espeak_of(speech *s)
{
	return s ? s->espeak : NULL;
}

void speech_set_languages(speech *s, const struct langtable *table)
{
	if (!s || !table)
		return;
	s->voice_count = 0;
	for (size_t i = 0; i < table->count && i < LANGTABLE_MAX; i++) {
		const struct language *lang = &table->languages[i];
		struct speech_voice *v = &s->voices[s->voice_count++];
		snprintf(v->code, sizeof(v->code), "%s", lang->code);
		snprintf(v->voice, sizeof(v->voice), "%s", lang->voice);
		v->rate = lang->rate;
	}
}
