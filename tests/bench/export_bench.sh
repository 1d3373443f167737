#!/bin/sh
# Export: `sked export --all` of a generated 10,000-session program (best of
# 5, to standard output), beside `sked check` of the same file, which is the
# loading part of it. Reports; no target is set for this one.
# usage: export_bench.sh SKED MEASURE GEN.PY
set -eu
sked=$1 measure=$2 gen=$3
dir=${BENCH_DIR:-$(mktemp -d)}
f=$dir/bench-10000.yaml
[ -s "$f" ] || python3 "$gen" 10000 >"$f"
set -- $("$measure" 5 "$sked" export --all "$f" 2>/dev/null)
export_ms=$1 export_rss=$2
set -- $("$measure" 5 "$sked" check -q "$f")
check_ms=$1
bytes=$("$sked" export --all "$f" 2>/dev/null | wc -c)
echo "10000 sessions: export --all $export_ms ms (peak RSS $((export_rss / 1024)) MB," \
	"$((bytes / 1048576)) MB of iCalendar); loading alone (check) $check_ms ms"
