#!/bin/bash
# Runs every test against the binaries in BUILD (default build/) and ends with
# one line "N passed, N failed". Exit status is 1 when anything failed.
#
#   unit:  BUILD/tests/test_*        cmocka binaries, every test case counts
#   ui:    tests/kiosk/*.script      replayed headless on a fresh demo world
#   shell: tests/{cli,e2e,kiosk,crash,vectors,firmware}/*.sh   print "ok NAME" / "not ok NAME" lines
#          (vectors.sh runs the JavaScript cross-check of envelopes, counted the same way)
#
# PRISMA_SUITES (default "unit style fuzz kiosk shell") chooses the sections, PRISMA_JOBS (default
# one per core) how many kiosk scripts and shell suites run at once, PRISMA_KIOSK_SCRIPTS
# (default all) the kiosk scripts by name; PRISMA_RUN is put
# before every program the unit and kiosk sections start (`make test-arm64`: qemu-aarch64), each
# given PRISMA_TIMEOUT seconds (default 300).
set -u
BUILD=${1:-build}
SUITES=" ${PRISMA_SUITES:-unit style fuzz kiosk shell} "
RUN=${PRISMA_RUN:-}
TIMEOUT=${PRISMA_TIMEOUT:-300} # per program; emulated arm64 is several times slower
want() { case "$SUITES" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PRISMA_BUILD="$ROOT/$BUILD" PRISMA_ROOT="$ROOT"
export PRISMA_PASSPHRASE=demo
export SDL_AUDIODRIVER=dummy
OUT="$ROOT/$BUILD/test-output"
rm -rf "$OUT"
mkdir -p "$OUT"
passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1"; }

want unit && echo "== unit tests (cmocka)"
want unit && for bin in "$BUILD"/tests/test_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	log="$OUT/$name.log"
	# shellcheck disable=SC2086 # RUN is a command and its options
	(cd "$OUT" && timeout "$TIMEOUT" $RUN "$ROOT/$bin") >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s).*/\1/p' "$log" | head -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | head -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or timed out outside a test case
	fi
	passed=$((passed + p))
	for ((i = 0; i < f; i++)); do fail "$name (see $log)"; done
	echo "   $name: $p passed, $f failed"
done

want style && echo "== style"
if want style && command -v clang-format >/dev/null; then
	if clang-format --dry-run --Werror app/*/*.[ch] tests/*/*.[ch] >"$OUT/clang-format.log" 2>&1; then
		pass; echo "   ok clang-format (.clang-format)"
	else
		fail "clang-format: run 'make format' (see $OUT/clang-format.log)"
	fi
fi

want fuzz && echo "== fuzz targets (corpus replay and a short random run)"
want fuzz && for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus="tests/fuzz/corpus/${name#fuzz_}"
	log="$OUT/$name.log"
	work="$OUT/$name-corpus"
	mkdir -p "$work"
	if timeout 300 "$bin" -runs=20000 -max_len=24576 "$work" "$corpus" >"$log" 2>&1; then
		pass; echo "   ok $name"
	else
		fail "$name (see $log)"
	fi
done

# One demo world for the run (making one costs seconds of Argon2id): every kiosk script replays on
# a copy of it, and each shell suite's first world is a copy (make_world in tests/lib.sh). Its
# paths are relative, so a copy is a world of its own.
template="$OUT/demo-world"
world_ok=0
if want kiosk || want shell; then
	# shellcheck disable=SC2086
	if $RUN "$BUILD/prisma-admin" demo --dir "$template" >"$OUT/demo-world.log" 2>&1; then
		world_ok=1
	else
		fail "demo world (see $OUT/demo-world.log)"
	fi
fi

JOBS=${PRISMA_JOBS:-$(nproc)}
running=0
# spawn FUNCTION ARGS...: runs it in the background once fewer than JOBS are running.
spawn() {
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	"$@" &
	running=$((running + 1))
}
want kiosk && echo "== kiosk scripts (headless)"
# PRISMA_KIOSK_SCRIPTS="NAME..." replays only tests/kiosk/NAME.script (make test-arm64 ARM64_SCRIPTS=).
kiosk_scripts=tests/kiosk/*.script
[ -n "${PRISMA_KIOSK_SCRIPTS:-}" ] && kiosk_scripts=$(printf 'tests/kiosk/%s.script ' $PRISMA_KIOSK_SCRIPTS)
# Every script gets its own copy of the demo world, and PRISMA_JOBS scripts (default: one per
# core) run at once; results are read back in the order of the scripts.
kiosk_one() { # SCRIPT NAME: replays SCRIPT on a copy of the template; its exit status into NAME.rc
	local world="$OUT/kiosk-$2" log="$OUT/kiosk-$2.log"
	cp -a "$template" "$world"
	# shellcheck disable=SC2086
	timeout "$TIMEOUT" $RUN "$BUILD/prisma-kiosk" --config "$world/terminal/terminal.ini" --headless \
		--script "$1" --screenshot-dir "$world/screens" >>"$log" 2>&1
	echo $? >"$OUT/kiosk-$2.rc"
}
if want kiosk && [ "$world_ok" = 1 ]; then
	# shellcheck disable=SC2086 # a glob or a list of paths
	for script in $kiosk_scripts; do
		[ -f "$script" ] || continue
		spawn kiosk_one "$script" "$(basename "$script" .script)"
	done
	wait
	running=0
	# shellcheck disable=SC2086
	for script in $kiosk_scripts; do
		name=$(basename "$script" .script)
		if [ ! -f "$script" ]; then
			[ -n "${PRISMA_KIOSK_SCRIPTS:-}" ] && fail "kiosk $name: no such script $script"
			continue
		fi
		expect=0
		head -n 1 "$script" | grep -q '^# expect-fail' && expect=1
		rc=$(cat "$OUT/kiosk-$name.rc" 2>/dev/null || echo none)
		if [ "$rc" = "$expect" ]; then pass; echo "   ok $name"; else fail "kiosk $name: exit $rc (see $OUT/kiosk-$name.log)"; fi
	done
fi

want shell && echo "== shell tests"
[ "$world_ok" = 1 ] && export PRISMA_WORLD_TEMPLATE="$template"
# PRISMA_JOBS suites run at once, except one whose first lines say "# run-alone" (it starts a
# display server, whose free number two suites could take at the same moment): it waits for the
# others and runs by itself. Results are read back in the order of the suites.
shell_suites=()
want shell && for t in tests/cli/*.sh tests/e2e/*.sh tests/kiosk/*.sh tests/crash/*.sh tests/vectors/*.sh \
	tests/firmware/*.sh; do
	[ -f "$t" ] && [ "$t" != tests/crash/common.sh ] && shell_suites+=("$t")
done
shell_one() { # SUITE NAME: runs SUITE; its exit status into sh-NAME.rc
	TEST_TMP="$OUT/sh-$2" timeout 600 bash "$1" >"$OUT/sh-$2.log" 2>&1
	echo $? >"$OUT/sh-$2.rc"
}
for t in "${shell_suites[@]}"; do
	if head -n 5 "$t" | grep -q '^# run-alone'; then
		wait
		running=0
		shell_one "$t" "$(basename "$t" .sh)"
		continue
	fi
	spawn shell_one "$t" "$(basename "$t" .sh)"
done
wait
for t in "${shell_suites[@]}"; do
	name=$(basename "$t" .sh)
	log="$OUT/sh-$name.log"
	rc=$(cat "$OUT/sh-$name.rc" 2>/dev/null || echo none)
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	passed=$((passed + p))
	grep '^not ok ' "$log" | while read -r line; do echo "FAIL: $name: ${line#not ok }"; done
	for ((i = 0; i < f; i++)); do failures+=("$name"); done
	failed=$((failed + f))
	if [ "$rc" != 0 ] && [ "$f" -eq 0 ]; then fail "$name: exit $rc (see $log)"; fi
	echo "   $name: $p passed, $f failed"
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
