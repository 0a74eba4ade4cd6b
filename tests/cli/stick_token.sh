# prisma-collect token: the stick token a social worker's stick carries, and
# prisma-admin collect --stick reporting its status (app/core/collection.c).
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
S="$TEST_TMP/stick"
KEY="$W/office/collection.key"
make_world "$W"
year=$(date -u +%Y)
soon=$(date -u -d '+30 days' +%F)

check "token for a stick" "$COLLECT" token --serial 4C530001230915116142 --expires "$soon" \
	--collection-key "$KEY" --out "$S"
check "the token is the documented size (94 + 20 bytes)" test "$(stat -c %s "$S/PRISMA/token")" = 114
check "the token starts with its magic and names the serial" \
	test "$(head -c 26 "$S/PRISMA/token" | tail -c 20)" = 4C530001230915116142
check "a new token replaces the old" "$COLLECT" token --serial OTHER-1 --expires "$soon" \
	--collection-key "$KEY" --out "$S"
check "the replacement is the new stick's" test "$(stat -c %s "$S/PRISMA/token")" = 101
fails_cleanly "token: a serial with a space" "--serial" \
	"$COLLECT" token --serial "A B" --expires "$soon" --collection-key "$KEY" --out "$S"
fails_cleanly "token: a serial longer than 64" "--serial" \
	"$COLLECT" token --serial "$(printf 'A%.0s' $(seq 65))" --expires "$soon" --collection-key "$KEY" --out "$S"
fails_cleanly "token: a day in the past" "in the past" \
	"$COLLECT" token --serial AB --expires "$((year - 1))-01-01" --collection-key "$KEY" --out "$S"
fails_cleanly "token: more than a year ahead" "days ahead" \
	"$COLLECT" token --serial AB --expires "$((year + 2))-01-01" --collection-key "$KEY" --out "$S"
fails_cleanly "token: no such day" "no such day" \
	"$COLLECT" token --serial AB --expires "$year-02-30" --collection-key "$KEY" --out "$S"
fails_cleanly "token: not a date" "not a date" \
	"$COLLECT" token --serial AB --expires "31.12.$year" --collection-key "$KEY" --out "$S"
fails_cleanly "token: without the collection key" "--collection-key" \
	"$COLLECT" token --serial AB --expires "$soon" --out "$S"
fails_cleanly "token: a recipient key is no collection key" "kind|ed25519" \
	"$COLLECT" token --serial AB --expires "$soon" --collection-key "$W/office/vpn.key" --out "$S"
fails_cleanly "token: wrong passphrase" "wrong passphrase" \
	env PRISMA_PASSPHRASE=wrong-passphrase "$COLLECT" token --serial AB --expires "$soon" \
	--collection-key "$KEY" --out "$S"
mkdir -p "$TEST_TMP/elsewhere" "$TEST_TMP/linked"
ln -s "$TEST_TMP/elsewhere" "$TEST_TMP/linked/PRISMA"
fails_cleanly "token: a PRISMA folder that is a link is refused" "link" \
	"$COLLECT" token --serial AB --expires "$soon" --collection-key "$KEY" --out "$TEST_TMP/linked"
check "nothing was written through the link" test -z "$(ls "$TEST_TMP/elsewhere")"
mkdir -p "$TEST_TMP/dirtoken/PRISMA/token"
fails_cleanly "token: a folder in the token's place is not replaced" "not a regular file" \
	"$COLLECT" token --serial AB --expires "$soon" --collection-key "$KEY" --out "$TEST_TMP/dirtoken"

out=$("$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$TEST_TMP/round" 2>&1)
check "collect --stick ends with its status" grep -qx "status: EXPORT_OK" <<<"$out"
check "the round is in the audit log" grep -q " collection status=EXPORT_OK exported=0 " "$W/terminal/spool/audit.log"
printf 'x' >"$TEST_TMP/notafolder"
mkdir -p "$TEST_TMP/fileoutbox/PRISMA"
printf 'x' >"$TEST_TMP/fileoutbox/PRISMA/outbox"
fails_cleanly "collect: a file where the outbox goes is WRITE_ERROR" "^prisma-admin: WRITE_ERROR: " \
	"$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$TEST_TMP/fileoutbox"
check "and that is audited" grep -q " collection status=WRITE_ERROR " "$W/terminal/spool/audit.log"
check "the audit chain holds" "$ADMIN" --config "$W/terminal/terminal.ini" verify-audit
