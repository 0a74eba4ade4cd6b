/*
 * Proves app/kiosk/canvas.c's choice of window flags: fullscreen at the desktop's size on X11
 * and every other driver, but no fullscreen flag on KMSDRM, where SDL 2.26 would otherwise
 * recreate its GBM/EGL surfaces at the first swap and show a buffer nothing was drawn into
 * (the kiosk's first frame lost, its screen black until the first touch: seen under QEMU's
 * virtio-gpu, docs/image.md). The effect itself needs a DRM device (docs/image.md, the x86_64
 * guest); this checks the decision the fix rests on.
 *
 * Also the present path's choice (canvas_present_path) and, for kms.c, the connector and
 * mode the dumb buffers are shown on, over hand-made libdrm structs: the presenting itself
 * (dumb buffers, page flips) needs a DRM device and was seen only in the QEMU guest.
 */
#include "../core/testutil.h"

#include "kiosk/canvas.h"
#include "kiosk/kms.h"

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

static void test_present_path_defaults(void **state)
{
	assert_int_equal(canvas_present_path("KMSDRM", NULL, NULL), CANVAS_PRESENT_DUMB);
	assert_int_equal(canvas_present_path("KMSDRM", "", "0"), CANVAS_PRESENT_DUMB);
	assert_int_equal(canvas_present_path("x11", NULL, NULL), CANVAS_PRESENT_FRAMEBUFFER);
	assert_int_equal(canvas_present_path("wayland", NULL, NULL), CANVAS_PRESENT_SDL);
	assert_int_equal(canvas_present_path(NULL, NULL, NULL), CANVAS_PRESENT_SDL);
}

static void test_present_path_chosen(void **state)
{
	/* SDL's renderer on KMSDRM stays one word away, to measure both in one run. */
	assert_int_equal(canvas_present_path("KMSDRM", "renderer", NULL), CANVAS_PRESENT_RENDERER);
	assert_int_equal(canvas_present_path("KMSDRM", NULL, "1"), CANVAS_PRESENT_RENDERER);
	assert_int_equal(canvas_present_path("KMSDRM", "framebuffer", "1"), CANVAS_PRESENT_DUMB);
	assert_int_equal(canvas_present_path("x11", "renderer", NULL), CANVAS_PRESENT_RENDERER);
	assert_int_equal(canvas_present_path("wayland", "framebuffer", NULL),
			 CANVAS_PRESENT_FRAMEBUFFER);
	assert_int_equal(canvas_present_path("KMSDRM", "gles", NULL), -1);
	assert_int_equal(canvas_present_path("x11", "Renderer", NULL), -1);
}

static drmModeModeInfo mode_of(int w, int h, uint32_t type)
{
	drmModeModeInfo m = { .hdisplay = (uint16_t)w, .vdisplay = (uint16_t)h, .type = type };

	return m;
}

static void test_connector_choice(void **state)
{
	drmModeModeInfo modes[1] = { mode_of(1024, 600, DRM_MODE_TYPE_PREFERRED) };
	drmModeConnector off = { .connection = DRM_MODE_DISCONNECTED,
				 .count_modes = 1,
				 .modes = modes };
	drmModeConnector bare = { .connection = DRM_MODE_CONNECTED, .count_modes = 0 };
	drmModeConnector on = { .connection = DRM_MODE_CONNECTED,
				.count_modes = 1,
				.modes = modes };
	drmModeConnector *all[] = { NULL, &off, &bare, &on, &on };
	drmModeConnector *none[] = { &off, &bare, NULL };

	assert_int_equal(kms_choose_connector(all, 5), 3);
	assert_int_equal(kms_choose_connector(none, 3), -1);
	assert_int_equal(kms_choose_connector(all, 0), -1);
}

static void test_mode_choice(void **state)
{
	drmModeModeInfo modes[] = {
		mode_of(1920, 1080, 0),
		mode_of(1024, 600, 0),
		mode_of(1280, 800, DRM_MODE_TYPE_PREFERRED),
		mode_of(1024, 600, DRM_MODE_TYPE_PREFERRED),
		mode_of(1024, 600, 0),
	};
	drmModeConnector conn = { .connection = DRM_MODE_CONNECTED,
				  .count_modes = 5,
				  .modes = modes };

	assert_int_equal(kms_choose_mode(&conn, 1024, 600), 3); /* the preferred of the exact */
	assert_int_equal(kms_choose_mode(&conn, 1920, 1080), 0);
	assert_int_equal(kms_choose_mode(&conn, 800, 480), 2); /* no such size: preferred */
	conn.count_modes = 2;
	assert_int_equal(kms_choose_mode(&conn, 1024, 600), 1); /* exact, none preferred */
	assert_int_equal(kms_choose_mode(&conn, 800, 480), 0);	/* no preferred: the first */
	conn.count_modes = 0;
	assert_int_equal(kms_choose_mode(&conn, 800, 480), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kmsdrm_not_fullscreen),
		cmocka_unit_test(test_other_drivers_fullscreen),
		cmocka_unit_test(test_present_path_defaults),
		cmocka_unit_test(test_present_path_chosen),
		cmocka_unit_test(test_connector_choice),
		cmocka_unit_test(test_mode_choice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
