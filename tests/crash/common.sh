# Shared by the crash harness scripts (kill.sh, power_cut.sh): the seeded
# random numbers, a terminal world with its office and sticks, the checks
# after each crash, and the custody chain run to completion at the end.
# Sourced after lib.sh.
CRASH="$BUILD/crash"
SEED=${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
RANDOM=$SEED
N_STICKS=3 # a social worker's few sticks, each used again and again

# rand_below N: R = a seeded random number in [0, N). Not $(...): a subshell reseeds RANDOM.
rand_below() { R=$((((RANDOM << 15) | RANDOM) % $1)); }

# sql DB QUERY: the query's output; never creates DB.
sql() { [ -f "$1" ] && sqlite3 -batch "$1" "$2" 2>&1; }

# world_template: once per run, a demo world (office/ keys, terminal/ with
# terminal.ini, spool, certificate) made for the harness: no hourly limit (it
# submits in a row), and unprotected copies of the office keys it opens
# (crash_unseal: an Argon2id unlock at every import would be most of the run).
world_template() {
	TEMPLATE="$TEST_TMP/template"
	[ -d "$TEMPLATE" ] && return 0
	make_world "$TEMPLATE" &&
		sed -i 's/^per_hour = .*/per_hour = 0/' "$TEMPLATE/terminal/terminal.ini" &&
		"$CRASH/crash_unseal" ed25519 "$TEMPLATE/office/collection.key" "$TEMPLATE/office/collection-open.key" &&
		"$CRASH/crash_unseal" x25519 "$TEMPLATE/office/vpn.key" "$TEMPLATE/office/vpn-open.key"
}

# world_new DIR: a fresh copy of the template in DIR/world, its office
# database DIR/office.db (terminal enrolled), sticks DIR/sticks/s1..s3. Sets
# W, TINI (terminal.ini), SPOOL, AUDIT, CKEY (collection key), VKEY (vpn key),
# DB, STICKS, OKS (the "ok TAG-N CODE" lines of every submit that returned
# success), RECEIPTED (the envelope hashes every receipt seen on a stick
# named), ERRS (what the crashed programs said), and resets the counters.
world_new() {
	W="$1/world" DB="$1/office.db" STICKS="$1/sticks" OKS="$1/submitted" ERRS="$1/programs.err"
	TINI="$W/terminal/terminal.ini" SPOOL="$W/terminal/spool/spool.db" AUDIT="$W/terminal/spool/audit.log"
	CKEY="$W/office/collection-open.key" VKEY="$W/office/vpn-open.key"
	RECEIPTED="$1/receipted" RECEIPTS="$1/receipts"
	SPOOL_MIN=0 OK_COUNT=0
	world_template && mkdir -p "$1" "$RECEIPTS" && : >"$OKS" && : >"$RECEIPTED" &&
		cp -a "$TEMPLATE" "$W" &&
		"$COLLECT" --db "$DB" enroll "$W/terminal/terminal.pub" >/dev/null || return 1
	for ((i = 1; i <= N_STICKS; i++)); do mkdir -p "$STICKS/s$i"; done
}

# receipt_hashes FILE: the envelope hashes a custody receipt names, one per line
# (docs/formats.md: "PRSR" | version | id length | id | issued u64 | key id [8]
# | count u32 | count x hash [32] | signature). Only the harness's own office
# writes receipts here, so the signature is left to prisma-admin.
receipt_hashes() {
	local hex len off count
	hex=$(od -An -tx1 -v "$1" | tr -d ' \n')
	[ "${hex:0:8}" = 50525352 ] || return 0
	len=$((16#${hex:10:2}))
	off=$((6 + len + 16))
	count=$((16#${hex:$((off * 2)):8}))
	for ((i = 0; i < count; i++)); do echo "${hex:$(((off + 4) * 2 + i * 64)):64}"; done
}

# keep_receipts: notes every receipt now on a stick (collect removes those it applied).
keep_receipts() {
	local r name
	for r in "$STICKS"/*/PRISMA/receipts/*.prr; do
		[ -f "$r" ] || continue
		name=${r#"$STICKS"/}
		name=${name//\//_}
		[ -e "$RECEIPTS/$name" ] && continue
		cp "$r" "$RECEIPTS/$name" && receipt_hashes "$r" >>"$RECEIPTED"
	done
}

# check_spool: the spool is whole, its counters 1..N have no gap (purged rows
# keep theirs), it holds at least as many rows as it ever held and at least
# OK_COUNT. 0, or 1 with WHY.
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

# check_purged: nothing purged without a receipt. Every request the spool has
# purged is stored at the office, and its envelope hash there is one a receipt
# on a stick named. 0, or 1 with WHY.
check_purged() {
	local purged held unnamed
	purged=$(sql "$SPOOL" 'SELECT count(*) FROM envelopes WHERE acknowledged_at IS NOT NULL' 2>/dev/null)
	[ "${purged:-0}" -gt 0 ] 2>/dev/null || return 0
	sql "$SPOOL" 'SELECT counter FROM envelopes WHERE acknowledged_at IS NOT NULL ORDER BY counter' >"$W.purged"
	sql "$DB" 'SELECT counter, lower(hex(hash)) FROM envelopes ORDER BY counter' >"$W.office"
	held=$(awk -F'|' 'NR == FNR { p[$1] = 1; next } ($1 in p)' "$W.purged" "$W.office" | tee "$W.purged-held" | wc -l)
	[ "$held" -eq "$purged" ] || { WHY="$((purged - held)) purged request(s) are not at the office"; return 1; }
	unnamed=$(cut -d'|' -f2 "$W.purged-held" | sort | comm -23 - <(sort -u "$RECEIPTED") | wc -l)
	[ "$unnamed" -eq 0 ] || { WHY="$unnamed purged request(s) named by no receipt"; return 1; }
}

submitted() { grep -cE '^ok [a-z0-9-]+ [A-Z0-9]{4}-[A-Z0-9]{4}$' "$OKS"; }

# import_stick STICK: the office imports STICK and writes its receipts there.
import_stick() {
	"$COLLECT" --db "$DB" import "$1" --collection-key "$CKEY"
}

# chain_complete WHAT: after the crashes, the terminal still takes requests,
# and custody runs to its end: rounds of collect (apply receipts, purge,
# export) and import on every stick until nothing is pending. Then the spool
# has purged every request, each with a receipt, no stick holds a bundle or a
# temporary file, and the recipient's list holds every request of the spool
# once, among them every one whose submit returned success, with the code it
# showed; the audit log's chain verifies (only printed with AUDIT_CHECKED=0).
# Prints ok/not ok lines named "WHAT: ...".
chain_complete() {
	local what=$1 bad=0 stick missing listed pending round
	"$CRASH/crash_submit" "$TINI" after 3 >>"$OKS" 2>>"$ERRS"
	check "$what: the terminal still takes requests" test $? -eq 0
	SPOOL_MIN=$(sql "$SPOOL" 'SELECT count(*) FROM envelopes')
	for round in 1 2 3; do
		for stick in "$STICKS"/*; do
			"$ADMIN" --config "$TINI" collect --stick "$stick" >/dev/null 2>>"$ERRS" || bad=$((bad + 1))
			import_stick "$stick" >/dev/null 2>>"$ERRS" || bad=$((bad + 1))
			keep_receipts
		done
		pending=$(sql "$SPOOL" 'SELECT count(*) FROM envelopes WHERE acknowledged_at IS NULL')
		[ "$pending" = 0 ] && break
	done
	for stick in "$STICKS"/*; do
		"$ADMIN" --config "$TINI" collect --stick "$stick" >/dev/null 2>>"$ERRS" || bad=$((bad + 1))
	done
	check "$what: every collect and import of the custody rounds succeeds" test "$bad" -eq 0
	check "$what: custody completes: nothing is pending on the terminal (after $round round(s))" \
		test "$(sql "$SPOOL" 'SELECT count(*) FROM envelopes WHERE acknowledged_at IS NULL')" = 0
	check "$what: nothing was purged without a receipt" check_purged
	if [ "${AUDIT_CHECKED:-1}" = 1 ]; then
		"$ADMIN" --config "$TINI" verify-audit >/dev/null 2>>"$ERRS"
		check "$what: the terminal's audit log chain verifies" test $? -eq 0
	else
		echo "$what: verify-audit says: $("$ADMIN" --config "$TINI" verify-audit 2>&1 | tail -n 1)"
	fi
	check "$what: no bundle or temporary file is left on a stick" \
		test -z "$(find "$STICKS" -path '*/PRISMA/outbox/*' -type f)"
	"$COLLECT" --db "$DB" list --key "$VKEY" --format json >"$W.list.json" 2>>"$ERRS"
	listed=$(jq length "$W.list.json")
	check "$what: the office lists every request of the spool ($listed of $SPOOL_MIN)" \
		test "$listed" -eq "$SPOOL_MIN"
	jq -r '.[] | .message + " " + .reference' "$W.list.json" | sort >"$W.listed"
	check "$what: no request is listed twice" test -z "$(cut -d' ' -f1 "$W.listed" | uniq -d)"
	missing=$(awk '{print $2 " " $3}' "$OKS" | sort | comm -23 - "$W.listed" | head -n 3)
	check "$what: every submit that returned success is listed with its code ($(submitted))" \
		test -z "$missing"
	[ -z "$missing" ] || echo "missing: $missing"
	echo "$what: $(submitted) submits returned success, $SPOOL_MIN requests stored," \
		"$listed listed, $(wc -l <"$RECEIPTED") receipted envelope hashes seen"
}
