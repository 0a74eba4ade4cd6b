# A stick anyone may have prepared: links, FIFOs, devices, odd names, huge files
# and a PRISMA folder that points elsewhere. Import reads only regular files
# beneath the stick folder, reports each refusal on one line, keeps the good
# bundles and exits non-zero; export writes nothing outside the stick's PRISMA/.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
STICK="$TEST_TMP/stick"
make_world "$W"
echo '{}' | "$FORGE" "$W/terminal/terminal.ini"
"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK" >/dev/null
OUTBOX="$STICK/PRISMA/outbox"

ln -s /dev/zero "$OUTBOX/zero.prb"
mkfifo "$OUTBOX/fifo.prb"
truncate -s 300M "$OUTBOX/huge.prb"
touch "$OUTBOX/$(printf 'odd\033]0;x\007name.prb')"
ln -s "$(ls "$OUTBOX"/demo-*.prb)" "$OUTBOX/link.prb"

DB="$TEST_TMP/office.db"
office_trust "$DB" "$W"
# timeout only turns a hang (the FIFO) into a failure; it is never reached when correct.
timeout 120 "$COLLECT" --db "$DB" import "$STICK" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
check "import of a hostile stick exits non-zero" test "$rc" -ne 0 -a "$rc" -ne 124
check "the real bundle is stored" test "$(sqlite3 "$DB" 'select count(*) from envelopes')" = 1
check "a link to /dev/zero is refused unread" grep -q "zero.prb: a symbolic link; refused" "$TEST_TMP/err"
check "a link to a real bundle is refused too" grep -q "link.prb: a symbolic link; refused" "$TEST_TMP/err"
check "a FIFO is refused" grep -q "fifo.prb: not a regular file; refused" "$TEST_TMP/err"
check "an oversized file is refused by its size" grep -q "huge.prb: larger than [0-9]* bytes; refused" "$TEST_TMP/err"
check "an odd name is refused and shown escaped" grep -qF "odd[U+001B]]0;x[U+0007]name.prb: not a bundle name" "$TEST_TMP/err"
check "one line per refusal" test "$(wc -l <"$TEST_TMP/err")" -eq 5
check "the report holds no raw control" lacks_raw "$TEST_TMP/err"
check "nothing on the stick was touched" test -p "$OUTBOX/fifo.prb" -a -L "$OUTBOX/zero.prb"

# An export cut off at the terminal (power, a pulled stick) leaves its temporary file: the office
# does not read it, says what it is, and that is not a failure (its requests are still pending).
STICK3="$TEST_TMP/stick3"
"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$STICK3" >/dev/null
head -c 1000 "$(ls "$STICK3"/PRISMA/outbox/demo-*.prb)" >"$STICK3/PRISMA/outbox/demo-wing-a-01-20261129T080000Z-1-1.prb.tmp-Ab12Cd"
office_trust "$TEST_TMP/o3.db" "$W"
out=$("$COLLECT" --db "$TEST_TMP/o3.db" import "$STICK3" 2>&1)
rc=$?
check "a cut-off export's temporary file is not a failure ($out)" test "$rc" -eq 0
check "it is named as left by a cut-off export" grep -q "1.prb.tmp-Ab12Cd: left by an export that was cut off at the terminal; not read" <<<"$out"
check "the bundle beside it is imported" grep -q "imported 1 new request(s), 0 already known, from 1 bundle(s)" <<<"$out"

# PRISMA/ itself a link off the stick: import reads nothing there, export writes nothing there.
ELSEWHERE="$TEST_TMP/elsewhere"
mkdir -p "$ELSEWHERE/outbox" "$TEST_TMP/stick2"
cp "$OUTBOX"/demo-*.prb "$ELSEWHERE/outbox/"
ln -s "$ELSEWHERE" "$TEST_TMP/stick2/PRISMA"
fails_cleanly "import refuses a PRISMA folder that is a link" "stick2/PRISMA: not a (folder|directory)" \
	"$COLLECT" --db "$TEST_TMP/o2.db" import "$TEST_TMP/stick2"
echo '{}' | "$FORGE" "$W/terminal/terminal.ini"
fails_cleanly "export refuses a PRISMA folder that is a link" "stick2/PRISMA: not a (folder|directory)" \
	"$ADMIN" --config "$W/terminal/terminal.ini" export --to "$TEST_TMP/stick2"
check "export wrote nothing off the stick" test "$(ls "$ELSEWHERE/outbox" | wc -l)" -eq 1

# Databases are private, and an empty --db is an error, not a vanishing temporary store.
check "the office database is 0600" test "$(stat -c %a "$DB")" = 600
check "the spool database is 0600" test "$(stat -c %a "$W/terminal/spool/spool.db")" = 600
fails_cleanly "--db '' is an error" "not an empty path" timeout 120 "$COLLECT" --db "" import "$STICK"
# SQLite's in-memory name, and URIs (which can ask for memory), would vanish as "" would.
for name in :memory: "file:$TEST_TMP/u.db?mode=memory"; do
	fails_cleanly "--db $name is an error" "not a file \(write \./" timeout 120 \
		"$COLLECT" --db "$name" import "$STICK"
done

# Several first imports into one new office at once: none fails "database is locked".
: >"$TEST_TMP/parallel.err"
for round in $(seq 1 20); do
	for i in 1 2 3 4 5 6; do
		"$COLLECT" --db "$TEST_TMP/p$round.db" enroll "$W/terminal/terminal.pub" >/dev/null 2>>"$TEST_TMP/parallel.err" &
	done
	wait
done
check "120 parallel first opens of 20 new offices all succeed" test ! -s "$TEST_TMP/parallel.err"
