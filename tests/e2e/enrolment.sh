# Enrolment by signed record, not first sight: the office trusts a terminal key
# only when its collection key certified it (the certificate travels in every
# bundle) or when the office enrolled it by hand. Anything else is quarantined:
# kept apart, never listed, reported with the key's fingerprint, exit non-zero.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
OFFICE_KEY="$W/office/collection.key"
DB="$TEST_TMP/office.db"

one_request() { # WORLD STICK: one forged-free request exported to STICK
	echo '{"service":"akt","created":"2026-01-01T00:00:00Z","language":"de","reference":"AAAA-BBBB","contact":{"mode":"code"},"times":"","message":"'"$3"'"}' |
		"$FORGE" "$1/terminal/terminal.ini"
	"$ADMIN" --config "$1/terminal/terminal.ini" export --to "$2" >/dev/null
}
fingerprint() { "$COLLECT" --db "$TEST_TMP/scratch-$RANDOM.db" enroll "$1" | grep -Eo '[0-9]{5} [0-9]{5} [0-9]{5} [0-9]{5}'; }

# Any stick: a terminal this office never certified, with the real one's id (squatting).
ROGUE="$TEST_TMP/rogue"
make_world "$ROGUE"
one_request "$ROGUE" "$TEST_TMP/rogue-stick" "ROGUE-TEXT"
"$COLLECT" --db "$DB" import "$TEST_TMP/rogue-stick" --collection-key "$OFFICE_KEY" >"$TEST_TMP/rogue.out" 2>"$TEST_TMP/rogue.err"
rc=$?
check "an uncertified terminal's stick exits non-zero" test "$rc" -ne 0
check "it is reported as quarantined with its key's fingerprint" \
	grep -qF "quarantined: terminal 'demo-wing-a-01' with key $(fingerprint "$ROGUE/terminal/terminal.pub") is neither certified" "$TEST_TMP/rogue.err"
check "nothing of it is stored as a request" test "$(sqlite3 "$DB" 'select count(*) from envelopes')" = 0
check "it is kept apart in quarantine" test "$(sqlite3 "$DB" 'select count(*) from quarantine')" = 1
check "its key is not trusted" test "$(sqlite3 "$DB" 'select count(*) from terminals')" = 0
"$COLLECT" --db "$DB" list --key "$ROGUE/office/vpn.key" --format json >"$TEST_TMP/rogue.json" 2>/dev/null
check "a quarantined request is never listed" test "$(jq length "$TEST_TMP/rogue.json")" = 0

# The real terminal, certified by this office, is not locked out by the squatter.
one_request "$W" "$TEST_TMP/stick" "REAL-TEXT"
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick" --collection-key "$OFFICE_KEY" 2>&1)
check "the certified terminal's stick is imported" grep -q "imported 1 new request(s)" <<<"$out"
check "its key is trusted as certified" test "$(sqlite3 "$DB" "select how from terminals where id = 'demo-wing-a-01'")" = certified
check "its request is listed" bash -c "'$COLLECT' --db '$DB' list --key '$W/office/vpn.key' --format json 2>/dev/null | grep -q REAL-TEXT"

# Without the collection key an office takes only what it enrolled by hand.
fails_cleanly "no collection key, nothing enrolled: quarantined" "quarantined: terminal 'demo-wing-a-01'" \
	"$COLLECT" --db "$TEST_TMP/plain.db" import "$TEST_TMP/stick"
# Enrolling a terminal releases its quarantined bundles: they are imported, no second trip needed.
out=$("$COLLECT" --db "$TEST_TMP/plain.db" enroll "$W/terminal/terminal.pub" 2>&1)
check "enrolling releases the terminal's quarantined bundle ($out)" \
	grep -q "released 1 quarantined bundle(s): 1 new request(s), 0 already known" <<<"$out"
check "nothing stays in quarantine" test "$(sqlite3 "$TEST_TMP/plain.db" 'select count(*) from quarantine')" = 0
check "the released request is listed" \
	bash -c "'$COLLECT' --db '$TEST_TMP/plain.db' list --key '$W/office/vpn.key' --format json 2>/dev/null | grep -q REAL-TEXT"
out=$("$COLLECT" --db "$DB" enroll "$W/terminal/terminal.pub" 2>&1)
check "enrolling one terminal releases nobody else's bundle (the squatter stays)" \
	test "$(sqlite3 "$DB" 'select count(*) from quarantine')" = 1
check "an explicitly enrolled terminal is accepted" "$COLLECT" --db "$TEST_TMP/plain.db" import "$TEST_TMP/stick"

# A certificate by another office's collection key, or for another key, vouches for nothing.
cp "$ROGUE/terminal/terminal.cert" "$TEST_TMP/rogue.cert"
"$COLLECT" certify "$ROGUE/terminal/terminal.pub" --collection-key "$OFFICE_KEY" --out "$TEST_TMP/for-rogue.cert" >/dev/null
check "certify writes a certificate of the fixed size" test "$(stat -c %s "$TEST_TMP/for-rogue.cert")" = 149
cp "$TEST_TMP/for-rogue.cert" "$W/terminal/terminal.cert"
fails_cleanly "a terminal refuses a certificate of another key" "terminal.cert: certificate is for terminal 'demo-wing-a-01' with another key" \
	"$ADMIN" --config "$W/terminal/terminal.ini" status

# Re-keying is a new certificate, not a lock-out: the new key is trusted, the old stays.
mv "$W/terminal/terminal.key" "$TEST_TMP/old.key"
mv "$W/terminal/terminal.pub" "$TEST_TMP/old.pub"
rm "$W/terminal/terminal.cert"
"$ADMIN" provision --dir "$TEST_TMP/rekey" --id demo-wing-a-01 --collection "$W/office/collection.pub" \
	--recipient vpn="$W/office/vpn.pub" >/dev/null
cp "$TEST_TMP/rekey/terminal.key" "$TEST_TMP/rekey/terminal.pub" "$W/terminal/"
"$COLLECT" certify "$W/terminal/terminal.pub" --collection-key "$OFFICE_KEY" --out "$W/terminal/terminal.cert" >/dev/null
one_request "$W" "$TEST_TMP/stick-rekeyed" "REKEYED-TEXT"
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick-rekeyed" --collection-key "$OFFICE_KEY" 2>&1)
check "a re-keyed terminal with a new certificate is imported" grep -q "imported 1 new request(s)" <<<"$out"
check "both keys of the terminal are trusted" test "$(sqlite3 "$DB" "select count(*) from terminals where id = 'demo-wing-a-01'")" = 2
