# The office tool's commands beyond import and list: show, export (csv and
# html pages, everything escaped), status with the quarantine, --help for
# every command, and a man page for every program.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
make_world "$W"
jq -cn --arg msg $'<script>alert(1)</script>\n\x1b[2J & "quoted"' '{
	service: "akt", created: "2026-01-01T00:00:00Z", language: "de", reference: "AAAA-BBBB",
	contact: {mode: "named", name: "Zacharias <b>Q</b>", number: "=1+1", unit: "B 2"},
	times: "Mo", message: $msg}' | "$FORGE" "$W/terminal/terminal.ini"
"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK" >/dev/null
"$COLLECT" --db "$DB" import "$STICK" --collection-key "$W/office/collection.key" >/dev/null 2>&1
KEY="$W/office/vpn.key"

out=$("$COLLECT" --db "$DB" show demo-wing-a-01/1 --key "$KEY" 2>/dev/null)
check "show prints the one request" grep -qF "Zacharias <b>Q</b>" <<<"$out"
check "show escapes the message" grep -qF "[U+001B][2J" <<<"$out"
fails_cleanly "show of an unknown id fails" "request demo-wing-a-01/9: not stored" \
	"$COLLECT" --db "$DB" show demo-wing-a-01/9 --key "$KEY"

# Output that cannot be written (a full disk) is an error, not a silent exit 0.
fails_cleanly "list to a full disk fails" "standard output: cannot write: No space left on device" \
	bash -c '"$1" --db "$2" list --key "$3" 2>&1 >/dev/full | grep -v "request(s) for key" >&2; exit "${PIPESTATUS[0]}"' _ "$COLLECT" "$DB" "$KEY"
fails_cleanly "export csv to a full disk fails" "standard output: cannot write" \
	bash -c '"$1" --db "$2" export --key "$3" --format csv 2>&1 >/dev/full | grep -v "request(s)" >&2; exit "${PIPESTATUS[0]}"' _ "$COLLECT" "$DB" "$KEY"

"$COLLECT" --db "$DB" export --key "$KEY" --format html --out "$TEST_TMP/pages" 2>/dev/null
PAGE="$TEST_TMP/pages/demo-wing-a-01-1.html"
check "export html writes one page per request" test "$(ls "$TEST_TMP/pages")" = demo-wing-a-01-1.html
check "the page is 0600" test "$(stat -c %a "$PAGE")" = 600
check "the page escapes markup" grep -qF "&lt;script&gt;alert(1)&lt;/script&gt;" "$PAGE"
check "the page escapes the name" grep -qF "Zacharias &lt;b&gt;Q&lt;/b&gt;" "$PAGE"
check "the page has no script but text" bash -c "! grep -q '<script' '$PAGE'"
check "the page shows controls visibly" grep -qF "[U+001B][2J &amp; &quot;quoted&quot;" "$PAGE"
check "the page holds no raw control" lacks_raw "$PAGE"
check "the page is print-friendly" grep -q "@media print" "$PAGE"
"$COLLECT" --db "$DB" export --key "$KEY" --format html --out "$TEST_TMP/pages" 2>"$TEST_TMP/again.err"
rc=$?
check "export html never overwrites a page: exit non-zero" test "$rc" -ne 0
check "and names the page" grep -q "demo-wing-a-01-1.html: cannot create: already exists" "$TEST_TMP/again.err"

"$COLLECT" --db "$DB" export --key "$KEY" --format csv --out "$TEST_TMP/out.csv" 2>/dev/null
check "export csv writes the sheet" grep -qF "\"'=1+1\"" "$TEST_TMP/out.csv"
check "the sheet is 0600 (it holds opened requests), whatever the umask" test "$(stat -c %a "$TEST_TMP/out.csv")" = 600
fails_cleanly "export csv never overwrites" "out.csv: cannot create" \
	"$COLLECT" --db "$DB" export --key "$KEY" --format csv --out "$TEST_TMP/out.csv"
fails_cleanly "export needs a format" "--format csv\|html is required" "$COLLECT" --db "$DB" export --key "$KEY"
fails_cleanly "export refuses json" "--format: 'json' is not csv or html" \
	"$COLLECT" --db "$DB" export --key "$KEY" --format json
fails_cleanly "list refuses html" "--format: 'html' is not table, csv or json" \
	"$COLLECT" --db "$DB" list --key "$KEY" --format html

# status shows terminals, counts and the quarantine.
ROGUE="$TEST_TMP/rogue"
make_world "$ROGUE" wing-x-99
echo '{}' | "$FORGE" "$ROGUE/terminal/terminal.ini"
"$ADMIN" --config "$ROGUE/terminal/terminal.ini" export --to "$TEST_TMP/rogue-stick" >/dev/null
"$COLLECT" --db "$DB" import "$TEST_TMP/rogue-stick" >/dev/null 2>&1
out=$("$COLLECT" --db "$DB" status 2>&1)
check "status counts the terminal's requests" grep -q "terminal demo-wing-a-01: 1 request(s) stored" <<<"$out"
check "status shows the quarantined bundle with its fingerprint" \
	grep -Eq "quarantined: a bundle of [0-9]+ bytes claiming terminal wing-x-99, key [0-9]{5} [0-9]{5} [0-9]{5} [0-9]{5}" <<<"$out"
check "status does not list the quarantined terminal as a terminal" bash -c "! grep -q '^terminal wing-x-99' <<<'$out'"

for cmd in keygen certify token enroll import status list show export; do
	check "$cmd --help" bash -c "'$COLLECT' $cmd --help | grep -q '^usage: prisma-collect .*$cmd'"
done
# Every command --help names has its own entry in the man page.
for cmd in $("$COLLECT" --help | sed -n 's/.*prisma-collect \(--db OFFICE.db \)\{0,1\}\([a-z-]*\).*/\2/p'); do
	check "man page prisma-collect(1) has an entry for $cmd" \
		grep -qx "\.B $cmd" "$ROOT/docs/man/prisma-collect.1"
done
check "--help lists every command" test "$("$COLLECT" --help | grep -c 'prisma-collect ')" -ge 8
for prog in prisma-collect prisma-admin prisma-kiosk; do
	check "man page for $prog renders without warnings" \
		bash -c "test -z \"\$(groff -man -ww -z '$ROOT/docs/man/$prog.1' 2>&1)\" && man -l '$ROOT/docs/man/$prog.1' 2>/dev/null | col -b | grep -q '^NAME'"
done
