# The post-boot health check (firmware/bin/prisma-health): healthy only when the spool opens,
# the kiosk is up (first frame) and USBGuard runs; an unhealthy tried slot reboots (normally,
# into the old slot), an unhealthy normal boot does not. Real prisma-admin status on a real demo
# spool; systemctl and reboot are recorded.
. "$(dirname "$0")/../lib.sh"

H="$ROOT/firmware/bin/prisma-health"
make_world "$TEST_TMP/world"
mkdir -p "$TEST_TMP/dt/chosen/bootloader"
printf '#!/bin/sh\ncase "$*" in *"$ACTIVE"*) exit 0 ;; esac\nexit 3\n' >"$TEST_TMP/systemctl"
printf '#!/bin/sh\necho reboot >>"%s"\n' "$TEST_TMP/reboots" >"$TEST_TMP/reboot"
printf '#!/bin/sh\necho "rauc $*" >>"%s"\n' "$TEST_TMP/reboots" >"$TEST_TMP/rauc"
chmod +x "$TEST_TMP/systemctl" "$TEST_TMP/reboot" "$TEST_TMP/rauc"
run() { # run ACTIVE-UNITS-PATTERN TRYBOOT [CONFIG]
	printf "\\000\\000\\000\\00$2" >"$TEST_TMP/dt/chosen/bootloader/tryboot"
	ACTIVE=$1 PRISMA_CONFIG=${3:-$TEST_TMP/world/terminal/terminal.ini} PRISMA_ADMIN="$ADMIN" \
		PRISMA_SYSTEMCTL="$TEST_TMP/systemctl" PRISMA_DEVICE_TREE="$TEST_TMP/dt" \
		PRISMA_REBOOT="$TEST_TMP/reboot" PRISMA_RAUC="$TEST_TMP/rauc" PRISMA_HEALTH_WAIT=1 "$H"
}
: >"$TEST_TMP/reboots"
check "health: all well on a tryboot: healthy, no reboot" run "is-active --quiet" 1
check "health: no reboot when healthy" test ! -s "$TEST_TMP/reboots"
fails_cleanly "health: kiosk not up: unhealthy" "kiosk's first frame" run "usbguard.service" 0
check "health: unhealthy normal boot does not reboot" test ! -s "$TEST_TMP/reboots"
fails_cleanly "health: usbguard not running: unhealthy" "usbguard.service" run "prisma-kiosk.service" 0
fails_cleanly "health: spool does not open: unhealthy" "spool" run "is-active" 0 "$TEST_TMP/none.ini"
run "usbguard.service" 1 2>/dev/null
check "health: unhealthy tried slot reboots into the old one" grep -qx reboot "$TEST_TMP/reboots"
check "health: the failed tried slot is marked bad, then reboots" \
	test "$(cat "$TEST_TMP/reboots")" = "$(printf 'rauc status mark-bad booted\nreboot')"
