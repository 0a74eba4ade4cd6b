# The idle timer waits while a stick is collected under the overlay (as while
# sending): a collection longer than idle_timeout + idle_warning never wipes
# the form of the inmate waiting behind it. Once the outcome shows, the timer
# runs again, so a form nobody comes back to is still wiped.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
INI="$W/terminal/terminal.ini"
make_world "$W"
kiosk_languages "$W" en,de
sed -i 's/^idle_timeout = 120$/idle_timeout = 10\nidle_warning = 20/' "$INI"
# The configured mount point is a plain folder: the stick's mount never comes, for 300 s.
mkdir -p "$TEST_TMP/not-mounted"
kiosk_usb_mount "$INI" "$TEST_TMP/not-mounted" 300

cat >"$TEST_TMP/long.script" <<SCRIPT
$(script_to_message)
type WAITING-FORM
stick-insert - $STICK_SERIAL
wait 120000
expect-screen collect
expect-text Please wait.
wait 180000
expect-status MOUNT_TIMEOUT
wait 9000
expect-screen collect
tap collect.close
expect-screen details
expect-text WAITING-FORM
SCRIPT
check "a collection longer than the idle warning leaves the waiting form alone" \
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/long.script"

cat >"$TEST_TMP/after.script" <<SCRIPT
$(script_to_message)
type LEFT-BEHIND
stick-insert - $STICK_SERIAL
expect-wake 250
wait 300000
expect-status MOUNT_TIMEOUT
wait 10000
expect-screen idle-warning
wait 20000
expect-screen collect
expect-no-text LEFT-BEHIND
tap collect.close
expect-screen home
expect-wiped
SCRIPT
check "once the outcome shows the idle timer runs again and wipes a form left behind" \
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/after.script"
