# The kiosk's systemd unit (firmware/systemd/prisma-kiosk.service, docs/image.md): its
# systemd-analyze security score stays "OK" or better and no worse than recorded, it keeps the
# promises the image relies on, and the kiosk talks to systemd's watchdog from its main loop.
. "$(dirname "$0")/../lib.sh"

UNIT="$ROOT/firmware/systemd/prisma-kiosk.service"
# The exposure recorded in docs/image.md, in tenths; a weaker unit must update both on purpose.
RECORDED=10

if ! command -v systemd-analyze >/dev/null; then
	echo "skip kiosk unit: no systemd-analyze"
	exit 0
fi

# `--offline=yes` reads the unit file alone, nothing is started (systemd 252 and later).
report=$(systemd-analyze security --offline=yes --no-pager "$UNIT" 2>&1)
line=$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: *//p')
score=${line%% *}
label=$(printf '%s' "$line" | awk '{ print $2 }')
case "$label" in
PERFECT | SAFE | OK) ok "kiosk unit: systemd-analyze security says $score $label" ;;
*) not_ok "kiosk unit: systemd-analyze security" "'$line', wanted OK or better" ;;
esac
tenths=$(printf '%s' "$score" | tr -d .)
if [ -n "$tenths" ] && [ "$tenths" -le "$RECORDED" ] 2>/dev/null; then
	ok "kiosk unit: exposure $score no worse than the recorded $((RECORDED / 10)).$((RECORDED % 10))"
else
	not_ok "kiosk unit: exposure" "'$score' is worse than the recorded $((RECORDED / 10)).$((RECORDED % 10))"
fi

# What the image relies on, whatever the score: set exactly so.
has() { grep -qx -- "$1" "$UNIT"; }
for want in "User=prisma-kiosk" "Restart=always" "Type=notify" "WatchdogSec=30" \
	"ProtectSystem=strict" "NoNewPrivileges=yes" "PrivateTmp=yes" "CapabilityBoundingSet=" \
	"RestrictAddressFamilies=AF_UNIX AF_NETLINK" "SystemCallFilter=@system-service" \
	"Environment=SDL_VIDEODRIVER=KMSDRM SDL_AUDIODRIVER=dummy" "StateDirectoryMode=0700"; do
	check "kiosk unit: $want" has "$want"
done

# The watchdog hook: READY=1 after the first frame, then WATCHDOG=1 from the loop, STOPPING=1 on
# SIGTERM. The kiosk runs its real loop (not --headless) on SDL's dummy display.
if ! nm -D "$KIOSK" 2>/dev/null | grep -q ' sd_notify'; then
	echo "skip kiosk watchdog: built without libsystemd"
	exit 0
fi
make_world "$TEST_TMP/world" >/dev/null
out=$(SDL_VIDEODRIVER=dummy "$BUILD/tools/notify_listen" "$TEST_TMP/notify.sock" 200000 3 \
	"$KIOSK" --config "$TEST_TMP/world/terminal/terminal.ini" 2>"$TEST_TMP/kiosk.err")
rc=$?
# A ping may come between the third and SIGTERM: count them, compare the order.
pings=$(printf '%s\n' "$out" | grep -c '^msg WATCHDOG=1$')
expected=$(printf '%s\n' "msg READY=1" "msg STATUS=first frame drawn" "msg WATCHDOG=1" \
	"msg STOPPING=1" "exit 0")
if [ "$rc" -eq 0 ] && [ "$pings" -ge 3 ] && [ "$(printf '%s\n' "$out" | uniq)" = "$expected" ]; then
	ok "kiosk watchdog: ready after the first frame, pings from the loop, stopping on SIGTERM"
else
	not_ok "kiosk watchdog" "rc $rc, got: $(printf '%s' "$out" | tr '\n' '|') $(head -c 300 "$TEST_TMP/kiosk.err")"
fi

