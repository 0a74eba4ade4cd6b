# Every text the kiosk can show (its own strings and the catalogue's) is in the
# template, and every language other than English translates all of it, so a
# German-speaking inmate never meets an English sentence.
. "$(dirname "$0")/../lib.sh"

keys() { msgcat --no-wrap --sort-output --no-location "$1" | grep -E '^(msgctxt|msgid) '; }

"$ROOT/tools/update-pot.sh" >"$TEST_TMP/current.pot"
if diff <(keys "$TEST_TMP/current.pot") <(keys "$ROOT/assets/locale/prisma.pot") >"$TEST_TMP/pot.diff"; then
	ok "prisma.pot matches the sources and the catalogue"
else
	not_ok "prisma.pot matches the sources and the catalogue" \
		"run tools/update-pot.sh > assets/locale/prisma.pot: $(tr '\n' ' ' <"$TEST_TMP/pot.diff")"
fi

for po in "$ROOT"/assets/locale/*.po; do
	lang=$(basename "$po" .po)
	stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
	check "$lang.po compiles" msgfmt --check -o /dev/null "$po"
	[ "$lang" = en ] && continue # English is the source language
	if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
		not_ok "$lang.po translates everything" "$stats"
	else
		ok "$lang.po translates everything"
	fi
	missing=$(comm -23 <(keys "$TEST_TMP/current.pot" | sort) <(keys "$po" | sort))
	if [ -z "$missing" ]; then ok "$lang.po has every text"; else not_ok "$lang.po has every text" "$missing"; fi
done
