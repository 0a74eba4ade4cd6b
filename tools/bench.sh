#!/bin/bash
# make bench: speed and memory of the pieces a person waits for. Prints a
# Markdown section to paste into docs/performance.md (machine and date included).
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PRISMA_PASSPHRASE=demo SDL_AUDIODRIVER=dummy
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${BENCH_COUNT:-300}

measure() { # measure LABEL COMMAND...: wall seconds and peak RSS of one run
	local label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
	read -r secs kib <"$T/time"
	awk -v l="$label" -v s="$secs" -v k="$kib" 'BEGIN { printf "| %s | %.0f ms | %.1f MiB |\n", l, s * 1000, k / 1024 }'
}

"$BUILD/prisma-admin" demo --dir "$T/w" >/dev/null
# A benchmark submits back to back: no hourly limit, room for every request.
sed -i -e 's/^per_hour = .*/per_hour = 0/' -e 's/^spool_capacity = .*/spool_capacity = 10000000/' "$T/w/terminal/terminal.ini"
echo "## $(date -u +%Y-%m-%d) on $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), disk $(df -h "$T" | awk 'NR==2{print $1}')"
echo
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)."
echo
echo '```'
"$BUILD/bench/bench_submit" "$T/w/terminal/terminal.ini" "$N"
echo '```'
echo
echo "| step ($N requests in the spool) | wall time | peak memory |"
echo "| --- | --- | --- |"
measure "kiosk: start, full named request, submit, exit (headless 1024x600)" \
	"$BUILD/prisma-kiosk" --config "$T/w/terminal/terminal.ini" --headless --script tools/demo.script --screenshot-dir "$T/screens"
measure "admin export --to stick" "$BUILD/prisma-admin" --config "$T/w/terminal/terminal.ini" export --to "$T/stick"
measure "collect enroll" "$BUILD/prisma-collect" --db "$T/office.db" enroll "$T/w/terminal/terminal.pub"
measure "collect import" "$BUILD/prisma-collect" --db "$T/office.db" import "$T/stick"
measure "collect list --format json (includes Argon2id unlock)" "$BUILD/prisma-collect" --db "$T/office.db" list --key "$T/w/office/vpn.key" --format json
echo
echo "Bundle size for $((N + 1)) requests: $(du -k "$T"/stick/PRISMA/outbox/*.prb | cut -f1) KiB;" \
	"spool: $(du -ck "$T"/w/spool/* | tail -1 | cut -f1) KiB."

tools/bench-kiosk.sh "$BUILD" "$T/w/terminal/terminal.ini" "$T"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
