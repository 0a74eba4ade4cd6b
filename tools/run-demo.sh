#!/bin/sh
# make run: the kiosk on the demo world in var/demo/ (created on first use).
# With a display it opens the kiosk in a window; without one it replays
# tools/demo.script headless and writes a screenshot of each screen.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build"
DEMO="$ROOT/var/demo"
# The demo world's passphrase, given explicitly: the tools have no default.
export PRISMA_PASSPHRASE="${PRISMA_PASSPHRASE:-demo}"

if [ -e "$DEMO" ] && [ ! -f "$DEMO/terminal/terminal.ini" ]; then
	# A world of the old layout (office and terminal mixed in one folder): set it aside.
	mv "$DEMO" "$DEMO.old-$(date +%Y%m%d%H%M%S)"
	echo "make run: the old demo world was moved aside; making a new one"
fi
if [ ! -f "$DEMO/terminal/terminal.ini" ]; then
	mkdir -p "$ROOT/var"
	"$BUILD/prisma-admin" demo --dir "$DEMO"
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "make run: starting the kiosk on $DEMO/terminal/terminal.ini (stop it with Ctrl+C in this terminal)"
	exec "$BUILD/prisma-kiosk" --config "$DEMO/terminal/terminal.ini" "$@"
fi

rm -rf "$DEMO/screens"
mkdir -p "$DEMO/screens"
echo "make run: no display; replaying tools/demo.script headless"
"$BUILD/prisma-kiosk" --config "$DEMO/terminal/terminal.ini" --headless \
	--script "$ROOT/tools/demo.script" --screenshot-dir "$DEMO/screens"
echo "make run: screenshots of every screen are in $DEMO/screens/:"
ls "$DEMO/screens"
