#include "kiosk/explain.h"

#include "kiosk/i18n.h"

#include <stdio.h>
#include <string.h>

/* In the order the catalogue lists the facts (enum catalogue_fact). */
static const char *const fact_sentences[CATALOGUE_FACT_COUNT] = {
	N_("It costs nothing."),
	N_("It is confidential."),
	N_("If you wish, you can stay anonymous."),
	N_("The counsellors come to you, here in the prison."),
};

const char *explain_fact(unsigned fact)
{
	for (size_t i = 0; i < CATALOGUE_FACT_COUNT; i++) {
		if (fact == catalogue_fact_bit(i))
			return _(fact_sentences[i]);
	}
	return NULL;
}

/* Appends LINE to BUF (holding LEN bytes of text) on a line of its own; returns the new length. */
static size_t explain_append(char *buf, size_t size, size_t len, const char *line)
{
	int n;

	if (!line || !line[0] || len >= size)
		return len;
	n = snprintf(buf + len, size - len, "%s%s", len ? "\n" : "", line);
	if (n < 0 || (size_t)n >= size - len) {
		buf[len] = '\0'; /* only whole lines */
		return size;
	}
	return len + (size_t)n;
}

const char *explain_facts(char *buf, size_t size, unsigned facts)
{
	size_t len = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < CATALOGUE_FACT_COUNT; i++) {
		if (facts & catalogue_fact_bit(i))
			len = explain_append(buf, size, len, explain_fact(catalogue_fact_bit(i)));
	}
	return buf;
}

const char *explain_service(char *buf, size_t size, unsigned facts, const char *collection)
{
	explain_facts(buf, size, facts);
	if (size && collection)
		explain_append(buf, size, strlen(buf), _(collection));
	return buf;
}

const char *explain_next(char *buf, size_t size, enum explain_moment moment, const char *provider,
			 int named, const char *collection)
{
	char who[512];
	const char *answer;
	size_t len = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	/* TRANSLATORS: %s is the provider's name, e.g. "Violence Prevention Network". */
	snprintf(who, sizeof(who),
		 moment == EXPLAIN_BEFORE_SEND
			 ? _("Only %s can read your request. The prison cannot read it.")
			 : _("Your request is locked. Only %s can open it, not the prison."),
		 provider ? provider : "");
	len = explain_append(buf, size, len, who);
	if (collection)
		len = explain_append(buf, size, len, _(collection));
	if (named)
		answer = _("The counsellors will get in touch with you to arrange a meeting.");
	else if (moment == EXPLAIN_BEFORE_SEND)
		answer =
			_("Your name is not sent, so nobody can write to you. You get a code: with "
			  "it you can check here what happened to your request.");
	else
		answer = _("Nobody can write to you, because your name was not sent. Check here "
			   "with your code whether your request was collected.");
	explain_append(buf, size, len, answer);
	return buf;
}
