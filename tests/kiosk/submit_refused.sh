# Core refuses a submit with a reason (core/terminal.h): its rate limit
# (TERMINAL_SUBMIT_WAIT) or a full spool (TERMINAL_SUBMIT_FULL). The error
# screen then says so in plain words (minutes to wait / this terminal is full,
# the KORA hotline), keeps the request for "try again", and quick exit wipes it.
. "$(dirname "$0")/../lib.sh"

# one_request: the script lines of one anonymous request up to submit
one_request() {
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\ntap next\n'
	printf 'type %s\ntap next\ntap consent\ntap submit\n' "$1"
}

# limits WORLD KEY VALUE: sets [limits] KEY in WORLD's terminal.ini
limits() {
	sed -i "s/^$2 = .*/$2 = $3/" "$1/terminal/terminal.ini"
}

make_world "$TEST_TMP/wait"
limits "$TEST_TMP/wait" min_interval 600
{
	one_request FIRST
	printf 'expect-screen done\ntap finish\n'
	one_request WAIT-CANARY
	printf 'expect-screen error\nexpect-text please wait, then try again\n'
	printf 'expect-text Minutes to wait\nexpect-text 10\nexpect-no-text staff\n'
	printf 'expect-no-text WAIT-CANARY\nexpect-enabled retry\nscreenshot wait\n'
	printf 'tap retry\nexpect-screen error\nexpect-text Minutes to wait\n'
	printf 'tap quick-exit\nexpect-wiped\nexpect-screen home\n'
} >"$TEST_TMP/wait.script"
check "rate limit: please wait N minutes, request kept for retry, wiped on exit" \
	"$KIOSK" --config "$TEST_TMP/wait/terminal/terminal.ini" --headless \
	--script "$TEST_TMP/wait.script" --screenshot-dir "$TEST_TMP/shots"

make_world "$TEST_TMP/full"
limits "$TEST_TMP/full" spool_capacity 10
{
	for i in 1 2 3 4 5 6 7 8 9 10; do
		one_request "R$i"
		printf 'expect-screen done\ntap finish\n'
	done
	one_request FULL-CANARY
	printf 'expect-screen error\nexpect-text This terminal is full just now\n'
	printf 'expect-text call the KORA hotline\nexpect-no-text Minutes to wait\n'
	printf 'expect-no-text staff\nexpect-enabled retry\nscreenshot full\n'
	printf 'tap retry\nexpect-screen error\nexpect-text This terminal is full just now\n'
	printf 'tap quick-exit\nexpect-wiped\nexpect-screen home\n'
} >"$TEST_TMP/full.script"
check "full spool: this terminal is full, request kept for retry, wiped on exit" \
	"$KIOSK" --config "$TEST_TMP/full/terminal/terminal.ini" --headless \
	--script "$TEST_TMP/full.script" --screenshot-dir "$TEST_TMP/shots"
