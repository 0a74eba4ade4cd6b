#ifndef PRISMA_KIOSK_SCREEN_H
#define PRISMA_KIOSK_SCREEN_H

#include "core/catalogue.h"
#include "core/collection.h"
#include "kiosk/i18n.h"
#include "kiosk/languages.h"
#include "kiosk/session.h"
#include "kiosk/text.h"
#include "kiosk/view.h"

/*
 * The screen interface (screens layer). Each screen lives in its own
 * screen_NAME.c and is one `const struct screen`. A screen never includes
 * another screen or the kiosk context (ui.h): it sees a narrow read-only
 * context when it builds its widgets, and a narrow input when one of its
 * widgets is activated; it answers with the next screen or a command that
 * the kiosk carries out. Plain back/next/start steps are data in ui.c.
 */
enum screen_id {
	SCREEN_HOME = 0,
	SCREEN_SERVICES,
	SCREEN_INFO,
	SCREEN_SERVICE_INFO,
	SCREEN_CONTACT,
	SCREEN_DETAILS,
	SCREEN_REVIEW,
	SCREEN_DONE,
	SCREEN_ERROR,
	SCREEN_SENDING,
	SCREEN_IDLE_WARNING,
	SCREEN_OUT_OF_SERVICE,
	SCREEN_STATUS,
	SCREEN_COLLECT, /* the social worker's USB stick overlay (hides the form, keeps it) */
	SCREEN_COUNT,
	SCREEN_STAY = SCREEN_COUNT, /* an activation that changes no screen */
};

/* What a screen may read while it builds its widgets. */
struct screen_ctx {
	const struct session *session;
	const struct catalogue *catalogue;
	const struct i18n *i18n;
	enum session_field focus;
	int shift;
	const char *countdown;		   /* the idle warning's "M:SS", else "" */
	const struct languages *languages; /* the table, fonts and keyboards */
	size_t keyboard;		   /* index into languages->keyboards */
	size_t keyboard_page;		   /* the page of that keyboard shown */
	int high_contrast;		   /* the display modes (modes.h), for their switches */
	int large_text;
	struct text *text; /* measures text for pages (pager.h); draws nothing */
	size_t page;	   /* the page of a paged screen (review) shown */
	const struct collection_outcome *collect; /* the USB collection's end; NULL: under way */
	int read_aloud; /* read-aloud mode (readaloud.h): its controls, code.repeat */
	int speech_rate, speech_volume; /* per cent, shown on the read-aloud controls */
	int countdown_seconds;		/* the idle warning's seconds left (spoken) */
};

/* What an activation may change: the session's fields and choices, focus, shift. */
struct screen_input {
	struct session *session;
	const struct i18n *i18n;
	enum session_field *focus;
	int *shift;
	const struct languages *languages;
	size_t *keyboard;      /* key.switch moves it to the next keyboard */
	size_t *keyboard_page; /* key.page.NAME shows another page */
	size_t *page;	       /* page.next / page.prev of a paged screen */
};

enum screen_command {
	SCREEN_COMMAND_NONE = 0,
	SCREEN_COMMAND_FINISH,	      /* wipe everything and show home in the start language */
	SCREEN_COMMAND_SUBMIT,	      /* seal and store the request (busy screen, worker) */
	SCREEN_COMMAND_MORE_TIME,     /* back from the idle warning to the screen it hid */
	SCREEN_COMMAND_LANGUAGE,      /* switch to the language ARG */
	SCREEN_COMMAND_LOOKUP,	      /* check the typed reference code (busy state, worker) */
	SCREEN_COMMAND_COLLECT_CLOSE, /* hide the USB overlay, back to the screen it hid */
};

struct screen_result {
	enum screen_id next; /* SCREEN_STAY: this screen stays */
	enum screen_command command;
	const char *arg;
};

/* Who a screen is for, which decides its head row (chrome.h) and whether it is read aloud. */
enum screen_audience {
	/* The inmate's (the default): the speaker and the display switches (the voice's
	 * controls in their places while listening); read aloud, explored by touch. */
	SCREEN_FOR_INMATE = 0,
	/* The inmate's, busy (sending): the speaker alone, as nothing else takes a tap there. */
	SCREEN_FOR_INMATE_BUSY,
	/* The social worker's (the USB overlay), who wears no headset: the display switches
	 * alone; never read aloud, and a tap acts at once (not explored by touch). */
	SCREEN_FOR_STAFF,
};

struct screen {
	const char *name; /* stable id used by scripts and docs: "review" */
	/* The title (also spoken first); "" for none. */
	const char *(*title)(const struct screen_ctx *ctx);
	/* Appends the widgets for CTX to VIEW. No side effects. */
	void (*build)(const struct screen_ctx *ctx, struct view *view);
	/* Handles a tap on the enabled widget ID of this screen; NULL: nothing to handle. */
	struct screen_result (*activate)(struct screen_input *in, const char *id);
	/* The field that has focus when the screen is entered; NULL: none. */
	enum session_field (*focus_on_entry)(const struct session *session);
	enum screen_audience audience;
};

/* A result that keeps the current screen and does nothing. */
struct screen_result screen_stay(void);

/* A result that shows NEXT. */
struct screen_result screen_go(enum screen_id next);

/* A result that runs COMMAND (with ARG) on the current screen. */
struct screen_result screen_command(enum screen_command command, const char *arg);

extern const struct screen screen_home, screen_services, screen_info, screen_service_info,
	screen_contact, screen_details, screen_review, screen_done, screen_error, screen_sending,
	screen_idle_warning, screen_out_of_service, screen_status, screen_collect;

#endif
