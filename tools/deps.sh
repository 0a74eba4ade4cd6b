#!/bin/sh
# Installs the Debian packages Prisma Terminal needs to build, run and test,
# but only those that are missing. As root it runs apt-get; otherwise it
# prints the line to run and fails.
set -eu

PACKAGES="make gcc clang clang-format libclang-rt-14-dev pkg-config gettext
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfribidi-dev libusb-1.0-0-dev
libsodium-dev libsqlite3-dev libjansson-dev libinih-dev libcmocka-dev
fonts-noto-core xvfb xauth umockdev sqlite3 jq time
exfatprogs exfat-fuse xdotool x11-apps imagemagick
libfuse3-dev fuse3 nodejs"
# `make bench` (--bench) also measures headless Chromium on the same page and the kiosk's
# live window through XDamage/XTest; `make test` needs none of them.
if [ "${1:-}" = "--bench" ]; then
	PACKAGES="chromium libx11-dev libxtst-dev libxdamage-dev"
fi

missing=""
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = "installed" ] || missing="$missing $pkg"
done
# npm runs the JavaScript envelope cross-check (tests/vectors/js). Debian's nodejs needs the
# separate npm package; NodeSource's nodejs already brings npm and conflicts with Debian's.
[ "${1:-}" = "--bench" ] || command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "make deps: missing packages; run as root:" >&2
	echo "  apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "make deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
