# No CPU while idle where SDL's video driver has no wake-up of its own (KMSDRM
# on the terminal; SDL's dummy driver here): SDL 2.26 looks for events every
# millisecond there, so the kiosk sleeps in poll() on SDL's input and an
# eventfd instead (app/kiosk/wakeup.c). Counted, not timed: the context
# switches of all the kiosk's threads during 3 s on home with nothing
# happening (about 2700 before, SDL_Delay(1) in a loop; 15 more for a USB
# watcher that woke every 200 ms). A signal, an SDL event pushed from another
# thread, must still wake the sleeping loop and end the kiosk.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"
SDL_VIDEODRIVER=dummy "$KIOSK" --config "$W/terminal/terminal.ini" 2>"$TEST_TMP/err" &
pid=$!

# switches: context switches of every thread of the kiosk so far
switches() {
	cat /proc/"$pid"/task/*/status 2>/dev/null |
		awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'
}

# Three-second windows until one is quiet: a slow start (fonts, keys) is no failure.
quiet=
for _ in $(seq 20); do
	before=$(switches)
	sleep 3
	kill -0 "$pid" 2>/dev/null || break
	n=$(($(switches) - before))
	if [ "$n" -lt 10 ]; then
		quiet=$n
		break
	fi
done
if [ -n "$quiet" ]; then
	ok "idle on home on a driver without a wake-up: $quiet context switches in 3 s"
else
	not_ok "idle on home on a driver without a wake-up" "${n:-?} context switches in 3 s, never fewer than 10 in 60 s"
fi

kill -TERM "$pid" 2>/dev/null
for _ in $(seq 200); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL "$pid"
	not_ok "SIGTERM wakes the sleeping loop" "still running 20 s later"
elif wait "$pid"; then
	ok "SIGTERM wakes the sleeping loop and the kiosk ends (exit 0)"
else
	not_ok "SIGTERM wakes the sleeping loop" "exit $?: $(head -c 300 "$TEST_TMP/err")"
fi
