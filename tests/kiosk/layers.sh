# Arrows only point down (docs/kiosk.md, "Code map"): every app/kiosk file
# includes only kiosk headers of its own layer or below, and a screen never
# includes another screen or the kiosk context. Files without a layer here
# (new ones) are named with "skip" until they get one.
. "$(dirname "$0")/../lib.sh"

layer() {
	case "$1" in
	canvas | kms | text | theme | icons | fonts | shape | caret) echo 0 ;; # render
	layout | view | widget | pager) echo 1 ;;              # toolkit
	session | i18n | langtable | kbdlayout | languages | inidata | explain | modes) echo 2 ;; # model
	speech | speech_espeak) echo 2 ;;                     # model: the voice
	screen | chrome | keyboard | screen_*) echo 3 ;;       # screens
	ui | ui_speech | ui_clock | ui_open | readaloud | lockdown | watchdog | wakeup) echo 4 ;; # control
	main | options | script | script_speech) echo 5 ;;     # app
	*) echo "" ;;
	esac
}

bad=""
for file in "$ROOT"/app/kiosk/*.[ch]; do
	name=$(basename "${file%.*}")
	own=$(layer "$name")
	if [ -z "$own" ]; then
		echo "skip layers: $name has no layer yet"
		continue
	fi
	for inc in $(sed -n 's/^#include "kiosk\/\(.*\)\.h"$/\1/p' "$file"); do
		[ "$inc" = "$name" ] && continue
		their=$(layer "$inc")
		[ -z "$their" ] && continue
		if [ "$their" -gt "$own" ]; then
			bad="$bad $name->$inc"
		elif case "$name" in screen_*) true ;; *) false ;; esac &&
			case "$inc" in screen_*) true ;; *) false ;; esac; then
			bad="$bad $name->$inc"
		fi
	done
done
if [ -z "$bad" ]; then
	ok "kiosk includes point down only"
else
	not_ok "kiosk includes point down only" "upward or sideways:$bad"
fi
