# A full data disk never locks requests in: with no free space at all,
# `status` and `export` still work (read-only paths need none), a collection
# still exports, and the kiosk starts and refuses new requests instead of
# failing to start. Needs root for a small private tmpfs (unshare -m).
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
if ! unshare -m true 2>/dev/null; then
	echo "skip spool_full: needs root for a private tmpfs"
	exit 0
fi
for ((i = 0; i < 2; i++)); do
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\n'
	printf 'tap next\ntap next\ntap consent\ntap submit\nexpect-screen done\ntap finish\n'
done >"$TEST_TMP/two.script"
check "kiosk submits two requests" "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/two.script"
printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\ntap next\ntap next\ntap consent\ntap submit\nexpect-screen error\nexpect-text This terminal is full just now\nexpect-enabled retry\n' >"$TEST_TMP/refused.script"

unshare -m bash -s "$W" "$ADMIN" "$KIOSK" "$TEST_TMP" <<'INNER'
W=$1 ADMIN=$2 KIOSK=$3 T=$4
# the spool folder as it is (database, reference and audit keys, audit log) onto a tiny disk
cp -a "$W/terminal/spool" "$T/spool.copy"
mount -t tmpfs -o size=256k tmpfs "$W/terminal/spool" || { echo "not ok mount tmpfs"; exit 0; }
cp -a "$T/spool.copy/." "$W/terminal/spool/"
dd if=/dev/zero of="$W/terminal/spool/filler" bs=4k status=none 2>/dev/null
avail=$(df --output=avail -k "$W/terminal/spool" | tail -n 1)
[ "$avail" -eq 0 ] && echo "ok the data disk is full" || echo "not ok the data disk is full: $avail KiB free"
if out=$("$ADMIN" --config "$W/terminal/terminal.ini" status 2>&1) && grep -q "2 pending" <<<"$out" &&
	grep -q "FULL: no space left" <<<"$out"; then
	echo "ok status works and says the disk is full"
else
	echo "not ok status works and says the disk is full: $out"
fi
if out=$("$ADMIN" --config "$W/terminal/terminal.ini" export --to "$T/stick" 2>&1) &&
	grep -q "exported 2 request(s)" <<<"$out"; then
	echo "ok export works with no free space"
else
	echo "not ok export works with no free space: $out"
fi
if out=$("$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$T/stick2" 2>&1) &&
	grep -q "exported 2 request(s)" <<<"$out"; then
	echo "ok a collection exports with no free space"
else
	echo "not ok a collection exports with no free space: $out"
fi
if "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$T/refused.script" 2>"$T/kiosk.err"; then
	echo "ok the kiosk starts and refuses new requests"
else
	echo "not ok the kiosk starts and refuses new requests: $(cat "$T/kiosk.err")"
fi
grep -q "prisma-kiosk: the terminal is full (no space left on its disk): it takes no requests" "$T/kiosk.err" &&
	echo "ok the kiosk says at start that it is full" ||
	echo "not ok the kiosk says at start that it is full: $(cat "$T/kiosk.err")"
grep -q "the terminal is full (no space left on its disk); requests must be collected" "$T/kiosk.err" &&
	echo "ok a submission is refused saying so" ||
	echo "not ok a submission is refused saying so: $(cat "$T/kiosk.err")"
n=$("$ADMIN" --config "$W/terminal/terminal.ini" status | grep -o '[0-9]* pending')
[ "$n" = "2 pending" ] && echo "ok nothing was lost or added" || echo "not ok nothing was lost or added: $n"
INNER
