# Envelope format 2 with the real binaries: what the spool, the stick and the office store show
# without a key. Two requests as different as they come (anonymous parenting with nothing typed,
# named AKT with a long message) must be indistinguishable in size, carry no recipient key or key
# id, and no database column may hold what the envelope does not show.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
make_world "$W" && ok "demo world" || not_ok "demo world"

check "kiosk submits an anonymous request" "$KIOSK" --config "$W/terminal/terminal.ini" --headless \
	--script "$ROOT/tests/kiosk/anonymous_path.script" --screenshot-dir "$TEST_TMP/screens"
long=$(printf 'Lange Nachricht %.0s' $(seq 1 50))
cat >"$TEST_TMP/named.script" <<SCRIPT
tap lang.de
tap start
tap service.akt
tap next
tap contact.named
tap field.name
type Zacharias Quellwasser-Ostermann
tap field.number
type 4711-23
tap field.unit
type B 2.14
tap next
tap field.times
type Dienstag und Donnerstag vormittags
tap field.message
type $long
tap next
tap consent
tap submit
expect-screen done
SCRIPT
check "kiosk submits a named request with a long message" "$KIOSK" --config "$W/terminal/terminal.ini" \
	--headless --script "$TEST_TMP/named.script" --screenshot-dir "$TEST_TMP/screens"

SPOOL="$W/terminal/spool/spool.db"
check "two envelopes in the spool" test "$(sqlite3 "$SPOOL" 'select count(*) from envelopes')" = 2
check "both envelopes have the same size" \
	test "$(sqlite3 "$SPOOL" 'select count(distinct length(envelope)) from envelopes')" = 1

# hexdump FILE: the file as one line of lower-case hex.
hexdump() { od -An -tx1 -v "$1" | tr -d ' \n'; }
# no_key_material FILE...: no recipient public key or key id of office/*.pub in any FILE. The
# collection key is the office's own, not a recipient: a bundle's certificate names its key id.
no_key_material() {
	local f pub id key
	for f in "$@"; do
		[ -e "$f" ] || continue
		for pub in "$W"/office/*.pub; do
			[ "$(jq -r .kind "$pub")" = x25519 ] || continue
			id=$(jq -r .id "$pub")
			key=$(jq -r .public "$pub" | base64 -d | od -An -tx1 -v | tr -d ' \n')
			if hexdump "$f" | grep -q -e "$id" -e "$key"; then
				echo "$f holds key material of $pub" >&2
				return 1
			fi
		done
	done
}
# clean_columns DB: no column of envelopes that would tell time, recipient, size or content.
clean_columns() {
	! sqlite3 "$1" "select name from pragma_table_info('envelopes')" |
		grep -Eiq 'created|time|wrap|recipient|key_id|length|size|service|contact|mode'
}
check "spool: no recipient key or key id" no_key_material "$SPOOL" "$W"/spool/spool.db-wal
check "spool: no column the envelope does not show" clean_columns "$SPOOL"

check "export" "$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK"
check "stick: no recipient key or key id" no_key_material "$STICK"/PRISMA/outbox/*.prb
office_trust "$DB" "$W"
check "office imports both" sh -c "'$COLLECT' --db '$DB' import '$STICK' | grep -q 'imported 2 new'"
check "office store: no recipient key or key id" no_key_material "$DB"
check "office store: no column the envelope does not show" clean_columns "$DB"
check "office store: both stored envelopes have the same size" \
	test "$(sqlite3 "$DB" 'select count(distinct length(envelope)) from envelopes')" = 1
check "office store: schema version 1" test "$(sqlite3 "$DB" 'PRAGMA user_version')" = 1
check "spool: schema version 2" test "$(sqlite3 "$SPOOL" 'PRAGMA user_version')" = 2
json=$("$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json 2>/dev/null)
check "vpn opens the named AKT request, with its time inside" \
	test "$(jq -r '[.[] | select(.service == "akt") | .created | test("^[0-9-]{10}T")] | length' <<<"$json")" = 1
