# The walk of every screen shared by tests/kiosk/sizes.sh and tests/kiosk/spoken_labels.sh
# (sourced after tests/lib.sh): a demo world TEST_TMP/pristine in all 13 languages, where a
# second request at once is refused (min_interval), so that the walk reaches the error screen;
# INI, the terminal.ini of the copy TEST_TMP/world each run takes of it; and walk LANG.
HERE="$ROOT/tests/kiosk/sizes"
ALL=de,de-x-easy,en,ar,fa,ru,tr,pl,cs,ro,ka,vi,fr
make_world "$TEST_TMP/pristine"
kiosk_languages "$TEST_TMP/pristine" "$ALL"
printf '\n[limits]\nmin_interval = 3600\n' >>"$TEST_TMP/pristine/terminal/terminal.ini"
# shellcheck disable=SC2034 # used by the suites that source this
INI="$TEST_TMP/world/terminal/terminal.ini"
# every keyboard once, in the order key.switch goes through them (languages.ini)
KEYBOARDS=$(awk '/^keyboard *=/ { print $3 }' "$ROOT/assets/languages.ini" | awk '!seen[$0]++')

# walk LANG: prints walk.script with every keyboard's pages (pages.awk) where it says
# #KEYBOARDS, starting at LANG's own keyboard and going round with key.switch.
walk() {
	local own rotated kbd
	own=$(awk -v l="[$1]" '$0 == l { on = 1 } on && /^keyboard *=/ { print $3; exit }' \
		"$ROOT/assets/languages.ini")
	rotated=$(printf '%s\n' $KEYBOARDS $KEYBOARDS | awk -v o="$own" '$0 == o { on = 1 } on' |
		head -n "$(echo "$KEYBOARDS" | wc -l)")
	while IFS= read -r line; do
		if [ "$line" = "#KEYBOARDS" ]; then
			for kbd in $rotated; do
				awk -v prefix="kbd-$kbd" -f "$HERE/pages.awk" "$ROOT/assets/keyboards/$kbd.kbd"
				echo "tap key.switch"
			done
		else
			echo "$line"
		fi
	done <"$HERE/walk.script"
}
