#!/bin/bash
# tools/make-image.sh: the terminal's disk image (docs/image.md, "The image"), as root:
#
#   1. the root filesystem by mmdebstrap from Debian bookworm arm64: only what the terminal needs
#      (firmware/image/packages) plus build/deb/prisma-terminal_VERSION_arm64.deb, with
#      firmware/rootfs/ over it, the RAUC configuration, the masked units, the kiosk enabled;
#   2. the boot files from Debian's packages: the Pi firmware (raspi-firmware), the kernel and
#      initramfs (linux-image-arm64), the device trees, board/BOARD/ settings;
#   3. a GPT disk: autoboot (FAT: autoboot.txt), boot-a and boot-b (FAT), root-a and root-b
#      (ext4, mounted read-only; root-b starts as a copy of root-a), data (ext4: spool, keys,
#      audit log, RAUC state), with fixed identifiers and file times.
#
# Output in build/image/: prisma-terminal-VERSION-BOARD.img, root.ext4 and boot.vfat (what an
# update bundle carries, `make bundle`), packages.txt (every package and version in the root),
# rootfs.tar. BOARD=rpi4 (default) or rpi5. IMAGE_MIRROR sets the Debian mirror (for the same
# bytes twice: a snapshot.debian.org URL). The project's .deb is copied into the root and
# installed there by apt (a local .deb given to --include would have to be reachable from inside
# the chroot, where dpkg runs). binfmt_misc is mounted and qemu-aarch64 registered
# when this machine cannot run arm64 programs yet (mmdebstrap runs the maintainer scripts).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BOARD=${BOARD:-rpi4}
MIRROR=${IMAGE_MIRROR:-http://deb.debian.org/debian}
OUT=build/image
VERSION=$(dpkg-parsechangelog -l firmware/deb/changelog -S Version)
DEB="$ROOT/build/deb/prisma-terminal_${VERSION}_arm64.deb"
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l firmware/deb/changelog -S Timestamp)
export SOURCE_DATE_EPOCH
IMG="$OUT/prisma-terminal-$VERSION-$BOARD.img"

fail() {
	echo "make image: $*" >&2
	exit 1
}
[ "$(id -u)" -eq 0 ] || fail "run as root (mmdebstrap, binfmt, file ownership in the root)"
[ -d "board/$BOARD" ] || fail "board/$BOARD: no such board (rpi4, rpi5)"
[ -f "$DEB" ] || fail "$DEB: missing; run make deb DEB_ARCH=arm64 first"

# mmdebstrap runs arm64 maintainer scripts: qemu through binfmt_misc.
if ! arch-test arm64 >/dev/null 2>&1; then
	mountpoint -q /proc/sys/fs/binfmt_misc ||
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
	if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
		sed 's|:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:|:/usr/bin/qemu-aarch64-static:|' \
			/usr/lib/binfmt.d/qemu-aarch64.conf >/proc/sys/fs/binfmt_misc/register
	fi
	arch-test arm64 >/dev/null || fail "cannot run arm64 programs even with qemu-aarch64 registered"
fi

mkdir -p "$OUT"
rm -rf "$OUT/root" "$OUT/boot-files"
packages=$(grep -v '^#' firmware/image/packages | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
mmdebstrap --arch=arm64 --variant=minbase --mode=root --format=tar \
	--include="$packages" \
	--aptopt='Acquire::Languages "none"' --dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--essential-hook="\"$ROOT/firmware/image/initramfs.sh\" hold \"\$1\"" \
	--customize-hook="copy-in \"$DEB\" /tmp" \
	--customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install --yes \
		--no-install-recommends \"/tmp/$(basename "$DEB")\" && rm -f \"\$1/tmp/$(basename "$DEB")\"" \
	--customize-hook="\"$ROOT/firmware/image/customize.sh\" \"\$1\" \"$ROOT\" \"$VERSION\"" \
	--customize-hook="\"$ROOT/firmware/image/initramfs.sh\" build \"\$1\"" \
	bookworm "$OUT/rootfs.tar" \
	"deb $MIRROR bookworm main non-free-firmware" \
	"deb $MIRROR bookworm-updates main non-free-firmware" \
	"deb $MIRROR-security bookworm-security main non-free-firmware"

mkdir -p "$OUT/root"
tar -C "$OUT/root" --numeric-owner -xpf "$OUT/rootfs.tar"
cp "$OUT/root/usr/share/prisma-terminal/packages.txt" "$OUT/packages.txt"
firmware/image/assemble.sh "$OUT" "$BOARD" "$IMG"
echo "make image: $IMG"
