# Two inmates in a row, by running (issue 5, section 1): the first gives up
# half-way at each screen (services, info, service-info, contact, details,
# review, done, status), by each way out (back, or finish on done; quick exit;
# the idle countdown), after typing on the on-screen keyboard and turning high
# contrast and large text on; and three more with read aloud on, the name and
# number read out from their own fields (so the voice's transcript held them). After each: the session is wiped (expect-wiped,
# on the data), and nothing typed is anywhere in the kiosk's memory: its whole
# address space is read (tests/tools/memscan, through /proc/PID/mem) for the
# typed texts as bytes, UTF-16 and UTF-32. The texts are typed by tapping keys,
# so they are in no script line (the kiosk holds its script in memory), and
# memscan --present proves the scan sees them while they are held. Then the
# next person walks up: the contact and status screens they see (dump-layout)
# show none of it, and the requests the office opens carry none of it.
# Reading another process's memory needs root (CAP_SYS_PTRACE) and a build
# without AddressSanitizer; "skip" otherwise.
. "$(dirname "$0")/../lib.sh"

MEMSCAN="$BUILD/tools/memscan"
if why=$(kiosk_memscan_skip); then
	echo "skip two_inmates: $why"
	exit 0
fi
make_world "$TEST_TMP/world"
W="$TEST_TMP/world"
SHOTS="$TEST_TMP/shots"

# What the first person types, each by tapping keys (never a `type` line). Long
# enough that a copy in a freed heap block, whose first 16 bytes malloc reuses,
# still shows: each is looked for whole and by its last 8 characters (the
# number and the unit take 10 characters).
NAME=qzjxvwkqjzxvqkwjxzqvkjwq
NUMBER=8372649191
UNIT=xvqzkjqzvx
MESSAGE=zkqxjwvzqjxkzvwqkzjxqvwzjkqxvzwj
STATUS_CODE=WXQY-RTVP
memscan_needles "$NAME" "$NUMBER" "$UNIT" "$MESSAGE" "$STATUS_CODE" >"$TEST_TMP/needles"
memscan_needles "$NAME" "$NUMBER" "$UNIT" "$MESSAGE" >"$TEST_TMP/needles-form"
memscan_needles "$STATUS_CODE" >"$TEST_TMP/needles-status"
memscan_needles "$NAME" "$NUMBER" >"$TEST_TMP/needles-spoken"

# reach SCREEN: from home, the first person's steps to SCREEN, typing and choosing on the way
reach() {
	printf 'tap lang.en\ntap contrast\ntap large-text\n'
	case $1 in
	status)
		printf 'tap status\n'
		script_keys "$STATUS_CODE"
		printf 'tap status.check\n'
		return
		;;
	done)
		printf 'tap start\ntap service.akt\ntap next\ntap contact.code\ntap next\ntap next\n'
		printf 'tap consent\ntap submit\nexpect-screen done\n'
		return
		;;
	esac
	printf 'tap start\n'
	case $1 in
	services) return ;;
	info) printf 'tap info\n'; return ;;
	esac
	printf 'tap service.akt\n'
	[ "$1" = service-info ] && return
	printf 'tap next\ntap contact.named\n'
	script_keys "$NAME"
	printf 'tap field.number\n'
	script_keys "$NUMBER"
	printf 'tap field.unit\n'
	script_keys "$UNIT"
	[ "$1" = contact ] && return
	printf 'tap next\ntap field.message\n'
	script_keys "$MESSAGE"
	[ "$1" = details ] && return
	printf 'tap next\ntap consent\n'
}

# leave SCREEN HOW: the first person's way out, ending on home
leave() {
	case $2 in
	back)
		case $1 in
		done) printf 'tap finish\n' ;;
		services | status) printf 'tap back\n' ;;
		info | service-info) printf 'tap back\ntap back\n' ;;
		contact) printf 'tap back\ntap back\ntap back\n' ;;
		details) printf 'tap back\ntap back\ntap back\ntap back\n' ;;
		review) printf 'tap back\ntap back\ntap back\ntap back\ntap back\n' ;;
		esac
		;;
	quick-exit) printf 'tap quick-exit\n' ;;
	idle) printf 'wait 120000\nexpect-screen idle-warning\nwait 30000\n' ;;
	esac
}

# next_person N: what the next person sees of the form and the status screen
next_person() {
	printf 'wait 600000\ntap start\ntap service.akt\ntap next\nexpect-screen contact\n'
	printf 'dump-layout next-%s-contact.layout\ntap contact.named\n' "$1"
	printf 'dump-layout next-%s-named.layout\ntap quick-exit\ntap status\n' "$1"
	printf 'dump-layout next-%s-status.layout\ntap quick-exit\nexpect-wiped\n' "$1"
}

{
	# the control: while held, the scan finds every text
	reach review
	printf 'run %s --parent --present %s\n' "$MEMSCAN" "$TEST_TMP/needles-form"
	printf 'tap quick-exit\n'
	reach status
	printf 'run %s --parent --present %s\n' "$MEMSCAN" "$TEST_TMP/needles-status"
	printf 'tap quick-exit\n'
	n=0
	for screen in services info service-info contact details review done status; do
		for how in back quick-exit idle; do
			n=$((n + 1))
			printf '# %s: the first person leaves %s by %s\n' "$n" "$screen" "$how"
			reach "$screen"
			leave "$screen" "$how"
			printf 'expect-wiped\nexpect-screen home\n'
			printf 'run %s --parent %s\n' "$MEMSCAN" "$TEST_TMP/needles"
			next_person "$n"
		done
	done
	# with read aloud on: the first person has their own name and number read out (so the
	# voice's transcript holds them), then leaves by back, quick exit or idle
	for how in back quick-exit idle; do
		n=$((n + 1))
		printf '# %s: read aloud on, the first person leaves contact by %s\n' "$n" "$how"
		printf 'tap lang.en\ntap speak\ntap start\ntap start\ntap service.akt\ntap service.akt\n'
		printf 'tap next\ntap next\ntap contact.named\ntap contact.named\n'
		script_keys "$NAME" | sed p
		printf 'tap field.number\ntap field.number\n'
		script_keys "$NUMBER" | sed p
		printf 'touch field.name\nexpect-spoken %s\ntouch field.number\n' "${NAME:0:6}"
		[ "$n" = 25 ] && printf 'run %s --parent --present %s\n' "$MEMSCAN" "$TEST_TMP/needles-spoken"
		case $how in
		back) printf 'tap back\ntap back\ntap back\ntap back\ntap back\ntap back\n' ;;
		quick-exit) printf 'tap quick-exit\ntap quick-exit\n' ;;
		idle) printf 'wait 120000\nexpect-screen idle-warning\nwait 30000\n' ;;
		esac
		printf 'expect-wiped\nexpect-screen home\n'
		printf 'run %s --parent %s\n' "$MEMSCAN" "$TEST_TMP/needles"
		next_person "$n"
	done
	# the last person sends a request of their own
	printf 'tap lang.en\ntap start\ntap service.akt\ntap next\ntap contact.code\ntap next\n'
	printf 'tap next\ndump-layout last-review.layout\ntap consent\ntap submit\n'
	printf 'expect-screen done\ntap finish\nexpect-wiped\n'
	printf 'run %s --parent %s\n' "$MEMSCAN" "$TEST_TMP/needles"
} >"$TEST_TMP/two.script"

if "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/two.script" \
	--screenshot-dir "$SHOTS" >"$TEST_TMP/two.out" 2>"$TEST_TMP/two.err"; then
	ok "two inmates: each way out at each screen wipes the session and leaves nothing typed in memory (27 cases, 3 with read aloud)"
else
	not_ok "two inmates: each way out at each screen wipes the session and leaves nothing typed in memory" \
		"$(cat "$TEST_TMP/two.err" "$TEST_TMP/two.out")"
fi
# memscan --present printed where it saw them: each text, while held
for t in "$NAME" "$NUMBER" "$UNIT" "$MESSAGE" "$STATUS_CODE"; do
	grep -q "^memscan: '$t' " "$TEST_TMP/two.out" || not_ok "two inmates: the control saw $t"
done

count=$(ls "$SHOTS"/next-*.layout 2>/dev/null | wc -l)
if [ "$count" -eq 81 ] && ! grep -lF -f "$TEST_TMP/needles" "$SHOTS"/*.layout &&
	grep -q "^field.name field .* $" "$SHOTS/next-27-named.layout" &&
	grep -q "^status.code field .* $" "$SHOTS/next-27-status.layout"; then
	ok "two inmates: the next person sees nothing of the first on contact, name fields or status ($count screens)"
else
	not_ok "two inmates: the next person sees nothing of the first" \
		"$count layouts; $(grep -lF -f "$TEST_TMP/needles" "$SHOTS"/*.layout)"
fi

"$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$TEST_TMP/stick" >/dev/null
"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/stick" \
	--collection-key "$W/office/collection.key" >/dev/null
"$COLLECT" --db "$TEST_TMP/office.db" list --key "$W/office/vpn.key" --format csv \
	>"$TEST_TMP/office.csv" 2>/dev/null
# The three who left done had sent a code-only request; so did the last person.
if [ "$(grep -c '^"demo-wing-a-01/' "$TEST_TMP/office.csv")" -eq 4 ] &&
	[ "$(grep -c ',"code","","","",' "$TEST_TMP/office.csv")" -eq 4 ] &&
	! grep -qF -f "$TEST_TMP/needles" "$TEST_TMP/office.csv"; then
	ok "two inmates: the office gets only what was sent, code-only, nothing of those who left"
else
	not_ok "two inmates: the office gets only what was sent" "$(cat "$TEST_TMP/office.csv")"
fi
