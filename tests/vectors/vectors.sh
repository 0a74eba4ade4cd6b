#!/bin/bash
# Envelope format 2 against an independent implementation (tests/vectors/js: pure JavaScript on
# @noble/*, no libsodium): JS reads and opens the C vectors and verifies their signatures
# (tests/vectors/js/check.mjs), then seals a fresh envelope that the C code must verify and open.
# node_modules is installed with `npm ci` from package-lock.json when missing.
. "$(dirname "$0")/../lib.sh"
JS="$ROOT/tests/vectors/js"
KEYS="$ROOT/tests/vectors/keys"
OPEN="$BUILD/tests/open_envelope"

if [ ! -d "$JS/node_modules/@noble/curves" ]; then
	check "npm ci (tests/vectors/js)" bash -c "cd '$JS' && npm ci --no-audit --no-fund >'$TEST_TMP/npm.log' 2>&1"
fi
node "$JS/check.mjs" "$TEST_TMP/fresh.env"
check "js check.mjs ran to the end" test -s "$TEST_TMP/fresh.env"
expected=$(jq -r .payload "$ROOT/tests/vectors/js-vector.json")
check "C opens the fresh JS envelope (alice)" test "$("$OPEN" "$TEST_TMP/fresh.env" "$KEYS/alice.key" "$KEYS/terminal.key")" = "$expected"
check "C opens the fresh JS envelope (bob)" test "$("$OPEN" "$TEST_TMP/fresh.env" "$KEYS/bob.key" "$KEYS/terminal.key")" = "$expected"
"$OPEN" "$TEST_TMP/fresh.env" "$KEYS/eve.key" "$KEYS/terminal.key" >/dev/null 2>&1
check "C finds the fresh JS envelope not addressed to eve" test $? -eq 3
cp "$TEST_TMP/fresh.env" "$TEST_TMP/forged.env"
printf 'x' | dd of="$TEST_TMP/forged.env" bs=1 seek=100 conv=notrunc status=none
fails_cleanly "C rejects the JS envelope with a changed byte" "signature: does not verify" "$OPEN" "$TEST_TMP/forged.env" "$KEYS/alice.key" "$KEYS/terminal.key"
