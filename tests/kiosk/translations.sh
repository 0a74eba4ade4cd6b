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

# The language table (assets/languages.ini) and the .po files match one to one,
# and every .po says whether a native speaker has reviewed it.
table=$(sed -n 's/^\[\([^]]*\)\]$/\1/p' "$ROOT/assets/languages.ini" | sort)
files=$(cd "$ROOT/assets/locale" && ls -- *.po | sed 's/\.po$//' | sort)
if [ -n "$table" ] && [ "$table" = "$files" ]; then
	ok "every language of languages.ini has a .po file, and no other .po exists"
else
	not_ok "every language of languages.ini has a .po file, and no other .po exists" \
		"$(diff <(echo "$table") <(echo "$files") | tr '\n' ' ')"
fi
for po in "$ROOT"/assets/locale/*.po; do
	lang=$(basename "$po" .po)
	review=$(msgcat --no-wrap "$po" | grep -E '^"X-Native-Review: (none|yes[^"]*)\\n"$')
	if [ -n "$review" ]; then ok "$lang.po states its native review"; else not_ok "$lang.po states its native review" "no X-Native-Review: none|yes header"; fi
	empty=$(msgattrib --no-wrap --untranslated --no-obsolete "$po" | grep -c '^msgid ".' || true)
	if [ "$lang" != en ] && [ "$empty" -gt 0 ]; then
		not_ok "$lang.po has no empty msgstr" "$empty empty"
	fi
done
