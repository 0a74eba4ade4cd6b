# Shared by the crash harness scripts (kill.sh, power_cut.sh): the seeded
# random numbers, a terminal world with its office, the checks after each
# crash, and the chain run to completion at the end. Sourced after lib.sh.
CRASH="$BUILD/crash"
SEED=${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
RANDOM=$SEED

# rand_below N: R = a seeded random number in [0, N). Not $(...): a subshell reseeds RANDOM.
rand_below() { R=$((((RANDOM << 15) | RANDOM) % $1)); }

# sql DB QUERY: the query's output; never creates DB.
sql() { [ -f "$1" ] && sqlite3 -batch "$1" "$2" 2>&1; }

# world_new DIR: a fresh demo terminal in DIR/world, its office database
# DIR/office.db (terminal enrolled), sticks under DIR/sticks. Sets W, SPOOL,
# DB, STICKS, OKS (the "ok TAG-N CODE" lines of every submit that returned
# success), ERRS (what the crashed programs said), and resets the counters.
world_new() {
	W="$1/world" DB="$1/office.db" STICKS="$1/sticks" OKS="$1/submitted" ERRS="$1/programs.err"
	SPOOL="$W/spool/spool.db"
	SPOOL_MIN=0 OK_COUNT=0
	mkdir -p "$1" "$STICKS" && : >"$OKS" && make_world "$W" &&
		"$COLLECT" --db "$DB" enroll "$W/terminal.pub" >/dev/null
}

# check_spool: the spool is whole, its counters 1..N have no gap, it holds at
# least what it ever held (nothing is purged here) and at least OK_COUNT.
# 0, or 1 with WHY.
check_spool() {
	local integrity rows count
	integrity=$(sql "$SPOOL" 'PRAGMA integrity_check')
	[ "$integrity" = ok ] || { WHY="spool integrity_check: $integrity"; return 1; }
	rows=$(sql "$SPOOL" 'SELECT count(*), coalesce(max(counter), 0) FROM envelopes')
	count=${rows%|*}
	[ "$count" = "${rows#*|}" ] || { WHY="spool counters have a gap: count|max = $rows"; return 1; }
	[ "$count" -ge "$SPOOL_MIN" ] || { WHY="spool holds $count, once held $SPOOL_MIN"; return 1; }
	[ "$count" -ge "$OK_COUNT" ] || { WHY="spool holds $count < $OK_COUNT submits that returned"; return 1; }
	SPOOL_MIN=$count
}

# check_office: the office database is whole, holds each counter once and none
# the spool never had. 0, or 1 with WHY.
check_office() {
	local integrity rows
	[ -f "$DB" ] || return 0
	integrity=$(sql "$DB" 'PRAGMA integrity_check')
	[ "$integrity" = ok ] || { WHY="office integrity_check: $integrity"; return 1; }
	rows=$(sql "$DB" 'SELECT count(*), count(DISTINCT counter), coalesce(max(counter), 0) FROM envelopes')
	[ "${rows%%|*}" = "$(cut -d'|' -f2 <<<"$rows")" ] || { WHY="office holds a counter twice: $rows"; return 1; }
	[ "${rows##*|}" -le "$SPOOL_MIN" ] || { WHY="office holds counter ${rows##*|} the spool never had"; return 1; }
}

submitted() { grep -cE '^ok [a-z0-9-]+ [A-Z0-9]{4}-[A-Z0-9]{4}$' "$OKS"; }

# chain_complete WHAT: after the crashes, the terminal still takes requests,
# one more export succeeds, every stick imports whole, and the recipient's
# list holds every request of the spool once, among them every one whose
# submit returned success, with the code it showed. Prints ok/not ok lines
# named "WHAT: ...".
chain_complete() {
	local what=$1 bad=0 stick missing listed
	"$CRASH/crash_submit" "$W/terminal.ini" after 3 >>"$OKS" 2>>"$ERRS"
	check "$what: the terminal still takes requests" test $? -eq 0
	"$ADMIN" --config "$W/terminal.ini" export --to "$STICKS/final" >/dev/null 2>>"$ERRS"
	check "$what: a last export succeeds" test $? -eq 0
	SPOOL_MIN=$(sql "$SPOOL" 'SELECT count(*) FROM envelopes')
	for stick in "$STICKS"/*; do
		"$COLLECT" --db "$DB" import "$stick" >/dev/null 2>>"$ERRS" || bad=$((bad + 1))
	done
	check "$what: every stick imports, no half-written bundle under a final name" test "$bad" -eq 0
	"$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format json >"$W.list.json" 2>>"$ERRS"
	listed=$(jq length "$W.list.json")
	check "$what: the office lists every request of the spool ($listed of $SPOOL_MIN)" \
		test "$listed" -eq "$SPOOL_MIN"
	jq -r '.[] | .message + " " + .reference' "$W.list.json" | sort >"$W.listed"
	check "$what: no request is listed twice" test -z "$(cut -d' ' -f1 "$W.listed" | uniq -d)"
	missing=$(awk '{print $2 " " $3}' "$OKS" | sort | comm -23 - "$W.listed" | head -n 3)
	check "$what: every submit that returned success is listed with its code ($(submitted))" \
		test -z "$missing"
	[ -z "$missing" ] || echo "missing: $missing"
	echo "$what: $(submitted) submits returned success, $SPOOL_MIN requests stored, $listed listed," \
		"$(find "$STICKS" -name '*.tmp-*' | wc -l) temporary files left on the sticks"
}
