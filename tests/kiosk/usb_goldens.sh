# The USB overlay in every state, compared exactly with
# tests/kiosk/golden/collect-STATE-LANG-SIZE.png: while it works (over an inmate's form in
# progress, which it neither shows nor loses) and each of the ten statuses, in en at 1024x600
# (the pictures in docs/collect-usb.md), and in de and ar (right to left) at
# 800x480 and in portrait at 720x1280, each size on its panel. Every status is reached for
# real: RECEIPTS_APPLIED is the good stick again after the office imported it,
# CLEANUP_ERROR a stick whose outbox holds a folder named like our temporary file (it cannot
# be removed), WRITE_ERROR a stick whose outbox is a file, DISK_FULL a full tmpfs (as root;
# otherwise that picture is skipped, and usb_filesystems.sh checks its text on exFAT).
# `make goldens` (GOLDEN_UPDATE=1) rewrites them; look at each before committing.
. "$(dirname "$0")/../lib.sh"

GOLDEN="$ROOT/tests/kiosk/golden"
COMPARE="$BUILD/tests/golden_compare"
make_world "$TEST_TMP/pristine"
kiosk_languages "$TEST_TMP/pristine" en,de,ar
kiosk_usb_mount "$TEST_TMP/pristine/terminal/terminal.ini" "$TEST_TMP/not-mounted" 5
KEY="$TEST_TMP/pristine/office/collection.key"
mkdir -p "$TEST_TMP/not-mounted"
FULL=""
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TEST_TMP/full"
	if mount -t tmpfs -o size=256k,nr_inodes=64 prisma-full "$TEST_TMP/full" 2>/dev/null; then
		FULL="$TEST_TMP/full"
		trap 'umount "$FULL"' EXIT
	fi
fi
[ -n "$FULL" ] || echo "skip golden collect-disk-full: needs root to mount a small tmpfs"

# sticks: fresh each run (the spool purges what the office confirmed).
sticks() {
	local s
	rm -rf "$TEST_TMP/sticks" "$TEST_TMP/office.db"
	mkdir -p "$TEST_TMP/sticks/blank" "$TEST_TMP/sticks/expired/PRISMA"
	for s in good two pulled fileoutbox cleanup; do
		stick_token "$TEST_TMP/sticks/$s" "$KEY"
	done
	stick_token_expired "$TEST_TMP/sticks/expired" "$KEY"
	printf 'x' >"$TEST_TMP/sticks/fileoutbox/PRISMA/outbox"
	mkdir -p "$TEST_TMP/sticks/cleanup/PRISMA/outbox/demo-wing-a-01-20261128T101010Z-1-1.prb.tmp-x"
	if [ -n "$FULL" ]; then
		rm -rf "${FULL:?}"/*
		stick_token "$FULL" "$KEY"
		mkdir -p "$FULL/PRISMA/outbox"
		dd if=/dev/zero of="$FULL/filler" bs=4k >/dev/null 2>&1
	fi
}

S="$TEST_TMP/sticks"
cat >"$TEST_TMP/goldens.script" <<SCRIPT
$(script_request GOLDEN-CANARY)
tap finish
$(script_to_message)
type FORM-IN-PROGRESS
stick-insert $S/good $STICK_SERIAL
screenshot collect-busy
expect-status EXPORT_OK
expect-no-text FORM-IN-PROGRESS
screenshot collect-export-ok
stick-remove
expect-text FORM-IN-PROGRESS
stick-insert $S/cleanup $STICK_SERIAL
expect-status CLEANUP_ERROR
screenshot collect-cleanup-error
stick-remove
tap collect.close
$([ -n "$FULL" ] && printf 'stick-insert %s %s\nexpect-status DISK_FULL\nscreenshot collect-disk-full\nstick-remove\ntap collect.close\n' "$FULL" "$STICK_SERIAL")
run $COLLECT --db $TEST_TMP/office.db import $S/good --collection-key $KEY
stick-insert $S/good $STICK_SERIAL
expect-status RECEIPTS_APPLIED
screenshot collect-receipts-applied
stick-remove
stick-insert $S/blank $STICK_SERIAL
expect-status NOT_AUTHORIZED
screenshot collect-not-authorized
stick-remove
tap collect.close
stick-insert $S/expired $STICK_SERIAL
expect-status TOKEN_EXPIRED
screenshot collect-token-expired
stick-remove
tap collect.close
stick-insert $S/good $STICK_SERIAL
stick-insert $S/two $STICK_SERIAL
expect-status MULTIPLE_DEVICES
screenshot collect-multiple-devices
stick-remove
stick-remove
tap collect.close
stick-insert $S/pulled $STICK_SERIAL
stick-remove
expect-status DEVICE_REMOVED
screenshot collect-device-removed
tap collect.close
stick-insert $S/fileoutbox $STICK_SERIAL
expect-status WRITE_ERROR
screenshot collect-write-error
stick-remove
tap collect.close
stick-insert - $STICK_SERIAL
wait 5000
expect-status MOUNT_TIMEOUT
screenshot collect-mount-timeout
tap collect.close
expect-screen details
expect-text FORM-IN-PROGRESS
SCRIPT

# run LANG SIZE: the script on a fresh world with SIZE's panel, every picture compared.
run() {
	local lang=$1 size=$2 shots="$TEST_TMP/$1-$2" png name out
	rm -rf "$TEST_TMP/world"
	cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
	sed -i "s/^\[terminal\]$/[terminal]\ndisplay_mm = $(kiosk_panel "$size")/" "$TEST_TMP/world/terminal/terminal.ini"
	sticks
	if ! "$KIOSK" --config "$TEST_TMP/world/terminal/terminal.ini" --headless --size "$size" --lang "$lang" \
		--script "$TEST_TMP/goldens.script" --screenshot-dir "$shots"; then
		not_ok "usb goldens script in $lang at $size"
		return
	fi
	for png in "$shots"/collect-*.png; do
		name="$(basename "$png" .png)-$lang-$size.png"
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
}

run en 1024x600
for lang in de ar; do
	for size in 800x480 720x1280; do
		run "$lang" "$size"
	done
done
