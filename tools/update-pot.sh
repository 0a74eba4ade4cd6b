#!/bin/bash
# Writes the translation template to stdout: every string the kiosk marks with
# _() or N_() plus the texts of assets/catalogue.ini that the kiosk translates
# (title, summary, hours, collection). `tools/update-pot.sh > assets/locale/prisma.pot`
# refreshes the template; then `msgmerge -U assets/locale/CODE.po
# assets/locale/prisma.pot` for each language.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

xgettext --from-code=UTF-8 -k_ -kN_ -kC_:1c,2 --package-name=prisma -o "$T/code.pot" app/kiosk/*.c
{
	printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
	# The home screen names each language in its own words (app/kiosk/i18n.c).
	printf '#. The name of this language in itself, e.g. "Deutsch".\n'
	printf 'msgctxt "language-name"\nmsgid "English"\nmsgstr ""\n\n'
	awk -F' = ' '/^(title|summary|hours|collection) = / {
		gsub(/\\/, "\\\\", $2); gsub(/"/, "\\\"", $2)
		printf "#: assets/catalogue.ini:%d\nmsgid \"%s\"\nmsgstr \"\"\n\n", NR, $2
	}' assets/catalogue.ini
} >"$T/catalogue.pot"
msgcat --use-first "$T/code.pot" "$T/catalogue.pot"
