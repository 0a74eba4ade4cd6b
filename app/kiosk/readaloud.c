#include "kiosk/readaloud.h"

#include "kiosk/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The steps the controls go through, the first being the voice's default. */
static const int rate_steps[] = { SPEECH_RATE_DEFAULT, 125, 150, 70, 85 };
static const int volume_steps[] = { SPEECH_VOLUME_DEFAULT, 100, 40, 60 };

#define STEPS(a) (sizeof(a) / sizeof((a)[0]))

/* The chrome's own switches: explored by touch, not read with the screen's choices. */
static const char *const chrome_switches[] = { "speak", "contrast", "large-text", "speech.rate",
					       "speech.volume" };

void readaloud_reset(struct readaloud *ra)
{
	speech_wipe(ra->voice);
	ra->on = 0;
	ra->reading = 0;
	ra->rate_step = 0;
	ra->volume_step = 0;
	readaloud_forget_tap(ra);
}

void readaloud_forget_tap(struct readaloud *ra)
{
	ra->touched[0] = '\0';
	ra->touched_ms = 0;
}

/* Says TEXT after what is queued (FIRST: instead of it). Empty texts say nothing. */
static void readaloud_say(struct readaloud *ra, const char *lang, const char *text, int *first,
			  unsigned flags)
{
	if (!text || !text[0])
		return;
	if (speech_say(ra->voice, lang, text, flags | (*first ? 0 : SPEECH_APPEND)) == 0)
		*first = 0;
}

static int readaloud_is_switch(const struct widget *w)
{
	for (size_t i = 0; i < STEPS(chrome_switches); i++) {
		if (strcmp(w->id, chrome_switches[i]) == 0)
			return 1;
	}
	return 0;
}

/* A language button names its language in that language (the voice of the language too). */
static const char *readaloud_lang_of(const struct widget *w, const char *lang)
{
	return strncmp(w->id, "lang.", 5) == 0 && w->id[5] ? w->id + 5 : lang;
}

const char *readaloud_label(const struct widget *w)
{
	if (w->label)
		return w->label;
	return w->flags & WIDGET_NEVER_SPEAK ? NULL : w->text;
}

/* The state of W in words, or NULL. */
static const char *readaloud_state(const struct widget *w)
{
	if (w->kind == WIDGET_TOGGLE)
		return w->checked ? _("Ticked.") : _("Not ticked.");
	if (w->kind == WIDGET_FIELD)
		return _("Text field.");
	if (w->kind == WIDGET_BUTTON && w->checked)
		return _("Selected.");
	return NULL;
}

/* Why W cannot be used: the screen's hint for its main step, the field for keys. */
static const char *readaloud_why_not(const struct view *view, const struct widget *w)
{
	const struct widget *hint = view_find(view, "hint");

	if (w->kind == WIDGET_KEY)
		return _("Tap a text field first.");
	if (hint && (!strcmp(w->id, "next") || !strcmp(w->id, "submit")))
		return hint->text;
	return NULL;
}

void readaloud_widget(struct readaloud *ra, const struct view *view, const struct widget *w,
		      const char *lang, int own)
{
	int first = 1;

	ra->reading = 0;
	if (w->flags & WIDGET_SPELL) {
		readaloud_spell(ra, lang, NULL, w->text, 0);
		return;
	}
	readaloud_say(ra, readaloud_lang_of(w, lang), readaloud_label(w), &first, 0);
	/* Only a tap by the person themselves says what they typed: into the headset. */
	if (own && (w->flags & WIDGET_NEVER_SPEAK))
		readaloud_say(ra, lang, w->text && w->text[0] ? w->text : _("Empty."), &first, 0);
	readaloud_say(ra, lang, readaloud_state(w), &first, 0);
	if (widget_is_interactive(w) && !w->enabled) {
		readaloud_say(ra, lang, _("Not available."), &first, 0);
		readaloud_say(ra, lang, readaloud_why_not(view, w), &first, 0);
	}
}

/* The choices of the screen in focus order, with their state; quick exit last. */
static void readaloud_choices(struct readaloud *ra, const struct view *view, const char *lang,
			      int *first)
{
	const struct widget *order[VIEW_WIDGETS_MAX], *exit = view_find(view, "quick-exit");
	size_t n = view_focus_order(view, order, VIEW_WIDGETS_MAX), said = 0;

	for (size_t i = 0; i <= n; i++) {
		const struct widget *w = i < n ? order[i] : exit;

		if (!w || (i < n && w == exit) || w->kind == WIDGET_KEY || readaloud_is_switch(w) ||
		    !readaloud_label(w))
			continue;
		if (!said++)
			readaloud_say(ra, lang, _("You can choose:"), first, 0);
		readaloud_say(ra, readaloud_lang_of(w, lang), readaloud_label(w), first, 0);
		readaloud_say(ra, lang, readaloud_state(w), first, 0);
	}
}

void readaloud_screen(struct readaloud *ra, const struct view *view, const char *lang,
		      const char *title)
{
	int first = 1;
	size_t i;

	readaloud_say(ra, lang, title, &first, 0);
	for (i = 0; i < view->count; i++) {
		const struct widget *w = &view->widgets[i];

		/* The title was said first (the heading shows it, where there is room). */
		if (w->kind != WIDGET_LABEL || (title && w->text && !strcmp(w->text, title)))
			continue;
		if (w->flags & WIDGET_SPELL)
			readaloud_spell(ra, lang, NULL, w->text, !first);
		else
			readaloud_say(ra, lang, readaloud_label(w), &first, 0);
		first = first && !(w->flags & WIDGET_SPELL);
	}
	readaloud_choices(ra, view, lang, &first);
	ra->reading = !first;
}

int readaloud_second_tap(struct readaloud *ra, const struct widget *w, Uint64 now_ms)
{
	if (ra->touched[0] && strcmp(ra->touched, w->id) == 0 &&
	    now_ms - ra->touched_ms <= READALOUD_SECOND_TAP_MS) {
		readaloud_forget_tap(ra);
		return 1;
	}
	snprintf(ra->touched, sizeof(ra->touched), "%s", w->id);
	ra->touched_ms = now_ms;
	return 0;
}

void readaloud_spell(struct readaloud *ra, const char *lang, const char *caption, const char *code,
		     int append)
{
	char group[64];
	size_t at = 0;
	int first = !append;

	readaloud_say(ra, lang, caption, &first, 0);
	/* Groups at the dash (or a space), each character apart: "K 7 M 3". */
	for (const char *p = code; p && *p; p++) {
		if (*p != '-' && *p != ' ' && at + 3 < sizeof(group)) {
			if (at)
				group[at++] = ' ';
			group[at++] = *p;
		}
		if ((*p == '-' || *p == ' ' || !p[1]) && at) {
			group[at] = '\0';
			readaloud_say(ra, lang, group, &first, SPEECH_SLOW);
			at = 0;
		}
	}
	sodium_memzero(group, sizeof(group));
	ra->reading = 1;
}

void readaloud_countdown(struct readaloud *ra, const char *lang, int seconds)
{
	char text[128];
	int first = 1;

	snprintf(text, sizeof(text), _("Seconds left: %d"), seconds);
	readaloud_say(ra, lang, text, &first, 0);
}

int readaloud_adjust(struct readaloud *ra, const char *id)
{
	if (strcmp(id, "speech.rate") == 0) {
		ra->rate_step = (ra->rate_step + 1) % STEPS(rate_steps);
		speech_set_rate(ra->voice, rate_steps[ra->rate_step]);
	} else if (strcmp(id, "speech.volume") == 0) {
		ra->volume_step = (ra->volume_step + 1) % STEPS(volume_steps);
		speech_set_volume(ra->voice, volume_steps[ra->volume_step]);
	} else {
		return 0;
	}
	return 1;
}

int readaloud_rate(const struct readaloud *ra)
{
	return rate_steps[ra->rate_step];
}

int readaloud_volume(const struct readaloud *ra)
{
	return volume_steps[ra->volume_step];
}

void readaloud_note(struct readaloud *ra, int note)
{
	if (note == SPEECH_FINISHED || note == SPEECH_FAILED)
		ra->reading = 0;
}
