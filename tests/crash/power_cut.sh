# Crash harness, power cuts: submit, export, receipt-apply (collect --stick)
# and import run on cutfs, a FUSE
# filesystem that keeps what each fsync made durable; at a random one of the
# operation's changing file system calls the power goes (that call and all
# after it fail), and the files are rolled back to what was synced: unsynced
# writes are lost, and a new name, rename or unlink not followed by an fsync
# of its directory is undone. After each cut the checks of kill.sh hold
# (integrity_check, no counter gap, nothing lost), and besides: a submit that
# returned success survived, an export (or collect) that returned success left
# its bundle, an import that returned success keeps every request it stored,
# nothing is purged without a receipt, and the terminal's audit log verifies
# (a last line cut off by the power loss is counted, not a failure) and holds
# the submit entry of every stored request but the one the cut caught between
# its commit and its entry. Custody then runs to completion as in kill.sh.
#
# CRASH_CUTS (default 60; `make soak` 500) cuts; CRASH_SEED replays a run:
# the cut points are counted in operations, so a replay cuts at the same ones.
# Needs root and /dev/fuse (libfuse3); prints "skip" where FUSE cannot mount.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.sh"

CUTS=${CRASH_CUTS:-60}
BACK="$TEST_TMP/disk" STATE="$TEST_TMP/cutfs-state" MNT="$TEST_TMP/mnt" REPORT="$TEST_TMP/cutfs.report"
echo "power cut seed $SEED (replay: CRASH_SEED=$SEED CRASH_CUTS=$CUTS)"

# Where FUSE may be missing: load it and make the device node, as root can.
if [ ! -e /dev/fuse ]; then
	modprobe fuse 2>/dev/null
	[ -e /dev/fuse ] || mknod -m 0666 /dev/fuse c 10 229 2>/dev/null
fi
skip() { echo "skip power_cut: $1"; exit 0; }
[ -x "$CRASH/cutfs" ] || skip "$CRASH/cutfs was not built (libfuse3-dev missing: make deps)"
[ "$(id -u)" -eq 0 ] || skip "needs root to mount FUSE"
[ -c /dev/fuse ] || skip "no /dev/fuse (modprobe fuse and mknod failed)"

# cutfs_mount [--cut-after N]: cutfs on BACK at MNT; 1 if it does not come up.
cutfs_mount() {
	rm -f "$REPORT"
	"$CRASH/cutfs" "$@" --report "$REPORT" "$BACK" "$STATE" "$MNT" 2>>"$TEST_TMP/cutfs.err" &
	CUTFS_PID=$!
	for ((i = 0; i < 1000; i++)); do
		grep -q " $MNT fuse.cutfs " /proc/mounts && return 0
		kill -0 "$CUTFS_PID" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

# cutfs_unmount: unmounts and waits for cutfs to roll BACK back; sets OPS and CUT from its report.
cutfs_unmount() {
	umount "$MNT" && wait "$CUTFS_PID" || return 1
	read -r _ OPS _ CUT <"$REPORT"
}

mkdir -p "$BACK" "$MNT"
trap 'umount "$MNT" 2>/dev/null' EXIT
trap 'exit 1' INT TERM # the EXIT trap unmounts
cutfs_mount || skip "cannot mount FUSE here: $(tail -n 1 "$TEST_TMP/cutfs.err")"

# The model itself, with sync(1) as the only fsync: what it keeps and what it undoes.
printf old >"$MNT/kept" && sync "$MNT/kept" "$MNT"
printf new >"$MNT/kept"                                             # never synced
printf synced >"$MNT/named" && sync "$MNT/named" "$MNT"             # file and entry synced
printf empty >"$MNT/hollow" && sync "$MNT"                          # entry synced, content not
printf r >"$MNT/before" && sync "$MNT/before" "$MNT" && mv "$MNT/before" "$MNT/after" # rename unsynced
printf lost >"$MNT/unnamed" && sync "$MNT/unnamed"                  # entry never synced
mkdir "$MNT/dir" && printf x >"$MNT/dir/x" && sync "$MNT/dir/x" "$MNT/dir"          # dir entry unsynced
kill -USR1 "$CUTFS_PID"
cutfs_unmount
check "cutfs: SIGUSR1 cuts" test "$CUT" = 1
check "cutfs: an unsynced change is lost" test "$(cat "$BACK/kept")" = old
check "cutfs: a synced file in a synced directory stays" test "$(cat "$BACK/named")" = synced
check "cutfs: a synced file whose directory was not synced is gone" test ! -e "$BACK/unnamed"
check "cutfs: a synced name of an unsynced file is an empty file" test -f "$BACK/hollow" -a ! -s "$BACK/hollow"
check "cutfs: an unsynced rename is undone" test -f "$BACK/before" -a ! -e "$BACK/after"
check "cutfs: a new directory whose parent was not synced is gone" test ! -e "$BACK/dir"
rm -rf "${BACK:?}"/* "$STATE"

# Torn mode: blocks written since the last sync may each have reached the disk.
cutfs_mount --torn 12345 || { not_ok "mount cutfs --torn"; exit 1; }
head -c 65536 /dev/zero | tr '\0' a >"$MNT/blocks" && sync "$MNT/blocks" "$MNT"
head -c 65536 /dev/zero | tr '\0' b | dd of="$MNT/blocks" conv=notrunc status=none
kill -USR1 "$CUTFS_PID"
cutfs_unmount
blocks=$(for ((i = 0; i < 16; i++)); do dd if="$BACK/blocks" bs=4096 skip=$i count=1 status=none | tr -s ab; echo; done | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}')
check "cutfs --torn: each block is the synced or the written one, some of each ($blocks)" \
	bash -c '[[ "$1" =~ ^a:[0-9]+\ b:[0-9]+\ $ ]]' _ "$blocks"
rm -rf "${BACK:?}"/* "$STATE"

# The audit log is durable: a submit on a terminal without a log yet creates
# it, and once the submit returned, a power cut takes neither the file nor its entry.
world_new "$BACK" || { not_ok "demo world and office"; exit 1; }
rm -f "$AUDIT"
cutfs_mount || { not_ok "mount cutfs"; exit 1; }
"$CRASH/crash_submit" "$MNT/world/terminal/terminal.ini" first 1 >"$TEST_TMP/out" 2>>"$ERRS"
RC=$?
kill -USR1 "$CUTFS_PID"
cutfs_unmount
check "audit: a submit that returned before the cut (exit $RC) keeps its entry in a new log" \
	grep -qE '^1 [0-9]+ submit counter=1 [0-9a-f]{64}$' "$AUDIT"
check "audit: that log verifies after the cut" "$ADMIN" --config "$TINI" verify-audit
rm -rf "${BACK:?}"/* "$STATE"

# check_audit: the audit log's chain verifies (a last line cut off by the power
# loss is counted in AUDIT_TORN, not a failure), and every stored request's
# submit entry is there, but for requests a cut caught between their commit
# and their entry (the newest at that cut; kept in AUDIT_UNLOGGED). 0, or 1 with WHY.
AUDIT_TORN=0 AUDIT_UNLOGGED=""
check_audit() {
	local out logged missing newest c
	out=$("$ADMIN" --config "$TINI" verify-audit 2>&1) || { WHY="verify-audit: $out"; return 1; }
	[[ $out == *"cut off by power loss"* ]] && AUDIT_TORN=$((AUDIT_TORN + 1))
	logged=$(if [ -n "$(tail -c 1 "$AUDIT" 2>/dev/null | tr -d '\0')" ]; then sed '$d' "$AUDIT"; else cat "$AUDIT"; fi 2>/dev/null |
		sed -nE 's/^[0-9]+ [0-9]+ submit counter=([0-9]+) [0-9a-f]{64}$/\1/p' | sort)
	missing=$(sql "$SPOOL" 'SELECT counter FROM envelopes' | sort | comm -23 - <(echo "$logged"))
	newest=$(sql "$SPOOL" 'SELECT coalesce(max(counter), 0) FROM envelopes')
	for c in $missing; do
		[[ " $AUDIT_UNLOGGED " == *" $c "* ]] && continue
		if [ "$CUT" = 1 ] && [ "$OP" = submit ] && [ "$c" = "$newest" ]; then
			AUDIT_UNLOGGED="$AUDIT_UNLOGGED $c"
		else
			AUDIT_UNLOGGED="$AUDIT_UNLOGGED $c" # reported once
			WHY="the audit log lost the submit entry of counter $c"; return 1
		fi
	done
}

# The operations, each on the mounted world (M*) and checked on the backing one.
world_new "$BACK" || { not_ok "demo world and office"; exit 1; }
MTINI="$MNT/world/terminal/terminal.ini" MCKEY="$MNT/world/office/collection-open.key" MDB="$MNT/office.db"
declare -A LIMIT=([submit]=0 [export]=0 [collect]=0 [import]=0)
declare -A CUTS_IN=([submit]=0 [export]=0 [collect]=0 [import]=0)
declare -A SURVIVED=([submit]=0 [export]=0 [collect]=0 [import]=0)
cuts=0 torn_cuts=0 rounds=0

# choose_op: OP and its stick S (s1..s3); an import only of a stick that holds a bundle.
choose_op() {
	local full=() s
	for s in "$STICKS"/*; do
		compgen -G "$s/PRISMA/outbox/*.prb" >/dev/null && full+=("${s##*/}")
	done
	rand_below "$N_STICKS"
	S="s$((R + 1))"
	rand_below 4
	if [ "$SPOOL_MIN" -lt 10 ] || [ "$R" -eq 0 ]; then OP=submit
	elif [ "$R" -eq 1 ]; then OP=export
	elif [ "$R" -eq 2 ] || [ "${#full[@]}" -eq 0 ]; then OP=collect
	else OP=import; rand_below "${#full[@]}"; S=${full[$R]}; fi
}

# run_op: OP on the mount; RC its exit code, its stdout in $TEST_TMP/out.
run_op() {
	case $OP in
	submit) "$CRASH/crash_submit" "$MTINI" "p$rounds" 3 ;;
	export) "$ADMIN" --config "$MTINI" export --to "$MNT/sticks/$S" ;;
	collect) "$ADMIN" --config "$MTINI" collect --stick "$MNT/sticks/$S" ;;
	import) "$COLLECT" --db "$MDB" import "$MNT/sticks/$S" --collection-key "$MCKEY" ;;
	esac >"$TEST_TMP/out" 2>>"$ERRS"
	RC=$?
}

# check_survived: what the operation reported done is still there after the
# cut: an export's (or collect's) last bundle, every request an import stored
# (importing the stick again finds none new). 0, or 1 with WHY.
check_survived() {
	local bundle new
	[ "$RC" -eq 0 ] || return 0
	case $OP in
	export | collect)
		bundle=$(sed -n 's/^exported .*, the last \(.*\.prb\)$/\1/p' "$TEST_TMP/out")
		[ -z "$bundle" ] || [ -f "$BACK${bundle#"$MNT"}" ] ||
			{ WHY="$OP returned success, its bundle ${bundle##*/} is gone"; return 1; } ;;
	import) new=$(import_stick "$STICKS/$S" 2>&1 | sed -n 's/^imported \([0-9]*\) new.*/\1/p')
		keep_receipts
		[ "$new" = 0 ] || { WHY="import returned success, then $new of its requests were gone"; return 1; } ;;
	esac
	SURVIVED[$OP]=$((SURVIVED[$OP] + 1))
}

while [ "$cuts" -lt "$CUTS" ] && [ "$rounds" -lt $((CUTS * 3)) ]; do
	rounds=$((rounds + 1))
	choose_op
	cut=() torn=()
	if [ "${LIMIT[$OP]}" -gt 0 ]; then
		rand_below "${LIMIT[$OP]}"; cut=(--cut-after $((R + 1)))
		rand_below 2; [ "$R" -eq 1 ] && rand_below 1000000 && torn=(--torn $((R + 1)))
	fi
	cutfs_mount "${cut[@]}" "${torn[@]}" || { not_ok "mount cutfs"; break; }
	run_op
	cutfs_unmount || { not_ok "unmount cutfs and roll back"; break; }
	OK_COUNT=$((OK_COUNT + $(grep -c '^ok ' "$TEST_TMP/out")))
	grep '^ok ' "$TEST_TMP/out" >>"$OKS"
	if [ "$CUT" = 1 ]; then
		cuts=$((cuts + 1)) CUTS_IN[$OP]=$((CUTS_IN[$OP] + 1))
		[ "${#torn[@]}" -gt 0 ] && torn_cuts=$((torn_cuts + 1))
		what="cut $cuts: $OP lost power at operation ${cut[1]} of ${LIMIT[$OP]}${torn:+ (torn ${torn[1]})} (exit $RC)"
	else
		LIMIT[$OP]=$OPS
		what="round $rounds: $OP ran whole ($OPS operations, exit $RC)"
	fi
	[ "$OP" = import ] && keep_receipts
	if check_spool && check_office && check_survived && check_purged && check_audit; then
		[ "$CUT" = 1 ] && ok "$what"
	else
		not_ok "$what" "$WHY (seed $SEED)"
	fi
done
echo "power cuts: ${CUTS_IN[submit]} in submit, ${CUTS_IN[export]} in export," \
	"${CUTS_IN[collect]} in receipt-apply (collect), ${CUTS_IN[import]} in import ($cuts cuts in $rounds rounds," \
	"$torn_cuts of them torn, seed $SEED)"
echo "operations that returned success and were checked after the cut: ${SURVIVED[submit]} submit runs," \
	"${SURVIVED[export]} exports, ${SURVIVED[collect]} collects, ${SURVIVED[import]} imports"
check "at least $CUTS power cuts" test "$cuts" -ge "$CUTS"
echo "audit log after the cuts: $(grep -c ' submit ' "$AUDIT" 2>/dev/null) submit entries for" \
	"$(sql "$SPOOL" 'SELECT count(*) FROM envelopes') stored requests; $AUDIT_TORN time(s) its last line" \
	"was found cut off by power loss; requests a cut caught before their entry:${AUDIT_UNLOGGED:- none}"
chain_complete "after $cuts power cuts (seed $SEED)"
