#include "core/audit.h"

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

void audit_key(const struct key_secret *signer, unsigned char *key)
{
	crypto_kdf_derive_from_key(key, AUDIT_KEY_BYTES, 2, "PRSMAUD1", key_secret_bytes(signer));
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
 * The last complete line's SEQ and HASH of the log open as FD (seq 0 and
 * zeros when empty). A torn last line (power cut) is cut off, so the chain
 * goes on from the line before it. 0, or -1.
 */
static int audit_tail(int fd, long *seq, char *hash_hex)
{
	char buf[AUDIT_LINE_MAX * 2 + 1], *line, *end;
	off_t size = lseek(fd, 0, SEEK_END), from;
	ssize_t n;

	*seq = 0;
	memset(hash_hex, '0', AUDIT_HASH_HEX);
	hash_hex[AUDIT_HASH_HEX] = '\0';
	if (size <= 0)
		return size < 0 ? -1 : 0;
	from = size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0;
	n = pread(fd, buf, (size_t)(size - from), from);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	end = strrchr(buf, '\n');
	if (from + (end ? end - buf + 1 : 0) != size &&
	    ftruncate(fd, end ? from + (end - buf + 1) : from) != 0)
		return -1;
	if (!end)
		return from == 0 ? 0 : -1;
	*end = '\0';
	line = strrchr(buf, '\n');
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

int audit_append(const char *dir, const unsigned char *key, const char *event,
		 const char *const *details, struct error *err)
{
	char path[4096], line[AUDIT_LINE_MAX], prev[AUDIT_HASH_HEX + 1];
	int fd, len, rc = -1;
	long seq;

	snprintf(path, sizeof(path), "%s/%s", dir, AUDIT_FILE);
	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
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
	if (write(fd, line, (size_t)len) != len) {
		error_set(err, "%s: cannot write: %s", path, strerror(errno ? errno : ENOSPC));
		goto end;
	}
	rc = 0;
end:
	if (fd >= 0)
		close(fd); /* releases the lock */
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

int audit_verify(const char *path, const unsigned char *key, struct audit_report *report,
		 struct error *err)
{
	char line[AUDIT_LINE_MAX + 2], prev[AUDIT_HASH_HEX + 1];
	FILE *f = fopen(path, "re");
	int rc = 0;

	memset(report, 0, sizeof(*report));
	memset(prev, '0', AUDIT_HASH_HEX);
	prev[AUDIT_HASH_HEX] = '\0';
	if (!f) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		if (len == 0 || line[len - 1] != '\n') {
			if (feof(f)) {
				report->torn_tail = 1; /* power cut while writing: not tampering */
				break;
			}
			line[0] = '\0'; /* an over-long line cannot be one of ours */
		} else {
			line[len - 1] = '\0';
		}
		if (audit_check_line(key, line, report->entries + 1, prev) < 0) {
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
	fclose(f);
	return rc;
}
