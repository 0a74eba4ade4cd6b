# Touch targets in millimetres (issue 5, section 5): every screen (keyboards and
# each field's focus included, error and out-of-service too) at every supported
# size, on the panel display_mm says, measured from its widget list (dump-layout):
# every button, toggle, field and key >= 10 mm both ways, >= 2 mm between any two,
# primary buttons >= 12 mm high. The rules are in tests/kiosk/sizes/measure.awk.
. "$(dirname "$0")/../lib.sh"

HERE="$ROOT/tests/kiosk/sizes"
ALL=de,de-x-easy,en,ar,fa,ru,tr,pl,cs,ro,ka,vi,fr
make_world "$TEST_TMP/pristine"
sed -i "s/^languages = .*/languages = $ALL/" "$TEST_TMP/pristine/terminal/terminal.ini"
# a second request at once is refused (min_interval): the walk reaches the error screen
printf '\n[limits]\nmin_interval = 3600\n' >>"$TEST_TMP/pristine/terminal/terminal.ini"
INI="$TEST_TMP/world/terminal/terminal.ini"
printf 'expect-screen out-of-service\ndump-layout out-of-service.layout\n' >"$TEST_TMP/oos.script"

# measure SIZE MM DIR: every layout in DIR against the panel MM (WxH millimetres).
measure() {
	local size=$1 mm=$2 dir=$3 layout bad
	for layout in "$dir"/*.layout; do
		bad=$(awk -v pxw="${size%x*}" -v pxh="${size#*x}" -v mmw="${mm%x*}" \
			-v mmh="${mm#*x}" -f "$HERE/measure.awk" "$layout")
		if [ -z "$bad" ]; then
			ok "sizes $(basename "$layout" .layout) at $size on ${mm} mm"
		else
			not_ok "sizes $(basename "$layout" .layout) at $size on ${mm} mm" \
				"$(echo "$bad" | head -n 3 | tr '\n' ';')"
		fi
	done
}

# SIZE and the panel it is on: 7" in both orientations, 7" at 1024x600, 10.1" at 1280x800.
for entry in 800x480:154x86 1024x600:154x86 1280x800:217x136 720x1280:86x154; do
	size=${entry%%:*} mm=${entry#*:}
	out="$TEST_TMP/$size"
	# German (QWERTZ) and Arabic (right to left, another keyboard), each on a fresh spool
	for lang in de ar; do
		rm -rf "$TEST_TMP/world"
		cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
		sed -i "s/^\[terminal\]$/[terminal]\ndisplay_mm = $mm/" "$INI"
		if "$KIOSK" --config "$INI" --headless --size "$size" --lang "$lang" \
			--script "$HERE/walk.script" --screenshot-dir "$out-$lang" \
			>"$out-$lang.log" 2>&1; then
			measure "$size" "$mm" "$out-$lang"
		else
			not_ok "sizes walk $lang at $size" "$(tail -n 2 "$out-$lang.log" | tr '\n' ';')"
		fi
	done
	# out of service: the signing key is gone
	rm "$TEST_TMP/world/terminal/terminal.key"
	"$KIOSK" --config "$INI" --headless --size "$size" --script "$TEST_TMP/oos.script" \
		--screenshot-dir "$out-oos" >"$out-oos.log" 2>&1
	measure "$size" "$mm" "$out-oos"
done
