#include "kiosk/layout.h"

int layout_mm(const struct layout_frame *frame, int tenths, int vertical)
{
	long px = vertical ? frame->height : frame->width;
	long mm = vertical ? frame->mm_h : frame->mm_w;

	if (mm <= 0)
		mm = vertical ? 86 : 154;
	return (int)((tenths * px + mm * 10 - 1) / (mm * 10));
}

struct layout_rect layout_place(const struct layout_frame *frame, struct layout_box box,
				int never_mirror)
{
	struct layout_rect r = { frame->width * box.start / 1000, frame->height * box.top / 1000,
				 frame->width * box.width / 1000,
				 frame->height * box.height / 1000 };

	/* Mirrored in pixels, not per mille: both directions round to the same sizes. */
	if (frame->rtl && !never_mirror)
		r.x = frame->width - r.x - r.w;
	return r;
}
