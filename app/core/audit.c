#include "core/audit.h"
#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define AUDIT_LINE_MAX 1024
#define AUDIT_HASH_HEX (2 * 32)

int audit_key_create(const char *dir, struct error *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, AUDIT_KEY_FILE);
	return fileio_secret_create(path, AUDIT_KEY_BYTES, err);
}

int audit_key_load(const char *dir, unsigned char *key, struct error *err)
{
	char path[4096], log[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, AUDIT_KEY_FILE);
	snprintf(log, sizeof(log), "%s/%s", dir, AUDIT_FILE);
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		if (access(log, F_OK) == 0) {
			error_set(err, "%s: missing, so %s cannot be checked or continued", path,
				  log);
			goto fail;
		}
		/* Another process may make it at the same moment: then read theirs. */
		if (audit_key_create(dir, err) < 0 && access(path, F_OK) != 0)
			goto fail;
	}
	rc = fileio_read_secret(path, "an audit key", key, AUDIT_KEY_BYTES, err);
	if (rc == 0)
		return 0;
fail:
	sodium_memzero(key, AUDIT_KEY_BYTES);
	return -1;
}

/* HASH_HEX (65 bytes) = hex(BLAKE2b-256_KEY(PREV_HEX " " BODY)). */
static void audit_hash(const unsigned char *key, const char *prev_hex, const char *body,
		       size_t body_len, char *hash_hex)
{
	crypto_generichash_state st;
	unsigned char hash[32];

	crypto_generichash_init(&st, key, AUDIT_KEY_BYTES, sizeof(hash));
	crypto_generichash_update(&st, (const unsigned char *)prev_hex, AUDIT_HASH_HEX);
	crypto_generichash_update(&st, (const unsigned char *)" ", 1);
	crypto_generichash_update(&st, (const unsigned char *)body, body_len);
	crypto_generichash_final(&st, hash, sizeof(hash));
	sodium_bin2hex(hash_hex, AUDIT_HASH_HEX + 1, hash, sizeof(hash));
}

/* Copies VALUE into OUT with every character outside A-Z a-z 0-9 . _ - made '_'. */
static void audit_clean(const char *value, char *out, size_t size)
{
	static const char ok[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
	size_t i = 0;

	for (; value[i] && i + 1 < size; i++)
		out[i] = strchr(ok, value[i]) ? value[i] : '_';
	out[i] = '\0';
}

/*
 * Where the torn end of BUF (LEN bytes, the file's end) begins: LEN when its
 * last line is whole. A power cut can leave only the line being written
 * incomplete, since every earlier one was fsynced: without its newline, or,
 * where a later block of it reached the disk and an earlier did not, with a
 * run of NUL bytes (unwritten blocks read as zeros). audit_append never
 * writes a NUL. Cannot fail.
 */
static size_t audit_torn_from(const char *buf, size_t len)
{
	const char *last_nl = len ? memrchr(buf, '\n', len) : NULL;
	const char *prev_nl;
	size_t line_start;

	if (!last_nl || (size_t)(last_nl - buf) + 1 != len) /* no newline at the end */
		return last_nl ? (size_t)(last_nl - buf) + 1 : 0;
	prev_nl = last_nl > buf ? memrchr(buf, '\n', (size_t)(last_nl - buf)) : NULL;
	line_start = prev_nl ? (size_t)(prev_nl - buf) + 1 : 0;
	return memchr(buf + line_start, '\0', len - line_start) ? line_start : len;
}

/*
 * The last complete line's SEQ and HASH of the log open as FD (seq 0 and
 * zeros when empty). A torn last line (power cut) is cut off, durably, so the
 * chain goes on from the line before it and the next line cannot mix with
 * its remains. 0, or -1.
 */
static int audit_tail(int fd, long *seq, char *hash_hex)
{
	char buf[AUDIT_LINE_MAX * 2 + 1], *line, *end;
	off_t size = lseek(fd, 0, SEEK_END), from;
	ssize_t n;
	size_t keep;

	*seq = 0;
	memset(hash_hex, '0', AUDIT_HASH_HEX);
	hash_hex[AUDIT_HASH_HEX] = '\0';
	if (size <= 0)
		return size < 0 ? -1 : 0;
	from = size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0;
	n = pread(fd, buf, (size_t)(size - from), from);
	if (n != size - from)
		return -1;
	keep = audit_torn_from(buf, (size_t)n);
	if (keep != (size_t)n && (ftruncate(fd, from + (off_t)keep) != 0 || fsync(fd) != 0))
		return -1;
	if (keep == 0)
		return from == 0 ? 0 : -1;
	buf[keep - 1] = '\0';
	end = buf + keep - 1;
	line = memrchr(buf, '\n', (size_t)(end - buf));
	line = line ? line + 1 : buf;
	if (strlen(line) < AUDIT_HASH_HEX + 2)
		return -1;
	*seq = strtol(line, NULL, 10);
	memcpy(hash_hex, line + strlen(line) - AUDIT_HASH_HEX, AUDIT_HASH_HEX);
	return 0;
}

/* The line's body "SEQ TIME EVENT K=V ..." into OUT. Its length, or -1 when too long. */
static int audit_body(long seq, const char *event, const char *const *details, char *out,
		      size_t size)
{
	char clean[160];
	int len;

	audit_clean(event, clean, sizeof(clean));
	len = snprintf(out, size, "%ld %lld %s", seq, (long long)time(NULL), clean);
	for (size_t i = 0; details && details[i] && details[i + 1] && len > 0; i += 2) {
		char value[160];
		audit_clean(details[i], clean, sizeof(clean));
		audit_clean(details[i + 1], value, sizeof(value));
		if ((size_t)len < size)
			len += snprintf(out + len, size - (size_t)len, " %s=%s", clean, value);
	}
	return len > 0 && (size_t)len + AUDIT_HASH_HEX + 2 < size ? len : -1;
}

/*
 * Opens DIR's log for appending, creating it (0600) if need be; a new log's
 * directory entry is made durable before anything is written to it. The
 * descriptor, or -1 with ERR.
 */
static int audit_open(const char *path, struct error *err)
{
	int fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  0600);
		if (fd < 0 && errno == EEXIST) /* another process made it first */
			return audit_open(path, err);
		if (fd >= 0 && fileio_sync_parent(path) != 0) {
			error_set(err, "%s: cannot sync its directory: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (fd < 0)
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
	return fd;
}

int audit_append(const char *dir, const unsigned char *key, const char *event,
		 const char *const *details, struct error *err)
{
	char path[4096], line[AUDIT_LINE_MAX], prev[AUDIT_HASH_HEX + 1];
	int fd, len, rc = -1;
	long seq;

	snprintf(path, sizeof(path), "%s/%s", dir, AUDIT_FILE);
	fd = audit_open(path, err);
	if (fd < 0)
		goto end;
	if (flock(fd, LOCK_EX) != 0) {
		error_set(err, "%s: cannot lock: %s", path, strerror(errno));
		goto end;
	}
	if (audit_tail(fd, &seq, prev) < 0 ||
	    (len = audit_body(seq + 1, event, details, line, sizeof(line))) < 0) {
		error_set(err, "%s: cannot read its last line", path);
		goto end;
	}
	line[len] = ' ';
	audit_hash(key, prev, line, (size_t)len, line + len + 1);
	len += 1 + AUDIT_HASH_HEX;
	line[len++] = '\n';
	errno = 0;
	if (write(fd, line, (size_t)len) != len || fsync(fd) != 0) {
		error_set(err, "%s: cannot write: %s", path, strerror(errno ? errno : ENOSPC));
		goto end;
	}
	rc = 0;
end:
	if (fd >= 0)
		close(fd); /* releases the lock; the line is durable already */
	return rc;
}

/* Checks one complete LINE (no newline) as number EXPECTED after PREV; updates PREV. 0 or -1. */
static int audit_check_line(const unsigned char *key, char *line, long expected, char *prev)
{
	size_t len = strlen(line);
	char hash[AUDIT_HASH_HEX + 1], *end;

	if (len < AUDIT_HASH_HEX + 2 || line[len - AUDIT_HASH_HEX - 1] != ' ' ||
	    strtol(line, &end, 10) != expected || *end != ' ')
		return -1;
	audit_hash(key, prev, line, len - AUDIT_HASH_HEX - 1, hash);
	if (sodium_memcmp(hash, line + len - AUDIT_HASH_HEX, AUDIT_HASH_HEX))
		return -1;
	memcpy(prev, hash, AUDIT_HASH_HEX + 1);
	return 0;
}

/*
 * Reads the next line of F into *LINE (getline's buffer) without its newline.
 * 1 for a whole line, 2 for the torn end of the log (the last line, without
 * its newline or holding a NUL: see audit_torn_from), 0 at the end, -1 when
 * a line cannot be one of ours (too long, or a NUL before the last line).
 */
static int audit_next_line(FILE *f, char **line, size_t *cap)
{
	ssize_t len = getline(line, cap, f);
	int c;

	if (len < 0)
		return 0;
	if ((*line)[len - 1] != '\n')
		return 2;
	(*line)[--len] = '\0';
	if (memchr(*line, '\0', (size_t)len)) {
		c = getc(f);
		if (c == EOF)
			return 2;
		ungetc(c, f);
		return -1;
	}
	return len > AUDIT_LINE_MAX ? -1 : 1;
}

int audit_verify(const char *path, const unsigned char *key, struct audit_report *report,
		 struct error *err)
{
	char *line = NULL, prev[AUDIT_HASH_HEX + 1];
	size_t cap = 0;
	FILE *f = fopen(path, "re");
	int rc = 0, kind;

	memset(report, 0, sizeof(*report));
	memset(prev, '0', AUDIT_HASH_HEX);
	prev[AUDIT_HASH_HEX] = '\0';
	if (!f) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while ((kind = audit_next_line(f, &line, &cap)) != 0) {
		if (kind == 2) {
			report->torn_tail = 1; /* cut off by power loss: not tampering */
			break;
		}
		if (kind < 0 || audit_check_line(key, line, report->entries + 1, prev) < 0) {
			report->bad_line = report->entries + 1;
			error_set(err, "%s: line %ld: edited, removed or out of order", path,
				  report->bad_line);
			rc = 1;
			break;
		}
		report->entries++;
	}
	if (rc == 0 && ferror(f)) {
		error_set(err, "%s: cannot read: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}
