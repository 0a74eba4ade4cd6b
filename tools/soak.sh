#!/bin/bash
# make soak: the crash harness at length: 5,000 kills (tests/crash/kill.sh),
# each epoch checked to the end of the chain, and 500 power cuts
# (tests/crash/power_cut.sh). Prints the counts and the failures, ends with "N passed, N
# failed"; the full logs are in BUILD/soak/. CRASH_SEED replays a run.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PRISMA_BUILD="$ROOT/$BUILD" PRISMA_ROOT="$ROOT" PRISMA_PASSPHRASE=demo
export CRASH_KILLS=${CRASH_KILLS:-5000} CRASH_CUTS=${CRASH_CUTS:-500}
OUT="$ROOT/$BUILD/soak"
rm -rf "$OUT"
mkdir -p "$OUT"
passed=0 failed=0
for t in tests/crash/*.sh; do
	name=$(basename "$t" .sh)
	[ "$name" = common ] && continue
	echo "== $name"
	TEST_TMP="$OUT/$name" bash "$t" >"$OUT/$name.log" 2>&1
	grep -v '^ok ' "$OUT/$name.log"
	passed=$((passed + $(grep -c '^ok ' "$OUT/$name.log")))
	failed=$((failed + $(grep -c '^not ok ' "$OUT/$name.log")))
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
