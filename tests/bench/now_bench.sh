#!/bin/sh
# sked now, as a status bar runs it every few seconds: the median wall time
# and peak RSS of 21 runs after a warm-up (which writes the snapshots), on
# the bundled programs (no PROGRAM: all of them) and on one of them during
# its conference with a session starred. Reports; no target (a status bar
# refreshing every 5 s can afford tens of milliseconds).
# usage: now_bench.sh SKED MEASURE
set -eu
sked=$1 measure=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export XDG_CACHE_HOME="$dir/cache" XDG_DATA_HOME="$dir/data"
export XDG_STATE_HOME="$dir/state" XDG_CONFIG_HOME="$dir/config"
"$sked" star lpc2023 208 2>/dev/null
run() {
	name=$1
	shift
	"$measure" 1 "$sked" "$@" >/dev/null # warm-up: the snapshots
	i=0
	: >"$dir/times"
	while [ $i -lt 21 ]; do
		"$measure" 1 "$sked" "$@" >>"$dir/times"
		i=$((i + 1))
	done
	sort -n "$dir/times" | awk -v name="$name" '
		{ t[NR] = $1; if ($2 > rss) rss = $2 }
		END { printf "%-40s median %.1f ms (min %.1f, max %.1f), peak RSS %.1f MB\n",
			name, t[11], t[1], t[21], rss / 1024 }'
}
run "sked now (all bundled, outside)" now
run "sked now lpc2023 (during, starred)" now --now "2023-11-13 09:40" lpc2023
run "sked now --all lpc2023 (during)" now --all --now "2023-11-13 09:40" lpc2023
