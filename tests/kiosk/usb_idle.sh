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
expect-screen home
expect-no-text LEFT-BEHIND
expect-wiped
tap start
expect-screen services
SCRIPT
check "once the outcome shows the idle timer runs again, wipes a form left behind and closes the outcome" \
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/after.script"

# Found by booting the image: a technician's stick (no token) left "not authorised" on the
# screen; pulled, the outcome stays for the worker to read. Nobody closed it: the idle timer
# showed home, and the next person's first tap brought the overlay back over home.
mkdir -p "$TEST_TMP/blank"
cat >"$TEST_TMP/unread.script" <<SCRIPT
stick-insert $TEST_TMP/blank $STICK_SERIAL
expect-status NOT_AUTHORIZED
stick-remove
expect-screen collect
wait 10000
expect-screen idle-warning
wait 20000
expect-screen home
tap lang.de
expect-screen home
tap start
expect-screen services
SCRIPT
check "an outcome nobody closed goes at the idle wipe and does not come back at the next tap" \
	"$KIOSK" --config "$INI" --headless --script "$TEST_TMP/unread.script"
