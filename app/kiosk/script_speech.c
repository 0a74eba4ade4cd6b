#include "kiosk/script_speech.h"

#include <stdio.h>
#include <string.h>

/* The index of the first utterance containing TEXT, or -1. */
static long script_speech_find(const struct ui *ui, const char *text)
{
	size_t n = speech_transcript_count(ui->readaloud.voice);

	for (size_t i = 0; i < n; i++) {
		const char *said = speech_transcript_at(ui->readaloud.voice, i);

		if (said && strstr(said, text))
			return (long)i;
	}
	return -1;
}

int script_speech_expect_spoken(struct ui *ui, const char *arg, char *why, size_t size)
{
	size_t n = speech_transcript_count(ui->readaloud.voice);
	const char *last = n ? speech_transcript_at(ui->readaloud.voice, n - 1) : "";

	if (!ui->readaloud.voice) {
		snprintf(why, size, "expect-spoken: the kiosk has no voice");
		return -1;
	}
	if (script_speech_find(ui, arg) >= 0)
		return 0;
	snprintf(why, size, "'%.80s' not spoken on this screen (%zu utterances, last '%.60s')", arg,
		 n, last ? last : "");
	return -1;
}

int script_speech_expect_not_spoken(struct ui *ui, const char *arg, char *why, size_t size)
{
	long at;

	if (!ui->readaloud.voice) {
		snprintf(why, size, "expect-not-spoken: the kiosk has no voice");
		return -1;
	}
	if ((at = script_speech_find(ui, arg)) < 0)
		return 0;
	snprintf(why, size, "'%.80s' was spoken on this screen (utterance %ld)", arg, at + 1);
	return -1;
}

int script_speech_expect_silent(struct ui *ui, const char *arg, char *why, size_t size)
{
	if (!ui->readaloud.reading && !speech_busy(ui->readaloud.voice))
		return 0;
	snprintf(why, size, "expect-silent: %s",
		 ui->readaloud.reading ? "the screen is still being read" : "the voice is busy");
	return -1;
}

static const char *const kind_names[] = {
	[WIDGET_LABEL] = "label", [WIDGET_BUTTON] = "button", [WIDGET_TOGGLE] = "toggle",
	[WIDGET_FIELD] = "field", [WIDGET_KEY] = "key",
};

int script_speech_dump(struct ui *ui, const char *path, char *why, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		snprintf(why, size, "dump-spoken: %s: cannot write", path);
		return -1;
	}
	for (size_t i = 0; i < ui->view.count; i++) {
		const struct widget *w = &ui->view.widgets[i];
		const char *said = readaloud_label(w);

		if (!widget_is_interactive(w))
			continue;
		fprintf(f, "%s %s %s ", w->id, kind_names[w->kind],
			w->label ? "spoken"
			: said	 ? "text"
				 : "none");
		for (const char *p = said; p && *p; p++) /* one widget, one line */
			fputs(*p == '\n' ? " " : (char[]){ *p, '\0' }, f);
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		snprintf(why, size, "dump-spoken: %s: write failed", path);
		return -1;
	}
	return 0;
}
