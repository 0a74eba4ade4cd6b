/* Proves app/core/audit.c: the hash chain shows edits, deletions and reordering. */
#include "testutil.h"

#include "core/audit.h"
#include "core/request.h"

#include <sodium.h>

static unsigned char key[AUDIT_KEY_BYTES];

/* A fresh log of five entries in a new directory (returned, malloc'ed). */
static char *five_entries(void)
{
	char *dir = tu_mkdtemp(), n[8];
	struct error err = { "" };

	for (int i = 1; i <= 5; i++) {
		snprintf(n, sizeof(n), "%d", i);
		assert_int_equal(audit_append(dir, key, "submit",
					      (const char *[]){ "counter", n, NULL }, &err),
				 0);
	}
	return dir;
}

/* Verifies DIR's log; returns audit_verify's result, REPORT filled. */
static int verify(const char *dir, struct audit_report *report)
{
	char *path = tu_path(dir, AUDIT_FILE);
	struct error err = { "" };
	int rc = audit_verify(path, key, report, &err);

	free(path);
	return rc;
}

/* Rewrites DIR's log with its lines in the order ORDER (1-based, 0-terminated). */
static void rewrite(const char *dir, const int *order, const char *replace_3)
{
	char *path = tu_path(dir, AUDIT_FILE), *lines[16], *save;
	size_t len;
	char *text = (char *)tu_read(path, &len), out[8192] = "";
	int n = 0;

	for (char *l = strtok_r(text, "\n", &save); l && n < 16; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	for (int i = 0; order[i]; i++) {
		strcat(out, order[i] == 3 && replace_3 ? replace_3 : lines[order[i] - 1]);
		strcat(out, "\n");
	}
	tu_write_text(path, out);
	free(text);
	free(path);
}

static void test_intact_chain(void **state)
{
	struct audit_report r;
	char *dir = five_entries(), *path = tu_path(dir, AUDIT_FILE);
	size_t len;
	char *text = (char *)tu_read(path, &len);

	assert_int_equal(verify(dir, &r), 0);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.bad_line, 0);
	assert_non_null(strstr(text, "1 "));
	assert_non_null(strstr(text, " submit counter=3 "));
	free(text);
	free(path);
	tu_rmtree(dir);
}

static void test_deleted_line_found(void **state)
{
	struct audit_report r;
	char *dir = five_entries();

	rewrite(dir, (const int[]){ 1, 2, 4, 5, 0 }, NULL);
	assert_int_equal(verify(dir, &r), 1);
	assert_int_equal(r.bad_line, 3);
	tu_rmtree(dir);
}

static void test_reordered_lines_found(void **state)
{
	struct audit_report r;
	char *dir = five_entries();

	rewrite(dir, (const int[]){ 1, 2, 4, 3, 5, 0 }, NULL);
	assert_int_equal(verify(dir, &r), 1);
	assert_int_equal(r.bad_line, 3);
	tu_rmtree(dir);
}

static void test_edited_line_found(void **state)
{
	struct audit_report r;
	char *dir = five_entries(), *path = tu_path(dir, AUDIT_FILE), *line3, *p;
	size_t len;
	char *text = (char *)tu_read(path, &len);

	/* Line 3 with its counter changed, hash left as it was. */
	line3 = strstr(text, "\n3 ") + 1;
	*strchr(line3, '\n') = '\0';
	p = strstr(line3, "counter=3");
	p[8] = '9';
	rewrite(dir, (const int[]){ 1, 2, 3, 4, 5, 0 }, line3);
	assert_int_equal(verify(dir, &r), 1);
	assert_int_equal(r.bad_line, 3);
	free(text);
	free(path);
	tu_rmtree(dir);
}

/* Without the key nobody can rebuild the chain after an edit. */
static void test_other_key_fails(void **state)
{
	struct audit_report r;
	char *dir = five_entries(), *path = tu_path(dir, AUDIT_FILE);
	struct error err = { "" };
	unsigned char other[AUDIT_KEY_BYTES] = { 1 };

	assert_int_equal(audit_verify(path, other, &r, &err), 1);
	assert_int_equal(r.bad_line, 1);
	free(path);
	tu_rmtree(dir);
}

/* A line torn by a power cut is reported, not taken for tampering, and the chain goes on. */
static void test_torn_tail(void **state)
{
	struct audit_report r;
	char *dir = five_entries(), *path = tu_path(dir, AUDIT_FILE);
	struct error err = { "" };
	FILE *f = fopen(path, "a");

	fputs("6 1795939200 sub", f);
	fclose(f);
	assert_int_equal(verify(dir, &r), 0);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.torn_tail, 1);
	assert_int_equal(audit_append(dir, key, "export", NULL, &err), 0);
	assert_int_equal(verify(dir, &r), 0);
	assert_int_equal(r.entries, 6);
	assert_int_equal(r.torn_tail, 0);
	free(path);
	tu_rmtree(dir);
}

/* Appends LEN raw bytes to DIR's log, as a write a power cut interrupted would leave them. */
static void append_raw(const char *dir, const char *bytes, size_t len)
{
	char *path = tu_path(dir, AUDIT_FILE);
	FILE *f = fopen(path, "a");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/*
 * A torn cut can leave the last line whole in length but with a hole: a later
 * block of it reached the disk, an earlier one did not and reads as zeros.
 * That is power loss, and the next entry replaces it.
 */
static void test_torn_tail_with_hole(void **state)
{
	struct audit_report r;
	char *dir = five_entries();
	struct error err = { "" };
	static const char torn[] = "6 1795939200 sub\0\0\0\0\0\0\0\0 3f2a\n";

	append_raw(dir, torn, sizeof(torn) - 1);
	assert_int_equal(verify(dir, &r), 0);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.torn_tail, 1);
	assert_int_equal(audit_append(dir, key, "export", NULL, &err), 0);
	assert_int_equal(verify(dir, &r), 0);
	assert_int_equal(r.entries, 6);
	assert_int_equal(r.torn_tail, 0);
	tu_rmtree(dir);
}

/* A NUL in a line before the last, or a whole last line with a wrong hash, is tampering. */
static void test_edits_are_not_power_loss(void **state)
{
	struct audit_report r;
	char *dir = five_entries(), *path = tu_path(dir, AUDIT_FILE);
	size_t len;
	unsigned char *text = tu_read(path, &len);
	char *third = memchr(memchr(text, '\n', len) + 1, '\n', len) + 1;

	third[3] = '\0'; /* line 3, in the middle */
	tu_write(path, text, len);
	assert_int_equal(verify(dir, &r), 1);
	assert_int_equal(r.bad_line, 3);
	assert_int_equal(r.torn_tail, 0);
	free(text);

	tu_rmtree(dir);
	dir = five_entries();
	free(path);
	path = tu_path(dir, AUDIT_FILE);
	text = tu_read(path, &len);
	text[len - 3] =
		text[len - 3] == 'a' ? 'b' : 'a'; /* the last line's hash, line kept whole */
	tu_write(path, text, len);
	assert_int_equal(verify(dir, &r), 1);
	assert_int_equal(r.bad_line, 5);
	assert_int_equal(r.torn_tail, 0);
	free(text);
	free(path);
	tu_rmtree(dir);
}

/* The log is created 0600, and an entry is in the file once audit_append returned. */
static void test_created_private(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, AUDIT_FILE);
	struct error err = { "" };
	struct stat st;

	assert_int_equal(audit_append(dir, key, "config-error", NULL, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	tu_rmtree(dir);
}

/* Values are restricted: nothing can add a line or a field. */
static void test_values_cleaned(void **state)
{
	struct audit_report r;
	char *dir = tu_mkdtemp(), *path = tu_path(dir, AUDIT_FILE);
	struct error err = { "" };
	size_t len;
	char *text;

	assert_int_equal(audit_append(dir, key, "receipt-rejected",
				      (const char *[]){ "file", "a b\nc=d\x1b[2J", NULL }, &err),
			 0);
	text = (char *)tu_read(path, &len);
	tu_assert_contains(text, " receipt-rejected file=a_b_c_d__2J ");
	assert_int_equal(verify(dir, &r), 0);
	assert_int_equal(r.entries, 1);
	free(text);
	free(path);
	tu_rmtree(dir);
}

/*
 * The log's own key: made once, 0600, never overwritten, read back the same; a data directory
 * without one gets one with its first use; a log whose key is gone is reported, not restarted
 * under a new key (which would hide everything before it).
 */
static void test_own_key(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, AUDIT_KEY_FILE);
	unsigned char first[AUDIT_KEY_BYTES], again[AUDIT_KEY_BYTES];
	struct error err = { "" };
	struct stat st;

	assert_int_equal(audit_key_load(dir, first, &err), 0); /* made on first use */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, AUDIT_KEY_BYTES);
	assert_int_equal(audit_key_create(dir, &err), -1); /* never overwritten */
	tu_assert_contains(err.msg, "already exists");
	assert_int_equal(audit_key_load(dir, again, &err), 0);
	assert_memory_equal(first, again, AUDIT_KEY_BYTES);
	assert_int_equal(audit_append(dir, first, "submit", NULL, &err), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(audit_key_load(dir, again, &err), -1);
	tu_assert_contains(err.msg, "audit.key: missing, so");
	assert_int_equal(access(path, F_OK), -1); /* no new key under an old log */
	tu_write_text(path, "short");
	assert_int_equal(audit_key_load(dir, again, &err), -1);
	tu_assert_contains(err.msg, "not an audit key (5 bytes, not 32)");
	free(path);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact_chain),
		cmocka_unit_test(test_deleted_line_found),
		cmocka_unit_test(test_reordered_lines_found),
		cmocka_unit_test(test_edited_line_found),
		cmocka_unit_test(test_other_key_fails),
		cmocka_unit_test(test_torn_tail),
		cmocka_unit_test(test_torn_tail_with_hole),
		cmocka_unit_test(test_edits_are_not_power_loss),
		cmocka_unit_test(test_created_private),
		cmocka_unit_test(test_values_cleaned),
		cmocka_unit_test(test_own_key),
	};

	if (core_init() < 0)
		return 1;
	randombytes_buf(key, sizeof(key));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
