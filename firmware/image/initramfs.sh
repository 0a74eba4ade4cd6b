#!/bin/sh
# firmware/image/initramfs.sh hold|build ROOTFS: the terminal's initramfs made exactly once
# (tools/make-image.sh; docs/image.md, "The image").
#
#   hold   (mmdebstrap's essential hook, before the kernel and initramfs-tools are installed):
#          update-initramfs is diverted to a no-op, so neither the kernel's postinst nor the
#          initramfs-tools trigger that udev, systemd and others pull build one. Under
#          qemu-aarch64 each build took about half an hour, and the trigger made a second.
#   build  (customize hook, after firmware/rootfs/ with its MODULES=list is in place): the
#          diversion is removed and update-initramfs -c builds the image's one initramfs per kernel
#          in /lib/modules (there is one).
set -eu
R=$2
case $1 in
hold)
	chroot "$R" dpkg-divert --local --rename --divert /usr/sbin/update-initramfs.prisma-held \
		--add /usr/sbin/update-initramfs
	printf '#!/bin/sh\n# held by firmware/image/initramfs.sh until the image is customised\nexit 0\n' \
		>"$R/usr/sbin/update-initramfs"
	chmod 0755 "$R/usr/sbin/update-initramfs"
	;;
build)
	rm -f "$R/usr/sbin/update-initramfs"
	chroot "$R" dpkg-divert --local --rename --divert /usr/sbin/update-initramfs.prisma-held \
		--remove /usr/sbin/update-initramfs
	for kernel in $(ls "$R/lib/modules"); do
		start=$(date +%s)
		chroot "$R" update-initramfs -c -k "$kernel"
		echo "initramfs.sh: update-initramfs -c -k $kernel took $(($(date +%s) - start)) s"
	done
	ls -l "$R"/boot/initrd.img-*
	;;
*)
	echo "initramfs.sh: hold or build, not '$1'" >&2
	exit 2
	;;
esac
