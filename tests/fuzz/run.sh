#!/bin/sh
# Runs one libFuzzer target for a bounded time on a scratch copy of its
# seeds; fails (and shows the input) when it finds a crash, leak or hang.
# Found inputs belong in tests/fuzz/regress/TARGET/, which every test run
# replays.
# usage: run.sh FUZZER SECONDS MAX_LEN SEED_DIR...
set -eu
fuzzer=$1 seconds=$2 max_len=$3
shift 3
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
status=0
"$fuzzer" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$@" \
	>"$work/log" 2>&1 || status=$?
tail -n 12 "$work/log"
if [ "$status" -ne 0 ] || [ -n "$(ls "$work/artifacts")" ]; then
	echo "FAIL: $(basename "$fuzzer") found a problem; the input, base64:"
	for f in "$work"/artifacts/*; do echo "$f"; base64 <"$f" | head -c 4000; echo; done
	exit 1
fi
echo "1 passed, 0 failed"
