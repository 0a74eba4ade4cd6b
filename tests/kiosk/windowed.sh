# run-alone: starts Xvfb (tools/run-tests.sh runs it by itself)
# The kiosk in a real window on an X server (Xvfb), as on a terminal with a
# display: a scripted walk through the window path, then real mouse clicks and
# keys sent through the X server with xdotool, checked against the golden
# pictures. Prints "skip" where Xvfb or xdotool is missing.
. "$(dirname "$0")/../lib.sh"

if ! command -v xvfb-run >/dev/null || ! command -v xdotool >/dev/null ||
	! command -v xwd >/dev/null || [ ! -x /usr/bin/convert ]; then
	echo "skip windowed: needs xvfb-run, xdotool, xwd and imagemagick"
	exit 0
fi
W="$TEST_TMP/world"
make_world "$W"
# the languages and panel of the goldens it compares with (tests/kiosk/goldens.sh)
kiosk_languages "$W" de,de-x-easy,en,ar,fa,ru,tr,pl,cs,ro,ka,vi,fr
# Under make check: the X11 path loads system libraries (libdbus, X drivers)
# that keep allocations to exit; leaks of our own code are checked headless.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export W KIOSK TEST_TMP ROOT
COMPARE="$BUILD/tests/golden_compare"

check "a scripted walk in a window" timeout 120 xvfb-run -a -s "-screen 0 1024x600x24" \
	"$KIOSK" --config "$W/terminal/terminal.ini" --script "$ROOT/tests/kiosk/named_path.script" \
	--screenshot-dir "$TEST_TMP/scripted"

# Real input: German is the start language; click Start (860/1000 down), try to leave with
# alt+F4, press quick exit; screenshots of the whole X screen after each step.
export COMPARE
timeout 120 xvfb-run -a -s "-screen 0 1024x600x24" bash -s >"$TEST_TMP/x.log" 2>&1 <<'INNER'
. "$ROOT/tests/kiosk/window/xshot.sh" # shot, shot_when
"$KIOSK" --config "$W/terminal/terminal.ini" & kiosk=$!
shot_when home-de-1024x600.png home
xdotool mousemove 512 516 click 1
shot_when services-de-1024x600.png services
xdotool key alt+F4 key ctrl+alt+BackSpace key Escape
sleep 1
kill -0 "$kiosk" && echo "alive after keys"
shot services-after-keys
xdotool mousemove 900 48 click 1
shot_when home-de-1024x600.png back-home
kill -TERM "$kiosk"
wait "$kiosk"
echo "exit $?"
INNER
golden() { # golden NAME SHOT
	"$COMPARE" "$ROOT/tests/kiosk/golden/$1" "$TEST_TMP/$2.png" >/dev/null
}
check "the window shows the home screen" golden home-de-1024x600.png home
check "a click on Start opens the services" golden services-de-1024x600.png services
check "alt+F4, ctrl+alt+backspace and escape do not close the kiosk" grep -q "alive after keys" "$TEST_TMP/x.log"
check "the keys change nothing on screen" golden services-de-1024x600.png services-after-keys
check "quick exit by click goes home" golden home-de-1024x600.png back-home
check "SIGTERM ends the kiosk cleanly" grep -q "exit 0" "$TEST_TMP/x.log"
