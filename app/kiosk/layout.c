#include "kiosk/layout.h"

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
