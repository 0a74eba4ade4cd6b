# Outsiders' text on the kiosk: a catalogue text (shown and read aloud) with a
# C0 or C1 control, DEL or a bidi override is refused at load with one line
# naming the file, line, section and setting, and the kiosk shows only
# out-of-service (exit non-zero); typed text that core's request check refuses is refused on
# the keyboard too (session_type goes through request_field_append).
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
INI="$W/terminal/terminal.ini"
BAD="$TEST_TMP/catalogue.ini"
cp -r "$ROOT/assets/icons" "$TEST_TMP/icons"
sed "s|^catalogue = .*|catalogue = $BAD|" "$INI" >"$W/terminal/bad.ini"
printf 'expect-screen out-of-service\n' >"$TEST_TMP/oos.script"
printf 'expect-screen home\n' >"$TEST_TMP/home.script"
# refused: the kiosk starts out of service, exits non-zero and says why on exactly one stderr line
refused() {
	local err
	! err=$("$KIOSK" --config "$W/terminal/bad.ini" --headless --script "$TEST_TMP/oos.script" 2>&1 >/dev/null) &&
		[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] &&
		printf '%s\n' "$err" | grep -Eq "catalogue\.ini: line [0-9]+: \[service\.parenting\] title: a control or bidi formatting character$"
}
for inj in '\033[31m' '\342\200\256' '\302\233' '\177'; do
	sed "s/^title = Parental coaching\$/title = Parental$(printf "$inj")coaching/" \
		"$ROOT/assets/catalogue.ini" >"$BAD"
	check "a catalogue title with $inj is refused at load, file, line and setting named" refused
done
cp "$ROOT/assets/catalogue.ini" "$BAD"
check "the same catalogue without it is taken" "$KIOSK" --config "$W/terminal/bad.ini" --headless --script "$TEST_TMP/home.script"

# Typed: ESC, a C1 control, DEL and a bidi override never reach the field; the rest does.
{
	script_to_message
	printf 'type A%sB%sC%sD%sE\nexpect-text ABCDE\n' \
		"$(printf '\033')" "$(printf '\302\233')" "$(printf '\177')" "$(printf '\342\200\256')"
} >"$TEST_TMP/typed.script"
kiosk_languages "$W" en,de
check "control and bidi characters typed are refused as core refuses them" \
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/typed.script"
