# The image's lockdown files (firmware/rootfs/, docs/image.md "Lockdown") say what the image
# promises: no virtual terminals, SysRq off, kernel messages off the screen, ctrl+alt+del does
# nothing, sshd only with a technician's key from provisioning. (The image recipe masks every
# getty; `make image-test` checks no login is reachable on the booted image.)
. "$(dirname "$0")/../lib.sh"

R="$ROOT/firmware/rootfs/etc"
has() { grep -qx -- "$2" "$R/$1"; }
check "lockdown: NAutoVTs=0" has systemd/logind.conf.d/50-prisma-lockdown.conf NAutoVTs=0
check "lockdown: ReserveVT=0" has systemd/logind.conf.d/50-prisma-lockdown.conf ReserveVT=0
check "lockdown: power key ignored" has systemd/logind.conf.d/50-prisma-lockdown.conf HandlePowerKey=ignore
check "lockdown: SysRq off" has sysctl.d/90-prisma-lockdown.conf "kernel.sysrq = 0"
check "lockdown: only emergencies on the console" has sysctl.d/90-prisma-lockdown.conf "kernel.printk = 1 4 1 1"
check "lockdown: ctrl+alt+del does nothing" has systemd/system.conf.d/50-prisma-lockdown.conf CtrlAltDelBurstAction=none
check "lockdown: hardware watchdog" has systemd/system.conf.d/50-prisma-lockdown.conf RuntimeWatchdogSec=15
check "lockdown: sshd only with a provisioned key" has systemd/system/ssh.service.d/50-prisma.conf \
	"ConditionPathExists=/var/lib/prisma/ssh/authorized_keys"
check "lockdown: ssh keys only" has ssh/sshd_config.d/50-prisma.conf "PasswordAuthentication no"
for unit in getty@.service serial-getty@.service autovt@.service console-getty.service \
	container-getty@.service ctrl-alt-del.target debug-shell.service; do
	check "lockdown: the image masks $unit" grep -qw -- "$unit" "$ROOT/firmware/image/masked-units"
done
