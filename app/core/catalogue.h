#ifndef PRISMA_CATALOGUE_H
#define PRISMA_CATALOGUE_H

#include "core/error.h"

#include <stddef.h>

/*
 * The service catalogue: data, not code (assets/catalogue.ini). One section per
 * service, in the order they are shown:
 *
 *   [service.akt]
 *   title = Anti-violence and skills training     ; English msgid, translated by the kiosk
 *   summary = A group programme ...                ; English msgid
 *   provider = VPN with VSR (Prisma Sachsen)       ; shown as is
 *   recipients = vpn                               ; [recipients] names in terminal.ini
 *   icon = akt.svg                                 ; optional, under assets/icons/
 *   facts = free, confidential                     ; optional, see enum catalogue_fact
 *
 * and one optional [info] section for the KORA information page (title,
 * summary, phone, hours, address, icon, facts, collection).
 */

/*
 * What the programme description promises of a service; the kiosk says only
 * these, and only where the catalogue lists them (names as in the file).
 */
enum catalogue_fact {
	CATALOGUE_FACT_FREE = 1 << 0,	      /* "free": free of charge */
	CATALOGUE_FACT_CONFIDENTIAL = 1 << 1, /* "confidential" */
	CATALOGUE_FACT_ANONYMOUS = 1 << 2,    /* "anonymous": if desired, anonymous */
	CATALOGUE_FACT_MOBILE = 1 << 3,	      /* "mobile": the counsellors come to you */
};

#define CATALOGUE_FACT_COUNT 4
struct service {
	char *id; /* "akt" */
	char *title;
	char *summary;
	char *provider;
	char *icon;
	unsigned facts; /* enum catalogue_fact bits */
	char **recipients;
	size_t recipient_count;
};

struct catalogue {
	struct service *services;
	size_t service_count;
	char *info_title;
	char *info_summary;
	char *info_phone;
	char *info_hours;
	char *info_address;
	char *info_icon;
	unsigned info_facts;
	char *info_collection; /* when requests are collected, in plain words */
};

/* Loads PATH. Returns 0, or -1 with ERR naming the file/section/field; *CAT is then empty. */
int catalogue_load(struct catalogue *cat, const char *path, struct error *err);

void catalogue_free(struct catalogue *cat);

/*
 * The file name of fact I (0 <= I < CATALOGUE_FACT_COUNT, in the order of enum
 * catalogue_fact: "free", "confidential", "anonymous", "mobile"), and its bit.
 * Cannot fail for I in range; NULL / 0 beyond.
 */
const char *catalogue_fact_name(size_t i);
unsigned catalogue_fact_bit(size_t i);

/* Returns the service with ID, or NULL. */
const struct service *catalogue_find(const struct catalogue *cat, const char *id);

#endif
