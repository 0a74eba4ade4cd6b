# The terminal breaks while the kiosk runs (docs/kiosk.md, "Out of service
# later"): the kiosk checks the terminal (core's terminal_check) at each
# arrival on home, before a submit and after a submit that failed for no
# reason of its own. Broken for real, from the script between two steps
# (`run`): the spool file moved away during a request, the signing key file
# moved away, a recipient's public key replaced. Then out-of-service with the
# hotline, the request wiped (checked on the data), the reason on stderr and
# in the audit log only, nothing leads away (taps, keys, idle), and once a
# re-check every health_recheck seconds finds the terminal usable again, home
# in the start language, taking requests.
. "$(dirname "$0")/../lib.sh"

make_world "$TEST_TMP/world-root"
W="$TEST_TMP/world-root/terminal"
sed -i "s/^idle_timeout = 120$/idle_timeout = 120\nhealth_recheck = 30/" "$W/terminal.ini"

cat >"$TEST_TMP/later.script" <<SCRIPT
# 1. the spool file is moved away while a request is typed: Send finds it broken
tap lang.en
tap start
tap service.akt
tap next
tap contact.named
type Broken Person
tap field.number
type 4242
tap next
tap field.message
type OOS-CANARY
tap next
run mv $W/spool/spool.db $W/spool.db.away
tap consent
tap submit
expect-wiped
expect-screen out-of-service
expect-no-text OOS-CANARY
expect-no-text Broken Person
expect-no-text spool
expect-text später noch einmal
expect-text +49 351 56 45 49 49
screenshot broken-submit
# nothing leads away: taps, keys, the idle timer
tap-at 400 300
key escape
key alt+f4
wait 29000
expect-screen out-of-service
wait 600000
expect-screen out-of-service
# put back: the next check (at most health_recheck later) shows home in the start language
run mv $W/spool.db.away $W/spool/spool.db
wait 30000
expect-wiped
expect-screen home
expect-text Beratung & Training
# 2. the signing key is moved away while someone is on the way: back home is out of service
tap lang.en
tap start
run mv $W/terminal.key $W/terminal.key.away
tap back
expect-wiped
expect-screen out-of-service
expect-no-text terminal.key
run mv $W/terminal.key.away $W/terminal.key
wait 30000
expect-screen home
# 3. a recipient's public key replaced by another: quick exit finds it
tap start
run cp $W/keys/vpn.pub $W/vpn.pub.saved
run cp $W/keys/collection.pub $W/keys/vpn.pub
tap quick-exit
expect-screen out-of-service
run cp $W/vpn.pub.saved $W/keys/vpn.pub
wait 30000
expect-screen home
# a working terminal takes a request again
tap start
tap service.akt
tap next
tap contact.code
tap next
tap next
tap consent
tap submit
expect-screen done
SCRIPT

if "$KIOSK" --config "$W/terminal.ini" --headless --script "$TEST_TMP/later.script" \
	--screenshot-dir "$TEST_TMP/shots" 2>"$TEST_TMP/later.err"; then
	ok "out of service later: spool, key and recipient broken while running, back in service after each repair"
else
	not_ok "out of service later" "$(cat "$TEST_TMP/later.err")"
fi
n=$(grep -c "^prisma-kiosk: out of service: " "$TEST_TMP/later.err")
if [ "$n" -eq 3 ] && grep -q "out of service: .*spool.db: cannot be written there" "$TEST_TMP/later.err" &&
	grep -q "out of service: .*terminal.key" "$TEST_TMP/later.err" &&
	grep -q "out of service: .*vpn.pub" "$TEST_TMP/later.err" &&
	[ "$(grep -c "^prisma-kiosk: back in service$" "$TEST_TMP/later.err")" -eq 3 ] &&
	[ "$(wc -l <"$TEST_TMP/later.err")" -eq 6 ]; then
	ok "out of service later: each reason once on stderr, each return too"
else
	not_ok "out of service later: each reason once on stderr, each return too" "$(cat "$TEST_TMP/later.err")"
fi
if grep -qaF -e "Broken Person" -e OOS-CANARY "$TEST_TMP/later.err"; then
	not_ok "out of service later: stderr carries no plaintext"
else
	ok "out of service later: stderr carries no plaintext"
fi
if [ "$(grep -c " out-of-service reason=" "$W/spool/audit.log")" -eq 3 ] &&
	[ "$(grep -c " in-service" "$W/spool/audit.log")" -eq 3 ] &&
	"$ADMIN" --config "$W/terminal.ini" verify-audit >"$TEST_TMP/verify.out" 2>&1; then
	ok "out of service later: in the audit log, its chain intact"
else
	not_ok "out of service later: in the audit log, its chain intact" "$(cat "$W/spool/audit.log" "$TEST_TMP/verify.out")"
fi
