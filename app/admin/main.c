/*
 * prisma-admin: the technician's command line on the terminal.
 *
 *   prisma-admin demo --dir DIR [--assets DIR]
 *   prisma-admin --config FILE export --to DIR
 *   prisma-admin --config FILE collect --stick DIR
 *   prisma-admin --config FILE status
 *   prisma-admin --config FILE verify-audit
 */
#include "admin/demo.h"
#include "admin/provision.h"
#include "core/collection.h"
#include "core/custody.h"
#include "core/export.h"
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
	const char *to;	    /* export --to, collect --stick */
	const char *assets; /* demo --assets */
	const char *id;	    /* provision --id */
	const char *collection;
	struct provision_recipient recipients[PROVISION_MAX_RECIPIENTS];
	size_t recipient_count;
};

static void admin_usage(FILE *out)
{
	fprintf(out, "usage: prisma-admin demo --dir DIR [--id ID] [--assets DIR]   "
		     "(PRISMA_PASSPHRASE set)\n"
		     "       prisma-admin provision --dir DIR --id ID --collection FILE.pub\n"
		     "                    --recipient NAME=FILE.pub... [--assets DIR]\n"
		     "       prisma-admin --config FILE export --to DIR\n"
		     "       prisma-admin --config FILE collect --stick DIR\n"
		     "       prisma-admin --config FILE status\n"
		     "       prisma-admin --config FILE verify-audit\n");
}

static int admin_fail(const char *msg)
{
	fprintf(stderr, "prisma-admin: %s\n", msg);
	return EXIT_FAILURE;
}

/* --recipient NAME=FILE.pub into ARGS. 0, or -1 after one line. */
static int admin_add_recipient(struct admin_args *args, char *value)
{
	char *eq = strchr(value, '=');

	if (!eq || eq == value || !eq[1] || args->recipient_count == PROVISION_MAX_RECIPIENTS) {
		fprintf(stderr,
			"prisma-admin: --recipient: '%s' is not NAME=FILE.pub (at most %d)\n",
			value, PROVISION_MAX_RECIPIENTS);
		return -1;
	}
	*eq = '\0';
	args->recipients[args->recipient_count].name = value;
	args->recipients[args->recipient_count++].public_key = eq + 1;
	return 0;
}

/* Parses ARGV into ARGS. 0, or -1 after printing a one-line error. */
static int admin_parse(int argc, char **argv, struct admin_args *args)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dir", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ "stick", required_argument, NULL, 't' },
		{ "assets", required_argument, NULL, 'a' },
		{ "id", required_argument, NULL, 'i' },
		{ "collection", required_argument, NULL, 'C' },
		{ "recipient", required_argument, NULL, 'r' },
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
		case 'i': args->id = optarg; break;
		case 'C': args->collection = optarg; break;
		case 'r':
			if (admin_add_recipient(args, optarg) < 0)
				return -1;
			break;
		case 'h': admin_usage(stdout); exit(0);
		default:
			fprintf(stderr, "prisma-admin: %s: unknown option or missing value\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (!args->command) {
		fprintf(stderr, "prisma-admin: no command given (demo, provision, export, collect, "
				"status, verify-audit)\n");
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
	/* No default passphrase, even for the demo: whoever runs it says which. */
	if (!passphrase || !*passphrase) {
		fprintf(stderr, "prisma-admin: demo: set PRISMA_PASSPHRASE to the demo office's "
				"passphrase\n");
		return EXIT_USAGE;
	}
	if (demo_create(args->dir, args->assets ? args->assets : PRISMA_ASSETS_DIR, passphrase,
			args->id, &err) < 0)
		return admin_fail(err.msg);
	printf("demo world created in %s (office: %s/office, terminal config: "
	       "%s/terminal/terminal.ini)\n",
	       args->dir, args->dir, args->dir);
	return 0;
}

static int admin_provision(const struct admin_args *args)
{
	struct error err = { { 0 } };
	const char *missing = !args->dir	       ? "--dir DIR"
			      : !args->id	       ? "--id ID"
			      : !args->collection      ? "--collection FILE.pub"
			      : !args->recipient_count ? "--recipient NAME=FILE.pub"
						       : NULL;

	if (missing) {
		fprintf(stderr, "prisma-admin: provision: %s is required\n", missing);
		return EXIT_USAGE;
	}
	if (provision_create(args->dir, args->id, args->assets ? args->assets : PRISMA_ASSETS_DIR,
			     args->recipients, args->recipient_count, args->collection, NULL,
			     &err) < 0)
		return admin_fail(err.msg);
	printf("terminal %s provisioned in %s; have the office certify %s/terminal.pub "
	       "(prisma-collect certify) and put the certificate in %s/terminal.cert\n",
	       args->id, args->dir, args->dir, args->dir);
	return 0;
}

/* Prints the damaged envelopes export kept back, if any, on stderr. */
static void admin_report_damaged(long damaged, const uint64_t *counters)
{
	if (!damaged)
		return;
	fprintf(stderr, "prisma-admin: %ld damaged request(s) kept back, not shipped (counter",
		damaged);
	for (long i = 0; i < damaged && i < EXPORT_DAMAGED_LISTED; i++)
		fprintf(stderr, "%s %llu", i ? "," : "", (unsigned long long)counters[i]);
	fprintf(stderr, "%s)\n", damaged > EXPORT_DAMAGED_LISTED ? ", ..." : "");
}

static void admin_report_export(const struct export_result *res)
{
	if (res->stale_removed)
		printf("removed %ld temporary file(s) of an interrupted export\n",
		       res->stale_removed);
	if (res->exported)
		printf("exported %ld request(s) in %ld bundle(s), the last %s\n", res->exported,
		       res->bundles, res->last_path);
	else
		printf("nothing to export: no pending requests\n");
	admin_report_damaged(res->damaged, res->damaged_counters);
}

static int admin_export(struct terminal *term, const struct admin_args *args, struct error *err)
{
	struct export_result res;

	if (export_to_stick(term, args->to, NULL, &res, err) < 0)
		return -1;
	admin_report_export(&res);
	return 0;
}

static void admin_report_line(void *ctx, const char *line)
{
	fprintf(stderr, "prisma-admin: %s\n", line);
}

static int admin_collect(struct terminal *term, const struct admin_args *args, struct error *err)
{
	struct collection_request req = { .stick = args->to, .report = admin_report_line };
	struct collection_outcome out;
	const struct custody_result *res = &out.custody;
	enum collection_status status = collection_run(term, &req, &out);

	printf("receipts: %ld applied, %ld replayed, %ld rejected, %ld for other terminals; "
	       "purged %ld request(s)\n",
	       res->applied, res->replayed, res->rejected, res->foreign, res->purged);
	if (res->bundles_dropped)
		printf("removed %ld answered bundle(s) from the stick\n", res->bundles_dropped);
	printf("status: %s\n", collection_status_name(status));
	if (!collection_status_ok(status)) {
		error_set(err, "%s: %s", collection_status_name(status), out.detail);
		return -1;
	}
	admin_report_export(&res->export);
	return 0;
}

/* The spool's fill level: ok, collect soon, or full (and why). 0, or -1 with ERR. */
static int admin_report_health(struct terminal *term, struct error *err)
{
	struct terminal_health h;

	if (terminal_health(term, &h, err) < 0)
		return -1;
	printf("spool: %ld of %ld request(s) (warning from %ld): %s\n", h.stored, h.capacity,
	       h.warning_at,
	       h.state == TERMINAL_READY	 ? "ok"
	       : h.state == TERMINAL_NEARLY_FULL ? "nearly full, collect soon"
	       : h.disk_full			 ? "FULL: no space left on the data disk; collect "
						   "and free space"
			     : "FULL: capacity reached, takes no requests; collect now");
	return 0;
}

static int admin_status(struct terminal *term, const struct admin_args *args, struct error *err)
{
	char key_id[2 * KEY_ID_BYTES + 1];
	struct export_check check;

	if (export_check_spool(term, &check, err) < 0)
		return -1;
	key_id_hex(key_secret_public(terminal_signer(term))->id, key_id);
	printf("terminal %s: %ld pending request(s); signing key id %s\n",
	       terminal_config(term)->terminal_id, check.pending, key_id);
	if (check.damaged) {
		printf("damaged: %ld\n", check.damaged);
		admin_report_damaged(check.damaged, check.damaged_counters);
	}
	if (terminal_audit_failures(term))
		printf("audit: %ld entr(ies) could not be written\n",
		       terminal_audit_failures(term));
	if (terminal_audit_problem(term))
		printf("audit: no entries are written: %s\n", terminal_audit_problem(term));
	if (terminal_reference_problem(term))
		printf("reference codes: none can be given or looked up: %s\n",
		       terminal_reference_problem(term));
	return admin_report_health(term, err);
}

/* Checks the audit log's chain; a broken one is the error. */
static int admin_verify_audit(struct terminal *term, const struct admin_args *args,
			      struct error *err)
{
	struct audit_report report;
	int rc = terminal_audit_verify(term, &report, err);

	if (rc != 0)
		return -1;
	printf("audit log: %ld entries, chain intact%s\n", report.entries,
	       report.torn_tail ? "; its last line was cut off by power loss (not tampering)" : "");
	return 0;
}

static int admin_with_terminal(const struct admin_args *args,
			       int (*run)(struct terminal *, const struct admin_args *,
					  struct error *))
{
	struct error err = { { 0 } };
	struct terminal *term;
	int rc;

	if (!args->config) {
		fprintf(stderr, "prisma-admin: %s: --config FILE is required\n", args->command);
		return EXIT_USAGE;
	}
	if (strcmp(args->command, "status") && strcmp(args->command, "verify-audit") && !args->to) {
		fprintf(stderr, "prisma-admin: %s: %s DIR is required\n", args->command,
			strcmp(args->command, "export") ? "--stick" : "--to");
		return EXIT_USAGE;
	}
	if (!(term = terminal_open(args->config, &err)))
		return admin_fail(err.msg);
	rc = run(term, args, &err);
	if (rc < 0)
		admin_fail(err.msg);
	terminal_close(term);
	return rc < 0 ? EXIT_FAILURE : 0;
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
	if (!strcmp(args.command, "provision"))
		return admin_provision(&args);
	if (!strcmp(args.command, "export"))
		return admin_with_terminal(&args, admin_export);
	if (!strcmp(args.command, "collect"))
		return admin_with_terminal(&args, admin_collect);
	if (!strcmp(args.command, "status"))
		return admin_with_terminal(&args, admin_status);
	if (!strcmp(args.command, "verify-audit"))
		return admin_with_terminal(&args, admin_verify_audit);
	fprintf(stderr,
		"prisma-admin: %s: unknown command (demo, provision, export, collect, status, "
		"verify-audit)\n",
		args.command);
	return EXIT_USAGE;
}
