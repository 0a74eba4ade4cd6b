#ifndef PRISMA_KIOSK_PAGER_H
#define PRISMA_KIOSK_PAGER_H

#include "kiosk/text.h"
#include "kiosk/view.h"

/*
 * Rows of caption and value laid out on as many pages as they need (toolkit
 * layer), so that a long text is shown whole, never cut and never shrunk:
 * values are broken into lines where text_draw would break them (at spaces
 * and line breaks; a word wider than its column at character boundaries,
 * marks kept with their letter), and the lines go on the next page when a
 * page is full. The review screen shows everything that will be sent this
 * way. Every copy of a value made here is wiped.
 */
struct pager_row {
	const char *caption; /* bold, in the caption column; NULL: VALUE spans both columns */
	const char *value;
	int personal; /* VALUE is the inmate's own text: never read aloud with the screen */
};

/* Where the rows go, per mille of the frame from the reading start (mirrored in RTL). */
struct pager_area {
	int top, bottom;
};

/*
 * Lays ROWS (COUNT of them) out in AREA and adds the labels of page PAGE
 * (counted from 0; SIZE_MAX: none, only count) to VIEW, the value texts kept
 * with view_keep. Returns the number of pages, at least 1. A page that cannot
 * hold one line still gets one (then text_draw makes it smaller). Cannot fail:
 * a text that cannot be measured counts as one line.
 */
size_t pager_build(struct view *view, struct text *text, const struct pager_row *rows, size_t count,
		   struct pager_area area, size_t page);

#endif
