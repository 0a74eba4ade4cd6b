# Every interactive widget on every screen has a spoken label in every
# language (issue 9): the walk of tests/kiosk/sizes (every screen, every field's
# focus, every page of every keyboard, and read-aloud mode on the done screen)
# in each of the 13 languages, each screen's list from `dump-spoken`
# ("ID KIND SOURCE LABEL"). Checked for each widget:
#   - something is spoken (SOURCE is not `none`, the label is not empty);
#   - it is a word, not a symbol: it has a letter (a key that types one
#     character, a digit or a sign, is the exception: the voice names it);
#   - it is in the language: where the English label is a text of the
#     template (prisma.pot), the label is that language's translation of it.
. "$(dirname "$0")/../lib.sh"

HERE="$ROOT/tests/kiosk/sizes"
ALL=de,de-x-easy,en,ar,fa,ru,tr,pl,cs,ro,ka,vi,fr
make_world "$TEST_TMP/pristine"
sed -i "s/^languages = .*/languages = $ALL/" "$TEST_TMP/pristine/terminal/terminal.ini"
printf '\n[limits]\nmin_interval = 3600\n' >>"$TEST_TMP/pristine/terminal/terminal.ini"
INI="$TEST_TMP/world/terminal/terminal.ini"
KEYBOARDS=$(awk '/^keyboard *=/ { print $3 }' "$ROOT/assets/languages.ini" | awk '!seen[$0]++')

# walk LANG: sizes/walk.script with every keyboard's pages from LANG's own, dump-spoken for
# dump-layout (as tests/kiosk/sizes.sh walks).
walk() {
	local own rotated kbd
	own=$(awk -v l="[$1]" '$0 == l { on = 1 } on && /^keyboard *=/ { print $3; exit }' \
		"$ROOT/assets/languages.ini")
	rotated=$(printf '%s\n' $KEYBOARDS $KEYBOARDS | awk -v o="$own" '$0 == o { on = 1 } on' |
		head -n "$(echo "$KEYBOARDS" | wc -l)")
	while IFS= read -r line; do
		if [ "$line" = "#KEYBOARDS" ]; then
			for kbd in $rotated; do
				awk -v prefix="kbd-$kbd" -f "$HERE/pages.awk" "$ROOT/assets/keyboards/$kbd.kbd"
				echo "tap key.switch"
			done
		else
			echo "$line"
		fi
	done <"$HERE/walk.script" | sed 's/^dump-layout \(.*\)\.layout$/dump-spoken \1.spoken/'
}

# table LANG: "msgid<TAB>msgstr" of LANG's .po, one line each (no context entries).
table() {
	msgcat --no-wrap "$ROOT/assets/locale/$1.po" | awk '
		/^msgctxt / { ctx = 1; next }
		/^msgid "/ { id = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (!ctx && id != "") print id "\t" substr($0, 9, length($0) - 9); ctx = 0 }'
}

for lang in ${ALL//,/ }; do
	out="$TEST_TMP/$lang"
	walk "$lang" >"$TEST_TMP/walk-$lang.script"
	rm -rf "$TEST_TMP/world"
	cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
	if ! "$KIOSK" --config "$INI" --headless --lang "$lang" --script "$TEST_TMP/walk-$lang.script" \
		--screenshot-dir "$out" >"$out.log" 2>&1; then
		not_ok "spoken labels: walk in $lang" "$(tail -n 2 "$out.log" | tr '\n' ';')"
		continue
	fi
	silent=$(cd "$out" && grep -H -E '^[^ ]+ [^ ]+ none|^[^ ]+ [^ ]+ [^ ]+ *$' -- *.spoken)
	if [ -z "$silent" ]; then ok "spoken labels: every widget says something in $lang"; else
		not_ok "spoken labels: every widget says something in $lang" "$(echo "$silent" | head -n 5 | tr '\n' ';')"
	fi
	symbols=$(cd "$out" && LC_ALL=C.utf8 grep -H -v -P '^[^ ]+ [^ ]+ [^ ]+ .*\p{L}' -- *.spoken |
		LC_ALL=C.utf8 grep -v -P ':[^ ]+ key text \X$')
	if [ -z "$symbols" ]; then ok "spoken labels: words, not symbols, in $lang"; else
		not_ok "spoken labels: words, not symbols, in $lang" "$(echo "$symbols" | head -n 5 | tr '\n' ';')"
	fi
done

# In each language, a label whose English is a text of the template is its translation.
table en | cut -f 1 >"$TEST_TMP/msgids"
for lang in ${ALL//,/ }; do
	[ "$lang" = en ] && continue
	table "$lang" >"$TEST_TMP/$lang.tsv"
	wrong=$(for f in "$TEST_TMP"/en/*.spoken; do
		name=$(basename "$f")
		[ -f "$TEST_TMP/$lang/$name" ] || continue
		awk -v name="$name" 'FILENAME == ARGV[1] { ids[$0] = 1; next }
			FILENAME == ARGV[2] { split($0, p, "\t"); tr[p[1]] = p[2]; next }
			FILENAME == ARGV[3] { id = $1; $1 = $2 = $3 = ""; sub(/^ +/, ""); en[id] = $0; next }
			{ id = $1; $1 = $2 = $3 = ""; sub(/^ +/, "")
			  if ((id in en) && (en[id] in ids) && tr[en[id]] != $0)
				print name ": " id " says \"" $0 "\", not \"" tr[en[id]] "\"" }' \
			"$TEST_TMP/msgids" "$TEST_TMP/$lang.tsv" "$f" "$TEST_TMP/$lang/$name"
	done)
	if [ -z "$wrong" ]; then ok "spoken labels: translated into $lang"; else
		not_ok "spoken labels: translated into $lang" "$(echo "$wrong" | head -n 5 | tr '\n' ';')"
	fi
done
