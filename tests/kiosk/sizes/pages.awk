# Prints script lines that visit every page of one keyboard file (NAME.kbd)
# from its first page and back, dumping each page's widget list as
# PREFIX-PAGE.layout (tests/kiosk/sizes.sh). Variable: prefix.
# Pages are found by their page:NAME keys (breadth first), so a page reached
# only through another (latin's accents2) is visited too.
/^\[page / { page = $2; sub(/\]$/, "", page); pages[++n] = page; next }
/^row *=/ {
	for (i = 3; i <= NF; i++) {
		t = $i; sub(/\*.*$/, "", t)
		if (t ~ /^page:/) { sub(/^page:/, "", t); edge[page, t] = 1 }
	}
}
# The key taps from page A to page B, space-separated, or "" when B is A.
function path(a, b,    q, head, tail, prev, seen, cur, k, p, out) {
	if (a == b) return ""
	q[1] = a; head = 1; tail = 1; seen[a] = 1
	while (head <= tail) {
		cur = q[head++]
		for (k = 1; k <= n; k++) {
			p = pages[k]
			if ((cur, p) in edge && !(p in seen)) {
				seen[p] = 1; prev[p] = cur; q[++tail] = p
			}
		}
	}
	if (!(b in seen)) { print "pages.awk: page " b " cannot be reached" > "/dev/stderr"; exit 1 }
	for (p = b; p != a; p = prev[p]) out = "key.page." p (out == "" ? "" : " " out)
	return out
}
function taps(list,    m, parts, i) {
	m = split(list, parts, " ")
	for (i = 1; i <= m; i++) print "tap " parts[i]
}
END {
	print "dump-layout " prefix "-" pages[1] ".layout"
	for (k = 2; k <= n; k++) {
		taps(path(pages[1], pages[k]))
		print "dump-layout " prefix "-" pages[k] ".layout"
		taps(path(pages[k], pages[1]))
	}
}
