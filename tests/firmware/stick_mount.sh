# The collection stick's mount rule (firmware/bin/prisma-stick-mount, docs/image.md "USB"): a
# FAT or exFAT stick goes to [usb] mount_point of terminal.ini with nosuid,nodev,noexec,noatime
# and the kiosk's ownership, nothing else; other filesystems, a second stick and a mount point
# outside /media/ are refused with one line. blkid reads real filesystem images; mount is
# replaced by a recorder, because this machine's kernel mounts no FAT (the image boot does).
. "$(dirname "$0")/../lib.sh"

SCRIPT="$ROOT/firmware/bin/prisma-stick-mount"
if ! command -v blkid >/dev/null || ! command -v mkfs.vfat >/dev/null || [ "$(id -u)" -ne 0 ]; then
	echo "skip stick_mount: needs root, blkid and mkfs.vfat"
	exit 0
fi
POINT="/media/prisma-test-$$"
trap 'rm -rf "$POINT"' EXIT
truncate -s 8M "$TEST_TMP/fat.img" "$TEST_TMP/ext4.img"
mkfs.vfat "$TEST_TMP/fat.img" >/dev/null
mkfs.exfat "$TEST_TMP/exfat.img" >/dev/null 2>&1 ||
	{ truncate -s 8M "$TEST_TMP/exfat.img" && mkfs.exfat "$TEST_TMP/exfat.img" >/dev/null; }
mkfs.ext4 -q "$TEST_TMP/ext4.img"
printf '#!/bin/sh\necho "$@" >>"%s"\n' "$TEST_TMP/mounts" >"$TEST_TMP/fake-mount"
chmod +x "$TEST_TMP/fake-mount"
cat >"$TEST_TMP/terminal.ini" <<INI
[terminal]
id = test ; not read here
[usb]
mount_point = $POINT   ; where the stick goes
mount_timeout = 20
INI
run() {
	PRISMA_CONFIG="$TEST_TMP/terminal.ini" PRISMA_MOUNT="$TEST_TMP/fake-mount" \
		PRISMA_UMOUNT="$TEST_TMP/fake-mount" PRISMA_KIOSK_USER=nobody "$SCRIPT" "$@"
}
uid=$(id -u nobody)
gid=$(id -g nobody)
opts="nosuid,nodev,noexec,noatime,uid=$uid,gid=$gid,umask=0077"

: >"$TEST_TMP/mounts"
if run mount "$TEST_TMP/fat.img" && [ -d "$POINT" ] &&
	[ "$(cat "$TEST_TMP/mounts")" = "-t vfat -o $opts $TEST_TMP/fat.img $POINT" ]; then
	ok "stick mount: FAT at the configured point with exactly $opts"
else
	not_ok "stick mount: FAT" "mounted: $(cat "$TEST_TMP/mounts")"
fi
: >"$TEST_TMP/mounts"
if run mount "$TEST_TMP/exfat.img" &&
	[ "$(cat "$TEST_TMP/mounts")" = "-t exfat -o $opts $TEST_TMP/exfat.img $POINT" ]; then
	ok "stick mount: exFAT likewise"
else
	not_ok "stick mount: exFAT" "mounted: $(cat "$TEST_TMP/mounts")"
fi

: >"$TEST_TMP/mounts"
fails_cleanly "stick mount: ext4 refused" "ext4.img: filesystem 'ext4' is not FAT or exFAT" \
	run mount "$TEST_TMP/ext4.img"
fails_cleanly "stick mount: no filesystem refused" "mounts: no filesystem" \
	run mount "$TEST_TMP/mounts"
for bad in /mnt/stick /media/../etc "/media/a b" /media/x/./y relative; do
	sed -i "s|^mount_point = .*|mount_point = $bad|" "$TEST_TMP/terminal.ini"
	fails_cleanly "stick mount: mount_point '$bad' refused" "\\[usb\\] mount_point" \
		run mount "$TEST_TMP/fat.img"
done
check "stick mount: nothing mounted by a refusal" test ! -s "$TEST_TMP/mounts"

# No [usb] section: the kiosk's default, /media/prisma-stick (only what would be mounted).
printf '[terminal]\nid = t\n' >"$TEST_TMP/terminal.ini"
PRISMA_CONFIG="$TEST_TMP/terminal.ini" PRISMA_MOUNT="$TEST_TMP/fake-mount" \
	PRISMA_KIOSK_USER=nobody "$SCRIPT" mount "$TEST_TMP/fat.img" 2>/dev/null
check "stick mount: default point /media/prisma-stick" \
	grep -qx -- "-t vfat -o $opts $TEST_TMP/fat.img /media/prisma-stick" "$TEST_TMP/mounts"
rmdir /media/prisma-stick 2>/dev/null

# Something mounted at the point already: a second stick is refused (a tmpfs stands for it).
if mkdir -p "$POINT" && mount -t tmpfs -o size=1M none "$POINT" 2>/dev/null; then
	printf '[usb]\nmount_point = %s\n' "$POINT" >"$TEST_TMP/terminal.ini"
	fails_cleanly "stick mount: second stick refused" "has a stick mounted already" \
		run mount "$TEST_TMP/fat.img"
	umount "$POINT"
else
	echo "skip stick mount: second stick (cannot mount a tmpfs here)"
fi
