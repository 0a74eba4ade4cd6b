#ifndef PRISMA_KIOSK_LAYOUT_H
#define PRISMA_KIOSK_LAYOUT_H

/*
 * Layout (toolkit layer): boxes in per mille of the frame, measured from the
 * start edge of the reading direction (left in German, right in Arabic), so
 * a screen describes itself once for both directions. layout_place is the one
 * place where right-to-left mirroring happens. Plain C, no SDL: unit-tested.
 */
struct layout_rect {
	int x, y, w, h; /* pixels, x from the left edge */
};

struct layout_frame {
	int width, height; /* pixels */
	int rtl;	   /* the reading direction runs right to left */
	int mm_w, mm_h;	   /* the panel's physical size (display_mm); 0: the 7" 154x86 mm panel */
};

struct layout_box {
	int start, top, width, height; /* per mille; START from the reading start edge */
};

/*
 * The pixel rectangle of BOX in FRAME. Left to right (or with NEVER_MIRROR,
 * e.g. a keyboard row or a phone number) the start is the left edge; right to
 * left the box is mirrored about the frame's centre. Cannot fail.
 */
struct layout_rect layout_place(const struct layout_frame *frame, struct layout_box box,
				int never_mirror);

/*
 * The smallest whole number of pixels that is at least TENTHS tenths of a
 * millimetre on FRAME's panel, across (VERTICAL 0) or down (VERTICAL 1). Cannot fail.
 */
int layout_mm(const struct layout_frame *frame, int tenths, int vertical);

#endif
