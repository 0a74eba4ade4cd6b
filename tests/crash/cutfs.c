/*
 * cutfs: a FUSE filesystem for the crash harness's power cuts
 * (tests/crash/power_cut.sh). It passes everything through to a backing
 * directory and keeps, in cutfs_model, what an fsync has made durable: each
 * file's content as of its last fsync, each directory's entries as of its
 * last fsync (a new file, rename or unlink not followed by a directory fsync
 * is undone). At the cut, after the Nth changing operation (--cut-after N)
 * or on SIGUSR1, the disk "loses power": that operation and every later one
 * fail with EIO, and once unmounted the backing directory is rolled back to
 * what was durable. With --torn, each block written since a file's last
 * sync may also have reached the disk (cutfs_model_torn).
 *
 * With --pull-after N the stick is pulled at the Nth changing operation: the
 * power is cut as above and the filesystem is detached from MOUNTPOINT
 * (umount -l, as the image's prisma-stick-mount does when a stick leaves),
 * so a path through MOUNTPOINT then names the empty folder beneath it while
 * files and folders still open fail with EIO. cutfs ends once nothing is open.
 *
 * With --fat 1, a rename is FAT's (the kernel's vfat): the new directory
 * entry is written with no size and no first cluster, which reach it only
 * when the file itself is written back, so until the renamed file is synced
 * again nothing of its content is durable (a directory fsync is not enough).
 *
 * Usage: cutfs [--cut-after N | --pull-after N] [--torn SEED] [--fat 1] [--report FILE]
 *        BACKING STATE MOUNTPOINT
 * Runs in the foreground until unmounted (umount MOUNTPOINT). STATE is a
 * scratch directory on BACKING's filesystem. The report file gets one line,
 * "ops N cut 0|1": the changing operations seen (N when none was cut: how
 * many a whole run makes) and whether a cut happened.
 */
#define FUSE_USE_VERSION 31
#include "cutfs_model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct cutfs {
	int backing_fd;
	struct cutfs_model *model;
	long long ops, cut_after;
	int dead, pull; /* pull: detach MOUNTPOINT at the cut */
	int fat;	/* FAT's rename: see --fat */
	const char *mountpoint;
};

/* The one thing a signal handler may set: the cut was asked for. */
static volatile sig_atomic_t cutfs_cut_requested;

static void cutfs_on_signal(int sig)
{
	(void)sig;
	cutfs_cut_requested = 1;
}

static struct cutfs *cutfs_get(void)
{
	return fuse_get_context()->private_data;
}

static const char *cutfs_rel(const char *path)
{
	return path[1] ? path + 1 : ".";
}

/* The parent directory of PATH, relative, into BUF. */
static const char *cutfs_parent(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return ".";
	snprintf(buf, size, "%.*s", (int)(slash - path - 1), path + 1);
	return buf;
}

/* Whether the power is still on: false from the cut on. */
static int cutfs_alive(struct cutfs *fs)
{
	if (cutfs_cut_requested)
		fs->dead = 1;
	return !fs->dead;
}

/* Before a changing operation: counts it, and cuts at the chosen one. 0 or -EIO. */
static int cutfs_step(struct cutfs *fs)
{
	if (!cutfs_alive(fs))
		return -EIO;
	fs->ops++;
	if (fs->cut_after > 0 && fs->ops >= fs->cut_after) {
		fs->dead = 1;
		if (fs->pull && umount2(fs->mountpoint, MNT_DETACH) != 0)
			fprintf(stderr, "cutfs: detach %s: %s\n", fs->mountpoint, strerror(errno));
		return -EIO;
	}
	return 0;
}

/* A model failure makes the operation fail: the harness would otherwise check a wrong model. */
static int cutfs_model_rc(int rc)
{
	if (rc < 0) {
		fprintf(stderr, "cutfs: model: %s\n", strerror(errno));
		return -EIO;
	}
	return 0;
}

static int cutfs_sys(int rc)
{
	return rc < 0 ? -errno : rc;
}

/* Steps, then saves what PATH's parent directory holds durably. */
static int cutfs_begin_entry(struct cutfs *fs, const char *path)
{
	char buf[4096];
	int rc = cutfs_step(fs);

	return rc ? rc
		  : cutfs_model_rc(cutfs_model_touch_path(fs->model,
							  cutfs_parent(path, buf, sizeof(buf))));
}

static int cutfs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();

	if (!cutfs_alive(fs))
		return -EIO;
	if (fi)
		return cutfs_sys(fstat((int)fi->fh, st));
	return cutfs_sys(fstatat(fs->backing_fd, cutfs_rel(path), st, AT_SYMLINK_NOFOLLOW));
}

static int cutfs_readlink(const char *path, char *buf, size_t size)
{
	struct cutfs *fs = cutfs_get();
	ssize_t n;

	if (!cutfs_alive(fs))
		return -EIO;
	n = readlinkat(fs->backing_fd, cutfs_rel(path), buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int cutfs_mknod(const char *path, mode_t mode, dev_t dev)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_begin_entry(fs, path);

	if (rc || (rc = cutfs_sys(mknodat(fs->backing_fd, cutfs_rel(path), mode, dev))))
		return rc;
	return cutfs_model_rc(cutfs_model_created(fs->model, cutfs_rel(path)));
}

static int cutfs_mkdir(const char *path, mode_t mode)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_begin_entry(fs, path);

	if (rc || (rc = cutfs_sys(mkdirat(fs->backing_fd, cutfs_rel(path), mode))))
		return rc;
	return cutfs_model_rc(cutfs_model_created(fs->model, cutfs_rel(path)));
}

static int cutfs_remove(const char *path, int flags)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_begin_entry(fs, path);

	if (rc || (rc = cutfs_model_rc(cutfs_model_before_remove(fs->model, cutfs_rel(path)))))
		return rc;
	return cutfs_sys(unlinkat(fs->backing_fd, cutfs_rel(path), flags));
}

static int cutfs_unlink(const char *path)
{
	return cutfs_remove(path, 0);
}

static int cutfs_rmdir(const char *path)
{
	return cutfs_remove(path, AT_REMOVEDIR);
}

static int cutfs_symlink(const char *target, const char *path)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_begin_entry(fs, path);

	if (rc || (rc = cutfs_sys(symlinkat(target, fs->backing_fd, cutfs_rel(path)))))
		return rc;
	return cutfs_model_rc(cutfs_model_created(fs->model, cutfs_rel(path)));
}

static int cutfs_rename(const char *from, const char *to, unsigned int flags)
{
	struct cutfs *fs = cutfs_get();
	char buf[4096];
	int rc = cutfs_begin_entry(fs, from);

	if (rc || (rc = cutfs_model_rc(
			   cutfs_model_touch_path(fs->model, cutfs_parent(to, buf, sizeof(buf))))))
		return rc;
	if (!(flags & (RENAME_NOREPLACE | RENAME_EXCHANGE)) &&
	    (rc = cutfs_model_rc(cutfs_model_before_remove(fs->model, cutfs_rel(to)))))
		return rc;
	if ((rc = cutfs_sys(renameat2(fs->backing_fd, cutfs_rel(from), fs->backing_fd,
				      cutfs_rel(to), flags))))
		return rc;
	if (fs->fat && (flags & RENAME_EXCHANGE) == 0) /* a new entry, empty until written back */
		return cutfs_model_rc(cutfs_model_created(fs->model, cutfs_rel(to)));
	return 0;
}

static int cutfs_link(const char *from, const char *to)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_begin_entry(fs, to);

	return rc ? rc
		  : cutfs_sys(linkat(fs->backing_fd, cutfs_rel(from), fs->backing_fd, cutfs_rel(to),
				     0));
}

static int cutfs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs);

	if (rc)
		return rc;
	if (fi)
		return cutfs_sys(fchmod((int)fi->fh, mode));
	return cutfs_sys(fchmodat(fs->backing_fd, cutfs_rel(path), mode, 0));
}

static int cutfs_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs);

	if (rc)
		return rc;
	if (fi)
		return cutfs_sys(fchown((int)fi->fh, uid, gid));
	return cutfs_sys(fchownat(fs->backing_fd, cutfs_rel(path), uid, gid, AT_SYMLINK_NOFOLLOW));
}

static int cutfs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs);

	if (rc)
		return rc;
	if (fi)
		return cutfs_sys(futimens((int)fi->fh, tv));
	return cutfs_sys(utimensat(fs->backing_fd, cutfs_rel(path), tv, AT_SYMLINK_NOFOLLOW));
}

static int cutfs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs), fd;

	if (rc)
		return rc;
	if (fi) {
		rc = cutfs_model_rc(cutfs_model_touch_fd(fs->model, (int)fi->fh));
		return rc ? rc : cutfs_sys(ftruncate((int)fi->fh, size));
	}
	if ((rc = cutfs_model_rc(cutfs_model_touch_path(fs->model, cutfs_rel(path)))))
		return rc;
	fd = openat(fs->backing_fd, cutfs_rel(path), O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = cutfs_sys(ftruncate(fd, size));
	close(fd);
	return rc;
}

static int cutfs_open(const char *path, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc, fd;

	if (!cutfs_alive(fs))
		return -EIO;
	if ((fi->flags & O_TRUNC) &&
	    ((rc = cutfs_step(fs)) ||
	     (rc = cutfs_model_rc(cutfs_model_touch_path(fs->model, cutfs_rel(path))))))
		return rc;
	fd = openat(fs->backing_fd, cutfs_rel(path), fi->flags & ~O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	fi->fh = (uint64_t)fd;
	return 0;
}

static int cutfs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	struct stat st;
	int rc = cutfs_begin_entry(fs, path), existed, fd;

	if (rc)
		return rc;
	existed = fstatat(fs->backing_fd, cutfs_rel(path), &st, AT_SYMLINK_NOFOLLOW) == 0;
	if (existed && (fi->flags & O_TRUNC) &&
	    (rc = cutfs_model_rc(cutfs_model_touch_path(fs->model, cutfs_rel(path)))))
		return rc;
	fd = openat(fs->backing_fd, cutfs_rel(path), fi->flags | O_CREAT, mode);
	if (fd < 0)
		return -errno;
	fi->fh = (uint64_t)fd;
	return existed ? 0 : cutfs_model_rc(cutfs_model_created(fs->model, cutfs_rel(path)));
}

static int cutfs_read(const char *path, char *buf, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	ssize_t n;

	if (!cutfs_alive(cutfs_get()))
		return -EIO;
	n = pread((int)fi->fh, buf, size, off);
	return n < 0 ? -errno : (int)n;
}

static int cutfs_write(const char *path, const char *buf, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs);
	ssize_t n;

	if (rc || (rc = cutfs_model_rc(cutfs_model_touch_fd(fs->model, (int)fi->fh))))
		return rc;
	n = pwrite((int)fi->fh, buf, size, off);
	return n < 0 ? -errno : (int)n;
}

static int cutfs_statfs(const char *path, struct statvfs *st)
{
	return cutfs_sys(fstatvfs(cutfs_get()->backing_fd, st));
}

static int cutfs_release(const char *path, struct fuse_file_info *fi)
{
	close((int)fi->fh);
	return 0;
}

/* fsync and fsyncdir: the backing files need no real sync; the model notes what is durable. */
static int cutfs_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs);

	return rc ? rc : cutfs_model_rc(cutfs_model_synced(fs->model, (int)fi->fh));
}

static int cutfs_opendir(const char *path, struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int fd;

	if (!cutfs_alive(fs))
		return -EIO;
	fd = openat(fs->backing_fd, cutfs_rel(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	fi->fh = (uint64_t)fd;
	return 0;
}

static int cutfs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
			 struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	int fd = dup((int)fi->fh);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!cutfs_alive(cutfs_get()) || !d) {
		if (d)
			closedir(d);
		else if (fd >= 0)
			close(fd);
		return -EIO;
	}
	rewinddir(d);
	while ((de = readdir(d)))
		if (fill(buf, de->d_name, NULL, 0, 0))
			break;
	closedir(d);
	return 0;
}

static int cutfs_fallocate(const char *path, int mode, off_t off, off_t len,
			   struct fuse_file_info *fi)
{
	struct cutfs *fs = cutfs_get();
	int rc = cutfs_step(fs);

	if (rc || (rc = cutfs_model_rc(cutfs_model_touch_fd(fs->model, (int)fi->fh))))
		return rc;
	return cutfs_sys(fallocate((int)fi->fh, mode, off, len));
}

static void *cutfs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/* Every write reaches the model when it is made, none is held in the kernel. */
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	cfg->hard_remove = 1; /* no .fuse_hidden files: an unlink is an unlink */
	cfg->nullpath_ok = 1;
	cfg->entry_timeout = cfg->attr_timeout = cfg->negative_timeout = 0;
	return fuse_get_context()->private_data;
}

static const struct fuse_operations cutfs_ops = {
	.init = cutfs_init,
	.getattr = cutfs_getattr,
	.readlink = cutfs_readlink,
	.mknod = cutfs_mknod,
	.mkdir = cutfs_mkdir,
	.unlink = cutfs_unlink,
	.rmdir = cutfs_rmdir,
	.symlink = cutfs_symlink,
	.rename = cutfs_rename,
	.link = cutfs_link,
	.chmod = cutfs_chmod,
	.chown = cutfs_chown,
	.truncate = cutfs_truncate,
	.open = cutfs_open,
	.read = cutfs_read,
	.write = cutfs_write,
	.statfs = cutfs_statfs,
	.release = cutfs_release,
	.fsync = cutfs_fsync,
	.opendir = cutfs_opendir,
	.readdir = cutfs_readdir,
	.releasedir = cutfs_release,
	.fsyncdir = cutfs_fsync,
	.create = cutfs_create,
	.utimens = cutfs_utimens,
	.fallocate = cutfs_fallocate,
};

int main(int argc, char **argv)
{
	struct cutfs fs = { .backing_fd = -1 };
	const char *report = NULL;
	struct sigaction sa = { .sa_handler = cutfs_on_signal };
	unsigned long long torn = 0;
	int i = 1, rc = 1;
	FILE *out;

	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--cut-after") || !strcmp(argv[i], "--pull-after")) {
			fs.cut_after = strtoll(argv[i + 1], NULL, 10);
			fs.pull = !strcmp(argv[i], "--pull-after");
		} else if (!strcmp(argv[i], "--report"))
			report = argv[i + 1];
		else if (!strcmp(argv[i], "--torn"))
			torn = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--fat"))
			fs.fat = !strcmp(argv[i + 1], "1");
		else
			break;
	}
	if (argc - i != 3) {
		fprintf(stderr, "usage: cutfs [--cut-after N | --pull-after N] [--torn SEED] "
				"[--fat 1] [--report FILE] "
				"BACKING STATE MOUNTPOINT\n");
		return 2;
	}
	fs.mountpoint = argv[i + 2];
	fs.backing_fd = open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs.backing_fd < 0 || !(fs.model = cutfs_model_open(fs.backing_fd, argv[i + 1]))) {
		fprintf(stderr, "cutfs: %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	if (torn)
		cutfs_model_torn(fs.model, torn);
	sigaction(SIGUSR1, &sa, NULL);
	char *fuse_argv[] = { argv[0],	   "-f", "-s", "-o", "fsname=cutfs,subtype=cutfs",
			      argv[i + 2], NULL };
	if (fuse_main(6, fuse_argv, &cutfs_ops, &fs) != 0)
		goto end;
	if (cutfs_cut_requested)
		fs.dead = 1;
	if (fs.dead && cutfs_model_rollback(fs.model) < 0) {
		fprintf(stderr, "cutfs: rollback of %s: %s\n", argv[i], strerror(errno));
		goto end;
	}
	if (report && (out = fopen(report, "w"))) {
		fprintf(out, "ops %lld cut %d\n", fs.ops, fs.dead);
		fclose(out);
	}
	rc = 0;
end:
	cutfs_model_free(fs.model);
	close(fs.backing_fd);
	return rc;
}
