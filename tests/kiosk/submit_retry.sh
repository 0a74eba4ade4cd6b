# A submit that fails (the spool's disk is full) shows the error screen: no
# "tell staff", the KORA hotline, and "try again" with the request still held
# in locked memory (the retry fails for the same reason, not for a wiped,
# empty request). Quick exit then wipes everything (checked on the data).
# Needs root for a small private tmpfs (unshare -m); prints "skip" without it.
. "$(dirname "$0")/../lib.sh"

# the terminal half of a demo world (its office keys are beside it)
make_world "$TEST_TMP/world-root"
W="$TEST_TMP/world-root/terminal"
if ! unshare -m true 2>/dev/null; then
	echo "skip submit_retry: needs root for a private tmpfs"
	exit 0
fi

cat >"$TEST_TMP/retry.script" <<'SCRIPT'
tap lang.en
tap start
tap service.akt
tap next
tap contact.named
type Retry Person
tap field.number
type 7777
tap next
tap field.message
type RETRY-CANARY
tap next
tap consent
tap submit
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

unshare -m bash -s "$W" "$KIOSK" "$TEST_TMP" <<'INNER'
W=$1 KIOSK=$2 T=$3
cp "$W/spool/spool.db" "$T/spool.db.provisioned"
mount -t tmpfs -o size=256k tmpfs "$W/spool" || { echo "not ok mount tmpfs"; exit 0; }
cp "$T/spool.db.provisioned" "$W/spool/spool.db"
avail=$(df --output=avail -k "$W/spool" | tail -n 1)
dd if=/dev/zero of="$W/spool/filler" bs=4k count=$(((avail - ${LEAVE_KIB:-36}) / 4)) status=none
if "$KIOSK" --config "$W/terminal.ini" --headless --script "$T/retry.script" \
	--screenshot-dir "$T/shots" 2>"$T/retry.err"; then
	echo "ok error screen offers retry and the hotline, quick exit wipes"
else
	echo "not ok error screen offers retry and the hotline, quick exit wipes: $(cat "$T/retry.err")"
fi
n=$(grep -c "submit:.*full" "$T/retry.err")
if [ "$n" -eq 2 ] && ! grep -q "required" "$T/retry.err"; then
	echo "ok the retry submitted the same request again"
else
	echo "not ok the retry submitted the same request again: $(cat "$T/retry.err")"
fi
if grep -qaF -e "Retry Person" -e RETRY-CANARY "$T/retry.err"; then
	echo "not ok stderr carries no plaintext"
else
	echo "ok stderr carries no plaintext"
fi
INNER
