# Re-keying a terminal (new signing key, new certificate) loses nothing: the
# terminal keeps the certificates of its earlier keys ([terminal]
# previous_certificates), checks its older envelopes against those keys
# before bundling (not "damaged"), and sends the certificates along, so an
# office that never saw the old key accepts envelopes of the old key under its
# old certificate. Submit, re-key, submit, export, import, list: all arrive.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
T="$W/terminal"
make_world "$W"
DB="$TEST_TMP/office.db"
submit() {
	echo '{"service":"akt","created":"2026-01-01T00:00:00Z","language":"de","reference":"AAAA-BBBB","contact":{"mode":"code"},"times":"","message":"'"$1"'"}' |
		"$FORGE" "$T/terminal.ini" >/dev/null
}

submit BEFORE-REKEY
# The re-key, as a technician does it: a new key, the office certifies it, the old certificate is kept.
"$ADMIN" provision --dir "$TEST_TMP/newkey" --id demo-wing-a-01 --collection "$W/office/collection.pub" \
	--recipient vpn="$W/office/vpn.pub" >/dev/null
mv "$T/terminal.cert" "$T/previous-1.cert"
cp "$TEST_TMP/newkey/terminal.key" "$TEST_TMP/newkey/terminal.pub" "$T/"
"$COLLECT" certify "$T/terminal.pub" --collection-key "$W/office/collection.key" --out "$T/terminal.cert" >/dev/null
sed -i 's/^certificate = terminal.cert$/&\nprevious_certificates = previous-1.cert/' "$T/terminal.ini"
submit AFTER-REKEY

out=$("$ADMIN" --config "$T/terminal.ini" status 2>&1)
check "status: the request signed with the old key is not damaged" bash -c "! grep -q damaged <<<'$out'"
out=$("$ADMIN" --config "$T/terminal.ini" export --to "$TEST_TMP/stick" 2>&1)
check "export ships both requests, none kept back ($out)" grep -q "^exported 2 request(s)" <<<"$out"
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick" --collection-key "$W/office/collection.key" 2>&1)
check "a fresh office imports both ($out)" grep -q "imported 2 new request(s)" <<<"$out"
check "and trusts both keys as certified" \
	test "$(sqlite3 "$DB" "select count(*) from terminals where id = 'demo-wing-a-01' and how = 'certified'")" = 2
"$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json >"$TEST_TMP/list.json" 2>/dev/null
check "list shows the request from before the re-key" grep -q BEFORE-REKEY "$TEST_TMP/list.json"
check "list shows the request from after the re-key" grep -q AFTER-REKEY "$TEST_TMP/list.json"

# A previous certificate the collection key did not sign is refused at start, in one line.
ROGUE="$TEST_TMP/rogue"
make_world "$ROGUE"
cp "$ROGUE/terminal/terminal.cert" "$T/previous-1.cert"
fails_cleanly "a previous certificate of another office is refused" "previous-1.cert: certificate: issued by key [0-9a-f]+, not by this office.s collection key" \
	"$ADMIN" --config "$T/terminal.ini" status
