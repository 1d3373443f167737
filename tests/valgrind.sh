#!/bin/sh
# valgrind memcheck over the command-line commands on the bundled data: no
# memory errors, and nothing definitely, indirectly or possibly lost. ("Still
# reachable" blocks are the caches libical and ICU keep for the life of a
# process, which no caller can free.) Skipped under sanitizers.
# usage: valgrind.sh SKED SRCDIR
set -u
sked=$1 src=$2
cd "$src" || exit 1
. tests/skip.sh
case ${SKED_SANITIZE:-none} in
none) ;;
*) skip "sanitizer build" "valgrind cannot run a sanitizer build; CI runs this test in the ordinary build" ;;
esac
command -v valgrind >/dev/null || { echo "FAIL: valgrind is missing (setup.sh installs it)"; exit 1; }
. "$(dirname "$0")/tally.sh"
export XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
# run STATUS ARGS...: sked ARGS under memcheck must exit with STATUS and
# report nothing. Any other status fails, a crash (139) above all.
run() {
	want=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible \
		"$sked" "$@" >/dev/null 2>"$tmp/log"
	got=$?
	if [ "$got" -eq 99 ]; then
		echo "FAIL sked $*: memcheck errors:"; cat "$tmp/log"; fail=$((fail + 1))
	elif [ "$got" -ne "$want" ]; then
		echo "FAIL sked $*: exit $got, expected $want"; cat "$tmp/log"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}
run 0 check data/lpc2019.yaml data/lpc2022.yaml data/lpc2023.yaml
run 65 check tests/bad/wrong-types-everywhere.yaml
run 0 list
run 0 list --format json --tz Asia/Tokyo data/lpc2023.yaml
run 0 list --format tsv --day wed data/lpc2023.yaml
run 0 search 'speaker:gleixner|canuelo' data/lpc2023.yaml
run 2 search '(\w+\s?)+$x' data/lpc2023.yaml
run 0 star data/lpc2023.yaml 66 225 215
run 0 agenda data/lpc2023.yaml
run 0 export --alarm 10 -o "$tmp/a.ics" data/lpc2023.yaml
run 0 export --all data/lpc2023.yaml
# A feed's HTML made text when exported (program_text), and freed.
run 0 export --all -o "$tmp/b.ics" tests/data/samples/frab-json/pretalx-rc3.json
# A search of a feed's own strings, cold: the JIT reads past each
# subject's end, into zeros or other strings (arena.h), never memory that
# was not written: texts (feed_text), short strings such as a session's
# language (feed_strn) and a YAML file's values, in every field.
export SKED_NO_CACHE=1
run 0 search title:x tests/data/samples/frab-xml/fosdem-2021.xml
run 1 search lang:q tests/data/samples/frab-xml/36c3-stages.xml
run 0 search zz tests/data/samples/frab-xml/36c3-stages.xml
run 0 search title:x tests/data/samples/frab-json/pretalx-rc3.json
run 0 search zz data/lpc2023.yaml
unset SKED_NO_CACHE
run 0 unstar data/lpc2023.yaml 66
run 0 --help
tally
