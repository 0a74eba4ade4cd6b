# Every deterministic screen compared with its reference picture in
# tests/kiosk/golden/ (1024x600, and 800x480 for the smallest terminals), with
# exactly: one changed pixel fails. Each screen's widget list (dump-layout,
# NAME-SIZE.layout) must match exactly too. The references change only on request:
#   make goldens     (GOLDEN_UPDATE=1) rewrites them; look at every one before committing.
. "$(dirname "$0")/../lib.sh"

GOLDEN="$ROOT/tests/kiosk/golden"
COMPARE="$BUILD/tests/golden_compare"
make_world "$TEST_TMP/world"

for size in 1024x600 800x480; do
	shots="$TEST_TMP/$size"
	if ! "$KIOSK" --config "$TEST_TMP/world/terminal/terminal.ini" --headless --size "$size" \
		--script "$ROOT/tests/kiosk/goldens.script" --screenshot-dir "$shots"; then
		not_ok "goldens.script at $size"
		continue
	fi
	for layout in "$shots"/*.layout; do
		name="$(basename "$layout" .layout)-$size.layout"
		if [ -n "${GOLDEN_UPDATE:-}" ]; then
			cp "$layout" "$GOLDEN/$name" && echo "updated $GOLDEN/$name"
		elif [ ! -f "$GOLDEN/$name" ]; then
			not_ok "layout $name" "no reference layout (make goldens)"
		elif out=$(diff -u "$GOLDEN/$name" "$layout"); then
			ok "layout $name"
		else
			not_ok "layout $name" "$(echo "$out" | head -n 20)"
		fi
	done
	for png in "$shots"/*.png; do
		name="$(basename "$png" .png)-$size.png"
		if [ -n "${GOLDEN_UPDATE:-}" ]; then
			cp "$png" "$GOLDEN/$name" && echo "updated $GOLDEN/$name"
		elif [ ! -f "$GOLDEN/$name" ]; then
			not_ok "golden $name" "no reference picture (make goldens, then look at it)"
		elif out=$("$COMPARE" "$GOLDEN/$name" "$png" "$TEST_TMP/diff-$name"); then
			ok "golden $name"
		else
			not_ok "golden $name" "$out"
		fi
	done
done
