# Measures one dump-layout file in millimetres (tests/kiosk/sizes.sh).
# Variables: pxw, pxh (frame pixels), mmw, mmh (the panel, display_mm).
# Prints one line per violation: every interactive widget (button, toggle,
# field, key) must be >= 10 mm both ways, primary buttons >= 12 mm high, and
# any two interactive widgets >= 2 mm apart. With summary=1 it prints instead
# "min TARGET_MM GAP_MM PRIMARY_H_MM": the smallest side, gap and primary height.
function primary(id) {
	return id ~ /^(next|submit|start|finish|retry|more-time|status\.check)$/
}
$2 == "button" || $2 == "toggle" || $2 == "field" || $2 == "key" {
	n++
	id[n] = $1; x[n] = $3; y[n] = $4; w[n] = $5; h[n] = $6
}
END {
	sx = mmw / pxw; sy = mmh / pxh
	side = 1e9; apart = 1e9; tall = 1e9
	for (i = 1; i <= n; i++) {
		wm = w[i] * sx; hm = h[i] * sy
		if (wm < side) side = wm
		if (hm < side) side = hm
		if (!summary && (wm < 10 || hm < 10))
			printf "%s is %.2f x %.2f mm (under 10 mm)\n", id[i], wm, hm
		if (primary(id[i]) && hm < tall) tall = hm
		if (!summary && primary(id[i]) && hm < 12)
			printf "%s is %.2f mm high (primary: under 12 mm)\n", id[i], hm
		for (j = i + 1; j <= n; j++) {
			gx = x[j] - (x[i] + w[i]); if (x[i] - (x[j] + w[j]) > gx) gx = x[i] - (x[j] + w[j])
			gy = y[j] - (y[i] + h[i]); if (y[i] - (y[j] + h[j]) > gy) gy = y[i] - (y[j] + h[j])
			gap = gx * sx > gy * sy ? gx * sx : gy * sy
			if (gap < apart) apart = gap
			if (!summary && gap < 2)
				printf "%s and %s are %.2f mm apart (under 2 mm)\n", id[i], id[j], gap
		}
	}
	if (summary && n)
		printf "min %.2f %.2f %.2f\n", side, apart, tall
}
