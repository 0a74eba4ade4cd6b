#!/bin/bash
# firmware/image/assemble.sh OUT BOARD IMAGE: the disk image from the root filesystem in OUT/root
# (tools/make-image.sh). No loop devices, no mounts: mkfs.vfat + mcopy and mkfs.ext4 -d make each
# filesystem in a file, sfdisk the GPT, dd puts them in place. Fixed UUIDs, volume ids, hash
# seeds and file times (SOURCE_DATE_EPOCH), so the same root gives the same bytes.
set -euo pipefail
OUT=$1
BOARD=$2
IMG=$3
ROOT_FS="$OUT/root"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
: "${SOURCE_DATE_EPOCH:?}"
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH

# Sizes in MiB. The root leaves room for updates to grow; data is grown on the device later.
AUTOBOOT_MB=32 BOOT_MB=128 ROOTFS_MB=1536 DATA_MB=256

# Boot files: firmware, kernel, initramfs, device trees, board settings.
B="$OUT/boot-files"
rm -rf "$B"
mkdir -p "$B"
cp "$ROOT_FS"/usr/lib/raspi-firmware/* "$B/"
kernel=$(cd "$ROOT_FS/boot" && ls vmlinuz-* | sort -V | tail -n 1)
cp "$ROOT_FS/boot/$kernel" "$B/vmlinuz"
cp "$ROOT_FS/boot/initrd.img-${kernel#vmlinuz-}" "$B/initrd.img"
cp "$ROOT_FS"/usr/lib/linux-image-"${kernel#vmlinuz-}"/broadcom/bcm271[12]-rpi-*.dtb "$B/"
cp "$REPO/board/$BOARD/config.txt" "$REPO/board/$BOARD/cmdline.txt" "$B/"
find "$B" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# fat FILE MB LABEL ID DIR: a FAT filesystem in FILE holding DIR's files (FAT16 when small).
fat() {
	local bits=32
	[ "$2" -ge 64 ] || bits=16
	rm -f "$1"
	mkfs.vfat -C -F $bits -n "$3" -i "$4" --invariant "$1" $(($2 * 1024)) >/dev/null
	[ -z "$5" ] || mcopy -i "$1" -s -m -p "$5"/* ::/
}
# ext4 FILE MB LABEL UUID DIR: an ext4 filesystem in FILE made from DIR (or empty).
ext4() {
	rm -f "$1"
	mkfs.ext4 -q -F -L "$3" -U "$4" -E "hash_seed=$4,root_owner=0:0" -T default \
		${5:+-d "$5"} "$1" "$2M"
	[ -z "$5" ] || ext4_times "$1" "$5"
}
# ext4_times FILE DIR: the atime and ctime of every file from DIR in the ext4 FILE set to
# SOURCE_DATE_EPOCH. mkfs.ext4 -d copies them from DIR, where ctime is when tar unpacked the root
# (no program can set it): two make image runs from the same inputs differed only there. mtime
# (from the tarball) and crtime (E2FSPROGS_FAKE_TIME) are fixed already.
ext4_times() {
	local script="$1.times" out bad
	bad=$(cd "$2" && find . -name '*"*' -o -name $'*\n*' | head -n 1)
	[ -z "$bad" ] || { echo "assemble: $2/$bad: a name debugfs cannot be given" >&2; exit 1; }
	(cd "$2" && find . -mindepth 1 -printf '%P\n' | awk -v t="@$SOURCE_DATE_EPOCH" '
		BEGIN { printf "sif / atime %s\nsif / ctime %s\n", t, t }
		{ printf "sif \"/%s\" atime %s\nsif \"/%s\" ctime %s\n", $0, t, $0, t }') >"$script"
	out=$(debugfs -w -f "$script" "$1" 2>&1 | grep -v '^debugfs: sif \|^debugfs [0-9]' || true)
	rm -f "$script"
	[ -z "$out" ] || { echo "assemble: $1: setting file times: $(echo "$out" | head -n 1)" >&2; exit 1; }
}
mkdir -p "$OUT/autoboot-files"
cp "$REPO/board/$BOARD/autoboot.txt" "$OUT/autoboot-files/"
touch -d "@$SOURCE_DATE_EPOCH" "$OUT/autoboot-files/autoboot.txt"
fat "$OUT/autoboot.vfat" $AUTOBOOT_MB AUTOBOOT 0x50524900 "$OUT/autoboot-files"
fat "$OUT/boot.vfat" $BOOT_MB BOOT 0x50524901 "$B"
ext4 "$OUT/root.ext4" $ROOTFS_MB root 7072696d-6100-4000-8000-000000000003 "$ROOT_FS"
ext4 "$OUT/data.ext4" $DATA_MB data 7072696d-6100-4000-8000-000000000005 ""

# The GPT: autoboot, boot-a, boot-b, root-a, root-b, data; partitions by label (PARTLABEL=).
rm -f "$IMG"
total=$((1 + AUTOBOOT_MB + 2 * BOOT_MB + 2 * ROOTFS_MB + DATA_MB + 1))
truncate -s "${total}M" "$IMG"
sfdisk --quiet "$IMG" <<EOF
label: gpt
label-id: 7072696D-6100-4000-8000-000000000000
unit: sectors
first-lba: 2048
start=2048, size=$((AUTOBOOT_MB * 2048)), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=autoboot, uuid=7072696D-6100-4000-8000-000000000010
size=$((BOOT_MB * 2048)), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=boot-a, uuid=7072696D-6100-4000-8000-000000000011
size=$((BOOT_MB * 2048)), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=boot-b, uuid=7072696D-6100-4000-8000-000000000012
size=$((ROOTFS_MB * 2048)), type=B921B045-1DF0-41C3-AF44-4C6F280D3FAE, name=root-a, uuid=7072696D-6100-4000-8000-000000000013
size=$((ROOTFS_MB * 2048)), type=B921B045-1DF0-41C3-AF44-4C6F280D3FAE, name=root-b, uuid=7072696D-6100-4000-8000-000000000014
size=$((DATA_MB * 2048)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=data, uuid=7072696D-6100-4000-8000-000000000015
EOF
# put N FILE: FILE into partition N at its start sector.
put() {
	local start
	start=$(sfdisk --json "$IMG" | jq ".partitiontable.partitions[$(($1 - 1))].start")
	dd if="$2" of="$IMG" bs=512 seek="$start" conv=notrunc,sparse status=none
}
put 1 "$OUT/autoboot.vfat"
put 2 "$OUT/boot.vfat"
sed 's/root=PARTLABEL=root-a rauc.slot=A /root=PARTLABEL=root-b rauc.slot=B /' "$B/cmdline.txt" >"$OUT/cmdline-b.txt"
touch -d "@$SOURCE_DATE_EPOCH" "$OUT/cmdline-b.txt"
cp "$OUT/boot.vfat" "$OUT/boot-b.vfat"
mcopy -o -m -i "$OUT/boot-b.vfat" "$OUT/cmdline-b.txt" ::/cmdline.txt
put 3 "$OUT/boot-b.vfat"
put 4 "$OUT/root.ext4"
put 5 "$OUT/root.ext4"
put 6 "$OUT/data.ext4"
rm -f "$OUT/boot-b.vfat" "$OUT/cmdline-b.txt"
