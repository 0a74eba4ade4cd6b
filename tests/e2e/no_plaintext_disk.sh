# No plaintext request data on disk, ever (DESIGN.md, "Keys and trust"), checked by running the
# real programs as a whole round does: an inmate types a named request on the kiosk's on-screen
# keyboard with read aloud on (each key tapped twice, as the mode asks) (name, prisoner number, cell, times, message), touches their own
# field so it is spoken, sends it, checks its code on the status screen; a second inmate types a
# form and quick-exits; a social worker's stick collects in the kiosk; the office imports it
# (receipts back onto the stick); the next plug-in purges. Then every byte any of them could have
# left is searched for each typed text and the reference code, as UTF-8, UTF-16LE/BE, UTF-32LE,
# hex and base64: the spool and its -wal/-shm/-journal, the audit log, the whole terminal folder,
# copies of the spool folder taken while the kiosk ran (on review and on done: WAL and shared
# memory file as they were), the kiosk's stdout and stderr, its TMPDIR, /dev/shm, files changed in /tmp and /var/tmp, the
# stick, and the office database with its WAL and the office's TMPDIR. The office keeps
# envelopes sealed (only `list`/`show`/`export` open them, for the counsellor's eyes), so none of
# it may be there either. The texts are typed key by key (script_keys), so no script line holds
# them; the control (`list` opens them, the patterns find each form in a file written for the
# purpose) proves the search would see them.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
STICK="$TEST_TMP/stick"
DB="$TEST_TMP/office.db"
KEY="$W/office/collection.key"
# Letters and digits only (one key each); long enough to be unique anywhere.
NAME=qzjxnamevwkqzjxv
NUMBER=8093746152
UNIT=kxqzunitjv
TIMES=jqzvtimeskxwqzj
MESSAGE=zxqjmessagevkwqzjxkqv
GONE=wvqzquickexitjkxzq
STAMP="$TEST_TMP/stamp"

# kiosk SCRIPT: the kiosk on the world with its own TMPDIR, its stdout and stderr kept.
kiosk() {
	TMPDIR="$TEST_TMP/kiosk-tmp" "$KIOSK" --config "$INI" --headless --script "$1" \
		>>"$TEST_TMP/kiosk.out" 2>>"$TEST_TMP/kiosk.err"
}

# patterns TEXT: one extended-PCRE alternation (grep -P takes one pattern) matching TEXT as
# UTF-8, UTF-16LE, UTF-16BE, UTF-32LE, lower- and upper-case hex, and base64 at each of the
# three alignments a copy inside a longer base64 text can have.
patterns() {
	local t=$1 hex b64 off alt=()
	hex=$(printf %s "$t" | od -An -tx1 -v | tr -d ' \n')
	alt+=("$(sed 's/../\\x&/g' <<<"$hex")")
	alt+=("$(sed 's/../\\x&\\x00/g' <<<"$hex")")
	alt+=("$(sed 's/../\\x00\\x&/g' <<<"$hex")")
	alt+=("$(sed 's/../\\x&\\x00\\x00\\x00/g' <<<"$hex")")
	alt+=("$hex" "${hex^^}")
	for off in 0 1 2; do
		b64=$(printf %s "${t:off:$(((${#t} - off) / 3 * 3))}" | base64 -w0)
		alt+=("$(sed 's#[+/]#\\&#g' <<<"$b64")")
	done
	local IFS='|'
	echo "${alt[*]}"
}

# found_in PATTERN FILE...: prints the files (regular, readable) that hold PATTERN.
found_in() {
	local p=$1
	shift
	find "$@" -type f -size -64M -print0 2>/dev/null | LC_ALL=C xargs -0r grep -laP -- "$p" 2>/dev/null
}

make_world "$W"
kiosk_languages "$W" en,de
stick_token "$STICK" "$KEY"
office_trust "$DB" "$W"
mkdir -p "$TEST_TMP/kiosk-tmp" "$TEST_TMP/office-tmp"
touch "$STAMP"

{
	printf 'tap lang.en\ntap speak\ntap start\ntap start\ntap service.akt\ntap service.akt\n'
	printf 'tap next\ntap next\ntap contact.named\ntap contact.named\n'
	script_keys "$NAME" | sed p
	printf 'touch field.name\nexpect-spoken %s\ntap field.number\ntap field.number\n' "${NAME:0:4}"
	script_keys "$NUMBER" | sed p
	printf 'tap field.unit\ntap field.unit\n'
	script_keys "$UNIT" | sed p
	printf 'tap next\ntap next\ntap field.times\ntap field.times\n'
	script_keys "$TIMES" | sed p
	printf 'tap field.message\ntap field.message\n'
	script_keys "$MESSAGE" | sed p
	printf 'tap next\ntap next\nexpect-screen review\nrun /bin/cp -a %s %s\n' "$W/terminal/spool" "$TEST_TMP/live-review"
	printf 'tap consent\ntap consent\ntap submit\ntap submit\n'
	printf 'expect-screen done\nrun /bin/cp -a %s %s\nremember-code\n' "$W/terminal/spool" "$TEST_TMP/live-done"
	printf 'tap finish\ntap finish\nexpect-wiped\n'
	printf 'tap status\ntype-code\ntap status.check\nexpect-screen status\ntap quick-exit\nexpect-wiped\n'
	printf 'tap start\ntap service.parenting\ntap next\ntap contact.named\n'
	script_keys "$GONE"
	printf 'tap quick-exit\nexpect-wiped\n'
	printf 'stick-insert %s %s\nexpect-status EXPORT_OK\nstick-remove\n' "$STICK" "$STICK_SERIAL"
} >"$TEST_TMP/round.script"
check "the kiosk takes a named request typed key by key with read aloud on, and collects it" \
	kiosk "$TEST_TMP/round.script"
check "the script holds none of the typed texts" eval '! grep -qE "$NAME|$MESSAGE|$GONE" "$TEST_TMP/round.script"'

TMPDIR="$TEST_TMP/office-tmp" "$COLLECT" --db "$DB" import "$STICK" --collection-key "$KEY" \
	>"$TEST_TMP/import.out" 2>"$TEST_TMP/import.err"
check "the office imports the stick and writes its receipt" test -n "$(ls "$STICK/PRISMA/receipts/")"
printf 'stick-insert %s %s\nexpect-status RECEIPTS_APPLIED\nstick-remove\n' "$STICK" "$STICK_SERIAL" \
	>"$TEST_TMP/purge.script"
check "the next plug-in purges it" kiosk "$TEST_TMP/purge.script"

# The control: the office opens exactly what was typed, and the patterns find every form.
TMPDIR="$TEST_TMP/office-tmp" "$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json \
	>"$TEST_TMP/list.json" 2>/dev/null
CODE=$(jq -r '.[0].reference' "$TEST_TMP/list.json")
check "control: the office opens the request whole" test "$(jq -r '.[0] | [.contact.name,
	.contact.number, .contact.unit, .times, .message] | join(" ")' "$TEST_TMP/list.json")" = \
	"$NAME $NUMBER $UNIT $TIMES $MESSAGE"
check "control: a reference code was shown and stored" grep -Eq '^[A-Z0-9]{4}-[A-Z0-9]{4}$' <<<"$CODE"
mkdir -p "$TEST_TMP/control"
printf '%s' "$NAME" | iconv -t UTF-16LE >"$TEST_TMP/control/utf16le"
printf '%s' "$NAME" | iconv -t UTF-16BE >"$TEST_TMP/control/utf16be"
printf 'x%sx' "$NAME" | iconv -t UTF-32LE >"$TEST_TMP/control/utf32le"
printf '%s' "$NAME" | od -An -tx1 | tr -d ' \n' >"$TEST_TMP/control/hex"
for n in 1 2 3; do printf '%s%s' "$(head -c "$n" /dev/zero | tr '\0' a)" "$NAME" | base64 >"$TEST_TMP/control/b64-$n"; done
check "control: every encoding is found" test "$(found_in "$(patterns "$NAME")" "$TEST_TMP/control" | wc -l)" = 7

where=("$W" "$TEST_TMP/live-review" "$TEST_TMP/live-done" "$TEST_TMP/kiosk.out" "$TEST_TMP/kiosk.err" "$TEST_TMP/kiosk-tmp" "$STICK" "$DB"
	"$DB-wal" "$DB-shm" "$DB-journal" "$TEST_TMP/office-tmp" "$TEST_TMP/import.out" "$TEST_TMP/import.err")
check "the places searched exist (spool, its WAL while the kiosk ran, audit log, stick, office database)" \
	test -f "$TEST_TMP/live-done/spool.db-wal" -a -f "$W/terminal/spool/spool.db" -a -f "$W/terminal/spool/audit.log" -a -d "$STICK/PRISMA" -a -f "$DB"
# The check names say which text, never the text (the test's own log is a file too).
for what in NAME NUMBER UNIT TIMES MESSAGE GONE CODE; do
	p=$(patterns "${!what}")
	hits=$(found_in "$p" "${where[@]}")
	check "$what in no form on the terminal, the stick or at the office${hits:+: $hits}" test -z "$hits"
	hits=$(find /tmp /var/tmp /dev/shm -xdev -path "$TEST_TMP" -prune -o -newer "$STAMP" -type f \
		-size -64M -print0 2>/dev/null |
		LC_ALL=C xargs -0r grep -laP -- "$p" 2>/dev/null)
	check "$what in no file written to /tmp, /var/tmp or /dev/shm meanwhile${hits:+: $hits}" test -z "$hits"
done
