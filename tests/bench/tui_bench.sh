#!/bin/sh
# The browser's frame costs on the bundled programs and on a generated
# 10,000-session program (tui_bench.c says what is measured).
# usage: tui_bench.sh TUI-BENCH GEN.PY DATADIR
set -eu
bench=$1 gen=$2 data=$3
dir=${BENCH_DIR:-$(mktemp -d)}
[ -s "$dir/bench-10000.yaml" ] || python3 "$gen" 10000 >"$dir/bench-10000.yaml"
"$bench" "$data"/lpc2019.yaml "$data"/lpc2022.yaml "$data"/lpc2023.yaml
"$bench" "$dir/bench-10000.yaml"
