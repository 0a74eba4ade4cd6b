# Separate tools for separate places: the office makes its keys (no default
# passphrase, a minimum length, Argon2id at moderate limits or stronger, a
# fingerprint to read out), certifies terminals; a terminal is provisioned from
# public keys and its certificate only and holds no secret that opens anything.
. "$(dirname "$0")/../lib.sh"

K="$TEST_TMP/keys"
mkdir -p "$K"
PRISMA_PASSPHRASE=short fails_cleanly "keygen refuses a short passphrase" "passphrase: shorter than 12" \
	"$COLLECT" keygen --kind recipient --name vpn --out "$K/vpn"
check "a refused keygen writes nothing" test -z "$(ls "$K")"
fails_cleanly "keygen has no default passphrase" "passphrase needed" \
	env -u PRISMA_PASSPHRASE setsid "$COLLECT" keygen --kind recipient --name vpn --out "$K/vpn"
fails_cleanly "keygen: unknown kind" "--kind: 'rsa'" \
	env PRISMA_PASSPHRASE=long-enough-phrase "$COLLECT" keygen --kind rsa --name x --out "$K/x"
out=$(PRISMA_PASSPHRASE=long-enough-phrase "$COLLECT" keygen --kind recipient --name vpn --out "$K/vpn")
check "keygen prints a fingerprint to read out" grep -Eq "^fingerprint: [0-9]{5} [0-9]{5} [0-9]{5} [0-9]{5}$" <<<"$out"
check "the secret is 0600" test "$(stat -c %a "$K/vpn.key")" = 600
check "Argon2id at libsodium's moderate limits or stronger" \
	test "$(jq '.opslimit >= 3 and .memlimit >= 268435456' "$K/vpn.key")" = true
PRISMA_PASSPHRASE=long-enough-phrase "$COLLECT" keygen --kind collection --name collection --out "$K/collection" >/dev/null
check "collection key is ed25519" test "$(jq -r .kind "$K/collection.pub")" = ed25519

# Provisioning takes public keys only.
fails_cleanly "provision refuses a secret key file" "vpn.key: holds a secret key" \
	"$ADMIN" provision --dir "$TEST_TMP/t0" --id wing-b-01 --collection "$K/collection.pub" --recipient vpn="$K/vpn.key"
"$ADMIN" provision --dir "$TEST_TMP/t1" --id wing-b-01 --collection "$K/collection.pub" --recipient vpn="$K/vpn.pub" >/dev/null
check "provision sets up a terminal" test -f "$TEST_TMP/t1/terminal.ini" -a -f "$TEST_TMP/t1/spool/spool.db"
out=$(PRISMA_PASSPHRASE=long-enough-phrase "$COLLECT" certify "$TEST_TMP/t1/terminal.pub" --collection-key "$K/collection.key" --out "$TEST_TMP/t1/terminal.cert")
check "certify names the terminal and its key's fingerprint" grep -Eq "terminal wing-b-01 certified \(key fingerprint [0-9 ]{23}\)" <<<"$out"

# The demo world keeps the office and the terminal apart; no demo passphrase by default.
fails_cleanly "demo needs its passphrase given" "PRISMA_PASSPHRASE" env -u PRISMA_PASSPHRASE "$ADMIN" demo --dir "$TEST_TMP/nodemo"
W="$TEST_TMP/world"
make_world "$W"
check "the demo office holds the secrets" test -f "$W/office/vpn.key" -a -f "$W/office/collection.key"
# Every secret the office holds, as it appears in its files and decoded from them.
no_office_secret_in() {
	local f secret
	for f in "$W"/office/*.key; do
		secret=$(jq -r .secret "$f")
		grep -rqaF -- "$secret" "$1" && return 1
	done
	# Only the terminal's own signing key is a secret key file, and it is ed25519.
	for f in $(grep -rlaF '"secret"' "$1"); do
		test "$(jq -r .kind "$f")" = ed25519 && test "$(jq -r .name "$f")" = demo-wing-a-01 || return 1
		cmp -s <(jq -r .public "$f") <(jq -r .public "$W/terminal/terminal.pub") || return 1
	done
	return 0
}
check "the terminal folder holds no office secret" no_office_secret_in "$W/terminal"
check "the terminal folder holds no x25519 secret" bash -c "! grep -rlaF '\"x25519\"' '$W/terminal' | xargs -r grep -laF '\"secret\"' | grep -q ."
check "the terminal carries its certificate" test "$(stat -c %s "$W/terminal/terminal.cert")" = 149
