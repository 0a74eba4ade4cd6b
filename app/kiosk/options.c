#include "kiosk/options.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Sizes outside this range make no sense for a terminal and would break the layout. */
#define SIZE_MIN 320
#define SIZE_MAX 8192

static int options_parse_size(struct options *opts, const char *arg, struct error *err)
{
	int w, h, used = 0;

	if (sscanf(arg, "%dx%d%n", &w, &h, &used) != 2 || arg[used] != '\0' || w < SIZE_MIN ||
	    h < SIZE_MIN / 2 || w > SIZE_MAX || h > SIZE_MAX) {
		error_set(err, "--size: '%s' is not WIDTHxHEIGHT (e.g. 1024x600)", arg);
		return -1;
	}
	opts->width = w;
	opts->height = h;
	return 0;
}

int options_parse(struct options *opts, int argc, char **argv, struct error *err)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "headless", no_argument, NULL, 'H' },
		{ "size", required_argument, NULL, 's' },
		{ "lang", required_argument, NULL, 'l' },
		{ "script", required_argument, NULL, 'S' },
		{ "screenshot-dir", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->width = 1024;
	opts->height = 600;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': opts->config = optarg; break;
		case 'H': opts->headless = 1; break;
		case 's':
			if (options_parse_size(opts, optarg, err) != 0)
				return -1;
			break;
		case 'l': opts->language = optarg; break;
		case 'S': opts->script = optarg; break;
		case 'd': opts->screenshot_dir = optarg; break;
		case ':': error_set(err, "%s: missing argument", argv[optind - 1]); return -1;
		default: error_set(err, "%s: unknown option", argv[optind - 1]); return -1;
		}
	}
	if (optind < argc) {
		error_set(err, "%s: unexpected argument", argv[optind]);
		return -1;
	}
	if (!opts->config) {
		error_set(err, "--config FILE is required");
		return -1;
	}
	return 0;
}
