# One damaged envelope never stops the others. On the terminal it is found
# before bundling, named (status, export, audit log) and kept back; at the
# office every valid envelope of a damaged bundle is stored, the damaged ones
# are named, a damaged stored envelope makes `list` say so and exit non-zero,
# and importing a good copy repairs it.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
for ((i = 0; i < 5; i++)); do
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\n'
	printf 'tap next\ntap next\ntap consent\ntap submit\nexpect-screen done\ntap finish\n'
done >"$TEST_TMP/five.script"
check "kiosk submits five requests" "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/five.script"

# flip_blob DB TABLE WHERE: changes one byte in the middle of the envelope, as a bad sector would.
flip_blob() {
	sqlite3 "$1" "UPDATE $2 SET envelope = CAST(substr(envelope, 1, 200) ||
		CASE WHEN substr(envelope, 201, 1) = X'00' THEN X'01' ELSE X'00' END ||
		substr(envelope, 202) AS BLOB) WHERE $3"
}

# --- terminal: a damaged envelope in the spool
flip_blob "$W/terminal/spool/spool.db" envelopes "counter = 3"
out=$("$ADMIN" --config "$W/terminal/terminal.ini" status 2>&1)
check "status names the damaged request" grep -q "damaged request(s) kept back, not shipped (counter 3)" <<<"$out"
out=$("$ADMIN" --config "$W/terminal/terminal.ini" export --to "$TEST_TMP/stick" 2>&1)
check "export ships every other request" grep -q "exported 4 request(s)" <<<"$out"
check "export names the one kept back" grep -q "(counter 3)" <<<"$out"
check "the audit log records it by counter" grep -q " damaged-kept-back counter=3 " "$W/terminal/spool/audit.log"
office_trust "$TEST_TMP/office.db" "$W"
out=$("$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/stick" 2>&1)
check "the office stores the four" grep -q "imported 4 new request(s)" <<<"$out"
check "and reports the missing counter" grep -q "1 request(s) missing, counter(s) 3" <<<"$out"

# --- office: a bundle damaged on the stick
W2="$TEST_TMP/world2"
make_world "$W2"
"$KIOSK" --config "$W2/terminal/terminal.ini" --headless --script "$TEST_TMP/five.script"
S2="$TEST_TMP/stick2"
"$ADMIN" --config "$W2/terminal/terminal.ini" export --to "$S2" >/dev/null
DB="$TEST_TMP/office2.db"
office_trust "$DB" "$W2"
cp -r "$S2" "$TEST_TMP/stick2-good"
bundle=$(ls "$S2"/PRISMA/outbox/*.prb)
size=$(stat -c %s "$bundle")
# One byte in the middle of the bundle, inside one envelope, flipped (a fixed value would be
# no change once in 256 runs).
byte=$(od -An -tu1 -j $((size / 2)) -N1 "$bundle" | tr -d ' ')
printf "\\x$(printf %02x $((byte ^ 0x55)))" | dd of="$bundle" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$COLLECT" --db "$DB" import "$S2" >"$TEST_TMP/dmg.out" 2>"$TEST_TMP/dmg.err"
rc=$?
check "a damaged bundle: every valid request is stored" grep -q "imported 4 new request(s)" "$TEST_TMP/dmg.out"
check "the damaged one is named by counter" grep -q "1 damaged request(s) not stored (claimed counter(s) [0-9]" "$TEST_TMP/dmg.err"
check "import exits non-zero" test "$rc" != 0
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick2-good" 2>&1)
check "a good copy brings the missing one" grep -q "imported 1 new request(s), 4 already known" <<<"$out"

# --- office: a stored envelope damaged in the database
flip_blob "$DB" envelopes "terminal_id = 'demo-wing-a-01' AND counter = 2"
"$COLLECT" --db "$DB" list --key "$W2/office/vpn.key" >/dev/null 2>"$TEST_TMP/list.err"
rc=$?
check "list names the damaged stored request" grep -q "request demo-wing-a-01/2: stored envelope damaged" "$TEST_TMP/list.err"
check "list exits non-zero" test "$rc" != 0
# list prints each request as it reads it (flat memory at any count): request 1 is out
# before request 2 is read and found damaged, request 3 after.
"$COLLECT" --db "$DB" list --key "$W2/office/vpn.key" --format json >"$TEST_TMP/list.all" 2>&1
line_of() { grep -n -m1 "$1" "$TEST_TMP/list.all" | cut -d: -f1; }
check "list --format json streams: request 1 before the note on 2, request 3 after" \
	test "$(line_of '"demo-wing-a-01/1"')" -lt "$(line_of 'request demo-wing-a-01/2: stored envelope damaged')" -a \
	"$(line_of 'request demo-wing-a-01/2: stored envelope damaged')" -lt "$(line_of '"demo-wing-a-01/3"')"
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick2-good" 2>&1)
check "importing a good copy repairs it" grep -q "repaired 1 damaged stored request(s)" <<<"$out"
out=$("$COLLECT" --db "$DB" list --key "$W2/office/vpn.key" --format csv 2>&1)
check "then list reads all five" grep -q "^5 request(s) for key vpn" <<<"$out"
