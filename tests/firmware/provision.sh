# First-boot provisioning from a technician's stick (firmware/bin/prisma-provision): on a fake
# data partition and a stick folder, with the real prisma-admin and the office's real
# prisma-collect certify. First visit: the key is made on the terminal, its public key goes to
# the stick; the office certifies it; second visit: the certificate is imported, and only one
# that fits this terminal.
. "$(dirname "$0")/../lib.sh"

P="$ROOT/firmware/bin/prisma-provision"
make_world "$TEST_TMP/office-world" # the office's keys: collection.key, vpn.pub, apro.pub
O="$TEST_TMP/office-world/office"
S="$TEST_TMP/stick/prisma-provision"
D="$TEST_TMP/data"
mkdir -p "$S/recipients"
cp "$O/collection.pub" "$S/"
cp "$O/vpn.pub" "$O/apro.pub" "$S/recipients/"
printf 'id=wing-c-07\n' >"$S/terminal.conf"
prov() {
	PRISMA_DATA=$D PRISMA_ADMIN="$ADMIN" PRISMA_ASSETS="$ROOT/assets" "$P" apply "$S"
}
certify() { # certify PUB OUT: the office certifies a terminal key
	rm -f "$2"
	"$COLLECT" certify "$1" --collection-key "$O/collection.key" --out "$2" >/dev/null
}

printf 'id=../x\n' >"$S/terminal.conf"
fails_cleanly "provision: a bad id is refused" "terminal.conf: id '../x'" prov
check "provision: nothing made for a bad id" test ! -e "$D/terminal"
printf 'id=wing-c-07\n' >"$S/terminal.conf"
cp "$O/vpn.key" "$S/recipients/leak.pub"
fails_cleanly "provision: a secret key on the stick is refused" "not provisioned: .*leak.pub: holds a secret key" prov
rm -f "$S/recipients/leak.pub"
rm -rf "$D"

out=$(prov)
check "provision: first visit says what to certify" grep -q "provisioned wing-c-07; certify wing-c-07.pub" <<<"$out"
check "provision: terminal set up on the data partition" test -f "$D/terminal/terminal.ini" -a -f "$D/terminal/spool/spool.db"
check "provision: the key was made on the terminal, 0600" test "$(stat -c %a "$D/terminal/terminal.key")" = 600
check "provision: its public key is on the stick" cmp -s "$S/wing-c-07.pub" "$D/terminal/terminal.pub"
check "provision: no secret key went to the stick" bash -c "! grep -rlqF '\"secret\"' '$S'/wing-c-07.*"
check "provision: the data partition is 0700" test "$(stat -c %a "$D")" = 700
check "provision: the stick's log says what happened" grep -q "provisioned wing-c-07" "$S/wing-c-07.log"
check "provision: no ssh unless asked" test ! -e "$D/ssh"
key_before=$(sha256sum <"$D/terminal/terminal.key")
prov >/dev/null
check "provision: a second run does not make a new key" test "$(sha256sum <"$D/terminal/terminal.key")" = "$key_before"
opens() { "$ADMIN" --config "$D/terminal/terminal.ini" status >/dev/null; }
check "provision: the spool opens before the certificate" opens

# A certificate for another terminal's key (same id, other key) is refused, nothing changes.
make_world "$TEST_TMP/other" wing-c-07
certify "$TEST_TMP/other/terminal/terminal.pub" "$S/wing-c-07.cert"
fails_cleanly "provision: a certificate for another key is refused" "wing-c-07.cert: refused: .*another key" prov
check "provision: no certificate imported after the refusal" test ! -e "$D/terminal/terminal.cert"

certify "$S/wing-c-07.pub" "$S/wing-c-07.cert"
out=$(prov)
check "provision: second visit imports the certificate" grep -q "certificate wing-c-07.cert imported" <<<"$out"
check "provision: the certificate is the office's" cmp -s "$S/wing-c-07.cert" "$D/terminal/terminal.cert"
check "provision: the terminal opens with it" opens
out=$(prov)
check "provision: importing twice changes nothing" grep -q "already imported" <<<"$out"

# A bad certificate later keeps the good one.
certify "$TEST_TMP/other/terminal/terminal.pub" "$S/wing-c-07.cert"
good=$(sha256sum <"$D/terminal/terminal.cert")
fails_cleanly "provision: a wrong certificate after a good one is refused" "refused" prov
check "provision: the good certificate is kept" test "$(sha256sum <"$D/terminal/terminal.cert")" = "$good"

printf 'id=wing-z-99\n' >"$S/terminal.conf"
fails_cleanly "provision: a stick for another terminal is refused" "this terminal is 'wing-c-07'" prov

# ssh only when asked, with the technician's key and a host key made on the terminal.
rm -rf "$D" "$S"/wing-c-07.*
printf 'id=wing-c-07\nssh=yes\n' >"$S/terminal.conf"
fails_cleanly "provision: ssh=yes without a key is refused" "authorized_keys: missing" prov
check "provision: nothing made when ssh=yes has no key" test ! -e "$D/terminal"
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/tech" 2>/dev/null
cp "$TEST_TMP/tech.pub" "$S/authorized_keys"
prov >/dev/null
check "provision: ssh key installed 0600" test "$(stat -c %a "$D/ssh/authorized_keys")" = 600
check "provision: host key made on the terminal" test -s "$D/ssh/ssh_host_ed25519_key"
check "provision: host key fingerprint on the stick" grep -q "ED25519" "$S/wing-c-07.ssh-host-key.txt"
check "provision: no host secret on the stick" bash -c "! grep -rlq 'PRIVATE KEY' '$S'"

fails_cleanly "provision: no terminal.conf" "terminal.conf: missing" \
	env PRISMA_DATA="$D" "$P" apply "$TEST_TMP/nowhere"

# Updates from a stick: newer bundles only, each tried once on a terminal, reboot into it once.
U="$TEST_TMP/stick/prisma-update"
mkdir -p "$U"
cat >"$TEST_TMP/rauc" <<'FAKE'
#!/bin/sh
case "$1" in
info) [ -n "${FAKE_INFO_ERROR:-}" ] && { echo "$FAKE_INFO_ERROR" >&2; exit 1; }
	echo "RAUC_MF_COMPATIBLE='prisma-terminal-rpi-arm64'"; echo "RAUC_MF_VERSION='$FAKE_VERSION'" ;;
install) echo install >>"$FAKE_LOG"; [ -z "${FAKE_INSTALL_ERROR:-}" ] || { echo "$FAKE_INSTALL_ERROR" >&2; exit 1; } ;;
esac
FAKE
printf '#!/bin/sh\necho "reboot $*" >>"%s"\n' "$TEST_TMP/rauc.log" >"$TEST_TMP/reboot"
chmod +x "$TEST_TMP/rauc" "$TEST_TMP/reboot"
printf 'VERSION=0.1.0\n' >"$TEST_TMP/release"
upd() {
	: >"$TEST_TMP/rauc.log"
	FAKE_LOG="$TEST_TMP/rauc.log" PRISMA_DATA=$D PRISMA_RAUC="$TEST_TMP/rauc" \
		PRISMA_REBOOT="$TEST_TMP/reboot" PRISMA_RELEASE="$TEST_TMP/release" "$P" update "$U"
}
printf 'bundle one' >"$U/prisma-terminal-0.1.1.raucb"
out=$(FAKE_VERSION=0.1.1 upd)
check "update: a newer bundle is installed" grep -q "^install$" "$TEST_TMP/rauc.log"
check "update: then one reboot into it with tryboot" grep -qx "reboot 0 tryboot" "$TEST_TMP/rauc.log"
check "update: the stick's log says so" grep -q "version 0.1.1 installed" "$U/install.log"
out=$(FAKE_VERSION=0.1.1 upd)
check "update: the same bundle is not tried twice" test ! -s "$TEST_TMP/rauc.log"
check "update: and says so" grep -q "tried on this terminal before" <<<"$out"
printf 'bundle two' >"$U/prisma-terminal-0.1.1.raucb"
out=$(FAKE_VERSION=0.1.0 upd)
check "update: a bundle not newer than the running system is not installed" test ! -s "$TEST_TMP/rauc.log"
printf 'bundle three' >"$U/prisma-terminal-0.1.1.raucb"
FAKE_VERSION=0.2.0 FAKE_INFO_ERROR="signature verification failed" fails_cleanly \
	"update: a bundle RAUC refuses is refused" "refused: signature verification failed" upd
check "update: a refused bundle is not installed, no reboot" test ! -s "$TEST_TMP/rauc.log"
FAKE_VERSION=0.2.0 FAKE_INSTALL_ERROR="installation error" fails_cleanly \
	"update: a failed install says why" "not installed: installation error" upd
check "update: no reboot after a failed install" bash -c "! grep -q reboot '$TEST_TMP/rauc.log'"
printf 'x' >"$U/second.raucb"
fails_cleanly "update: two bundles on the stick are refused" "not exactly one .raucb" upd
