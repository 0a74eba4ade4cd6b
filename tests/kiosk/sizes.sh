# Touch targets in millimetres (issue 5, section 5): every screen (status,
# error and out of service too, every field's focus, every page of every
# keyboard) at every supported size on its panel (display_mm), measured from
# its widget list (dump-layout): every button, toggle, field and key >= 10 mm
# both ways, >= 2 mm between any two, primary buttons >= 12 mm high. The rules
# are in tests/kiosk/sizes/measure.awk; the panels are in docs/kiosk.md, "Sizes".
. "$(dirname "$0")/../lib.sh"

. "$(dirname "$0")/sizes/walk.sh"
printf 'expect-screen out-of-service\ndump-layout out-of-service.layout\n' >"$TEST_TMP/oos.script"

# measure SIZE MM DIR: every layout in DIR against the panel MM (WxH millimetres).
measure() {
	local size=$1 mm=$2 dir=$3 layout bad
	for layout in "$dir"/*.layout; do
		bad=$(awk -v pxw="${size%x*}" -v pxh="${size#*x}" -v mmw="${mm%x*}" \
			-v mmh="${mm#*x}" -f "$HERE/measure.awk" "$layout")
		if [ -z "$bad" ]; then
			ok "sizes $(basename "$dir")/$(basename "$layout" .layout) on ${mm} mm"
		else
			not_ok "sizes $(basename "$dir")/$(basename "$layout" .layout) on ${mm} mm" \
				"$(echo "$bad" | head -n 3 | tr '\n' ';')"
		fi
	done
	# the smallest target side, gap and primary height of all, for docs/kiosk.md
	for layout in "$dir"/*.layout; do
		awk -v pxw="${size%x*}" -v pxh="${size#*x}" -v mmw="${mm%x*}" -v mmh="${mm#*x}" \
			-v summary=1 -f "$HERE/measure.awk" "$layout"
	done | awk '{ for (i = 2; i <= 4; i++) if (!(i in m) || $i < m[i]) m[i] = $i }
		END { if (NR) printf "# %s: smallest target %.2f mm, gap %.2f mm, primary %.2f mm high\n",
		      d, m[2], m[3], m[4] }' d="$(basename "$dir")"
}

# Every supported size on its panel (kiosk_panel in tests/lib.sh).
for size in 800x480 1024x600 1280x800 720x1280; do
	mm=$(kiosk_panel "$size")
	# German (QWERTZ, left to right) and Arabic (mirrored), each on a fresh spool
	for lang in de ar; do
		out="$TEST_TMP/$size-$lang"
		rm -rf "$TEST_TMP/world"
		cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
		sed -i "s/^\[terminal\]$/[terminal]\ndisplay_mm = $mm/" "$INI"
		walk "$lang" >"$out.script"
		if "$KIOSK" --config "$INI" --headless --size "$size" --lang "$lang" \
			--script "$out.script" --screenshot-dir "$out" >"$out.log" 2>&1; then
			measure "$size" "$mm" "$out"
		else
			not_ok "sizes walk $lang at $size" "$(tail -n 2 "$out.log" | tr '\n' ';')"
		fi
	done
	# out of service: the signing key is gone
	rm "$TEST_TMP/world/terminal/terminal.key"
	out="$TEST_TMP/$size-oos"
	"$KIOSK" --config "$INI" --headless --size "$size" --script "$TEST_TMP/oos.script" \
		--screenshot-dir "$out" >"$out.log" 2>&1
	measure "$size" "$mm" "$out"
done
