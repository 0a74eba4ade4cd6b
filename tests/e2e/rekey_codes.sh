# A reference code stays good across a re-key of the terminal: the code hash is
# keyed with the spool's own reference key (DATA_DIR/reference.key, like the
# audit log's key), not with the signing key a re-key replaces. Submit, re-key
# as a technician does, look the earlier code up: pending; collect it through
# the office's receipts: collected. Never "unknown" for a code the terminal gave.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
T="$W/terminal"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
CODE_TOOL="$BUILD/tools/reference_code"
make_world "$W"

check "provisioning made the reference key, 0600" test "$(stat -c %a "$T/spool/reference.key" 2>/dev/null)" = 600
before=$("$CODE_TOOL" "$T/terminal.ini" submit)
check "a request submitted before the re-key gets a code ($before)" grep -Eq '^[A-Z0-9]{4}-[A-Z0-9]{4}$' <<<"$before"
check "before the re-key its code is pending" test "$("$CODE_TOOL" "$T/terminal.ini" lookup "$before")" = pending
cp "$T/spool/reference.key" "$TEST_TMP/reference.key.before"

# The re-key, as a technician does it (rekey_terminal): a new key, certified, the old kept.
rekey_terminal "$W" "$TEST_TMP/newkey"

out=$("$CODE_TOOL" "$T/terminal.ini" lookup "$before" 2>&1)
check "after the re-key the earlier code is still pending ($out)" test "$out" = pending
after=$("$CODE_TOOL" "$T/terminal.ini" submit)
check "a code given after the re-key is pending too" test "$("$CODE_TOOL" "$T/terminal.ini" lookup "$after")" = pending
check "the re-key left the reference key as it was" cmp -s "$T/spool/reference.key" "$TEST_TMP/reference.key.before"
check "a wrong code is unknown" test "$("$CODE_TOOL" "$T/terminal.ini" lookup AAAA-AAAA)" = unknown

# Collected through receipts: the office imports, the next collection purges what it received.
"$ADMIN" --config "$T/terminal.ini" collect --stick "$STICK" >/dev/null
"$COLLECT" --db "$DB" import "$STICK" --collection-key "$W/office/collection.key" >/dev/null
"$ADMIN" --config "$T/terminal.ini" collect --stick "$STICK" >/dev/null
check "the earlier code, once the office has it, is collected" \
	test "$("$CODE_TOOL" "$T/terminal.ini" lookup "$before")" = collected
check "and the later one too" test "$("$CODE_TOOL" "$T/terminal.ini" lookup "$after")" = collected

# The key is as private as the signing key: a missing one is not silently remade at random
# under a spool whose codes it hashed (they would all answer "unknown").
rm "$T/spool/reference.key"
fails_cleanly "a spool without its reference key is refused, naming the file" "reference.key: missing" \
	"$CODE_TOOL" "$T/terminal.ini" lookup "$before"
out=$("$ADMIN" --config "$T/terminal.ini" status 2>&1)
check "status still works and names the missing key ($out)" \
	grep -q "^reference codes: none can be given or looked up: .*reference.key: missing" <<<"$out"
check "and no new key was made in its place" test ! -e "$T/spool/reference.key"
