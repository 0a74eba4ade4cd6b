#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fileio_sync_parent(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fileio_sync_dir(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

int fileio_sync_dir(int dirfd)
{
	int rc = fsync(dirfd);

	if (rc != 0 && (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP))
		rc = syncfs(dirfd);
	return rc;
}

/*
 * Gives the finished temporary file TMP its final name NAME (both beneath
 * DIRFD) unless NAME exists (errno EEXIST then). renameat2(RENAME_NOREPLACE)
 * where the filesystem has it, else linkat(); FAT and exFAT sticks through
 * FUSE have neither, and get a check before a plain rename: only this program
 * writes such names, one at a time.
 */
static int fileio_place_new(int dirfd, const char *tmp, const char *name)
{
	struct stat st;

	if (renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EPERM)
		return -1;
	if (linkat(dirfd, tmp, dirfd, name, 0) == 0)
		return unlinkat(dirfd, tmp, 0), 0;
	if (errno == EEXIST)
		return -1;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		errno = EEXIST;
		return -1;
	}
	return renameat(dirfd, tmp, dirfd, name);
}

int fileio_place_synced(int dirfd, int fd, const char *tmp, const char *name)
{
	int rc = fileio_place_new(dirfd, tmp, name), saved = errno;

	if (rc != 0)
		unlinkat(dirfd, tmp, 0);
	else if ((rc = fsync(fd)) != 0) /* FAT: see fileio.h */
		saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	errno = saved;
	return rc;
}

/* NAME + FILEIO_TEMP_MARK + FILEIO_TEMP_RANDOM letters or digits: a temporary name. */
#define FILEIO_TEMP_MARK   ".tmp-"
#define FILEIO_TEMP_RANDOM 6

static const char FILEIO_TEMP_LETTERS[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

size_t fileio_temp_target(const char *name, const char *suffix)
{
	size_t len = strlen(name), suffix_len = strlen(suffix), mark_len = strlen(FILEIO_TEMP_MARK);
	size_t target;

	if (len < suffix_len + mark_len + FILEIO_TEMP_RANDOM)
		return 0;
	target = len - FILEIO_TEMP_RANDOM - mark_len;
	if (strncmp(name + target, FILEIO_TEMP_MARK, mark_len) ||
	    strspn(name + target + mark_len, FILEIO_TEMP_LETTERS) != FILEIO_TEMP_RANDOM ||
	    strncmp(name + target - suffix_len, suffix, suffix_len))
		return 0;
	return target;
}

/*
 * A new temporary file beside NAME beneath DIRFD, never through a link and
 * never one that exists (O_EXCL | O_NOFOLLOW); its name goes to TMP. The
 * descriptor, or -1.
 */
static int fileio_create_temp(int dirfd, const char *name, char *tmp, size_t tmp_size)
{
	for (int tries = 0; tries < 100; tries++) {
		int len = snprintf(tmp, tmp_size, "%s" FILEIO_TEMP_MARK, name), fd;
		if (len < 0 || (size_t)len + FILEIO_TEMP_RANDOM >= tmp_size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		for (int i = 0; i < FILEIO_TEMP_RANDOM; i++)
			tmp[len + i] = FILEIO_TEMP_LETTERS[randombytes_uniform(
				sizeof(FILEIO_TEMP_LETTERS) - 1)];
		tmp[len + FILEIO_TEMP_RANDOM] = '\0';
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/*
 * Writes DATA to a fresh temporary file beside NAME, synced; its name goes to
 * TMP. Returns it still open (the caller closes it), or -1 with ERR.
 */
static int fileio_write_temp(int dirfd, const char *shown, const char *name, const void *data,
			     size_t len, mode_t mode, char *tmp, size_t tmp_size, struct error *err)
{
	const unsigned char *p = data;
	int fd = fileio_create_temp(dirfd, name, tmp, tmp_size);

	if (fd < 0) {
		error_set(err, "%s" FILEIO_TEMP_MARK "...: cannot create: %s", shown,
			  strerror(errno));
		return -1;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	/* Created 0600. FAT and exFAT sticks have no modes: there it stays as it is
	 * (EPERM from vfat, ENOSYS from fusefat); anything else is a failure. */
	if (fchmod(fd, mode) != 0 && errno != EPERM && errno != ENOSYS && errno != ENOTSUP)
		goto fail;
	if (fsync(fd) != 0)
		goto fail;
	return fd;
fail:
	error_set(err, "%s: cannot write: %s", shown, strerror(errno ? errno : ENOSPC));
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	return -1;
}

int fileio_write_new_at(int dirfd, const char *dir_shown, const char *name, const void *data,
			size_t len, mode_t mode, struct error *err)
{
	char tmp[4096], shown[4096 + 256];
	int fd;

	snprintf(shown, sizeof(shown), "%s/%s", dir_shown, name);
	fd = fileio_write_temp(dirfd, shown, name, data, len, mode, tmp, sizeof(tmp), err);
	if (fd < 0)
		return -1;
	if (fileio_place_synced(dirfd, fd, tmp, name) != 0) {
		error_set(err, "%s: %s", shown,
			  errno == EEXIST ? "already exists, not overwritten" : strerror(errno));
		return -1;
	}
	if (fileio_sync_dir(dirfd) != 0) {
		error_set(err, "%s: cannot sync directory: %s", shown, strerror(errno));
		return -1;
	}
	return 0;
}

int fileio_write_new(const char *path, const void *data, size_t len, mode_t mode, struct error *err)
{
	char *dir_copy = strdup(path), *name_copy = strdup(path), *dir;
	int dirfd = -1, rc = -1;

	if (!dir_copy || !name_copy) {
		error_set(err, "%s: out of memory", path);
		goto end;
	}
	dir = dirname(dir_copy);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		error_set(err, "%s: cannot create: %s", path, strerror(errno));
		goto end;
	}
	rc = fileio_write_new_at(dirfd, dir, basename(name_copy), data, len, mode, err);
end:
	if (dirfd >= 0)
		close(dirfd);
	free(dir_copy);
	free(name_copy);
	return rc;
}

int fileio_read_all(const char *path, size_t max, unsigned char **out, size_t *len,
		    struct error *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t used = 0, cap = 0;

	*out = NULL;
	if (!f) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (used == cap) {
			unsigned char *grown;
			cap = cap ? cap * 2 : 65536;
			if (!(grown = realloc(buf, cap + 1)))
				goto fail_mem;
			buf = grown;
		}
		size_t n = fread(buf + used, 1, cap - used, f);
		used += n;
		if (used > max) {
			error_set(err, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		error_set(err, "%s: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	*out = buf;
	*len = used;
	return 0;
fail_mem:
	error_set(err, "%s: out of memory", path);
fail:
	free(buf);
	fclose(f);
	return -1;
}

int fileio_mkdirs(const char *path, mode_t mode, struct error *err)
{
	char buf[4096];
	size_t len = strlen(path);

	if (len >= sizeof(buf)) {
		error_set(err, "%s: path too long", path);
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			*p = '\0';
			if (mkdir(buf, mode) == 0) {
				/* A new directory is only there after a power cut once its parent
				 * is synced. */
				if (fileio_sync_parent(buf) != 0) {
					error_set(err, "%s: cannot sync directory: %s", buf,
						  strerror(errno));
					return -1;
				}
			} else if (errno != EEXIST) {
				error_set(err, "%s: cannot create directory: %s", buf,
					  strerror(errno));
				return -1;
			}
			*p = saved;
			if (!saved)
				break;
		}
	}
	return 0;
}

int fileio_secret_create(const char *path, size_t len, struct error *err)
{
	unsigned char secret[64];
	int rc;

	if (len > sizeof(secret)) {
		error_set(err, "%s: a secret of %zu bytes is longer than %zu", path, len,
			  sizeof(secret));
		return -1;
	}
	randombytes_buf(secret, len);
	rc = fileio_write_new(path, secret, len, 0600, err);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

int fileio_read_secret(const char *path, const char *what, unsigned char *out, size_t len,
		       struct error *err)
{
	unsigned char buf[65];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n = fd < 0 || len >= sizeof(buf) ? -1 : read(fd, buf, len + 1);
	int rc = -1;

	sodium_memzero(out, len);
	if (fd < 0 || n < 0)
		error_set(err, "%s: cannot read: %s", path, strerror(errno));
	else if ((size_t)n != len)
		error_set(err, "%s: not %s (%zd bytes, not %zu)", path, what, n, len);
	else {
		memcpy(out, buf, len);
		rc = 0;
	}
	sodium_memzero(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	return rc;
}
