#!/bin/bash
# make bench: speed and memory of the pieces a person waits for, beside a bare C
# floor doing the same work (tests/bench/floor.c). Prints a Markdown section to
# paste into docs/performance.md (machine, date and load included).
# BENCH_COUNT: submits timed (300); BENCH_SCALES: spool sizes for export,
# import and list ("1000 10000 100000"; 100,000 takes some minutes and ~3 GB).
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PRISMA_PASSPHRASE=demo SDL_AUDIODRIVER=dummy
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${BENCH_COUNT:-300}
SCALES=${BENCH_SCALES:-1000 10000 100000}

run() { # run COMMAND...: sets SECS, CPU and MIB (wall seconds, user + system seconds, peak RSS)
	/usr/bin/time -f "%e %U %S %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
	read -r SECS user sys kib <"$T/time"
	CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	MIB=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

measure() { # measure LABEL COMMAND...: one table row
	local label=$1
	shift
	run "$@"
	awk -v l="$label" -v s="$SECS" -v m="$MIB" 'BEGIN { printf "| %s | %.0f ms | %s MiB |\n", l, s * 1000, m }'
}

world() { # world DIR: a demo world that takes requests back to back
	"$BUILD/prisma-admin" demo --dir "$1" >/dev/null
	sed -i -e 's/^per_hour = .*/per_hour = 0/' -e 's/^spool_capacity = .*/spool_capacity = 10000000/' \
		"$1/terminal/terminal.ini"
}

kib() { du -ck "$@" | tail -1 | cut -f1; }

# stream_rss COUNT COMMAND...: samples COMMAND's resident memory every 0.1 s; notes for
# $T/stream its peak (the key's unlock) and its lowest and highest after that (from the first
# sample under half the peak on, past the fall), i.e. while it streams.
stream_rss() {
	local n=$1
	shift
	"$@" >/dev/null 2>&1 &
	local pid=$! samples="" rss
	# A finished process (a zombie, or gone) has no VmRSS line.
	while rss=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null) && [ -n "$rss" ]; do
		samples+="$rss "
		sleep 0.1
	done
	wait "$pid"
	echo "$samples" | tr ' ' '\n' | awk -v n="$n" 'NF { v[++c] = $1; if ($1 > peak) { peak = $1; at = c } }
		END {
			for (i = at + 1; i <= c && v[i] >= peak / 2; i++) ; # the unlock lets go here
			for (; i < c && v[i + 1] < v[i]; i++) ; # a sample taken while it was letting go
			for (; i <= c; i++) { k++; if (v[i] > hi) hi = v[i]; if (!lo || v[i] < lo) lo = v[i] }
			printf "| %d | %.1f MiB | %d | %.1f–%.1f MiB |\n", n, peak / 1024, k, lo / 1024, hi / 1024
		}' >>"$T/stream"
}

row() { # row COUNT STEP OURS_SECS OURS_CPU OURS_MIB (then the floor's run in SECS, CPU, MIB)
	awk -v n="$1" -v l="$2" -v s="$3" -v c="$4" -v m="$5" -v fs="$SECS" -v fc="$CPU" -v fm="$MIB" 'BEGIN {
		printf "| %d | %s | %.2f s | %.2f s | %s MiB | %.2f s | %.2f s | %s MiB | %s |\n", n, l, s, c, m,
			fs, fc, fm, (fc > 0 ? sprintf("%.1fx", c / fc) : "-") }'
}

scale() { # scale COUNT: export, import, replay and list of COUNT requests, ours and the floor's
	local n=$1 w="$T/s$n" os oc om
	world "$w"
	"$BUILD/bench/bench_submit" "$w/terminal/terminal.ini" "$n" fill >"$T/fill"
	run "$BUILD/prisma-admin" --config "$w/terminal/terminal.ini" export --to "$w/stick"
	os=$SECS oc=$CPU om=$MIB
	run "$BUILD/bench/floor" export "$w/terminal/spool/spool.db" "$w/terminal/terminal.key" "$w/floor"
	row "$n" export "$os" "$oc" "$om"
	"$BUILD/prisma-collect" --db "$w/office.db" enroll "$w/terminal/terminal.pub" >/dev/null 2>&1
	run "$BUILD/prisma-collect" --db "$w/office.db" import "$w/stick"
	os=$SECS oc=$CPU om=$MIB
	run "$BUILD/bench/floor" import "$w/floor.db" "$w"/floor-*.prb
	row "$n" import "$os" "$oc" "$om"
	run "$BUILD/prisma-collect" --db "$w/office.db" import "$w/stick"
	os=$SECS oc=$CPU om=$MIB
	run "$BUILD/bench/floor" import "$w/floor.db" "$w"/floor-*.prb
	row "$n" "import again (replay)" "$os" "$oc" "$om"
	run "$BUILD/prisma-collect" --db "$w/office.db" list --key "$w/office/vpn.key" --format json
	os=$SECS oc=$CPU om=$MIB
	run "$BUILD/bench/floor" list "$w/office.db" "$w/office/vpn.key"
	row "$n" "list --format json" "$os" "$oc" "$om"
	# The same listing with the key sealed at Argon2id's minimum cost: list's own memory.
	"$BUILD/bench/floor" cheapkey "$w/office/vpn.key" "$w/cheap.key"
	run "$BUILD/prisma-collect" --db "$w/office.db" list --key "$w/cheap.key" --format json
	os=$SECS oc=$CPU om=$MIB
	run "$BUILD/bench/floor" list "$w/office.db" "$w/cheap.key"
	row "$n" "list, key at minimum cost" "$os" "$oc" "$om"
	stream_rss "$n" "$BUILD/prisma-collect" --db "$w/office.db" list --key "$w/office/vpn.key" --format json
	echo "$n $(kib "$w"/stick/PRISMA/outbox/*.prb) $(kib "$w"/terminal/spool/spool.db*) $(kib "$w"/office.db*) $(grep -o 'median=[0-9.]* ms' "$T/fill" | cut -d= -f2)" >>"$T/bytes"
	rm -rf "$w"
}

echo "## $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), disk $(df -h "$T" | awk 'NR==2{print $1}')"
echo
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)."
echo
world "$T/w"
echo '```'
"$BUILD/bench/bench_submit" "$T/w/terminal/terminal.ini" "$N"
"$BUILD/bench/floor" submit "$T/floor-spool.db" "$T/w/terminal/terminal.key" "$T/w/office/vpn.pub" "$N"
echo '```'
echo
echo "| step | wall time | peak memory |"
echo "| --- | --- | --- |"
measure "kiosk: start, full named request, submit, exit (headless 1024x600)" \
	"$BUILD/prisma-kiosk" --config "$T/w/terminal/terminal.ini" --headless --script tools/demo.script --screenshot-dir "$T/screens"
# Read aloud: a scripted kiosk records instead of speaking, so the voice is measured on its own
# here (tests/bench/bench_speech.c); the live kiosk speaking, in one process, comes at the end
# (tools/bench-readaloud.sh).
echo
echo "Read aloud (tests/bench/bench_speech.c):"
echo
"$BUILD/bench/bench_speech"
echo
echo "| requests | step | ours wall | ours CPU | ours peak | floor wall | floor CPU | floor peak | CPU ours / floor |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in $SCALES; do
	scale "$n"
done
echo
echo "list with the real key (Argon2id 256 MiB), resident memory sampled every 0.1 s:"
echo
echo "| requests | peak while the key is unlocked | samples after the unlock | resident while streaming (lowest–highest) |"
echo "| --- | --- | --- | --- |"
cat "$T/stream"
echo
echo "| requests | bundles | spool | office database | bytes per request (bundle / spool / office) | seal + commit median |"
echo "| --- | --- | --- | --- | --- | --- |"
while read -r n b s o med; do
	awk -v n="$n" -v b="$b" -v s="$s" -v o="$o" -v m="$med" 'BEGIN {
		printf "| %d | %.1f MiB | %.1f MiB | %.1f MiB | %d / %d / %d | %s |\n", n, b / 1024, s / 1024,
			o / 1024, b * 1024 / n, s * 1024 / n, o * 1024 / n, m }'
done <"$T/bytes"
echo

tools/bench-kiosk.sh "$BUILD" "$T/w/terminal/terminal.ini" "$T"
echo
tools/bench-readaloud.sh "$BUILD" "$T/w/terminal/terminal.ini" "$T"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
