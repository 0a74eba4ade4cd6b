# Helpers for shell tests. Each check prints "ok NAME" or "not ok NAME"; the
# runner (tools/run-tests.sh) counts those lines.
# Environment from the runner: PRISMA_BUILD (binaries), PRISMA_ROOT, TEST_TMP.
set -u
BUILD=${PRISMA_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build}
ROOT=${PRISMA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TEST_TMP=${TEST_TMP:-$(mktemp -d)}
export PRISMA_PASSPHRASE=${PRISMA_PASSPHRASE:-demo}
rm -rf "$TEST_TMP"
mkdir -p "$TEST_TMP"
ADMIN="$BUILD/prisma-admin"
KIOSK="$BUILD/prisma-kiosk"
COLLECT="$BUILD/prisma-collect"

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1${2:+: $2}"; }

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# fails_cleanly NAME PATTERN COMMAND...: COMMAND must exit non-zero and print
# exactly one line on stderr that matches the extended regex PATTERN.
fails_cleanly() {
	local name=$1 pattern=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		not_ok "$name" "exit 0"
	elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
		not_ok "$name" "stderr is not one line: $err"
	elif ! printf '%s\n' "$err" | grep -Eq -- "$pattern"; then
		not_ok "$name" "stderr '$err' does not match /$pattern/"
	else
		ok "$name"
	fi
}

# no_bytes_in DIR TEXT: true when no file under DIR contains TEXT.
no_bytes_in() {
	! grep -rqaF -- "$2" "$1"
}

# make_world DIR [ID]: a fresh demo world: DIR/office/ (keys) and DIR/terminal/
# (terminal.ini, spool, public keys, certificate), terminal id ID (demo-wing-a-01).
# A suite's first world without ID is a copy of the runner's demo world
# (PRISMA_WORLD_TEMPLATE, made once per run by tools/run-tests.sh: its three
# Argon2id key protections cost seconds, 55 times over); every later world of
# the suite is made afresh, so a second terminal never shares the first's keys.
make_world() {
	if [ -z "${2:-}" ] && [ -z "${MAKE_WORLD_COPIED:-}" ] && [ ! -e "$1" ] &&
		[ -f "${PRISMA_WORLD_TEMPLATE:-/nonexistent}/terminal/terminal.ini" ]; then
		MAKE_WORLD_COPIED=1
		cp -a "$PRISMA_WORLD_TEMPLATE" "$1"
		return
	fi
	"$ADMIN" demo --dir "$1" ${2:+--id "$2"} >/dev/null
}

FORGE="$BUILD/tools/forge_request"

# has_raw FILE: true when FILE holds a byte sequence a terminal would act on:
# ESC, another C0 control but tab/newline/CR, DEL, a C1 control (U+0080-009F)
# or a bidi override/isolate/mark.
has_raw() {
	LC_ALL=C grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1"
}
# lacks_raw FILE: FILE holds none of them.
lacks_raw() { ! has_raw "$1"; }

# office_trust DB WORLD: the office DB trusts WORLD's terminal key by explicit enrolment.
office_trust() {
	"$COLLECT" --db "$1" enroll "$2/terminal/terminal.pub" >/dev/null
}

# rekey_terminal WORLD DIR: re-keys WORLD's terminal as a technician does: a new signing key
# provisioned into DIR (same terminal id and office), the old certificate moved to
# previous-1.cert and kept ([terminal] previous_certificates), the new key copied in and certified
# by the office's collection key. The spool (audit and reference keys) is left as it was.
rekey_terminal() {
	local w=$1 dir=$2 t="$1/terminal" id
	id=$(sed -n 's/^id = //p' "$t/terminal.ini")
	"$ADMIN" provision --dir "$dir" --id "$id" --collection "$w/office/collection.pub" \
		--recipient vpn="$w/office/vpn.pub" >/dev/null &&
		mv "$t/terminal.cert" "$t/previous-1.cert" &&
		cp "$dir/terminal.key" "$dir/terminal.pub" "$t/" &&
		"$COLLECT" certify "$t/terminal.pub" --collection-key "$w/office/collection.key" \
			--out "$t/terminal.cert" >/dev/null &&
		sed -i 's/^certificate = terminal.cert$/&\nprevious_certificates = previous-1.cert/' "$t/terminal.ini"
}

# kiosk_panel SIZE: the physical panel (display_mm, WxH millimetres) of a supported kiosk size
# (docs/kiosk.md, "Sizes"): 7" at 800x480 and 1024x600, 10.1" at 1280x800, 7" portrait.
kiosk_panel() {
	case $1 in
	800x480 | 1024x600) echo 154x86 ;;
	1280x800) echo 217x136 ;;
	720x1280) echo 86x154 ;;
	*) echo "kiosk_panel: no panel for $1" >&2; return 1 ;;
	esac
}

# kiosk_memscan_skip: prints why the kiosk's memory cannot be scanned (tests/tools/memscan) and
# returns 0, or returns 1 when it can: root is needed (another process's memory), and an
# AddressSanitizer build (make check) reserves terabytes of shadow and heap that cannot be read
# through in a test's time.
kiosk_memscan_skip() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "reading the kiosk's memory needs root"
	elif grep -qa __asan_init "$KIOSK"; then
		echo "an AddressSanitizer build reserves terabytes of memory"
	else
		return 1
	fi
}

# script_to_message: prints the kiosk script lines (tests/kiosk/*.script) from the home screen to
# the message field of a parenting request answered by code: the form the stick suites fill.
script_to_message() {
	printf 'tap start\ntap service.parenting\ntap next\ntap contact.code\ntap next\ntap field.message\n'
}

# script_request TEXT: prints the script lines that send such a request with the message TEXT, from
# the home screen to its done screen (the caller adds `tap finish` where the next person follows).
script_request() {
	script_to_message
	printf 'type %s\ntap next\ntap consent\ntap submit\nexpect-screen done\n' "$1"
}

# The stick suites' stick: a SanDisk's USB serial (iSerial), as the kiosk reads it.
STICK_SERIAL=4C530001230915116142

# kiosk_languages WORLD [LIST]: WORLD's terminal offers the languages LIST, the first its own
# (default en,de: English first, so that a script reads as the overlay's source texts).
kiosk_languages() {
	sed -i "s/^languages = .*/languages = ${2:-en,de}/" "$1/terminal/terminal.ini"
}

# kiosk_usb_mount INI POINT TIMEOUT: the terminal of INI (terminal.ini) waits for a collection
# stick's mount at POINT ([usb] mount_point) for TIMEOUT seconds ([usb] mount_timeout); a [usb]
# section put before [collection]. A plain folder as POINT is a mount that never comes.
kiosk_usb_mount() {
	sed -i "s|^\[collection\]|[usb]\nmount_point = $2\nmount_timeout = $3\n\n[collection]|" "$1"
}

# stick_token DIR KEY [SERIAL]: makes DIR a stick the office authorised (prisma-collect token):
# DIR/PRISMA/token for SERIAL (STICK_SERIAL), signed with the collection key KEY, valid 30 days.
stick_token() {
	"$COLLECT" token --serial "${3:-$STICK_SERIAL}" --expires "$(date -u -d '+30 days' +%F)" \
		--collection-key "$2" --out "$1" >/dev/null
}

# stick_token_expired DIR KEY [SERIAL]: as stick_token, but the token (tests/tools/make_token)
# was valid from 90 days ago until yesterday.
stick_token_expired() {
	local now
	now=$(date -u +%s)
	mkdir -p "$1/PRISMA"
	"$BUILD/tools/make_token" "$2" "${3:-$STICK_SERIAL}" $((now - 90 * 86400)) $((now - 86400)) "$1/PRISMA/token"
}

# script_keys TEXT: one `tap key.C` line per character of TEXT: typed on the on-screen keyboard,
# so that TEXT stands in no script line (the kiosk holds its script in memory).
script_keys() {
	local t=$1
	while [ -n "$t" ]; do
		printf 'tap key.%s\n' "${t:0:1}"
		t=${t:1}
	done
}

# memscan_needles TEXT...: what tests/tools/memscan looks for: each TEXT and its last 8 characters
# (a freed heap block's first 16 bytes are reused by malloc), one a line.
memscan_needles() {
	local t
	for t in "$@"; do
		printf '%s\n%s\n' "$t" "${t: -8}"
	done
}

# nobody_blocked: true, printing why, when the user nobody cannot run the kiosk of this tree or
# enter TEST_TMP (a folder above is private to root, as `mktemp -d` makes one); the suites that
# start the kiosk as nobody skip then instead of failing on a permission they do not test.
nobody_blocked() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c '[ -x "$1" ] && cd "$2"' _ \
		"$KIOSK" "$TEST_TMP" 2>/dev/null && return 1
	echo "the user nobody cannot reach $KIOSK or $TEST_TMP (a folder above is private to root)"
}
