#ifndef PRISMA_KIOSK_ACTIONS_H
#define PRISMA_KIOSK_ACTIONS_H

#include "kiosk/ui.h"

/*
 * What a tap on a widget does: navigation, choices, typing, submit. The caller
 * has already checked the widget is on screen and enabled.
 */
void actions_activate(struct ui *ui, const char *id);

/* Appends UTF8 to the focused field; ignored without focus or when it would not fit. */
void actions_type(struct ui *ui, const char *utf8);

/* Removes the last character of the focused field. */
void actions_backspace(struct ui *ui);

/* True when the contact screen's choice is complete (named needs name and number). */
int actions_contact_complete(const struct ui *ui);

#endif
