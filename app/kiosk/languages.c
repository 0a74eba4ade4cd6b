#include "kiosk/languages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads keyboard NAME unless it is loaded; its index in *INDEX. */
static int languages_load_keyboard(struct languages *l, const char *assets_dir, const char *name,
				   size_t *index, struct error *err)
{
	char path[4096];
	size_t i;

	for (i = 0; i < l->keyboard_count; i++) {
		if (strcmp(l->keyboard_names[i], name) == 0) {
			*index = i;
			return 0;
		}
	}
	if (l->keyboard_count >= LANGUAGES_KEYBOARDS_MAX) {
		error_set(err, "%s/languages.ini: more than %d keyboards", assets_dir,
			  LANGUAGES_KEYBOARDS_MAX);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/keyboards/%s.kbd", assets_dir, name);
	if (kbdlayout_load(&l->keyboards[l->keyboard_count], path, err) != 0)
		return -1;
	snprintf(l->keyboard_names[l->keyboard_count], LANGTABLE_TEXT_MAX, "%s", name);
	*index = l->keyboard_count++;
	return 0;
}

struct languages *languages_open(const char *assets_dir, const char *font_dir, struct error *err)
{
	struct languages *l = calloc(1, sizeof(*l));
	char path[4096];
	size_t i, index;

	if (!l) {
		error_set(err, "languages: out of memory");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/languages.ini", assets_dir);
	if (langtable_load(&l->table, path, err) != 0 || fonts_init(&l->fonts, font_dir, err) != 0)
		goto fail;
	for (i = 0; i < l->table.count; i++) {
		const struct language *lang = &l->table.languages[i];
		if (fonts_add_family(&l->fonts, lang->font, err) != 0 ||
		    languages_load_keyboard(l, assets_dir, lang->keyboard, &index, err) != 0)
			goto fail;
	}
	if (languages_load_keyboard(l, assets_dir, LANGUAGES_DIGITS, &l->digits, err) != 0 ||
	    languages_load_keyboard(l, assets_dir, LANGUAGES_CODE, &l->code, err) != 0)
		goto fail;
	return l;
fail:
	languages_close(l);
	return NULL;
}

void languages_close(struct languages *l)
{
	if (!l)
		return;
	fonts_close(&l->fonts);
	free(l);
}

const struct language *languages_find(const struct languages *l, const char *code)
{
	return langtable_find(&l->table, code);
}

size_t languages_keyboard_of(const struct languages *l, const char *code)
{
	const struct language *lang = languages_find(l, code);
	size_t i;

	for (i = 0; lang && i < l->keyboard_count; i++) {
		if (strcmp(l->keyboard_names[i], lang->keyboard) == 0)
			return i;
	}
	return 0;
}

size_t languages_keyboard_next(const struct languages *l, size_t index)
{
	size_t i, next;

	for (i = 1; i <= l->keyboard_count; i++) {
		next = (index + i) % l->keyboard_count;
		if (next != l->digits && next != l->code)
			return next;
	}
	return index;
}

struct shape_style languages_style(const struct languages *l, const char *code, int bold, int px)
{
	const struct language *lang = languages_find(l, code);
	struct shape_style style = { FONTS_FALLBACK, bold, px, 0 };

	if (lang) {
		style.family = lang->font;
		style.rtl = lang->rtl;
	}
	return style;
}
