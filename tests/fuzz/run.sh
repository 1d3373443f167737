#!/bin/sh
# Runs one libFuzzer target for a bounded time on a scratch copy of its
# seeds; fails (and shows the input) when it finds a crash, leak or hang.
# What it finds is kept in FINDINGS (tests/fuzz/regress/TARGET in the
# source tree), where `git status` shows it and every test run replays it
# from then on: commit it with the fix.
# usage: run.sh FUZZER SECONDS MAX_LEN FINDINGS SEED_DIR...
set -eu
fuzzer=$1 seconds=$2 max_len=$3 findings=$4
shift 4
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
mkdir -p "$findings" 2>/dev/null || true
status=0
"$fuzzer" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$@" \
	>"$work/log" 2>&1 || status=$?
tail -n 12 "$work/log"
if [ "$status" -ne 0 ] || [ -n "$(ls "$work/artifacts")" ]; then
	echo "FAIL: $(basename "$fuzzer") found a problem (exit $status)"
	# Kept where a developer sees it; if the tree cannot be written (a
	# read-only checkout), the log's base64 copy below is what stays.
	for f in "$work"/artifacts/*; do
		[ -e "$f" ] || continue
		if cp "$f" "$findings/" 2>/dev/null; then
			echo "kept as $findings/$(basename "$f")"
		fi
		echo "$(basename "$f"), base64:"
		base64 <"$f" | head -c 4000
		echo
	done
	exit 1
fi
echo "1 passed, 0 failed"
