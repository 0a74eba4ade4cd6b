#ifndef PRISMA_ERROR_H
#define PRISMA_ERROR_H

/*
 * A one-line, human-readable reason for a failure, naming the file, field or
 * device at fault ("terminal.ini: [terminal] id: missing"). Every fallible
 * function in core takes a `struct error *` and fills it on failure only.
 */
struct error {
	char msg[512];
};

/* Sets the message (printf-style). Never fails; long messages are truncated. */
void error_set(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes the existing message with "PREFIX: " (e.g. the file name). */
void error_prefix(struct error *err, const char *prefix);

#endif
