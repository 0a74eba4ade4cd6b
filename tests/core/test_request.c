/* Proves app/core/request.c: validation, the JSON payload, field editing and wiping. */
#include "testutil.h"

#include "core/envelope.h"
#include "core/request.h"

#include <jansson.h>
#include <sodium.h>

static int setup(void **state)
{
	struct request *req = request_new();

	assert_non_null(req);
	strcpy(req->service, "akt");
	strcpy(req->language, "de");
	*state = req;
	return 0;
}

static int teardown(void **state)
{
	request_free(*state);
	return 0;
}

/* Sets FIELD of REQ to TEXT, expects validation to fail naming WHAT, then restores FIELD. */
static void expect_invalid(struct request *req, char *field, const char *text, const char *what)
{
	struct error err = { "" };
	char saved[REQUEST_MESSAGE_MAX];

	strcpy(saved, field);
	strcpy(field, text);
	assert_int_equal(request_validate(req, &err), -1);
	tu_assert_contains(err.msg, what);
	strcpy(field, saved);
	assert_int_equal(request_validate(req, &err), 0);
}

static void test_new_is_zeroed(void **state)
{
	struct request *req = request_new();
	static const struct request zero;

	assert_non_null(req);
	assert_memory_equal(req, &zero, sizeof(zero));
	request_free(req);
	request_free(NULL);
}

static void test_validate_code_contact(void **state)
{
	struct request *req = *state;
	struct error err = { "" };

	assert_int_equal(request_validate(req, &err), 0);
	strcpy(req->message, "Zeile eins\nZeile zwei: äöü ß € 😀");
	strcpy(req->times, "Mo\nDi");
	assert_int_equal(request_validate(req, &err), 0);
}

static void test_validate_named_needs_name_and_number(void **state)
{
	struct request *req = *state;
	struct error err = { "" };

	req->contact = CONTACT_NAMED;
	strcpy(req->number, "1234");
	assert_int_equal(request_validate(req, &err), -1);
	assert_string_equal(err.msg, "field.name: required");
	strcpy(req->name, "   ");
	assert_int_equal(request_validate(req, &err), -1);
	assert_string_equal(err.msg, "field.name: required");
	strcpy(req->name, "Anna");
	req->number[0] = '\0';
	assert_int_equal(request_validate(req, &err), -1);
	assert_string_equal(err.msg, "field.number: required");
	strcpy(req->number, "1234");
	assert_int_equal(request_validate(req, &err), 0);
	req->contact = (enum contact_mode)7;
	assert_int_equal(request_validate(req, &err), -1);
	assert_string_equal(err.msg, "contact: unknown choice");
}

static void test_validate_rejects_bad_text(void **state)
{
	struct request *req = *state;

	expect_invalid(req, req->name, "Anna\nB", "field.name: not valid text");
	expect_invalid(req, req->name, "A\tB", "field.name");
	expect_invalid(req, req->number, "12\x7f", "field.number");
	expect_invalid(req, req->unit, "\x1b[2J", "field.unit");
	expect_invalid(req, req->times, "Mo\rDi", "field.times");
	expect_invalid(req, req->message, "caf\xc3", "field.message");	/* truncated sequence */
	expect_invalid(req, req->message, "\xc0\xaf", "field.message"); /* overlong '/' */
	expect_invalid(req, req->message, "\xff", "field.message");
	expect_invalid(req, req->message, "a\x80", "field.message"); /* lone continuation */
	expect_invalid(req, req->message, "\xf5\x80\x80\x80", "field.message");
	expect_invalid(req, req->service, "", "service: missing");
	expect_invalid(req, req->language, "", "language: missing");
}

/* What a terminal acts on or what reorders reading is refused at input, even in the message. */
static void test_validate_rejects_c1_and_bidi(void **state)
{
	static const char *acting[] = {
		"\xc2\x80",
		"\xc2\x9b"
		"31m",
		"\xc2\x9f",
		"\xd8\x9c",
		"\xe2\x80\x8e",
		"\xe2\x80\x8f",
		"\xe2\x80\xaa",
		"\xe2\x80\xae",
		"\xe2\x81\xa6",
		"\xe2\x81\xa9",
	};
	struct request *req = *state;
	char text[32];

	for (size_t i = 0; i < sizeof(acting) / sizeof(acting[0]); i++) {
		snprintf(text, sizeof(text), "ok %s ok", acting[i]);
		expect_invalid(req, req->message, text, "field.message");
		expect_invalid(req, req->name, text, "field.name");
	}
	/* Neighbours stay valid: NBSP, the zero-width joiner, Arabic letters, a full stop. */
	strcpy(req->message, "a\xc2\xa0"
			     "b \xe2\x80\x8d \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"
			     ".\n2");
	assert_int_equal(request_validate(req, &(struct error){ "" }), 0);
}

static void test_validate_accepts_only_what_json_encodes(void **state)
{
	/*
	 * UTF-16 surrogates, overlong 3-byte forms and code points above U+10FFFF:
	 * validation must refuse what jansson would refuse to encode.
	 */
	static const char *bad[] = { "\xed\xa0\x80", "\xe0\x80\x80", "\xf4\x90\x80\x80" };
	struct request *req = *state;
	struct error err = { "" };
	char *json;
	size_t len;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(req->message, bad[i]);
		assert_int_equal(request_validate(req, &err), -1);
		assert_non_null(strstr(err.msg, "field.message"));
		assert_int_equal(request_to_json(req, "ABCD-EFGH", 0, &json, &len, &err), -1);
		assert_null(json);
	}
}

/* Returns the string member KEY of OBJ, failing the test if absent. */
static const char *member(json_t *obj, const char *key)
{
	const char *value = json_string_value(json_object_get(obj, key));

	if (!value)
		fail_msg("JSON member '%s' missing or not a string", key);
	return value;
}

static void test_to_json_round_trip(void **state)
{
	struct request *req = *state;
	struct error err = { "" };
	json_t *root, *contact;
	char *json;
	size_t len;

	req->contact = CONTACT_NAMED;
	strcpy(req->name, "Zoë \"Quote\" O'Brien");
	strcpy(req->number, "4711/26");
	strcpy(req->unit, "B-3");
	strcpy(req->times, "Mo 9-12\nDi");
	strcpy(req->message, "Hallo\\Welt\n€");
	assert_int_equal(request_to_json(req, "K7QM-3XPA", 1764201600, &json, &len, &err), 0);
	assert_int_equal(strlen(json), len);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	assert_int_equal(json_object_size(root), 7);
	assert_string_equal(member(root, "service"), "akt");
	assert_string_equal(member(root, "language"), "de");
	assert_string_equal(member(root, "reference"), "K7QM-3XPA");
	assert_string_equal(member(root, "created"), "2025-11-27T00:00:00Z");
	assert_string_equal(member(root, "times"), req->times);
	assert_string_equal(member(root, "message"), req->message);
	contact = json_object_get(root, "contact");
	assert_int_equal(json_object_size(contact), 4);
	assert_string_equal(member(contact, "mode"), "named");
	assert_string_equal(member(contact, "name"), req->name);
	assert_string_equal(member(contact, "number"), "4711/26");
	assert_string_equal(member(contact, "unit"), "B-3");
	json_decref(root);
	sodium_free(json);
}

static void test_to_json_code_contact_has_no_identity(void **state)
{
	struct request *req = *state;
	struct error err = { "" };
	json_t *root, *contact;
	char *json;
	size_t len;

	/* Leftovers from a named draft must not leak into an anonymous request. */
	strcpy(req->name, "Leftover Name");
	strcpy(req->number, "999");
	assert_int_equal(request_to_json(req, "AAAA-BBBB", 0, &json, &len, &err), 0);
	assert_null(strstr(json, "Leftover"));
	assert_null(strstr(json, "999"));
	root = json_loadb(json, len, 0, NULL);
	assert_non_null(root);
	contact = json_object_get(root, "contact");
	assert_int_equal(json_object_size(contact), 1);
	assert_string_equal(member(contact, "mode"), "code");
	assert_string_equal(member(root, "created"), "1970-01-01T00:00:00Z");
	json_decref(root);
	sodium_free(json);
}

static void test_field_append_bounds(void **state)
{
	char buf[8] = "";

	assert_int_equal(request_field_append(buf, sizeof(buf), "abc"), 0);
	assert_int_equal(request_field_append(buf, sizeof(buf), "defg"), 0);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(request_field_append(buf, sizeof(buf), "h"), -1);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(request_field_append(buf, sizeof(buf), ""), 0);
	buf[5] = '\0';
	assert_int_equal(request_field_append(buf, sizeof(buf), "äö"), -1); /* 4 bytes, 2 free */
	assert_int_equal(request_field_append(buf, sizeof(buf), "ä"), 0);
	assert_string_equal(buf, "abcdeä");
}

static void test_field_append_refuses_what_cannot_be_sealed(void **state)
{
	char buf[16] = "ab";

	assert_int_equal(request_field_append(buf, sizeof(buf), "\n"), -1);
	assert_int_equal(request_field_append(buf, sizeof(buf), "x\x1by"), -1);
	assert_int_equal(request_field_append(buf, sizeof(buf), "\x7f"), -1);
	assert_int_equal(request_field_append(buf, sizeof(buf), "\xc3"), -1); /* cut UTF-8 */
	assert_int_equal(request_field_append(buf, sizeof(buf), "\xed\xa0\x80"), -1);
	assert_string_equal(buf, "ab");
	assert_int_equal(request_field_append(buf, sizeof(buf), "ß"), 0);
	assert_string_equal(buf, "abß");
}

static void test_backspace_multibyte(void **state)
{
	char buf[16] = "aä€😀";

	request_field_backspace(buf);
	assert_string_equal(buf, "aä€");
	request_field_backspace(buf);
	assert_string_equal(buf, "aä");
	request_field_backspace(buf);
	assert_string_equal(buf, "a");
	/* The removed bytes are zeroed, not just cut off. */
	for (size_t i = 1; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	request_field_backspace(buf);
	assert_string_equal(buf, "");
	request_field_backspace(buf);
	assert_string_equal(buf, "");
}

static void test_wipe_zeroes_everything(void **state)
{
	struct request *req = *state;
	static const struct request zero;

	req->contact = CONTACT_NAMED;
	memset(req->name, 'N', sizeof(req->name) - 1);
	memset(req->number, '1', sizeof(req->number) - 1);
	memset(req->unit, 'U', sizeof(req->unit) - 1);
	memset(req->times, 'T', sizeof(req->times) - 1);
	memset(req->message, 'M', sizeof(req->message) - 1);
	request_wipe(req);
	assert_memory_equal(req, &zero, sizeof(zero));
	request_wipe(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

static void test_largest_request_fits_one_envelope(void **state)
{
	/*
	 * Every field full of what JSON escapes to twice its size: still within the
	 * padded payload of an envelope (envelope.h), so no request is refused for size.
	 */
	struct request *req = request_new();
	struct error err = { "" };
	char *out = NULL;
	size_t len = 0;

	req->contact = CONTACT_NAMED;
	memset(req->service, '"', sizeof(req->service) - 1);
	memset(req->language, '"', sizeof(req->language) - 1);
	memset(req->name, '"', sizeof(req->name) - 1);
	memset(req->number, '\\', sizeof(req->number) - 1);
	memset(req->unit, '"', sizeof(req->unit) - 1);
	memset(req->times, '\n', sizeof(req->times) - 1);
	memset(req->message, '"', sizeof(req->message) - 1);
	assert_int_equal(request_to_json(req, "K7QM-3XPA", 253402300799, &out, &len, &err), 0);
	assert_true(len <= ENVELOPE_MAX_PAYLOAD);
	sodium_free(out);
	request_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_largest_request_fits_one_envelope),
		T(test_new_is_zeroed),
		T(test_validate_code_contact),
		T(test_validate_named_needs_name_and_number),
		T(test_validate_rejects_bad_text),
		T(test_validate_rejects_c1_and_bidi),
		T(test_validate_accepts_only_what_json_encodes),
		T(test_to_json_round_trip),
		T(test_to_json_code_contact_has_no_identity),
		T(test_field_append_bounds),
		T(test_field_append_refuses_what_cannot_be_sealed),
		T(test_backspace_multibyte),
		T(test_wipe_zeroes_everything),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
