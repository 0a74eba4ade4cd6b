#ifndef PRISMA_FILEIO_H
#define PRISMA_FILEIO_H

#include "core/error.h"

#include <stddef.h>
#include <sys/types.h>

/*
 * Durable file writes: data goes to a temporary name in the same directory,
 * is fsynced, then appears under its final name in one step, and the
 * directory is fsynced. A crash leaves either the whole file or none.
 */

/* Creates PATH with DATA; fails (EEXIST) if PATH exists. 0, or -1 with ERR; nothing left behind. */
int fileio_write_new(const char *path, const void *data, size_t len, mode_t mode,
		     struct error *err);

/*
 * fileio_write_new() of NAME (one path component) beneath the open directory
 * DIRFD, never through a link: the temporary file is made with O_CREAT |
 * O_EXCL | O_NOFOLLOW and renamed beneath DIRFD, so swapping a folder on the
 * path for a link after DIRFD was opened changes nothing. DIR_SHOWN names
 * DIRFD in messages. 0, or -1 with ERR; nothing left behind.
 */
int fileio_write_new_at(int dirfd, const char *dir_shown, const char *name, const void *data,
			size_t len, mode_t mode, struct error *err)
	__attribute__((warn_unused_result));

/* fsync of the open directory DIRFD (syncfs where a stick cannot fsync one). 0, or -1 errno. */
int fileio_sync_dir(int dirfd) __attribute__((warn_unused_result));

/*
 * Gives the finished, synced temporary file TMP (open as FD) beneath DIRFD
 * its final name NAME unless NAME exists (errno EEXIST), then syncs it again
 * under that name (FAT writes a renamed file's size into its new entry only
 * when the file itself is written back) and closes FD, whatever happens,
 * once. TMP is removed when it cannot be placed (NAME stays when only the
 * second sync fails); the folder is not synced here. 0, or -1 with the errno
 * of the first failure.
 */
int fileio_place_synced(int dirfd, int fd, const char *tmp, const char *name)
	__attribute__((warn_unused_result));

/*
 * When NAME is the temporary name fileio_write_new() writes under (and a killed
 * writer leaves behind) for a file whose name ends in SUFFIX, as
 * "x.prb.tmp-Ab12Cd" is for "x.prb": the length of that file's name ("x.prb").
 * Otherwise 0. Cannot fail.
 */
size_t fileio_temp_target(const char *name, const char *suffix);

/* Reads the whole file PATH (at most MAX bytes) into *OUT (malloc). 0, or -1 with ERR. */
int fileio_read_all(const char *path, size_t max, unsigned char **out, size_t *len,
		    struct error *err);

/*
 * Makes PATH a new secret of LEN (at most 64) random bytes: 0600, durable,
 * never over an existing file (fileio_write_new); the bytes are wiped from
 * memory. 0, or -1 with ERR naming PATH.
 */
int fileio_secret_create(const char *path, size_t len, struct error *err)
	__attribute__((warn_unused_result));

/*
 * Reads a secret of exactly LEN bytes (at most 64) from PATH into OUT without
 * following a link; the read buffer is wiped. WHAT names it in the error of
 * a file of another size ("an audit key"). 0, or -1 with ERR naming PATH (OUT
 * is zeros then).
 */
int fileio_read_secret(const char *path, const char *what, unsigned char *out, size_t len,
		       struct error *err) __attribute__((warn_unused_result));

/*
 * mkdir -p with MODE. Each directory it creates is made durable (its parent
 * fsynced), so a file later written durably beneath it survives a power cut.
 * 0, or -1 with ERR naming the directory.
 */
int fileio_mkdirs(const char *path, mode_t mode, struct error *err);

/*
 * Makes the directory entry of PATH durable: fsyncs PATH's parent directory.
 * Some stick filesystems (exFAT or FAT through FUSE) cannot fsync a
 * directory; the whole filesystem is synced there instead. 0, or -1 with errno.
 */
int fileio_sync_parent(const char *path) __attribute__((warn_unused_result));

#endif
