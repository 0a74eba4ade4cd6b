# Counter gaps are reported: requests deleted from a spool before export (in
# the middle, and the newest ones) are named by counter at import, because
# every bundle signs the terminal's next counter.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
make_world "$W"
for ((i = 0; i < 5; i++)); do
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\n'
	printf 'tap next\ntap next\ntap consent\ntap submit\nexpect-screen done\ntap finish\n'
done >"$TEST_TMP/five.script"
check "kiosk submits five requests" "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/five.script"

# Someone with access to the terminal's disk deletes requests 2 and 5.
sqlite3 "$W/terminal/spool/spool.db" "DELETE FROM envelopes WHERE counter IN (2, 5)"
"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK" >/dev/null
office_trust "$DB" "$W"
"$COLLECT" --db "$DB" import "$STICK" >"$TEST_TMP/import.out" 2>"$TEST_TMP/import.err"
rc=$?
check "import stores what arrived" grep -q "imported 3 new request(s)" "$TEST_TMP/import.out"
check "import reports both missing requests by counter" \
	grep -q "terminal demo-wing-a-01: 2 request(s) missing, counter(s) 2, 5 (including the newest: tail cut off)" "$TEST_TMP/import.err"
check "import still exits 0 (what arrived is stored)" test "$rc" = 0

# Nothing deleted: no report.
W2="$TEST_TMP/world2"
make_world "$W2" demo-wing-b-02
"$KIOSK" --config "$W2/terminal/terminal.ini" --headless --script "$TEST_TMP/five.script"
"$ADMIN" --config "$W2/terminal/terminal.ini" export --to "$TEST_TMP/stick2" >/dev/null
office_trust "$DB" "$W2"
"$COLLECT" --db "$DB" import "$TEST_TMP/stick2" >/dev/null 2>"$TEST_TMP/import2.err"
check "a complete terminal is not reported" test ! -s "$TEST_TMP/import2.err"
"$COLLECT" --db "$DB" status >"$TEST_TMP/status.out" 2>"$TEST_TMP/status.err"
rc=$?
check "status lists each terminal" test "$(grep -c '^terminal ' "$TEST_TMP/status.out")" = 2
check "status reports the missing requests" grep -q "demo-wing-a-01: 2 request(s) missing, counter(s) 2, 5" "$TEST_TMP/status.err"
check "status exits non-zero while requests are missing" test "$rc" = 1
