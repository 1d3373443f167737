#!/bin/sh
# Search, at 10,000 and 100,000 generated sessions, query `latency` over
# every field. First sked's engine alone, in process (search-bench: compile
# and run, best of 5; and building the search index). Then as whole
# processes, alternating (compare.py): `sked search` (load and search)
# against `sked check` (the same load) followed by `pcre2grep -i` over the
# same text (both print what matched), so that the ratio compares the two
# searches with the same loading around them.
# usage: search_bench.sh SKED SEARCH-BENCH COMPARE.PY MEASURE GEN.PY [SIZES...]
set -eu
sked=$1 bench=$2 compare=$3 measure=$4 gen=$5
shift 5
sizes=${*:-10000 100000}
dir=${BENCH_DIR:-$(mktemp -d)}
query=latency
command -v pcre2grep >/dev/null || { echo "search_bench: pcre2grep is missing (apt-get install pcre2-utils)"; exit 1; }
for n in $sizes; do
	f=$dir/bench-$n.yaml
	[ -s "$f" ] || python3 "$gen" "$n" >"$f"
	set -- $("$bench" "$f" "$query" "$dir/search-$n.txt")
	mb=$(awk -v b="$(wc -c <"$dir/search-$n.txt")" 'BEGIN { printf "%.1f", b / 1048576 }')
	echo "$n sessions, $mb MB of text: sked's engine $1 ms in process (index $2 ms), $3 matches"
	python3 "$compare" "$measure" "sked search" "$sked search --format tsv $query $f" \
		"check+pcre2grep" "sh -c '\"\$1\" check -q \"\$2\" && pcre2grep -i $query \"\$3\"' - $sked $f $dir/search-$n.txt"
done
