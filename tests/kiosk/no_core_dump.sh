# A crash must not put the inmate's text on disk (docs/kiosk.md, "Lockdown"):
# core_init() sets RLIMIT_CORE to 0 and PR_SET_DUMPABLE to 0. Checked on a
# running kiosk that holds a typed name, started as an ordinary user (nobody)
# with core files allowed: its /proc/PID/limits says 0 for core files, its
# /proc/PID files belong to root (what the kernel does for a process that is
# not dumpable, proc(5)), and killed with SIGSEGV it leaves no core file. The
# control first proves that a program killed the same way leaves one here
# (kernel.core_pattern a plain file name, e.g. "core"); "skip" otherwise.
. "$(dirname "$0")/../lib.sh"

pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
case $pattern in
"" | "|"* | */*)
	echo "skip no_core_dump: core files go elsewhere here (core_pattern '$pattern')"
	exit 0
	;;
esac
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	echo "skip no_core_dump: needs root and setpriv to start the kiosk as another user"
	exit 0
fi
# as_nobody COMMAND...: COMMAND as user and group nobody, core files allowed
as_nobody() {
	ulimit -c unlimited 2>/dev/null
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

if why=$(nobody_blocked); then
	echo "skip no_core_dump: $why"
	exit 0
fi
# The control: a plain program killed the same way leaves a core file here.
mkdir -p "$TEST_TMP/control"
chown 65534:65534 "$TEST_TMP" "$TEST_TMP/control"
# shellcheck disable=SC2016 # $$ is the inner shell's
(cd "$TEST_TMP/control" && as_nobody sh -c 'kill -SEGV $$') 2>/dev/null
if [ -z "$(ls "$TEST_TMP/control")" ]; then
	echo "skip no_core_dump: a crashing program leaves no core file here (core_pattern '$pattern')"
	exit 0
fi

make_world "$TEST_TMP/world"
mkdir -p "$TEST_TMP/cwd"
chown -R 65534:65534 "$TEST_TMP/world" "$TEST_TMP/cwd"
# Run by the kiosk's script (`run`): its parent is the kiosk.
cat >"$TEST_TMP/crash.sh" <<EOF
#!/bin/sh
grep "^Max core file size" /proc/\$PPID/limits >"$TEST_TMP/limits"
stat -c %u /proc/\$PPID/status >"$TEST_TMP/owner"
kill -SEGV \$PPID
EOF
chmod +x "$TEST_TMP/crash.sh"
NAME=qzjxvwkqjzxvqkwjxzqvkjwq
{
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.named\n'
	script_keys "$NAME"
	printf 'run %s\n' "$TEST_TMP/crash.sh"
} >"$TEST_TMP/crash.script"
(cd "$TEST_TMP/cwd" && as_nobody "$KIOSK" --config "$TEST_TMP/world/terminal/terminal.ini" --headless \
		--script "$TEST_TMP/crash.script") 2>"$TEST_TMP/kiosk.err"
rc=$?

if grep -Eq "^Max core file size +0 +0 +bytes" "$TEST_TMP/limits" 2>/dev/null; then
	ok "no core dump: the running kiosk's core file limit is 0"
else
	not_ok "no core dump: the running kiosk's core file limit is 0" "$(cat "$TEST_TMP/limits" 2>&1)"
fi
if [ "$(cat "$TEST_TMP/owner" 2>/dev/null)" = 0 ]; then
	ok "no core dump: the kiosk is not dumpable (its /proc files belong to root, not to its user)"
else
	not_ok "no core dump: the kiosk is not dumpable" "owner $(cat "$TEST_TMP/owner" 2>&1)"
fi
if [ "$rc" -eq 139 ] && [ -z "$(ls "$TEST_TMP/cwd")" ]; then
	ok "no core dump: killed by SIGSEGV holding a typed name, it leaves no core file"
else
	held=$(grep -rlaF "$NAME" "$TEST_TMP/cwd" 2>/dev/null)
	not_ok "no core dump: killed by SIGSEGV holding a typed name, it leaves no core file" \
		"exit $rc; in $TEST_TMP/cwd: $(ls "$TEST_TMP/cwd")${held:+ (holds the typed name)}"
fi
