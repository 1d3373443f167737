#!/usr/bin/env python3
"""Compares two programs as whole processes, the one way every benchmark
here compares: a warm-up run of each, then PAIRS runs of A and B
alternating (A B A B ...), so that whatever else the machine does falls on
both alike; prints the median wall time of each, the median of the pairs'
ratios A/B, and the peak RSS of each (the largest over its runs, child
processes included). The commands' output is discarded; each must exit 0
(else its standard error is shown).

A target makes the exit status 1 when missed: --max-ratio R (the median
ratio A/B at most R), --max-rss-a KIB (A's peak RSS at most KIB).
--record FILE appends the figures to FILE as one tab-separated line, for a
script that tabulates them (speed_bench.sh): A's and B's median ms, the
median ratio, the lowest and highest pair's ratio, A's and B's peak RSS
in KiB.

usage: compare.py MEASURE [--pairs N] [--max-ratio R] [--max-rss-a KIB]
                  [--record FILE] A-NAME A-COMMAND B-NAME B-COMMAND
(each command one argument, split like a shell would, run without one;
MEASURE is tests/bench/measure.c's program, which runs each of them)"""
import argparse
import shlex
import statistics
import subprocess
import sys


def run(measure, argv):
    """One whole run: wall time (ms) and peak RSS (KiB). measure (measure.c)
    forks and times it: a child forked from this Python would count
    Python's memory in its peak RSS."""
    r = subprocess.run([measure, "1", *argv], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(f"compare: {shlex.join(argv)} failed")
    ms, kib = r.stdout.split()
    return float(ms), int(kib)


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("usage: ")[1])
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--max-ratio", type=float)
    ap.add_argument("--max-rss-a", type=int)
    ap.add_argument("--record")
    ap.add_argument("measure")
    ap.add_argument("a_name")
    ap.add_argument("a_cmd")
    ap.add_argument("b_name")
    ap.add_argument("b_cmd")
    o = ap.parse_args()
    if o.pairs < 5:
        ap.error("at least 5 pairs: a median of fewer says little")
    a, b = shlex.split(o.a_cmd), shlex.split(o.b_cmd)
    run(o.measure, a)  # warm-up: caches, page cache, the dynamic loader
    run(o.measure, b)
    ta, tb, ratios, rss_a, rss_b = [], [], [], 0, 0
    for _ in range(o.pairs):
        ms_a, kib_a = run(o.measure, a)
        ms_b, kib_b = run(o.measure, b)
        ta.append(ms_a)
        tb.append(ms_b)
        ratios.append(ms_a / ms_b)
        rss_a, rss_b = max(rss_a, kib_a), max(rss_b, kib_b)
    ratio = statistics.median(ratios)
    print(f"{o.a_name} {statistics.median(ta):.1f} ms, {o.b_name} {statistics.median(tb):.1f} ms "
          f"(medians of {o.pairs} alternating pairs); ratio {ratio:.2f} "
          f"(pairs {min(ratios):.2f}-{max(ratios):.2f}); "
          f"peak RSS {o.a_name} {rss_a / 1024:.1f} MB, {o.b_name} {rss_b / 1024:.1f} MB")
    if o.record:
        with open(o.record, "a") as f:
            f.write(f"{statistics.median(ta):.1f}\t{statistics.median(tb):.1f}\t"
                    f"{ratio:.3f}\t{min(ratios):.3f}\t{max(ratios):.3f}\t"
                    f"{rss_a}\t{rss_b}\n")
    missed = []
    if o.max_ratio is not None and ratio > o.max_ratio:
        missed.append(f"ratio {ratio:.2f} > {o.max_ratio}")
    if o.max_rss_a is not None and rss_a > o.max_rss_a:
        missed.append(f"{o.a_name} peak RSS {rss_a / 1024:.1f} MB > {o.max_rss_a / 1024:.1f} MB")
    if missed:
        print("target missed: " + "; ".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
