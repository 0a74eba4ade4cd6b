/*
 * Read aloud in the kiosk context (control layer): when the voice speaks,
 * what a tap does in read-aloud mode, the speaker button and the voice's
 * controls. What is said lives in readaloud.c.
 */
#include "kiosk/ui.h"

#include <string.h>

void ui_speech_follow(struct ui *ui)
{
	struct readaloud *ra = &ui->readaloud;

	if (!ui->announce && ui->screen == ui->spoken_screen &&
	    ui->i18n.current == ui->spoken_language)
		return;
	ui->announce = 0;
	ui->spoken_screen = ui->screen;
	ui->spoken_language = ui->i18n.current;
	ui->spoken_countdown = ui_idle_countdown(ui);
	readaloud_forget_tap(ra);
	/* expect-spoken looks at what was said since the screen was entered. */
	speech_transcript_clear(ra->voice);
	/*
	 * The USB overlay is the social worker's, who wears no headset: what was
	 * being read (the hidden screen) stops, and nothing of it is said in the
	 * inmate's language. The hidden screen is read again when it comes back.
	 */
	if (ui_audience(ui) == SCREEN_FOR_STAFF) {
		speech_stop(ra->voice);
		ra->reading = 0;
		return;
	}
	if (ra->on)
		readaloud_screen(ra, &ui->view, i18n_code(&ui->i18n), ui->title);
}

int ui_speech_tap(struct ui *ui, const struct widget *w)
{
	struct readaloud *ra = &ui->readaloud;
	int usable = widget_is_interactive(w) && w->enabled;

	/*
	 * The speaker button acts at once: it is how the mode starts and how speech
	 * stops. So does a tap on the USB overlay: the social worker's, not explored.
	 */
	if (!ra->on || strcmp(w->id, "speak") == 0 || ui_audience(ui) == SCREEN_FOR_STAFF)
		return usable;
	if (readaloud_second_tap(ra, w, ui->now_ms) && usable)
		return 1;
	/* The person tapped it: their own text (a field's) is said too, into the headset. */
	readaloud_widget(ra, &ui->view, w, i18n_code(&ui->i18n), 1);
	return 0;
}

/*
 * The speaker button: read the screen and stay in read-aloud mode; while
 * reading, stop. The screen is laid out first (the mode's controls are on the
 * screen that is read); not while the worker seals, when gettext is neutral
 * and the busy frame's layout, in the person's language, is read.
 */
static void ui_speech_speak(struct ui *ui)
{
	struct readaloud *ra = &ui->readaloud;

	if (ra->on && (ra->reading || speech_busy(ra->voice))) {
		speech_stop(ra->voice);
		ra->reading = 0;
		return;
	}
	ra->on = 1;
	if (!session_submitting(ui->session))
		ui_layout(ui);
	readaloud_screen(ra, &ui->view, i18n_code(&ui->i18n), ui->title);
}

int ui_speech_activate(struct ui *ui, const char *id)
{
	struct readaloud *ra = &ui->readaloud;
	const struct widget *w;

	if (strcmp(id, "speak") == 0) {
		ui_speech_speak(ui);
		return 1;
	}
	if (strcmp(id, "code.repeat") == 0) {
		readaloud_spell(ra, i18n_code(&ui->i18n), _("Your code:"),
				session_reference(ui->session), 0);
		return 1;
	}
	if (!readaloud_adjust(ra, id))
		return 0;
	ui_layout(ui);
	if ((w = ui_find(ui, id)))
		readaloud_widget(ra, &ui->view, w, i18n_code(&ui->i18n), 0);
	return 1;
}

void ui_speech_after(struct ui *ui, const char *id)
{
	const struct widget *w;

	if (!ui->readaloud.on || ui->announce || ui->screen != ui->spoken_screen)
		return; /* a new screen is read when it is laid out */
	if (strncmp(id, "page.", 5) == 0) {
		ui->announce = 1; /* another page of the review: read it */
		return;
	}
	ui_layout(ui);
	if ((w = ui_find(ui, id)))
		readaloud_widget(&ui->readaloud, &ui->view, w, i18n_code(&ui->i18n), 0);
}

void ui_speech_tick(struct ui *ui)
{
	int seconds = ui_idle_countdown(ui);

	if (!ui->readaloud.on || ui->screen != SCREEN_IDLE_WARNING ||
	    ui->spoken_screen != SCREEN_IDLE_WARNING || ui->announce ||
	    seconds == ui->spoken_countdown)
		return;
	ui->spoken_countdown = seconds;
	if (seconds > 0 && (seconds % 10 == 0 || seconds <= 5))
		readaloud_countdown(&ui->readaloud, i18n_code(&ui->i18n), seconds);
}
