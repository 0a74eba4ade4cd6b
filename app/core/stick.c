#include "core/stick.h"

#include "core/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STICK_NAME_MAX 200

int stick_open_dir(const char *stick, const char *rel, int create, struct error *err)
{
	char part[256];
	const char *p = rel;
	int fd = open(stick, O_RDONLY | O_DIRECTORY | O_CLOEXEC), next;

	if (fd < 0) {
		error_set(err, "%s: cannot read directory: %s", stick, strerror(errno));
		return -1;
	}
	while (*p) {
		size_t n = strcspn(p, "/");
		snprintf(part, sizeof(part), "%.*s", (int)n, p);
		if (create && mkdirat(fd, part, 0755) != 0 && errno != EEXIST)
			goto fail;
		next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			goto fail;
		close(fd);
		fd = next;
		p += n + (p[n] == '/');
	}
	return fd;
fail:
	next = errno;
	error_set(err, "%s/%.*s: %s", stick, (int)(p - rel) + (int)strlen(part), rel,
		  next == ELOOP || next == ENOTDIR ? "not a folder (a link or a file); refused"
						   : strerror(next));
	close(fd);
	errno = next;
	return -1;
}

int stick_name_ok(const char *name, const char *suffix)
{
	size_t len = strlen(name), slen = strlen(suffix);

	if (len <= slen || len > STICK_NAME_MAX || name[0] == '.' ||
	    strcmp(name + len - slen, suffix))
		return 0;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
	       len;
}

int stick_read_file(int dirfd, const char *where, const char *name, size_t max, unsigned char **out,
		    size_t *len, struct error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	unsigned char *buf = NULL;
	struct stat st;
	size_t used = 0;
	ssize_t n;

	*out = NULL;
	if (fd < 0) {
		error_set(err, "%s/%s: %s", where, name,
			  errno == ELOOP ? "a symbolic link; refused" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		error_set(err, "%s/%s: not a regular file; refused", where, name);
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		error_set(err, "%s/%s: larger than %zu bytes; refused", where, name, max);
		goto fail;
	}
	/* One byte more than fstat said, to notice a file that grows while we read. */
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		error_set(err, "%s/%s: out of memory", where, name);
		goto fail;
	}
	while (used <= (size_t)st.st_size &&
	       (n = read(fd, buf + used, (size_t)st.st_size + 1 - used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(err, "%s/%s: cannot read: %s", where, name, strerror(errno));
			goto fail;
		}
		used += (size_t)n;
	}
	if (used != (size_t)st.st_size) {
		error_set(err, "%s/%s: changed size while being read; refused", where, name);
		goto fail;
	}
	close(fd);
	*out = buf;
	*len = used;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

static int stick_write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return fsync(fd);
}

int stick_write_new(int dirfd, const char *where, const char *name, const void *data, size_t len,
		    struct error *err)
{
	char tmp[STICK_NAME_MAX + 32];
	int fd, saved;

	snprintf(tmp, sizeof(tmp), ".%s.tmp-%08x", name, randombytes_random());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		error_set(err, "%s/%s: cannot create: %s", where, tmp, strerror(errno));
		return -1;
	}
	if (stick_write_all(fd, data, len) != 0) {
		saved = errno ? errno : ENOSPC;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		error_set(err, "%s/%s: cannot write: %s", where, name, strerror(saved));
		return -1;
	}
	if (fileio_place_synced(dirfd, fd, tmp, name) != 0) {
		error_set(err, "%s/%s: %s", where, name,
			  errno == EEXIST ? "already exists, not overwritten" : strerror(errno));
		return -1;
	}
	if (fsync(dirfd) != 0 && errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
		error_set(err, "%s: cannot sync folder: %s", where, strerror(errno));
		return -1;
	}
	return 0;
}

static int stick_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int stick_list(int dirfd, const char *where, char ***names, size_t *count, struct error *err)
{
	int fd = dup(dirfd);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *entry;
	char **list = NULL, **grown;
	size_t n = 0;

	if (!dir) {
		error_set(err, "%s: cannot read folder: %s", where, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rewinddir(dir);
	while ((entry = readdir(dir))) {
		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		if (!(grown = realloc(list, (n + 1) * sizeof(*list))) ||
		    !(grown[n] = strdup(entry->d_name))) {
			list = grown ? grown : list;
			stick_names_free(list, n);
			closedir(dir);
			error_set(err, "%s: out of memory", where);
			return -1;
		}
		list = grown;
		n++;
	}
	closedir(dir);
	if (n)
		qsort(list, n, sizeof(*list), stick_compare);
	*names = list;
	*count = n;
	return 0;
}

void stick_names_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}
