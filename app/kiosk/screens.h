#ifndef PRISMA_KIOSK_SCREENS_H
#define PRISMA_KIOSK_SCREENS_H

#include "kiosk/ui.h"

/*
 * One build function per screen: each fills ui->widgets for the current state.
 * Positions are in per mille of the window so every size from 800x480 to
 * 1920x1080 gets the same layout. Screen and widget ids are listed in
 * docs/kiosk.md; tests rely on them.
 */
void screens_build(struct ui *ui);

#endif
