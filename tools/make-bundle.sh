#!/bin/bash
# tools/make-bundle.sh: a signed RAUC update bundle (verity format) from what `make image` left
# in build/image/ (root.ext4, boot.vfat) into build/image/prisma-terminal-VERSION.raucb.
# Signed with the development signer made on the spot in build/rauc-dev/ (firmware/rauc/
# dev-keys.sh; never committed), or with BUNDLE_CERT and BUNDLE_KEY (the technician's signer;
# a PKCS#11 URI works as BUNDLE_KEY). BUNDLE_VERSION overrides the changelog's version (e.g. to
# make a test bundle newer than the image); BUNDLE_DIR takes root.ext4 and boot.vfat from another
# folder, BUNDLE_OUT names the bundle (tools/image-test.py). docs/image.md, "Updates".
#
# The squashfs inside is zstd (level 3) and its times are SOURCE_DATE_EPOCH (the changelog's
# date unless set): the same root.ext4 and boot.vfat give the same squashfs bytes, and packing
# the 1.5 GiB root image takes seconds instead of the quarter of an hour mksquashfs's default
# (gzip, level 9) took here. The verity hash tree (random salt) and the signature (signing time)
# still differ per bundle. The terminal's kernel (Debian's arm64) reads zstd squashfs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${BUNDLE_DIR:-build/image}
VERSION=${BUNDLE_VERSION:-$(dpkg-parsechangelog -l firmware/deb/changelog -S Version)}
COMPATIBLE=$(sed -n 's/^compatible=//p' firmware/rauc/system.conf)
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(dpkg-parsechangelog -l firmware/deb/changelog -S Timestamp)}
export SOURCE_DATE_EPOCH
for f in root.ext4 boot.vfat; do
	[ -f "$OUT/$f" ] || { echo "make bundle: $OUT/$f: missing; run make image first" >&2; exit 1; }
done
# The development signer only when no signer is given.
[ -n "${BUNDLE_CERT:-}" ] && [ -n "${BUNDLE_KEY:-}" ] || firmware/rauc/dev-keys.sh build/rauc-dev
CERT=${BUNDLE_CERT:-build/rauc-dev/signer.crt}
KEY=${BUNDLE_KEY:-build/rauc-dev/signer.key}
content="$OUT/bundle-content"
rm -rf "$content"
mkdir -p "$content"
ln "$OUT/root.ext4" "$content/root.ext4"
ln "$OUT/boot.vfat" "$content/boot.vfat"
cat >"$content/manifest.raucm" <<MANIFEST
[update]
compatible=$COMPATIBLE
version=$VERSION

[bundle]
format=verity

[image.rootfs]
filename=root.ext4

[image.bootfs]
filename=boot.vfat
MANIFEST
bundle=${BUNDLE_OUT:-$OUT/prisma-terminal-$VERSION.raucb}
rm -f "$bundle"
nice -n 15 rauc bundle --cert "$CERT" --key "$KEY" \
	--mksquashfs-args="-comp zstd -Xcompression-level 3" "$content" "$bundle"
rm -rf "$content"
echo "make bundle: $bundle"
