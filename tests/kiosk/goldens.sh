# Every deterministic screen compared with its reference picture in
# tests/kiosk/golden/ (NAME-LANG-SIZE.png), exactly: one changed pixel fails.
# Each screen's widget list (dump-layout, NAME-LANG-SIZE.layout) must match
# exactly too. Every screen in de, ar (right to left), ru and ka at 800x480 and
# in portrait at 720x1280; home and services in de and ar at 1024x600 and
# 1280x800; each size on its panel (display_mm, docs/kiosk.md "Sizes"). One
# kiosk run per language and size. The references change only on request:
#   make goldens     (GOLDEN_UPDATE=1) rewrites them; look at every one before committing.
. "$(dirname "$0")/../lib.sh"

GOLDEN="$ROOT/tests/kiosk/golden"
COMPARE="$BUILD/tests/golden_compare"
make_world "$TEST_TMP/pristine"
kiosk_languages "$TEST_TMP/pristine" de,de-x-easy,en,ar,fa,ru,tr,pl,cs,ro,ka,vi,fr

# compare DIR SUFFIX: every .layout and .png in DIR against its reference NAME-SUFFIX.
compare() {
	local shots=$1 suffix=$2 file name out
	for file in "$shots"/*.layout "$shots"/*.png; do
		name="$(basename "${file%.*}")-$suffix.${file##*.}"
		if [ -n "${GOLDEN_UPDATE:-}" ]; then
			cp "$file" "$GOLDEN/$name" && echo "updated $GOLDEN/$name"
		elif [ ! -f "$GOLDEN/$name" ]; then
			not_ok "golden $name" "no reference (make goldens, then look at it)"
		elif [ "${file##*.}" = layout ]; then
			if out=$(diff -u "$GOLDEN/$name" "$file"); then
				ok "layout $name"
			else
				not_ok "layout $name" "$(echo "$out" | head -n 20)"
			fi
		elif out=$("$COMPARE" "$GOLDEN/$name" "$file" "$TEST_TMP/diff-$name"); then
			ok "golden $name"
		else
			not_ok "golden $name" "$out"
		fi
	done
}

# run SCRIPT SIZE LANG: the walk on a fresh world with SIZE's panel, compared.
run() {
	local script=$1 size=$2 lang=$3 shots="$TEST_TMP/$2-$3"
	rm -rf "$TEST_TMP/world"
	cp -a "$TEST_TMP/pristine" "$TEST_TMP/world"
	sed -i "s/^\[terminal\]$/[terminal]\ndisplay_mm = $(kiosk_panel "$size")/" \
		"$TEST_TMP/world/terminal/terminal.ini"
	if ! "$KIOSK" --config "$TEST_TMP/world/terminal/terminal.ini" --headless --size "$size" \
		--lang "$lang" --script "$ROOT/tests/kiosk/$script" --screenshot-dir "$shots"; then
		not_ok "$script in $lang at $size"
		return
	fi
	compare "$shots" "$lang-$size"
}

for size in 800x480 720x1280; do
	for lang in de ar ru ka; do
		run goldens.script "$size" "$lang"
	done
done
for size in 1024x600 1280x800; do
	for lang in de ar; do
		run goldens_home.script "$size" "$lang"
	done
done
