#ifndef PRISMA_KIOSK_OPTIONS_H
#define PRISMA_KIOSK_OPTIONS_H

#include "core/error.h"

/*
 * prisma-kiosk --config FILE [--headless] [--size WxH] [--lang CODE]
 *              [--script FILE] [--screenshot-dir DIR]
 */
struct options {
	const char *config;
	int headless;
	int width, height;
	const char *language;
	const char *script;
	const char *screenshot_dir;
};

/* Parses ARGV into *OPTS. Returns 0, or -1 with ERR naming the option at fault. */
int options_parse(struct options *opts, int argc, char **argv, struct error *err);

#endif
