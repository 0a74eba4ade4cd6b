# The USB overlay in each state the scripts can reach, compared exactly with
# tests/kiosk/golden/collect-*-SIZE.png at 1024x600 and 800x480; RECEIPTS_APPLIED is
# the good stick again after the office imported it and wrote receipts (DISK_FULL
# needs a full file system: usb_filesystems.sh checks its text). `make goldens`
# (GOLDEN_UPDATE=1) rewrites them; look at each before committing. The
# pictures in docs/collect-usb.md are the 1024x600 ones.
. "$(dirname "$0")/../lib.sh"

GOLDEN="$ROOT/tests/kiosk/golden"
COMPARE="$BUILD/tests/golden_compare"
W="$TEST_TMP/world"
SERIAL=4C530001230915116142
make_world "$W"
INI="$W/terminal/terminal.ini"
KEY="$W/office/collection.key"
sed -i 's/^languages = .*/languages = en,de/' "$INI"
sed -i 's|^\[collection\]|[usb]\nmount_point = '"$TEST_TMP"'/not-mounted\nmount_timeout = 5\n\n[collection]|' "$INI"
mkdir -p "$TEST_TMP/not-mounted" "$TEST_TMP/blank" "$TEST_TMP/expired/PRISMA" "$TEST_TMP/fileoutbox/PRISMA"
soon=$(date -u -d '+30 days' +%F)
now=$(date -u +%s)
for s in good two pulled fileoutbox; do
	"$COLLECT" token --serial "$SERIAL" --expires "$soon" --collection-key "$KEY" --out "$TEST_TMP/$s" >/dev/null
done
"$BUILD/tools/make_token" "$KEY" "$SERIAL" $((now - 90 * 86400)) $((now - 86400)) "$TEST_TMP/expired/PRISMA/token"
printf 'x' >"$TEST_TMP/fileoutbox/PRISMA/outbox"

cat >"$TEST_TMP/goldens.script" <<SCRIPT
tap start
tap service.parenting
tap next
tap contact.code
tap next
tap field.message
type GOLDEN-CANARY
tap next
tap consent
tap submit
expect-screen done
tap finish
stick-insert $TEST_TMP/good $SERIAL
screenshot collect-busy
expect-status EXPORT_OK
screenshot collect-export-ok
stick-remove
run $COLLECT --db $TEST_TMP/office.db import $TEST_TMP/good --collection-key $KEY
stick-insert $TEST_TMP/good $SERIAL
expect-status RECEIPTS_APPLIED
screenshot collect-receipts-applied
stick-remove
stick-insert $TEST_TMP/blank $SERIAL
expect-status NOT_AUTHORIZED
screenshot collect-not-authorized
stick-remove
tap collect.close
stick-insert $TEST_TMP/expired $SERIAL
expect-status TOKEN_EXPIRED
screenshot collect-token-expired
stick-remove
tap collect.close
stick-insert $TEST_TMP/good $SERIAL
stick-insert $TEST_TMP/two $SERIAL
expect-status MULTIPLE_DEVICES
screenshot collect-multiple-devices
stick-remove
stick-remove
tap collect.close
stick-insert $TEST_TMP/pulled $SERIAL
stick-remove
expect-status DEVICE_REMOVED
screenshot collect-device-removed
tap collect.close
stick-insert $TEST_TMP/fileoutbox $SERIAL
expect-status WRITE_ERROR
screenshot collect-write-error
stick-remove
tap collect.close
stick-insert - $SERIAL
wait 5000
expect-status MOUNT_TIMEOUT
screenshot collect-mount-timeout
SCRIPT

for size in 1024x600 800x480; do
	shots="$TEST_TMP/$size"
	# each size starts with a fresh office and an empty stick (the spool purged the last one)
	rm -rf "$TEST_TMP/office.db" "$TEST_TMP/good/PRISMA/outbox" "$TEST_TMP/good/PRISMA/receipts"
	if ! "$KIOSK" --config "$INI" --headless --size "$size" --script "$TEST_TMP/goldens.script" \
		--screenshot-dir "$shots"; then
		not_ok "usb goldens script at $size"
		continue
	fi
	for png in "$shots"/collect-*.png; do
		name="$(basename "$png" .png)-$size.png"
		if [ -n "${GOLDEN_UPDATE:-}" ]; then
			cp "$png" "$GOLDEN/$name" && echo "updated $GOLDEN/$name"
		elif [ ! -f "$GOLDEN/$name" ]; then
			not_ok "golden $name" "no reference picture (make goldens, then look at it)"
		elif out=$("$COMPARE" "$GOLDEN/$name" "$png" "$TEST_TMP/diff-$name"); then
			ok "golden $name"
		else
			not_ok "golden $name" "$out"
		fi
	done
done
