# End to end with the real binaries: a named request typed on the kiosk,
# sealed, exported to a stick folder, imported at the office and listed with
# the right recipient key only. Nothing typed may reach the terminal's disk.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
NAME="Zacharias Quellwasser"
NUMBER="4711-23"
UNIT="B 2.14"
MESSAGE="Ich möchte am AKT teilnehmen, bitte bald."
TIMES="Dienstag vormittags"

make_world "$W" && ok "demo world" || not_ok "demo world"

cat >"$TEST_TMP/named.script" <<SCRIPT
expect-screen home
tap lang.de
tap start
expect-screen services
tap service.akt
expect-screen service-info
tap next
expect-screen contact
tap contact.named
tap field.name
type $NAME
tap field.number
type $NUMBER
tap field.unit
type $UNIT
tap next
expect-screen details
tap field.times
type $TIMES
tap field.message
type $MESSAGE
tap next
expect-screen review
expect-text $NAME
tap consent
tap submit
expect-screen done
screenshot done
tap finish
expect-screen home
SCRIPT
check "kiosk submits a named request" \
	"$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/named.script" \
	--screenshot-dir "$TEST_TMP/screens"

count=$("$ADMIN" --config "$W/terminal/terminal.ini" status | grep -o '[0-9]* pending')
check "spool holds one pending request" test "$count" = "1 pending"

for text in "$NAME" "$NUMBER" "$MESSAGE" "$TIMES" "Quellwasser"; do
	check "no plaintext '$text' under the data directory" no_bytes_in "$W/terminal/spool" "$text"
done
check "no plaintext in the whole terminal world" no_bytes_in "$W" "Quellwasser"
check "spool is in WAL mode" test "$(sqlite3 "$W/terminal/spool/spool.db" 'PRAGMA journal_mode')" = wal

check "export writes one bundle" "$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK"
check "bundle is in PRISMA/outbox" test "$(ls "$STICK/PRISMA/outbox/"*.prb | wc -l)" -eq 1
check "no temporary file left on the stick" test -z "$(find "$STICK" -name '*.tmp-*')"
check "export deletes nothing" test "$("$ADMIN" --config "$W/terminal/terminal.ini" status | grep -o '[0-9]* pending')" = "1 pending"
check "no plaintext on the stick" no_bytes_in "$STICK" "Quellwasser"

fails_cleanly "export to an unwritable place fails cleanly" "cannot create directory" \
	"$ADMIN" --config "$W/terminal/terminal.ini" export --to /proc/prisma-no
# An office that enrolled another key for this terminal id takes nothing from this one.
make_world "$TEST_TMP/impostor"
"$COLLECT" --db "$TEST_TMP/other.db" enroll "$TEST_TMP/impostor/terminal/terminal.pub" >/dev/null
fails_cleanly "import quarantines a bundle signed by a key nobody vouched for" \
	"quarantined: terminal 'demo-wing-a-01' with key [0-9 ]{23} is neither certified" \
	"$COLLECT" --db "$TEST_TMP/other.db" import "$STICK"
check "nothing of that bundle is stored" test "$(sqlite3 "$TEST_TMP/other.db" 'select count(*) from envelopes')" = 0

mkdir -p "$TEST_TMP/tampered"
cp "$STICK"/PRISMA/outbox/*.prb "$TEST_TMP/tampered/x.prb"
size=$(stat -c %s "$TEST_TMP/tampered/x.prb")
printf '\x5a' | dd of="$TEST_TMP/tampered/x.prb" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$COLLECT" --db "$TEST_TMP/tampered.db" import "$TEST_TMP/tampered" >/dev/null 2>"$TEST_TMP/tampered.err"
check "a tampered bundle is rejected" grep -q "x.prb: " "$TEST_TMP/tampered.err"
check "nothing of a tampered bundle is stored" test "$(sqlite3 "$TEST_TMP/tampered.db" 'select count(*) from envelopes')" = 0
check "a rejected bundle enrolls nothing" test "$(sqlite3 "$TEST_TMP/tampered.db" 'select count(*) from terminals')" = 0

# The office imports the stick with its collection key: the bundle's certificate
# vouches for the terminal's key, which is trusted from then on.
imported=$("$COLLECT" --db "$DB" import "$STICK" --collection-key "$W/office/collection.key" 2>&1)
check "office imports the stick" grep -q "imported 1 new request(s), 0 already known" <<<"$imported"
check "the certified terminal key is shown by its fingerprint" \
	grep -Eq "terminal demo-wing-a-01: key [0-9]{5} [0-9]{5} [0-9]{5} [0-9]{5} certified by the collection key" <<<"$imported"
check "import again adds nothing" sh -c "'$COLLECT' --db '$DB' import '$STICK' | grep -q 'imported 0 new request(s), 1 already known'"
check "enrolling the same terminal key again is fine" "$COLLECT" --db "$DB" enroll "$W/terminal/terminal.pub"

json=$("$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json)
check "vpn sees exactly one request" test "$(jq length <<<"$json")" = 1
check "service is akt" test "$(jq -r '.[0].service' <<<"$json")" = akt
check "language is de" test "$(jq -r '.[0].language' <<<"$json")" = de
check "contact is named" test "$(jq -r '.[0].contact.mode' <<<"$json")" = named
check "name is exact" test "$(jq -r '.[0].contact.name' <<<"$json")" = "$NAME"
check "number is exact" test "$(jq -r '.[0].contact.number' <<<"$json")" = "$NUMBER"
check "unit is exact" test "$(jq -r '.[0].contact.unit' <<<"$json")" = "$UNIT"
check "message is exact" test "$(jq -r '.[0].message' <<<"$json")" = "$MESSAGE"
check "times are exact" test "$(jq -r '.[0].times' <<<"$json")" = "$TIMES"
check "id names terminal and counter" test "$(jq -r '.[0].id' <<<"$json")" = "demo-wing-a-01/1"
check "created is a UTC timestamp" bash -c "jq -r '.[0].created' <<<'$json' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$'"
check "reference code is listed" bash -c "jq -r '.[0].reference' <<<'$json' | grep -Eq '^[A-Z0-9]{4}-[A-Z0-9]{4}$'"
check "json has the documented keys" test "$(jq -c '.[0] | keys' <<<"$json")" = '["contact","created","id","language","message","reference","service","times"]'

table=$("$COLLECT" --db "$DB" list --key "$W/office/vpn.key")
check "table shows the name" grep -qF "$NAME" <<<"$table"
csv=$("$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format csv)
check "csv has a header and one row" test "$(wc -l <<<"$csv")" -eq 2

other=$("$COLLECT" --db "$DB" list --key "$W/office/apro.key" --format json 2>/dev/null)
check "apro sees nothing" test "$(jq length <<<"$other")" = 0
other_table=$("$COLLECT" --db "$DB" list --key "$W/office/apro.key" 2>&1)
check "apro's listing holds nothing of it" bash -c "! grep -qE 'Quellwasser|4711|AKT' <<<'$other_table'"
check "office database holds no plaintext" sh -c "! grep -qaF Quellwasser '$DB'*"

# Without PRISMA_PASSPHRASE the key's passphrase is asked on the terminal, without echo.
prompted=$( (sleep 0.5; echo demo) | env -u PRISMA_PASSPHRASE script -qc \
	"'$COLLECT' --db '$DB' list --key '$W/office/vpn.key' --format csv" /dev/null)
check "passphrase prompt names the key file" grep -q "Passphrase for $W/office/vpn.key" <<<"$prompted"
check "passphrase prompt opens the key" grep -qF "$NAME" <<<"$prompted"
check "passphrase is not echoed" bash -c "! grep -qE '(^|: )demo' <<<'$prompted'"
