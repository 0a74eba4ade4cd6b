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

	text_clear_drawn(text);
	for (bold = 0; bold < 2; bold++) {
		for (size = 0; size < TEXT_SIZE_COUNT; size++) {
			if (text->fonts[bold][size])
				TTF_CloseFont(text->fonts[bold][size]);
			text->fonts[bold][size] = NULL;
		}
	}
}

void text_clear_drawn(struct text *text)
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

int text_is_wiped(const struct text *text)
{
	/* Rendered surfaces and textures live only inside text_draw, wiped before it returns. */
	return text->drawn_count == 0;
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

/* Copies SURFACE to the renderer through a streaming texture that is wiped before it is freed. */
static int text_blit(SDL_Renderer *renderer, SDL_Surface *surface, SDL_Rect src, SDL_Rect dst)
{
	SDL_Texture *texture;
	void *pixels;
	int pitch, rc = -1;

	texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
				    surface->w, surface->h);
	if (!texture)
		return -1;
	SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
	if (SDL_UpdateTexture(texture, NULL, surface->pixels, surface->pitch) != 0)
		goto end;
	if (SDL_RenderCopy(renderer, texture, &src, &dst) != 0)
		goto end;
	SDL_RenderFlush(renderer);
	rc = 0;
end:
	if (SDL_LockTexture(texture, NULL, &pixels, &pitch) == 0) {
		sodium_memzero(pixels, (size_t)pitch * (size_t)surface->h);
		SDL_UnlockTexture(texture);
	}
	SDL_DestroyTexture(texture);
	return rc;
}

int text_draw(struct text *text, SDL_Renderer *renderer, const char *str, SDL_Rect box,
	      const struct text_style *style, SDL_Rect *drawn)
{
	SDL_Surface *surface;
	SDL_Rect src, dst;
	int rc;

	if (drawn) /* nothing drawn: the start of the box, on the right in RTL */
		*drawn = (SDL_Rect){ text->rtl ? box.x + box.w : box.x, box.y, 0, box.h };
	if (!str || !str[0])
		return 0;
	surface = text_render_fitting(text, str, box, style);
	if (!surface)
		return -1;
	src = (SDL_Rect){ 0, 0, surface->w, surface->h };
	if (src.w > box.w) {
		/* The end of a field's text stays visible: on the right in LTR, the left in RTL. */
		src.x = style->align == TEXT_TAIL && !text->rtl ? surface->w - box.w : 0;
		src.w = box.w;
	}
	if (src.h > box.h)
		src.h = box.h;
	/* Not even the smallest size fitted: the text is cut (expect-text-fits fails). */
	if ((src.w < surface->w && style->align != TEXT_TAIL) || src.h < surface->h) {
		if (!text->cut_count++)
			text->cut_first = text->drawn_count;
	}
	dst = (SDL_Rect){ box.x, style->top ? box.y : box.y + (box.h - src.h) / 2, src.w, src.h };
	if (style->align == TEXT_CENTER)
		dst.x = box.x + (box.w - src.w) / 2;
	else if (text->rtl)
		dst.x = box.x + box.w - src.w; /* the start of a right-to-left line */
	rc = text_blit(renderer, surface, src, dst);
	if (drawn)
		*drawn = dst;
	surface_free_wiped(surface);
	text_record(text, str);
	return rc;
}

const char *text_first_cut(const struct text *text)
{
	if (!text->cut_count)
		return NULL;
	return text->cut_first < text->drawn_count ? text->drawn[text->cut_first] : "";
}
