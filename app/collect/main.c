/*
 * prisma-collect: the counselling office's tool. Commands: keygen, certify,
 * enroll, import, status, list, show, export (help.c has their usage,
 * docs/man/prisma-collect.1 the whole story).
 */
#include "collect/help.h"
#include "collect/listing.h"
#include "collect/officekeys.h"
#include "collect/receipts.h"
#include "collect/sticktoken.h"
#include "core/fileio.h"
#include "core/import.h"
#include "core/office.h"
#include "core/keys.h"
#include "core/request.h"

#include <dirent.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2
/* A command's result when it has already printed its errors, one line each. */
#define COLLECT_REPORTED (-2)

struct collect_args {
	const char *db;
	const char *key;
	const char *collection_key; /* import: sign receipts with it */
	const char *format;
	const char *kind;    /* keygen */
	const char *name;    /* keygen */
	const char *out;     /* keygen, certify, token */
	const char *serial;  /* token */
	const char *expires; /* token */
	const char *command;
	const char *operand;
	int help;
};

/* --format: table, csv or json for list; csv or html for export. 0, or -1 after one line. */
static int collect_check_format(const struct collect_args *args)
{
	int export = !strcmp(args->command, "export");
	enum listing_format format;

	if (!args->format)
		return 0;
	if (listing_parse_format(args->format, &format) < 0 ||
	    (export ? format != LISTING_CSV && format != LISTING_HTML : format == LISTING_HTML)) {
		fprintf(stderr, "prisma-collect: --format: '%s' is not %s\n", args->format,
			export ? "csv or html" : "table, csv or json");
		return -1;
	}
	return 0;
}

/* What each command needs, checked before any file is opened. 0, or -1 after one line. */
static int collect_check(const struct collect_args *args)
{
	const char *missing = NULL;

	if (!strcmp(args->command, "keygen"))
		missing = !args->kind	? "--kind recipient|collection"
			  : !args->name ? "--name NAME"
			  : !args->out	? "--out BASE"
					: NULL;
	else if (!strcmp(args->command, "certify"))
		missing = !args->operand	  ? "TERMINAL.pub"
			  : !args->collection_key ? "--collection-key FILE"
			  : !args->out		  ? "--out FILE.cert"
						  : NULL;
	else if (!strcmp(args->command, "token"))
		missing = !args->serial		  ? "--serial S"
			  : !args->expires	  ? "--expires YYYY-MM-DD"
			  : !args->collection_key ? "--collection-key FILE"
			  : !args->out		  ? "--out STICKDIR"
						  : NULL;
	else if (!args->db)
		missing = "--db OFFICE.db";
	else if (!*args->db)
		missing = "--db OFFICE.db (not an empty path)";
	else if (!strcmp(args->command, "enroll") && !args->operand)
		missing = "TERMINAL.pub";
	else if (!strcmp(args->command, "import") && !args->operand)
		missing = "DIR";
	else if (!strcmp(args->command, "show") && !args->operand)
		missing = "ID (TERMINAL/COUNTER)";
	else if (!strcmp(args->command, "export") && !args->format)
		missing = "--format csv|html";
	else if (!strcmp(args->command, "export") && !strcmp(args->format, "html") && !args->out)
		missing = "--out DIR";
	else if ((!strcmp(args->command, "list") || !strcmp(args->command, "show") ||
		  !strcmp(args->command, "export")) &&
		 !args->key)
		missing = "--key RECIPIENT.key";
	if (missing) {
		fprintf(stderr, "prisma-collect: %s: %s is required\n", args->command, missing);
		return -1;
	}
	return collect_check_format(args);
}

static int collect_parse(int argc, char **argv, struct collect_args *args)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "collection-key", required_argument, NULL, 'C' },
		{ "kind", required_argument, NULL, 'K' },
		{ "name", required_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'o' },
		{ "serial", required_argument, NULL, 'S' },
		{ "expires", required_argument, NULL, 'E' },
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
		case 'C': args->collection_key = optarg; break;
		case 'K': args->kind = optarg; break;
		case 'n': args->name = optarg; break;
		case 'o': args->out = optarg; break;
		case 'S': args->serial = optarg; break;
		case 'E': args->expires = optarg; break;
		case 'h': args->help = 1; break;
		default:
			fprintf(stderr, "prisma-collect: %s: unknown option or missing value\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (args->help) {
		help_print(stdout, args->command);
		exit(0);
	}
	if (!args->command) {
		fprintf(stderr, "prisma-collect: no command given (keygen, certify, enroll, "
				"import, status, "
				"list)\n");
		return -1;
	}
	return collect_check(args);
}

/* Quarantined bundles whose signer is trusted now are imported; says what it released. */
static int collect_release(struct office *office, struct error *err)
{
	struct office_import_result result = { 0 };
	long released;

	if (office_release_quarantine(office, &result, &released, err) < 0)
		return -1;
	if (released)
		printf("released %ld quarantined bundle(s): %ld new request(s), %ld already "
		       "known\n",
		       released, result.added, result.known);
	return 0;
}

static int collect_enroll(struct office *office, const struct collect_args *args, struct error *err)
{
	char fingerprint[KEY_FINGERPRINT_LEN];
	struct key_public pub;

	if (key_public_load(&pub, args->operand, KEY_ED25519, err) < 0 ||
	    office_enroll(office, &pub, err) < 0)
		return -1;
	key_fingerprint(pub.public_key, fingerprint);
	printf("terminal %s enrolled with key %s\n", pub.name, fingerprint);
	return collect_release(office, err);
}

/* After PATH (DATA) was imported: its receipt on the stick, if a collection key was given. */
static int collect_receipt(struct office *office, const char *path, const unsigned char *data,
			   size_t len, const char *stick, const struct key_secret *collection,
			   long *receipted)
{
	struct error err = { "" };
	long named;

	if (!collection)
		return 0;
	if (receipts_write_for_bundle(office, path, data, len, stick, collection, &named, &err) <
	    0) {
		fprintf(stderr, "prisma-collect: no receipt written: %s\n", err.msg);
		return -1;
	}
	*receipted += named;
	return 0;
}

#define COLLECT_GAPS_SHOWN 8

struct collect_gaps {
	char text[512];
	int shown;
	int tail;
};

static int collect_gap(void *ctx, uint64_t first, uint64_t last, int tail)
{
	struct collect_gaps *g = ctx;
	size_t used = strlen(g->text);

	g->tail |= tail;
	if (g->shown++ >= COLLECT_GAPS_SHOWN) {
		if (g->shown == COLLECT_GAPS_SHOWN + 1)
			snprintf(g->text + used, sizeof(g->text) - used, ", ...");
		return 0;
	}
	if (first == last)
		snprintf(g->text + used, sizeof(g->text) - used, "%s%llu", used ? ", " : "",
			 (unsigned long long)first);
	else
		snprintf(g->text + used, sizeof(g->text) - used, "%s%llu-%llu", used ? ", " : "",
			 (unsigned long long)first, (unsigned long long)last);
	return 0;
}

/*
 * Reports, on stderr, the counters of TERMINAL_ID below its next counter that
 * the office does not hold. Returns the number missing, or -1 with ERR.
 */
static long collect_report_gaps(struct office *office, const char *terminal_id, struct error *err)
{
	struct collect_gaps g = { "", 0, 0 };
	uint64_t missing;

	if (office_foreach_missing(office, terminal_id, collect_gap, &g, &missing, err) < 0)
		return -1;
	if (missing)
		fprintf(stderr,
			"prisma-collect: terminal %s: %llu request(s) missing, counter(s) %s%s: "
			"deleted before export, damaged, or in a bundle not imported yet\n",
			terminal_id, (unsigned long long)missing, g.text,
			g.tail ? " (including the newest: tail cut off)" : "");
	return (long)missing;
}

/*
 * Reports the damaged envelopes of the bundle just imported (TOTAL's count
 * grew past BEFORE) and a bundle whose own signature failed. True when
 * there was anything to report.
 */
static int collect_report_damage(const char *path, const struct office_import_result *total,
				 long before)
{
	char counters[256] = "";

	if (total->bundle_damaged)
		fprintf(stderr,
			"prisma-collect: %s: the bundle's signature does not verify; its envelopes "
			"were checked one by one\n",
			path);
	if (total->damaged == before)
		return total->bundle_damaged;
	for (long i = before; i < total->damaged && i < 16; i++)
		snprintf(counters + strlen(counters), sizeof(counters) - strlen(counters), "%s%llu",
			 i > before ? ", " : "", (unsigned long long)total->damaged_counters[i]);
	fprintf(stderr,
		"prisma-collect: %s: %ld damaged request(s) not stored (claimed counter(s) %s%s); "
		"every other request of it was stored\n",
		path, total->damaged - before, counters[0] ? counters : "unknown",
		total->damaged > 16 ? ", ..." : "");
	return 1;
}

/* Adds TID to the list of terminals seen in this import (at most 256, then no more). */
static void collect_note_terminal(char (*seen)[33], int *count, const char *tid)
{
	for (int i = 0; i < *count; i++)
		if (!strcmp(seen[i], tid))
			return;
	if (*count < 256)
		snprintf(seen[(*count)++], 33, "%s", tid);
}

struct collect_run {
	struct office *office;
	const struct collect_args *args;
	struct key_secret *collection; /* NULL: no receipts */
	char seen[256][33];	       /* terminals imported from, for the gap report */
	int seen_count;
	long receipted;
};

static void collect_note(void *ctx, const char *line)
{
	fprintf(stderr, "prisma-collect: %s\n", line);
}

/* After one bundle was stored: damage, its receipt, a new terminal. 0, or 1 if reported. */
static int collect_stored(void *ctx, const char *where, const char *name, const unsigned char *data,
			  size_t len, const struct import_report *report, long damaged_before,
			  const struct key_public *new_terminal)
{
	struct collect_run *run = ctx;
	char fingerprint[KEY_FINGERPRINT_LEN], path[4400];
	int problem;

	snprintf(path, sizeof(path), "%s/%s", where, name);
	collect_note_terminal(run->seen, &run->seen_count, report->stored.terminal_id);
	problem = collect_report_damage(path, &report->stored, damaged_before);
	if (collect_receipt(run->office, path, data, len, run->args->operand, run->collection,
			    &run->receipted) < 0)
		problem = 1;
	if (new_terminal->name[0]) {
		key_fingerprint(new_terminal->public_key, fingerprint);
		printf("terminal %s: key %s certified by the collection key, trusted from now on\n",
		       new_terminal->name, fingerprint);
	}
	return problem;
}

/* The closing lines of an import, gaps included. 0, or -1 with ERR. */
static int collect_import_summary(struct collect_run *run, const struct import_report *rep,
				  int refused, struct error *err)
{
	const struct office_import_result *total = &rep->stored;

	if (run->collection && run->receipted > 0)
		printf("custody receipts for %ld request(s) written to %s/PRISMA/receipts\n",
		       run->receipted, run->args->operand);
	else if (run->collection)
		printf("no custody receipts written: no request was stored from %s\n",
		       run->args->operand);
	else if (total->added + total->known > 0)
		printf("no custody receipts written (no --collection-key): the terminals keep "
		       "these requests until receipts reach them\n");
	printf("imported %ld new request(s), %ld already known, from %ld bundle(s)%s\n",
	       total->added, total->known, rep->bundles,
	       refused ? "; refused files and bundles stay where they are" : "");
	if (total->repaired)
		printf("repaired %ld damaged stored request(s) from a good copy\n",
		       total->repaired);
	if (total->conflicts)
		fprintf(stderr,
			"prisma-collect: %ld envelope(s) reuse a terminal counter with different "
			"content (possible replay); kept out\n",
			total->conflicts);
	for (int i = 0; i < run->seen_count; i++)
		if (collect_report_gaps(run->office, run->seen[i], err) < 0)
			return -1;
	return 0;
}

/* Imports every bundle on the stick (core/import.c); each refusal has had its own line. */
static int collect_import(struct office *office, const struct collect_args *args, struct error *err)
{
	struct collect_run *run = calloc(1, sizeof(*run));
	struct import_hooks hooks = { collect_note, collect_stored, run };
	struct import_report rep;
	int refused, rc = -1;

	if (!run) {
		error_set(err, "out of memory");
		return -1;
	}
	run->office = office;
	run->args = args;
	if (args->collection_key &&
	    !(run->collection = key_secret_load_asking(args->collection_key, KEY_ED25519, err)))
		goto end;
	if (run->collection)
		office_set_collection_key(office, key_secret_public(run->collection));
	refused = import_stick(office, args->operand, &hooks, &rep, err);
	if (refused < 0 || collect_import_summary(run, &rep, refused, err) < 0)
		goto end;
	rc = refused ? COLLECT_REPORTED : 0;
end:
	key_secret_free(run->collection);
	free(run);
	return rc;
}

struct collect_status {
	struct office *office;
	struct error *err;
	long missing;
	long terminals;
};

static int collect_status_terminal(void *user, const char *terminal_id, long stored)
{
	struct collect_status *st = user;
	uint64_t next;
	long missing;

	st->terminals++;
	if (office_next_counter(st->office, terminal_id, &next, st->err) < 0)
		return -1;
	printf("terminal %s: %ld request(s) stored, next counter %llu\n", terminal_id, stored,
	       (unsigned long long)next);
	missing = collect_report_gaps(st->office, terminal_id, st->err);
	if (missing < 0)
		return -1;
	st->missing += missing;
	return 0;
}

/* Every terminal with its counts; missing requests are reported and make the exit non-zero. */
static int collect_status_quarantined(void *ctx, const char *terminal_id,
				      const unsigned char *public_key, long long received_at,
				      size_t bytes)
{
	char fingerprint[KEY_FINGERPRINT_LEN], when[32];
	time_t t = (time_t)received_at;
	struct tm tm;

	key_fingerprint(public_key, fingerprint);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%SZ", gmtime_r(&t, &tm));
	printf("quarantined: a bundle of %zu bytes claiming terminal %s, key %s, received %s\n",
	       bytes, terminal_id, fingerprint, when);
	return 0;
}

static int collect_status(struct office *office, const struct collect_args *args, struct error *err)
{
	struct collect_status st = { office, err, 0, 0 };

	if (office_foreach_terminal(office, collect_status_terminal, &st, err) < 0 ||
	    office_foreach_quarantined(office, collect_status_quarantined, NULL, err) < 0)
		return -1;
	if (!st.terminals)
		printf("no terminal enrolled yet\n");
	return st.missing ? COLLECT_REPORTED : 0;
}

/* list, show and export: decrypt with --key and print or write as OPT says. */
static int collect_decrypt(const struct collect_args *args, struct office *office,
			   const struct listing_options *opt, struct error *err)
{
	struct key_secret *key = key_secret_load_asking(args->key, KEY_X25519, err);
	long count, bad = 0;

	if (!key)
		return -1;
	count = listing_print(office, key, opt, stdout, &bad, err);
	if (count >= 0 && !opt->only_id)
		fprintf(stderr, "%ld request(s) for key %s%s%s\n", count,
			key_secret_public(key)->name, opt->html_dir ? " written to " : "",
			opt->html_dir ? opt->html_dir : "");
	key_secret_free(key);
	if (count >= 0 && bad) {
		error_set(err, "%ld request(s) could not be read (see above)", bad);
		return -1;
	}
	if (count == 0 && opt->only_id) {
		error_set(err, "request %s: not stored, or not addressed to this key",
			  opt->only_id);
		return -1;
	}
	return count < 0 ? -1 : 0;
}

static int collect_list(struct office *office, const struct collect_args *args, struct error *err)
{
	struct listing_options opt = { LISTING_TABLE, NULL, NULL };

	if (args->format)
		listing_parse_format(args->format, &opt.format); /* checked in collect_parse */
	return collect_decrypt(args, office, &opt, err);
}

static int collect_show(struct office *office, const struct collect_args *args, struct error *err)
{
	struct listing_options opt = { LISTING_TABLE, args->operand, NULL };

	return collect_decrypt(args, office, &opt, err);
}

/*
 * Makes PATH, new and 0600 whatever the umask (it will hold opened requests, as the HTML pages
 * do), standard output from now on. Returns 0, or -1 with ERR naming PATH: an existing file or
 * link is never overwritten or followed, and stdout is left as it was.
 */
static int collect_out_private(const char *path, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		error_set(err, "%s: cannot create: %s (an existing file is not overwritten)", path,
			  strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || dup2(fd, STDOUT_FILENO) < 0) {
		error_set(err, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

static int collect_export(struct office *office, const struct collect_args *args, struct error *err)
{
	struct listing_options opt = { LISTING_CSV, NULL, NULL };

	listing_parse_format(args->format, &opt.format); /* checked in collect_parse */
	if (opt.format == LISTING_HTML) {
		opt.html_dir = args->out;
		if (fileio_mkdirs(args->out, 0700, err) < 0)
			return -1;
		return collect_decrypt(args, office, &opt, err);
	}
	if (args->out && collect_out_private(args->out, err) < 0)
		return -1;
	return collect_decrypt(args, office, &opt, err);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct office *, const struct collect_args *, struct error *);
		int creates; /* may create the office database */
	} commands[] = {
		{ "enroll", collect_enroll, 1 }, { "import", collect_import, 1 },
		{ "status", collect_status, 0 }, { "list", collect_list, 0 },
		{ "show", collect_show, 0 },	 { "export", collect_export, 0 },
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
	if (!strcmp(args.command, "keygen") || !strcmp(args.command, "certify") ||
	    !strcmp(args.command, "token")) {
		rc = !strcmp(args.command, "keygen")
			     ? officekeys_keygen(args.kind, args.name, args.out, &err)
		     : !strcmp(args.command, "token")
			     ? sticktoken_write(args.serial, args.expires, args.collection_key,
						args.out, &err)
			     : officekeys_certify(args.operand, args.collection_key, args.out,
						  &err);
		if (rc < 0)
			fprintf(stderr, "prisma-collect: %s\n", err.msg);
		return rc < 0 ? EXIT_FAILURE : 0;
	}
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
		/* What was listed must have reached its file: a full disk is an error, not exit 0.
		 */
		if ((fflush(stdout) != 0 || ferror(stdout)) && rc >= 0) {
			error_set(&err, "standard output: cannot write: %s", strerror(errno));
			rc = -1;
		}
		setvbuf(stdout, NULL, _IONBF, 0);
		if (outbuf)
			sodium_free(outbuf);
		if (rc < 0 && rc != COLLECT_REPORTED)
			fprintf(stderr, "prisma-collect: %s\n", err.msg);
		return rc < 0 ? EXIT_FAILURE : 0;
	}
	fprintf(stderr,
		"prisma-collect: %s: unknown command (keygen, certify, token, enroll, import, "
		"status, list, show, export)\n",
		args.command);
	return EXIT_USAGE;
}
