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
