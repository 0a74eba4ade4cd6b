#include "collect/sticktoken.h"
#include "core/keys.h"
#include "core/stick.h"
#include "core/token.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DAY 86400

int sticktoken_parse_date(const char *date, uint64_t now, uint64_t *expires, struct error *err)
{
	struct tm tm = { 0 };
	int y, m, d, used = 0;
	time_t day;

	if (strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
	    used != 10 || y < 2000 || m < 1 || m > 12 || d < 1 || d > 31) {
		error_set(err, "--expires: '%.20s' is not a date YYYY-MM-DD", date);
		return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	day = timegm(&tm);
	if (day == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1) {
		error_set(err, "--expires: %s: no such day", date);
		return -1;
	}
	if ((uint64_t)day + DAY <= now) {
		error_set(err, "--expires: %s is in the past", date);
		return -1;
	}
	if ((uint64_t)day > now + (uint64_t)STICKTOKEN_MAX_DAYS * DAY) {
		error_set(err, "--expires: %s is more than %d days ahead", date,
			  STICKTOKEN_MAX_DAYS);
		return -1;
	}
	*expires = (uint64_t)day + DAY;
	return 0;
}

/* Puts DATA in place as STICKDIR/PRISMA/token, replacing an older token (a regular file). */
static int sticktoken_place(const char *stickdir, const unsigned char *data, size_t len,
			    struct error *err)
{
	struct stat st;
	int dirfd, rc = -1;

	if (mkdir(stickdir, 0755) != 0 && errno != EEXIST) {
		error_set(err, "%s: cannot create: %s", stickdir, strerror(errno));
		return -1;
	}
	if ((dirfd = stick_open_dir(stickdir, "PRISMA", 1, err)) < 0)
		return -1;
	if (fstatat(dirfd, TOKEN_FILE, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!S_ISREG(st.st_mode) || unlinkat(dirfd, TOKEN_FILE, 0) != 0) {
			error_set(err, "%s/PRISMA/%s: not a regular file we may replace; refused",
				  stickdir, TOKEN_FILE);
			goto end;
		}
	} else if (errno != ENOENT) {
		error_set(err, "%s/PRISMA/%s: %s", stickdir, TOKEN_FILE, strerror(errno));
		goto end;
	}
	rc = stick_write_new(dirfd, "PRISMA", TOKEN_FILE, data, len, err);
end:
	close(dirfd);
	return rc;
}

int sticktoken_write(const char *serial, const char *expires, const char *collection_key,
		     const char *stickdir, struct error *err)
{
	unsigned char token[TOKEN_MAX_BYTES];
	struct key_secret *issuer = NULL;
	uint64_t now = (uint64_t)time(NULL), until;
	size_t len = 0;
	int rc = -1;

	if (!token_valid_serial(serial)) {
		error_set(err, "--serial: 1 to %d printable characters without spaces",
			  TOKEN_SERIAL_MAX);
		return -1;
	}
	if (sticktoken_parse_date(expires, now, &until, err) < 0)
		return -1;
	issuer = key_secret_load_asking(collection_key, KEY_ED25519, err);
	if (!issuer || token_issue(serial, now, until, issuer, token, &len, err) < 0 ||
	    sticktoken_place(stickdir, token, len, err) < 0)
		goto end;
	printf("token for the stick with serial %s, valid until the end of %s (UTC), in "
	       "%s/PRISMA/%s\n",
	       serial, expires, stickdir, TOKEN_FILE);
	rc = 0;
end:
	key_secret_free(issuer);
	return rc;
}
