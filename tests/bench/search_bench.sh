#!/bin/sh
# Search: sked's engine (compile + run over every field of every session,
# best of 5, in process) against pcre2grep -c over the same text (best of
# 5, whole process), at 10,000 and 100,000 generated sessions. Fails when
# sked is slower.
# usage: search_bench.sh SEARCH-BENCH MEASURE GEN.PY [SIZES...]
set -eu
bench=$1 measure=$2 gen=$3
shift 3
sizes=${*:-10000 100000}
dir=${BENCH_DIR:-$(mktemp -d)}
query=latency
status=0
command -v pcre2grep >/dev/null || { echo "search_bench: pcre2grep is missing (apt-get install pcre2-utils)"; exit 1; }
printf '%9s %10s %14s %14s %12s %8s\n' sessions "text MB" "sked search" "pcre2grep -c" "sked index" matches
for n in $sizes; do
	f=$dir/bench-$n.yaml
	[ -s "$f" ] || python3 "$gen" "$n" >"$f"
	set -- $("$bench" "$f" "$query" "$dir/search-$n.txt")
	sked_ms=$1 index_ms=$2 matches=$3
	set -- $("$measure" 5 pcre2grep -c -i "$query" "$dir/search-$n.txt")
	grep_ms=$1
	mb=$(awk -v b="$(wc -c <"$dir/search-$n.txt")" 'BEGIN { printf "%.1f", b / 1048576 }')
	printf '%9d %10s %11s ms %11s ms %9s ms %8s\n' "$n" "$mb" "$sked_ms" "$grep_ms" "$index_ms" "$matches"
	awk -v s="$sked_ms" -v g="$grep_ms" 'BEGIN { exit !(s <= g) }' ||
		{ echo "search_bench: sked's search is slower than pcre2grep at $n sessions"; status=1; }
done
exit $status
