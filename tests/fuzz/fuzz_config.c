/*
 * Fuzzes the ini readers (app/core/config.c, app/core/catalogue.c): the input
 * is written to a file (their interface is a path) and loaded both as
 * terminal.ini and as catalogue.ini.
 */
#include "core/catalogue.h"
#include "core/config.h"
#include "core/request.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (core_init() < 0)
		abort();
	snprintf(path, sizeof(path), "/tmp/prisma-fuzz-config-%d.ini", (int)getpid());
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct catalogue cat;
	struct error err = { "" };

	write_input(data, size);
	if (config_load(&cfg, path, &err) == 0) {
		/* What loads is what config_check promises. */
		if (!config_valid_terminal_id(cfg.terminal_id) || !cfg.recipient_count ||
		    !cfg.collection_public_key_path || !cfg.languages)
			abort();
		config_find_recipient(&cfg, "vpn");
		config_free(&cfg);
	} else if (!strstr(err.msg, path) || cfg.recipients || cfg.path) {
		abort(); /* the message names the file; nothing is left to free */
	}
	err.msg[0] = '\0';
	if (catalogue_load(&cat, path, &err) == 0) {
		for (size_t i = 0; i < cat.service_count; i++) {
			if (!cat.services[i].title || !cat.services[i].recipient_count)
				abort();
		}
		catalogue_free(&cat);
	} else if (!strstr(err.msg, path) || cat.services) {
		abort();
	}
	return 0;
}
