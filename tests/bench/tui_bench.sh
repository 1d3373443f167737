#!/bin/sh
# The browser's keys and frames (tui_bench.c says what is measured and
# against which targets): the bundled programs open together, the real
# FOSDEM 2021 program, and generated programs of 1,500 (a large real
# conference), 10,000 and 100,000 sessions. Every run goes on; the
# benchmark fails when one missed a target.
# usage: tui_bench.sh TUI-BENCH GEN.PY DATADIR SAMPLESDIR
set -eu
bench=$1 gen=$2 data=$3 samples=$4
dir=${BENCH_DIR:-$(mktemp -d)}
for n in 1500 10000 100000; do
	[ -s "$dir/bench-$n.yaml" ] || python3 "$gen" $n >"$dir/bench-$n.yaml"
done
# A file written less than 2 s before its first load gets a "racy"
# snapshot (snapshot.h), which the next load checks by hashing the file
# and rewrites: let that window pass, so that the second load measures
# what every later start of an unchanged file costs.
sleep 3
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
status=0
"$bench" "$data"/lpc2019.yaml "$data"/lpc2022.yaml "$data"/lpc2023.yaml || status=1
"$bench" "$samples"/frab-xml/fosdem-2021.xml || status=1
for n in 1500 10000 100000; do
	"$bench" "$dir/bench-$n.yaml" || status=1
done
exit $status
