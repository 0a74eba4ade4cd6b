#!/bin/bash
# Part of make bench (tools/bench.sh): memory with read aloud active, in ONE process (issue 9:
# under 40 MiB in total). The live kiosk in a window under Xvfb on the framebuffer path (as
# bench-kiosk.sh), with the real espeak-ng voice ([speech] backend = espeak) speaking through
# SDL audio: the disk driver writes into a FIFO that is only counted (non-zero bytes, so it is
# known that the voice really spoke) and never stored. bench_window clicks the speaker button
# and a language button in turn (read the home screen, then say the language's name in its own
# voice, ...) and reports the kiosk's peak RSS (VmHWM); then the same without a voice. Prints
# Markdown.
#   bench-readaloud.sh BUILD CONFIG TMPDIR
set -eu
BUILD=$1 CONFIG=$2 T=$3
KIOSK="$BUILD/prisma-kiosk"
CLICKS=${BENCH_READALOUD_CLICKS:-20}

if ! command -v xvfb-run >/dev/null || [ ! -x "$BUILD/bench/bench_window" ]; then
	echo "Read aloud in the live window: skipped (needs xvfb-run and bench_window)."
	exit 0
fi
# The world's paths are relative to its terminal.ini: the copy with the voice sits beside it.
SPEECH_INI="$(dirname "$CONFIG")/bench-readaloud.ini"
cp "$CONFIG" "$SPEECH_INI"
printf '\n[speech]\nbackend = espeak\n' >>"$SPEECH_INI"
printf 'dump-layout %s/readaloud-home.layout\n' "$T" >"$T/readaloud.script"
"$KIOSK" --config "$SPEECH_INI" --headless --size 1280x800 --script "$T/readaloud.script"
point() { awk -v id="$1" '$1 == id { print int($3 + $5 / 2), int($4 + $6 / 2) }' "$T/readaloud-home.layout"; }
rm -f "$T/audio.fifo"
mkfifo "$T/audio.fifo"
LC_ALL=C tr -d '\000' <"$T/audio.fifo" | wc -c >"$T/audio.count" &
reader=$!
echo "Read aloud active, the live window under Xvfb 1280x800, framebuffer path, one process:"
echo "the real espeak-ng voice on SDL's disk audio driver (into a FIFO, counted, not kept), $CLICKS"
echo "clicks alternating the speaker button and lang.ar (load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo '```'
# shellcheck disable=SC2046 # each point is two words, X and Y
SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/audio.fifo" \
	xvfb-run -a -s "-screen 0 1280x800x24" \
	"$BUILD/bench/bench_window" "$CLICKS" $(point speak) $(point lang.ar) -- \
	"$(realpath "$KIOSK")" --config "$SPEECH_INI" 2>"$T/readaloud.err" || {
	cat "$T/readaloud.err"
	exit 1
}
# A kiosk that never opened its output leaves the reader waiting for a writer: give it one.
if kill -0 "$reader" 2>/dev/null; then timeout 5 sh -c ": >'$T/audio.fifo'" || true; fi
wait "$reader"
awk '{ printf "audio the voice handed to the output: %d non-zero bytes (about %.1f s of 16-bit samples at 22,050 Hz)\n", $1, $1 / 44100 }' "$T/audio.count"
echo '```'
echo
# The same clicks without a voice ([speech] backend = none): what the voice adds.
sed -i 's/^backend = espeak$/backend = none/' "$SPEECH_INI"
echo "The same clicks without a voice ([speech] backend = none):"
echo
echo '```'
# shellcheck disable=SC2046 # each point is two words, X and Y
SDL_FRAMEBUFFER_ACCELERATION=0 xvfb-run -a -s "-screen 0 1280x800x24" \
	"$BUILD/bench/bench_window" "$CLICKS" $(point speak) $(point lang.ar) -- \
	"$(realpath "$KIOSK")" --config "$SPEECH_INI" 2>"$T/readaloud.err" | grep 'peak memory' || {
	cat "$T/readaloud.err"
	exit 1
}
echo '```'
rm -f "$SPEECH_INI" "$T/audio.fifo"
