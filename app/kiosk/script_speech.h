#ifndef PRISMA_KIOSK_SCRIPT_SPEECH_H
#define PRISMA_KIOSK_SCRIPT_SPEECH_H

#include "kiosk/ui.h"

#include <stddef.h>

/*
 * Read aloud's script commands (docs/kiosk.md). Scripts run the kiosk with
 * the voice's "record" backend, so everything it was asked to say since the
 * screen was entered (or the language changed) is in the transcript. Each
 * takes the command's argument ARG and returns 0, or -1 with WHY (SIZE bytes).
 */

/* expect-spoken TEXT: some utterance since the screen was entered contains TEXT. */
int script_speech_expect_spoken(struct ui *ui, const char *arg, char *why, size_t size);

/* expect-not-spoken TEXT: no utterance since the screen was entered contains TEXT. */
int script_speech_expect_not_spoken(struct ui *ui, const char *arg, char *why, size_t size);

/* expect-silent: no read-out is under way (the speaker button stopped it) and the voice is idle. */
int script_speech_expect_silent(struct ui *ui, const char *arg, char *why, size_t size);

/*
 * dump-spoken FILE: one line per interactive widget of the frame,
 * "ID KIND SOURCE LABEL": SOURCE `spoken` for a spoken label of its own,
 * `text` when its text is what is spoken, `none` when nothing would be.
 */
int script_speech_dump(struct ui *ui, const char *path, char *why, size_t size);

#endif
