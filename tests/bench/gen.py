#!/usr/bin/env python3
"""Writes a large, deterministic sked program: N sessions over five days,
20 tracks, 10 rooms, non-ASCII names, abstracts of ~1.5 kB.

usage: gen.py N > file.yaml"""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(20231113)
first = ["André", "Björn", "Zoë", "Miroslav", "Jörg", "Łukasz", "Ana", "Ricardo",
         "Søren", "Chen", "Ngọc", "Håkon", "Seán", "Kalesh", "Daniel", "Yu"]
last = ["Almeida", "Töpel", "Cañuelo", "Beneš", "Rödel", "Wilczyński", "Øster",
        "Müller", "Nguyễn", "Dąbrowski", "Ó Briain", "Søndergaard", "Gleixner", "山田"]
words = ("kernel scheduler latency tracing rseq spinlock memory folio iommu pci vfio "
         "riscv vector perf bpf verifier ftrace probe regression testing kunit "
         "isolation deadline throughput cgroup namespace checkpoint restore").split()
out = sys.stdout
out.write("sked: 1\nconference:\n  id: bench\n  title: Benchmark Conference\n"
          "  timezone: Europe/Berlin\n  start: 2024-10-21\n  end: 2024-10-25\n"
          "tracks:\n")
for t in range(20):
    out.write(f"  - id: t{t}\n    name: Track {t} – {rng.choice(words).title()}\n"
              f"    leads: [{rng.choice(first)} {rng.choice(last)}]\n")
out.write("rooms:\n")
for r in range(10):
    out.write(f"  - id: r{r}\n    name: Room {r}\n")
out.write("sessions:\n")
for i in range(n):
    day = 21 + i % 5
    minute = 8 * 60 + (i // 5 % 60) * 10
    people = ", ".join(f"{{name: {rng.choice(first)} {rng.choice(last)}, affiliation: Org {rng.randrange(50)}}}"
                       for _ in range(1 + rng.randrange(3)))
    abstract = "\n".join(
        "      " + " ".join(rng.choice(words) for _ in range(16)) for _ in range(12))
    out.write(f"  - id: \"{i}\"\n"
              f"    title: {rng.choice(words).title()} {rng.choice(words)} für {rng.choice(words)} #{i}\n"
              f"    track: t{i % 20}\n    room: r{i % 10}\n"
              f"    start: 2024-10-{day}T{minute // 60:02d}:{minute % 60:02d}\n"
              f"    duration: {rng.choice([15, 20, 25, 30, 45])}\n"
              f"    speakers: [{people}]\n"
              f"    tags: [{rng.choice(words)}, {rng.choice(words)}]\n"
              f"    abstract: |\n{abstract}\n")
