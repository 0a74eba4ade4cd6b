#include "testutil.h"

#include "core/fileio.h"
#include "core/request.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>

/* Number of entries in DIR other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static int setup(void **state)
{
	*state = tu_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	tu_rmtree(*state);
	return 0;
}

static void test_write_new_never_overwrites(void **state)
{
	char *path = tu_path(*state, "bundle.prb");
	struct error err = { "" };
	struct stat st;
	unsigned char *data;
	size_t len;

	assert_int_equal(fileio_write_new(path, "first", 5, 0640, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(fileio_write_new(path, "second", 6, 0640, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "already exists, not overwritten");
	data = tu_read(path, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "first", 5);
	/* Neither write leaves its temporary file behind. */
	assert_int_equal(entries(*state), 1);
	free(data);
	free(path);
}

static void test_write_into_missing_directory_fails_cleanly(void **state)
{
	char *path = tu_path(*state, "no/such/file");
	struct error err = { "" };

	assert_int_equal(fileio_write_new(path, "x", 1, 0600, &err), -1);
	tu_assert_contains(err.msg, "no/such/file");
	assert_int_equal(entries(*state), 0);
	free(path);
}

static void test_read_all_limits(void **state)
{
	char *path = tu_path(*state, "big"), *missing = tu_path(*state, "missing");
	static char block[200000];
	struct error err = { "" };
	unsigned char *out;
	size_t len;

	memset(block, 'b', sizeof(block));
	tu_write(path, block, sizeof(block));
	assert_int_equal(fileio_read_all(path, sizeof(block), &out, &len, &err), 0);
	assert_int_equal(len, sizeof(block));
	assert_memory_equal(out, block, sizeof(block));
	free(out);
	assert_int_equal(fileio_read_all(path, sizeof(block) - 1, &out, &len, &err), -1);
	assert_null(out);
	tu_assert_contains(err.msg, "larger than");
	assert_int_equal(fileio_read_all(missing, 10, &out, &len, &err), -1);
	tu_assert_contains(err.msg, "missing: cannot open");
	free(path);
	free(missing);
}

static void test_mkdirs(void **state)
{
	char *deep = tu_path(*state, "PRISMA/outbox/x"), *file = tu_path(*state, "file");
	struct error err = { "" };
	struct stat st;

	assert_int_equal(fileio_mkdirs(deep, 0755, &err), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(fileio_mkdirs(deep, 0755, &err), 0); /* existing is fine */
	tu_write_text(file, "x");
	free(deep);
	deep = tu_path(file, "below");
	assert_int_equal(fileio_mkdirs(deep, 0755, &err), -1);
	tu_assert_contains(err.msg, "cannot create directory");
	free(deep);
	free(file);
}

/*
 * fileio_write_new_at writes beneath the directory it was given and nowhere
 * else: a link at the final name is neither followed nor replaced, and the
 * folder swapped for a link after it was opened still gets the file.
 */
static void test_write_new_at_follows_no_link(void **state)
{
	char *dir = tu_path(*state, "outbox"), *aside = tu_path(*state, "outbox.aside");
	char *outside = tu_path(*state, "outside"), *target = tu_path(outside, "victim");
	char *link = tu_path(dir, "b.prb");
	struct error err = { "" };
	int fd;

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(outside, 0755), 0);
	assert_int_equal(symlink(target, link), 0);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(fileio_write_new_at(fd, dir, "b.prb", "x", 1, 0644, &err), -1);
	tu_assert_contains(err.msg, "already exists, not overwritten");
	assert_int_equal(entries(outside), 0);
	assert_int_equal(rename(dir, aside), 0);
	assert_int_equal(symlink(outside, dir), 0);
	assert_int_equal(fileio_write_new_at(fd, dir, "c.prb", "y", 1, 0644, &err), 0);
	assert_int_equal(entries(outside), 0);
	assert_int_equal(entries(aside), 2); /* the link and the new file, no temporary one */
	close(fd);
	free(link);
	free(target);
	free(outside);
	free(aside);
	free(dir);
}

/*
 * fileio_place_synced: placed and closed; an existing name refused with EEXIST,
 * the temporary file gone; a descriptor that cannot be synced says so. FD is
 * closed once in every case.
 */
static void test_place_synced(void **state)
{
	int dirfd = open(*state, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd, pipefd[2];
	char *name = tu_path(*state, "name"), *tmp = tu_path(*state, "name.tmp");
	size_t len;
	unsigned char *got;

	assert_true(dirfd >= 0);
	tu_write_text(tmp, "first");
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	assert_int_equal(fileio_place_synced(dirfd, fd, "name.tmp", "name"), 0);
	assert_int_equal(fcntl(fd, F_GETFD), -1); /* closed */
	got = tu_read(name, &len);
	assert_memory_equal(got, "first", 5);
	free(got);
	assert_int_equal(access(tmp, F_OK), -1);

	tu_write_text(tmp, "second");
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	assert_int_equal(fileio_place_synced(dirfd, fd, "name.tmp", "name"), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_int_equal(access(tmp, F_OK), -1); /* the temporary file removed */
	got = tu_read(name, &len);
	assert_memory_equal(got, "first", 5); /* and nothing replaced */
	free(got);

	/* A pipe cannot be synced: that error, and the pipe closed all the same. */
	tu_write_text(tmp, "third");
	assert_int_equal(pipe(pipefd), 0);
	close(pipefd[0]);
	assert_int_equal(fileio_place_synced(dirfd, pipefd[1], "name.tmp", "other"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(fcntl(pipefd[1], F_GETFD), -1);
	close(dirfd);
	free(name);
	free(tmp);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_write_new_never_overwrites),
		T(test_write_into_missing_directory_fails_cleanly),
		T(test_read_all_limits),
		T(test_mkdirs),
		T(test_write_new_at_follows_no_link),
		T(test_place_synced),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
