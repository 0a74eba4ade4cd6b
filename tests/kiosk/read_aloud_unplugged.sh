# run-alone: starts Xvfb (tools/run-tests.sh runs it by itself)
# A headset pulled out (issue 9), without hardware: the live kiosk in a window
# (Xvfb) with the real espeak-ng voice on SDL's disk audio driver writing into
# /dev/full. Its first write fails, so SDL itself stops the output and posts
# SDL_AUDIODEVICEREMOVED, as for a USB headset unplugged. The kiosk's main loop
# hands it to the voice (which drops what it was saying and posts
# SPEECH_FAILED) and says so on stderr; the kiosk goes on: Start shows the
# services (compared with their golden), a click on the speaker opens the
# output again (and loses it again: the same /dev/full), and SIGTERM ends it at
# once (the synthesis thread is not left hanging). Prints "skip" without
# xvfb-run, xdotool, xwd or imagemagick.
. "$(dirname "$0")/../lib.sh"

if ! command -v xvfb-run >/dev/null || ! command -v xdotool >/dev/null ||
	! command -v xwd >/dev/null || [ ! -x /usr/bin/convert ]; then
	echo "skip read_aloud_unplugged: needs xvfb-run, xdotool, xwd and imagemagick"
	exit 0
fi
W="$TEST_TMP/world"
make_world "$W"
printf '\n[speech]\nbackend = espeak\n' >>"$W/terminal/terminal.ini"
# Under make check: the X11 path loads system libraries that keep allocations to exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/full
export W KIOSK TEST_TMP ROOT COMPARE="$BUILD/tests/golden_compare"
timeout 120 xvfb-run -a -s "-screen 0 1024x600x24" bash -s >"$TEST_TMP/x.log" 2>&1 <<'INNER'
. "$ROOT/tests/kiosk/window/xshot.sh" # shot, shot_when
# lost_when N: waits (at most 10 s, no fixed sleeps) until stderr has N lost outputs.
lost_when() {
	for _ in $(seq 50); do
		[ "$(grep -c 'audio output is gone' "$TEST_TMP/kiosk.err")" -ge "$1" ] && return 0
		sleep 0.2
	done
	return 1
}
"$KIOSK" --config "$W/terminal/terminal.ini" 2>"$TEST_TMP/kiosk.err" & kiosk=$!
shot_when home-de-1024x600.png home && echo "home shown"
lost_when 1 && echo "lost once"
# the visit goes on: Start shows the services
xdotool mousemove 512 516 click 1
shot_when services-de-1024x600.png services && echo "services shown"
# the speaker (top left): the output is opened again for the read-out, and lost again
xdotool sleep 0.5 mousemove 80 40 click 1 # after the tap guard (tap_guard_ms, 400)
lost_when 2 && echo "lost twice"
kill -0 "$kiosk" && echo "alive after the losses"
kill -TERM "$kiosk"
wait "$kiosk"
echo "exit $?"
INNER
check "unplugged: the kiosk starts and shows home" grep -q "home shown" "$TEST_TMP/x.log"
check "unplugged: SDL's removal reaches the voice and is said on stderr" \
	grep -q "lost once" "$TEST_TMP/x.log"
check "unplugged: the next read-out opens the output again (lost again)" \
	grep -q "lost twice" "$TEST_TMP/x.log"
check "unplugged: the visit goes on (Start shows the services)" grep -q "services shown" "$TEST_TMP/x.log"
check "unplugged: the kiosk goes on" grep -q "alive after the losses" "$TEST_TMP/x.log"
check "unplugged: SIGTERM ends it cleanly (no hung thread)" grep -q "^exit 0$" "$TEST_TMP/x.log"
