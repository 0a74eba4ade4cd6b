# The terminal's USB policy (firmware/rootfs/etc/usbguard/, docs/image.md "USB"): default block
# for present and plugged devices, every rule one USBGuard 1.1 parses, mass storage only when
# every interface is class 08, HID only as a touch controller by id and never with the boot
# (keyboard/mouse) protocol. usbguard-rule-parser comes with the usbguard package, which
# `make deps` does not install (on a developer's machine its daemon would block their USB
# devices); `tools/deps.sh image` does. Without it the parse check says skip.
. "$(dirname "$0")/../lib.sh"

DIR="$ROOT/firmware/rootfs/etc/usbguard"
RULES="$DIR/rules.conf"
for want in ImplicitPolicyTarget=block PresentDevicePolicy=apply-policy \
	InsertedDevicePolicy=apply-policy AuthorizedDefault=none IPCAllowedUsers=root; do
	check "usb policy: $want" grep -qx "$want" "$DIR/usbguard-daemon.conf"
done
rules=$(grep -v '^#' "$RULES" | grep .)
check "usb policy: every rule allows (the rest is blocked by default)" \
	sh -c '! printf "%s\n" "$1" | grep -qv "^allow "' rules "$rules"
check "usb policy: mass storage only with every interface class 08" \
	sh -c '[ "$(printf "%s\n" "$1" | grep -c "08:")" = 1 ] &&
		printf "%s\n" "$1" | grep -qx "allow with-interface match-all { 08:\*:\* }"' rules "$rules"
check "usb policy: HID only by id, without the boot protocol" \
	sh -c '! printf "%s\n" "$1" | grep "03:" | grep -qv "^allow id [0-9a-f]\{4\}:[0-9a-f]\{4\} with-interface match-all { 03:00:00 }$"' \
	rules "$rules"
check "usb policy: no rule without a with-interface condition" \
	sh -c '! printf "%s\n" "$1" | grep -qv "with-interface match-all"' rules "$rules"

if ! command -v usbguard-rule-parser >/dev/null; then
	echo "skip usb policy: no usbguard-rule-parser (tools/deps.sh image installs it)"
	exit 0
fi
bad=""
while read -r rule; do
	usbguard-rule-parser "$rule" >/dev/null 2>&1 || bad="$bad [$rule]"
done <<RULES
$rules
RULES
if [ -z "$bad" ]; then ok "usb policy: usbguard parses every rule"; else not_ok "usb policy: parse" "$bad"; fi
