#!/bin/sh
# Export: `sked export --all` of a generated 10,000-session program (to
# standard output) against `sked check` of the same file, which is the
# loading part of it, as whole processes alternating (compare.py). Reports;
# no target is set for this one.
# usage: export_bench.sh SKED COMPARE.PY MEASURE GEN.PY
set -eu
sked=$1 compare=$2 measure=$3 gen=$4
dir=${BENCH_DIR:-$(mktemp -d)}
f=$dir/bench-10000.yaml
[ -s "$f" ] || python3 "$gen" 10000 >"$f"
bytes=$("$sked" export --all "$f" 2>/dev/null | wc -c)
echo "10000 sessions, $((bytes / 1048576)) MB of iCalendar:"
python3 "$compare" "$measure" "export --all" "$sked export --all $f" check "$sked check -q $f"
