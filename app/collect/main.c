/*
 * prisma-collect: the counselling office's tool.
 *
 *   prisma-collect --db OFFICE.db enroll TERMINAL.pub
 *   prisma-collect --db OFFICE.db import DIR
 *   prisma-collect --db OFFICE.db list --key RECIPIENT.key [--format table|csv|json]
 */
#include "collect/listing.h"
#include "core/import.h"
#include "core/office.h"
#include "core/keys.h"
#include "core/request.h"

#include <dirent.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXIT_USAGE 2
/* A command's result when it has already printed its errors, one line each. */
#define COLLECT_REPORTED (-2)

struct collect_args {
	const char *db;
	const char *key;
	const char *format;
	const char *command;
	const char *operand;
};

static void collect_usage(FILE *out)
{
	fprintf(out, "usage: prisma-collect --db OFFICE.db enroll TERMINAL.pub\n"
		     "       prisma-collect --db OFFICE.db import DIR\n"
		     "       prisma-collect --db OFFICE.db list --key RECIPIENT.key "
		     "[--format table|csv|json]\n");
}

/* What each command needs, checked before any file is opened. 0, or -1 after one line. */
static int collect_check(const struct collect_args *args)
{
	enum listing_format format;
	const char *missing = NULL;

	if (!args->db)
		missing = "--db OFFICE.db";
	else if (!strcmp(args->command, "enroll") && !args->operand)
		missing = "TERMINAL.pub";
	else if (!strcmp(args->command, "import") && !args->operand)
		missing = "DIR";
	else if (!strcmp(args->command, "list") && !args->key)
		missing = "--key RECIPIENT.key";
	if (missing) {
		fprintf(stderr, "prisma-collect: %s: %s is required\n", args->command, missing);
		return -1;
	}
	if (args->format && listing_parse_format(args->format, &format) < 0) {
		fprintf(stderr, "prisma-collect: --format: '%s' is not table, csv or json\n",
			args->format);
		return -1;
	}
	return 0;
}

static int collect_parse(int argc, char **argv, struct collect_args *args)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1 || optind < argc) {
		if (opt == -1) {
			const char **slot = !args->command ? &args->command : &args->operand;
			if (*slot) {
				fprintf(stderr, "prisma-collect: unexpected argument '%s'\n",
					argv[optind]);
				return -1;
			}
			*slot = argv[optind++];
			continue;
		}
		switch (opt) {
		case 'd': args->db = optarg; break;
		case 'k': args->key = optarg; break;
		case 'f': args->format = optarg; break;
		case 'h': collect_usage(stdout); exit(0);
		default:
			fprintf(stderr, "prisma-collect: %s: unknown option or missing value\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (!args->command) {
		fprintf(stderr, "prisma-collect: no command given (enroll, import, list)\n");
		return -1;
	}
	return collect_check(args);
}

static int collect_enroll(struct office *office, const struct collect_args *args, struct error *err)
{
	struct key_public pub;

	if (key_public_load(&pub, args->operand, KEY_ED25519, err) < 0 ||
	    office_enroll(office, &pub, err) < 0)
		return -1;
	printf("terminal %s enrolled\n", pub.name);
	return 0;
}

static void collect_note(void *ctx, const char *line)
{
	fprintf(stderr, "prisma-collect: %s\n", line);
}

/* Imports every bundle on the stick (core/import.c); each refusal has had its own line. */
static int collect_import(struct office *office, const struct collect_args *args, struct error *err)
{
	struct import_report rep;
	int rc = import_stick(office, args->operand, collect_note, NULL, &rep, err);

	if (rc < 0)
		return -1;
	printf("imported %ld new request(s), %ld already known, from %ld bundle(s)%s\n",
	       rep.stored.added, rep.stored.known, rep.bundles,
	       rc ? "; refused files and bundles stay where they are" : "");
	if (rep.stored.conflicts)
		fprintf(stderr,
			"prisma-collect: %ld envelope(s) reuse a terminal counter with different "
			"content (possible replay); kept out\n",
			rep.stored.conflicts);
	return rc ? COLLECT_REPORTED : 0;
}

static int collect_list(struct office *office, const struct collect_args *args, struct error *err)
{
	enum listing_format format = LISTING_TABLE;
	struct key_secret *key = NULL;
	char *passphrase = NULL;
	long count, bad = 0;

	if (args->format)
		listing_parse_format(args->format, &format); /* checked in collect_parse */
	if (key_secret_is_protected(args->key) && !(passphrase = passphrase_get(args->key, err)))
		return -1;
	key = key_secret_load(args->key, KEY_X25519, passphrase, err);
	passphrase_free(passphrase);
	if (!key)
		return -1;
	count = listing_print(office, key, format, stdout, &bad, err);
	if (count >= 0)
		fprintf(stderr, "%ld request(s) for key %s\n", count, key_secret_public(key)->name);
	key_secret_free(key);
	if (count >= 0 && bad) {
		error_set(err, "%ld request(s) could not be read (see above)", bad);
		return -1;
	}
	return count < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct office *, const struct collect_args *, struct error *);
		int creates; /* may create the office database */
	} commands[] = {
		{ "enroll", collect_enroll, 1 },
		{ "import", collect_import, 1 },
		{ "list", collect_list, 0 },
	};
	struct collect_args args = { 0 };
	struct error err = { { 0 } };
	struct office *office;
	char *outbuf;
	int rc = -1;

	if (core_init() < 0) {
		fprintf(stderr, "prisma-collect: libsodium cannot start\n");
		return EXIT_FAILURE;
	}
	if (collect_parse(argc, argv, &args) < 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(args.command, commands[i].name))
			continue;
		/* Decrypted text passes through stdout's buffer: keep it in guarded memory. */
		outbuf = sodium_malloc(BUFSIZ);
		if (outbuf)
			setvbuf(stdout, outbuf, _IOFBF, BUFSIZ);
		if ((office = office_open(args.db, commands[i].creates, &err)))
			rc = commands[i].run(office, &args, &err);
		office_close(office);
		fflush(stdout);
		setvbuf(stdout, NULL, _IONBF, 0);
		if (outbuf)
			sodium_free(outbuf);
		if (rc < 0 && rc != COLLECT_REPORTED)
			fprintf(stderr, "prisma-collect: %s\n", err.msg);
		return rc < 0 ? EXIT_FAILURE : 0;
	}
	fprintf(stderr, "prisma-collect: %s: unknown command (enroll, import, list)\n",
		args.command);
	return EXIT_USAGE;
}
