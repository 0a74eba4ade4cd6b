#!/bin/sh
# Installs the Debian packages Prisma Terminal needs, but only those that are missing. As root it
# runs apt-get; otherwise it prints the line to run and fails.
#
#   tools/deps.sh         build, run and test on this machine (`make deps`, `make test`)
#   tools/deps.sh cross   arm64 cross build and tests under qemu-aarch64 (`make cross`,
#                         `make test-arm64`): adds the arm64 architecture to dpkg once
#   tools/deps.sh deb     the Debian package and its checks (`make deb`)
#   tools/deps.sh image   the terminal image and update bundles (`make image`, `make bundle`)
#   tools/deps.sh bench   headless Chromium and the X libraries `make bench` measures with
set -eu

KIND=${1:-build}

BUILD_PACKAGES="make gcc clang clang-format libclang-rt-14-dev pkg-config gettext
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfribidi-dev libusb-1.0-0-dev
libsodium-dev libsqlite3-dev libjansson-dev libinih-dev libcmocka-dev libsystemd-dev
libespeak-ng-dev espeak-ng-data libdrm-dev
fonts-noto-core xvfb xauth umockdev libumockdev-dev sqlite3 jq time
exfatprogs exfat-fuse xdotool x11-apps imagemagick
libfuse3-dev fuse3 nodejs systemd rauc squashfs-tools cryptsetup-bin openssl
mtools dosfstools fusefat e2fsprogs openssh-client dpkg-dev"

# The arm64 libraries are the same -dev packages as above, arm64's copies (multiarch).
ARM64_LIBS="libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfribidi-dev libusb-1.0-0-dev
libsodium-dev libsqlite3-dev libjansson-dev libinih-dev libcmocka-dev libsystemd-dev libespeak-ng-dev
libdrm-dev"
CROSS_PACKAGES="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static
$(for p in $ARM64_LIBS; do printf '%s:arm64 ' "$p"; done)"

DEB_PACKAGES="dpkg-dev fakeroot lintian man-db"

# `make bench` also measures headless Chromium on the same page and the kiosk's live window
# through XDamage/XTest; `make test` needs none of them.
BENCH_PACKAGES="chromium libx11-dev libxtst-dev libxdamage-dev"

IMAGE_PACKAGES="mmdebstrap jq dosfstools mtools e2fsprogs fdisk rauc openssl usbguard squashfs-tools
qemu-system-arm qemu-user-static arch-test device-tree-compiler python3"

case "$KIND" in
build) PACKAGES=$BUILD_PACKAGES ;;
cross) PACKAGES=$CROSS_PACKAGES ;;
deb) PACKAGES=$DEB_PACKAGES ;;
bench) PACKAGES=$BENCH_PACKAGES ;;
image) PACKAGES=$IMAGE_PACKAGES ;;
*)
	echo "tools/deps.sh: unknown kind '$KIND' (build, cross, deb, image, bench)" >&2
	exit 2
	;;
esac

missing=""
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = "installed" ] || missing="$missing $pkg"
done
# npm runs the JavaScript envelope cross-check (tests/vectors/js). Debian's nodejs needs the
# separate npm package; NodeSource's nodejs already brings npm and conflicts with Debian's.
if [ "$KIND" = build ]; then
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "make deps: missing packages; run as root:" >&2
	[ "$KIND" = cross ] && echo "  dpkg --add-architecture arm64 && apt-get update" >&2
	echo "  apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "make deps ($KIND): installing$missing"
export DEBIAN_FRONTEND=noninteractive
if [ "$KIND" = cross ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
