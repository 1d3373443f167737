#!/bin/sh
# Loading benchmark: `sked check` against a bare libyaml event loop over the
# same generated files (1k, 10k, 100k sessions). Targets at 10k sessions:
# time at most 1.5x the bare parse, peak memory under 3x the file size.
# usage: bench.sh SKED BASELINE MEASURE GEN.PY [SIZES...]
set -eu
sked=$1 base=$2 measure=$3 gen=$4
shift 4
sizes=${*:-1000 10000 100000}
dir=${BENCH_DIR:-$(mktemp -d)}
status=0
printf '%8s %10s %12s %12s %7s %10s %10s\n' sessions "file MB" "sked ms" "libyaml ms" ratio "sked MB" "RSS/file"
for n in $sizes; do
	f=$dir/bench-$n.yaml
	[ -s "$f" ] || python3 "$gen" "$n" >"$f"
	bytes=$(wc -c <"$f")
	set -- $("$measure" 5 "$sked" check -q "$f")
	t_sked=$1 rss=$2
	set -- $("$measure" 5 "$base" "$f")
	t_base=$1
	line=$(awk -v n="$n" -v b="$bytes" -v ts="$t_sked" -v tb="$t_base" -v r="$rss" 'BEGIN {
		printf "%8d %10.1f %12.1f %12.1f %7.2f %10.1f %10.2f", n, b/1048576, ts, tb, ts/tb, r/1024, r*1024/b }')
	echo "$line"
	if [ "$n" -eq 10000 ]; then
		echo "$line" | awk '{ if ($5 > 1.5 || $7 > 3.0) exit 1 }' || {
			echo "bench: 10k sessions miss a target (time <= 1.5x libyaml, memory < 3x file)"; status=1; }
	fi
done
exit $status
