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
"$ADMIN" --config "$T/terminal.ini" export --to "$TEST_TMP/stick-before" >/dev/null
# The re-key, as a technician does it: a new key, the office certifies it, the old certificate is kept.
rekey_terminal "$W" "$TEST_TMP/newkey"
submit AFTER-REKEY

out=$("$ADMIN" --config "$T/terminal.ini" status 2>&1)
check "status: the request signed with the old key is not damaged" bash -c "! grep -q damaged <<<'$out'"
out=$("$ADMIN" --config "$T/terminal.ini" export --to "$TEST_TMP/stick" 2>&1)
check "export ships both requests, none kept back ($out)" grep -q "^exported 2 request(s)" <<<"$out"
# The audit log has its own key, kept through the re-key: its whole chain, from before and after,
# verifies, and its export entries name the signing key of each.
out=$("$ADMIN" --config "$T/terminal.ini" verify-audit 2>&1)
check "verify-audit checks the whole log across the re-key ($out)" grep -q "^audit log: [0-9]* entries, chain intact" <<<"$out"
check "the export entries name the old and the new signing key" \
	test "$(grep -o ' export .* key=[0-9a-f]*' "$T/spool/audit.log" | sed 's/.*key=//' | sort -u | wc -l)" = 2
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick" --collection-key "$W/office/collection.key" 2>&1)
check "a fresh office imports both ($out)" grep -q "imported 2 new request(s)" <<<"$out"
check "and trusts both keys as certified" \
	test "$(sqlite3 "$DB" "select count(*) from terminals where id = 'demo-wing-a-01' and how = 'certified'")" = 2
"$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json >"$TEST_TMP/list.json" 2>/dev/null
check "list shows the request from before the re-key" grep -q BEFORE-REKEY "$TEST_TMP/list.json"
check "list shows the request from after the re-key" grep -q AFTER-REKEY "$TEST_TMP/list.json"

# The audit key gone: the log is not restarted under a new key (that would hide what came before);
# status says so, and verify-audit fails naming it.
rm "$T/spool/audit.key"
out=$("$ADMIN" --config "$T/terminal.ini" status 2>&1)
check "status says the audit log's key is missing ($out)" grep -q "^audit: no entries are written: .*audit.key: missing" <<<"$out"
fails_cleanly "verify-audit without the log's key fails naming it" "audit.key: missing, so .*audit.log cannot be checked or continued" \
	"$ADMIN" --config "$T/terminal.ini" verify-audit
check "and no new key was made under the old log" test ! -e "$T/spool/audit.key"

# A previous certificate the collection key did not sign is refused at start, in one line.
ROGUE="$TEST_TMP/rogue"
make_world "$ROGUE"
cp "$ROGUE/terminal/terminal.cert" "$T/previous-1.cert"
fails_cleanly "a previous certificate of another office is refused" "previous-1.cert: certificate: issued by key [0-9a-f]+, not by this office.s collection key" \
	"$ADMIN" --config "$T/terminal.ini" status
