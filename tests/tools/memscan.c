/*
 * memscan: is any of the given texts still anywhere in a running process's memory?
 *
 *   memscan --parent [--present] NEEDLES_FILE
 *
 * Reads every readable mapping of the calling process's parent (a kiosk that
 * started this program with its script command `run`) through /proc/PID/mem
 * and looks for every line of NEEDLES_FILE (ASCII) as bytes, as UTF-16LE and as
 * UTF-32LE (the forms text shaping and bidi work in). Each find names its
 * mapping and whether that mapping is locked in RAM (mlock, as libsodium's
 * sodium_malloc does: "locked", from /proc/PID/smaps). The needles come from a
 * file, not the command line, so that the kiosk's copy of its own script does
 * not hold them. Prints each find as "memscan: 'NEEDLE' (FORM) at ADDR in
 * MAPPING" on stdout; exit 0 when none was found, 1 when one was, 2 on error.
 * With --present the other way round, the control that the scan sees them: exit
 * 0 when every needle was found (in some form), 1 when one was not.
 * Needs the right to read that process's memory (root, CAP_SYS_PTRACE).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NEEDLES_MAX  16
#define NEEDLE_MAX   64
#define CHUNK	     (1 << 20)
#define MAPPINGS_MAX 8192

struct mapping {
	unsigned long start, end;
	char name[160]; /* the mapping's path or [heap], [stack]...; "" when anonymous */
	int readable;
	int locked; /* some of it is locked in RAM (smaps "Locked:" above 0 kB) */
};

struct needle {
	char text[NEEDLE_MAX + 1];
	unsigned char form[3][NEEDLE_MAX * 4]; /* UTF-8/ASCII, UTF-16LE, UTF-32LE */
	size_t len[3];
	int seen;
};

static const char *const FORM_NAMES[3] = { "bytes", "UTF-16LE", "UTF-32LE" };

/* Reads NEEDLES_FILE into N (one ASCII needle a line, 4..NEEDLE_MAX). Returns the count or -1. */
static int needles_load(const char *path, struct needle *n)
{
	char line[256];
	int count = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "memscan: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (count < NEEDLES_MAX && fgets(line, sizeof(line), f)) {
		size_t len = strcspn(line, "\n");
		if (len < 4 || len > NEEDLE_MAX)
			continue;
		memcpy(n[count].text, line, len);
		n[count].text[len] = '\0';
		for (size_t i = 0; i < len; i++) {
			memcpy(n[count].form[0] + i, line + i, 1);
			memset(n[count].form[1] + 2 * i, 0, 2);
			memset(n[count].form[2] + 4 * i, 0, 4);
			n[count].form[1][2 * i] = (unsigned char)line[i];
			n[count].form[2][4 * i] = (unsigned char)line[i];
		}
		n[count].len[0] = len;
		n[count].len[1] = 2 * len;
		n[count].len[2] = 4 * len;
		n[count].seen = 0;
		count++;
	}
	fclose(f);
	return count;
}

/* Looks for every needle in BUF (LEN bytes read at ADDR of mapping NAME). Returns the finds. */
static int scan_chunk(const unsigned char *buf, size_t len, unsigned long addr, const char *name,
		      struct needle *n, int count)
{
	int found = 0;

	for (int i = 0; i < count; i++) {
		for (int f = 0; f < 3; f++) {
			const unsigned char *at = memmem(buf, len, n[i].form[f], n[i].len[f]);
			if (!at)
				continue;
			printf("memscan: '%s' (%s) at %#lx in %s\n", n[i].text, FORM_NAMES[f],
			       addr + (unsigned long)(at - buf), name);
			n[i].seen = 1;
			found++;
		}
	}
	return found;
}

/* Scans [START, END) of the process behind MEM. Chunks overlap so no needle is split. */
static int scan_range(int mem, unsigned long start, unsigned long end, const char *name,
		      struct needle *n, int count, unsigned char *buf)
{
	const size_t overlap = NEEDLE_MAX * 4;
	int found = 0;

	for (unsigned long at = start; at < end;) {
		size_t want = end - at < CHUNK ? end - at : CHUNK;
		ssize_t got = pread(mem, buf, want, (off_t)at);
		if (got <= 0)
			break; /* a guard page or a mapping gone meanwhile: nothing to read there */
		found += scan_chunk(buf, (size_t)got, at, name, n, count);
		if ((size_t)got < want || at + (unsigned long)got >= end)
			break;
		at += (unsigned long)got > overlap ? (unsigned long)got - overlap
						   : (unsigned long)got;
	}
	return found;
}

/* Reads PID's mappings from /proc/PID/smaps into OUT (MAPPINGS_MAX). Returns the count or -1. */
static int mappings_load(int pid, struct mapping *out)
{
	char path[64], line[512], perms[8];
	unsigned long locked_kb;
	int count = 0;
	FILE *smaps;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	smaps = fopen(path, "r");
	if (!smaps) {
		fprintf(stderr, "memscan: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), smaps)) {
		struct mapping *m = &out[count];
		if (count > 0 && sscanf(line, "Locked: %lu kB", &locked_kb) == 1) {
			out[count - 1].locked = locked_kb > 0;
			continue;
		}
		if (count == MAPPINGS_MAX)
			continue;
		m->name[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %159[^\n]", &m->start, &m->end, perms,
			   m->name) < 3)
			continue; /* a field line */
		m->readable = perms[0] == 'r' && strcmp(m->name, "[vvar]") &&
			      strcmp(m->name, "[vsyscall]");
		m->locked = 0;
		count++;
	}
	fclose(smaps);
	return count;
}

int main(int argc, char **argv)
{
	static struct mapping maps[MAPPINGS_MAX];
	struct needle needles[NEEDLES_MAX];
	char path[64], name[200];
	unsigned char *buf = NULL;
	int count, nmaps, mem = -1, found = 0, rc = 2, present = argc == 4;
	const char *file = argv[argc - 1];

	if ((argc != 3 && argc != 4) || strcmp(argv[1], "--parent") != 0 ||
	    (present && strcmp(argv[2], "--present") != 0)) {
		fprintf(stderr, "usage: memscan --parent [--present] NEEDLES_FILE\n");
		return 2;
	}
	count = needles_load(file, needles);
	if (count <= 0) {
		fprintf(stderr, "memscan: %s: no needle of 4 to %d characters\n", file, NEEDLE_MAX);
		return 2;
	}
	nmaps = mappings_load((int)getppid(), maps);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)getppid());
	mem = open(path, O_RDONLY);
	buf = malloc(CHUNK);
	if (nmaps < 0 || mem < 0 || !buf) {
		fprintf(stderr, "memscan: %s: %s\n", path, strerror(errno));
		goto end;
	}
	for (int i = 0; i < nmaps; i++) {
		if (!maps[i].readable)
			continue;
		snprintf(name, sizeof(name), "%s%s", maps[i].name[0] ? maps[i].name : "[anonymous]",
			 maps[i].locked ? ", locked" : "");
		found += scan_range(mem, maps[i].start, maps[i].end, name, needles, count, buf);
	}
	rc = found ? 1 : 0;
	for (int i = 0; present && i < count; i++) {
		rc = 0;
		if (!needles[i].seen) {
			printf("memscan: '%s' not found\n", needles[i].text);
			rc = 1;
			break;
		}
	}
end:
	free(buf);
	if (mem >= 0)
		close(mem);
	return rc;
}
