#ifndef PRISMA_KIOSK_READALOUD_H
#define PRISMA_KIOSK_READALOUD_H

#include "kiosk/speech.h"
#include "kiosk/view.h"

#include <SDL.h>

/*
 * Read aloud (control layer, issue 9): what the kiosk says about a screen and
 * its widgets, and explore by touch. The speaker button `speak` reads the
 * screen (title, texts, then the choices) and switches read-aloud mode on; in
 * the mode every new screen is read when it appears, one tap on anything says
 * what it is (and whether it can be used, and why not), and a second tap on
 * the same widget within READALOUD_SECOND_TAP_MS activates it. The mode
 * belongs to one person: readaloud_reset (every arrival on home) puts it off
 * and wipes the voice (speech_wipe: rate, volume, transcript).
 *
 * Never read out: a widget's text flagged WIDGET_NEVER_SPEAK (what the inmate
 * typed); it is said only when the person taps that widget in the mode (then
 * only into the headset, where all speech goes). A widget's spoken label
 * (struct widget `label`) replaces a text that is a symbol.
 */
#define READALOUD_SECOND_TAP_MS 1000

struct readaloud {
	speech *voice;		     /* borrowed; NULL: the kiosk has no voice (nothing said) */
	int on;			     /* read-aloud mode: explore by touch */
	int reading;		     /* a read-out is under way: the speak button stops it */
	char touched[WIDGET_ID_MAX]; /* the widget the last tap spoke about */
	Uint64 touched_ms;
	size_t rate_step, volume_step; /* indexes into the steps of speech.rate / speech.volume */
};

/* The mode off, the voice wiped (stopped, rate and volume reset, transcript gone). Cannot fail. */
void readaloud_reset(struct readaloud *ra);

/*
 * Reads the screen of VIEW in LANG: TITLE (shown or not), the texts (not those flagged
 * WIDGET_NEVER_SPEAK), then the enabled choices; keys and the chrome's
 * switches are left out (they are explored by touch). Replaces whatever was
 * being said. Cannot fail (without a voice nothing happens).
 */
void readaloud_screen(struct readaloud *ra, const struct view *view, const char *lang,
		      const char *title);

/*
 * Says what W on VIEW is, in LANG: its label, its state (ticked, selected,
 * on), and when it cannot be used, that it cannot and why (the view's `hint`).
 * OWN: the person tapped it, so its own text (a field's, a value on the
 * review) is said too. Cannot fail.
 */
void readaloud_widget(struct readaloud *ra, const struct view *view, const struct widget *w,
		      const char *lang, int own);

/*
 * A tap on W at NOW_MS in the mode: 1 when it is the second tap on the same
 * widget within READALOUD_SECOND_TAP_MS (activate it), else 0 (say what it
 * is). An activation forgets the tap, so a third tap speaks again.
 */
int readaloud_second_tap(struct readaloud *ra, const struct widget *w, Uint64 now_ms);

/* Forgets the last tap (a new screen: nothing on it was touched yet). */
void readaloud_forget_tap(struct readaloud *ra);

/*
 * Says CODE (the reference code) in groups, slowly (SPEECH_SLOW), each
 * character apart, after CAPTION; APPEND queues it after what is being said.
 */
void readaloud_spell(struct readaloud *ra, const char *lang, const char *caption, const char *code,
		     int append);

/* The idle warning's countdown: "Seconds left: N". */
void readaloud_countdown(struct readaloud *ra, const char *lang, int seconds);

/*
 * The read-aloud controls speech.rate and speech.volume: ID steps its value
 * on (cyclic) and returns 1; any other ID returns 0. Cannot fail.
 */
int readaloud_adjust(struct readaloud *ra, const char *id);

/* The current rate and volume in per cent (the controls show them). */
int readaloud_rate(const struct readaloud *ra);
int readaloud_volume(const struct readaloud *ra);

/* What W is called when spoken: its spoken label, else its text unless that is the inmate's (NULL).
 */
const char *readaloud_label(const struct widget *w);

/* A note of the voice (speech_event): a finished or failed read-out is no longer under way. */
void readaloud_note(struct readaloud *ra, int note);

#endif
