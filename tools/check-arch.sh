#!/bin/sh
# tools/check-arch.sh MACHINE FILE...: every FILE is an ELF executable for MACHINE (as uname -m
# names it: aarch64, x86_64), so that `make test-arm64` cannot pass by running host programs.
set -eu
want=$1
shift
case "$want" in
aarch64) elf="AArch64" ;;
x86_64) elf="Advanced Micro Devices X86-64" ;;
*)
	echo "check-arch: unknown machine '$want'" >&2
	exit 2
	;;
esac
for f in "$@"; do
	got=$(LC_ALL=C readelf -h "$f" 2>/dev/null | sed -n 's/^ *Machine: *//p')
	if [ "$got" != "$elf" ]; then
		echo "check-arch: $f: machine '${got:-not an ELF file}', expected $elf" >&2
		exit 1
	fi
done
echo "check-arch: $# files are $want"
