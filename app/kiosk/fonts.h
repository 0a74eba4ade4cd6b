#ifndef PRISMA_KIOSK_FONTS_H
#define PRISMA_KIOSK_FONTS_H

#include "core/error.h"

#include <SDL_ttf.h>

/*
 * Fonts per script, opened lazily: a family ("Noto Sans Arabic") is the file
 * FONT_DIR/NotoSansArabic-Regular.ttf (or -Bold.ttf), from Debian's
 * fonts-noto-core. Nothing is opened before a string needs it, so a kiosk
 * that only ever shows German never loads the Arabic or Georgian fonts.
 * A character the language's own family lacks (KORA inside Arabic, a
 * Georgian language name on the German home screen) is drawn with the first
 * family from the language table that has it (fonts_add_family), else with
 * Noto Sans.
 */
#define FONTS_FALLBACK	 "Noto Sans"
#define FONTS_OPEN_MAX	 64 /* (family, weight, size) combinations kept open */
#define FONTS_FAMILY_MAX 64

struct fonts_entry {
	char family[FONTS_FAMILY_MAX];
	int bold;
	int px;
	TTF_Font *font;
};

#define FONTS_FAMILIES_MAX 16

struct fonts {
	char dir[4096];
	char families[FONTS_FAMILIES_MAX][FONTS_FAMILY_MAX]; /* to ask, in order */
	size_t family_count;
	struct fonts_entry open[FONTS_OPEN_MAX];
	size_t count;
};

/* Remembers DIR; opens nothing. Returns 0, or -1 with ERR when DIR is too long. */
int fonts_init(struct fonts *fonts, const char *dir, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Adds FAMILY (from the language table) to the families asked for characters
 * the current family lacks; a family already there is ignored. Opens nothing.
 * Returns 0, or -1 with ERR when the list is full or FAMILY is not a name.
 */
int fonts_add_family(struct fonts *fonts, const char *family, struct error *err)
	__attribute__((warn_unused_result));

/* Closes every font opened. Safe on a zeroed struct. */
void fonts_close(struct fonts *fonts);

/*
 * The font of FAMILY, weight BOLD, PX pixels high, opened on first use and
 * kept until fonts_close. Returns NULL with ERR naming the file when it is
 * missing, unreadable or not a font, or when FONTS_OPEN_MAX are open.
 */
TTF_Font *fonts_get(struct fonts *fonts, const char *family, int bold, int px, struct error *err);

/*
 * Writes the file name of FAMILY and weight ("NotoSansArabic-Bold.ttf") into
 * OUT. Returns 0, or -1 when FAMILY holds anything but letters, digits and
 * spaces or OUT is too small.
 */
int fonts_file_name(const char *family, int bold, char *out, size_t size);

/*
 * The family that draws code point CP when the text's language uses PRIMARY:
 * PRIMARY when its font provides CP, else the first added family that does,
 * else Noto Sans (which may lack it too: shape_missing_glyph finds that). The
 * fonts asked are opened (lazily) at size PX. Returns NULL only when a font
 * cannot be opened (ERR says which).
 */
const char *fonts_family_for(struct fonts *fonts, const char *primary, unsigned cp, int px,
			     struct error *err);

#endif
