#include "cutfs_model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cutfs_entry {
	char *name;
	size_t node;
};

struct cutfs_node {
	ino_t ino;
	mode_t mode;
	int dirty; /* durable state saved: shadow/ID (file) or ENTRIES (directory) */
	int gone;  /* no longer in the live tree */
	struct cutfs_entry *entries;
	size_t n_entries;
	char *live; /* during a rollback: where the node lives now (NULL: nowhere) */
	char *made; /* during a rollback: where the node was rebuilt */
};

struct cutfs_model {
	int backing_fd, state_fd;
	struct cutfs_node *nodes;
	size_t n_nodes, cap;
	uint64_t torn; /* 0, or the state of the generator that picks written-back blocks */
};

void cutfs_model_torn(struct cutfs_model *m, uint64_t seed)
{
	m->torn = seed | 1;
}

/* xorshift64: the torn mode's coin, reproducible from its seed. */
static int cutfs_coin(struct cutfs_model *m)
{
	m->torn ^= m->torn << 13;
	m->torn ^= m->torn >> 7;
	m->torn ^= m->torn << 17;
	return (int)(m->torn >> 63);
}

/*
 * Torn mode: of what was written to the live file LIVE_FD since its last
 * sync, each 4 KiB block may have been written back before the cut (a coin
 * each), over the durable content already in the new file OUT_FD. The file
 * grows to the end of the last block kept, with zeros for what was not.
 */
static int cutfs_tear(struct cutfs_model *m, int live_fd, int out_fd)
{
	char live[4096], old[4096];
	off_t off = 0;
	ssize_t n, k;

	while ((n = pread(live_fd, live, sizeof(live), off)) > 0) {
		k = pread(out_fd, old, (size_t)n, off);
		if (k < 0)
			return -1;
		if ((k != n || memcmp(old, live, (size_t)n)) && cutfs_coin(m) &&
		    pwrite(out_fd, live, (size_t)n, off) != n)
			return -1;
		off += n;
	}
	return n < 0 ? -1 : 0;
}

struct cutfs_model *cutfs_model_open(int backing_fd, const char *state_dir)
{
	struct cutfs_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->backing_fd = backing_fd;
	if (mkdir(state_dir, 0700) != 0 && errno != EEXIST)
		goto fail;
	m->state_fd = open(state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->state_fd < 0)
		goto fail;
	if (mkdirat(m->state_fd, "shadow", 0700) != 0 && errno != EEXIST)
		goto fail;
	return m;
fail:
	free(m);
	return NULL;
}

static void cutfs_node_clear(struct cutfs_node *node)
{
	for (size_t i = 0; i < node->n_entries; i++)
		free(node->entries[i].name);
	free(node->entries);
	node->entries = NULL;
	node->n_entries = 0;
}

void cutfs_model_free(struct cutfs_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_nodes; i++) {
		cutfs_node_clear(&m->nodes[i]);
		free(m->nodes[i].made);
		free(m->nodes[i].live);
	}
	free(m->nodes);
	close(m->state_fd);
	free(m);
}

/* The live node with inode INO, made (clean) if unknown. Index, or -1 (ENOMEM). */
static long cutfs_node_find(struct cutfs_model *m, const struct stat *st, int fresh)
{
	for (size_t i = 0; !fresh && i < m->n_nodes; i++)
		if (!m->nodes[i].gone && m->nodes[i].ino == st->st_ino)
			return (long)i;
	for (size_t i = 0; fresh && i < m->n_nodes; i++)
		if (!m->nodes[i].gone && m->nodes[i].ino == st->st_ino)
			m->nodes[i].gone = 1; /* the inode number was reused */
	if (m->n_nodes == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct cutfs_node *grown = realloc(m->nodes, cap * sizeof(*grown));
		if (!grown)
			return errno = ENOMEM, -1;
		m->nodes = grown;
		m->cap = cap;
	}
	memset(&m->nodes[m->n_nodes], 0, sizeof(m->nodes[0]));
	m->nodes[m->n_nodes].ino = st->st_ino;
	m->nodes[m->n_nodes].mode = st->st_mode;
	return (long)m->n_nodes++;
}

static void cutfs_shadow_name(size_t node, char *buf, size_t size)
{
	snprintf(buf, size, "shadow/%zu", node);
}

/* Copies everything readable from FROM into the new file TO (beneath DIR_FD). */
static int cutfs_copy_fd(int from, int dir_fd, const char *to, mode_t mode)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;
	int out = openat(dir_fd, to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode & 07777);

	if (out < 0)
		return -1;
	while ((n = pread(from, buf, sizeof(buf), off)) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
		off += n;
	}
	close(out);
	return n < 0 ? -1 : 0;
}

/* Saves the durable content of file NODE, readable as FD. */
static int cutfs_save_file(struct cutfs_model *m, size_t node, int fd)
{
	char name[64];

	cutfs_shadow_name(node, name, sizeof(name));
	if (cutfs_copy_fd(fd, m->state_fd, name, 0600) < 0)
		return -1;
	m->nodes[node].dirty = 1;
	return 0;
}

static int cutfs_entry_add(struct cutfs_node *dir, const char *name, size_t node)
{
	struct cutfs_entry *grown = realloc(dir->entries, (dir->n_entries + 1) * sizeof(*grown));

	if (!grown)
		return errno = ENOMEM, -1;
	dir->entries = grown;
	if (!(grown[dir->n_entries].name = strdup(name)))
		return errno = ENOMEM, -1;
	grown[dir->n_entries++].node = node;
	return 0;
}

/* The live entries of the directory open as DIR_FD, into the entry list of node INTO. */
static int cutfs_read_entries(struct cutfs_model *m, int dir_fd, size_t into)
{
	int fd = dup(dir_fd), rc = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	struct stat st;
	long node;

	if (!d)
		return fd >= 0 ? close(fd), -1 : -1;
	rewinddir(d);
	while (rc == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dir_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    (node = cutfs_node_find(m, &st, 0)) < 0 ||
		    cutfs_entry_add(&m->nodes[into], de->d_name, (size_t)node) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* Saves the durable state of the node open as FD unless already saved. */
static int cutfs_touch(struct cutfs_model *m, int fd)
{
	struct stat st;
	long node;

	if (fstat(fd, &st) != 0 || (node = cutfs_node_find(m, &st, 0)) < 0)
		return -1;
	if (m->nodes[node].dirty)
		return 0;
	m->nodes[node].mode = st.st_mode;
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? cutfs_save_file(m, (size_t)node, fd) : 0;
	if (cutfs_read_entries(m, fd, (size_t)node) < 0)
		return -1;
	m->nodes[node].dirty = 1;
	return 0;
}

int cutfs_model_touch_fd(struct cutfs_model *m, int fd)
{
	char proc[64];
	int rd, rc;

	/* FD may be write-only; read it through /proc. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	rd = open(proc, O_RDONLY | O_CLOEXEC);
	if (rd < 0)
		return -1;
	rc = cutfs_touch(m, rd);
	close(rd);
	return rc;
}

int cutfs_model_touch_path(struct cutfs_model *m, const char *relpath)
{
	int fd = openat(m->backing_fd, relpath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc;
	struct stat st;

	if (fd < 0 && (errno == ELOOP || errno == ENXIO)) {
		/* A symlink or a special file: nothing but its entry to keep. */
		if (fstatat(m->backing_fd, relpath, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return -1;
		return cutfs_node_find(m, &st, 0) < 0 ? -1 : 0;
	}
	if (fd < 0)
		return -1;
	rc = cutfs_touch(m, fd);
	close(fd);
	return rc;
}

int cutfs_model_before_remove(struct cutfs_model *m, const char *relpath)
{
	struct stat st;
	long node;

	if (fstatat(m->backing_fd, relpath, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISREG(st.st_mode) && st.st_nlink > 1)
		return 0; /* the content lives on under another name */
	if ((S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) && cutfs_model_touch_path(m, relpath) < 0)
		return -1;
	if ((node = cutfs_node_find(m, &st, 0)) < 0)
		return -1;
	m->nodes[node].gone = 1;
	return 0;
}

int cutfs_model_created(struct cutfs_model *m, const char *relpath)
{
	char name[64];
	struct stat st;
	long node;
	int fd;

	if (fstatat(m->backing_fd, relpath, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    (node = cutfs_node_find(m, &st, 1)) < 0)
		return -1;
	if (S_ISREG(st.st_mode)) {
		cutfs_shadow_name((size_t)node, name, sizeof(name));
		fd = openat(m->state_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		close(fd);
	}
	m->nodes[node].dirty = 1;
	return 0;
}

int cutfs_model_synced(struct cutfs_model *m, int fd)
{
	char name[64];
	struct stat st;
	long node;

	if (fstat(fd, &st) != 0 || (node = cutfs_node_find(m, &st, 0)) < 0)
		return -1;
	if (m->nodes[node].gone)
		return S_ISREG(st.st_mode) ? cutfs_model_touch_fd(m, fd) : 0;
	cutfs_node_clear(&m->nodes[node]);
	m->nodes[node].dirty = 0;
	cutfs_shadow_name((size_t)node, name, sizeof(name));
	unlinkat(m->state_fd, name, 0);
	return 0;
}

/* --- rollback ----------------------------------------------------------- */

/* Records, for every node in the live tree under RELPATH, a path where it lives. */
static int cutfs_walk_live(struct cutfs_model *m, const char *relpath)
{
	int fd = openat(m->backing_fd, relpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	struct stat st;
	char *path;
	long node;

	if (!d)
		return fd >= 0 ? close(fd), -1 : -1;
	while (rc == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (asprintf(&path, "%s/%s", relpath, de->d_name) < 0)
			return closedir(d), -1;
		if (fstatat(m->backing_fd, path, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    (node = cutfs_node_find(m, &st, 0)) < 0) {
			rc = -1;
		} else if (!m->nodes[node].live) {
			m->nodes[node].live = path;
			path = NULL;
			if (S_ISDIR(st.st_mode))
				rc = cutfs_walk_live(m, m->nodes[node].live);
		}
		free(path);
	}
	closedir(d);
	return rc;
}

/* Lays the written-back blocks of the live file N over the durable copy state/PATH. */
static int cutfs_make_torn(struct cutfs_model *m, const struct cutfs_node *n, const char *path)
{
	int live = openat(m->backing_fd, n->live, O_RDONLY | O_CLOEXEC);
	int out = openat(m->state_fd, path, O_RDWR | O_CLOEXEC);
	int rc = live >= 0 && out >= 0 ? cutfs_tear(m, live, out) : -1;

	if (live >= 0)
		close(live);
	if (out >= 0)
		close(out);
	return rc;
}

/* Rebuilds the non-directory node NODE as state/PATH. */
static int cutfs_make_leaf(struct cutfs_model *m, size_t node, const char *path)
{
	struct cutfs_node *n = &m->nodes[node];
	char name[64], target[4096];
	int from, rc;
	ssize_t len;

	if (S_ISLNK(n->mode)) {
		if (!n->live ||
		    (len = readlinkat(m->backing_fd, n->live, target, sizeof(target) - 1)) < 0)
			return 0; /* a symlink gone from the live tree: not kept */
		target[len] = '\0';
		return symlinkat(target, m->state_fd, path);
	}
	if (!S_ISREG(n->mode))
		return 0;
	cutfs_shadow_name(node, name, sizeof(name));
	if (n->dirty)
		from = openat(m->state_fd, name, O_RDONLY | O_CLOEXEC);
	else if (n->live)
		from = openat(m->backing_fd, n->live, O_RDONLY | O_CLOEXEC);
	else
		from = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (from < 0)
		return -1;
	rc = cutfs_copy_fd(from, m->state_fd, path, n->mode);
	close(from);
	if (rc == 0 && m->torn && n->dirty && n->live)
		rc = cutfs_make_torn(m, n, path);
	return rc;
}

/* Rebuilds directory NODE's durable entries under state/PATH (which exists). */
static int cutfs_make_dir(struct cutfs_model *m, size_t node, const char *path)
{
	char *child_path;
	int fd, rc = 0;

	if (!m->nodes[node].dirty && m->nodes[node].live) {
		fd = openat(m->backing_fd, m->nodes[node].live, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || cutfs_read_entries(m, fd, node) < 0)
			return fd >= 0 ? close(fd), -1 : -1;
		close(fd);
	}
	for (size_t i = 0; rc == 0 && i < m->nodes[node].n_entries; i++) {
		size_t child = m->nodes[node].entries[i].node;
		if (asprintf(&child_path, "%s/%s", path, m->nodes[node].entries[i].name) < 0)
			return -1;
		if (m->nodes[child].made) {
			/* A second name: a hard link, or a directory the model shows twice. */
			if (!S_ISDIR(m->nodes[child].mode))
				rc = linkat(m->state_fd, m->nodes[child].made, m->state_fd,
					    child_path, 0);
			free(child_path);
			continue;
		}
		m->nodes[child].made = child_path;
		if (!S_ISDIR(m->nodes[child].mode))
			rc = cutfs_make_leaf(m, child, child_path);
		else if ((rc = mkdirat(m->state_fd, child_path, m->nodes[child].mode & 07777)) == 0)
			rc = cutfs_make_dir(m, child, child_path);
	}
	return rc;
}

/* Removes NAME beneath DIR_FD, recursively. */
static int cutfs_remove_tree(int dir_fd, const char *name)
{
	int fd, rc = 0;
	DIR *d;
	struct dirent *de;

	if (unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd)))
		return fd >= 0 ? close(fd), -1 : -1;
	while (rc == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			rc = cutfs_remove_tree(fd, de->d_name);
	closedir(d);
	return rc == 0 ? unlinkat(dir_fd, name, AT_REMOVEDIR) : rc;
}

/* Replaces every entry of the backing directory with those of state/new. */
static int cutfs_swap_in(struct cutfs_model *m)
{
	int fd, rc = 0;
	DIR *d;
	struct dirent *de;

	if ((fd = dup(m->backing_fd)) < 0 || !(d = fdopendir(fd)))
		return fd >= 0 ? close(fd), -1 : -1;
	rewinddir(d);
	while (rc == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			rc = cutfs_remove_tree(m->backing_fd, de->d_name);
	closedir(d);
	if (rc < 0 || (fd = openat(m->state_fd, "new", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    !(d = fdopendir(fd)))
		return -1;
	while (rc == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			rc = renameat(fd, de->d_name, m->backing_fd, de->d_name);
	closedir(d);
	return rc == 0 ? unlinkat(m->state_fd, "new", AT_REMOVEDIR) : rc;
}

int cutfs_model_rollback(struct cutfs_model *m)
{
	struct stat st;
	long root;

	if (fstat(m->backing_fd, &st) != 0 || (root = cutfs_node_find(m, &st, 0)) < 0)
		return -1;
	if (!m->nodes[root].live && !(m->nodes[root].live = strdup(".")))
		return -1;
	if (cutfs_walk_live(m, ".") < 0)
		return -1;
	if (cutfs_remove_tree(m->state_fd, "new") < 0 || mkdirat(m->state_fd, "new", 0700) < 0)
		return -1;
	if (cutfs_make_dir(m, (size_t)root, "new") < 0)
		return -1;
	return cutfs_swap_in(m);
}
