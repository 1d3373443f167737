#!/bin/sh
# Import benchmark (issue 10): `sked check` of the largest published sample
# of each format, and of a copy ten times its size (scale.py, written once
# into DIR), against that format's parser alone over the same file, as
# whole processes alternating (compare.py):
#   frab XML  fosdem-2021.xml           xml-baseline (an xmlTextReader walk)
#   JSON      36c3-stages.json          json-baseline (jansson's load)
#   ics       sched-jococruise-2024.ics ics-baseline --per-event (libical,
#             one VEVENT at a time, as sked's reader does), and the whole
#             file in one libical parse
# The target is a ratio of at most 1.5; it is reported, not enforced.
# usage: import_bench.sh SKED COMPARE.PY MEASURE SCALE.PY DIR SAMPLES
#                        XML-BASELINE JSON-BASELINE ICS-BASELINE
set -eu
# The parse itself is measured: the snapshot cache (snapshot.h) would
# otherwise answer every run after the warm-up without parsing.
export SKED_NO_CACHE=1
sked=$1 compare=$2 measure=$3 scale=$4 dir=$5 samples=$6
xml=$7 json=$8 ics=$9
mkdir -p "$dir"

# one NAME FILE BASELINE-NAME BASELINE-COMMAND
one() {
	bytes=$(wc -c <"$2")
	echo "$1, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB:"
	python3 "$compare" "$measure" "sked check" "$sked check -q $2" "$3" "$4"
}

for spec in "frab-xml/fosdem-2021.xml xml" "frab-json/36c3-stages.json json" \
	    "ical/sched-jococruise-2024.ics ics"; do
	set -- $spec
	src=$samples/$1
	big=$dir/x10-$(basename "$1")
	[ -s "$big" ] || python3 "$scale" 10 "$src" "$big"
	for f in "$src" "$big"; do
		case $f in "$big") size=10x ;; *) size=1x ;; esac
		case $2 in
		xml) one "$(basename "$1") $size" "$f" xmlTextReader "$xml $f" ;;
		json) one "$(basename "$1") $size" "$f" jansson "$json $f" ;;
		ics)
			one "$(basename "$1") $size" "$f" "libical per VEVENT" \
				"$ics --per-event $f"
			python3 "$compare" "$measure" "sked check" \
				"$sked check -q $f" "libical whole file" "$ics $f"
			;;
		esac
	done
done
