# Export to a real stick filesystem: an exFAT image on a loop device, mounted
# with exfat-fuse (the kernel here has no FAT driver). exFAT has no hard links
# and no RENAME_NOREPLACE, so this is the path most sticks take.
# Needs root, a loop device and FUSE; prints "skip" without them.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
IMG="$TEST_TMP/stick.img"
MNT="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
make_world "$W"

if ! command -v mount.exfat-fuse >/dev/null || [ ! -e /dev/fuse ] || ! LOOP=$(losetup -f 2>/dev/null); then
	echo "skip stick_exfat: needs exfat-fuse, /dev/fuse and a loop device"
	exit 0
fi
truncate -s 64M "$IMG"
mkfs.exfat -L PRISMA "$IMG" >/dev/null
LOOP=$(losetup -f --show "$IMG")
mkdir -p "$MNT"
cleanup() { umount "$MNT" 2>/dev/null; losetup -d "$LOOP" 2>/dev/null; }
trap cleanup EXIT
mount.exfat-fuse "$LOOP" "$MNT" >/dev/null 2>&1 || { not_ok "mount the exFAT stick"; exit 0; }

script_request "STICK-CANARY bitte um Rückruf" >"$TEST_TMP/anon.script"
check "kiosk submits an anonymous request" \
	"$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/anon.script"
check "export to the exFAT stick" "$ADMIN" --config "$W/terminal/terminal.ini" export --to "$MNT"
check "one bundle on the stick, no temporary file" \
	test "$(ls "$MNT/PRISMA/outbox")" = "$(ls "$MNT/PRISMA/outbox" | grep '\.prb$')"
check "no plaintext on the stick" no_bytes_in "$MNT" "STICK-CANARY"

umount "$MNT" && mount.exfat-fuse "$LOOP" "$MNT" >/dev/null 2>&1
check "the bundle is still there after the stick was unplugged" test -n "$(ls "$MNT/PRISMA/outbox/"*.prb)"
office_trust "$DB" "$W"
check "office imports from the stick" "$COLLECT" --db "$DB" import "$MNT"
json=$("$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json)
check "the request arrives anonymous and whole" \
	test "$(jq -r '.[0].contact.mode + " " + .[0].message' <<<"$json")" = "code STICK-CANARY bitte um Rückruf"
