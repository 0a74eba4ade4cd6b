# RAUC on the terminal (firmware/rauc/, docs/image.md "Updates"): with the image's system.conf
# (only the keyring and state paths pointed at the test's), `rauc info` accepts a verity bundle
# signed by the development signer and refuses one from another CA, one from the right CA
# without codeSigning (check-purpose=codesign), a plain bundle and a bundle with a flipped byte
# in its signature; a flipped payload byte fails the dm-verity check install makes (done here in
# user space by veritysetup with the signed root hash, as this machine has no device mapper);
# the pre-install handler refuses an older version and a wrong compatible.
. "$(dirname "$0")/../lib.sh"

for tool in rauc mksquashfs openssl veritysetup dpkg; do
	if ! command -v "$tool" >/dev/null; then
		echo "skip rauc bundle: no $tool (tools/deps.sh image installs it)"
		exit 0
	fi
done
R="$ROOT/firmware/rauc"
K="$TEST_TMP/keys"
"$R/dev-keys.sh" "$K"
"$R/dev-keys.sh" "$TEST_TMP/other" # another CA: a wrong signer
sed -e "s|^path=.*|path=$K/ca.crt|" -e "s|^statusfile=.*|statusfile=$TEST_TMP/status.raucs|" \
	-e "s|^bootloader-custom-backend=.*|bootloader-custom-backend=$R/tryboot-backend|" \
	"$R/system.conf" >"$TEST_TMP/system.conf"
compatible=$(sed -n 's/^compatible=//p' "$R/system.conf")

# bundle NAME FORMAT VERSION CERT KEY [COMPATIBLE]: a bundle with one small root image.
bundle() {
	local dir="$TEST_TMP/content-$1"
	mkdir -p "$dir"
	head -c 65536 /dev/urandom >"$dir/rootfs.img"
	printf '[update]\ncompatible=%s\nversion=%s\n[bundle]\nformat=%s\n[image.rootfs]\nfilename=rootfs.img\n' \
		"${6:-$compatible}" "$3" "$2" >"$dir/manifest.raucm"
	rauc bundle --cert "$4" --key "$5" "$dir" "$TEST_TMP/$1.raucb" >/dev/null 2>&1
}
info() { rauc info --conf "$TEST_TMP/system.conf" "$TEST_TMP/$1.raucb" 2>&1; }
refused() { # refused NAME BUNDLE PATTERN
	local out rc
	out=$(info "$2")
	rc=$?
	if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q -- "$3"; then ok "$1"; else
		not_ok "$1" "exit $rc: $(printf '%s' "$out" | tail -n 1)"; fi
}

bundle good verity 0.2.0 "$K/signer.crt" "$K/signer.key"
accepted() { info "$1" >/dev/null; }
check "rauc: the development signer's verity bundle is accepted" accepted good
bundle other verity 0.2.0 "$TEST_TMP/other/signer.crt" "$TEST_TMP/other/signer.key"
refused "rauc: a signer from another CA is refused" other "signature verification failed"
bundle mail verity 0.2.0 "$K/mail.crt" "$K/mail.key"
refused "rauc: the right CA without codeSigning is refused (check-purpose)" mail "signature verification failed"
bundle plain plain 0.2.0 "$K/signer.crt" "$K/signer.key"
refused "rauc: a plain bundle is refused" plain "plain"
# The signature is at the end (before its 8-byte size): flip a byte in it.
cp "$TEST_TMP/good.raucb" "$TEST_TMP/flipsig.raucb"
size=$(stat -c %s "$TEST_TMP/flipsig.raucb")
printf '\377' | dd of="$TEST_TMP/flipsig.raucb" bs=1 seek=$((size - 300)) conv=notrunc 2>/dev/null
refused "rauc: a flipped byte in the signature is refused" flipsig "signature\|CMS\|verif"

# The payload: squashfs, then its verity hash tree (Verity Size bytes), then the signature.
verity() { # verity BUNDLE: veritysetup's verdict with the root hash and salt the signature holds
	local b="$TEST_TMP/$1.raucb" out hash salt vsize sigsize total data
	out=$(info "$1")
	hash=$(printf '%s\n' "$out" | sed -n "s/^[[:space:]]*Verity Hash:[[:space:]]*'\(.*\)'/\1/p")
	salt=$(printf '%s\n' "$out" | sed -n "s/^[[:space:]]*Verity Salt:[[:space:]]*'\(.*\)'/\1/p")
	vsize=$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*Verity Size:[[:space:]]*//p')
	total=$(stat -c %s "$b")
	sigsize=$(tail -c 8 "$b" | od -An -tu1 | awk '{ n = 0; for (i = 1; i <= 8; i++) n = n * 256 + $i; print n }')
	data=$((total - 8 - sigsize - vsize))
	veritysetup verify --no-superblock --format=1 --hash=sha256 --data-block-size=4096 \
		--hash-block-size=4096 --data-blocks=$((data / 4096)) --hash-offset="$data" \
		--salt="$salt" "$b" "$b" "$hash" >/dev/null 2>&1
}
check "rauc: the good bundle's payload matches its signed verity root hash" verity good
cp "$TEST_TMP/good.raucb" "$TEST_TMP/flippay.raucb"
printf '\377' | dd of="$TEST_TMP/flippay.raucb" bs=1 seek=5000 conv=notrunc 2>/dev/null
if verity flippay; then not_ok "rauc: a flipped payload byte fails the verity check"; else
	ok "rauc: a flipped payload byte fails the verity check"; fi

# The pre-install handler: versions and compatible, as RAUC calls it.
printf 'VERSION=0.3.0\n' >"$TEST_TMP/release"
printf '0.3.1\n' >"$TEST_TMP/min-version"
pre() { # pre VERSION COMPATIBLE
	PRISMA_RELEASE="$TEST_TMP/release" PRISMA_MIN_VERSION="$TEST_TMP/min-version" \
		RAUC_MF_VERSION=$1 RAUC_MF_COMPATIBLE=$2 RAUC_SYSTEM_COMPATIBLE=$compatible \
		"$R/rauc-pre-install"
}
check "rauc: a newer bundle passes the pre-install check" pre 0.4.0 "$compatible"
# After a good boot the running version becomes the minimum (rauc-mark-good.service).
record() { # record RUNNING MINIMUM-BEFORE: the minimum after record-running
	printf 'VERSION=%s\n' "$1" >"$TEST_TMP/release-rec"
	if [ -n "$2" ]; then printf '%s\n' "$2" >"$TEST_TMP/min-rec"; else rm -f "$TEST_TMP/min-rec"; fi
	PRISMA_RELEASE="$TEST_TMP/release-rec" PRISMA_MIN_VERSION="$TEST_TMP/min-rec" \
		"$R/rauc-pre-install" record-running && cat "$TEST_TMP/min-rec"
}
check "rauc: a good boot records its version as the minimum" test "$(record 0.3.0 '')" = 0.3.0
check "rauc: a good newer boot raises the minimum" test "$(record 0.4.0 0.3.1)" = 0.4.0
check "rauc: a good boot of an older slot keeps the minimum" test "$(record 0.2.0 0.3.1)" = 0.3.1
# ... and syncs it (a power cut seconds later lost it under make image-test): sync recorded.
mkdir -p "$TEST_TMP/bin"
printf '#!/bin/sh\necho "sync $*" >>"%s"\n' "$TEST_TMP/syncs" >"$TEST_TMP/bin/sync"
chmod +x "$TEST_TMP/bin/sync"
synced() { PATH="$TEST_TMP/bin:$PATH" record 0.5.0 0.4.0 >/dev/null && grep -qx "sync $TEST_TMP/min-rec" "$TEST_TMP/syncs"; }
check "rauc: the raised minimum is synced to the disk" synced
fails_cleanly "rauc: an older bundle is refused" "bundle version 0.2.0 is older than 0.3.0" \
	pre 0.2.0 "$compatible"
fails_cleanly "rauc: below the minimum version is refused" "bundle version 0.3.0 is older than 0.3.1" \
	pre 0.3.0 "$compatible"
fails_cleanly "rauc: a wrong compatible is refused" "compatible 'other-board' is not" \
	pre 0.4.0 other-board
# As RAUC 1.8 really calls it (booting the image showed it): no RAUC_MF_*, the manifest in the
# mounted bundle.
mkdir -p "$TEST_TMP/mounted"
pre_mounted() { # pre_mounted VERSION COMPATIBLE
	printf '[update]\ncompatible=%s\nversion=%s\n\n[bundle]\nformat=verity\n' "$2" "$1" \
		>"$TEST_TMP/mounted/manifest.raucm"
	PRISMA_RELEASE="$TEST_TMP/release" PRISMA_MIN_VERSION="$TEST_TMP/min-version" \
		RAUC_BUNDLE_MOUNT_POINT="$TEST_TMP/mounted" RAUC_SYSTEM_COMPATIBLE=$compatible \
		"$R/rauc-pre-install"
}
check "rauc: a newer bundle passes (version from the mounted manifest)" \
	pre_mounted 0.4.0 "$compatible"
fails_cleanly "rauc: an older bundle is refused (version from the mounted manifest)" \
	"bundle version 0.2.0 is older than 0.3.0" pre_mounted 0.2.0 "$compatible"
fails_cleanly "rauc: a wrong compatible is refused (from the mounted manifest)" \
	"compatible 'other-board' is not" pre_mounted 0.4.0 other-board

# tools/make-bundle.sh (make bundle): the squashfs is zstd (packing the 1.5 GiB root image took
# 17 minutes with mksquashfs's default gzip -9, seconds with zstd) and its times are the
# changelog's date (SOURCE_DATE_EPOCH), so the same root.ext4 and boot.vfat give the same
# squashfs bytes; only the verity salt and the signature differ between two bundles.
mb="$TEST_TMP/make-bundle"
mkdir -p "$mb"
head -c 1048576 /dev/urandom >"$mb/root.ext4"
head -c 262144 /dev/zero >"$mb/boot.vfat"
make_bundle() { # make_bundle NAME: tools/make-bundle.sh from $mb with the test's signer
	env -u SOURCE_DATE_EPOCH BUNDLE_DIR="$mb" BUNDLE_VERSION=0.2.0 BUNDLE_OUT="$TEST_TMP/$1.raucb" \
		BUNDLE_CERT="$K/signer.crt" BUNDLE_KEY="$K/signer.key" "$ROOT/tools/make-bundle.sh" \
		>/dev/null 2>&1
}
check "make-bundle: a bundle made" make_bundle made1
check "make-bundle: rauc info accepts it (development signer, verity)" accepted made1
sb() { od -An -j "$2" -N "$3" -t "u$3" "$TEST_TMP/$1.raucb" | tr -d ' '; } # squashfs superblock
epoch=$(dpkg-parsechangelog -l "$ROOT/firmware/deb/changelog" -S Timestamp)
check "make-bundle: the squashfs's time is the changelog's date" test "$(sb made1 8 4)" = "$epoch"
check "make-bundle: the squashfs is zstd (id 6)" test "$(sb made1 20 2)" = 6
made_same() {
	make_bundle made2 && cmp -s -n "$(sb made1 40 8)" "$TEST_TMP/made1.raucb" "$TEST_TMP/made2.raucb"
}
check "make-bundle: the same content gives the same squashfs bytes" made_same
