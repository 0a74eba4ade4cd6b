# The disk image from a root filesystem (firmware/image/assemble.sh, docs/image.md "Same inputs,
# same image?"), on a small fake root: every file time in the root partition is
# SOURCE_DATE_EPOCH, ctime and atime included (mkfs.ext4 -d copies them from the unpacked root,
# where ctime is the unpacking's time: two make image runs differed only there), and two roots
# with the same files unpacked at different times give the same image bytes.
. "$(dirname "$0")/../lib.sh"

for tool in mkfs.vfat mcopy mkfs.ext4 debugfs sfdisk jq; do
	if ! command -v "$tool" >/dev/null; then
		echo "skip assemble: no $tool (tools/deps.sh image installs it)"
		exit 0
	fi
done
export SOURCE_DATE_EPOCH=1000000000 # 0x3b9aca00, long before any file here was made
fake_root() { # fake_root DIR: what assemble.sh takes from a root, and a few files
	local r=$1
	mkdir -p "$r/usr/lib/raspi-firmware" "$r/boot" "$r/etc" \
		"$r/usr/lib/linux-image-6.1.0-test/broadcom"
	echo firmware >"$r/usr/lib/raspi-firmware/start4.elf"
	echo kernel >"$r/boot/vmlinuz-6.1.0-test"
	echo initramfs >"$r/boot/initrd.img-6.1.0-test"
	echo dtb >"$r/usr/lib/linux-image-6.1.0-test/broadcom/bcm2711-rpi-4-b.dtb"
	printf 'VERSION=0.1.0\n' >"$r/etc/prisma-release"
	echo voice >"$r/etc/a name with spaces"
	find "$r" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} + # as tar leaves the mtimes
}
fake_root "$TEST_TMP/one/root"
assemble() { "$ROOT/firmware/image/assemble.sh" "$TEST_TMP/$1" rpi4 "$TEST_TMP/$1/disk.img" >/dev/null; }
check "assemble: an image from the fake root" assemble one
times_fixed() { # every file's ctime and atime in root.ext4 is SOURCE_DATE_EPOCH
	local f got
	for f in / /etc /etc/prisma-release "/etc/a name with spaces" /boot/vmlinuz-6.1.0-test \
		/usr/lib/raspi-firmware; do
		got=$(debugfs -R "stat \"$f\"" "$TEST_TMP/one/root.ext4" 2>/dev/null |
			sed -n 's/^ *\(ctime\|atime\|mtime\|crtime\): 0x\([0-9a-f]*\):.*/\1=\2/p' | sort | tr '\n' ' ')
		[ "$got" = "atime=3b9aca00 crtime=3b9aca00 ctime=3b9aca00 mtime=3b9aca00 " ] ||
			{ echo "$f: $got" >&2; return 1; }
	done
}
check "assemble: every file time in the root partition is SOURCE_DATE_EPOCH" times_fixed
mkdir -p "$TEST_TMP/two"
cp -a "$TEST_TMP/one/root" "$TEST_TMP/two/root" # the same files, other ctimes
check "assemble: a second image from a copy of the root" assemble two
check "assemble: the same root gives the same image bytes" \
	cmp -s "$TEST_TMP/one/disk.img" "$TEST_TMP/two/disk.img"
