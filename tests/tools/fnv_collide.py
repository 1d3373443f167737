#!/usr/bin/env python3
"""Writes a sked program whose 2^BLOCKS session ids all have one FNV-1a
hash in their low 20 bits, and optionally an agenda starring all of them:
the flood that made sked's id set quadratic while it hashed with unkeyed
FNV-1a and took the slot from the hash's low bits (131,072 such ids: 33 s
for `sked check`). tests/check-bad.sh checks that it no longer does; the
same ids are built in tests/unit/test-strset.c.

Why it works: the low k bits of FNV-1a's state after a byte depend only on
its low k bits before (xor, and a multiplication whose carries go upwards),
so two 3-character blocks that agree there, from one state, can replace each
other without changing anything after them. A birthday search among the
36^3 blocks finds one such pair per block; every choice of one of each pair
is an id, and all 2^BLOCKS ids agree in the low 20 bits (the same slot in
any table of up to 2^20 slots).

usage: fnv_collide.py BLOCKS PROGRAM.yaml [AGENDA]"""
import itertools
import sys

PRIME, MASK64, BITS = 1099511628211, (1 << 64) - 1, 20
ALPHA = "abcdefghijklmnopqrstuvwxyz0123456789"


def step(h, s):
    for c in s.encode():
        h = ((h ^ c) * PRIME) & MASK64
    return h


def pairs(blocks):
    h, out = 1469598103934665603, []
    for _ in range(blocks):
        seen = {}
        for t in itertools.product(ALPHA, repeat=3):
            b = "".join(t)
            k = step(h, b) & ((1 << BITS) - 1)
            if k in seen:
                out.append((seen[k], b))
                break
            seen[k] = b
        h = step(h, out[-1][0])
    return out


def main():
    blocks, program = int(sys.argv[1]), sys.argv[2]
    ps = pairs(blocks)
    ids = ["".join(ps[j][x] for j, x in enumerate(bits))
           for bits in itertools.product((0, 1), repeat=blocks)]
    low = {step(1469598103934665603, i) & ((1 << BITS) - 1) for i in ids}
    assert len(low) == 1 and len(set(ids)) == len(ids)
    with open(program, "w") as f:
        f.write("sked: 1\nconference: {id: collide, title: Collide, "
                "timezone: UTC, start: 2024-01-01, end: 2024-01-01}\n"
                "sessions:\n")
        f.writelines("  - {id: %s, title: t}\n" % i for i in ids)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write("# sked agenda 1 collide\n")
            f.writelines(i + "\n" for i in ids)


main()
