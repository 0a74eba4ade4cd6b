#!/bin/bash
# make fresh-check: the README's two commands on a fresh Debian 12.
#
# Builds a minimal Debian 12 (bookworm) root with mmdebstrap from this machine's apt sources
# (variant minbase plus `make`, the one tool the README assumes), copies the repository's tracked
# files into /src/prisma (working tree contents, without build/ and var/) and ../shared beside it
# as /src/shared (as CI has it), then runs, as root inside the root and exactly as the README
# writes them:  make run  then  make test.  There is no display inside, so make run is headless.
# Prints each command's result and exit code; exits 1 if either failed. The logs are kept in
# build/fresh-check/ (each test's own log in build/fresh-check/test-output/).
#
#   FRESH_DIR=DIR   work directory (default: a new one under /var/tmp), removed afterwards
#   FRESH_KEEP=1    keep the root and the logs in FRESH_DIR for a look afterwards
#   FRESH_SOURCES="FILE..."   apt sources to build from (default: this machine's active ones)
#   FRESH_HOST_CA=0  do not carry this machine's local CAs (/usr/local/share/ca-certificates) and
#                    /etc/npmrc into the root (default: carried, as its network may intercept TLS)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

die() { echo "fresh-check: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "must run as root (mmdebstrap and chroot); try: sudo make fresh-check"
command -v git >/dev/null || die "git is needed to list the repository's files"
if ! command -v mmdebstrap >/dev/null; then
	echo "fresh-check: installing mmdebstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null ||
		die "apt-get install mmdebstrap failed"
fi

# This machine's active apt sources, as apt itself reads them.
sources=${FRESH_SOURCES:-}
if [ -z "$sources" ]; then
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -s "$f" ] && grep -qv '^[[:space:]]*\(#\|$\)' "$f" && sources="$sources $f"
	done
fi
[ -n "$sources" ] || die "no apt sources found in /etc/apt; set FRESH_SOURCES"

WORK=${FRESH_DIR:-$(mktemp -d /var/tmp/prisma-fresh.XXXXXX)}
mkdir -p "$WORK" || die "cannot create $WORK"
LOGS="$ROOT/build/fresh-check"
rm -rf "$LOGS"
mkdir -p "$LOGS" || die "cannot create $LOGS"
CHROOT="$WORK/root"
[ -e "$CHROOT" ] && die "$CHROOT exists already; remove it or choose another FRESH_DIR"
cleanup() {
	if [ -n "${FRESH_KEEP:-}" ]; then
		echo "fresh-check: kept $WORK"
	else
		rm -rf --one-file-system "$WORK"
	fi
}
trap cleanup EXIT

# Certificate authorities this machine's administrator added (/usr/local/share/ca-certificates):
# behind a proxy that intercepts TLS, any machine there needs them (npm does, for the vectors).
local_cas=""
[ "${FRESH_HOST_CA:-1}" = 1 ] && local_cas=$(ls /usr/local/share/ca-certificates/*.crt 2>/dev/null)
include=make${local_cas:+,ca-certificates}

echo "== mmdebstrap: minimal bookworm (minbase + $include) from$sources"
# shellcheck disable=SC2086
if ! mmdebstrap --mode=root --variant=minbase --include="$include" bookworm "$CHROOT" $sources \
	>"$LOGS/mmdebstrap.log" 2>&1; then
	tail -n 20 "$LOGS/mmdebstrap.log"
	die "mmdebstrap failed (log above)"
fi

if [ -n "$local_cas" ]; then
	echo "== this machine's local certificate authorities and /etc/npmrc into the root"
	# shellcheck disable=SC2086 # a list of paths
	cp $local_cas "$CHROOT/usr/local/share/ca-certificates/" &&
		chroot "$CHROOT" update-ca-certificates >/dev/null || die "adding the local CAs failed"
	[ -f /etc/npmrc ] && { cp /etc/npmrc "$CHROOT/etc/npmrc" || die "copying /etc/npmrc failed"; }
fi

echo "== copying the repository (git ls-files) to /src/prisma and ../shared to /src/shared"
mkdir -p "$CHROOT/src/prisma"
git ls-files -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$CHROOT/src/prisma" -xf - ||
	die "copying the repository failed"
if [ -d "$ROOT/../shared" ]; then
	cp -aL "$ROOT/../shared" "$CHROOT/src/shared" || die "copying ../shared failed"
else
	echo "fresh-check: no ../shared beside the repository; tests that read it will fail"
fi

# run_step NAME: one README command as root in the root, in a private mount namespace (so
# /proc, /sys, /dev vanish with it), with a clean environment and no display.
run_step() {
	local log="$LOGS/${1// /-}.log"
	echo "== $1 (log: $log)"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private --fork sh -c '
		set -e
		R=$1
		# The root a mount point of its own, so tests can unshare -m inside.
		mount --bind "$R" "$R"
		mount -t proc proc "$R/proc"
		mount -t sysfs sys "$R/sys"
		mount --rbind /dev "$R/dev"
		mount -t tmpfs tmpfs "$R/tmp"
		exec chroot "$R" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			sh -c "cd /src/prisma && $2"' sh "$CHROOT" "$1" >"$log" 2>&1
	local rc=$?
	tail -n 5 "$log" | sed 's/^/   | /'
	if [ "$rc" -eq 0 ]; then echo "ok $1 (exit 0)"; else echo "not ok $1 (exit $rc)"; fi
	return "$rc"
}

run_step "make run"
run_rc=$?
run_step "make test"
test_rc=$?
# Every test's own log, for a look after the root is gone.
if [ -d "$CHROOT/src/prisma/build/test-output" ]; then
	cp -a "$CHROOT/src/prisma/build/test-output" "$LOGS/test-output" ||
		echo "fresh-check: could not keep the test logs"
fi
echo
echo "fresh-check: make run exit $run_rc, make test exit $test_rc"
[ "$run_rc" -eq 0 ] && [ "$test_rc" -eq 0 ]
