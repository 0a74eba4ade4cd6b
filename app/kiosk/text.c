#include "kiosk/text.h"

#include "kiosk/shape.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The longest string text_line_width measures (a field of the request fits). */
#define TEXT_MEASURE_MAX 1280

/* Font heights as a fraction of the window height (per mille). */
static const int size_permille[TEXT_SIZE_COUNT] = { 110, 70, 56, 44, 36, 28 };

static void text_clear_drawn(struct text *text);

/* The pixel height of SIZE on a frame HEIGHT pixels high, at PERCENT per cent. */
static int text_px(int height, int size, int percent)
{
	int px = height * size_permille[size] / 1000 * percent / 100;

	return px < 8 ? 8 : px;
}

int text_open(struct text *text, const char *font_dir, int height, struct error *err)
{
	const char *names[2] = { TEXT_FONT_REGULAR, TEXT_FONT_BOLD };
	char paths[2][4096];
	int bold, size, px;

	memset(text, 0, sizeof(*text));
	for (bold = 0; bold < 2; bold++)
		snprintf(paths[bold], sizeof(paths[bold]), "%s/%s", font_dir, names[bold]);
	for (bold = 0; bold < 2; bold++) {
		if (access(paths[bold], R_OK) != 0) {
			error_set(err, "%s: font file missing or unreadable", paths[bold]);
			goto fail;
		}
		for (size = 0; size < TEXT_SIZE_COUNT; size++) {
			px = text_px(height, size, 100);
			text->px[size] = px;
			text->fonts[bold][size] = TTF_OpenFont(paths[bold], px);
			if (!text->fonts[bold][size]) {
				error_set(err, "%s: %s", paths[bold], TTF_GetError());
				goto fail;
			}
		}
	}
	text->height = height;
	text->percent = 100;
	return 0;
fail:
	text_close(text);
	return -1;
}

int text_set_scale(struct text *text, int percent, struct error *err)
{
	int bold, size, px;

	if (percent == text->percent)
		return 0;
	text_clear_drawn(text);
	for (size = 0; size < TEXT_SIZE_COUNT; size++) {
		px = text_px(text->height, size, percent);
		for (bold = 0; bold < 2; bold++) {
			if (TTF_SetFontSize(text->fonts[bold][size], px) != 0) {
				error_set(err, "text size %d px: %s", px, TTF_GetError());
				return -1;
			}
		}
		text->px[size] = px;
	}
	text->percent = percent;
	return 0;
}

void text_close(struct text *text)
{
	int bold, size;

	text_wipe(text);
	for (bold = 0; bold < 2; bold++) {
		for (size = 0; size < TEXT_SIZE_COUNT; size++) {
			if (text->fonts[bold][size])
				TTF_CloseFont(text->fonts[bold][size]);
			text->fonts[bold][size] = NULL;
		}
	}
}

static void text_clear_drawn(struct text *text)
{
	size_t i;

	for (i = 0; i < text->drawn_count; i++) {
		sodium_memzero(text->drawn[i], strlen(text->drawn[i]));
		free(text->drawn[i]);
		text->drawn[i] = NULL;
	}
	text->drawn_count = 0;
	text->cut_count = 0;
}

size_t text_cut_count(const struct text *text)
{
	return text->cut_count;
}

/* Zeroes the entry's string and pixels, then frees them. */
static void text_cached_free(struct text_cached *c)
{
	void *pixels;
	int pitch;

	if (c->texture) {
		/* A streaming texture's pixels are SDL's memory: zeroed through a lock. */
		if (SDL_LockTexture(c->texture, NULL, &pixels, &pitch) == 0) {
			sodium_memzero(pixels, (size_t)pitch * (size_t)c->h);
			SDL_UnlockTexture(c->texture);
		}
		SDL_DestroyTexture(c->texture);
	}
	if (c->str) {
		sodium_memzero(c->str, c->len);
		free(c->str);
	}
	memset(c, 0, sizeof(*c));
}

/* Frees every cached text not drawn in the current frame (ALL: every one). */
static void text_cache_drop(struct text *text, int all)
{
	size_t i, kept = 0;

	for (i = 0; i < text->cached_count; i++) {
		if (all || text->cached[i].frame != text->frame)
			text_cached_free(&text->cached[i]);
		else if (kept++ != i) {
			text->cached[kept - 1] = text->cached[i];
			memset(&text->cached[i], 0, sizeof(text->cached[i]));
		}
	}
	text->cached_count = kept;
}

void text_frame_begin(struct text *text)
{
	text_clear_drawn(text);
	text->frame++;
}

void text_frame_end(struct text *text)
{
	text_cache_drop(text, 0);
}

void text_wipe(struct text *text)
{
	text_clear_drawn(text);
	text_cache_drop(text, 1);
}

int text_is_wiped(const struct text *text)
{
	return text->drawn_count == 0 && text->cached_count == 0;
}

int text_holds_from(const struct text *text, unsigned long frame)
{
	size_t i;

	if (text->drawn_count && text->frame <= frame)
		return 1;
	for (i = 0; i < text->cached_count; i++) {
		if (text->cached[i].frame <= frame)
			return 1;
	}
	return 0;
}

int text_was_drawn(const struct text *text, const char *needle)
{
	size_t i;

	for (i = 0; i < text->drawn_count; i++) {
		if (strstr(text->drawn[i], needle))
			return 1;
	}
	return 0;
}

static void text_record(struct text *text, const char *str)
{
	char *copy;

	if (text->drawn_count >= TEXT_DRAWN_MAX)
		return;
	copy = strdup(str);
	if (copy)
		text->drawn[text->drawn_count++] = copy;
}

static void surface_free_wiped(SDL_Surface *surface)
{
	if (!surface)
		return;
	if (surface->pixels)
		sodium_memzero(surface->pixels, (size_t)surface->pitch * (size_t)surface->h);
	SDL_FreeSurface(surface);
}

void text_set_language(struct text *text, struct fonts *shaper, const char *family, int rtl)
{
	text->shaper = family ? shaper : NULL;
	text->family = family;
	text->rtl = shaper && family ? rtl : 0;
}

/* Whether STR needs shape.c: a right-to-left language, or a character FONT lacks. */
static int text_needs_shaping(const struct text *text, TTF_Font *font, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, avail = strlen(str);
	unsigned cp;

	if (!text->shaper)
		return 0;
	if (text->rtl)
		return 1;
	for (; *s; s += len, avail -= len) {
		len = shape_utf8(s, avail, &cp);
		if (!len || !TTF_GlyphIsProvided32(font, cp))
			return 1;
	}
	return 0;
}

/* STR through shape.c at PX pixels (the caller checks the fit). */
static SDL_Surface *text_render_shaped(struct text *text, const char *str, SDL_Rect box,
				       const struct text_style *style, int px)
{
	struct shape_style shaped = { text->family, style->bold, px, text->rtl };
	struct error err;

	return shape_render(
		text->shaper, str, &shaped, style->color, style->align == TEXT_TAIL ? 0 : box.w,
		style->align == TEXT_CENTER ? SHAPE_ALIGN_CENTER : SHAPE_ALIGN_START, &err);
}

/*
 * Whether every word of STR fits WIDTH on its own: SDL_ttf's wrapping cuts a
 * word wider than the box, and a word is never to be cut (it steps down in
 * size instead).
 */
static int text_words_fit(TTF_Font *font, const char *str, int width)
{
	char word[256];
	size_t len;
	int w, h;

	for (; *str; str += len) {
		str += strspn(str, " \n");
		len = strcspn(str, " \n");
		if (len == 0)
			break;
		if (len >= sizeof(word))
			return 0;
		memcpy(word, str, len);
		word[len] = '\0';
		if (TTF_SizeUTF8(font, word, &w, &h) != 0 || w > width)
			return 0;
	}
	return 1;
}

/*
 * When not even the smallest size fits BOX (a narrow button in portrait, a
 * field's line in large text: a TEXT_TAIL line only needs to fit in height),
 * shape.c goes on in steps of a tenth down to 8 px: it wraps only at spaces,
 * so no word is ever cut. Returns the first surface that fits, else LAST.
 */
static SDL_Surface *text_render_smaller(struct text *text, const char *str, SDL_Rect box,
					const struct text_style *style, SDL_Surface *last)
{
	SDL_Surface *surface;
	int px;

	if (!text->shaper)
		return last;
	for (px = text->px[TEXT_SIZE_COUNT - 1] * 9 / 10; px >= 8; px = px * 9 / 10) {
		surface = text_render_shaped(text, str, box, style, px);
		if (!surface)
			break;
		if ((surface->w <= box.w || style->align == TEXT_TAIL) && surface->h <= box.h) {
			surface_free_wiped(last);
			return surface;
		}
		surface_free_wiped(surface);
	}
	return last;
}

/* Renders STR at the largest size from STYLE's down that fits BOX. */
static SDL_Surface *text_render_fitting(struct text *text, const char *str, SDL_Rect box,
					const struct text_style *style)
{
	SDL_Surface *surface = NULL;
	TTF_Font *font;
	int size, fits = 0;

	for (size = style->size; size < TEXT_SIZE_COUNT; size++) {
		font = text->fonts[style->bold ? 1 : 0][size];
		surface_free_wiped(surface);
		if (text_needs_shaping(text, font, str)) {
			surface = text_render_shaped(text, str, box, style, text->px[size]);
		} else if (style->align == TEXT_TAIL) {
			surface = TTF_RenderUTF8_Blended(font, str, style->color);
		} else {
			TTF_SetFontWrappedAlign(font, style->align == TEXT_CENTER
							      ? TTF_WRAPPED_ALIGN_CENTER
							      : TTF_WRAPPED_ALIGN_LEFT);
			surface = TTF_RenderUTF8_Blended_Wrapped(font, str, style->color,
								 (Uint32)box.w);
		}
		if (!surface)
			return NULL;
		fits = surface->h <= box.h && (surface->w <= box.w || style->align == TEXT_TAIL);
		if (fits && style->align != TEXT_TAIL && !text_needs_shaping(text, font, str))
			fits = text_words_fit(font, str, box.w);
		if (fits)
			break;
	}
	if (!fits)
		return text_render_smaller(text, str, box, style, surface);
	return surface;
}

int text_line_width(struct text *text, const char *str, size_t len, const struct text_style *style)
{
	TTF_Font *font = text->fonts[style->bold ? 1 : 0][style->size];
	struct shape_style shaped = { text->family, style->bold, text->px[style->size], text->rtl };
	struct shape_line line;
	struct error err;
	char copy[TEXT_MEASURE_MAX];
	int w = -1, h;

	if (!font || len >= sizeof(copy))
		return -1;
	memcpy(copy, str, len);
	copy[len] = '\0';
	if (text_needs_shaping(text, font, copy)) {
		if (shape_layout(text->shaper, copy, len, &shaped, &line, &err) == 0)
			w = line.w;
	} else if (TTF_SizeUTF8(font, copy, &w, &h) != 0) {
		w = -1;
	}
	sodium_memzero(copy, len);
	return w;
}

int text_height(struct text *text, const char *str, int width, const struct text_style *style)
{
	TTF_Font *font = text->fonts[style->bold ? 1 : 0][style->size];
	SDL_Rect box = { 0, 0, width, 0 };
	SDL_Surface *surface;
	int h;

	if (!str[0])
		return 0;
	if (!font)
		return -1;
	if (text_needs_shaping(text, font, str)) {
		surface = text_render_shaped(text, str, box, style, text->px[style->size]);
	} else {
		TTF_SetFontWrappedAlign(font, style->align == TEXT_CENTER ? TTF_WRAPPED_ALIGN_CENTER
									  : TTF_WRAPPED_ALIGN_LEFT);
		surface = TTF_RenderUTF8_Blended_Wrapped(font, str, style->color, (Uint32)width);
	}
	if (!surface)
		return -1;
	h = surface->h;
	surface_free_wiped(surface);
	return h;
}

/*
 * Everything that decides the pixels of a rendered STR (besides the fonts,
 * which only text_open changes, and it wipes the cache): the string, the box
 * (wrap width, step-down fitting), size, weight, alignment, colour (the
 * contrast modes), direction, language (family and shaper) and the scale of
 * the large-text mode.
 */
static int text_cached_matches(const struct text *text, const struct text_cached *c,
			       const char *str, size_t len, SDL_Rect box,
			       const struct text_style *style)
{
	return c->len == len && c->box_w == box.w && c->box_h == box.h && c->size == style->size &&
	       c->bold == style->bold && c->align == style->align &&
	       !memcmp(&c->color, &style->color, sizeof(c->color)) && c->rtl == text->rtl &&
	       c->family == text->family && c->shaper == text->shaper &&
	       c->px == text->px[style->size] && c->percent == text->percent &&
	       !memcmp(c->str, str, len);
}

/*
 * The columns of SURFACE (ARGB8888) that hold any ink: a wrapped text is
 * rendered as wide as its box, mostly transparent. Sets *X and *W (at least 1).
 */
static void text_ink_columns(const SDL_Surface *surface, int *x, int *w)
{
	int left = surface->w, right = -1;

	for (int y = 0; y < surface->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)surface->pixels +
						     (size_t)y * surface->pitch);
		for (int i = 0; i < left; i++) {
			if (row[i] >> 24) {
				left = i;
				break;
			}
		}
		for (int i = surface->w - 1; i > right; i--) {
			if (row[i] >> 24) {
				right = i;
				break;
			}
		}
	}
	*x = right < left ? 0 : left;
	*w = right < left ? 1 : right - left + 1;
}

/*
 * Uploads the ink columns of SURFACE into a new streaming texture (wiped when
 * freed): fully transparent pixels change nothing when blended, so leaving
 * them out draws the same pixels. NULL when SDL refuses.
 */
static SDL_Texture *text_upload(SDL_Renderer *renderer, SDL_Surface *surface, int ink_x, int ink_w)
{
	SDL_Texture *texture;
	const Uint8 *pixels = (const Uint8 *)surface->pixels + (size_t)ink_x * 4;

	texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
				    ink_w, surface->h);
	if (!texture)
		return NULL;
	if (SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND) != 0 ||
	    SDL_UpdateTexture(texture, NULL, pixels, surface->pitch) != 0) {
		SDL_DestroyTexture(texture);
		return NULL;
	}
	return texture;
}

/*
 * The rendered STR for BOX and STYLE: from the cache when this exact text was
 * drawn in this or the last frame, else rendered now and kept until a frame
 * no longer draws it (or a wipe). NULL when SDL_ttf or SDL fails.
 */
static struct text_cached *text_cache_get(struct text *text, SDL_Renderer *renderer,
					  const char *str, SDL_Rect box,
					  const struct text_style *style)
{
	size_t i, len = strlen(str);
	struct text_cached *c;
	SDL_Surface *surface;

	for (i = 0; i < text->cached_count; i++) {
		c = &text->cached[i];
		if (text_cached_matches(text, c, str, len, box, style)) {
			c->frame = text->frame;
			return c;
		}
	}
	if (text->cached_count >= TEXT_CACHE_MAX)
		text_cache_drop(text, 0);
	if (text->cached_count >= TEXT_CACHE_MAX)
		return NULL;
	if (!(surface = text_render_fitting(text, str, box, style)))
		return NULL;
	c = &text->cached[text->cached_count];
	*c = (struct text_cached){ .str = malloc(len + 1),
				   .len = len,
				   .box_w = box.w,
				   .box_h = box.h,
				   .size = style->size,
				   .bold = style->bold,
				   .align = style->align,
				   .color = style->color,
				   .rtl = text->rtl,
				   .family = text->family,
				   .shaper = text->shaper,
				   .px = text->px[style->size],
				   .percent = text->percent,
				   .w = surface->w,
				   .h = surface->h,
				   .frame = text->frame };
	text_ink_columns(surface, &c->ink_x, &c->ink_w);
	c->texture = c->str ? text_upload(renderer, surface, c->ink_x, c->ink_w) : NULL;
	surface_free_wiped(surface);
	if (!c->texture) {
		text_cached_free(c);
		return NULL;
	}
	memcpy(c->str, str, len + 1);
	text->cached_count++;
	return c;
}

/* Copies SRC of the whole rendering to DST, through the ink columns the texture holds. */
static int text_copy_ink(SDL_Renderer *renderer, const struct text_cached *c, SDL_Rect src,
			 SDL_Rect dst)
{
	int x0 = src.x > c->ink_x ? src.x : c->ink_x;
	int x1 = src.x + src.w < c->ink_x + c->ink_w ? src.x + src.w : c->ink_x + c->ink_w;

	if (x1 <= x0)
		return 0; /* no ink in the visible part */
	dst.x += x0 - src.x;
	dst.w = x1 - x0;
	src = (SDL_Rect){ x0 - c->ink_x, src.y, x1 - x0, src.h };
	return SDL_RenderCopy(renderer, c->texture, &src, &dst) == 0 ? 0 : -1;
}

int text_draw(struct text *text, SDL_Renderer *renderer, const char *str, SDL_Rect box,
	      const struct text_style *style, SDL_Rect *drawn)
{
	struct text_cached *c;
	SDL_Rect src, dst;
	int rc;

	if (drawn) /* nothing drawn: the start of the box, on the right in RTL */
		*drawn = (SDL_Rect){ text->rtl ? box.x + box.w : box.x, box.y, 0, box.h };
	if (!str || !str[0])
		return 0;
	if (!(c = text_cache_get(text, renderer, str, box, style)))
		return -1;
	src = (SDL_Rect){ 0, 0, c->w, c->h };
	if (src.w > box.w) {
		/* The end of a field's text stays visible: on the right in LTR, the left in RTL. */
		src.x = style->align == TEXT_TAIL && !text->rtl ? c->w - box.w : 0;
		src.w = box.w;
	}
	if (src.h > box.h)
		src.h = box.h;
	/* Not even the smallest size fitted: the text is cut (expect-text-fits fails). */
	if ((src.w < c->w && style->align != TEXT_TAIL) || src.h < c->h) {
		if (!text->cut_count++)
			text->cut_first = text->drawn_count;
	}
	dst = (SDL_Rect){ box.x, style->top ? box.y : box.y + (box.h - src.h) / 2, src.w, src.h };
	if (style->align == TEXT_CENTER)
		dst.x = box.x + (box.w - src.w) / 2;
	else if (text->rtl)
		dst.x = box.x + box.w - src.w; /* the start of a right-to-left line */
	if (drawn)
		*drawn = dst;
	rc = text_copy_ink(renderer, c, src, dst);
	text_record(text, str);
	return rc;
}

const char *text_first_cut(const struct text *text)
{
	if (!text->cut_count)
		return NULL;
	return text->cut_first < text->drawn_count ? text->drawn[text->cut_first] : "";
}
