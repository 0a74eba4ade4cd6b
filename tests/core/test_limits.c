/*
 * Proves app/core/limits.c and the limits terminal_submit applies: a rate
 * limit with the wait exposed, and a spool capacity reported before it is
 * reached and enforced when it is.
 */
#include "testworld.h"

#include "core/limits.h"
#include "core/terminal.h"

static void test_min_interval(void **state)
{
	struct limits l;

	limits_init(&l, 30, 20);
	assert_int_equal(limits_wait(&l, 1000), 0);
	limits_note(&l, 1000);
	assert_int_equal(limits_wait(&l, 1000), 30);
	assert_int_equal(limits_wait(&l, 1029), 1);
	assert_int_equal(limits_wait(&l, 1030), 0);
}

static void test_per_hour_window(void **state)
{
	struct limits l;

	limits_init(&l, 0, 3);
	limits_note(&l, 1000);
	limits_note(&l, 1100);
	assert_int_equal(limits_wait(&l, 1200), 0);
	limits_note(&l, 1200);
	/* Three within the hour: the next one when the first leaves the window. */
	assert_int_equal(limits_wait(&l, 1300), 1000 + 3600 - 1300);
	assert_int_equal(limits_wait(&l, 4600), 0);
	limits_note(&l, 4600);
	assert_int_equal(limits_wait(&l, 4600), 1100 + 3600 - 4600);
}

static void test_no_hourly_limit(void **state)
{
	struct limits l;

	limits_init(&l, 0, 0);
	for (uint64_t t = 1000; t < 3000; t++) {
		assert_int_equal(limits_wait(&l, t), 0);
		limits_note(&l, t);
	}
}

static void test_clock_going_back_never_locks_out(void **state)
{
	struct limits l;

	limits_init(&l, 3600, 1);
	limits_note(&l, 100000);
	assert_int_equal(limits_wait(&l, 5000), 0);
}

/* The demo world (testworld.h) with LIMITS as its [limits] lines, its terminal open. */
static struct terminal *open_with_limits(struct world *w, const char *limits)
{
	world_make(w);
	world_write_ini(w, WORLD_CATALOGUE, WORLD_RECIPIENTS, limits);
	return world_open(w);
}

static int submit(struct terminal *term, struct error *err)
{
	struct request *req = world_request();
	char reference[REQUEST_REFERENCE_LEN + 1];
	int rc;

	rc = terminal_submit(term, req, reference, err);
	request_free(req);
	return rc;
}

/* A second submission within min_interval is refused before anything is stored. */
static void test_submit_rate_limited(void **state)
{
	struct world w;
	struct error err = { "" };
	struct terminal *term = open_with_limits(&w, "min_interval = 3600\n");

	assert_int_equal(terminal_submit_wait(term), 0);
	assert_int_equal(submit(term, &err), 0);
	assert_int_equal(submit(term, &err), TERMINAL_SUBMIT_WAIT);
	tu_assert_contains(err.msg, "please wait");
	assert_true(terminal_submit_wait(term) > 0 && terminal_submit_wait(term) <= 3600);
	assert_int_equal(spool_count_pending(terminal_spool(term), &err), 1);
	world_destroy(&w);
}

/* Status warns at capacity_warning; at the capacity submissions are refused. */
static void test_capacity(void **state)
{
	struct world w;
	struct error err = { "" };
	struct terminal_health h;
	struct terminal *term = open_with_limits(
		&w,
		"min_interval = 0\nper_hour = 1000\nspool_capacity = 10\ncapacity_warning = 70\n");

	for (int i = 0; i < 7; i++) {
		assert_int_equal(terminal_health(term, &h, &err), 0);
		assert_int_equal(h.state, TERMINAL_READY);
		assert_int_equal(submit(term, &err), 0);
	}
	assert_int_equal(terminal_health(term, &h, &err), 0);
	assert_int_equal(h.state, TERMINAL_NEARLY_FULL);
	assert_int_equal(h.stored, 7);
	assert_int_equal(h.warning_at, 7);
	assert_int_equal(h.capacity, 10);
	for (int i = 0; i < 3; i++)
		assert_int_equal(submit(term, &err), 0);
	assert_int_equal(terminal_health(term, &h, &err), 0);
	assert_int_equal(h.state, TERMINAL_FULL);
	assert_int_equal(h.disk_full, 0);
	assert_int_equal(submit(term, &err), TERMINAL_SUBMIT_FULL);
	tu_assert_contains(err.msg, "spool_capacity reached");
	/* The audit log said so when the warning level and the capacity were reached. */
	char *log = tu_path(w.dir, "spool/audit.log");
	size_t len;
	char *text = (char *)tu_read(log, &len);
	tu_assert_contains(text, " spool-nearly-full stored=7 capacity=10 ");
	tu_assert_contains(text, " spool-full stored=10 capacity=10 ");
	free(text);
	free(log);
	assert_int_equal(spool_count_pending(terminal_spool(term), &err), 10);
	world_destroy(&w);
}

/* A limit out of range or unknown is refused with the file, line and field. */
static void test_config_limits_checked(void **state)
{
	char *dir = tu_mkdtemp(), *ini = tu_path(dir, "terminal.ini");
	struct config cfg;
	struct error err = { "" };

	tu_write_text(ini, "[limits]\nper_hour = 1001\n");
	assert_int_equal(config_load(&cfg, ini, &err), -1);
	tu_assert_contains(err.msg,
			   "line 2: [limits] per_hour: '1001' is not a whole number from 0 to "
			   "1000");
	tu_write_text(ini, "[limits]\nburst = 3\n");
	assert_int_equal(config_load(&cfg, ini, &err), -1);
	tu_assert_contains(err.msg, "[limits] burst: unknown setting");
	free(ini);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_min_interval),
		cmocka_unit_test(test_per_hour_window),
		cmocka_unit_test(test_no_hourly_limit),
		cmocka_unit_test(test_clock_going_back_never_locks_out),
		cmocka_unit_test(test_submit_rate_limited),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_config_limits_checked),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
