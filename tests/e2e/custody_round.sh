# A collection round with custody receipts, with the real binaries: the
# terminal exports, the office imports and writes signed receipts to the
# stick, the next collection purges exactly what they name, then exports
# what is left. Forged, truncated, replayed and other terminals' receipts
# change nothing and are reported.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
make_world "$W"

submit_n() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\n'
		printf 'tap next\ntap next\ntap consent\ntap submit\nexpect-screen done\ntap finish\n'
	done >"$TEST_TMP/submit.script"
	"$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/submit.script"
}
pending() { "$ADMIN" --config "$W/terminal/terminal.ini" status | grep -o '[0-9]* pending'; }

check "kiosk submits three requests" submit_n 3
out=$("$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$STICK")
check "first collection exports all three" grep -q "exported 3 request(s) in 1 bundle(s)" <<<"$out"
check "collection deletes nothing without a receipt" test "$(pending)" = "3 pending"
cp -r "$STICK" "$TEST_TMP/stick-copy"

out=$("$COLLECT" --db "$DB" import "$STICK" --collection-key "$W/office/collection.key")
check "import writes receipts for three" grep -q "custody receipts for 3 request(s)" <<<"$out"
check "one receipt file on the stick" test "$(ls "$STICK/PRISMA/receipts" | wc -l)" = 1
mkdir -p "$TEST_TMP/stick-empty/PRISMA/outbox"
out=$("$COLLECT" --db "$DB" import "$TEST_TMP/stick-empty" --collection-key "$W/office/collection.key")
check "an empty stick: says no receipts were written (not 'receipts for 0')" eval \
	'grep -q "^no custody receipts written: no request was stored from " <<<"$out" && ! grep -q "receipts for 0" <<<"$out" &&
	[ -z "$(ls -A "$TEST_TMP/stick-empty/PRISMA/receipts" 2>/dev/null)" ]'
receipt="$(ls "$STICK"/PRISMA/receipts/*.prr)"
cp "$receipt" "$TEST_TMP/receipt.keep"

# Bad receipts beside the good one: none may change anything.
head -c 150 "$receipt" >"$STICK/PRISMA/receipts/truncated.prr"
head -c 300 /dev/urandom >"$STICK/PRISMA/receipts/forged.prr"
ln -s /dev/zero "$STICK/PRISMA/receipts/link.prr"
mkfifo "$STICK/PRISMA/receipts/fifo.prr"
printf x >"$STICK/PRISMA/receipts/$(printf 'odd\033]0;name')"
submit_n 1
"$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$STICK" >"$TEST_TMP/collect.out" 2>"$TEST_TMP/collect.err"
rc=$?
check "collect exits 0" test "$rc" = 0
check "collect reports counts" grep -q "receipts: 1 applied, 0 replayed, 5 rejected, 0 for other terminals; purged 3 request(s)" "$TEST_TMP/collect.out"
check "each bad receipt is named on stderr" test "$(grep -c 'rejected, nothing changed' "$TEST_TMP/collect.err")" = 4
check "an odd file name is reported, never printed" grep -q "a file with an odd name in .*: ignored" "$TEST_TMP/collect.err"
check "no escape sequence reaches the output" test "$(grep -c $'\033' "$TEST_TMP/collect.err")" = 0
check "exactly the receipted requests were purged" test "$(pending)" = "1 pending"
check "then exported what is left" grep -q "exported 1 request(s)" "$TEST_TMP/collect.out"
check "the applied receipt left the stick" test ! -e "$receipt"
bundle_of_receipt="$STICK/PRISMA/outbox/$(basename "${receipt%.prr}").prb"
check "with the bundle it answered" test ! -e "$bundle_of_receipt"
check "the new bundle is there" test "$(ls "$STICK"/PRISMA/outbox/*.prb | wc -l)" = 1
check "the rejected ones are quarantined on the stick" test "$(ls "$STICK/PRISMA/quarantine" | wc -l)" = 5
check "and no longer in receipts" test "$(ls "$STICK/PRISMA/receipts" | wc -l)" = 0

# Replay of the same receipt: reported, nothing purged.
cp "$TEST_TMP/receipt.keep" "$STICK/PRISMA/receipts/replay.prr"
out=$("$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$STICK" 2>&1)
check "a replayed receipt is reported" grep -q "1 replayed" <<<"$out"
check "a replayed receipt purges nothing" test "$(pending)" = "1 pending"

# Another terminal's receipt: left on the stick for that terminal, changes nothing here.
W2="$TEST_TMP/world2"
make_world "$W2" demo-wing-b-02
cp "$W/office/collection.pub" "$W2/terminal/keys/collection.pub"
printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\ntap next\ntap next\ntap consent\ntap submit\nexpect-screen done\n' >"$TEST_TMP/one.script"
"$KIOSK" --config "$W2/terminal/terminal.ini" --headless --script "$TEST_TMP/one.script"
S2="$TEST_TMP/stick2"
"$ADMIN" --config "$W2/terminal/terminal.ini" export --to "$S2" >/dev/null
office_trust "$TEST_TMP/office2.db" "$W2"
"$COLLECT" --db "$TEST_TMP/office2.db" import "$S2" --collection-key "$W/office/collection.key" >/dev/null
cp "$S2"/PRISMA/receipts/*.prr "$STICK/PRISMA/receipts/"
out=$("$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$STICK" 2>&1)
check "another terminal's receipt is reported" grep -q "1 for other terminals" <<<"$out"
check "and stays on the stick" test "$(ls "$STICK"/PRISMA/receipts/demo-wing-b-02-*.prr | wc -l)" = 1
check "and purges nothing here" test "$(pending)" = "1 pending"

# Importing the stick again is harmless: known requests, receipts rewritten only if missing.
out=$("$COLLECT" --db "$DB" import "$STICK" --collection-key "$W/office/collection.key")
check "re-import of the same stick succeeds" test $? = 0

# The audit log recorded the round without personal data, and shows tampering.
log="$W/terminal/spool/audit.log"
check "audit: every submit by counter" test "$(grep -c ' submit counter=' "$log")" = 4
check "audit: receipts applied and rejected" grep -q " receipt-applied file=" "$log"
check "audit: rejected receipts" test "$(grep -c ' receipt-rejected ' "$log")" = 4
check "audit: purge and export" grep -q " purge receipts_applied=1 .* requests=3 " "$log"
check "verify-audit passes on the untouched log" "$ADMIN" --config "$W/terminal/terminal.ini" verify-audit
sed -i 's/ submit counter=2 / submit counter=9 /' "$log"
fails_cleanly "verify-audit finds an edited line" "audit.log: line 2: edited, removed or out of order" \
	"$ADMIN" --config "$W/terminal/terminal.ini" verify-audit

# The office writes receipts only inside the stick's PRISMA/: a linked receipts folder is refused.
S3="$TEST_TMP/stick3"
"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$S3" >/dev/null
mkdir -p "$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$S3/PRISMA/receipts"
out=$("$COLLECT" --db "$DB" import "$S3" --collection-key "$W/office/collection.key" 2>&1)
check "a linked receipts folder is refused" grep -Eq "no receipt written: .*PRISMA/receipts: not a folder \(a link or a file\); refused" <<<"$out"
check "nothing written through the link" test -z "$(ls "$TEST_TMP/elsewhere")"
