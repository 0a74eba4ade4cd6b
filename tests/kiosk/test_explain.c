/*
 * Proves app/kiosk/explain.c: a service's promises are exactly its catalogue facts (AKT® and
 * parental coaching promise nothing), and "what happens next" names the provider, says the
 * prison cannot read the request, when it is collected, and how the answer comes (anonymous:
 * by the code). gettext without a bound language answers with the English msgids.
 */
#include "../core/testutil.h"

#include "core/catalogue.h"
#include "kiosk/explain.h"

static void test_facts_from_catalogue(void **state)
{
	struct catalogue cat;
	struct error err = { "" };
	char buf[1024];

	assert_int_equal(catalogue_load(&cat, PRISMA_ASSETS_DIR "/catalogue.ini", &err), 0);
	assert_string_equal(explain_facts(buf, sizeof(buf), catalogue_find(&cat, "akt")->facts),
			    "");
	assert_string_equal(
		explain_facts(buf, sizeof(buf), catalogue_find(&cat, "parenting")->facts), "");
	explain_facts(buf, sizeof(buf), catalogue_find(&cat, "dissociation")->facts);
	assert_string_equal(buf, "It costs nothing.\nIt is confidential.\n"
				 "If you wish, you can stay anonymous.\n"
				 "The counsellors come to you, here in the prison.");
	explain_facts(buf, sizeof(buf), cat.info_facts);
	tu_assert_contains(buf, "here in the prison");
	catalogue_free(&cat);
	assert_string_equal(explain_facts(buf, sizeof(buf), CATALOGUE_FACT_ANONYMOUS),
			    "If you wish, you can stay anonymous.");
	/* A service's page: its facts (none for AKT®), then when requests leave the terminal. */
	assert_string_equal(explain_service(buf, sizeof(buf), 0, "Collected on Mondays."),
			    "Collected on Mondays.");
	assert_string_equal(explain_service(buf, sizeof(buf), CATALOGUE_FACT_FREE, "Mondays."),
			    "It costs nothing.\nMondays.");
	assert_string_equal(explain_service(buf, sizeof(buf), CATALOGUE_FACT_FREE, NULL),
			    "It costs nothing.");
	assert_null(explain_fact(0));
	assert_null(explain_fact(CATALOGUE_FACT_FREE | CATALOGUE_FACT_MOBILE));
	/* Too small: whole lines only. */
	assert_string_equal(explain_facts(buf, 30, CATALOGUE_FACT_FREE | CATALOGUE_FACT_MOBILE),
			    "It costs nothing.");
}

static void test_next_steps(void **state)
{
	const char *when = "A social worker collects the requests on the next round.";
	char buf[2048];

	explain_next(buf, sizeof(buf), EXPLAIN_BEFORE_SEND, "APro", 0, when);
	tu_assert_contains(buf, "Only APro can read your request. The prison cannot read it.");
	tu_assert_contains(buf, when);
	tu_assert_contains(buf, "You get a code");
	explain_next(buf, sizeof(buf), EXPLAIN_BEFORE_SEND, "APro", 1, when);
	tu_assert_contains(buf, "get in touch with you");
	assert_null(strstr(buf, "code"));
	explain_next(buf, sizeof(buf), EXPLAIN_AFTER_SEND, "VPN", 0, NULL);
	assert_string_equal(buf, "Your request is locked. Only VPN can open it, not the prison.\n"
				 "Nobody can write to you, because your name was not sent. Check "
				 "here with your code whether your request was collected.");
	explain_next(buf, sizeof(buf), EXPLAIN_AFTER_SEND, "VPN", 1, when);
	tu_assert_contains(buf, "Only VPN can open it");
	tu_assert_contains(buf, when);
	tu_assert_contains(buf, "arrange a meeting");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_from_catalogue),
		cmocka_unit_test(test_next_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
