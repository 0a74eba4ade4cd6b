# A disabled Next or Send says why, in words beside it (the label "hint" at
# the bottom centre): on contact with no choice made, without a name, without
# a prisoner number; on review without the consent tick. Once the step is
# possible the hint is gone. Checked on the widget lists (dump-layout), in
# German and in Arabic.
. "$(dirname "$0")/../lib.sh"

make_world "$TEST_TMP/world"
INI="$TEST_TMP/world/terminal/terminal.ini"

# run LANG: walks contact and review, a widget list at each step.
run() {
	cat >"$TEST_TMP/$1.script" <<SCRIPT
tap lang.$1
tap start
tap service.akt
tap next
expect-disabled next
dump-layout choice.layout
tap contact.named
expect-disabled next
dump-layout name.layout
type Anna
expect-disabled next
dump-layout number.layout
tap field.number
type 4711
expect-enabled next
dump-layout complete.layout
tap next
tap next
expect-disabled submit
dump-layout consent.layout
tap consent
expect-enabled submit
dump-layout agreed.layout
SCRIPT
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/$1.script" \
		--screenshot-dir "$TEST_TMP/$1" 2>"$TEST_TMP/$1.err"
}

# hint LANG STEP TEXT: the step's widget list has the label "hint" saying exactly TEXT
# ("" for no hint at all).
hint() {
	local got
	got=$(sed -n 's/^hint label [0-9]* [0-9]* [0-9]* [0-9]* //p' "$TEST_TMP/$1/$2.layout")
	if [ "$got" = "$3" ]; then
		ok "disabled reason $1 $2: '${3:-no hint}'"
	else
		not_ok "disabled reason $1 $2: '${3:-no hint}'" "got '$got'"
	fi
}

if run de; then ok "disabled reason de: the walk holds"; else not_ok "disabled reason de: the walk holds" "$(cat "$TEST_TMP/de.err")"; fi
hint de choice "Bitte wählen Sie, wie wir Ihnen antworten sollen."
hint de name "Bitte schreiben Sie Ihren Namen."
hint de number "Bitte schreiben Sie Ihre Gefangenen-Nummer."
hint de complete ""
hint de consent "Bitte setzen Sie zuerst oben das Häkchen."
hint de agreed ""

if run ar; then ok "disabled reason ar: the walk holds"; else not_ok "disabled reason ar: the walk holds" "$(cat "$TEST_TMP/ar.err")"; fi
hint ar choice "يرجى اختيار طريقة الرد عليك."
hint ar name "يرجى كتابة اسمك."
hint ar number "يرجى كتابة رقم السجين الخاص بك."
hint ar complete ""
hint ar consent "يرجى أولاً وضع علامة في المربع أعلاه."
hint ar agreed ""
