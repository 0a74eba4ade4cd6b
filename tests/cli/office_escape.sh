# What a forger or an inmate wrote reaches the counsellor's screen, spreadsheet
# and browser only escaped: escape sequences, C1 controls and bidi overrides are
# shown as [U+XXXX], formulas are defused, and JSON keeps the exact text.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
make_world "$W"

# A forged payload signed with the terminal's own key: the kiosk would refuse this text.
esc=$'\x1b' bel=$'\x07' csi=$'\xc2\x9b' rlo=$'\xe2\x80\xae' fsi=$'\xe2\x81\xa8' del=$'\x7f'
jq -cn --arg name "Eve${esc}]0;pwned${bel}" --arg number "=1+1" --arg unit $'\xef\xbc\x9d1+1' \
	--arg times "@SUM(A1)${csi}2J" --arg msg "line one${esc}[2K${rlo}evil${fsi}x${del}" '{
	service: "akt", created: "2026-01-01T00:00:00Z", language: "de", reference: "AAAA-BBBB",
	contact: {mode: "named", name: $name, number: $number, unit: $unit},
	times: $times, message: $msg}' >"$TEST_TMP/payload.json"
check "forger adds a request with control characters" "$FORGE" "$W/terminal/terminal.ini" <"$TEST_TMP/payload.json"
"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK" >/dev/null
office_trust "$DB" "$W"
"$COLLECT" --db "$DB" import "$STICK" >/dev/null 2>&1

"$COLLECT" --db "$DB" list --key "$W/office/vpn.key" >"$TEST_TMP/table" 2>"$TEST_TMP/table.err"
check "table lists the forged request" grep -q "Eve" "$TEST_TMP/table"
check "table holds no raw control or bidi character" lacks_raw "$TEST_TMP/table"
check "stderr of list holds no raw control" lacks_raw "$TEST_TMP/table.err"
check "table shows ESC visibly" grep -qF "Eve[U+001B]]0;pwned[U+0007]" "$TEST_TMP/table"
check "table shows C1 CSI visibly" grep -qF "[U+009B]2J" "$TEST_TMP/table"
check "table shows the bidi override and isolate visibly" grep -qF "[U+202E]evil[U+2068]x[U+007F]" "$TEST_TMP/table"

"$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format csv >"$TEST_TMP/csv" 2>/dev/null
check "csv holds no raw control or bidi character" lacks_raw "$TEST_TMP/csv"
check "csv defuses a leading =" grep -qF "\"'=1+1\"" "$TEST_TMP/csv"
check "csv defuses a leading @" grep -qF "\"'@SUM(A1)[U+009B]2J\"" "$TEST_TMP/csv"
check "csv defuses a full-width =" grep -qF "\"'＝1+1\"" "$TEST_TMP/csv"

"$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json >"$TEST_TMP/json" 2>/dev/null
check "json holds no raw control or bidi character" lacks_raw "$TEST_TMP/json"
check "json gives the exact name back" test "$(jq -r '.[0].contact.name' "$TEST_TMP/json")" = "Eve${esc}]0;pwned${bel}"
check "json gives the exact message back" test "$(jq -r '.[0].message' "$TEST_TMP/json")" = "line one${esc}[2K${rlo}evil${fsi}x${del}"
