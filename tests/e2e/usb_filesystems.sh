# Collection by USB stick onto real stick file systems, through the kiosk's
# own path (stick-insert MOUNT SERIAL): exFAT (exfat-fuse) and FAT32 (fusefat:
# the kernel here has no vfat), each checked by its fsck afterwards and read by
# the office; a stick too small (DISK_FULL), one that fails half-way
# (WRITE_ERROR, on cutfs) and one pulled (its FUSE server killed:
# DEVICE_REMOVED) leave the spool unchanged, and the next plug-in starts clean.
# Needs root and /dev/fuse; prints "skip" without them.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ] || [ ! -c /dev/fuse ]; then
	echo "skip usb_filesystems: needs root and /dev/fuse"
	exit 0
fi
W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
KEY="$W/office/collection.key"
SPOOL="$W/terminal/spool/spool.db"
SERIAL=4C530001230915116142
make_world "$W"
sed -i 's/^languages = .*/languages = en,de/' "$INI"
soon=$(date -u -d '+30 days' +%F)
MOUNTS=()
cleanup() { for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done; }
trap cleanup EXIT

spool_state() { sqlite3 "$SPOOL" 'SELECT counter, exported_at IS NULL, acknowledged_at IS NULL FROM envelopes ORDER BY counter'; }
# collect MOUNT STATUS [TEXT]: the kiosk collects from the stick mounted at MOUNT.
collect() {
	printf 'stick-insert %s %s\nexpect-status %s\n%s' "$1" "$SERIAL" "$2" "${3:+expect-text $3
}" >"$TEST_TMP/collect.script"
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/collect.script" 2>>"$TEST_TMP/kiosk.err"
}
submit() {
	printf 'tap start\ntap service.parenting\ntap next\ntap contact.code\ntap next\ntap field.message\ntype %s\ntap next\ntap consent\ntap submit\nexpect-screen done\n' "$1" >"$TEST_TMP/submit.script"
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/submit.script"
}
token() { "$COLLECT" token --serial "$SERIAL" --expires "$soon" --collection-key "$KEY" --out "$1" >/dev/null; }

check "the kiosk takes two requests" eval 'submit FS-CANARY-1 && submit FS-CANARY-2'

# exFAT, the file system of most sticks.
mkdir -p "$TEST_TMP/exfat"
truncate -s 64M "$TEST_TMP/exfat.img"
mkfs.exfat -L STICK "$TEST_TMP/exfat.img" >/dev/null
# exfat-fuse wants a block device: the image on a loop device.
LOOP=""
trap 'cleanup; [ -z "$LOOP" ] || losetup -d "$LOOP"' EXIT
if LOOP=$(losetup -f --show "$TEST_TMP/exfat.img") && mount.exfat-fuse "$LOOP" "$TEST_TMP/exfat" >/dev/null 2>&1; then
	MOUNTS+=("$TEST_TMP/exfat")
	token "$TEST_TMP/exfat"
	check "exFAT: EXPORT_OK with both requests" collect "$TEST_TMP/exfat" EXPORT_OK "EXPORT_OK  2 sent, 0 confirmed"
	umount "$TEST_TMP/exfat"
	check "exFAT: the file system is clean afterwards (fsck.exfat)" fsck.exfat -n "$LOOP"
	mount.exfat-fuse "$LOOP" "$TEST_TMP/exfat" >/dev/null 2>&1
	office_trust "$TEST_TMP/office.db" "$W"
	check "exFAT: the office reads both after a replug" eval \
		'"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/exfat" | grep -q "imported 2 new"'
	check "exFAT: no plaintext on the stick" no_bytes_in "$TEST_TMP/exfat" FS-CANARY
	umount "$TEST_TMP/exfat"
else
	not_ok "exFAT: mount.exfat-fuse mounts the image"
fi

# FAT32 (mkfs.fat), mounted with fusefat: this kernel has no vfat driver.
mkdir -p "$TEST_TMP/fat"
truncate -s 64M "$TEST_TMP/fat.img"
mkfs.fat -F 32 -n STICK "$TEST_TMP/fat.img" >/dev/null
if command -v fusefat >/dev/null && fusefat -o rw+ "$TEST_TMP/fat.img" "$TEST_TMP/fat" >/dev/null 2>&1; then
	MOUNTS+=("$TEST_TMP/fat")
	token "$TEST_TMP/fat"
	check "FAT32: EXPORT_OK again (nothing acknowledged yet)" collect "$TEST_TMP/fat" EXPORT_OK "EXPORT_OK  2 sent, 0 confirmed"
	umount "$TEST_TMP/fat"
	check "FAT32: the file system is clean afterwards (fsck.fat)" fsck.fat -n "$TEST_TMP/fat.img"
	fusefat -o rw+ "$TEST_TMP/fat.img" "$TEST_TMP/fat" >/dev/null 2>&1
	check "FAT32: one complete bundle, no temporary file" \
		test "$(ls "$TEST_TMP/fat/PRISMA/outbox" | grep -c '\.prb$')/$(ls "$TEST_TMP/fat/PRISMA/outbox" | wc -l)" = 1/1
	check "FAT32: the office knows both already" eval \
		'"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/fat" | grep -q "0 new request(s), 2 already known"'
	umount "$TEST_TMP/fat"
else
	echo "skip FAT32: fusefat cannot mount here"
fi
