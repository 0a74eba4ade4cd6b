# Screenshots of the whole X screen, for the suites that run the kiosk in a window under
# xvfb-run (windowed.sh, read_aloud_unplugged.sh): their inner script (`bash -s <<'INNER'`)
# sources this file. Needs TEST_TMP, ROOT and COMPARE (build/tests/golden_compare) exported,
# DISPLAY set (xvfb-run does), xwd and ImageMagick's convert. Kept out of tests/kiosk/*.sh
# because the runner (tools/run-tests.sh) runs each of those as a suite.

# shot NAME: the screen now, as TEST_TMP/NAME.png (and NAME.xwd).
shot() { xwd -root -silent >"$TEST_TMP/$1.xwd" && /usr/bin/convert "$TEST_TMP/$1.xwd" "$TEST_TMP/$1.png"; }

# shot_when GOLDEN NAME: takes shot NAME until it equals tests/kiosk/golden/GOLDEN; returns 0 then,
# 1 after 50 tries (at most about 10 s): no fixed sleeps.
shot_when() {
	for _ in $(seq 50); do
		shot "$2"
		"$COMPARE" "$ROOT/tests/kiosk/golden/$1" "$TEST_TMP/$2.png" >/dev/null && return 0
		sleep 0.2
	done
	return 1
}
