# RAUC's tryboot backend (firmware/rauc/tryboot-backend) against a fake autoboot.txt and fake
# device-tree values, for every state change of an update: install, try, good; install, try,
# fail, roll back; and the refusals. docs/image.md, "Updates".
. "$(dirname "$0")/../lib.sh"

B="$ROOT/firmware/rauc/tryboot-backend"
export PRISMA_AUTOBOOT="$TEST_TMP/autoboot.txt" PRISMA_DEVICE_TREE="$TEST_TMP/dt"
export PRISMA_SLOT_STATE="$TEST_TMP/data/slot-state"
mkdir -p "$TEST_TMP/dt/chosen/bootloader"

# booted PARTITION TRYBOOT: what the firmware would put in the device tree.
booted() {
	printf "\\000\\000\\000\\$(printf '%03o' "$1")" >"$TEST_TMP/dt/chosen/bootloader/partition"
	printf "\\000\\000\\000\\$(printf '%03o' "$2")" >"$TEST_TMP/dt/chosen/bootloader/tryboot"
}
# autoboot ALL TRY: expect autoboot.txt to name these boot partitions, exactly so.
autoboot() {
	[ "$(cat "$PRISMA_AUTOBOOT")" = "$(printf '[all]\ntryboot_a_b=1\nboot_partition=%s\n[tryboot]\nboot_partition=%s' "$1" "$2")" ]
}
says() { # says NAME EXPECTED COMMAND...
	local name=$1 want=$2 got
	shift 2
	got=$("$B" "$@" 2>&1)
	if [ "$got" = "$want" ]; then ok "$name"; else not_ok "$name" "got '$got', wanted '$want'"; fi
}

# A fresh image: slot A primary, nothing to try, booted normally from boot-A (partition 2).
printf '[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=2\n' >"$PRISMA_AUTOBOOT"
booted 2 0
# autoboot.txt is on FAT, where a rename is not atomic (make image-test saw a directory entry
# pointing at a freed cluster after one): every change is written into the same file, in place.
# A hard link to it sees a change made in place, not a file renamed over it.
ln "$PRISMA_AUTOBOOT" "$TEST_TMP/autoboot.link"
in_place() { cmp -s "$PRISMA_AUTOBOOT" "$TEST_TMP/autoboot.link" && [ ! -e "$PRISMA_AUTOBOOT.new" ]; }
says "backend: fresh image: primary A" A get-primary
says "backend: fresh image: running A" A get-current
says "backend: fresh image: B good" good get-state B

# Update 1 into B, which comes up and passes its health check.
check "backend: install into B: set-primary B" "$B" set-primary B
check "backend: install into B: only [tryboot] points at B" autoboot 2 3
says "backend: install into B: primary is still A" A get-primary
booted 3 1
says "backend: tryboot: running B" B get-current
check "backend: tryboot: B health passes, mark-good" "$B" set-state B good
check "backend: B good: B is primary now" autoboot 3 3
says "backend: B good: get-primary B" B get-primary
check "backend: install and good: autoboot.txt written in place (FAT)" in_place
booted 3 0
says "backend: next normal boot: B" B get-current

# Update 2 into A, which fails its health check (or never comes up): the next boot is normal.
check "backend: install into A: set-primary A" "$B" set-primary A
check "backend: install into A: [tryboot] points at A" autoboot 3 2
booted 2 1
says "backend: tryboot into A" A get-current
booted 3 0 # A failed: the watchdog or the health check rebooted normally, the firmware took B
says "backend: rollback: running B again" B get-current
check "backend: rollback: A marked bad" "$B" set-state A bad
check "backend: rollback: nothing left to try" autoboot 3 3
says "backend: rollback: A is bad" bad get-state A
says "backend: rollback: B primary" B get-primary
check "backend: rollback: autoboot.txt written in place (FAT)" in_place
# A file of another length (edited by hand) is replaced whole.
printf '# edited\n[all]\ntryboot_a_b=1\nboot_partition=3\n[tryboot]\nboot_partition=3\n' >"$PRISMA_AUTOBOOT"
check "backend: an edited autoboot.txt: set-primary A" "$B" set-primary A
check "backend: an edited autoboot.txt is written anew" autoboot 3 2
check "backend: an edited autoboot.txt: no .new left" test ! -e "$PRISMA_AUTOBOOT.new"
"$B" set-state A bad

# A good mark from a normal boot never switches the primary (only a tried slot earns it).
booted 3 0
check "backend: good on a normal boot: accepted" "$B" set-state A good
check "backend: good on a normal boot: primary unchanged" autoboot 3 3

# Running B without tryboot while [all] says A (autoboot.txt changed since boot): a good mark on
# B must not make it primary, only a tried boot earns that.
printf '[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n' >"$PRISMA_AUTOBOOT"
booted 3 0
check "backend: good without tryboot: accepted" "$B" set-state B good
check "backend: good without tryboot: primary stays A" autoboot 2 3
printf '[all]\ntryboot_a_b=1\nboot_partition=3\n[tryboot]\nboot_partition=3\n' >"$PRISMA_AUTOBOOT"

# A new install clears the bad mark of its slot (it holds new software to judge).
"$B" set-state A bad
check "backend: reinstall into A" "$B" set-primary A
says "backend: reinstall: A no longer bad" good get-state A

# Refusals: one line, autoboot.txt unchanged.
cp "$PRISMA_AUTOBOOT" "$TEST_TMP/before"
fails_cleanly "backend: unknown slot" "unknown slot 'C'" "$B" set-primary C
fails_cleanly "backend: bad running primary" "slot B is the primary and running" "$B" set-state B bad
fails_cleanly "backend: neither good nor bad" "'maybe' is neither good nor bad" "$B" set-state A maybe
booted 5 0
fails_cleanly "backend: booted from a strange partition" "partition '5' is neither slot A" "$B" get-current
printf '[all]\ntryboot_a_b=1\n' >"$PRISMA_AUTOBOOT"
fails_cleanly "backend: autoboot.txt without boot_partition" "autoboot.txt: no boot_partition" "$B" get-primary
cp "$TEST_TMP/before" "$PRISMA_AUTOBOOT"
rm -f "$TEST_TMP/dt/chosen/bootloader/partition"
fails_cleanly "backend: no device tree value" "chosen/bootloader/partition: missing" "$B" get-current
check "backend: refusals left autoboot.txt unchanged" cmp -s "$TEST_TMP/before" "$PRISMA_AUTOBOOT"

# The post-install handler points an installed boot slot's cmdline.txt at its own root.
if command -v mtype >/dev/null && command -v mkfs.vfat >/dev/null; then
	mkdir -p "$TEST_TMP/dev"
	mkfs.vfat -C "$TEST_TMP/dev/boot-b" 8192 >/dev/null
	printf 'root=PARTLABEL=root-a rauc.slot=A ro quiet\n' >"$TEST_TMP/cmdline.txt"
	mcopy -i "$TEST_TMP/dev/boot-b" "$TEST_TMP/cmdline.txt" ::/cmdline.txt
	post() {
		RAUC_TARGET_SLOTS="1 2" RAUC_SLOT_CLASS_1=rootfs RAUC_SLOT_DEVICE_1="$TEST_TMP/dev/root-b" \
			RAUC_SLOT_CLASS_2=bootfs RAUC_SLOT_DEVICE_2="$TEST_TMP/dev/boot-b" \
			"$ROOT/firmware/rauc/rauc-post-install"
	}
	check "post-install: runs" post
	says_cmd() { [ "$(mtype -i "$TEST_TMP/dev/boot-b" ::/cmdline.txt)" = "root=PARTLABEL=root-b rauc.slot=B ro quiet" ]; }
	check "post-install: boot-b's cmdline.txt names root-b" says_cmd
else
	echo "skip post-install: needs mtools and mkfs.vfat"
fi
