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
 *
 * and one optional [info] section for the KORA information page (title,
 * summary, phone, hours, address).
 */
struct service {
	char *id; /* "akt" */
	char *title;
	char *summary;
	char *provider;
	char *icon;
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
};

/* Loads PATH. Returns 0, or -1 with ERR naming the file/section/field; *CAT is then empty. */
int catalogue_load(struct catalogue *cat, const char *path, struct error *err);

void catalogue_free(struct catalogue *cat);

/* Returns the service with ID, or NULL. */
const struct service *catalogue_find(const struct catalogue *cat, const char *id);

#endif
