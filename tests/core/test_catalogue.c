/* Proves app/core/catalogue.c: the shipped catalogue and the errors of malformed ones. */
#include "testutil.h"

#include "core/catalogue.h"
#include "core/request.h"

static const char VALID_SERVICE[] = "[service.x]\n"
				    "title = T\n"
				    "summary = S\n"
				    "provider = P\n"
				    "recipients = vpn, apro\n";

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

/* Loads TEXT from a file in DIR and expects -1 with PART1, PART2 and the file name in the message.
 */
static void expect_failure(const char *dir, const char *text, const char *part1, const char *part2)
{
	char *path = tu_path(dir, "catalogue.ini");
	struct catalogue cat;
	struct error err = { "" };

	tu_write_text(path, text);
	assert_int_equal(catalogue_load(&cat, path, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, part1);
	if (part2)
		tu_assert_contains(err.msg, part2);
	assert_int_equal(cat.service_count, 0);
	assert_null(cat.services);
	free(path);
}

static void test_shipped_catalogue(void **state)
{
	static const char *ids[] = { "akt", "parenting", "dissociation", "disengagement",
				     "environment" };
	static const char *recipients[] = { "vpn", "vpn", "vpn", "apro", "apro" };
	struct catalogue cat;
	struct error err = { "" };

	assert_int_equal(catalogue_load(&cat, PRISMA_ASSETS_DIR "/catalogue.ini", &err), 0);
	assert_int_equal(cat.service_count, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(cat.services[i].id, ids[i]);
		assert_int_equal(cat.services[i].recipient_count, 1);
		assert_string_equal(cat.services[i].recipients[0], recipients[i]);
		assert_non_null(cat.services[i].title);
		assert_non_null(cat.services[i].summary);
		assert_non_null(cat.services[i].provider);
	}
	assert_ptr_equal(catalogue_find(&cat, "akt"), &cat.services[0]);
	assert_string_equal(catalogue_find(&cat, "akt")->recipients[0], "vpn");
	assert_string_equal(catalogue_find(&cat, "akt")->icon, "akt.svg");
	assert_null(catalogue_find(&cat, "unknown"));
	assert_string_equal(cat.info_title, "About KORA");
	assert_non_null(cat.info_phone);
	assert_string_equal(cat.info_icon, "info.svg");
	assert_non_null(cat.info_collection);
	/* The promises belong to the counselling only (tests/core/test_catalogue_reference.c). */
	assert_int_equal(catalogue_find(&cat, "akt")->facts, 0);
	assert_int_equal(catalogue_find(&cat, "parenting")->facts, 0);
	assert_int_equal(catalogue_find(&cat, "dissociation")->facts,
			 CATALOGUE_FACT_FREE | CATALOGUE_FACT_CONFIDENTIAL |
				 CATALOGUE_FACT_ANONYMOUS | CATALOGUE_FACT_MOBILE);
	catalogue_free(&cat);
	assert_int_equal(cat.service_count, 0);
	catalogue_free(&cat);
}

static void test_recipient_list_split(void **state)
{
	char *path = tu_path(*state, "catalogue.ini");
	struct catalogue cat;
	struct error err = { "" };

	tu_write_text(path, VALID_SERVICE);
	assert_int_equal(catalogue_load(&cat, path, &err), 0);
	assert_int_equal(cat.service_count, 1);
	assert_int_equal(cat.services[0].recipient_count, 2);
	assert_string_equal(cat.services[0].recipients[0], "vpn");
	assert_string_equal(cat.services[0].recipients[1], "apro");
	assert_null(cat.services[0].icon);
	assert_null(cat.info_title);
	catalogue_free(&cat);
	free(path);
}

static void test_facts(void **state)
{
	char *path = tu_path(*state, "catalogue.ini");
	char text[512];
	struct catalogue cat;
	struct error err = { "" };

	snprintf(text, sizeof(text), "%sfacts = mobile,free , anonymous\n[info]\nfacts =\n",
		 VALID_SERVICE);
	tu_write_text(path, text);
	assert_int_equal(catalogue_load(&cat, path, &err), 0);
	assert_int_equal(cat.services[0].facts,
			 CATALOGUE_FACT_MOBILE | CATALOGUE_FACT_FREE | CATALOGUE_FACT_ANONYMOUS);
	assert_int_equal(cat.info_facts, 0);
	catalogue_free(&cat);
	free(path);
	for (size_t i = 0; i < CATALOGUE_FACT_COUNT; i++)
		assert_int_equal(catalogue_fact_bit(i), 1u << i);
	assert_string_equal(catalogue_fact_name(0), "free");
	assert_string_equal(catalogue_fact_name(3), "mobile");
	assert_null(catalogue_fact_name(CATALOGUE_FACT_COUNT));
	assert_int_equal(catalogue_fact_bit(CATALOGUE_FACT_COUNT), 0);
	snprintf(text, sizeof(text), "%sfacts = free, cheap\n", VALID_SERVICE);
	expect_failure(*state, text, "[service.x] facts: unknown fact 'cheap'", "line 6");
	snprintf(text, sizeof(text), "%s[info]\nfacts = freely\n", VALID_SERVICE);
	expect_failure(*state, text, "[info] facts: unknown fact 'freely'", "line 7");
}

static void test_missing_file(void **state)
{
	char *path = tu_path(*state, "absent.ini");
	struct catalogue cat;
	struct error err = { "" };

	assert_int_equal(catalogue_load(&cat, path, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "cannot open");
	free(path);
}

static void test_missing_fields(void **state)
{
	expect_failure(*state, "[service.x]\nsummary = S\nprovider = P\nrecipients = vpn\n",
		       "[service.x] title", "missing");
	expect_failure(*state, "[service.x]\ntitle = T\nprovider = P\nrecipients = vpn\n",
		       "[service.x] summary", "missing");
	expect_failure(*state, "[service.x]\ntitle = T\nsummary = S\nrecipients = vpn\n",
		       "[service.x] provider", "missing");
	expect_failure(*state, "[service.x]\ntitle = T\nsummary = S\nprovider = P\n",
		       "[service.x] recipients", "missing");
	expect_failure(*state,
		       "[service.x]\ntitle = T\nsummary = S\nprovider = P\nrecipients = ,\n",
		       "[service.x] recipients", "missing");
}

static void test_bad_id(void **state)
{
	expect_failure(*state, "[service.Bad]\ntitle = T\n", "[service.Bad]", "id must be");
	expect_failure(*state, "[service.a b]\ntitle = T\n", "[service.a b]", "line 2");
	expect_failure(*state, "[service.]\ntitle = T\n", "[service.]", "id must be");
}

static void test_unknown_key(void **state)
{
	char text[512];

	snprintf(text, sizeof(text), "%scolour = red\n", VALID_SERVICE);
	expect_failure(*state, text, "[service.x] colour", "unknown setting");
	snprintf(text, sizeof(text), "%s[info]\nemail = a@b\n", VALID_SERVICE);
	expect_failure(*state, text, "[info] email", "unknown setting");
	snprintf(text, sizeof(text), "[services.x]\ntitle = T\n%s", VALID_SERVICE);
	expect_failure(*state, text, "[services.x] title", "line 2");
}

static void test_no_services(void **state)
{
	expect_failure(*state, "[info]\ntitle = About\n", "no [service.ID] section", NULL);
	expect_failure(*state, "", "no [service.ID] section", NULL);
}

static void test_not_ini(void **state)
{
	expect_failure(*state, "[service.x]\ntitle = T\njust words\n", "line 3", "not a valid");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_shipped_catalogue), T(test_recipient_list_split), T(test_facts),
		T(test_missing_file),	   T(test_missing_fields),	 T(test_bad_id),
		T(test_unknown_key),	   T(test_no_services),		 T(test_not_ini),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
