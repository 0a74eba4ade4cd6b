#include "kiosk/ui.h"

#include <stdio.h>
#include <string.h>

/*
 * Opening and closing the kiosk context (control layer): languages.ini and
 * gettext with the start language, the theme, the session, the frame with its
 * fonts and icons. Everything it opens, ui_close frees (wiping first).
 */

/* The size the start-up check rasterises the catalogue's icons at (as tests/kiosk/test_icons.c). */
#define UI_ICON_CHECK_PX 48

int ui_resize(struct ui *ui, int w, int h, struct error *err)
{
	text_close(&ui->text);
	ui->synced_language = SIZE_MAX; /* text_open forgets the language */
	icons_close(ui->icons);		/* its textures belong to the old renderer */
	ui->icons = NULL;
	if (canvas_resize(&ui->canvas, w, h, err) != 0)
		return -1;
	if (!(ui->icons = icons_open(ui->icon_dir, ui->canvas.renderer, err)))
		return -1;
	ui->dirty = 1;
	if (text_open(&ui->text, ui->config->font_dir,
		      ui->canvas.height < ui->canvas.width ? ui->canvas.height : ui->canvas.width,
		      err) != 0)
		return -1;
	return text_set_scale(&ui->text, modes_text_percent(&ui->modes, &ui->theme), err);
}

/* Every code of languages.ini, comma-separated, for i18n_open. */
static void ui_language_codes(const struct languages *l, char *out, size_t size)
{
	size_t i, at = 0;

	out[0] = '\0';
	for (i = 0; i < l->table.count && at + LANGTABLE_CODE_MAX + 1 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%s", i ? "," : "",
				       l->table.languages[i].code);
}

/*
 * The home screen offers every language of languages.ini; terminal.ini's
 * `languages` names the start language first, and each code it lists must be
 * in the table.
 */
static int ui_start_language(struct ui *ui, const struct config *cfg, struct error *err)
{
	const char *p = cfg->languages, *name = cfg->path ? cfg->path : "config";
	char code[I18N_CODE_MAX], first[I18N_CODE_MAX] = "";
	size_t len;

	for (; *p; p += strspn(p, ", ")) {
		len = strcspn(p, ", ");
		snprintf(code, sizeof(code), "%.*s", (int)len, p);
		p += len;
		if (!len)
			continue;
		if (len >= sizeof(code) || !languages_find(ui->languages, code)) {
			error_set(err, "%s: languages: '%s' is not in languages.ini", name, code);
			return -1;
		}
		if (!first[0])
			memcpy(first, code, sizeof(first));
	}
	if (first[0] && i18n_select(&ui->i18n, first) != 0) {
		error_set(err, "%s: languages: '%s' has no translation", name, first);
		return -1;
	}
	return 0;
}

/*
 * The pictograms live in icons/ beside the catalogue file (assets/ in the
 * tree and in the image; the build's assets/ without a configuration or a
 * usable catalogue). Opens them on the canvas and checks that every icon the catalogue names draws.
 * Returns 0, or -1 with ERR naming the file.
 */
static int ui_open_icons(struct ui *ui, struct error *err)
{
	const char *path = ui->config->catalogue_path;
	const char *slash = path ? strrchr(path, '/') : NULL;
	const struct catalogue *cat = ui->catalogue;

	if (slash)
		snprintf(ui->icon_dir, sizeof(ui->icon_dir), "%.*s/icons", (int)(slash - path),
			 path);
	/* No usable catalogue (out of service): the action icons come from the build's assets. */
	if (!slash || !cat || !cat->service_count)
		snprintf(ui->icon_dir, sizeof(ui->icon_dir), "%s/icons", PRISMA_ASSETS_DIR);
	if (!(ui->icons = icons_open(ui->icon_dir, ui->canvas.renderer, err)))
		return -1;
	for (size_t i = 0; cat && i < cat->service_count; i++) {
		if (cat->services[i].icon &&
		    !icons_get(ui->icons, cat->services[i].icon, UI_ICON_CHECK_PX, err))
			return -1;
	}
	if (cat && cat->info_icon && !icons_get(ui->icons, cat->info_icon, UI_ICON_CHECK_PX, err))
		return -1;
	return 0;
}

static int ui_open_language(struct ui *ui, const struct ui_options *opts, struct error *err)
{
	const struct config *cfg = ui->config;
	const char *locale_dir = cfg->locale_dir ? cfg->locale_dir : PRISMA_LOCALE_DIR;
	char codes[LANGTABLE_MAX * (LANGTABLE_CODE_MAX + 1)];

	ui->languages = languages_open(PRISMA_ASSETS_DIR, cfg->font_dir, err);
	if (!ui->languages)
		return -1;
	ui_language_codes(ui->languages, codes, sizeof(codes));
	if (i18n_open(&ui->i18n, codes, locale_dir, err) != 0 ||
	    ui_start_language(ui, cfg, err) != 0)
		return -1;
	if (opts->language && i18n_select(&ui->i18n, opts->language) != 0) {
		error_set(err, "--lang: '%s' is not in languages.ini (%s)", opts->language, codes);
		return -1;
	}
	ui->start_language = ui->i18n.current;
	ui->synced_language = SIZE_MAX;
	return 0;
}

int ui_open(struct ui *ui, const struct ui_world *world, const struct ui_options *opts,
	    struct error *err)
{
	const struct config *cfg = world->config;

	memset(ui, 0, sizeof(*ui));
	ui->term = world->term;
	ui->config = world->config;
	ui->catalogue = world->catalogue;
	ui->idle_timeout_ms = cfg->idle_timeout > 0 ? (Uint64)cfg->idle_timeout * 1000 : 0;
	ui->idle_warning_ms = (Uint64)cfg->idle_warning * 1000;
	ui->tap_guard_ms = cfg->tap_guard_ms > 0 ? (Uint64)cfg->tap_guard_ms : 0;
	ui->health_recheck_ms = (Uint64)(cfg->health_recheck > 0 ? cfg->health_recheck : 30) * 1000;
	if (ui_open_language(ui, opts, err) != 0)
		goto fail;
	if (theme_load(&ui->theme,
		       cfg->theme_path ? cfg->theme_path : PRISMA_ASSETS_DIR "/theme.ini",
		       err) != 0)
		goto fail;
	ui->session = session_new(world->term, err);
	if (!ui->session)
		goto fail;
	if (canvas_open(&ui->canvas, opts->width, opts->height, !opts->headless, err) != 0)
		goto fail;
	if (text_open(&ui->text, cfg->font_dir,
		      ui->canvas.height < ui->canvas.width ? ui->canvas.height : ui->canvas.width,
		      err) != 0)
		goto fail;
	if (ui_open_icons(ui, err) != 0)
		goto fail;
	ui->screen = world->term ? SCREEN_HOME : SCREEN_OUT_OF_SERVICE;
	ui->dirty = 1;
	return 0;
fail:
	ui_close(ui);
	return -1;
}

void ui_close(struct ui *ui)
{
	session_free(ui->session);
	ui->session = NULL;
	text_close(&ui->text);
	languages_close(ui->languages);
	ui->languages = NULL;
	icons_close(ui->icons);
	ui->icons = NULL;
	canvas_close(&ui->canvas);
}
