# The collection stick's mount for real (docs/image.md "USB"): FAT32 and exFAT images on real
# loop devices, identified by the real blkid, mounted by firmware/bin/prisma-stick-mount at the
# [usb] mount_point under /media and unmounted by it with the real umount; the options are read
# back from /proc/mounts and tried (no file on the stick runs, the kiosk's user owns it, nobody
# else gets in), and the kiosk, run as that user (nobody here), waits at the mount point, sees
# the mount the script makes and collects onto it. One stand-in: this machine's kernel has no
# vfat or exfat driver (the terminal's has), so `mount -t vfat|exfat -o OPTIONS` is handed to
# the FUSE drivers fusefat and exfat-fuse with the same options (plus what a kernel
# filesystem does by itself: allow_other,default_permissions, and the device as its name). udev and systemd do not run here: the udev rule and
# prisma-stick-mount@.service are not exercised, the script they start is.
# Needs root, /dev/fuse, loop devices, fusefat and exfat-fuse; prints "skip" without them.
. "$(dirname "$0")/../lib.sh"

SCRIPT="$ROOT/firmware/bin/prisma-stick-mount"
if [ "$(id -u)" -ne 0 ] || [ ! -c /dev/fuse ] || ! command -v fusefat >/dev/null ||
	! command -v mount.exfat-fuse >/dev/null || ! losetup -f >/dev/null 2>&1; then
	echo "skip stick_mount_real: needs root, /dev/fuse, a loop device, fusefat and exfat-fuse"
	exit 0
fi
if why=$(nobody_blocked); then
	echo "skip stick_mount_real: $why"
	exit 0
fi
POINT="/media/prisma-real-$$"
LOOPS=()
# settle DEVICE: the unmount is lazy; wait until the filesystem's driver has let go of DEVICE.
settle() {
	while [ -n "$(find /proc/[0-9]*/fd -lname "$1" 2>/dev/null | head -n 1)" ]; do sleep 0.05; done
}
cleanup() {
	grep -q " $POINT " /proc/mounts && umount -l "$POINT"
	for l in "${LOOPS[@]}"; do settle "$l" && losetup -d "$l"; done
	rmdir "$POINT" 2>/dev/null
}
trap cleanup EXIT
W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
make_world "$W"
kiosk_languages "$W"
kiosk_usb_mount "$INI" "$POINT" 20

# The stand-in for the kernel's drivers: mount -t TYPE -o OPTIONS DEVICE POINT.
# What a kernel filesystem does by itself: every user may look (the mode bits decide), and
# /proc/mounts names the device.
cat >"$TEST_TMP/fuse-mount" <<'SH'
#!/bin/sh
KERNEL_LIKE=allow_other,default_permissions
[ "$1" = -t ] && [ "$3" = -o ] || exit 2
case "$2" in
vfat) exec fusefat -o "rw+,$KERNEL_LIKE,fsname=$5,$4" "$5" "$6" >/dev/null 2>&1 ;;
exfat) exec mount.exfat-fuse -o "$KERNEL_LIKE,$4" "$5" "$6" >/dev/null 2>&1 ;;
esac
exit 2
SH
chmod +x "$TEST_TMP/fuse-mount"
stick() { # mount|unmount DEVICE: the image's script, for the kiosk user nobody
	PRISMA_CONFIG="$INI" PRISMA_MOUNT="$TEST_TMP/fuse-mount" PRISMA_KIOSK_USER=nobody "$SCRIPT" "$@" &&
		{ [ "$1" = mount ] || settle "$2"; }
}
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
options() { awk -v p="$POINT" '$2 == p { print $4 }' /proc/mounts; }

truncate -s 64M "$TEST_TMP/fat.img" "$TEST_TMP/exfat.img"
mkfs.fat -F 32 -n STICK "$TEST_TMP/fat.img" >/dev/null
mkfs.exfat -L STICK "$TEST_TMP/exfat.img" >/dev/null
FAT=$(losetup -f --show "$TEST_TMP/fat.img") && LOOPS+=("$FAT")
EXFAT=$(losetup -f --show "$TEST_TMP/exfat.img") && LOOPS+=("$EXFAT")

# The kiosk's world belongs to its user; the stick gets a token (the office did that).
chown -R nobody:nogroup "$W"
check "FAT32 on $FAT: mounted at the configured point" stick mount "$FAT"
opts=$(options)
for o in nosuid nodev noexec noatime; do
	check "FAT32: $o in /proc/mounts ($opts)" eval 'case ",$opts," in *",$o,"*) true ;; *) false ;; esac'
done
check "FAT32: the mount point belongs to the kiosk's user, mode 700" test "$(stat -c '%U %a' "$POINT")" = "nobody 700"
printf '#!/bin/sh\necho ran\n' >"$TEST_TMP/run.sh"
cp "$TEST_TMP/run.sh" "$POINT/run.sh"
check "FAT32: a program on the stick does not run (noexec), though FAT gives every file x" \
	eval '[ "$(stat -c %a "$POINT/run.sh")" = 700 ] && ! "$POINT/run.sh" 2>/dev/null'
rm "$POINT/run.sh"
check "FAT32: the kiosk's user writes there" as_nobody touch "$POINT/kiosk-was-here"
check "FAT32: another user cannot even list it" eval '! setpriv --reuid=daemon --regid=daemon --clear-groups ls "$POINT" 2>/dev/null'
rm -f "$POINT/kiosk-was-here"
fails_cleanly "FAT32: a second stick while one is mounted is refused" "has a stick mounted already" \
	stick mount "$EXFAT"
stick_token "$POINT" "$W/office/collection.key"
check "FAT32: unmounted by the script" eval 'stick unmount "$FAT" && [ -z "$(options)" ]'
check "FAT32: fsck.fat finds the stick clean" fsck.fat -n "$FAT"

# The kiosk, as its user, is told a stick arrived and waits for the mount; the script, as
# root like the image's mount service, mounts it when the kiosk's script says "plugged" (a
# FIFO handshake with a root helper, no timing); the kiosk then collects onto it.
mkfifo -m 666 "$TEST_TMP/plug" "$TEST_TMP/plugged"
printf '#!/bin/sh\necho "$1" >"%s"\nread -r rc <"%s"\nexit "$rc"\n' "$TEST_TMP/plug" "$TEST_TMP/plugged" >"$TEST_TMP/plug.sh"
chmod 755 "$TEST_TMP/plug.sh"
mounter() { # one mount, as root, when the kiosk's script asks
	local dev rc
	read -r dev <"$TEST_TMP/plug"
	stick mount "$dev"
	rc=$?
	echo "$rc" >"$TEST_TMP/plugged"
}
{ script_request REAL-MOUNT-CANARY && echo "tap finish"; } >"$TEST_TMP/submit.script"
collect_script() {
	cat <<SCRIPT
stick-insert - $STICK_SERIAL
expect-screen collect
expect-text Please wait. Do not pull the stick.
run $TEST_TMP/plug.sh $1
expect-status EXPORT_OK
expect-text EXPORT_OK  $2 sent, 0 confirmed
SCRIPT
}
collect_script "$FAT" 1 >"$TEST_TMP/collect.script"
check "the kiosk (as nobody) takes a request" \
	as_nobody "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/submit.script"
mounter &
check "the kiosk (as nobody) waits at $POINT, the script mounts the stick there, EXPORT_OK" \
	as_nobody "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/collect.script"
wait
check "the bundle is on the stick, owned by the kiosk's user" \
	eval '[ "$(stat -c %U "$POINT"/PRISMA/outbox/*.prb)" = nobody ]'
check "no plaintext on the stick" no_bytes_in "$POINT" REAL-MOUNT-CANARY
stick unmount "$FAT"
check "FAT32 after the collection: fsck.fat clean" fsck.fat -n "$FAT"

# exFAT: exfat-fuse keeps only nosuid and nodev of the four (the kernel's exfat keeps all).
check "exFAT on $EXFAT: mounted at the configured point" stick mount "$EXFAT"
opts=$(options)
for o in nosuid nodev; do
	check "exFAT: $o in /proc/mounts ($opts)" eval 'case ",$opts," in *",$o,"*) true ;; *) false ;; esac'
done
check "exFAT: the mount point belongs to the kiosk's user, mode 700" test "$(stat -c '%U %a' "$POINT")" = "nobody 700"
stick_token "$POINT" "$W/office/collection.key"
stick unmount "$EXFAT"
collect_script "$EXFAT" 1 >"$TEST_TMP/collect.script"
mounter &
check "exFAT: the kiosk (as nobody) waits, the script mounts it, EXPORT_OK" \
	as_nobody "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/collect.script"
wait
stick unmount "$EXFAT"
check "exFAT after the collection: unmounted, fsck.exfat clean" eval '[ -z "$(options)" ] && fsck.exfat -n "$EXFAT" >/dev/null'
