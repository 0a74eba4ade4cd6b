# A submit that cannot be stored (the spool's disk is full) must not show a
# reference code: the kiosk shows the error screen, stores nothing, keeps no
# plaintext, and the terminal works again once there is space.
# Needs root for a small private tmpfs (unshare -m); prints "skip" without it.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
if ! unshare -m true 2>/dev/null; then
	echo "skip submit_failure: needs root for a private tmpfs"
	exit 0
fi

cat >"$TEST_TMP/full.script" <<'SCRIPT'
tap lang.en
tap start
tap service.akt
tap next
tap contact.named
tap field.name
type Wilhelmina Vollplatte
tap field.number
type 9988
tap next
tap field.message
type DISK-FULL-CANARY
tap next
tap consent
tap submit
expect-screen error
expect-no-text DISK-FULL-CANARY
screenshot error
tap quick-exit
expect-screen home
SCRIPT

# Inside a private mount namespace: the spool on a 256 KiB tmpfs, filled up.
unshare -m bash -s "$W" "$ADMIN" "$KIOSK" "$TEST_TMP" <<'INNER'
W=$1 ADMIN=$2 KIOSK=$3 T=$4
# The spool moves with its reference key (without it no code can be given: formats.md).
cp "$W/terminal/spool/spool.db" "$T/spool.db.provisioned"
cp "$W/terminal/spool/reference.key" "$T/reference.key.provisioned"
mount -t tmpfs -o size=256k tmpfs "$W/terminal/spool" || { echo "not ok mount tmpfs"; exit 0; }
cp "$T/spool.db.provisioned" "$W/terminal/spool/spool.db"
cp -p "$T/reference.key.provisioned" "$W/terminal/spool/reference.key"
# Leave room to open the spool (WAL index) but not to commit a request.
avail=$(df --output=avail -k "$W/terminal/spool" | tail -n 1)
dd if=/dev/zero of="$W/terminal/spool/filler" bs=4k count=$(((avail - ${LEAVE_KIB:-36}) / 4)) status=none
if "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$T/full.script" --screenshot-dir "$T/shots" 2>"$T/full.err"; then
	echo "ok kiosk shows the error screen when the spool is full"
else
	echo "not ok kiosk shows the error screen when the spool is full: $(cat "$T/full.err")"
fi
if grep -q "full" "$T/full.err" && [ "$(wc -l <"$T/full.err")" -eq 1 ]; then
	echo "ok the failure is one line on stderr"
else
	echo "not ok the failure is one line on stderr: $(cat "$T/full.err")"
fi
if grep -qaF -e Vollplatte -e DISK-FULL-CANARY "$T/full.err"; then
	echo "not ok stderr carries no plaintext"
else
	echo "ok stderr carries no plaintext"
fi
rm -f "$W/terminal/spool/filler"
n=$("$ADMIN" --config "$W/terminal/terminal.ini" status | grep -o '[0-9]* pending')
[ "$n" = "0 pending" ] && echo "ok nothing was stored" || echo "not ok nothing was stored: $n"
if grep -rqaF -e Vollplatte -e DISK-FULL-CANARY "$W/terminal/spool"; then
	echo "not ok no plaintext in the spool"
else
	echo "ok no plaintext in the spool"
fi
sed -e '/expect-screen error/,$d' "$T/full.script" >"$T/retry.script"
echo "expect-screen done" >>"$T/retry.script"
if "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$T/retry.script" 2>"$T/retry.err"; then
	echo "ok with space again the same request is stored"
else
	echo "not ok with space again the same request is stored: $(cat "$T/retry.err")"
fi
n=$("$ADMIN" --config "$W/terminal/terminal.ini" status | grep -o '[0-9]* pending')
[ "$n" = "1 pending" ] && echo "ok the spool holds it" || echo "not ok the spool holds it: $n"
INNER
