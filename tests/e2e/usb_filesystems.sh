# Collection by USB stick onto real stick file systems, through the kiosk's
# own path (stick-insert MOUNT SERIAL): exFAT (exfat-fuse) and FAT32 (fusefat:
# the kernel here has no vfat), each checked by its fsck afterwards and read by
# the office; a stick too small (DISK_FULL), one that fails half-way
# (WRITE_ERROR, on cutfs) and one pulled (its FUSE server killed:
# DEVICE_REMOVED) leave the spool unchanged, and the next plug-in starts clean;
# a stick pulled mid-write at each change of a round (cutfs --pull-after: the
# mount detached as the image's unmount does) gives DEVICE_REMOVED and writes
# nothing into the terminal's own mount point folder.
# Needs root and /dev/fuse; prints "skip" without them.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ] || [ ! -c /dev/fuse ]; then
	echo "skip usb_filesystems: needs root and /dev/fuse"
	exit 0
fi
W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
KEY="$W/office/collection.key"
SPOOL="$W/terminal/spool/spool.db"
make_world "$W"
kiosk_languages "$W"
MOUNTS=()
cleanup() { for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done; }
# settle FILE: a FUSE filesystem finishes writing after umount returns; wait until its
# driver has let go of FILE (the image or its loop device) before fsck reads it.
settle() {
	while [ -n "$(find /proc/[0-9]*/fd -lname "$1" 2>/dev/null | head -n 1)" ]; do sleep 0.05; done
}
trap cleanup EXIT

spool_state() { sqlite3 "$SPOOL" 'SELECT counter, exported_at IS NULL, acknowledged_at IS NULL FROM envelopes ORDER BY counter'; }
# collect MOUNT STATUS [TEXT]: the kiosk collects from the stick mounted at MOUNT.
collect() {
	printf 'stick-insert %s %s\nexpect-status %s\n%s' "$1" "$STICK_SERIAL" "$2" "${3:+expect-text $3
}" >"$TEST_TMP/collect.script"
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/collect.script" 2>>"$TEST_TMP/kiosk.err"
}
submit() {
	script_request "$1" >"$TEST_TMP/submit.script"
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/submit.script"
}
# first_round NAME MOUNT DEVICE FSCK WHAT: a token onto the NAME stick mounted at MOUNT, the kiosk
# exports both requests onto it ("NAME: EXPORT_OK WHAT"), it is unmounted and, once its driver let
# go of DEVICE, FSCK -n finds DEVICE clean.
first_round() {
	stick_token "$2" "$KEY"
	check "$1: EXPORT_OK $5" collect "$2" EXPORT_OK "EXPORT_OK  2 sent, 0 confirmed"
	umount "$2"
	settle "$3"
	check "$1: the file system is clean afterwards ($4)" "$4" -n "$3"
}

check "the kiosk takes two requests" eval 'submit FS-CANARY-1 && submit FS-CANARY-2'

# exFAT, the file system of most sticks.
mkdir -p "$TEST_TMP/exfat"
truncate -s 64M "$TEST_TMP/exfat.img"
mkfs.exfat -L STICK "$TEST_TMP/exfat.img" >/dev/null
# exfat-fuse wants a block device: the image on a loop device.
LOOP=""
trap 'cleanup; [ -z "$LOOP" ] || losetup -d "$LOOP"' EXIT
if LOOP=$(losetup -f --show "$TEST_TMP/exfat.img") && mount.exfat-fuse "$LOOP" "$TEST_TMP/exfat" >/dev/null 2>&1; then
	MOUNTS+=("$TEST_TMP/exfat")
	first_round exFAT "$TEST_TMP/exfat" "$LOOP" fsck.exfat "with both requests"
	mount.exfat-fuse "$LOOP" "$TEST_TMP/exfat" >/dev/null 2>&1
	office_trust "$TEST_TMP/office.db" "$W"
	check "exFAT: the office reads both after a replug" eval \
		'"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/exfat" | grep -q "imported 2 new"'
	check "exFAT: no plaintext on the stick" no_bytes_in "$TEST_TMP/exfat" FS-CANARY
	umount "$TEST_TMP/exfat"
	settle "$LOOP"
else
	not_ok "exFAT: mount.exfat-fuse mounts the image"
fi

# FAT32 (mkfs.fat), mounted with fusefat: this kernel has no vfat driver.
mkdir -p "$TEST_TMP/fat"
truncate -s 64M "$TEST_TMP/fat.img"
mkfs.fat -F 32 -n STICK "$TEST_TMP/fat.img" >/dev/null
if command -v fusefat >/dev/null && fusefat -o rw+ "$TEST_TMP/fat.img" "$TEST_TMP/fat" >/dev/null 2>&1; then
	MOUNTS+=("$TEST_TMP/fat")
	first_round FAT32 "$TEST_TMP/fat" "$TEST_TMP/fat.img" fsck.fat "again (nothing acknowledged yet)"
	fusefat -o rw+ "$TEST_TMP/fat.img" "$TEST_TMP/fat" >/dev/null 2>&1
	check "FAT32: one complete bundle, no temporary file" \
		test "$(ls "$TEST_TMP/fat/PRISMA/outbox" | grep -c '\.prb$')/$(ls "$TEST_TMP/fat/PRISMA/outbox" | wc -l)" = 1/1
	check "FAT32: the office knows both already" eval \
		'"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/fat" | grep -q "0 new request(s), 2 already known"'
	umount "$TEST_TMP/fat"
	settle "$TEST_TMP/fat.img"
else
	echo "skip FAT32: fusefat cannot mount here"
fi

# A stick too small: DISK_FULL, nothing marked exported, nothing half-written left.
submit FS-CANARY-3 >/dev/null
before=$(spool_state)
mkdir -p "$TEST_TMP/small"
truncate -s 8M "$TEST_TMP/small.img"
mkfs.exfat "$TEST_TMP/small.img" >/dev/null
SMALL_LOOP=$(losetup -f --show "$TEST_TMP/small.img")
trap 'cleanup; [ -z "$LOOP" ] || losetup -d "$LOOP"; losetup -d "$SMALL_LOOP"' EXIT
if mount.exfat-fuse "$SMALL_LOOP" "$TEST_TMP/small" >/dev/null 2>&1 && mountpoint -q "$TEST_TMP/small"; then
	MOUNTS+=("$TEST_TMP/small")
	stick_token "$TEST_TMP/small" "$KEY"
	mkdir -p "$TEST_TMP/small/PRISMA/outbox"
	# Fill it, never more than the image holds (it is checked to be the mount above).
	dd if=/dev/zero of="$TEST_TMP/small/filler" bs=64k count=128 >/dev/null 2>&1
	dd if=/dev/zero of="$TEST_TMP/small/filler2" bs=512 count=128 >/dev/null 2>&1
	check "too small: DISK_FULL" collect "$TEST_TMP/small" DISK_FULL "The stick is full. Nothing was lost."
	check "too small: nothing marked exported, the spool unchanged" test "$(spool_state)" = "$before"
	check "too small: no bundle and no temporary file on the stick" test -z "$(ls "$TEST_TMP/small/PRISMA/outbox")"
	rm "$TEST_TMP/small/filler" "$TEST_TMP/small/filler2"
	check "room made: the next plug-in exports all three" collect "$TEST_TMP/small" EXPORT_OK "EXPORT_OK  3 sent, 0 confirmed"
	umount "$TEST_TMP/small"
else
	not_ok "too small: mount the 8 MB exFAT stick"
fi

# A stick that fails half-way (cutfs: every change after the Nth fails with EIO).
CUTFS="$BUILD/crash/cutfs"
if [ -x "$CUTFS" ]; then
	cut_mount() { # BACKING MOUNT [cutfs options]: 1 when it does not come up
		local back=$1 mnt=$2 i
		shift 2
		mkdir -p "$back" "$mnt" "$back.state"
		"$CUTFS" "$@" --report "$back.report" "$back" "$back.state" "$mnt" 2>>"$TEST_TMP/cutfs.err" &
		CUT_PID=$!
		for ((i = 0; i < 1000; i++)); do
			grep -q " $mnt fuse.cutfs " /proc/mounts && MOUNTS+=("$mnt") && return 0
			kill -0 "$CUT_PID" 2>/dev/null || return 1
			sleep 0.01
		done
		return 1
	}
	cut_unmount() { umount "$1" && wait "$CUT_PID"; }
	# A whole round first, to count its changing operations.
	cut_mount "$TEST_TMP/whole" "$TEST_TMP/cut" && stick_token "$TEST_TMP/cut" "$KEY" &&
		collect "$TEST_TMP/cut" EXPORT_OK >/dev/null && cut_unmount "$TEST_TMP/cut"
	read -r _ ops _ _ <"$TEST_TMP/whole.report"
	before=$(spool_state)
	mkdir -p "$TEST_TMP/half"
	stick_token "$TEST_TMP/half" "$KEY"
	if cut_mount "$TEST_TMP/half" "$TEST_TMP/cut" --cut-after $((ops / 2)); then
		check "half-way ($((ops / 2)) of $ops changes): WRITE_ERROR" collect "$TEST_TMP/cut" WRITE_ERROR
		check "half-way: the spool unchanged" test "$(spool_state)" = "$before"
		cut_unmount "$TEST_TMP/cut"
		check "half-way: no complete bundle reached the stick" test -z "$(find "$TEST_TMP/half" -name '*.prb')"
		cut_mount "$TEST_TMP/half" "$TEST_TMP/cut"
		check "the next plug-in starts cleanly and exports all three" collect "$TEST_TMP/cut" EXPORT_OK "EXPORT_OK  3 sent, 0 confirmed"
		check "and leaves no temporary file" test -z "$(find "$TEST_TMP/cut" -name '*.tmp-*')"
		# Pulled: the file system's server dies (a pulled FUSE stick answers ENOTCONN).
		kill -9 "$CUT_PID"
		wait "$CUT_PID" 2>/dev/null
		before=$(spool_state)
		check "pulled: DEVICE_REMOVED" collect "$TEST_TMP/cut" DEVICE_REMOVED
		check "pulled: the spool unchanged" test "$(spool_state)" = "$before"
		umount -l "$TEST_TMP/cut" 2>/dev/null
	else
		not_ok "half-way: mount cutfs" "$(tail -n 1 "$TEST_TMP/cutfs.err")"
	fi
else
	echo "skip half-way: $CUTFS was not built (libfuse3-dev)"
fi

# Pulled mid-write, at every change a round makes: cutfs --pull-after N cuts the power at the
# Nth change and detaches the mount as the image's unmount does when a stick leaves (umount -l):
# the mount point is then the terminal's own empty folder, and what is still open fails with
# EIO. The stick carries the office's receipts for three requests and a fourth is new. Each
# time: DEVICE_REMOVED on the overlay and in the audit log, nothing written to the terminal's
# folder, the new request not marked exported; then the next plug-in exports it, complete.
if [ -x "$CUTFS" ]; then
	rm -rf "$TEST_TMP/plain" && stick_token "$TEST_TMP/plain" "$KEY"
	collect "$TEST_TMP/plain" EXPORT_OK >/dev/null
	"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/plain" --collection-key "$KEY" >/dev/null
	submit FS-CANARY-4 >/dev/null
	cp -a "$W/terminal/spool" "$TEST_TMP/spool.saved"
	cp "$TEST_TMP/office.db" "$TEST_TMP/office.saved"
	restore_spool() { rm -rf "$W/terminal/spool" && cp -a "$TEST_TMP/spool.saved" "$W/terminal/spool"; }
	new_state() { sqlite3 "$SPOOL" 'SELECT exported_at IS NULL FROM envelopes WHERE counter = 4'; }
	cp -a "$TEST_TMP/plain" "$TEST_TMP/pull0"
	cut_mount "$TEST_TMP/pull0" "$TEST_TMP/cut" && collect "$TEST_TMP/cut" EXPORT_OK "EXPORT_OK  1 sent, 3 confirmed" >/dev/null &&
		cut_unmount "$TEST_TMP/cut"
	read -r _ ops _ _ <"$TEST_TMP/pull0.report"
	# pull_at N: one pulled round and the plug-in after it; says why when something does not hold
	pull_at() {
		local n=$1 removed
		restore_spool
		removed=$(grep -c " collection status=DEVICE_REMOVED " "$W/terminal/spool/audit.log")
		cp -a "$TEST_TMP/plain" "$TEST_TMP/pull$n"
		cut_mount "$TEST_TMP/pull$n" "$TEST_TMP/cut" --pull-after "$n" || { echo "cutfs did not mount"; return 1; }
		collect "$TEST_TMP/cut" DEVICE_REMOVED "Nothing was lost. Pull the stick and try again." ||
			{ echo "pulled at change $n: $(tail -n 2 "$TEST_TMP/kiosk.err" | tr '\n' ' ')"; return 1; }
		if mountpoint -q "$TEST_TMP/cut"; then # a round with fewer changes never reaches the pull
			umount "$TEST_TMP/cut"
			echo "the round made fewer than $n changes"
			return 1
		fi
		wait "$CUT_PID"
		[ "$(grep -c " collection status=DEVICE_REMOVED " "$W/terminal/spool/audit.log")" = $((removed + 1)) ] ||
			{ echo "pulled at change $n: no DEVICE_REMOVED in the audit log"; return 1; }
		[ -z "$(find "$TEST_TMP/cut" -mindepth 1)" ] ||
			{ echo "pulled at change $n: written beside the stick: $(find "$TEST_TMP/cut" -mindepth 1 | tr '\n' ' ')"; return 1; }
		[ "$(new_state)" = 1 ] || { echo "pulled at change $n: the new request is marked exported"; return 1; }
		cut_mount "$TEST_TMP/pull$n" "$TEST_TMP/cut" && collect "$TEST_TMP/cut" EXPORT_OK && cut_unmount "$TEST_TMP/cut" ||
			{ echo "pulled at change $n: the next plug-in did not export"; return 1; }
		[ "$(new_state)" = 0 ] && [ -z "$(find "$TEST_TMP/pull$n" -name '*.tmp-*')" ] ||
			{ echo "pulled at change $n: not marked after the next plug-in, or a temporary file left"; return 1; }
		"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/pull$n" 2>&1 | grep -q "^imported 1 new request" ||
			{ echo "pulled at change $n: the office does not find the new request complete"; return 1; }
		cp "$TEST_TMP/office.saved" "$TEST_TMP/office.db" # the next stick is new to it again
	}
	held=0
	for ((n = 1; n <= ops; n++)); do
		pull_at "$n" || break
		held=$n
	done
	check "pulled at each of the $ops changes of a round: DEVICE_REMOVED, nothing beside the stick, nothing marked, the next plug-in exports it (held to $held)" \
		test "$held" = "$ops"

	# Pulled right after Done from a FAT stick (found by booting the image: the office found the
	# bundle empty). FAT writes a renamed file's size and first cluster into its new directory
	# entry only when the file itself is written back (cutfs --fat 1): Done must wait for it.
	restore_spool
	cp -a "$TEST_TMP/plain" "$TEST_TMP/fatpull"
	cut_mount "$TEST_TMP/fatpull" "$TEST_TMP/cut" --fat 1 &&
		collect "$TEST_TMP/cut" EXPORT_OK "EXPORT_OK  1 sent, 3 confirmed" >/dev/null &&
		kill -USR1 "$CUT_PID" && cut_unmount "$TEST_TMP/cut"
	check "FAT, pulled right after Done: the office finds the new request complete on the stick" \
		eval '"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/fatpull" 2>&1 | grep -q "^imported 1 new request"'
	# The office's side the same way: its receipts, written to a FAT stick pulled right after.
	cp "$TEST_TMP/office.saved" "$TEST_TMP/office.db"
	receipts() { find "$TEST_TMP/fatpull/PRISMA/receipts" -name '*.prr' -type f "$@" | wc -l; }
	had=$(receipts)
	cut_mount "$TEST_TMP/fatpull" "$TEST_TMP/cut" --fat 1 &&
		"$COLLECT" --db "$TEST_TMP/office.db" import "$TEST_TMP/cut" --collection-key "$KEY" >/dev/null &&
		kill -USR1 "$CUT_PID" && cut_unmount "$TEST_TMP/cut"
	check "FAT, pulled right after the office's import: its new receipt is complete on the stick" \
		test "$(receipts)" = $((had + 1)) -a "$(receipts -empty)" = 0
	cp "$TEST_TMP/office.saved" "$TEST_TMP/office.db"
	restore_spool
else
	echo "skip pulled mid-write: $CUTFS was not built (libfuse3-dev)"
fi
check "every collection is in the audit log, the chain intact" "$ADMIN" --config "$INI" verify-audit
