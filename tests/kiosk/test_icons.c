/*
 * Proves app/kiosk/icons.c: every pictogram the catalogue and the kiosk name exists and draws a
 * real shape at 48 px; pictures are cached per file and size; bad names and files are refused
 * with the path. Writes icons-sheet.png (every icon at 32, 48 and 96 px, dark on light and light
 * on the accent colour) into the working directory (build/test-output/) to look at.
 */
#include "../core/testutil.h"

#include "core/catalogue.h"
#include "kiosk/icons.h"

#include <SDL_image.h>

#define ICON_DIR PRISMA_ASSETS_DIR "/icons"

/* Share of pixels with any coverage, in per cent. */
static int coverage_percent(const SDL_Surface *mask)
{
	long inked = 0;

	for (int y = 0; y < mask->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)mask->pixels + y * mask->pitch);
		for (int x = 0; x < mask->w; x++)
			inked += (row[x] >> 24) != 0;
	}
	return (int)(inked * 100 / (mask->w * mask->h));
}

/* FILE renders at 48 px as a shape: not blank, not a filled square, touching no edge badly. */
static void expect_icon(struct icons *icons, const char *file)
{
	struct error err = { "" };
	const SDL_Surface *mask = icons_get(icons, file, 48, &err);
	int percent;

	if (!mask)
		fail_msg("%s: %s", file, err.msg);
	assert_int_equal(mask->w, 48);
	assert_int_equal(mask->h, 48);
	percent = coverage_percent(mask);
	if (percent < 5 || percent > 60)
		fail_msg("%s: %d%% of the square inked (want 5-60%%)", file, percent);
}

static void test_catalogue_icons_render(void **state)
{
	struct catalogue cat;
	struct error err = { "" };
	struct icons *icons = icons_open(ICON_DIR, NULL, &err);

	assert_non_null(icons);
	assert_int_equal(catalogue_load(&cat, PRISMA_ASSETS_DIR "/catalogue.ini", &err), 0);
	for (size_t i = 0; i < cat.service_count; i++) {
		if (!cat.services[i].icon)
			fail_msg("[service.%s] has no icon", cat.services[i].id);
		expect_icon(icons, cat.services[i].icon);
	}
	if (!cat.info_icon)
		fail_msg("[info] has no icon");
	expect_icon(icons, cat.info_icon);
	catalogue_free(&cat);
	icons_close(icons);
}

static void test_action_icons_render(void **state)
{
	static const char *required[] = { "start",    "info",	    "next",   "back",  "submit",
					  "finish",   "quick-exit", "status", "retry", "more-time",
					  "contrast", "large-text", "speak" };
	struct error err = { "" };
	struct icons *icons = icons_open(ICON_DIR, NULL, &err);
	const char *const *ids = icons_action_ids();

	assert_non_null(icons);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!icons_for_action(required[i]))
			fail_msg("action %s has no icon", required[i]);
	}
	for (size_t i = 0; ids[i]; i++)
		expect_icon(icons, icons_for_action(ids[i]));
	assert_null(icons_for_action("lang.de"));
	icons_close(icons);
}

static void test_cached_per_size(void **state)
{
	struct error err = { "" };
	struct icons *icons = icons_open(ICON_DIR, NULL, &err);
	const SDL_Surface *a = icons_get(icons, "next.svg", 48, &err);

	assert_non_null(a);
	assert_ptr_equal(icons_get(icons, "next.svg", 48, &err), a);
	assert_ptr_not_equal(icons_get(icons, "next.svg", 96, &err), a);
	assert_int_equal(icons_get(icons, "next.svg", 96, &err)->w, 96);
	icons_close(icons);
	icons_close(NULL);
}

static void expect_refused(struct icons *icons, const char *file, int size, const char *part)
{
	struct error err = { "" };

	assert_null(icons_get(icons, file, size, &err));
	tu_assert_contains(err.msg, file);
	tu_assert_contains(err.msg, part);
}

static void test_bad_files_refused(void **state)
{
	char *dir = tu_mkdtemp(), *path;
	struct error err = { "" };
	struct icons *icons = icons_open(dir, NULL, &err);

	path = tu_path(dir, "empty.svg");
	tu_write_text(path, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 48 48\"/>\n");
	free(path);
	path = tu_path(dir, "junk.svg");
	tu_write_text(path, "not an svg at all\n");
	free(path);
	expect_refused(icons, "absent.svg", 48, "missing");
	expect_refused(icons, "empty.svg", 48, "draws nothing");
	expect_refused(icons, "junk.svg", 48, "not an SVG");
	expect_refused(icons, "../icons/next.svg", 48, "plain .svg");
	expect_refused(icons, "next.png", 48, "plain .svg");
	expect_refused(icons, ".svg", 48, "plain .svg");
	icons_close(icons);
	icons = icons_open(ICON_DIR, NULL, &err);
	expect_refused(icons, "next.svg", 0, "out of range");
	expect_refused(icons, "next.svg", ICONS_SIZE_MAX + 1, "out of range");
	icons_close(icons);
	tu_rmtree(dir);
}

/* Draws every icon at 32, 48 and 96 px on one sheet; returns the number of icons. */
static size_t draw_sheet(struct icons *icons, SDL_Renderer *r, const char *const *files)
{
	static const int sizes[] = { 32, 48, 96 };
	const SDL_Color ink = { 0x1a, 0x1a, 0x1a, 0xff }, paper = { 0xff, 0xff, 0xff, 0xff };
	const SDL_Color accent = { 0x1f, 0x4e, 0x79, 0xff };
	struct error err = { "" };
	size_t n;

	for (n = 0; files[n]; n++) {
		int x = 8;
		for (int dark = 0; dark < 2; dark++) {
			for (size_t s = 0; s < 3; s++, x += sizes[s - 1] + 8) {
				SDL_Rect box = { x, 8 + (int)n * 104, sizes[s], sizes[s] };
				SDL_Color bg = dark ? accent : paper;
				SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 0xff);
				SDL_RenderFillRect(r, &(SDL_Rect){ box.x - 4, box.y - 4, box.w + 8,
								   box.h + 8 });
				if (icons_draw(icons, files[n], box, dark ? paper : ink, 0, &err) !=
				    0)
					fail_msg("%s", err.msg);
			}
		}
	}
	return n;
}

/* Draws next.svg mirrored and back.svg plainly at 48 px on paper; both must be the same picture. */
static void expect_mirrored(struct icons *icons, SDL_Renderer *r, SDL_Surface *sheet)
{
	const SDL_Color ink = { 0, 0, 0, 0xff };
	SDL_Rect a = { 0, 0, 48, 48 }, b = { 60, 0, 48, 48 };
	struct error err = { "" };
	int differ = 0;

	SDL_SetRenderDrawColor(r, 0xff, 0xff, 0xff, 0xff);
	SDL_RenderFillRect(r, &(SDL_Rect){ 0, 0, 120, 48 });
	assert_int_equal(icons_draw(icons, "next.svg", a, ink, 1, &err), 0);
	assert_int_equal(icons_draw(icons, "back.svg", b, ink, 0, &err), 0);
	SDL_RenderPresent(r);
	for (int y = 0; y < 48; y++) {
		const Uint32 *row =
			(const Uint32 *)((const Uint8 *)sheet->pixels + y * sheet->pitch);
		for (int x = 0; x < 48; x++) {
			int d = (int)(row[x] & 0xff) - (int)(row[60 + x] & 0xff);
			differ += d > 64 || d < -64;
		}
	}
	assert_true(differ < 10);
}

static void test_draw_sheet(void **state)
{
	const char *files[] = { "akt.svg",	     "parenting.svg",	  "dissociation.svg",
				"disengagement.svg", "environment.svg",	  "info.svg",
				"start.svg",	     "next.svg",	  "back.svg",
				"submit.svg",	     "finish.svg",	  "quick-exit.svg",
				"status.svg",	     "retry.svg",	  "more-time.svg",
				"contrast.svg",	     "large-text.svg",	  "speaker.svg",
				"contact-code.svg",  "contact-named.svg", NULL };
	SDL_Surface *sheet =
		SDL_CreateRGBSurfaceWithFormat(0, 420, 20 * 104 + 8, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = sheet ? SDL_CreateSoftwareRenderer(sheet) : NULL;
	struct error err = { "" };
	struct icons *icons = icons_open(ICON_DIR, r, &err);
	Uint32 pixel;

	assert_non_null(r);
	SDL_SetRenderDrawColor(r, 0xe2, 0xe0, 0xdc, 0xff);
	SDL_RenderClear(r);
	assert_int_equal(draw_sheet(icons, r, files), 20);
	SDL_RenderPresent(r);
	/* The middle of the 96 px "next" arrow's shaft is ink on paper. */
	pixel = ((Uint32 *)sheet->pixels)[(8 + 7 * 104 + 48) * (sheet->pitch / 4) + 104 + 48];
	assert_int_equal(pixel & 0xffffff, 0x1a1a1a);
	/* Right to left the arrows turn round: "next" drawn mirrored is "back" drawn plainly. */
	assert_true(icons_mirrored("next.svg") && icons_mirrored("back.svg"));
	assert_false(icons_mirrored("akt.svg") || icons_mirrored("quick-exit.svg"));
	assert_int_equal(IMG_SavePNG(sheet, "icons-sheet.png"), 0);
	expect_mirrored(icons, r, sheet);
	icons_close(icons);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(sheet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_icons_render),
		cmocka_unit_test(test_action_icons_render),
		cmocka_unit_test(test_cached_per_size),
		cmocka_unit_test(test_bad_files_refused),
		cmocka_unit_test(test_draw_sheet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
