# The speaker button on the busy `sending` screen (issue 9: on every screen):
# read_aloud_sending/busy.script taps it and everywhere else while the worker
# seals (in Arabic); the busy screen is read in Arabic, and no tap stops,
# changes or repeats the submit: the script reaches the code, and the spool
# holds exactly one request afterwards.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
if "$KIOSK" --config "$W/terminal/terminal.ini" --headless \
	--script "$ROOT/tests/kiosk/read_aloud_sending/busy.script" >"$TEST_TMP/busy.log" 2>&1; then
	ok "sending: the speaker reads the busy screen, other taps do nothing"
else
	not_ok "sending: the speaker reads the busy screen, other taps do nothing" \
		"$(head -n 3 "$TEST_TMP/busy.log" | tr '\n' ';')"
fi
count=$(sqlite3 "$W/terminal/spool/spool.db" 'SELECT count(*) FROM envelopes')
check "sending: taps while sealing leave one request in the spool (got $count)" test "$count" = 1
