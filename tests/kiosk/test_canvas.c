/*
 * Proves app/kiosk/canvas.c's choice of window flags: fullscreen at the desktop's size on X11
 * and every other driver, but no fullscreen flag on KMSDRM, where SDL 2.26 would otherwise
 * recreate its GBM/EGL surfaces at the first swap and show a buffer nothing was drawn into
 * (the kiosk's first frame lost, its screen black until the first touch: seen under QEMU's
 * virtio-gpu, docs/image.md). The effect itself needs a DRM device (docs/image.md, the x86_64
 * guest); this checks the decision the fix rests on.
 */
#include "../core/testutil.h"

#include "kiosk/canvas.h"

static void test_kmsdrm_not_fullscreen(void **state)
{
	assert_int_equal(canvas_window_flags("KMSDRM"), 0);
}

static void test_other_drivers_fullscreen(void **state)
{
	assert_int_equal(canvas_window_flags("x11"), SDL_WINDOW_FULLSCREEN_DESKTOP);
	assert_int_equal(canvas_window_flags("wayland"), SDL_WINDOW_FULLSCREEN_DESKTOP);
	assert_int_equal(canvas_window_flags("offscreen"), SDL_WINDOW_FULLSCREEN_DESKTOP);
	assert_int_equal(canvas_window_flags(NULL), SDL_WINDOW_FULLSCREEN_DESKTOP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kmsdrm_not_fullscreen),
		cmocka_unit_test(test_other_drivers_fullscreen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
