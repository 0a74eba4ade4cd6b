# Bad input to every command ends with one line naming the file, field or
# option at fault and a non-zero exit, and leaves nothing half-written.
. "$(dirname "$0")/../lib.sh"

W="$TEST_TMP/world"
make_world "$W"

# prisma-admin
fails_cleanly "admin: unknown option" "--bogus" "$ADMIN" --bogus demo
fails_cleanly "admin: no command" "no command" "$ADMIN"
fails_cleanly "admin: unknown command" "frobnicate: unknown command" "$ADMIN" frobnicate
fails_cleanly "admin: demo without --dir" "--dir" "$ADMIN" demo
fails_cleanly "admin: demo refuses an existing world" "$W: already exists" "$ADMIN" demo --dir "$W"
check "admin: refused demo left the world alone" test -f "$W/office/vpn.key"
fails_cleanly "admin: demo with missing assets" "nowhere/catalogue.ini" "$ADMIN" demo --dir "$TEST_TMP/w2" --assets "$TEST_TMP/nowhere"
check "admin: demo makes the folders it goes into" eval \
	'"$ADMIN" demo --dir "$TEST_TMP/new/parent/w3" >/dev/null && [ -f "$TEST_TMP/new/parent/w3/terminal/terminal.ini" ]'
touch "$TEST_TMP/afile"
fails_cleanly "admin: demo under a file" "afile/w4" "$ADMIN" demo --dir "$TEST_TMP/afile/w4"
check "admin: failed demo leaves nothing behind" test -z "$(ls "$TEST_TMP" | grep w2)"
fails_cleanly "admin: missing config" "missing.ini: cannot open" "$ADMIN" --config "$TEST_TMP/missing.ini" status
fails_cleanly "admin: export without --to" "--to" "$ADMIN" --config "$W/terminal/terminal.ini" export
fails_cleanly "admin: collect without --stick" "--stick" "$ADMIN" --config "$W/terminal/terminal.ini" collect
mv "$W/terminal/keys/collection.pub" "$TEST_TMP/collection.pub.away"
fails_cleanly "admin: collect without the collection key" "collection.pub: cannot open" \
	"$ADMIN" --config "$W/terminal/terminal.ini" collect --stick "$TEST_TMP/stick-nokey"
check "admin: a collection without the key purges and exports nothing" test ! -e "$TEST_TMP/stick-nokey"
mv "$TEST_TMP/collection.pub.away" "$W/terminal/keys/collection.pub"

bad="$TEST_TMP/bad"
mkdir -p "$bad"
cp -r "$W"/terminal/. "$bad/"
sed 's/^id = .*/id = bad id!/' "$W/terminal/terminal.ini" >"$bad/terminal.ini"
fails_cleanly "config: bad terminal id" "terminal.ini: \[terminal\] id" "$ADMIN" --config "$bad/terminal.ini" status
grep -v '^id = ' "$W/terminal/terminal.ini" >"$bad/terminal.ini"
fails_cleanly "config: missing terminal id" "terminal.ini: \[terminal\] id: missing" "$ADMIN" --config "$bad/terminal.ini" status
{ cat "$W/terminal/terminal.ini"; echo "colour = blue"; } >"$bad/terminal.ini"
fails_cleanly "config: unknown setting" "terminal.ini: line [0-9]+: \[limits\] colour: unknown setting" "$ADMIN" --config "$bad/terminal.ini" status
printf '[terminal\nid = x\n' >"$bad/terminal.ini"
fails_cleanly "config: malformed ini" "terminal.ini: line 1" "$ADMIN" --config "$bad/terminal.ini" status
sed 's#^vpn = .*#vpn = office/nothere.pub#' "$W/terminal/terminal.ini" >"$bad/terminal.ini"
fails_cleanly "config: missing recipient key" "nothere.pub: cannot open" "$ADMIN" --config "$bad/terminal.ini" status
sed "s#^key = .*#key = $W/office/vpn.key#" "$W/terminal/terminal.ini" >"$bad/terminal.ini"
fails_cleanly "config: terminal key of the wrong kind" "vpn.key: kind" "$ADMIN" --config "$bad/terminal.ini" status
cp "$W/terminal/terminal.ini" "$bad/terminal.ini"
rm -rf "$bad/spool" && echo "not a database" >"$bad/spool" && mkdir -p "$bad/spool2"
fails_cleanly "spool: data directory is a file" "spool/spool.db" "$ADMIN" --config "$bad/terminal.ini" status
rm -f "$bad/spool" && mkdir "$bad/spool"
fails_cleanly "spool: a missing spool is not made anew" "spool/spool.db: no spool here" "$ADMIN" --config "$bad/terminal.ini" status
check "spool: nothing was created" test ! -e "$bad/spool/spool.db"
head -c 4096 /dev/urandom >"$bad/spool/spool.db"
fails_cleanly "spool: garbage database" "spool.db: cannot open spool" "$ADMIN" --config "$bad/terminal.ini" status
check "spool: garbage database left as it was" test "$(stat -c %s "$bad/spool/spool.db")" -eq 4096

# prisma-collect
DB="$TEST_TMP/office.db"
fails_cleanly "collect: no --db" "--db" "$COLLECT" list
fails_cleanly "collect: unknown option" "--nope" "$COLLECT" --db "$DB" --nope list
fails_cleanly "collect: unknown command" "frob: unknown command" "$COLLECT" --db "$DB" frob
fails_cleanly "collect: list without --key" "--key" "$COLLECT" --db "$DB" list
fails_cleanly "collect: list on a missing office database" "nothere.db: no office database here" "$COLLECT" --db "$TEST_TMP/nothere.db" list --key "$W/office/vpn.key"
check "collect: list did not create a database" test ! -e "$TEST_TMP/nothere.db"
office_trust "$DB" "$W"
fails_cleanly "collect: bad format" "--format: 'xml'" "$COLLECT" --db "$DB" list --key "$W/office/vpn.key" --format xml
PRISMA_PASSPHRASE=wrong fails_cleanly "collect: wrong passphrase" "vpn.key: wrong passphrase" "$COLLECT" --db "$DB" list --key "$W/office/vpn.key"
fails_cleanly "collect: public key given as secret" "vpn.pub: protection" "$COLLECT" --db "$DB" list --key "$W/office/vpn.pub"
fails_cleanly "collect: missing key file" "nokey.key: cannot open" "$COLLECT" --db "$DB" list --key "$TEST_TMP/nokey.key"
echo '{"prisma_key": 1, "kind": "x25519"' >"$TEST_TMP/broken.key"
fails_cleanly "collect: malformed key file" "broken.key: line [0-9]+" "$COLLECT" --db "$DB" list --key "$TEST_TMP/broken.key"
fails_cleanly "collect: enroll a recipient key" "vpn.pub: kind" "$COLLECT" --db "$DB" enroll "$W/office/vpn.pub"
fails_cleanly "collect: import missing folder" "nostick: cannot read directory" "$COLLECT" --db "$DB" import "$TEST_TMP/nostick"
fails_cleanly "collect: import with a missing collection key" "nocoll.key: cannot open" \
	"$COLLECT" --db "$DB" import "$TEST_TMP" --collection-key "$TEST_TMP/nocoll.key"
fails_cleanly "collect: import with a recipient key as collection key" "vpn.key: kind" \
	"$COLLECT" --db "$DB" import "$TEST_TMP" --collection-key "$W/office/vpn.key"
head -c 2048 /dev/urandom >"$TEST_TMP/garbage.db"
fails_cleanly "collect: garbage office database" "garbage.db: cannot open office database" "$COLLECT" --db "$TEST_TMP/garbage.db" list --key "$W/office/vpn.key"
# A database from a newer program: refused in one line naming it, never changed.
sqlite3 "$TEST_TMP/future.db" "CREATE TABLE future(z); PRAGMA user_version = 99;"
sum_before=$(sha256sum <"$TEST_TMP/future.db")
fails_cleanly "collect: newer office database refused" "future.db: office database has schema version 99, newer than" "$COLLECT" --db "$TEST_TMP/future.db" list --key "$W/office/vpn.key"
check "collect: newer office database left unchanged" test "$(sha256sum <"$TEST_TMP/future.db")" = "$sum_before"
rm -rf "$bad/spool" && cp -r "$W/terminal/spool" "$bad/spool" && cp "$W/terminal/terminal.ini" "$bad/terminal.ini"
sqlite3 "$bad/spool/spool.db" "PRAGMA user_version = 42;"
sum_before=$(sha256sum <"$bad/spool/spool.db")
fails_cleanly "admin: newer spool refused" "spool.db: spool has schema version 42, newer than" "$ADMIN" --config "$bad/terminal.ini" status
check "admin: newer spool left unchanged" test "$(sha256sum <"$bad/spool/spool.db")" = "$sum_before"

# prisma-kiosk
rm -rf "$bad/spool" && cp -r "$W/terminal/spool" "$bad/spool"
fails_cleanly "kiosk: unknown option" "--bogus: unknown option" "$KIOSK" --bogus
fails_cleanly "kiosk: missing config" "missing.ini: cannot open" "$KIOSK" --config "$TEST_TMP/missing.ini" --headless
fails_cleanly "kiosk: bad --size" "--size: '12'" "$KIOSK" --config "$W/terminal/terminal.ini" --headless --size 12
fails_cleanly "kiosk: unknown --lang" "--lang: 'xx'" "$KIOSK" --config "$W/terminal/terminal.ini" --headless --lang xx
{ cat "$W/terminal/terminal.ini"; printf '[terminal]\nlanguages = de,xx\n'; } >"$bad/terminal.ini"
fails_cleanly "kiosk: a start language not in languages.ini" "terminal.ini: languages: 'xx' is not in languages.ini" \
	"$KIOSK" --config "$bad/terminal.ini" --headless
fails_cleanly "kiosk: missing script" "nope.script" "$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/nope.script"
{ cat "$W/terminal/terminal.ini"; printf '[terminal]\nfont_dir = %s\n' "$TEST_TMP/nofonts"; } >"$bad/terminal.ini"
fails_cleanly "kiosk: missing fonts" "nofonts/NotoSans-Regular.ttf: font file missing" \
	"$KIOSK" --config "$bad/terminal.ini" --headless --screenshot-dir "$TEST_TMP/shots-nofont"
check "kiosk: nothing written on bad input" test ! -e "$TEST_TMP/shots-nofont"
{ cat "$W/terminal/terminal.ini"; printf '[terminal]\ntheme = %s\n' "$TEST_TMP/bad-theme.ini"; } >"$bad/terminal.ini"
printf '[theme]\nink = black\n' >"$TEST_TMP/bad-theme.ini"
fails_cleanly "kiosk: bad theme" "bad-theme.ini: line 2: \\[theme\\] ink: 'black' is not a colour" \
	"$KIOSK" --config "$bad/terminal.ini" --headless
sed 's#^catalogue = .*#catalogue = nocat.ini#' "$W/terminal/terminal.ini" >"$bad/terminal.ini"
fails_cleanly "kiosk: missing catalogue" "nocat.ini: cannot open" "$KIOSK" --config "$bad/terminal.ini" --headless
# An icon the catalogue names (icons/ beside the catalogue file) that is missing or not an SVG.
mkdir -p "$TEST_TMP/cat/icons"
cp "$ROOT"/assets/icons/*.svg "$TEST_TMP/cat/icons/"
sed 's#^icon = parenting.svg#icon = nothing.svg#' "$ROOT/assets/catalogue.ini" >"$TEST_TMP/cat/catalogue.ini"
sed "s#^catalogue = .*#catalogue = $TEST_TMP/cat/catalogue.ini#" "$W/terminal/terminal.ini" >"$bad/terminal.ini"
fails_cleanly "kiosk: catalogue icon missing" "cat/icons/nothing.svg: icon missing" \
	"$KIOSK" --config "$bad/terminal.ini" --headless
echo "not an svg" >"$TEST_TMP/cat/icons/nothing.svg"
fails_cleanly "kiosk: catalogue icon not an SVG" "cat/icons/nothing.svg: not an SVG" \
	"$KIOSK" --config "$bad/terminal.ini" --headless

# Inputs touched lately (read aloud, the audit log's key, sticks, bundles): each named in one line.
{ cat "$W/terminal/terminal.ini"; printf '[speech]\nbackend = festival\n'; } >"$bad/terminal.ini"
fails_cleanly "kiosk: an unknown [speech] backend" \
	"terminal.ini: line [0-9]+: \[speech\] backend: 'festival' is not espeak, record or none" \
	"$KIOSK" --config "$bad/terminal.ini" --headless
# A headset that is not there: read aloud is off and the output is named; the kiosk runs on
# (headless without a script it draws home once and ends), for whoever does not need the voice.
{ cat "$W/terminal/terminal.ini"; printf '[speech]\naudio = No Such Headset\n'; } >"$bad/terminal.ini"
SDL_AUDIODRIVER=dummy "$KIOSK" --config "$bad/terminal.ini" --headless 2>"$TEST_TMP/headset.err"
rc=$?
check "kiosk: a missing headset is named in one line, and the kiosk runs on" eval \
	'[ $rc = 0 ] && [ "$(wc -l <"$TEST_TMP/headset.err")" = 1 ] &&
	grep -q "no read aloud: speech: audio output '"'"'No Such Headset'"'"'" "$TEST_TMP/headset.err"'

# languages.ini is the kiosk's own (PRISMA_ASSETS_DIR): a broken copy is bound over it in a
# private mount namespace (root), so nothing else sees it.
LANGS="$ROOT/assets/languages.ini"
# bad_languages NAME PATTERN SED: the kiosk with languages.ini edited by SED fails cleanly.
bad_languages() {
	sed "$3" "$LANGS" >"$TEST_TMP/languages-$1.ini"
	if cmp -s "$LANGS" "$TEST_TMP/languages-$1.ini"; then
		not_ok "kiosk: languages.ini $1" "the edit '$3' changed nothing"
		return
	fi
	fails_cleanly "kiosk: languages.ini $1" "$2" unshare -m sh -c 'mount --bind "$1" "$2" && exec "$3" \
		--config "$4" --headless' sh "$TEST_TMP/languages-$1.ini" "$LANGS" "$KIOSK" "$W/terminal/terminal.ini"
}
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
	echo "skip errors: languages.ini cases need root and a mount namespace"
else
	bad_languages "voice with a slash" 'languages.ini:[0-9]+: \[ar\] voice: must be an espeak-ng voice name' \
		's#^voice = ar$#voice = ../ar#'
	bad_languages "voice missing" 'languages.ini: \[de\] voice: missing' '0,/^voice = de$/s///'
	bad_languages "rate out of range" 'languages.ini:[0-9]+: \[de-x-easy\] rate: must be a whole number from 50 to 150' \
		's/^rate = 75$/rate = 300/'
	bad_languages "rate not a number" 'languages.ini:[0-9]+: \[de-x-easy\] rate: must be a whole number' \
		's/^rate = 75$/rate = 75%/'
fi

# The stick's token cut short, empty or with a byte changed: NOT_AUTHORIZED, one audit line each
# saying why, nothing written on the stick.
S="$TEST_TMP/stick-token"
AUDIT="$W/terminal/spool/audit.log"
: >"$TEST_TMP/token.script"
for t in cut empty flipped; do
	stick_token "$S-$t" "$W/office/collection.key"
	printf 'stick-insert %s %s\nexpect-status NOT_AUTHORIZED\nstick-remove\ntap collect.close\n' \
		"$S-$t" "$STICK_SERIAL" >>"$TEST_TMP/token.script"
done
truncate -s 60 "$S-cut/PRISMA/token"
: >"$S-empty/PRISMA/token"
printf '\xff' | dd of="$S-flipped/PRISMA/token" bs=1 seek=40 conv=notrunc status=none
lines=$(wc -l <"$AUDIT")
check "kiosk: a token cut short, empty or changed: NOT_AUTHORIZED each" \
	"$KIOSK" --config "$W/terminal/terminal.ini" --headless --script "$TEST_TMP/token.script"
tail -n +"$((lines + 1))" "$AUDIT" >"$TEST_TMP/token.audit"
check "kiosk: the cut token's audit line names its size" grep -q "status=NOT_AUTHORIZED .*detail=token__60_bytes__expected_" "$TEST_TMP/token.audit"
check "kiosk: the empty token's audit line names its size" grep -q "status=NOT_AUTHORIZED .*detail=token__0_bytes__expected_" "$TEST_TMP/token.audit"
check "kiosk: the changed token's audit line says the signature fails" grep -q "status=NOT_AUTHORIZED .*detail=token__signature_does_not_verify" "$TEST_TMP/token.audit"
check "kiosk: one audit line per bad token" test "$(grep -c . "$TEST_TMP/token.audit")" = 3
check "kiosk: nothing written on those sticks" test "$(find "$S"-* | wc -l)" = 9

# The audit log's key missing or of the wrong size: the kiosk says so in one line and takes
# requests on (formats.md, "Audit log"); no new key is made, the log is not touched; status and
# verify-audit name the key.
T="$W/terminal"
cp "$T/spool/audit.key" "$TEST_TMP/audit.key.good"
for how in missing short; do
	rm -f "$T/spool/audit.key"
	[ $how = short ] && head -c 20 "$TEST_TMP/audit.key.good" >"$T/spool/audit.key"
	sum=$(sha256sum <"$T/spool/audit.log")
	before=$("$ADMIN" --config "$T/terminal.ini" status | grep -o '[0-9]* pending')
	{ script_request "audit-key-$how"; echo "tap finish"; } >"$TEST_TMP/audit-$how.script"
	"$KIOSK" --config "$T/terminal.ini" --headless --script "$TEST_TMP/audit-$how.script" 2>"$TEST_TMP/audit-$how.err"
	rc=$?
	check "kiosk: audit.key $how: the request is stored" test "$rc" = 0 -a \
		"$("$ADMIN" --config "$T/terminal.ini" status | grep -o '[0-9]* pending')" = "$((${before% *} + 1)) pending"
	check "kiosk: audit.key $how: one line on stderr names it" eval \
		'[ "$(wc -l <"$TEST_TMP/audit-$how.err")" = 1 ] && grep -q "^prisma-kiosk: audit: no entries are written: .*spool/audit.key: " "$TEST_TMP/audit-$how.err"'
	check "kiosk: audit.key $how: the log is left as it was" test "$(sha256sum <"$T/spool/audit.log")" = "$sum"
	fails_cleanly "admin: verify-audit with audit.key $how" "spool/audit.key: (missing|not an audit key \(20 bytes, not 32\))" \
		"$ADMIN" --config "$T/terminal.ini" verify-audit
done
check "kiosk: no audit key was made in its place" test "$(stat -c %s "$T/spool/audit.key")" = 20
cp "$TEST_TMP/audit.key.good" "$T/spool/audit.key"
check "admin: with its key back the audit log verifies" eval '"$ADMIN" --config "$T/terminal.ini" verify-audit >/dev/null'

# The reference key missing or of the wrong size: no code could be given, so the kiosk starts
# out of service (not a form that cannot be sent), one line naming the key; nothing is stored,
# no key is made in its place, status names it; with the key back, home.
cp "$T/spool/reference.key" "$TEST_TMP/reference.key.good"
echo "expect-screen out-of-service" >"$TEST_TMP/oos.script"
for how in missing short; do
	rm -f "$T/spool/reference.key"
	[ $how = short ] && head -c 20 "$TEST_TMP/reference.key.good" >"$T/spool/reference.key"
	before=$("$ADMIN" --config "$T/terminal.ini" status 2>/dev/null | grep -o '[0-9]* pending')
	"$KIOSK" --config "$T/terminal.ini" --headless --script "$TEST_TMP/oos.script" 2>"$TEST_TMP/ref-$how.err"
	check "kiosk: reference.key $how: out of service at start" test $? = 0
	check "kiosk: reference.key $how: one line on stderr names it" eval \
		'[ "$(wc -l <"$TEST_TMP/ref-$how.err")" = 1 ] && grep -q "^prisma-kiosk: out of service: .*spool/reference.key: " "$TEST_TMP/ref-$how.err"'
	check "admin: status names reference.key $how, nothing stored" eval \
		'"$ADMIN" --config "$T/terminal.ini" status 2>&1 | grep -q "spool/reference.key: " &&
		[ "$("$ADMIN" --config "$T/terminal.ini" status 2>/dev/null | grep -o "[0-9]* pending")" = "$before" ]'
done
check "kiosk: no reference key was made in its place" test "$(stat -c %s "$T/spool/reference.key")" = 20
cp "$TEST_TMP/reference.key.good" "$T/spool/reference.key"
echo "expect-screen home" >"$TEST_TMP/home.script"
check "kiosk: with its reference key back, home" "$KIOSK" --config "$T/terminal.ini" --headless --script "$TEST_TMP/home.script"

# A bundle cut short at the office: one line naming it, nothing stored, the file left on the stick.
"$ADMIN" --config "$T/terminal.ini" export --to "$TEST_TMP/stick-cut" >/dev/null
bundle=$(ls "$TEST_TMP"/stick-cut/PRISMA/outbox/*.prb)
cp "$bundle" "$TEST_TMP/bundle.full"
size=$(stat -c %s "$TEST_TMP/bundle.full")
for cut in 0 10 100 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$TEST_TMP/bundle.full" >"$bundle"
	fails_cleanly "collect: a bundle cut to $cut of $size bytes" "stick-cut/PRISMA/outbox/[^/]*\.prb: " \
		"$COLLECT" --db "$TEST_TMP/cut.db" import "$TEST_TMP/stick-cut" --collection-key "$W/office/collection.key"
	check "collect: nothing of the $cut-byte bundle stored, the file left as it was" eval \
		'[ "$(sqlite3 "$TEST_TMP/cut.db" "select count(*) from envelopes")" = 0 ] && [ "$(stat -c %s "$bundle")" = "$cut" ]'
done
check "collect: no receipt written for a cut bundle" test -z "$(ls "$TEST_TMP/stick-cut/PRISMA/receipts/" 2>/dev/null)"
fails_cleanly "collect: --db :memory: for enroll" "not a file" "$COLLECT" --db :memory: enroll "$W/terminal/terminal.pub"
check "collect: no file named :memory: made" test ! -e :memory: -a ! -e "$TEST_TMP/:memory:"
