#!/bin/sh
# firmware/image/customize.sh ROOTFS REPO VERSION: mmdebstrap's customize hook for the terminal
# (tools/make-image.sh). Lockdown files, RAUC, masked units, enabled units, mount table, and
# away with what differs from build to build or must be made on the device.
set -eu
R=$1
REPO=$2
VERSION=$3

cp -a "$REPO/firmware/rootfs/." "$R/"
chown -R 0:0 "$R/etc/systemd" "$R/etc/usbguard" "$R/etc/sysctl.d" "$R/etc/ssh/sshd_config.d" \
	"$R/etc/udev/rules.d"
chmod 0600 "$R/etc/usbguard/rules.conf" "$R/etc/usbguard/usbguard-daemon.conf"
install -D -m 0644 "$REPO/firmware/rauc/system.conf" "$R/etc/rauc/system.conf"
install -D -m 0755 "$REPO/firmware/rauc/tryboot-backend" "$R/usr/lib/prisma-terminal/tryboot-backend"
install -D -m 0755 "$REPO/firmware/rauc/rauc-pre-install" "$R/usr/lib/prisma-terminal/rauc-pre-install"
install -D -m 0755 "$REPO/firmware/rauc/rauc-post-install" "$R/usr/lib/prisma-terminal/rauc-post-install"
# The allowed signer: the CA given by the technician (IMAGE_KEYRING), else the development CA.
install -D -m 0644 "${IMAGE_KEYRING:-$REPO/build/rauc-dev/ca.crt}" "$R/etc/rauc/keyring.pem"
install -D -m 0644 "$REPO/board/${BOARD:-rpi4}/touch.rules" "$R/etc/udev/rules.d/70-prisma-touch.rules"
printf 'VERSION=%s\n' "$VERSION" >"$R/etc/prisma-release"

grep -v '^#' "$REPO/firmware/image/masked-units" | while read -r unit; do
	[ -n "$unit" ] && chroot "$R" systemctl mask "$unit" >/dev/null 2>&1
done
install -m 0755 "$REPO/firmware/bin/prisma-health" "$REPO/firmware/bin/prisma-provision" \
	"$R/usr/lib/prisma-terminal/"
install -m 0644 "$REPO/firmware/systemd/prisma-health.service" \
	"$REPO/firmware/systemd/prisma-provision.service" \
	"$REPO/firmware/systemd/rauc-mark-good.service" "$R/etc/systemd/system/"
chroot "$R" systemctl enable prisma-kiosk.service usbguard.service prisma-health.service \
	prisma-provision.service \
	rauc-mark-good.service >/dev/null 2>&1
chroot "$R" systemctl disable ssh.service >/dev/null 2>&1 || true
chroot "$R" systemctl enable ssh.service >/dev/null 2>&1 || true # runs only when provisioned
chroot "$R" systemctl set-default multi-user.target >/dev/null

# Mounts: the root is read-only (cmdline.txt: ro); the data partition carries everything that
# must survive; the rest that is written lives in memory.
cat >"$R/etc/fstab" <<'FSTAB'
PARTLABEL=data      /var/lib/prisma  ext4   nosuid,nodev,noexec,noatime,errors=remount-ro  0 2
PARTLABEL=autoboot  /boot/autoboot   vfat   nosuid,nodev,noexec,noatime,umask=0077,flush  0 0
tmpfs               /tmp             tmpfs  nosuid,nodev,noexec,mode=1777,size=64M  0 0
tmpfs               /var/tmp         tmpfs  nosuid,nodev,noexec,mode=1777,size=16M  0 0
tmpfs               /var/log         tmpfs  nosuid,nodev,noexec,mode=0755,size=32M  0 0
tmpfs               /media           tmpfs  nosuid,nodev,noexec,mode=0755,size=1M   0 0
FSTAB
mkdir -p "$R/var/lib/prisma" "$R/boot/autoboot" "$R/media"
mkdir -p "$R/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' >"$R/etc/systemd/journald.conf.d/50-prisma.conf"

# What is made on the device or differs per build: machine id (empty: made at boot in memory),
# ssh host keys (made at provisioning on the data partition), apt's lists and caches, logs.
: >"$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id" "$R"/etc/ssh/ssh_host_*
# The root is read-only: what services would create in /var/lib at start must exist already
# (systemd-logind's StateDirectory=systemd/linger; seen failing in make image-test).
mkdir -p -m 0755 "$R/var/lib/systemd/linger"
printf 'HostKey /var/lib/prisma/ssh/ssh_host_ed25519_key\n' >"$R/etc/ssh/sshd_config.d/40-prisma-hostkey.conf"
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/* "$R"/var/cache/debconf/*-old \
	"$R"/var/log/* "$R"/var/cache/ldconfig/aux-cache
chroot "$R" dpkg-query -W -f='${Package} ${Version} ${Architecture}\n' |
	LC_ALL=C sort >"$R/usr/share/prisma-terminal/packages.txt"
