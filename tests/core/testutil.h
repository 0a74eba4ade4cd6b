#ifndef PRISMA_TESTUTIL_H
#define PRISMA_TESTUTIL_H

/*
 * Helpers shared by the core unit tests: a fresh temporary directory per test,
 * whole-file reads and writes, a recursive scan for leaked bytes and test keys.
 * Header only (static inline) because the Makefile links each test_*.c on its
 * own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/keys.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates /tmp/prisma-test-XXXXXX; the returned string is malloc'ed. */
static inline char *tu_mkdtemp(void)
{
	char *dir = strdup("/tmp/prisma-test-XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

static inline int tu_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* rm -rf DIR and frees the string. NULL is fine. */
static inline void tu_rmtree(char *dir)
{
	if (!dir)
		return;
	nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Returns "DIR/NAME" (malloc'ed). */
static inline char *tu_path(const char *dir, const char *name)
{
	char *out;

	assert_true(asprintf(&out, "%s/%s", dir, name) > 0);
	return out;
}

static inline void tu_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static inline void tu_write_text(const char *path, const char *text)
{
	tu_write(path, text, strlen(text));
}

/* Reads the whole file; *LEN gets its size. The buffer (malloc) has a NUL appended. */
static inline unsigned char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long size;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* Asserts that HAYSTACK contains the string NEEDLE, printing both when it does not. */
#define tu_assert_contains(haystack, needle)                                                       \
	do {                                                                                       \
		if (!strstr((haystack), (needle)))                                                 \
			fail_msg("'%s' does not contain '%s'", (haystack), (needle));              \
	} while (0)

/* Counts the regular files under DIR (recursively) that contain NEEDLE. */
static inline int tu_files_containing(const char *dir, const void *needle, size_t needle_len)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int hits = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		char *path;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path = tu_path(dir, de->d_name);
		assert_int_equal(lstat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			hits += tu_files_containing(path, needle, needle_len);
		} else if (S_ISREG(st.st_mode)) {
			size_t len;
			unsigned char *data = tu_read(path, &len);
			if (memmem(data, len, needle, needle_len)) {
				print_message("found in %s\n", path);
				hits++;
			}
			free(data);
		}
		free(path);
	}
	closedir(d);
	return hits;
}

/* Generates the key pair NAME of KIND as DIR/NAME.key and DIR/NAME.pub, unprotected. */
static inline void tu_key_generate(const char *dir, enum key_kind kind, const char *name)
{
	char *base = tu_path(dir, name);
	struct error err = { "" };

	if (key_generate(kind, name, base, NULL, &err) != 0)
		fail_msg("key_generate %s: %s", name, err.msg);
	free(base);
}

/* Loads the secret key FILE (relative to DIR) of KIND; free it with key_secret_free. */
static inline struct key_secret *tu_key_load(const char *dir, const char *file, enum key_kind kind)
{
	char *path = tu_path(dir, file);
	struct error err = { "" };
	struct key_secret *secret = key_secret_load(path, kind, NULL, &err);

	if (!secret)
		fail_msg("key_secret_load %s: %s", path, err.msg);
	free(path);
	return secret;
}

/* Generates the key NAME of KIND in DIR and returns its secret (free with key_secret_free). */
static inline struct key_secret *tu_key_make(const char *dir, enum key_kind kind, const char *name)
{
	char file[128];

	tu_key_generate(dir, kind, name);
	snprintf(file, sizeof(file), "%s.key", name);
	return tu_key_load(dir, file, kind);
}

#endif
