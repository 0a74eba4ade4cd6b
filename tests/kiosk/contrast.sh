# Text contrast as rendered (docs/accessibility.md): every screen is drawn
# headless (tests/kiosk/contrast/walk.script: screenshot and widget list of
# each), and tests/kiosk/contrast_check.c measures every text's colour against
# the background actually in the picture: at least 4.5:1, 7:1 in the
# high-contrast mode. The same walks check that every text fits its box in the
# large-text mode (expect-text-fits) at 800x480 and 1024x600. Mutation checks:
# a theme with a low-contrast ink, and a high-contrast palette with a dim
# disabled text, must both be caught and named.
. "$(dirname "$0")/../lib.sh"

CHECK="$BUILD/tests/contrast_check"
THEME="$ROOT/assets/theme.ini"
make_world "$TEST_TMP/pristine"
sed -i 's/^min_interval = .*/min_interval = 600/' "$TEST_TMP/pristine/terminal/terminal.ini"

# walk NAME LANG SIZE MODES [THEME]: the walk in language LANG at SIZE with the mode
# taps MODES (words: contrast, large-text), screenshots in $TEST_TMP/NAME.
walk() {
	local name=$1 lang=$2 size=$3 modes="" mode script config
	for mode in $4; do modes="$modes"$'\n'"tap $mode"; done
	script=$(cat "$ROOT/tests/kiosk/contrast/walk.script")
	script=${script//@LANG@/tap lang.$lang}
	printf '%s\n' "${script//@MODES@/$modes}" >"$TEST_TMP/$name.script"
	# a fresh world each time: the walk's second submit meets min_interval = 600
	rm -rf "$TEST_TMP/world"
	cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
	config="$TEST_TMP/world/terminal/terminal.ini"
	if [ -n "${5:-}" ]; then
		config="$TEST_TMP/world/terminal/$name.ini"
		{ cat "$TEST_TMP/world/terminal/terminal.ini"; printf '[terminal]\ntheme = %s\n' "$5"; } >"$config"
	fi
	"$KIOSK" --config "$config" --headless --size "$size" --script "$TEST_TMP/$name.script" \
		--screenshot-dir "$TEST_TMP/$name" >"$TEST_TMP/$name.out" 2>&1
}

# measure NAME PALETTE [THEME]: contrast_check on every screenshot of NAME; output in NAME.contrast.
measure() {
	local png rc=0
	: >"$TEST_TMP/$1.contrast"
	for png in "$TEST_TMP/$1"/*.png; do
		"$CHECK" "${3:-$THEME}" "$2" "$png" "${png%.png}.layout" >>"$TEST_TMP/$1.contrast" 2>&1 || rc=1
	done
	return $rc
}

# run NAME LANG SIZE MODES PALETTE: walk (every text fits) and measure.
run() {
	if walk "$1" "$2" "$3" "$4"; then
		ok "$1: every text fits its box (${4:-normal mode})"
	else
		not_ok "$1: walk" "$(head -n 5 "$TEST_TMP/$1.out")"
	fi
	if [ "$(ls "$TEST_TMP/$1"/*.png 2>/dev/null | wc -l)" -lt 16 ]; then
		not_ok "$1: contrast" "not every screen was drawn"
	elif measure "$1" "$5"; then
		ok "$1: contrast as rendered ($5, $(ls "$TEST_TMP/$1"/*.png | wc -l) screens)"
	else
		not_ok "$1: contrast as rendered ($5)" "$(grep -v ' texts, lowest' "$TEST_TMP/$1.contrast" | head -n 5)"
	fi
}

run de-normal-800x480 de 800x480 "" normal
run de-contrast-800x480 de 800x480 "contrast" high-contrast
run ar-contrast-large-800x480 ar 800x480 "contrast large-text" high-contrast
run ka-large-800x480 ka 800x480 "large-text" normal
run de-large-1024x600 de 1024x600 "large-text" normal
run ar-large-1024x600 ar 1024x600 "large-text" normal

# out of service (no signing key), both palettes
rm -rf "$TEST_TMP/world"
cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
W="$TEST_TMP/world/terminal"
mv "$W/terminal.key" "$W/terminal.key.away"
for modes in "" "contrast" "contrast large-text"; do
	name="out-of-service-${modes// /-}"
	printf 'tap %s\n' $modes >"$TEST_TMP/$name.script"
	printf 'expect-screen out-of-service\nexpect-text-fits\nscreenshot oos\ndump-layout oos.layout\n' \
		>>"$TEST_TMP/$name.script"
	[ -z "$modes" ] && sed -i 1d "$TEST_TMP/$name.script"
	"$KIOSK" --config "$W/terminal.ini" --headless --size 800x480 --script "$TEST_TMP/$name.script" \
		--screenshot-dir "$TEST_TMP/$name" >"$TEST_TMP/$name.out" 2>&1
	palette=normal
	case "$modes" in contrast*) palette=high-contrast ;; esac
	if [ -f "$TEST_TMP/$name/oos.png" ] && ! grep -q 'expect-text-fits' "$TEST_TMP/$name.out" &&
		measure "$name" "$palette"; then
		ok "out of service: contrast and fit (${modes:-normal})"
	else
		not_ok "out of service: contrast and fit (${modes:-normal})" \
			"$(cat "$TEST_TMP/$name.out" "$TEST_TMP/$name.contrast" | head -n 5)"
	fi
done
mv "$W/terminal.key.away" "$W/terminal.key"

# Mutations: the check must fail on a low-contrast theme, naming the text.
sed 's/^ink = #1a1a1a/ink = #9a9a9a/' "$THEME" >"$TEST_TMP/low-ink.ini"
walk mutated-ink de 800x480 "" "$TEST_TMP/low-ink.ini"
if ! measure mutated-ink normal "$TEST_TMP/low-ink.ini" &&
	grep -q "title (label) .*: ink #9a9a9a on background #f5f3ee is 2.54:1, under 4.5:1" "$TEST_TMP/mutated-ink.contrast"; then
	ok "mutation: ink #9a9a9a is caught (2.54:1)"
else
	not_ok "mutation: ink #9a9a9a is caught" "$(head -n 3 "$TEST_TMP/mutated-ink.contrast")"
fi
awk '/^\[high-contrast\]/{hc=1} hc && /^muted_ink/{$0="muted_ink = #808080"} 1' "$THEME" >"$TEST_TMP/dim-disabled.ini"
walk mutated-disabled de 800x480 "contrast" "$TEST_TMP/dim-disabled.ini"
if ! measure mutated-disabled high-contrast "$TEST_TMP/dim-disabled.ini" &&
	grep -q "next (button) .*: muted_ink #808080 on muted_background #333333 is 3.20:1, under 7.0:1" "$TEST_TMP/mutated-disabled.contrast"; then
	ok "mutation: a dim disabled text in high contrast is caught"
else
	not_ok "mutation: a dim disabled text in high contrast is caught" \
		"$(head -n 3 "$TEST_TMP/mutated-disabled.contrast")"
fi
# The defect this check was written for: disabled text #6e6e6e on #e2e0dc was 3.87:1.
awk '!hc && /^muted_ink/{$0="muted_ink = #6e6e6e"} /^\[high-contrast\]/{hc=1} 1' "$THEME" >"$TEST_TMP/old-muted.ini"
walk mutated-old-muted de 800x480 "" "$TEST_TMP/old-muted.ini"
if ! measure mutated-old-muted normal "$TEST_TMP/old-muted.ini" &&
	grep -q "next (button) .*: muted_ink #6e6e6e on muted_background #e2e0dc is 3.87:1, under 4.5:1" "$TEST_TMP/mutated-old-muted.contrast"; then
	ok "mutation: the old disabled text #6e6e6e (3.87:1) is caught"
else
	not_ok "mutation: the old disabled text #6e6e6e (3.87:1) is caught" \
		"$(head -n 3 "$TEST_TMP/mutated-old-muted.contrast")"
fi
