#!/bin/sh
# Agenda: parsing an agenda of every session of a generated program (plus
# a tenth of ids it lacks), agenda_has on each, agenda_mark and
# agenda_missing, at 10,000 and 100,000 sessions. The work must stay
# linear: fails when ten times the ids take more than fifty times as long
# (times under 5 ms count as 5; caches and the sort by time keep the ratio
# above ten). Before the hash set, 100,000 ids took minutes.
# usage: agenda_bench.sh AGENDA-BENCH GEN.PY [SIZES...]
set -eu
bench=$1 gen=$2
shift 2
sizes=${*:-10000 100000}
dir=${BENCH_DIR:-$(mktemp -d)}
status=0 prev_n= prev_ms=
printf '%9s %9s %10s %10s %14s\n' sessions ids parse has "mark+missing"
for n in $sizes; do
	f=$dir/bench-$n.yaml
	[ -s "$f" ] || python3 "$gen" "$n" >"$f"
	set -- $("$bench" "$f")
	printf '%9d %9d %7s ms %7s ms %11s ms\n' "$n" "$1" "$2" "$3" "$4"
	ms=$(awk -v a="$2" -v b="$3" -v c="$4" 'BEGIN { print a + b + c }')
	if [ -n "$prev_n" ] &&
	   ! awk -v n="$n" -v pn="$prev_n" -v ms="$ms" -v pms="$prev_ms" \
		'BEGIN { exit !(ms <= 5 * (n / pn) * (pms > 5 ? pms : 5)) }'; then
		echo "agenda_bench: $n sessions take ${ms} ms against ${prev_ms} ms for $prev_n: not linear"
		status=1
	fi
	prev_n=$n prev_ms=$ms
done
exit $status
