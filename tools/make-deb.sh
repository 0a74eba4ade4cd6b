#!/bin/bash
# tools/make-deb.sh [ARCH]: the Debian package of the project for ARCH (default this machine's;
# arm64 cross-builds, see `make cross`) into build/deb/prisma-terminal_VERSION_ARCH.deb, then
# lintian on it. Built with the installed paths (/usr/share/prisma-terminal/assets,
# /usr/share/locale) and Debian's hardening flags, in build/deb/ARCH/ apart from build/.
# Packaging files: firmware/deb/. What lintian still says and why: docs/image.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ARCH=${1:-$(dpkg --print-architecture)}
HOST=$(dpkg --print-architecture)
VERSION=$(dpkg-parsechangelog -l firmware/deb/changelog -S Version)
OUT="build/deb"
BUILD="$OUT/$ARCH/build"
STAGE="$OUT/$ARCH/root"
DEB="$OUT/prisma-terminal_${VERSION}_${ARCH}.deb"
SHARE=/usr/share/prisma-terminal

if [ "$ARCH" = "$HOST" ]; then
	cross=() strip=strip
else
	triplet=$(dpkg-architecture -a"$ARCH" -qDEB_HOST_GNU_TYPE 2>/dev/null)
	cross=(CC="$triplet-gcc" AR="$triplet-ar" PKG_CONFIG="$triplet-pkg-config")
	strip="$triplet-strip"
fi

# Debian's flags (hardening, reproducible paths); CPPFLAGS through the environment, because the
# Makefile appends its own to it. SOURCE_DATE_EPOCH: the changelog's date, for reproducibility.
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l firmware/deb/changelog -S Timestamp)
export SOURCE_DATE_EPOCH DEB_BUILD_MAINT_OPTIONS=hardening=+all
CPPFLAGS=$(dpkg-buildflags --get CPPFLAGS) CFLAGS=$(dpkg-buildflags --get CFLAGS) \
	LDFLAGS=$(dpkg-buildflags --get LDFLAGS) \
	nice -n 15 make --no-print-directory "${cross[@]}" BUILD="$BUILD" \
	ASSETS_DIR="$SHARE/assets" LOCALE_DIR=/usr/share/locale all

rm -rf "$STAGE"
install -d "$STAGE/DEBIAN" "$STAGE/usr/bin" "$STAGE$SHARE/assets" "$STAGE/usr/share/man/man1" \
	"$STAGE/usr/share/doc/prisma-terminal" "$STAGE/lib/systemd/system" "$STAGE/usr/lib/sysusers.d"
for prog in prisma-kiosk prisma-admin prisma-collect; do
	install -m 0755 "$BUILD/$prog" "$STAGE/usr/bin/$prog"
	# As dh_strip does: the debugging information does not go into the package.
	"$strip" --remove-section=.comment --remove-section=.note --strip-unneeded \
		"$STAGE/usr/bin/$prog"
done
# The assets the programs read (not the .po sources: their .mo files go to /usr/share/locale).
for item in catalogue.ini languages.ini theme.ini icons keyboards; do
	cp -r "assets/$item" "$STAGE$SHARE/assets/"
done
(cd "$BUILD/locale" && find . -name prisma.mo) | while read -r mo; do
	install -D -m 0644 "$BUILD/locale/$mo" "$STAGE/usr/share/locale/$mo"
done
for page in docs/man/*.1; do
	gzip -9n <"$page" >"$STAGE/usr/share/man/man1/$(basename "$page").gz"
done
install -m 0644 firmware/systemd/prisma-kiosk.service firmware/systemd/prisma-stick-mount@.service \
	"$STAGE/lib/systemd/system/"
# The stick's mount helper; the udev rule that starts it is the image's, not the package's (on
# a developer's machine it would mount their FAT sticks).
install -D -m 0755 firmware/bin/prisma-stick-mount "$STAGE/usr/lib/prisma-terminal/prisma-stick-mount"
install -m 0644 firmware/deb/sysusers.conf "$STAGE/usr/lib/sysusers.d/prisma-terminal.conf"
install -m 0644 firmware/deb/copyright "$STAGE/usr/share/doc/prisma-terminal/copyright"
gzip -9n <firmware/deb/changelog >"$STAGE/usr/share/doc/prisma-terminal/changelog.gz"
install -m 0755 firmware/deb/postinst firmware/deb/postrm "$STAGE/DEBIAN/"
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE/usr/share" "$STAGE/lib" "$STAGE/usr/lib/sysusers.d" -type f -exec chmod 0644 {} +

# Depends from the libraries the programs link (dpkg-shlibdeps wants a debian/control).
mkdir -p "$OUT/$ARCH/debian"
printf 'Source: prisma-terminal\n\nPackage: prisma-terminal\nArchitecture: any\n' \
	>"$OUT/$ARCH/debian/control"
depends=$(cd "$OUT/$ARCH" && DEB_HOST_ARCH="$ARCH" dpkg-shlibdeps -O \
	-e"root/usr/bin/prisma-kiosk" -e"root/usr/bin/prisma-admin" -e"root/usr/bin/prisma-collect" |
	sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$depends/" firmware/deb/control.in >"$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
	xargs -0 md5sum) >"$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "make deb: $DEB"

# lintian: errors fail the build; the warnings left are explained in docs/image.md.
lintian --tag-display-limit 0 --profile debian --info "$DEB" | tee "$OUT/lintian-$ARCH.txt"
if grep -q '^E: ' "$OUT/lintian-$ARCH.txt"; then
	echo "make deb: lintian found errors in $DEB" >&2
	exit 1
fi

# The package works where it is installed: its files at their paths (a private mount namespace
# stands for the installation), a demo world from its prisma-admin, the German walk replayed by
# its kiosk with its assets and translations. Only for this machine's architecture.
if grep -rlF "$ROOT" "$STAGE" >/dev/null; then
	echo "make deb: the package names the build tree $ROOT: $(grep -rlF "$ROOT" "$STAGE" | head -n 1)" >&2
	exit 1
fi
[ "$ARCH" = "$HOST" ] || exit 0
SMOKE="$OUT/$ARCH/smoke"
rm -rf "$SMOKE"
mkdir -p "$SMOKE/root"
dpkg-deb -x "$DEB" "$SMOKE/root"
mkdir -p "$SHARE"
# shellcheck disable=SC2016
if unshare -m sh -ec '
	mount --bind "$1/root/usr/share/prisma-terminal" "$2"
	mount --bind "$1/root/usr/share/locale" /usr/share/locale
	PRISMA_PASSPHRASE=demo "$1/root/usr/bin/prisma-admin" demo --dir "$1/world" >/dev/null
	SDL_VIDEODRIVER=dummy "$1/root/usr/bin/prisma-kiosk" --headless \
		--config "$1/world/terminal/terminal.ini" --script "$3"
' smoke "$SMOKE" "$SHARE" tests/kiosk/walk_de.script >"$SMOKE/log" 2>&1; then
	echo "make deb: the packaged programs replay walk_de.script from their installed paths"
else
	rmdir "$SHARE" 2>/dev/null || true
	echo "make deb: the packaged kiosk failed walk_de.script (see $SMOKE/log)" >&2
	exit 1
fi
rmdir "$SHARE" 2>/dev/null || true
