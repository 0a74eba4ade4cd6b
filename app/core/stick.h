#ifndef PRISMA_STICK_H
#define PRISMA_STICK_H

#include "core/error.h"

#include <stddef.h>

/*
 * Files on a stick, which anyone may have prepared: a symbolic link to
 * /dev/zero, a FIFO, a PRISMA folder that links elsewhere. Every folder below
 * the stick's own and every file is opened with openat() and O_NOFOLLOW, so
 * nothing outside the stick folder is read or written; only regular files of
 * bounded size are read, opened with O_NONBLOCK so a FIFO cannot hang us.
 * WHERE arguments only name things in error messages.
 */

/*
 * Opens the folder REL (e.g. "PRISMA/outbox") beneath the folder STICK, one
 * component at a time without following links, creating missing ones (mode
 * 0755) when CREATE is set. Returns a directory fd, or -1 with ERR naming the
 * folder (errno ENOENT when it is missing and CREATE is not set).
 */
int stick_open_dir(const char *stick, const char *rel, int create, struct error *err);

/* True when NAME is a plain file name we write and accept: [A-Za-z0-9._-], no leading dot,
 * at most 200 bytes, ending in SUFFIX. Cannot fail. */
int stick_name_ok(const char *name, const char *suffix);

/*
 * Reads the regular file NAME in the folder DIRFD, at most MAX bytes, into
 * *OUT (malloc) and *LEN. Links, FIFOs, devices and folders are refused
 * unread, as are larger files. 0, or -1 with ERR naming WHERE/NAME.
 */
int stick_read_file(int dirfd, const char *where, const char *name, size_t max, unsigned char **out,
		    size_t *len, struct error *err);

/*
 * Creates NAME in the folder DIRFD holding DATA (mode 0644): written to a
 * temporary name, fsynced, put in place without replacing anything, folder
 * fsynced. Fails (EEXIST) when NAME exists. 0, or -1 with ERR; nothing is
 * left behind on failure.
 */
int stick_write_new(int dirfd, const char *where, const char *name, const void *data, size_t len,
		    struct error *err);

/*
 * The names in the folder DIRFD but "." and "..", sorted, into *NAMES (an
 * array of *COUNT malloc'ed strings; free with stick_names_free). 0, or -1
 * with ERR naming WHERE.
 */
int stick_list(int dirfd, const char *where, char ***names, size_t *count, struct error *err);
void stick_names_free(char **names, size_t count);

#endif
