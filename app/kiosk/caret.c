#include "kiosk/caret.h"

#include <stdlib.h>
#include <string.h>

/* The caret x of OFFSET in a LINE laid out from STR. */
static int caret_in_line(struct fonts *fonts, const char *str, const struct shape_line *line,
			 const struct shape_style *style, size_t offset, int *x, struct error *err)
{
	const struct shape_run *run = NULL;
	size_t i;
	int w;

	for (i = 0; i < line->count; i++) {
		const struct shape_run *r = &line->runs[i];
		if (offset >= r->start && offset < r->start + r->len)
			run = r;
		/* The logical end: after the run that ends the string. */
		if (offset == r->start + r->len && !run && offset > 0 && !str[offset])
			run = r;
	}
	if (!run) {
		*x = style->rtl ? line->w : 0;
		return 0;
	}
	if (shape_measure(fonts, run, str + run->start, offset - run->start, style, &w, err) != 0)
		return -1;
	*x = run->level % 2 ? run->x + run->w - w : run->x + w;
	return 0;
}

int caret_x(struct fonts *fonts, const char *str, const struct shape_style *style, size_t offset,
	    int *x, struct error *err)
{
	struct shape_line *line = calloc(1, sizeof(*line));
	int rc = -1;

	*x = 0;
	if (!line) {
		error_set(err, "text: out of memory");
		return -1;
	}
	if (offset <= strlen(str) && shape_layout(fonts, str, strlen(str), style, line, err) == 0)
		rc = caret_in_line(fonts, str, line, style, offset, x, err);
	free(line);
	return rc;
}

size_t caret_next(const char *str, size_t offset)
{
	size_t len = strlen(str), step;
	unsigned cp;

	if (offset >= len)
		return len;
	do {
		step = shape_utf8((const unsigned char *)str + offset, len - offset, &cp);
		offset += step ? step : 1;
		if (offset >= len)
			return len;
		step = shape_utf8((const unsigned char *)str + offset, len - offset, &cp);
	} while (step && shape_attaches(cp));
	return offset;
}

size_t caret_prev(const char *str, size_t offset)
{
	size_t at = 0, last = 0;

	while (at < offset && str[at]) {
		last = at;
		at = caret_next(str, at);
	}
	return last;
}

/* Every caret offset of STR with its x, for visual movement and taps; count in *N. */
static int caret_all(struct fonts *fonts, const char *str, const struct shape_style *style,
		     size_t *offsets, int *xs, size_t *n)
{
	struct shape_line *line = calloc(1, sizeof(*line));
	struct error err;
	size_t at = 0;
	int rc = -1;

	*n = 0;
	if (!line || shape_layout(fonts, str, strlen(str), style, line, &err) != 0)
		goto end;
	for (;;) {
		if (caret_in_line(fonts, str, line, style, at, &xs[*n], &err) != 0)
			goto end;
		offsets[(*n)++] = at;
		if (!str[at])
			break;
		at = caret_next(str, at);
	}
	rc = 0;
end:
	free(line);
	return rc;
}

size_t caret_move(struct fonts *fonts, const char *str, const struct shape_style *style,
		  size_t offset, int direction)
{
	size_t len = strlen(str), n, i, best = offset;
	size_t *offsets = calloc(len + 1, sizeof(*offsets));
	int *xs = calloc(len + 1, sizeof(*xs)), x0 = 0, bestd = -1, d;

	if (!offsets || !xs || caret_all(fonts, str, style, offsets, xs, &n) != 0)
		goto end;
	for (i = 0; i < n; i++) {
		if (offsets[i] == offset)
			x0 = xs[i];
	}
	for (i = 0; i < n; i++) {
		d = (xs[i] - x0) * direction;
		if (d > 0 && (bestd < 0 || d < bestd)) {
			bestd = d;
			best = offsets[i];
		}
	}
end:
	free(offsets);
	free(xs);
	return best;
}

size_t caret_offset_at(struct fonts *fonts, const char *str, const struct shape_style *style, int x)
{
	size_t len = strlen(str), n, i, best = len;
	size_t *offsets = calloc(len + 1, sizeof(*offsets));
	int *xs = calloc(len + 1, sizeof(*xs)), bestd = -1, d;

	if (!offsets || !xs || caret_all(fonts, str, style, offsets, xs, &n) != 0)
		goto end;
	for (i = 0; i < n; i++) {
		d = abs(xs[i] - x);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = offsets[i];
		}
	}
end:
	free(offsets);
	free(xs);
	return best;
}
