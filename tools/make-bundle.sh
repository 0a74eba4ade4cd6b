#!/bin/bash
# tools/make-bundle.sh: a signed RAUC update bundle (verity format) from what `make image` left
# in build/image/ (root.ext4, boot.vfat) into build/image/prisma-terminal-VERSION.raucb.
# Signed with the development signer made on the spot in build/rauc-dev/ (firmware/rauc/
# dev-keys.sh; never committed), or with BUNDLE_CERT and BUNDLE_KEY (the technician's signer;
# a PKCS#11 URI works as BUNDLE_KEY). BUNDLE_VERSION overrides the changelog's version (e.g. to
# make a test bundle newer than the image); BUNDLE_DIR takes root.ext4 and boot.vfat from another
# folder, BUNDLE_OUT names the bundle (tools/image-test.py). docs/image.md, "Updates".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${BUNDLE_DIR:-build/image}
VERSION=${BUNDLE_VERSION:-$(dpkg-parsechangelog -l firmware/deb/changelog -S Version)}
COMPATIBLE=$(sed -n 's/^compatible=//p' firmware/rauc/system.conf)
for f in root.ext4 boot.vfat; do
	[ -f "$OUT/$f" ] || { echo "make bundle: $OUT/$f: missing; run make image first" >&2; exit 1; }
done
firmware/rauc/dev-keys.sh build/rauc-dev
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
nice -n 15 rauc bundle --cert "$CERT" --key "$KEY" "$content" "$bundle"
rm -rf "$content"
echo "make bundle: $bundle"
