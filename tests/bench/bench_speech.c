/*
 * make bench, read aloud (issue 9): with the real espeak-ng voice of every
 * language on SDL's audio callback (dummy driver in tools/bench.sh),
 *   - tap to first audio sample: from speech_say() to the moment the audio
 *     callback hands the utterance's first sample to the output;
 *   - the main thread's time in speech_say() (never waits for synthesis), and
 *     a 60 Hz main loop that taps every 10 frames while the voice speaks: the
 *     work of its slowest frame and how many frames started late, beside the
 *     same loop without a voice (what the machine's load alone does);
 *   - peak memory (VmHWM) of this process with every voice used.
 * Prints Markdown rows for docs/performance.md.
 *
 *   bench_speech [ROUNDS]   (default 3 rounds over the 13 languages)
 */
#include "kiosk/langtable.h"
#include "kiosk/speech.h"
#include "kiosk/speech_espeak.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME_MS (1000.0 / 60)

/* One sentence a language, of the length of a screen title plus a line. */
static const struct {
	const char *lang, *text;
} SAMPLES[] = {
	{ "de", "Beratung und Training. Bitte wählen Sie eine Sprache." },
	{ "de-x-easy", "Hier können Sie um ein Gespräch bitten." },
	{ "en", "Counselling and training. Please choose a language." },
	{ "ar", "استشارة وتدريب. اختر لغتك من فضلك." },
	{ "fa", "مشاوره و آموزش. لطفاً یک زبان انتخاب کنید." },
	{ "ru", "Консультации и тренинги. Пожалуйста, выберите язык." },
	{ "tr", "Danışmanlık ve eğitim. Lütfen bir dil seçin." },
	{ "pl", "Doradztwo i szkolenia. Proszę wybrać język." },
	{ "cs", "Poradenství a trénink. Vyberte prosím jazyk." },
	{ "ro", "Consiliere și training. Vă rugăm să alegeți o limbă." },
	{ "ka", "კონსულტაცია და ტრენინგი. გთხოვთ, აირჩიოთ ენა." },
	{ "vi", "Tư vấn và đào tạo. Vui lòng chọn ngôn ngữ." },
	{ "fr", "Conseil et formation. Veuillez choisir une langue." },
};
#define SAMPLE_COUNT (sizeof(SAMPLES) / sizeof(SAMPLES[0]))

/* Milliseconds from START to END (negative when END is earlier). */
static double ms_since(Uint64 start, Uint64 end)
{
	return ((double)end - (double)start) * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Waits for the next speech note (a bench, not a test: a generous bound against hanging). */
static int wait_note(void)
{
	SDL_Event event;

	for (int i = 0; i < 300; i++) {
		if (SDL_WaitEventTimeout(&event, 100) && event.type == speech_event())
			return event.user.code;
	}
	return 0;
}

/* Tap to first sample for every sample sentence, ROUNDS times; medians and maxima into *. */
static int bench_latency(speech *s, int rounds, double *latency, double *say)
{
	struct speech_espeak *e = speech_espeak_of(s);
	size_t n = 0;

	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < SAMPLE_COUNT; i++, n++) {
			Uint64 t0 = SDL_GetPerformanceCounter(), t1;
			if (speech_say(s, SAMPLES[i].lang, SAMPLES[i].text, 0) != 0)
				return -1;
			t1 = SDL_GetPerformanceCounter();
			if (wait_note() != SPEECH_STARTED) {
				fprintf(stderr, "bench_speech: %s: no SPEECH_STARTED\n",
					SAMPLES[i].lang);
				return -1;
			}
			say[n] = ms_since(t0, t1);
			latency[n] = ms_since(t0, speech_espeak_started_at(e));
			speech_stop(s);
			SDL_FlushEvent(speech_event());
		}
	}
	return 0;
}

/* A 60 Hz loop that taps every 10 frames (a new sentence, replacing): slowest frame's work. */
static void bench_frames(speech *s, int frames, double *worst, int *late)
{
	Uint64 start = SDL_GetPerformanceCounter();
	SDL_Event event;

	*worst = 0;
	*late = 0;
	for (int f = 0; f < frames; f++) {
		Uint64 due = start + (Uint64)((double)f * FRAME_MS / 1000.0 *
					      (double)SDL_GetPerformanceFrequency());
		Uint64 t0 = SDL_GetPerformanceCounter();
		double work, wait;
		if (t0 > due && ms_since(due, t0) > FRAME_MS)
			(*late)++;
		while (SDL_PollEvent(&event))
			;
		if (s && f % 10 == 0)
			(void)speech_say(s, SAMPLES[(size_t)f / 10 % SAMPLE_COUNT].lang,
					 SAMPLES[(size_t)f / 10 % SAMPLE_COUNT].text, 0);
		work = ms_since(t0, SDL_GetPerformanceCounter());
		*worst = work > *worst ? work : *worst;
		wait = ms_since(
			SDL_GetPerformanceCounter(),
			due + (Uint64)(FRAME_MS / 1000.0 * (double)SDL_GetPerformanceFrequency()));
		if (wait > 0)
			SDL_Delay((Uint32)wait);
	}
	speech_stop(s);
	SDL_FlushEvent(speech_event());
}

/* FIELD (VmHWM: peak, VmRSS: now) of this process in MiB, or -1. */
static double memory_mib(const char *field)
{
	char line[256];
	double mib = -1;
	FILE *f = fopen("/proc/self/status", "r");
	size_t len = strlen(field);

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, field, len) == 0 && line[len] == ':')
			mib = strtod(line + len + 1, NULL) / 1024;
	}
	if (f)
		fclose(f);
	return mib;
}

static void print_row(const char *what, double *values, size_t n, const char *target)
{
	qsort(values, n, sizeof(double), compare_double);
	printf("| %s | %.1f ms | %.1f ms | %.1f ms | %s |\n", what, values[n / 2],
	       values[n * 9 / 10], values[n - 1], target);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3, late, rc = 1;
	size_t n = (size_t)(rounds > 0 ? rounds : 1) * SAMPLE_COUNT;
	double *latency = calloc(n, sizeof(double)), *say = calloc(n, sizeof(double)), worst,
	       quiet_worst;
	int quiet_late;
	double before;
	struct langtable table;
	struct error err = { "" };
	speech *s = NULL;

	if (!latency || !say || sodium_init() < 0 || SDL_Init(SDL_INIT_EVENTS) != 0)
		goto end;
	before = memory_mib("VmRSS");
	if (langtable_load(&table, PRISMA_ASSETS_DIR "/languages.ini", &err) != 0 ||
	    !(s = speech_open("espeak", "", &err))) {
		fprintf(stderr, "bench_speech: %s\n", err.msg);
		goto end;
	}
	speech_set_languages(s, &table);
	if (bench_latency(s, rounds > 0 ? rounds : 1, latency, say) != 0)
		goto end;
	bench_frames(NULL, 300, &quiet_worst, &quiet_late);
	bench_frames(s, 300, &worst, &late);
	printf("| read aloud (%zu says, 13 languages, audio driver %s) | median | 90%% | max | "
	       "target |\n| --- | --- | --- | --- | --- |\n",
	       n, SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?");
	print_row("tap to first audio sample", latency, n, "< 150 ms");
	print_row("main thread in speech_say", say, n, "no frame delayed (< 16.7 ms)");
	printf("\n60 Hz main loop, 300 frames, a new sentence every 10 frames: slowest frame's "
	       "work %.2f ms, %d frames started more than a frame late (the same loop without a "
	       "voice: %.2f ms, %d late). Peak memory of this process (SDL, espeak-ng with every "
	       "voice used): %.1f MiB, of which the voice (espeak-ng, its data, SDL audio, the "
	       "thread) adds %.1f MiB.\n",
	       worst, late, quiet_worst, quiet_late, memory_mib("VmHWM"),
	       memory_mib("VmHWM") - before);
	rc = 0;
end:
	speech_close(s);
	free(latency);
	free(say);
	SDL_Quit();
	return rc;
}
