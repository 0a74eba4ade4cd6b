# A hostile stick at the kiosk (and at prisma-admin collect --stick): links, FIFOs, a device,
# huge files, odd and long names, a folder where a file belongs, PRISMA itself a link, the
# token a FIFO or huge, unknown files. Each is refused unread with one audit line naming why,
# nothing outside the stick's PRISMA/ is read or written, nothing hangs, unknown files are
# left alone, and the requests are still exported (nothing lost).
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
AUDIT="$W/terminal/spool/audit.log"
KEY="$W/office/collection.key"
make_world "$W"
kiosk_languages "$W"
kiosk() { "$KIOSK" --config "$INI" --headless --script "$1" 2>>"$TEST_TMP/kiosk.err"; }
{ script_request HOSTILE-CANARY && echo "tap finish"; } >"$TEST_TMP/submit.script"
check "the kiosk takes a request" kiosk "$TEST_TMP/submit.script"

# Receipts that are not receipts, under names like ours and odd ones.
S="$TEST_TMP/stick"
R="$S/PRISMA/receipts"
stick_token "$S" "$KEY"
mkdir -p "$R" "$S/PRISMA/outbox"
ours() { echo "demo-wing-a-01-20261128T101010Z-$1-$1.prr"; }
ln -s /dev/zero "$R/$(ours 1)"
mkfifo "$R/$(ours 2)"
truncate -s 300M "$R/$(ours 3)"
printf 'junk' >"$R/$(ours 4)"
mkdir "$R/$(ours 5)"
touch "$R/$(printf 'odd\033]0;x\007name.prr')"
touch "$R/$(printf 'a%.0s' $(seq 1 240)).prr"
touch "$R/.hidden.prr"
hostile=8
if [ "$(id -u)" -eq 0 ] && mknod "$R/$(ours 6)" c 1 5 2>/dev/null; then
	hostile=9 # a character device (/dev/zero's numbers)
fi
printf '#!/bin/sh\necho ran >"%s"\n' "$TEST_TMP/ran" >"$S/PRISMA/autorun.sh"
chmod +x "$S/PRISMA/autorun.sh"
printf 'notes' >"$S/PRISMA/README.txt"
ln -s /etc/passwd "$S/PRISMA/outbox/zz-link.prb"
printf 'stick-insert %s %s\nexpect-status EXPORT_OK\nexpect-text EXPORT_OK  1 sent, 0 confirmed\n' "$S" "$STICK_SERIAL" >"$TEST_TMP/hostile.script"
before=$(grep -c . "$AUDIT")
# timeout only turns a hang (the FIFO, /dev/zero) into a failure; never reached when correct.
check "a stick of hostile receipts: still EXPORT_OK, the request written" timeout 120 "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/hostile.script"
refused=$(tail -n +"$((before + 1))" "$AUDIT" | grep -c " receipt-rejected \| stick-file-refused ")
check "one audit line per hostile receipt ($refused of $hostile)" test "$refused" = "$hostile"
check "the audit line says why (a link, not a regular file)" grep -q " receipt-rejected file=$(ours 1) reason=cannot_open__a_link__ " "$AUDIT"
check "each hostile receipt is moved aside, unread, as it was" \
	eval 'test -L "$S/PRISMA/quarantine/$(ours 1)" -a -p "$S/PRISMA/quarantine/$(ours 2)" -a -d "$S/PRISMA/quarantine/$(ours 5)"'
check "nothing left in receipts (odd names, a hidden one too, moved aside)" \
	test -z "$(ls -A "$R")"
check "unknown files are left alone and nothing on the stick ran" \
	eval 'test -x "$S/PRISMA/autorun.sh" -a -f "$S/PRISMA/README.txt" -a ! -e "$TEST_TMP/ran"'
check "a link in the outbox is left alone, not followed" test -L "$S/PRISMA/outbox/zz-link.prb"
check "the bundle is on the stick" test "$(ls "$S/PRISMA/outbox/" | grep -c '^demo-wing-a-01-.*\.prb$')" = 1
check "the audit chain holds" "$ADMIN" --config "$INI" verify-audit

# The token: a FIFO, a link, huge, PRISMA itself a link off the stick. NOT_AUTHORIZED, the
# reason in the audit line, nothing written anywhere.
mkdir -p "$TEST_TMP/fifo/PRISMA" "$TEST_TMP/huge/PRISMA" "$TEST_TMP/link/PRISMA" "$TEST_TMP/prismalink"
mkfifo "$TEST_TMP/fifo/PRISMA/token"
truncate -s 100M "$TEST_TMP/huge/PRISMA/token"
stick_token "$TEST_TMP/elsewhere" "$KEY"
ln -s "$TEST_TMP/elsewhere/PRISMA/token" "$TEST_TMP/link/PRISMA/token"
ln -s "$TEST_TMP/elsewhere/PRISMA" "$TEST_TMP/prismalink/PRISMA"
for s in fifo huge link prismalink; do
	printf 'stick-insert %s %s\nexpect-status NOT_AUTHORIZED\nstick-remove\ntap collect.close\n' "$TEST_TMP/$s" "$STICK_SERIAL"
done >"$TEST_TMP/tokens.script"
check "a FIFO, huge or linked token, and PRISMA a link: NOT_AUTHORIZED each, no hang" \
	timeout 120 "$KIOSK" --config "$INI" --headless --script "$TEST_TMP/tokens.script"
check "the FIFO token's audit line says why" grep -q " collection status=NOT_AUTHORIZED .* detail=PRISMA_token__not_a_regular_file__refused " "$AUDIT"
check "the huge token's audit line says why" grep -q " collection status=NOT_AUTHORIZED .* detail=PRISMA_token__larger_than_" "$AUDIT"
check "the linked token's audit line says why" grep -q " collection status=NOT_AUTHORIZED .* detail=PRISMA_token__a_symbolic_link__refused " "$AUDIT"
check "nothing written through the links" test "$(find "$TEST_TMP/elsewhere" | wc -l)" = 3

# prisma-admin collect --stick at the terminal's shell: PRISMA a link off the stick. Nothing
# there is read, moved or written (receipts neither), one line, exit non-zero.
mkdir -p "$TEST_TMP/elsewhere/PRISMA/receipts"
printf 'junk' >"$TEST_TMP/elsewhere/PRISMA/receipts/$(ours 7)"
fails_cleanly "collect --stick refuses a PRISMA folder that is a link" "prismalink/PRISMA: not a (folder|directory)" \
	"$ADMIN" --config "$INI" collect --stick "$TEST_TMP/prismalink"
check "collect --stick moved nothing off the stick (no quarantine there, the file in place)" \
	eval 'test ! -e "$TEST_TMP/elsewhere/PRISMA/quarantine" -a -f "$TEST_TMP/elsewhere/PRISMA/receipts/$(ours 7)"'
