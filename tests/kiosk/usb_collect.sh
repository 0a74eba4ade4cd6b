# Collection by USB stick inside the kiosk, driven by scripts (stick-insert DIR
# SERIAL, stick-remove, device-insert, expect-status): every status, the
# inmate's form kept and hidden, refused devices audited and never shown, and
# the round trip kiosk -> stick -> office -> receipts -> kiosk.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
AUDIT="$W/terminal/spool/audit.log"
KEY="$W/office/collection.key"
DB="$TEST_TMP/office.db"
# English first, so that the scripts read as the overlay's source texts.
make_world "$W"
kiosk_languages "$W"

kiosk() { "$KIOSK" --config "$INI" --headless --script "$1" --screenshot-dir "$TEST_TMP/shots"; }
exported() { sqlite3 "$W/terminal/spool/spool.db" 'SELECT count(*) FROM envelopes WHERE exported_at IS NOT NULL'; }
request() { script_request "$1" && echo "tap finish"; }

stick_token "$TEST_TMP/stick" "$KEY"
cat >"$TEST_TMP/form.script" <<SCRIPT
$(request FIRST-CANARY)
$(request SECOND-CANARY)
$(script_to_message)
type FORM-IN-PROGRESS
expect-screen details
stick-insert $TEST_TMP/stick $STICK_SERIAL
dump-layout busy.layout
screenshot collect-busy
expect-status EXPORT_OK
expect-screen collect
expect-text Done. You can pull the stick.
expect-text EXPORT_OK  2 sent, 0 confirmed
expect-no-text FORM-IN-PROGRESS
stick-remove
expect-screen details
expect-text FORM-IN-PROGRESS
type  STILL-TYPING
expect-text FORM-IN-PROGRESS STILL-TYPING
SCRIPT
check "a valid stick: EXPORT_OK over a hidden form, which comes back whole when it is pulled" kiosk "$TEST_TMP/form.script"
check "while it runs the overlay says wait, and shows nothing of the form" \
	eval 'grep -q "Please wait. Do not pull the stick." "$TEST_TMP/shots/busy.layout" && ! grep -q FORM "$TEST_TMP/shots/busy.layout"'
check "both requests are on the stick" test "$(ls "$TEST_TMP/stick/PRISMA/outbox/"*.prb | wc -l)" = 1
check "and marked exported" test "$(exported)" = 2
check "the round is audited" grep -q " collection status=EXPORT_OK exported=2 bundles=1 purged=0 " "$AUDIT"
check "no plaintext on the stick" no_bytes_in "$TEST_TMP/stick" "CANARY"

# The office imports, writes receipts; the next plug-in purges exactly those.
office_trust "$DB" "$W"
check "the office imports the stick and writes receipts" \
	"$COLLECT" --db "$DB" import "$TEST_TMP/stick" --collection-key "$KEY"
check "receipts are on the stick" test -n "$(ls "$TEST_TMP/stick/PRISMA/receipts/"*.prr)"
cat >"$TEST_TMP/again.script" <<SCRIPT
$(request THIRD-CANARY)
stick-insert $TEST_TMP/stick $STICK_SERIAL
expect-status EXPORT_OK
expect-text EXPORT_OK  1 sent, 2 confirmed
stick-remove
expect-screen home
stick-insert $TEST_TMP/stick $STICK_SERIAL
expect-status EXPORT_OK
expect-text EXPORT_OK  1 sent, 0 confirmed
SCRIPT
check "next plug-in: receipts purge the 2 the office holds, the new one is exported" kiosk "$TEST_TMP/again.script"
pending() { sqlite3 "$W/terminal/spool/spool.db" 'SELECT count(*) FROM envelopes WHERE acknowledged_at IS NULL'; }
check "exactly one request is left pending in the spool" test "$(pending)" = 1
check "the receipts are gone from the stick" test -z "$(ls "$TEST_TMP/stick/PRISMA/receipts/")"
"$COLLECT" --db "$DB" import "$TEST_TMP/stick" --collection-key "$KEY" >/dev/null 2>&1
printf 'stick-insert %s %s\nexpect-status RECEIPTS_APPLIED\nexpect-text RECEIPTS_APPLIED  0 sent, 1 confirmed\n' \
	"$TEST_TMP/stick" "$STICK_SERIAL" >"$TEST_TMP/applied.script"
check "when only receipts were left to apply: RECEIPTS_APPLIED" kiosk "$TEST_TMP/applied.script"
check "nothing is pending any more" test "$(pending)" = 0
check "the office holds all three" test "$("$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json | jq length)" = 3

# Every refusal: nothing written, nothing marked, each audited, the form untouched.
W2="$TEST_TMP/world2"
make_world "$W2"
kiosk_languages "$W2"
INI="$W2/terminal/terminal.ini"
AUDIT2="$W2/terminal/spool/audit.log"
KEY2="$W2/office/collection.key"
mkdir -p "$TEST_TMP/wrong/PRISMA" "$TEST_TMP/expired/PRISMA" "$TEST_TMP/blank" "$TEST_TMP/pulled"
stick_token "$TEST_TMP/wrong" "$KEY2" OTHER-STICK
stick_token_expired "$TEST_TMP/expired" "$KEY2"
stick_token "$TEST_TMP/pulled" "$KEY2"
stick_token "$TEST_TMP/forged" "$KEY"
cp -r "$TEST_TMP/pulled" "$TEST_TMP/second"
cat >"$TEST_TMP/refusals.script" <<SCRIPT
$(request REFUSED-CANARY)
$(script_to_message)
type KEEP-ME
device-insert hid 046d:c31c
device-insert composite 0781:5590
device-insert hub 05e3:0610
device-insert malformed ffff:0000
device-insert not-storage 0bda:8153
expect-screen details
expect-text KEEP-ME
stick-insert $TEST_TMP/blank $STICK_SERIAL
expect-status NOT_AUTHORIZED
expect-text This stick is not authorised.
stick-remove
expect-screen collect
tap collect.close
expect-screen details
stick-insert $TEST_TMP/forged $STICK_SERIAL
expect-status NOT_AUTHORIZED
stick-remove
tap collect.close
stick-insert $TEST_TMP/wrong $STICK_SERIAL
expect-status NOT_AUTHORIZED
stick-remove
tap collect.close
stick-insert $TEST_TMP/expired $STICK_SERIAL
expect-status TOKEN_EXPIRED
expect-text This stick's authorisation has expired.
stick-remove
tap collect.close
stick-insert $TEST_TMP/pulled $STICK_SERIAL
stick-remove
expect-status DEVICE_REMOVED
expect-text Nothing was lost. Pull the stick and try again.
tap collect.close
stick-insert $TEST_TMP/pulled $STICK_SERIAL
stick-insert $TEST_TMP/second $STICK_SERIAL
expect-status MULTIPLE_DEVICES
expect-text Pull all sticks, then plug in only one.
stick-remove
stick-remove
tap collect.close
expect-screen details
expect-text KEEP-ME
SCRIPT
INI="$W2/terminal/terminal.ini"
check "refused devices, unauthorised, forged, other, expired, pulled, two sticks: each its status" \
	kiosk "$TEST_TMP/refusals.script"
for s in NOT_AUTHORIZED TOKEN_EXPIRED DEVICE_REMOVED MULTIPLE_DEVICES; do
	check "$s is in the audit log" grep -q " collection status=$s " "$AUDIT2"
done
check "NOT_AUTHORIZED three times (no token, forged, other stick)" test "$(grep -c ' collection status=NOT_AUTHORIZED ' "$AUDIT2")" = 3
check "each refused device is audited with its ids" test "$(grep -c ' usb-refused ' "$AUDIT2")" = 5
check "the keyboard's ids and kind" grep -q " usb-refused vendor=046d product=c31c reason=hid " "$AUDIT2"
check "the composite stick's" grep -q " usb-refused vendor=0781 product=5590 reason=composite " "$AUDIT2"
check "nothing was written to any refused stick" \
	test -z "$(find "$TEST_TMP/blank" "$TEST_TMP/wrong" "$TEST_TMP/expired" "$TEST_TMP/forged" "$TEST_TMP/pulled" "$TEST_TMP/second" -name outbox)"
check "nothing is marked exported" \
	test "$(sqlite3 "$W2/terminal/spool/spool.db" 'SELECT count(*) FROM envelopes WHERE exported_at IS NOT NULL')" = 0
check "the audit chain holds" "$ADMIN" --config "$INI" verify-audit
printf 'stick-insert %s %s\nexpect-status EXPORT_OK\nexpect-text EXPORT_OK  1 sent, 0 confirmed\n' \
	"$TEST_TMP/pulled" "$STICK_SERIAL" >"$TEST_TMP/next.script"
check "after the pulled stick, the next plug-in starts cleanly" kiosk "$TEST_TMP/next.script"

# No mount within mount_timeout (the configured mount point is a plain folder here).
kiosk_usb_mount "$INI" "$TEST_TMP/not-mounted" 5
mkdir -p "$TEST_TMP/not-mounted"
# While the mount is awaited the kiosk wakes every 250 ms to look for it (the live loop sleeps otherwise).
printf 'stick-insert - %s\nexpect-wake 250\nwait 4000\nexpect-screen collect\nexpect-text Please wait.\nwait 1000\nexpect-status MOUNT_TIMEOUT\nexpect-text Nothing was lost.\n' \
	"$STICK_SERIAL" >"$TEST_TMP/timeout.script"
check "a stick whose mount never comes: MOUNT_TIMEOUT after mount_timeout" kiosk "$TEST_TMP/timeout.script"
check "MOUNT_TIMEOUT is audited" grep -q " collection status=MOUNT_TIMEOUT " "$AUDIT2"
