#!/bin/sh
# Loading benchmark: `sked check` against a bare libyaml event loop over the
# same generated files (1k, 10k, 100k sessions), as whole processes
# alternating (compare.py). Targets at 10k sessions: median time at most
# 1.5x the bare parse, peak memory under 3x the file size.
# usage: bench.sh SKED BASELINE COMPARE.PY MEASURE GEN.PY [SIZES...]
set -eu
# The parse itself is measured: the snapshot cache (snapshot.h) would
# otherwise answer every run after the warm-up without parsing.
export SKED_NO_CACHE=1
sked=$1 base=$2 compare=$3 measure=$4 gen=$5
shift 5
sizes=${*:-1000 10000 100000}
dir=${BENCH_DIR:-$(mktemp -d)}
status=0
for n in $sizes; do
	f=$dir/bench-$n.yaml
	[ -s "$f" ] || python3 "$gen" "$n" >"$f"
	bytes=$(wc -c <"$f")
	echo "$n sessions, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB:"
	if [ "$n" -eq 10000 ]; then
		python3 "$compare" "$measure" --max-ratio 1.5 --max-rss-a $((bytes * 3 / 1024)) \
			"sked check" "$sked check -q $f" libyaml "$base $f" || status=1
	else
		python3 "$compare" "$measure" "sked check" "$sked check -q $f" libyaml "$base $f"
	fi
done
exit $status
