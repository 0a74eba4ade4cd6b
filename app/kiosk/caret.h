#ifndef PRISMA_KIOSK_CARET_H
#define PRISMA_KIOSK_CARET_H

#include "kiosk/shape.h"

/*
 * The caret in a one-line field of any direction: logical byte offsets of the
 * string (what editing changes) mapped to and from pixels of the line as
 * shape.c lays it out, so the caret, arrow moves and taps are right in
 * right-to-left and mixed text.
 */

/*
 * The x (pixels from the line's left edge) of the caret before the byte
 * OFFSET of STR laid out as one line (OFFSET == strlen: after the last
 * character in logical order, which is at the left end of a right-to-left
 * run). Returns 0 and sets *X, or -1 with ERR.
 */
int caret_x(struct fonts *fonts, const char *str, const struct shape_style *style, size_t offset,
	    int *x, struct error *err) __attribute__((warn_unused_result));

/*
 * The caret offset after moving one step visually: DIRECTION -1 to the left,
 * +1 to the right, whatever the direction of the text under the caret. Returns
 * OFFSET itself at the edge or on error.
 */
size_t caret_move(struct fonts *fonts, const char *str, const struct shape_style *style,
		  size_t offset, int direction);

/* The caret offset nearest to pixel X of the line (a tap into a field). */
size_t caret_offset_at(struct fonts *fonts, const char *str, const struct shape_style *style,
		       int x);

/*
 * Byte offset of the next / previous character boundary of STR from OFFSET,
 * keeping a base character and its combining marks together (a Vietnamese
 * tone, Arabic harakat). caret_next returns strlen at the end, caret_prev 0.
 */
size_t caret_next(const char *str, size_t offset);
size_t caret_prev(const char *str, size_t offset);

#endif
