/*
 * Proves app/kiosk/speech.c and speech_espeak.c: the transcript (kept in
 * order, wiped on the data), rate and volume (clamped, reset at wipe), the
 * notes posted to the main loop, and the espeak thread with SDL's dummy audio
 * driver: say, append, replace, stop, close while speaking. No timed
 * assertions: waits for notes have a generous guard only against hanging.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kiosk/langtable.h"
#include "kiosk/speech.h"
#include "kiosk/speech_espeak.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Guard against a hang only: a note that never comes fails the test after this. */
#define GUARD_MS 30000

static const char LONG_TEXT[] =
	"Guten Tag. Hier können Sie ein Gespräch mit einer Beratung anfragen. Das ist "
	"kostenlos und vertraulich. Wählen Sie bitte ein Angebot. Sie können auch ohne Namen "
	"anfragen. Tippen Sie auf den Lautsprecher, um das Vorlesen zu beenden.";

/* Drops every note waiting in SDL's queue. */
static void drain_notes(void)
{
	SDL_FlushEvent(speech_event());
}

/* The next speech note (waits; fails after the guard). */
static int next_note(void)
{
	SDL_Event event;
	Uint32 start = SDL_GetTicks();

	while (SDL_GetTicks() - start < GUARD_MS) {
		if (SDL_WaitEventTimeout(&event, 100) && event.type == speech_event())
			return event.user.code;
	}
	fail_msg("no speech note within %d ms", GUARD_MS);
	return 0;
}

/* The speech note waiting now, or 0 (does not wait). */
static int pending_note(void)
{
	SDL_Event event;

	SDL_PumpEvents();
	while (SDL_PeepEvents(&event, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 1) {
		if (event.type == speech_event())
			return event.user.code;
	}
	return 0;
}

/* The espeak voice a test opened; closed by the teardown even when the test failed. */
static speech *opened;

static speech *voice_open(void)
{
	struct error err = { "" };

	if (!(opened = speech_open("espeak", "", &err)))
		fail_msg("%s", err.msg);
	drain_notes();
	return opened;
}

static int voice_close(void **state)
{
	speech_close(opened);
	opened = NULL;
	drain_notes();
	return 0;
}

static void test_unknown_backend(void **state)
{
	struct error err = { "" };

	assert_null(speech_open("festival", "", &err));
	assert_string_equal(err.msg, "speech: backend 'festival' is not espeak, record or none");
	assert_null(speech_open(NULL, "", &err));
	speech_close(NULL); /* a no-op */
}

static void test_record_keeps_order_and_posts(void **state)
{
	struct error err = { "" };
	speech *s = speech_open("record", "", &err);

	assert_non_null(s);
	drain_notes();
	assert_int_equal(speech_say(s, "de", "Guten Tag", 0), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
	assert_int_equal(speech_say(s, "ar", "مرحبا", SPEECH_APPEND), 0);
	assert_int_equal(speech_say(s, "de", "4 7 1 1", SPEECH_SLOW), 0);
	assert_int_equal(speech_transcript_count(s), 3);
	assert_string_equal(speech_transcript_at(s, 0), "Guten Tag");
	assert_string_equal(speech_transcript_at(s, 1), "مرحبا");
	assert_string_equal(speech_transcript_at(s, 2), "4 7 1 1");
	assert_null(speech_transcript_at(s, 3));
	assert_int_equal(speech_busy(s), 0);
	assert_int_equal(speech_say(s, NULL, "x", 0), -1);
	assert_int_equal(speech_say(s, "de", NULL, 0), -1);
	assert_int_equal(speech_transcript_count(s), 3);
	speech_close(s);
}

/* The transcript grows past its first buffer and keeps every utterance intact. */
static void test_record_grows(void **state)
{
	struct error err = { "" };
	speech *s = speech_open("record", "", &err);
	char text[64];

	for (int i = 0; i < 2000; i++) {
		snprintf(text, sizeof(text), "utterance number %d", i);
		assert_int_equal(speech_say(s, "en", text, SPEECH_APPEND), 0);
	}
	assert_int_equal(speech_transcript_count(s), 2000);
	for (int i = 0; i < 2000; i += 199) {
		snprintf(text, sizeof(text), "utterance number %d", i);
		assert_string_equal(speech_transcript_at(s, (size_t)i), text);
	}
	drain_notes();
	speech_close(s);
}

/* Clear and wipe zero the text where it was, checked on the bytes. */
static void test_transcript_wiped_on_the_data(void **state)
{
	struct error err = { "" };
	speech *s = speech_open("none", "", &err);
	static const char secret[] = "Zelle 214, Mustermann";
	const char *kept;

	assert_non_null(s);
	assert_int_equal(speech_say(s, "de", secret, 0), 0);
	assert_int_equal(pending_note(), 0); /* none posts nothing */
	kept = speech_transcript_at(s, 0);
	assert_string_equal(kept, secret);
	speech_transcript_clear(s);
	assert_int_equal(speech_transcript_count(s), 0);
	/* The buffer stays allocated (locked) for the next screen: it must hold zeros now. */
	for (size_t i = 0; i < sizeof(secret); i++)
		assert_int_equal(kept[i], 0);
	assert_int_equal(speech_say(s, "de", secret, 0), 0);
	kept = speech_transcript_at(s, 0);
	speech_wipe(s);
	assert_int_equal(speech_transcript_count(s), 0);
	for (size_t i = 0; i < sizeof(secret); i++)
		assert_int_equal(kept[i], 0);
	speech_close(s);
}

static void test_rate_volume_clamped_and_reset(void **state)
{
	struct error err = { "" };
	speech *s = speech_open("record", "", &err);

	assert_int_equal(speech_rate(s), SPEECH_RATE_DEFAULT);
	assert_int_equal(speech_volume(s), SPEECH_VOLUME_DEFAULT);
	speech_set_rate(s, 10);
	assert_int_equal(speech_rate(s), SPEECH_RATE_MIN);
	speech_set_rate(s, 999);
	assert_int_equal(speech_rate(s), SPEECH_RATE_MAX);
	speech_set_rate(s, 130);
	assert_int_equal(speech_rate(s), 130);
	speech_set_volume(s, -5);
	assert_int_equal(speech_volume(s), 0);
	speech_set_volume(s, 101);
	assert_int_equal(speech_volume(s), 100);
	speech_set_volume(s, 40);
	assert_int_equal(speech_say(s, "de", "Hallo", 0), 0);
	speech_wipe(s);
	assert_int_equal(speech_rate(s), SPEECH_RATE_DEFAULT);
	assert_int_equal(speech_volume(s), SPEECH_VOLUME_DEFAULT);
	assert_int_equal(speech_transcript_count(s), 0);
	drain_notes();
	speech_close(s);
}

/* The real voice on the dummy driver: started when audio flows, finished when it ran out. */
static void test_espeak_says_and_finishes(void **state)
{
	struct error err = { "" };
	struct langtable table;
	speech *s = voice_open();

	if (langtable_load(&table, PRISMA_ASSETS_DIR "/languages.ini", &err) != 0)
		fail_msg("%s", err.msg);
	speech_set_languages(s, &table);
	drain_notes();
	assert_int_equal(speech_say(s, "ka", "გამარჯობა", 0), 0);
	assert_int_equal(speech_busy(s), 1);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
	assert_int_equal(speech_busy(s), 0);
	assert_string_equal(speech_transcript_at(s, 0), "გამარჯობა");
	/* Appended: each utterance starts, the queue finishes once. */
	assert_int_equal(speech_say(s, "de-x-easy", "Eins.", 0), 0);
	assert_int_equal(speech_say(s, "ar", "اثنان", SPEECH_APPEND), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
	assert_int_equal(pending_note(), 0);
}

/* Replace and stop: what was being said is dropped at once; nothing is left playing. */
static void test_espeak_replace_and_stop(void **state)
{
	speech *s = voice_open();
	drain_notes();
	assert_int_equal(speech_say(s, "de", LONG_TEXT, 0), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(speech_say(s, "de", "Ende.", 0), 0); /* replaces the long text */
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
	assert_int_equal(speech_busy(s), 0);
	assert_int_equal(speech_say(s, "de", LONG_TEXT, 0), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	speech_stop(s);
	assert_int_equal(speech_busy(s), 0);
	/* Stopped means stopped: the long text never finishes. A short one after it does. */
	assert_int_equal(speech_say(s, "de", "Ja.", SPEECH_APPEND), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
}

/* Samples the output got for TEXT in LANG with FLAGS, said alone until FINISHED. */
static size_t played_for(speech *s, const char *lang, const char *text, unsigned flags)
{
	size_t before = speech_espeak_played(speech_espeak_of(s));

	assert_int_equal(speech_say(s, lang, text, flags), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
	return speech_espeak_played(speech_espeak_of(s)) - before;
}

/*
 * Replace and stop cut the long text short, checked on the samples the output
 * got: far fewer than the whole text has (rendered alone first).
 */
static void test_espeak_cuts_on_the_samples(void **state)
{
	struct error err = { "" };
	short *samples = NULL;
	size_t whole = 0, before;
	int rate;
	speech *s;

	if (speech_espeak_render("de", SPEECH_ESPEAK_WPM_NORMAL, LONG_TEXT, &samples, &whole, &rate,
				 &err) != 0)
		fail_msg("%s", err.msg);
	free(samples);
	s = voice_open();
	drain_notes();
	assert_int_equal(speech_say(s, "de", LONG_TEXT, 0), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_true(played_for(s, "de", "Ende.", 0) + speech_espeak_played(speech_espeak_of(s)) <
		    whole); /* the long text did not play on */
	before = speech_espeak_played(speech_espeak_of(s));
	assert_int_equal(speech_say(s, "de", LONG_TEXT, 0), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	speech_stop(s);
	assert_true(played_for(s, "de", "Ja.", SPEECH_APPEND) +
			    speech_espeak_played(speech_espeak_of(s)) - before <
		    whole / 2);
}

/* Rate is heard: faster, slower for SPEECH_SLOW and Leichte Sprache, reset at wipe. */
static void test_espeak_rate_on_the_samples(void **state)
{
	static const char text[] = "Ihr Code ist vier sieben eins.";
	struct error err = { "" };
	struct langtable table;
	speech *s = voice_open();
	size_t normal, fast, slow, easy, after_wipe;

	if (langtable_load(&table, PRISMA_ASSETS_DIR "/languages.ini", &err) != 0)
		fail_msg("%s", err.msg);
	speech_set_languages(s, &table);
	drain_notes();
	normal = played_for(s, "de", text, 0);
	slow = played_for(s, "de", text, SPEECH_SLOW);
	easy = played_for(s, "de-x-easy", text, 0);
	speech_set_rate(s, 200);
	fast = played_for(s, "de", text, 0);
	speech_wipe(s);
	after_wipe = played_for(s, "de", text, 0);
	assert_true(fast * 4 < normal * 3);
	assert_true(slow * 4 > normal * 5);
	assert_true(easy * 10 > normal * 12);
	/* espeak-ng varies a little from one call to the next; a reset rate is within 5%. */
	assert_true(after_wipe * 20 > normal * 19 && after_wipe * 20 < normal * 21);
}

/*
 * A voice espeak-ng does not have (a languages.ini error): the kiosk hears
 * FAILED and goes on, and stderr names the voice and where it comes from, once
 * however often the speaker is tapped.
 */
static void test_espeak_unknown_voice_fails(void **state)
{
	FILE *log = tmpfile();
	char text[512];
	size_t len;
	int saved = dup(STDERR_FILENO);
	speech *s = voice_open();

	assert_non_null(log);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(log), STDERR_FILENO) >= 0);
	drain_notes();
	for (int tap = 0; tap < 2; tap++) {
		assert_int_equal(speech_say(s, "xx-nonexistent", "Hallo", 0), 0);
		assert_int_equal(next_note(), SPEECH_FAILED);
		assert_int_equal(speech_busy(s), 0);
	}
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(log);
	len = fread(text, 1, sizeof(text) - 1, log);
	text[len] = '\0';
	fclose(log);
	assert_string_equal(text, "prisma-kiosk: read aloud: espeak-ng has no voice "
				  "'xx' (languages.ini, field voice)\n");
}

/* Closing in the middle of a long text joins the thread and returns; a second open works. */
static void test_espeak_close_while_speaking(void **state)
{
	struct error err = { "" };
	speech *s = voice_open();
	assert_int_equal(speech_say(s, "de", LONG_TEXT, 0), 0);
	assert_int_equal(speech_say(s, "de", LONG_TEXT, SPEECH_APPEND), 0);
	speech_close(s);
	opened = NULL;
	/* One espeak-ng per process: a second voice while the first is open is refused. */
	voice_open();
	assert_null(speech_open("espeak", "", &err));
	assert_string_equal(err.msg, "speech: espeak-ng is already in use");
}

static void test_espeak_bad_device(void **state)
{
	struct error err = { "" };

	assert_null(speech_open("espeak", "no such headset", &err));
	assert_non_null(strstr(err.msg, "speech: audio output 'no such headset'"));
	/* espeak-ng is free again after the failed open. */
	voice_open();
}

/* The next SDL_AUDIODEVICEREMOVED of an output SDL posts (waits; fails after the guard). */
static SDL_Event next_removal(void)
{
	SDL_Event event;
	Uint32 start = SDL_GetTicks();

	while (SDL_GetTicks() - start < GUARD_MS) {
		if (SDL_WaitEventTimeout(&event, 100) && event.type == SDL_AUDIODEVICEREMOVED &&
		    !event.adevice.iscapture)
			return event;
	}
	fail_msg("SDL reported no output removed within %d ms", GUARD_MS);
	return event;
}

/* The next note but STARTED (a period may have been handed over before a write failed). */
static int next_failure(void)
{
	int note;

	while ((note = next_note()) == SPEECH_STARTED)
		;
	return note;
}

/*
 * A headset pulled out while speaking, without hardware: SDL's disk audio
 * driver writing into /dev/full fails its first write, and SDL itself then
 * stops the device and posts SDL_AUDIODEVICEREMOVED, as for a USB headset
 * unplugged. Handed to the voice (as the kiosk's main loop does), it posts
 * SPEECH_FAILED, is no longer busy (the synthesis thread is not left waiting
 * for room in a ring nobody plays); the next say opens the output again
 * (and loses it again), and SDL_AUDIODEVICEADDED opens it at once: with
 * SDL_DISKAUDIOFILE now /dev/null, which takes every sample, it is heard.
 */
static void test_espeak_output_removed(void **state)
{
	SDL_Event removed, added = { 0 };
	speech *s;
	size_t before;

	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", "/dev/full", 1);
	setenv("SDL_DISKAUDIODELAY", "23", 1); /* the pace of a device, as the dummy driver */
	s = voice_open();
	assert_int_equal(speech_say(s, "de", LONG_TEXT, 0), 0);
	assert_int_equal(speech_say(s, "de", LONG_TEXT, SPEECH_APPEND), 0);
	removed = next_removal();
	assert_int_equal(speech_handle_event(s, &removed), 1);
	assert_int_equal(next_failure(), SPEECH_FAILED);
	assert_int_equal(speech_busy(s), 0);
	/* Not the voice's: a second note of the same removal, and a capture device. */
	assert_int_equal(speech_handle_event(s, &removed), 0);
	removed.adevice.iscapture = 1;
	assert_int_equal(speech_handle_event(s, &removed), 0);
	/* The next say opens the output again (the same /dev/full: lost again). */
	assert_int_equal(speech_say(s, "de", "Noch einmal.", 0), 0);
	removed = next_removal();
	assert_int_equal(speech_handle_event(s, &removed), 1);
	assert_int_equal(next_failure(), SPEECH_FAILED);
	/* The headset is back: SDL reports an output added, which opens it at once. */
	setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
	added.type = SDL_AUDIODEVICEADDED;
	assert_int_equal(speech_handle_event(s, &added), 1);
	assert_int_equal(speech_handle_event(s, &added), 0); /* open already */
	drain_notes();
	before = speech_espeak_played(speech_espeak_of(s));
	assert_int_equal(speech_say(s, "de", "Wieder da.", 0), 0);
	assert_int_equal(next_note(), SPEECH_STARTED);
	assert_int_equal(next_note(), SPEECH_FINISHED);
	assert_true(speech_espeak_played(speech_espeak_of(s)) - before > 4410); /* > 0.2 s */
	speech_close(s);
	opened = NULL;
	setenv("SDL_AUDIODRIVER", "dummy", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_backend),
		cmocka_unit_test(test_record_keeps_order_and_posts),
		cmocka_unit_test(test_record_grows),
		cmocka_unit_test(test_transcript_wiped_on_the_data),
		cmocka_unit_test(test_rate_volume_clamped_and_reset),
		cmocka_unit_test_teardown(test_espeak_says_and_finishes, voice_close),
		cmocka_unit_test_teardown(test_espeak_replace_and_stop, voice_close),
		cmocka_unit_test_teardown(test_espeak_cuts_on_the_samples, voice_close),
		cmocka_unit_test_teardown(test_espeak_rate_on_the_samples, voice_close),
		cmocka_unit_test_teardown(test_espeak_unknown_voice_fails, voice_close),
		cmocka_unit_test_teardown(test_espeak_close_while_speaking, voice_close),
		cmocka_unit_test_teardown(test_espeak_bad_device, voice_close),
		cmocka_unit_test_teardown(test_espeak_output_removed, voice_close),
	};
	int rc;

	/* Headless: SDL's dummy audio driver plays into nothing, at the pace of a real device. */
	setenv("SDL_AUDIODRIVER", "dummy", 1);
	if (sodium_init() < 0 || SDL_Init(SDL_INIT_EVENTS) != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	SDL_Quit();
	return rc;
}
