#!/bin/bash
# The import part of `make bench` (tools/bench.sh, scale()), repeated so a loaded machine gives
# comparable numbers: a demo world with COUNT requests exported once, then ROUNDS times a first
# import into a fresh office store and a replay of the same stick into it, for each given
# prisma-collect (to compare two builds in the same run, alternating). Prints CPU (user + system)
# and wall per run (a replay: the mean of five in a row) and the medians, and the replay's share
# of the first import. Without --collection-key, as `make bench` imports (no receipts written).
#
#   tools/bench-import.sh [BUILD] [COUNT] [ROUNDS] [PRISMA_COLLECT...]
#   e.g. BUILD=build COUNT=10000 ROUNDS=5, the collect of BUILD by default
set -eu
BUILD=${1:-build}
COUNT=${2:-10000}
ROUNDS=${3:-5}
shift $(($# < 3 ? $# : 3))
COLLECTS=("$@")
[ ${#COLLECTS[@]} -gt 0 ] || COLLECTS=("$BUILD/prisma-collect")
export PRISMA_PASSPHRASE=demo
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

cpu() { # cpu COMMAND...: prints "CPU WALL" (seconds) of COMMAND, which must succeed
	/usr/bin/time -f "%U %S %e" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
	awk '{ printf "%.3f %.3f\n", $1 + $2, $3 }' "$T/time"
}

"$BUILD/prisma-admin" demo --dir "$T/w" >/dev/null
sed -i -e 's/^per_hour = .*/per_hour = 0/' -e 's/^spool_capacity = .*/spool_capacity = 10000000/' \
	"$T/w/terminal/terminal.ini"
"$BUILD/bench/bench_submit" "$T/w/terminal/terminal.ini" "$COUNT" fill >/dev/null
"$BUILD/prisma-admin" --config "$T/w/terminal/terminal.ini" export --to "$T/stick" >/dev/null
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load at start: $(cut -d' ' -f1-3 /proc/loadavg); $COUNT requests, $ROUNDS rounds"
for ((r = 1; r <= ROUNDS; r++)); do
	for c in "${COLLECTS[@]}"; do
		rm -f "$T/office.db"*
		"$c" --db "$T/office.db" enroll "$T/w/terminal/terminal.pub" >/dev/null 2>&1
		first=$(cpu "$c" --db "$T/office.db" import "$T/stick")
		# Five replays in one timing: a replay is about 0.1 s, the timer's step 0.01 s.
		replay=$(cpu sh -c 'for i in 1 2 3 4 5; do "$@" >/dev/null || exit 1; done' - \
			"$c" --db "$T/office.db" import "$T/stick" | awk '{ printf "%.3f %.3f\n", $1 / 5, $2 / 5 }')
		echo "$c $first $replay"
	done
done | tee "$T/runs" | awk '{ printf "  %s: import %s s CPU (%s s wall), replay %s s CPU (%s s wall)\n", $1, $2, $3, $4, $5 }'
for c in "${COLLECTS[@]}"; do
	awk -v c="$c" '$1 == c { f[++n] = $2; r[n] = $4 }
		function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		END { fm = median(f, n); rm = median(r, n)
			printf "%s: median import %.3f s CPU, replay %.3f s CPU: replay = 1/%.1f of the import\n", c, fm, rm, fm / rm }' "$T/runs"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
