# The USB overlay and read aloud (issue 9 with issue 7): the overlay is the
# social worker's, who wears no headset. An inmate listens in read-aloud mode
# (German) when a stick is collected: the overlay is not read out in the
# inmate's language (nothing of it is spoken; what was being read stops), it
# has no speaker button and no voice controls (its display switches stay), a
# single tap on Close acts at once (not explored by touch), and the inmate's
# screen, back, is read again.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
make_world "$W"
kiosk_languages "$W" de,en
mkdir -p "$TEST_TMP/not-mounted" "$TEST_TMP/blank"
kiosk_usb_mount "$INI" "$TEST_TMP/not-mounted" 5
cat >"$TEST_TMP/collect.script" <<SCRIPT
tap speak
tap start
tap start
expect-screen services
expect-spoken Was möchten Sie anfragen?
stick-insert $TEST_TMP/blank $STICK_SERIAL
expect-status NOT_AUTHORIZED
expect-screen collect
expect-text Dieser Stick ist nicht freigegeben.
expect-not-spoken USB-Stick
expect-not-spoken Dieser Stick ist nicht freigegeben.
expect-not-spoken Schließen
expect-not-spoken Sie können wählen
expect-silent
dump-layout $TEST_TMP/collect.layout
tap collect.close
expect-screen services
expect-spoken Was möchten Sie anfragen?
SCRIPT
if "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/collect.script" >"$TEST_TMP/log" 2>&1; then
	ok "read aloud: the overlay is not spoken, one tap closes it, the inmate's screen is read again"
else
	not_ok "read aloud: the overlay is not spoken, one tap closes it, the inmate's screen is read again" \
		"$(head -n 4 "$TEST_TMP/log" | tr '\n' ';')"
fi
check "read aloud: the overlay has no speaker and no voice controls" \
	bash -c '! grep -qE "^(speak|speech\.rate|speech\.volume) " "$1"' - "$TEST_TMP/collect.layout"
check "read aloud: the overlay keeps its display switches" \
	grep -q "^contrast button" "$TEST_TMP/collect.layout"
