/* Fuzzes the kiosk's theme file reader (app/kiosk/theme.c) with arbitrary bytes. */
#include "kiosk/theme.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct theme_set t;
	struct error err = { "" };

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (theme_parse(&t, text, "fuzz.ini", &err) != 0 && !err.msg[0])
		abort(); /* a failure always says why */
	free(text);
	return 0;
}
