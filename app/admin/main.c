/*
 * prisma-admin: the technician's command line on the terminal.
 *
 *   prisma-admin demo --dir DIR [--assets DIR]
 *   prisma-admin --config FILE export --to DIR
 *   prisma-admin --config FILE status
 */
#include "admin/demo.h"
#include "admin/export.h"
#include "core/keys.h"
#include "core/request.h"
#include "core/spool.h"
#include "core/terminal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

struct admin_args {
	const char *config;
	const char *command;
	const char *dir;    /* demo --dir */
	const char *to;	    /* export --to */
	const char *assets; /* demo --assets */
};

static void admin_usage(FILE *out)
{
	fprintf(out, "usage: prisma-admin demo --dir DIR [--assets DIR]\n"
		     "       prisma-admin --config FILE export --to DIR\n"
		     "       prisma-admin --config FILE status\n");
}

static int admin_fail(const char *msg)
{
	fprintf(stderr, "prisma-admin: %s\n", msg);
	return EXIT_FAILURE;
}

/* Parses ARGV into ARGS. 0, or -1 after printing a one-line error. */
static int admin_parse(int argc, char **argv, struct admin_args *args)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dir", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ "assets", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1 || optind < argc) {
		if (opt == -1) {
			if (args->command) {
				fprintf(stderr, "prisma-admin: unexpected argument '%s'\n",
					argv[optind]);
				return -1;
			}
			args->command = argv[optind++];
			continue;
		}
		switch (opt) {
		case 'c': args->config = optarg; break;
		case 'd': args->dir = optarg; break;
		case 't': args->to = optarg; break;
		case 'a': args->assets = optarg; break;
		case 'h': admin_usage(stdout); exit(0);
		default:
			fprintf(stderr, "prisma-admin: %s: unknown option or missing value\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (!args->command) {
		fprintf(stderr, "prisma-admin: no command given (demo, export, status)\n");
		return -1;
	}
	return 0;
}

static int admin_demo(const struct admin_args *args)
{
	const char *passphrase = getenv("PRISMA_PASSPHRASE");
	struct error err = { { 0 } };

	if (!args->dir) {
		fprintf(stderr, "prisma-admin: demo: --dir DIR is required\n");
		return EXIT_USAGE;
	}
	if (demo_create(args->dir, args->assets ? args->assets : PRISMA_ASSETS_DIR,
			passphrase ? passphrase : "demo", &err) < 0)
		return admin_fail(err.msg);
	printf("demo world created in %s (config: %s/terminal.ini)\n", args->dir, args->dir);
	return 0;
}

static int admin_with_terminal(const struct admin_args *args)
{
	struct error err = { { 0 } };
	struct terminal *term;
	char path[4096], key_id[2 * KEY_ID_BYTES + 1];
	long count;
	int rc = EXIT_FAILURE;

	if (!args->config) {
		fprintf(stderr, "prisma-admin: %s: --config FILE is required\n", args->command);
		return EXIT_USAGE;
	}
	if (!strcmp(args->command, "export") && !args->to) {
		fprintf(stderr, "prisma-admin: export: --to DIR is required\n");
		return EXIT_USAGE;
	}
	if (!(term = terminal_open(args->config, &err)))
		return admin_fail(err.msg);
	if (!strcmp(args->command, "export")) {
		if (export_bundle(term, args->to, path, sizeof(path), &count, &err) < 0)
			goto end;
		if (count)
			printf("exported %ld request(s) to %s\n", count, path);
		else
			printf("nothing to export: no pending requests\n");
	} else {
		count = spool_count_pending(terminal_spool(term), &err);
		if (count < 0)
			goto end;
		key_id_hex(key_secret_public(terminal_signer(term))->id, key_id);
		printf("terminal %s: %ld pending request(s); signing key id %s\n",
		       terminal_config(term)->terminal_id, count, key_id);
	}
	rc = 0;
end:
	if (rc)
		admin_fail(err.msg);
	terminal_close(term);
	return rc;
}

int main(int argc, char **argv)
{
	struct admin_args args = { 0 };

	if (core_init() < 0)
		return admin_fail("libsodium cannot start");
	if (admin_parse(argc, argv, &args) < 0)
		return EXIT_USAGE;
	if (!strcmp(args.command, "demo"))
		return admin_demo(&args);
	if (!strcmp(args.command, "export") || !strcmp(args.command, "status"))
		return admin_with_terminal(&args);
	fprintf(stderr, "prisma-admin: %s: unknown command (demo, export, status)\n", args.command);
	return EXIT_USAGE;
}
