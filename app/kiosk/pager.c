#include "kiosk/pager.h"

#include "kiosk/caret.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

/* Columns, per mille from the reading start: as chrome_row's caption and value. */
#define PAGER_START	    30
#define PAGER_WIDTH	    940
#define PAGER_CAPTION_WIDTH 290
#define PAGER_VALUE_START   330
#define PAGER_VALUE_WIDTH   640
#define PAGER_GAP	    8	 /* per mille between rows */
#define PAGER_CHUNK_MAX	    1600 /* a request field and its line breaks */

struct pager {
	struct view *view;
	struct text *text;
	struct text_style caption_style, value_style;
	int top, bottom, gap; /* pixels */
	int y;		      /* where the next row goes on the current page */
	size_t page, want;
};

/* Whether the LEN bytes at S fit WIDTH on one line. */
static int pager_fits(struct pager *p, const char *s, size_t len, int width)
{
	int w = text_line_width(p->text, s, len, &p->value_style);

	return w >= 0 && w <= width;
}

/*
 * The end of the line starting at offset POS of STR, wrapped at WIDTH: after
 * as many whole words as fit, else (one word wider than the column) as many
 * characters. *NEXT is where the next line starts (after the space or line
 * break the line ended at).
 */
static size_t pager_line_end(struct pager *p, const char *str, size_t pos, int width, size_t *next)
{
	size_t para = pos + strcspn(str + pos, "\n"), best = pos, at = pos, c, n;

	while (at < para) {
		at += strspn(str + at, " ");
		at += strcspn(str + at, " \n");
		if (at > para || !pager_fits(p, str + pos, at - pos, width))
			break;
		best = at;
	}
	if (best == pos && pos < para) {
		/* One word wider than the column: break it between characters. */
		best = caret_next(str, pos);
		for (c = best; c < para; c = n) {
			n = caret_next(str, c);
			if (n > para || !pager_fits(p, str + pos, n - pos, width))
				break;
			best = n;
		}
		if (best > para)
			best = para;
	}
	*next = best + (str[best] == ' ' || str[best] == '\n');
	return best;
}

/*
 * Copies into CHUNK the lines of STR from *POS that fit AVAIL pixels high in
 * WIDTH (at least one when FORCE), one line break between lines. *POS moves
 * past them. Returns the chunk's height in pixels, 0 when no line fits.
 */
static int pager_chunk(struct pager *p, const char *str, size_t *pos, int width, int avail,
		       int force, char *chunk)
{
	size_t at = *pos, next, end, used = 0, kept_used = 0, lines = 0;
	int h, kept_h = 0;

	chunk[0] = '\0';
	while (str[at]) {
		end = pager_line_end(p, str, at, width, &next);
		if (used + (end - at) + 2 > PAGER_CHUNK_MAX)
			break;
		if (lines)
			chunk[used++] = '\n';
		memcpy(chunk + used, str + at, end - at);
		used += end - at;
		chunk[used] = '\0';
		/* An empty line (two line breaks) is one line high. */
		h = text_height(p->text, chunk[0] ? chunk : " ", width, &p->value_style);
		if (h < 0)
			h = avail; /* cannot be measured: it fills the page */
		if (h > avail && !(force && lines == 0))
			break;
		lines++;
		kept_used = used;
		kept_h = h;
		at = *pos = next;
	}
	chunk[kept_used] = '\0';
	sodium_memzero(chunk + kept_used, PAGER_CHUNK_MAX - kept_used);
	return kept_h;
}

/* Adds a label at per-mille columns START..START+WIDTH, pixel rows Y..Y+H. */
static struct widget *pager_label(struct pager *p, int start, int width, int y, int h,
				  const char *str, const struct text_style *style)
{
	SDL_Rect rect = view_place(p->view, (struct layout_box){ start, 0, width, 10 }, 0);
	struct widget *w;

	rect.y = y;
	rect.h = h;
	w = view_add_rect(p->view, WIDGET_LABEL, NULL, rect, str);
	if (w)
		w->style = *style;
	return w;
}

/* Lays out one row from its start, across pages as needed. */
static void pager_row(struct pager *p, const struct pager_row *row)
{
	int start = row->caption ? PAGER_VALUE_START : PAGER_START;
	int width = row->caption ? PAGER_VALUE_WIDTH : PAGER_WIDTH;
	int px = view_place(p->view, (struct layout_box){ start, 0, width, 10 }, 0).w - 2;
	int cap_px = view_place(p->view,
				(struct layout_box){ PAGER_START, 0, PAGER_CAPTION_WIDTH, 10 }, 0)
			     .w;
	int cap_h =
		row->caption ? text_height(p->text, row->caption, cap_px, &p->caption_style) : 0;
	char chunk[PAGER_CHUNK_MAX];
	size_t pos = 0;
	int h, row_h;

	do {
		int at_top = p->y == p->top;
		const char *shown = chunk;

		/* What fits whole is shown as it is (no copy): wrapped as text_draw wraps it. */
		h = pos == 0 ? text_height(p->text, row->value, px + 2, &p->value_style) : -1;
		if (h >= 0 && h <= p->bottom - p->y && cap_h <= p->bottom - p->y) {
			shown = row->value;
			pos = strlen(row->value);
		} else {
			h = cap_h <= p->bottom - p->y || at_top
				    ? pager_chunk(p, row->value, &pos, px, p->bottom - p->y, at_top,
						  chunk)
				    : 0;
		}
		if (h == 0 && !at_top) {
			p->page++;
			p->y = p->top;
			continue;
		}
		row_h = h > cap_h ? h : cap_h;
		if (p->page == p->want) {
			if (row->caption)
				pager_label(p, PAGER_START, PAGER_CAPTION_WIDTH, p->y, row_h,
					    row->caption, &p->caption_style);
			struct widget *w =
				pager_label(p, start, width, p->y, row_h,
					    shown == chunk ? view_keep(p->view, chunk) : shown,
					    &p->value_style);
			if (w && row->personal)
				w->flags |= WIDGET_NEVER_SPEAK;
		}
		sodium_memzero(chunk, sizeof(chunk));
		p->y += row_h + p->gap;
		if (row->value[pos]) {
			p->page++;
			p->y = p->top;
		}
	} while (row->value[pos]);
}

size_t pager_build(struct view *view, struct text *text, const struct pager_row *rows, size_t count,
		   struct pager_area area, size_t page)
{
	int frame_h = view->frame.height;
	struct pager p = {
		.view = view,
		.text = text,
		.caption_style = { TEXT_BODY, 1, TEXT_LEFT, { 0, 0, 0, 0 }, 1 },
		.value_style = { TEXT_BODY, 0, TEXT_LEFT, { 0, 0, 0, 0 }, 1 },
		.top = frame_h * area.top / 1000,
		.bottom = frame_h * area.bottom / 1000,
		.gap = frame_h * PAGER_GAP / 1000,
		.want = page,
	};

	p.y = p.top;
	for (size_t i = 0; i < count; i++) {
		if (rows[i].value && rows[i].value[0])
			pager_row(&p, &rows[i]);
	}
	return p.page + 1;
}
