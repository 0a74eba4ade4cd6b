#include "collect/help.h"

#include <string.h>

static const struct {
	const char *command;
	const char *usage;
	const char *what;
} HELP[] = {
	{ "keygen", "keygen --kind recipient|collection --name NAME --out BASE",
	  "Makes an office key pair: BASE.key (secret, 0600, sealed with a passphrase of at\n"
	  "least 12 characters from PRISMA_PASSPHRASE or asked twice; Argon2id at moderate\n"
	  "limits) and BASE.pub. Prints the fingerprint to compare over the phone." },
	{ "certify", "certify TERMINAL.pub --collection-key FILE --out FILE.cert",
	  "Issues the certificate of a terminal's signing key with the collection key. Compare\n"
	  "the printed fingerprint with the terminal's before handing the certificate over." },
	{ "token", "token --serial S --expires YYYY-MM-DD --collection-key FILE --out STICKDIR",
	  "Authorises the USB stick with serial S (as the terminal's libusb and kernel report\n"
	  "it) to collect at the terminals until the end of that day (UTC, at most a year):\n"
	  "writes STICKDIR/PRISMA/token, signed with the collection key, replacing an older one." },
	{ "enroll", "--db OFFICE.db enroll TERMINAL.pub",
	  "Trusts a terminal's signing key by hand (instead of a certificate), then imports\n"
	  "that terminal's bundles waiting in quarantine (status lists them by fingerprint)." },
	{ "import", "--db OFFICE.db import DIR [--collection-key FILE]",
	  "Stores the bundles of the stick DIR (DIR/PRISMA/outbox or DIR). Only terminals\n"
	  "certified by the collection key or enrolled are accepted; others are quarantined and\n"
	  "reported by fingerprint. With the collection key, custody receipts go to\n"
	  "DIR/PRISMA/receipts. Exits non-zero when anything was refused." },
	{ "status", "--db OFFICE.db status",
	  "Each terminal's stored requests and next counter, missing counters, and the bundles\n"
	  "in quarantine. Exits non-zero when requests are missing." },
	{ "list", "--db OFFICE.db list --key RECIPIENT.key [--format table|csv|json]",
	  "Decrypts and prints the requests for that key, everything escaped. Names each one it\n"
	  "cannot open and exits non-zero." },
	{ "show", "--db OFFICE.db show ID --key RECIPIENT.key",
	  "Prints one request (ID is TERMINAL/COUNTER, as list shows it)." },
	{ "export", "--db OFFICE.db export --key RECIPIENT.key --format csv|html [--out PATH]",
	  "csv: the requests as a spreadsheet (to PATH, a new 0600 file, or stdout; formulas\n"
	  "defused).\n"
	  "html: one print-friendly page per request in the folder PATH (0600 files)." },
};

void help_print(FILE *out, const char *command)
{
	size_t n = sizeof(HELP) / sizeof(HELP[0]);

	for (size_t i = 0; command && i < n; i++) {
		if (!strcmp(command, HELP[i].command)) {
			fprintf(out, "usage: prisma-collect %s\n\n%s\n", HELP[i].usage,
				HELP[i].what);
			return;
		}
	}
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s prisma-collect %s\n", i ? "      " : "usage:", HELP[i].usage);
	fprintf(out, "\nprisma-collect COMMAND --help explains one command; see also "
		     "prisma-collect(1).\n");
}
