#!/bin/bash
# Part of make bench (tools/bench.sh): the kiosk against issue 5's performance targets, and
# headless Chromium on the same page (tests/bench/home.html) in the same run. Prints Markdown.
#   bench-kiosk.sh BUILD CONFIG TMPDIR
set -eu
BUILD=$1 CONFIG=$2 T=$3
KIOSK="$BUILD/prisma-kiosk"
RUNS=${BENCH_RUNS:-10}

# runs LABEL COMMAND...: RUNS runs; median wall and CPU (user+sys) time, largest peak RSS.
runs() {
	local label=$1 i wall cpu rss
	shift
	: >"$T/runs"
	for ((i = 0; i < RUNS; i++)); do
		/usr/bin/time -f "%e %U %S %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
		cat "$T/time" >>"$T/runs"
	done
	median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
	wall=$(awk '{ print $1 }' "$T/runs" | median)
	cpu=$(awk '{ print $2 + $3 }' "$T/runs" | median)
	rss=$(awk '{ print $4 }' "$T/runs" | sort -n | tail -1)
	awk -v l="$label" -v w="$wall" -v c="$cpu" -v r="$rss" \
		'BEGIN { printf "| %s | %.0f ms | %.0f ms | %.1f MiB |\n", l, w * 1000, c * 1000, r / 1024 }'
}

echo "### Kiosk (issue 5 performance), 1280x800"
echo
echo '```'
"$BUILD/bench/bench_kiosk" "$CONFIG" 1280x800 "${BENCH_COUNT:-300}"
echo '```'
echo
echo "| $RUNS runs each, headless, home screen | median wall | median CPU | peak memory |"
echo "| --- | --- | --- | --- |"
runs "kiosk: start, first frame, exit (no PNG)" "$KIOSK" --config "$CONFIG" --headless --size 1280x800
runs "kiosk: start, first frame, PNG, exit" "$KIOSK" --config "$CONFIG" --headless --size 1280x800 \
	--screenshot-dir "$T/kiosk-shot"
if command -v chromium >/dev/null; then
	RUNS=${BENCH_CHROMIUM_RUNS:-3} runs "headless Chromium: same page, screenshot (largest process)" \
		chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,800 \
		--user-data-dir="$T/chromium" --screenshot="$T/chromium.png" "file://$PWD/tests/bench/home.html"
else
	echo "| headless Chromium | not installed | | |"
fi
echo

# The live window: two taps that redraw without changing the screen (German, English).
printf 'dump-layout %s/home.layout\n' "$T" >"$T/layout.script"
"$KIOSK" --config "$CONFIG" --headless --size 1280x800 --script "$T/layout.script"
point() { awk -v id="$1" '$1 == id { print int($3 + $5 / 2), int($4 + $6 / 2) }' "$T/home.layout"; }
if ! command -v xvfb-run >/dev/null || [ ! -x "$BUILD/bench/bench_window" ]; then
	echo "Live window: skipped (needs xvfb-run and bench_window)."
	exit 0
fi
for path in framebuffer renderer; do
	accel=0
	[ "$path" = renderer ] && accel=1
	echo "Live window under Xvfb 1280x800, present path: $path (SDL_FRAMEBUFFER_ACCELERATION=$accel)"
	echo
	echo '```'
	SDL_FRAMEBUFFER_ACCELERATION=$accel xvfb-run -a -s "-screen 0 1280x800x24" \
		"$BUILD/bench/bench_window" 40 $(point lang.de) $(point lang.en) -- \
		"$(realpath "$KIOSK")" --config "$CONFIG"
	echo '```'
	echo
done
