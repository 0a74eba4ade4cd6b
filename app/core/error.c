#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void error_prefix(struct error *err, const char *prefix)
{
	char old[sizeof(err->msg)];
	size_t plen;

	if (!err)
		return;
	memcpy(old, err->msg, sizeof(old));
	plen = strlen(prefix);
	if (plen > sizeof(err->msg) - 3)
		plen = sizeof(err->msg) - 3;
	memcpy(err->msg, prefix, plen);
	memcpy(err->msg + plen, ": ", 2);
	snprintf(err->msg + plen + 2, sizeof(err->msg) - plen - 2, "%.*s",
		 (int)(sizeof(err->msg) - plen - 3), old);
}
