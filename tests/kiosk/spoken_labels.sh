# Every interactive widget on every screen has a spoken label in every
# language (issue 9): the walk of tests/kiosk/sizes (every screen, every field's
# focus, every page of every keyboard, and read-aloud mode on the done screen)
# in each of the 13 languages, each screen's list from `dump-spoken`
# ("ID KIND SOURCE LABEL"). Every screen, the busy `sending` one included, has
# the speaker button `speak`. Checked for each widget:
#   - something is spoken (SOURCE is not `none`, the label is not empty);
#   - it is a word, not a symbol: it has a letter (a key that types one
#     character, a digit or a sign, is the exception: the voice names it);
#   - it is in the language: where the English label is a text of the
#     template (prisma.pot), the label is that language's translation of it.
. "$(dirname "$0")/../lib.sh"

. "$(dirname "$0")/sizes/walk.sh"

# table LANG: "msgid<TAB>msgstr" of LANG's .po, one line each (no context entries).
table() {
	msgcat --no-wrap "$ROOT/assets/locale/$1.po" | awk '
		/^msgctxt / { ctx = 1; next }
		/^msgid "/ { id = substr($0, 8, length($0) - 8); next }
		/^msgstr "/ { if (!ctx && id != "") print id "\t" substr($0, 9, length($0) - 9); ctx = 0 }'
}

for lang in ${ALL//,/ }; do
	out="$TEST_TMP/$lang"
	# dump-spoken where sizes.sh has dump-layout
	walk "$lang" | sed 's/^dump-layout \(.*\)\.layout$/dump-spoken \1.spoken/' >"$TEST_TMP/walk-$lang.script"
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
	# the speaker button on every screen, the busy `sending` one included
	nospeak=$(cd "$out" && grep -L '^speak button spoken ' -- *.spoken)
	if [ -z "$nospeak" ]; then ok "spoken labels: the speaker button on every screen in $lang"; else
		not_ok "spoken labels: the speaker button on every screen in $lang" "$(echo "$nospeak" | head -n 5 | tr '\n' ';')"
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
