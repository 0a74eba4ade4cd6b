/*
 * Fuzzes the kiosk's data-file parsers (app/kiosk/langtable.c,
 * app/kiosk/kbdlayout.c over app/kiosk/inidata.c): the input is parsed both as
 * languages.ini and as a keyboard file. Whatever it holds, the parsers return
 * 0 or -1 with a message, and what they accept keeps its promises.
 */
#include "kiosk/kbdlayout.h"
#include "kiosk/langtable.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct kbdlayout layout;
static struct langtable table;

/* Every accepted row fits, every key has an id, every page key leads to a page. */
static void check_layout(void)
{
	size_t pg, r, k;

	for (pg = 0; pg < layout.count; pg++) {
		for (r = 0; r < layout.pages[pg].count; r++) {
			const struct kbd_row *row = &layout.pages[pg].rows[r];
			if (row->halves > 2 * KBD_ROW_UNITS_MAX || row->count == 0)
				abort();
			for (k = 0; k < row->count; k++) {
				if (strncmp(row->keys[k].id, "key.", 4) != 0)
					abort();
				if (row->keys[k].action == KBD_PAGE &&
				    !kbdlayout_page(&layout, row->keys[k].target))
					abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { "" };
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (kbdlayout_parse(&layout, text, "fuzz.kbd", &err) == 0)
		check_layout();
	else if (!err.msg[0])
		abort();
	err.msg[0] = '\0';
	if (langtable_parse(&table, text, "fuzz.ini", &err) == 0) {
		if (table.count == 0 || !langtable_find(&table, table.languages[0].code))
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	free(text);
	return 0;
}
