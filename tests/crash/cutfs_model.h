#ifndef PRISMA_CUTFS_MODEL_H
#define PRISMA_CUTFS_MODEL_H

/*
 * What a power cut leaves of a directory tree (tests/crash/cutfs.c): the
 * content of each file as of its last fsync, and the entries of each
 * directory as of its last fsync. Files and directories are nodes, named by
 * the backing filesystem's inode while they live; a node untouched since it
 * was last synced (or since the mount) is "clean", its durable state being
 * its live one. Before the first change after a sync, a node's durable state
 * is saved: a file's content to STATE/shadow/ID, a directory's entries in
 * memory. So at a cut the tree can be rebuilt as the disk would have it.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cutfs_model;

/* BACKING_FD: the backing directory (kept open). STATE: a directory on the same filesystem. */
struct cutfs_model *cutfs_model_open(int backing_fd, const char *state_dir);
void cutfs_model_free(struct cutfs_model *m);

/*
 * Torn mode, seeded with SEED: at the rollback, each 4 KiB block a file
 * changed since its last sync may have been written back anyway (a coin
 * each), as a disk's writeback does in any order before the power goes. The
 * entries of directories stay as last synced.
 */
void cutfs_model_torn(struct cutfs_model *m, uint64_t seed);

/*
 * Before a change to the file open as FD (write, truncate): saves its durable
 * content if it was clean. 0, or -1 with errno.
 */
int cutfs_model_touch_fd(struct cutfs_model *m, int fd);

/* The same for the file or directory at RELPATH (a directory: its entries). */
int cutfs_model_touch_path(struct cutfs_model *m, const char *relpath);

/* Before RELPATH's entry is removed (unlink, rmdir, rename over it). */
int cutfs_model_before_remove(struct cutfs_model *m, const char *relpath);

/* After RELPATH was created: a new node that has nothing durable yet. */
int cutfs_model_created(struct cutfs_model *m, const char *relpath);

/* After an fsync of FD (file or directory): its live state is durable now. */
int cutfs_model_synced(struct cutfs_model *m, int fd);

/*
 * Rebuilds the backing tree as the disk would hold it after a power cut now:
 * every directory with its last synced entries, every file with its last
 * synced content (empty if it never was). 0, or -1 with errno.
 */
int cutfs_model_rollback(struct cutfs_model *m);

#endif
