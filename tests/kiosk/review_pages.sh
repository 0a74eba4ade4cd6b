# The review shows everything that will be sent: a maximal message (300
# characters, the field's limit) goes on as many pages as it needs, with
# "Page 2 of 3" and large page buttons, in German, in Arabic (right to left)
# and in portrait. Checked on the widget lists (dump-layout), not on pixels:
# the message put together from every page is exactly what was typed, its
# last words are on the last page, no text of any page is cut
# (expect-not-cut), and no message line reaches into the consent row.
. "$(dirname "$0")/../lib.sh"

make_world "$TEST_TMP/world"
INI="$TEST_TMP/world/terminal/terminal.ini"
export LC_ALL=C.UTF-8

chars() { printf '%s' "$1" | wc -m; }

# max_message WORD END: "WORD1 WORD2 ... END" filled up with dots to exactly 300 characters.
max_message() {
	local word=$1 end=$2 msg="" i=1 next
	while :; do
		next="$msg${msg:+ }$word$i"
		[ $(($(chars "$next") + 1 + $(chars "$end"))) -gt 300 ] && break
		msg=$next
		i=$((i + 1))
	done
	msg="$msg $end"
	while [ "$(chars "$msg")" -lt 300 ]; do msg="$msg."; done
	printf '%s' "$msg"
}

# walk NAME LANG SIZE MSG PAGES: to the review with MSG, then PAGES-1 times page.next.
walk() {
	local name=$1 lang=$2 size=$3 msg=$4 pages=$5 p
	{
		printf 'tap lang.%s\ntap start\ntap service.akt\ntap next\ntap contact.code\ntap next\n' "$lang"
		printf 'tap field.message\ntype %s\n' "$msg"
		# one more character is refused: the message is at its limit
		printf 'type x\nexpect-text %s\n' "$FULL"
		printf 'tap next\nexpect-screen review\n'
		for ((p = 1; p <= pages; p++)); do
			printf 'expect-not-cut\ndump-layout page%d.layout\nscreenshot page%d\n' "$p" "$p"
			if [ "$p" -lt "$pages" ]; then
				printf 'expect-enabled page.next\ntap page.next\n'
			elif [ "$pages" -gt 1 ]; then
				printf 'expect-disabled page.next\nexpect-enabled page.prev\n'
			fi
		done
		printf 'tap quick-exit\nexpect-wiped\n'
	} >"$TEST_TMP/$name.script"
	rm -rf "$TEST_TMP/$name"
	"$KIOSK" --config "$INI" --headless --size "$size" --script "$TEST_TMP/$name.script" \
		--screenshot-dir "$TEST_TMP/$name" 2>"$TEST_TMP/$name.err"
}

# pages_of NAME: N from page 1's "page" label ("Seite 1 von N"), 1 without one.
pages_of() {
	local n
	n=$(sed -n 's/^page label [0-9 ]*[^0-9]*1[^0-9]\+\([0-9]\+\)$/\1/p' "$TEST_TMP/$1/page1.layout")
	echo "${n:-1}"
}

# message_of NAME CAPTION PAGES: the texts after each CAPTION label, pages joined,
# line breaks between lines read as the spaces they replaced.
message_of() {
	local p
	for ((p = 1; p <= $3; p++)); do
		awk -v cap="$2" '
			found { sub(/^[^ ]+ [^ ]+ [0-9-]+ [0-9-]+ [0-9-]+ [0-9-]+ /, ""); printf "%s\n", $0; found = 0 }
			$1 == "-" && NF == 7 && $7 == cap { found = 1 }
		' "$TEST_TMP/$1/page$p.layout"
	done | sed 's/\\n/ /g' | paste -sd ' '
}

# below_consent NAME PAGES: true when every label of the message ends above the consent row.
below_consent() {
	local p
	for ((p = 1; p <= $3; p++)); do
		awk -v cap="$2" '
			$1 == "consent" { top = $4 }
			found { bottom[n++] = $4 + $6; found = 0 }
			$1 == "-" && $7 == cap && NF == 7 { found = 1 }
			END { for (i = 0; i < n; i++) if (bottom[i] > top) exit 1 }
		' "$TEST_TMP/$1/page$p.layout" || return 1
	done
}

# check_walk NAME LANG SIZE WORD END CAPTION PAGE_WORD
check_walk() {
	local name=$1 msg pages got last p
	msg=$(max_message "$4" "$5")
	walk "$name" "$2" "$3" "$msg" 1 # learn the page count
	pages=$(pages_of "$name")
	if [ "$pages" -lt 2 ]; then
		not_ok "review $name: a maximal message needs more than one page" "$(cat "$TEST_TMP/$name/page1.layout")"
		return
	fi
	if walk "$name" "$2" "$3" "$msg" "$pages"; then
		ok "review $name: $pages pages, every one drawn whole, then wiped"
	else
		not_ok "review $name: $pages pages, every one drawn whole, then wiped" "$(cat "$TEST_TMP/$name.err")"
	fi
	got=$(message_of "$name" "$6" "$pages")
	if [ "$got" = "$msg" ]; then
		ok "review $name: the pages together show the message exactly"
	else
		not_ok "review $name: the pages together show the message exactly" "got '$got'"
	fi
	# the page with the last words: reached with page.next, and the message ends there
	last=""
	for ((p = 1; p <= pages; p++)); do
		grep -qF -- "$5" "$TEST_TMP/$name/page$p.layout" && last=$p
	done
	if [ -n "$last" ] && [ "$last" -gt 1 ] &&
		grep -q "^page label .*$7 $last" "$TEST_TMP/$name/page$last.layout" &&
		! cat "$TEST_TMP/$name"/page$((last + 1)).layout 2>/dev/null | grep -q "^- label .* $6\$"; then
		ok "review $name: the last words are shown, on page $last of $pages"
	else
		not_ok "review $name: the last words are shown on a later page" "page '${last}'"
	fi
	if below_consent "$name" "$6" "$pages"; then
		ok "review $name: no message line reaches into the consent row"
	else
		not_ok "review $name: no message line reaches into the consent row"
	fi
}

FULL="Noch 0"
check_walk de de 800x480 Wort "Ende gut" Nachricht "Seite"
check_walk de-1280 de 1280x800 Wort "Ende gut" Nachricht "Seite"
FULL="متبقٍ 0"
check_walk ar ar 800x480 "كلمة" "انتهى هنا" "الرسالة" "الصفحة"
