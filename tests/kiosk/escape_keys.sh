# Each way out, on its own (issue 5, Tests: "each escape key"). The ways an
# inmate is meant to leave: quick exit (wipes, home), back (one step, the
# text stays until home), back all the way home (wipes). The ways a hardware
# keyboard might try to leave the kiosk, each in a run of its own: the key is
# dropped before anything sees it (lockdown_key_allowed), the kiosk keeps
# running on the same screen with the typed text, and typing still works. A
# combination with backspace as its key would delete if it got through, so
# those check that nothing was deleted.
. "$(dirname "$0")/../lib.sh"

make_world "$TEST_TMP/world"
INI="$TEST_TMP/world/terminal/terminal.ini"

TO_CONTACT='tap lang.en
tap start
tap service.akt
tap next
tap contact.named
type Anna'

# run NAME BODY: the kiosk replays the way to contact, then BODY.
run() {
	printf '%s\n%s\n' "$TO_CONTACT" "$2" >"$TEST_TMP/$1.script"
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/$1.script" 2>"$TEST_TMP/$1.err"
}

# way NAME BODY: an intended way out holds.
way() {
	if run "$1" "$2"; then ok "escape key $1"; else not_ok "escape key $1" "$(cat "$TEST_TMP/$1.err")"; fi
}

way quick-exit 'tap quick-exit
expect-wiped
expect-screen home
expect-text Beratung & Training'
way back 'tap back
expect-screen service-info
tap next
tap contact.named
expect-text Anna'
way back-home 'tap back
tap back
tap back
expect-wiped
expect-screen home
tap lang.en
tap start
tap service.akt
tap next
tap contact.named
expect-no-text Anna'

# Keys from a hardware keyboard that must do nothing at all.
for combo in escape alt+f4 ctrl+alt+delete ctrl+alt+backspace alt+backspace ctrl+backspace \
	super+backspace ctrl+alt+f1 ctrl+alt+f7 alt+tab super+tab alt+escape ctrl+escape super+d \
	super+l ctrl+q ctrl+w ctrl+c ctrl+z tab menu application power sleep f1 f11 f12 f24; do
	printf '%s\nkey %s\nexpect-screen contact\nexpect-text Anna\ntype x\nexpect-text Annax\n' \
		"$TO_CONTACT" "$combo" >"$TEST_TMP/key-$combo.script"
	if "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/key-$combo.script" \
		2>"$TEST_TMP/key-$combo.err"; then
		ok "escape key $combo is dropped"
	else
		not_ok "escape key $combo is dropped" "$(cat "$TEST_TMP/key-$combo.err")"
	fi
done
