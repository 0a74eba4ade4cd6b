/*
 * Proves that the shipped assets/catalogue.ini says of each service what the programme
 * description says of it, no more and no less: ../shared/reference/kora-programme.txt (beside
 * the repository, as in CI; PRISMA_REFERENCE=FILE points elsewhere).
 *
 * The description makes its promise ("always mobile, free of charge, confidential and, if
 * desired, anonymous") in one sentence that closes the counselling pillars 2-4. So a service
 * whose passage lies between "Pillar 2:" and that sentence gets exactly the facts the sentence
 * names; every other service (the Prisma Sachsen services AKT® and parental coaching) gets none.
 * The provider comes from the passage's "(implemented by ...)" or, for the Prisma Sachsen
 * services, from "VPN implements the project".
 */
#include "testutil.h"

#include "core/catalogue.h"
#include "core/request.h"

#include <ctype.h>

/* Where each catalogue service is described in the reference text. */
static const struct {
	const char *id, *anchor;
} passages[] = {
	{ "akt", "Antiviolence and skills training - AKT" },
	{ "parenting", "Parental coaching" },
	{ "dissociation", "Pillar 3: Dissociation assistance" },
	{ "disengagement", "Pillar 4: Disengagement assistance" },
	{ "environment", "Pillar 2: Counselling for the social and professional environment" },
};

/* How the reference words each fact (index = catalogue_fact_name order). */
static const char *const fact_words[CATALOGUE_FACT_COUNT] = { "free of charge", "confidential",
							      "anonymous", "mobile" };

/* Words in a title or summary that would promise a fact. */
static const char *const fact_claims[CATALOGUE_FACT_COUNT] = { "free", "confidential", "anonymous",
							       "come to you" };

struct reference {
	char *text;
	const char *pillars;	 /* "Pillar 2:" */
	const char *promise;	 /* the sentence with "free of charge" */
	const char *promise_end; /* its full stop */
	unsigned promised;	 /* the facts it names */
};

static void reference_load(struct reference *ref)
{
	const char *path = getenv("PRISMA_REFERENCE");
	size_t len;

	if (!path)
		path = PRISMA_ASSETS_DIR "/../../shared/reference/kora-programme.txt";
	if (access(path, R_OK) != 0)
		fail_msg("%s: missing; put the shared reference beside the repository", path);
	ref->text = (char *)tu_read(path, &len);
	ref->pillars = strstr(ref->text, "Pillar 2:");
	ref->promise = strstr(ref->text, "free of charge");
	assert_non_null(ref->pillars);
	assert_non_null(ref->promise);
	while (ref->promise > ref->text && ref->promise[-1] != '\n' && ref->promise[-1] != '.')
		ref->promise--;
	ref->promise_end = strchr(ref->promise, '.');
	assert_non_null(ref->promise_end);
	ref->promised = 0;
	for (size_t i = 0; i < CATALOGUE_FACT_COUNT; i++) {
		const char *hit = strstr(ref->promise, fact_words[i]);
		if (hit && hit < ref->promise_end)
			ref->promised |= catalogue_fact_bit(i);
	}
	/* The description as it stands promises all four; a change there should be looked at. */
	assert_int_equal(ref->promised, (1u << CATALOGUE_FACT_COUNT) - 1);
}

/* The recipient ("vpn", "apro") the reference names for the passage at ANCHOR. */
static const char *reference_provider(const char *anchor)
{
	const char *by = strstr(anchor, "(implemented by ");
	const char *line_end = strstr(anchor, "Pillar");

	if (!strncmp(anchor, "Pillar", 6))
		line_end = strstr(anchor + 6, "Pillar");
	if (by && (!line_end || by < line_end)) {
		by += strlen("(implemented by ");
		if (!strncmp(by, "VPN", 3))
			return "vpn";
		if (!strncmp(by, "APro", 4) || !strncmp(by, "A-Pro", 5))
			return "apro";
		fail_msg("unknown provider at '%.40s'", by);
	}
	return NULL;
}

static unsigned expected_facts(const struct reference *ref, const char *at)
{
	return at >= ref->pillars && at < ref->promise ? ref->promised : 0;
}

/* TEXT (a title or summary) promises nothing beyond FACTS. */
static void expect_no_claims(const char *where, const char *text, unsigned facts)
{
	char lower[1024];
	size_t i;

	for (i = 0; text[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)text[i]);
	lower[i] = '\0';
	for (i = 0; i < CATALOGUE_FACT_COUNT; i++) {
		if (strstr(lower, fact_claims[i]) && !(facts & catalogue_fact_bit(i)))
			fail_msg("%s says '%s' without the fact '%s': \"%s\"", where,
				 fact_claims[i], catalogue_fact_name(i), text);
	}
}

static void test_services_match_reference(void **state)
{
	struct reference ref;
	struct catalogue cat;
	struct error err = { "" };
	const char *prisma = NULL;

	reference_load(&ref);
	assert_int_equal(catalogue_load(&cat, PRISMA_ASSETS_DIR "/catalogue.ini", &err), 0);
	assert_int_equal(cat.service_count, sizeof(passages) / sizeof(passages[0]));
	prisma = strstr(ref.text, "VPN implements the project");
	assert_non_null(prisma);
	for (size_t i = 0; i < cat.service_count; i++) {
		const struct service *svc = catalogue_find(&cat, passages[i].id);
		const char *at = strstr(ref.text, passages[i].anchor);
		const char *provider;

		assert_non_null(svc);
		if (!at)
			fail_msg("reference has no '%s' for %s", passages[i].anchor, svc->id);
		if (svc->facts != expected_facts(&ref, at))
			fail_msg("[service.%s] facts 0x%x, the description promises 0x%x", svc->id,
				 svc->facts, expected_facts(&ref, at));
		provider = reference_provider(at);
		if (!provider && at > prisma)
			provider = "vpn"; /* Prisma Sachsen, run by VPN */
		assert_non_null(provider);
		assert_string_equal(svc->recipients[0], provider);
		expect_no_claims(svc->id, svc->title, svc->facts);
		expect_no_claims(svc->id, svc->summary, svc->facts);
	}
	catalogue_free(&cat);
	free(ref.text);
}

static void test_info_matches_reference(void **state)
{
	struct reference ref;
	struct catalogue cat;
	struct error err = { "" };
	char street[64];

	reference_load(&ref);
	assert_int_equal(catalogue_load(&cat, PRISMA_ASSETS_DIR "/catalogue.ini", &err), 0);
	/* KORA's own counselling: the promise, the counsellors coming into the prison. */
	assert_int_equal(cat.info_facts, ref.promised);
	assert_true(cat.info_facts & CATALOGUE_FACT_MOBILE);
	tu_assert_contains(cat.info_summary, "KORA");
	tu_assert_contains(cat.info_summary, "Saxony");
	expect_no_claims("[info]", cat.info_summary, cat.info_facts);
	/* Hotline, hours and address as the description gives them. */
	assert_non_null(cat.info_phone);
	tu_assert_contains(ref.text, cat.info_phone);
	tu_assert_contains(ref.text, "Monday-Friday 9:00-16:00");
	tu_assert_contains(cat.info_hours, "9:00");
	tu_assert_contains(cat.info_hours, "16:00");
	assert_non_null(cat.info_address);
	snprintf(street, sizeof(street), "%.*s", (int)strcspn(cat.info_address, ","),
		 cat.info_address);
	tu_assert_contains(ref.text, street);
	tu_assert_contains(cat.info_address, "01097 Dresden");
	tu_assert_contains(ref.text, "01097 Dresden");
	assert_non_null(cat.info_collection);
	catalogue_free(&cat);
	free(ref.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_services_match_reference),
		cmocka_unit_test(test_info_matches_reference),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
