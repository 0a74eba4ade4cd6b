# Crash harness, kills: SIGKILL at random points inside submit, export,
# receipt-apply (prisma-admin collect --stick) and import, run as the real
# programs (crash_submit drives terminal_submit, the kiosk's own path). After
# every kill: PRAGMA integrity_check is "ok" on the spool and the office
# database, the spool's counters have no gap, nothing it held is gone, the
# office holds nothing twice, and nothing is purged without a receipt (every
# purged request is at the office, under a hash a receipt named). Every epoch
# (at most 250 kills, one terminal, office and three sticks) ends with custody
# run to completion (chain_complete in common.sh): every request whose submit
# returned success is listed exactly once, nothing is left pending or on a
# stick.
#
# CRASH_KILLS (default 200; `make soak` 5000) is how many kills must land while
# a program runs; CRASH_SEED replays a run (printed first). A replay draws the
# same kill points; kills in time land near, not exactly at, the same place.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.sh"

KILLS=${CRASH_KILLS:-200}
EPOCH_KILLS=250
echo "crash seed $SEED (replay: CRASH_SEED=$SEED CRASH_KILLS=$KILLS)"

# Each round runs OP's program and SIGKILLs it at a random point of its usual
# run: half the rounds at a moment in time (LIMIT_US: how long the op took
# when last let finish), half as it enters a system call (LIMIT_CALLS: how
# many it made), so every write, rename and fsync is as likely a place to die
# as the slow ones. The ops: submit; export to a stick; collect --stick
# (receipt-apply: verify the stick's receipts, purge what they name, remove
# the bundles they answer, export the rest); import of a stick at the office,
# which writes receipts to it.
declare -A LIMIT_US=([submit]=20000 [export]=5000 [collect]=5000 [import]=50000)
declare -A LIMIT_CALLS=([submit]=2000 [export]=500 [collect]=500 [import]=500)
declare -A LANDED=([submit]=0 [export]=0 [collect]=0 [import]=0)
kills=0 by_call=0 rounds=0 failures=0

op_command() {
	case $1 in
	submit) CMD=("$CRASH/crash_submit" "$TINI" "s$rounds" 2) ;;
	export) CMD=("$ADMIN" --config "$TINI" export --to "$STICK") ;;
	collect) CMD=("$ADMIN" --config "$TINI" collect --stick "$STICK") ;;
	import) CMD=("$COLLECT" --db "$DB" import "$STICK" --collection-key "$CKEY") ;;
	esac
}

# choose_op: OP and its STICK; an import only of a stick that holds a bundle.
choose_op() {
	local full=()
	for STICK in "$STICKS"/*; do
		compgen -G "$STICK/PRISMA/outbox/*.prb" >/dev/null && full+=("$STICK")
	done
	rand_below "$N_STICKS"
	STICK="$STICKS/s$((R + 1))"
	rand_below 10
	if [ "$SPOOL_MIN" -lt 10 ] || [ "$R" -lt 3 ]; then OP=submit
	elif [ "$R" -lt 4 ]; then OP=export
	elif [ "$R" -lt 7 ] || [ "${#full[@]}" -eq 0 ]; then OP=collect
	else OP=import; rand_below "${#full[@]}"; STICK=${full[$R]}; fi
}

# run_round: one kill round of OP; sets OUTCOME (killed/finished) and WHAT.
run_round() {
	local mode result code us calls
	rand_below 2
	if [ "$R" -eq 0 ]; then mode=us; rand_below "${LIMIT_US[$OP]}"
	else mode=syscall; rand_below "${LIMIT_CALLS[$OP]}"; R=$((R + 1)); fi
	result=$("$CRASH/crash_kill" "$mode" "$R" "$TEST_TMP/out" "$ERRS" -- "${CMD[@]}")
	OK_COUNT=$((OK_COUNT + $(grep -c '^ok ' "$TEST_TMP/out")))
	grep '^ok ' "$TEST_TMP/out" >>"$OKS"; : >"$TEST_TMP/out"
	[ "$OP" = import ] && keep_receipts
	read -r OUTCOME code us calls <<<"$result"
	case $OUTCOME in
	killed) kills=$((kills + 1)); LANDED[$OP]=$((LANDED[$OP] + 1))
		if [ "$mode" = us ]; then WHAT="kill $kills: $OP killed after $code us"
		else by_call=$((by_call + 1)); WHAT="kill $kills: $OP killed entering system call $R"; fi ;;
	finished) LIMIT_US[$OP]=$((us + us / 10 + 1))
		[ "$mode" = syscall ] && LIMIT_CALLS[$OP]=$calls
		WHAT="round $rounds: $OP ended (exit $code) before its kill" ;;
	*) not_ok "crash_kill: $result"; exit 1 ;;
	esac
}

# epoch N: a fresh terminal and office, kills until KILLS or EPOCH_KILLS more landed, the chain.
epoch() {
	local until=$((kills + EPOCH_KILLS)) start=$rounds failed_before=$failures
	[ "$until" -gt "$KILLS" ] && until=$KILLS
	world_new "$TEST_TMP/epoch$1" || { not_ok "epoch $1: demo world and office"; exit 1; }
	while [ "$kills" -lt "$until" ] && [ "$((rounds - start))" -lt $((EPOCH_KILLS * 3)) ]; do
		rounds=$((rounds + 1))
		choose_op
		op_command "$OP"
		run_round
		if check_spool && check_office && check_purged; then
			[ "$OUTCOME" = killed ] && ok "$WHAT"
		else
			not_ok "$WHAT" "$WHY (seed $SEED)"; failures=$((failures + 1))
		fi
	done
	chain_complete "epoch $1 (seed $SEED)"
	# A passed epoch's files are not needed any more; soak runs would fill the disk.
	[ "$KILLS" -gt "$EPOCH_KILLS" ] && [ "$failures" -eq "$failed_before" ] && rm -rf "$TEST_TMP/epoch$1"
}

n=0
while [ "$kills" -lt "$KILLS" ] && [ "$rounds" -lt $((KILLS * 3)) ]; do
	n=$((n + 1))
	epoch "$n"
done
echo "crash kills landed: ${LANDED[submit]} in submit, ${LANDED[export]} in export," \
	"${LANDED[collect]} in receipt-apply (collect), ${LANDED[import]} in import" \
	"($kills kills in $rounds rounds and $n epochs, $by_call of them entering a system call;" \
	"$failures failed the checks; seed $SEED)"
check "at least $KILLS kills landed inside the programs" test "$kills" -ge "$KILLS"
