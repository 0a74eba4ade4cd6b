# A submit that really fails, three ways (docs/kiosk.md, "Privacy in memory"):
# 1. The spool's disk is full (a small private tmpfs filled up): SQLite's
#    commit fails. The error screen: no "tell staff", the KORA hotline, and
#    "try again" with the request still held in locked memory (the retry fails
#    for the same reason, not for a wiped, empty request). Quick exit wipes.
# 2. The same, then space is freed from the script (`run rm`): "try again"
#    stores the request and shows its code; the spool holds it exactly once
#    (the office gets it once, with that code, and no counter is missing).
# 3. The same, left alone on the error screen: the idle warning, "more time"
#    back to the error screen, then the countdown wipes; the next person walks
#    up and sees nothing of it, and nothing was stored.
# 4. The disk fails writes (ext4 on a loop device whose backing file lies on a
#    full tmpfs): the commit gets an I/O error, the kernel stops writing that
#    filesystem, and core's terminal_check after the failed submit finds it:
#    out of service, wiped, the reason on stderr only.
# Needs root for private mounts (unshare -m); prints "skip" without them.
. "$(dirname "$0")/../lib.sh"

if ! unshare -m true 2>/dev/null; then
	echo "skip submit_retry: needs root for a private tmpfs"
	exit 0
fi

# to_submit NAME NUMBER MESSAGE: the script lines of a named AKT request up to Send
to_submit() {
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.named\n'
	printf 'type %s\ntap field.number\ntype %s\ntap next\ntap field.message\n' "$1" "$2"
	printf 'type %s\ntap next\ntap consent\ntap submit\n' "$3"
}

# on_full_tmpfs CASE: a fresh world CASE whose spool lies on a 256 KiB tmpfs
# filled up to LEAVE_KIB (36) KiB; runs the kiosk on CASE.script there, then
# CASE.after (a shell snippet, optional) inside the same mount namespace. Their
# output goes to stdout; the kiosk's stderr to CASE.err.
on_full_tmpfs() {
	make_world "$TEST_TMP/$1"
	unshare -m bash -s "$1" "$TEST_TMP" "$KIOSK" "$ADMIN" "$COLLECT" <<'INNER'
C=$1 T=$2 KIOSK=$3 ADMIN=$4 COLLECT=$5
W=$T/$C/terminal
cp -a "$W/spool" "$T/$C.provisioned"
mount -t tmpfs -o size=256k tmpfs "$W/spool" || { echo "not ok $C: mount tmpfs"; exit 0; }
cp -a "$T/$C.provisioned/." "$W/spool/"
avail=$(df --output=avail -k "$W/spool" | tail -n 1)
dd if=/dev/zero of="$W/spool/filler" bs=4k count=$(((avail - ${LEAVE_KIB:-36}) / 4)) status=none
"$KIOSK" --config "$W/terminal.ini" --headless --script "$T/$C.script" \
	--screenshot-dir "$T/shots-$C" >"$T/$C.out" 2>"$T/$C.err"
echo "kiosk exit $?"
[ -f "$T/$C.after" ] && . "$T/$C.after"
INNER
}

# no_plaintext CASE TEXT...: stderr of CASE carries none of TEXT
no_plaintext() {
	local c=$1
	shift
	for t in "$@"; do
		if grep -qaF -- "$t" "$TEST_TMP/$c.err"; then
			not_ok "$c: stderr carries no plaintext" "$t"
			return
		fi
	done
	ok "$c: stderr carries no plaintext"
}

# 1. full, retry fails again, quick exit wipes; the second tap of a double tap on
# Send (its centre at 1024x600) lands on nothing: the error screen stays
{
	to_submit "Retry Person" 7777 RETRY-CANARY
	cat <<'SCRIPT'
tap-at 839 552
expect-screen error
wait 1000
tap-at 839 552
expect-screen error
expect-no-text RETRY-CANARY
expect-no-text staff
expect-text KORA
expect-text +49 351 56 45 49 49
expect-enabled retry
screenshot error
tap retry
expect-screen error
expect-no-text Retry Person
tap quick-exit
expect-wiped
expect-screen home
SCRIPT
} >"$TEST_TMP/full.script"
out=$(on_full_tmpfs full)
if [ "$out" = "kiosk exit 0" ]; then
	ok "full disk: error screen offers retry and the hotline, quick exit wipes"
else
	not_ok "full disk: error screen offers retry and the hotline, quick exit wipes" \
		"$out $(cat "$TEST_TMP/full.err")"
fi
n=$(grep -c "submit: .*spool.db: cannot commit the request: database or disk is full" "$TEST_TMP/full.err")
if [ "$n" -eq 2 ] && [ "$(wc -l <"$TEST_TMP/full.err")" -eq 2 ]; then
	ok "full disk: a real failed commit, and the retry submitted the same request again"
else
	not_ok "full disk: a real failed commit, and the retry submitted the same request again" \
		"$(cat "$TEST_TMP/full.err")"
fi
no_plaintext full "Retry Person" RETRY-CANARY 7777

# 2. full, space freed, retry stores it once and shows its code
W="$TEST_TMP/freed/terminal"
{
	to_submit "Freed Person" 8888 FREED-CANARY
	cat <<SCRIPT
expect-screen error
expect-enabled retry
run rm $W/spool/filler
tap retry
expect-screen done
expect-text Your code
dump-layout done.layout
tap finish
expect-wiped
expect-screen home
SCRIPT
} >"$TEST_TMP/freed.script"
# After the kiosk, still inside the namespace: what the spool holds, through the office.
cat >"$TEST_TMP/freed.after" <<'AFTER'
"$ADMIN" --config "$W/terminal.ini" status | head -n 1
"$ADMIN" --config "$W/terminal.ini" collect --stick "$T/freed-stick" >/dev/null &&
	"$COLLECT" --db "$T/freed-office.db" import "$T/freed-stick" \
		--collection-key "$T/$C/office/collection.key" >/dev/null &&
	"$COLLECT" --db "$T/freed-office.db" status >/dev/null && echo "office: no counter missing"
"$COLLECT" --db "$T/freed-office.db" list --key "$T/$C/office/vpn.key" --format csv \
	>"$T/freed.csv" 2>"$T/freed.list-err"
AFTER
out=$(on_full_tmpfs freed)
code=$(grep -oE '\b[A-Z0-9]{4}-[A-Z0-9]{4}\b' "$TEST_TMP/shots-freed/done.layout" 2>/dev/null | head -n 1)
expect="kiosk exit 0
terminal demo-wing-a-01: 1 pending request(s); signing key id"
if [ "${out#"$expect"}" != "$out" ] && [ -n "$code" ] &&
	printf '%s\n' "$out" | grep -qx "office: no counter missing" &&
	[ "$(grep -c "FREED-CANARY" "$TEST_TMP/freed.csv")" -eq 1 ] &&
	[ "$(grep -c ",\"$code\"," "$TEST_TMP/freed.csv")" -eq 1 ] &&
	[ "$(grep -c "cannot commit the request: database or disk is full" "$TEST_TMP/freed.err")" -eq 1 ]; then
	ok "space freed: try again stores the request exactly once and shows its code ($code)"
else
	not_ok "space freed: try again stores the request exactly once and shows its code" \
		"$out / code '$code' / $(cat "$TEST_TMP/freed.err" "$TEST_TMP/freed.csv" 2>&1)"
fi
no_plaintext freed "Freed Person" FREED-CANARY 8888

# 3. full, left alone on the error screen: idle wipes; the next person finds nothing.
# Name and message typed by tapping keys, so no script line holds them: while the
# error screen waits, they are in the kiosk's memory only where it is locked (the
# session's request); after the wipe nowhere (tests/tools/memscan, as in two_inmates.sh).
W="$TEST_TMP/idle/terminal"
scan_skip=$(kiosk_memscan_skip)
NAME=qzjxvwkqjzxvqkwjxzqvkjwq
MESSAGE=zkqxjwvzqjxkzvwqkzjxqvwzjkqxvzwj
memscan_needles "$NAME" "$MESSAGE" >"$TEST_TMP/needles"
{
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.named\n'
	script_keys "$NAME"
	printf 'tap field.number\ntype 6666\ntap next\ntap field.message\n'
	script_keys "$MESSAGE"
	printf 'tap next\ntap consent\ntap submit\n'
	printf 'expect-screen error\n'
	[ -z "$scan_skip" ] && printf 'run %s --parent --present %s\n' "$BUILD/tools/memscan" "$TEST_TMP/needles"
	cat <<SCRIPT
wait 120000
expect-screen idle-warning
dump-layout warning.layout
expect-enabled more-time
tap more-time
expect-screen error
expect-enabled retry
wait 150000
expect-wiped
expect-screen home
$([ -z "$scan_skip" ] && echo "run $BUILD/tools/memscan --parent $TEST_TMP/needles")
expect-text Beratung & Training
# the next person, later, with the space back: nothing of the first is there or sent
wait 3600000
run rm $W/spool/filler
tap lang.en
tap start
tap service.akt
tap next
expect-screen contact
expect-disabled next
tap contact.named
dump-layout next-named.layout
tap contact.code
tap next
dump-layout next-details.layout
tap next
expect-screen review
dump-layout next-review.layout
tap consent
tap submit
expect-screen done
tap finish
expect-wiped
SCRIPT
} >"$TEST_TMP/idle.script"
cat >"$TEST_TMP/idle.after" <<'AFTER'
"$ADMIN" --config "$W/terminal.ini" collect --stick "$T/idle-stick" >/dev/null &&
	"$COLLECT" --db "$T/idle-office.db" import "$T/idle-stick" \
		--collection-key "$T/$C/office/collection.key" >/dev/null &&
	"$COLLECT" --db "$T/idle-office.db" list --key "$T/$C/office/vpn.key" --format csv \
		>"$T/idle.csv" 2>"$T/idle.list-err"
AFTER
out=$(on_full_tmpfs idle)
if [ "$out" = "kiosk exit 0" ] && [ "$(grep -c '^"demo-wing-a-01/' "$TEST_TMP/idle.csv")" -eq 1 ] &&
	grep -q '^"demo-wing-a-01/1","akt",.*,"code","","","",' "$TEST_TMP/idle.csv" &&
	! grep -qaF -f "$TEST_TMP/needles" -e 6666 "$TEST_TMP/idle.csv" "$TEST_TMP"/shots-idle/*.layout; then
	ok "failed submit left alone: idle hides and wipes it, the next person sees and sends none of it"
else
	not_ok "failed submit left alone: idle hides and wipes it, the next person sees and sends none of it" \
		"$out / $(cat "$TEST_TMP/idle.err" "$TEST_TMP/idle.out" "$TEST_TMP/idle.csv" 2>&1)"
fi
# memscan's control on the error screen: every text found, each copy in locked memory only
if [ -n "$scan_skip" ]; then
	echo "skip submit_retry memory scan: $scan_skip"
elif [ "$(grep -c "^memscan: '.*' (bytes) at .*, locked$" "$TEST_TMP/idle.out")" -eq 4 ] &&
	[ "$(grep -c "^memscan: " "$TEST_TMP/idle.out")" -eq 4 ]; then
	ok "failed submit: the request waits for try again in locked memory only, and is gone after idle"
else
	not_ok "failed submit: the request waits for try again in locked memory only" \
		"$(cat "$TEST_TMP/idle.out")"
fi
no_plaintext idle "$NAME" "$MESSAGE" 6666

# 4. the disk fails writes: terminal_check after the failed submit puts it out of service
if ! command -v mkfs.ext4 >/dev/null || ! command -v losetup >/dev/null; then
	echo "skip submit_retry: disk errors need mkfs.ext4 and losetup (e2fsprogs, mount)"
	exit 0
fi
make_world "$TEST_TMP/eio"
W="$TEST_TMP/eio/terminal"
{
	to_submit "Broken Disk" 5151 EIO-CANARY
	printf 'expect-wiped\nexpect-screen out-of-service\nexpect-no-text EIO-CANARY\n'
	printf 'expect-no-text Broken Disk\nexpect-no-text spool\nexpect-text +49 351 56 45 49 49\n'
} >"$TEST_TMP/eio.script"
out=$(unshare -m bash -s "$W" "$KIOSK" "$TEST_TMP" <<'INNER'
W=$1 KIOSK=$2 T=$3
mkdir -p "$T/eio-outer"
mount -t tmpfs -o size=8m tmpfs "$T/eio-outer" || { echo "skip: mount tmpfs"; exit 0; }
# A sparse 64 MiB disk in 8 MiB: its metadata and journal written now, new data later fails.
truncate -s 64M "$T/eio-outer/disk.img"
mkfs.ext4 -q -b 1024 -J size=1 -E lazy_itable_init=0,lazy_journal_init=0,nodiscard \
	"$T/eio-outer/disk.img" || { echo "skip: mkfs.ext4"; exit 0; }
dev=$(losetup -f --show "$T/eio-outer/disk.img") || { echo "skip: no loop device"; exit 0; }
cp -a "$W/spool" "$T/eio.provisioned"
if mount -o errors=remount-ro,data_err=abort,noinit_itable "$dev" "$W/spool"; then
	cp -a "$T/eio.provisioned/." "$W/spool/"
	sync
	dd if=/dev/zero of="$T/eio-outer/filler" bs=4k status=none 2>/dev/null
	"$KIOSK" --config "$W/terminal.ini" --headless --script "$T/eio.script" 2>"$T/eio.err"
	echo "kiosk exit $?"
	umount "$W/spool"
else
	echo "skip: mount ext4"
fi
losetup -d "$dev"
INNER
)
case $out in
skip*) echo "skip submit_retry disk errors: ${out#skip: }"; exit 0 ;;
esac
submit_line=$(grep -n "^prisma-kiosk: submit: .*spool.db: cannot commit the request: disk I/O error$" \
	"$TEST_TMP/eio.err" | cut -d: -f1)
oos_line=$(grep -n "^prisma-kiosk: out of service: .*/spool: cannot be written there: Read-only file system$" \
	"$TEST_TMP/eio.err" | cut -d: -f1)
if [ "$out" = "kiosk exit 0" ] && [ "${submit_line:-0}" -eq 1 ] && [ "${oos_line:-0}" -eq 2 ] &&
	[ "$(wc -l <"$TEST_TMP/eio.err")" -eq 2 ]; then
	ok "disk I/O error: the failed submit's terminal check finds the disk unwritable, out of service, wiped"
else
	not_ok "disk I/O error: the failed submit's terminal check finds the disk unwritable, out of service, wiped" \
		"$out / $(cat "$TEST_TMP/eio.err")"
fi
no_plaintext eio "Broken Disk" EIO-CANARY 5151
