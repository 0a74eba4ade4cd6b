# When the terminal cannot open (keys, spool, catalogue or configuration
# unusable) but fonts work, the kiosk shows out-of-service: "please try again
# later" and the KORA hotline where the catalogue still loads. The reason goes
# to stderr only (one line), never onto the screen; nothing leads away from it;
# the exit status is 2.
. "$(dirname "$0")/../lib.sh"

# the terminal half of a demo world (its office keys are beside it)
make_world "$TEST_TMP/world-root"
W="$TEST_TMP/world-root/terminal"
cat >"$TEST_TMP/oos.script" <<'SCRIPT'
expect-screen out-of-service
expect-text später noch einmal
expect-no-text terminal.key
expect-no-text spool
tap-at 512 500
tap-at 900 48
expect-screen out-of-service
wait 300000
expect-screen out-of-service
screenshot out-of-service
dump-layout out-of-service.layout
SCRIPT
cp "$TEST_TMP/oos.script" "$TEST_TMP/oos-hotline.script"
printf 'expect-text +49 351 56 45 49 49\n' >>"$TEST_TMP/oos-hotline.script"

# run NAME SCRIPT: the kiosk on the broken world; stdout/stderr kept.
run() {
	"$KIOSK" --config "$W/terminal.ini" --headless --script "$2" \
		--screenshot-dir "$TEST_TMP/$1" >"$TEST_TMP/$1.out" 2>"$TEST_TMP/$1.err"
	echo $? >"$TEST_TMP/$1.rc"
}
# expect NAME REASON: exit 2, exactly one stderr line naming REASON, the screen was shown.
expect() {
	if [ "$(cat "$TEST_TMP/$1.rc")" = 2 ] && [ "$(wc -l <"$TEST_TMP/$1.err")" -eq 1 ] &&
		grep -q -- "$2" "$TEST_TMP/$1.err" && [ -f "$TEST_TMP/$1/out-of-service.png" ]; then
		ok "out of service: $1"
	else
		not_ok "out of service: $1" "rc $(cat "$TEST_TMP/$1.rc"): $(cat "$TEST_TMP/$1.err")"
	fi
}

mv "$W/terminal.key" "$W/terminal.key.away"
run key "$TEST_TMP/oos-hotline.script"
expect key "terminal.key"
mv "$W/terminal.key.away" "$W/terminal.key"

mv "$W/spool" "$W/spool.away"
printf 'not a directory\n' >"$W/spool"
run spool "$TEST_TMP/oos-hotline.script"
expect spool "spool"
rm "$W/spool"
mv "$W/spool.away" "$W/spool"

cp "$W/terminal.ini" "$TEST_TMP/terminal.ini.good"
printf '[terminal]\ncolour = blue\n' >>"$W/terminal.ini"
run config "$TEST_TMP/oos.script"
expect config "colour"
cp "$TEST_TMP/terminal.ini.good" "$W/terminal.ini"

check "out of service: a working terminal is not" "$KIOSK" --config "$W/terminal.ini" --headless
