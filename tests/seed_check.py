#!/usr/bin/env python3
"""Compares LPC 2023 as sked reads it (sked list --format json) with the
contributions report in shared/seeds, parsed here on its own, independently
of the converter: every timed contribution must be there with its title,
start (as an exact UTC instant), duration and presenters; the untimed ones
as unscheduled sessions; nothing else.

usage: seed_check.py SKED SRCDIR"""
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

sked, src = sys.argv[1], Path(sys.argv[2])
seeds = src.resolve().parent / "shared" / "seeds"
if not (seeds / "lpc2023-contributions.txt").is_file():
    print(f"SKIP: no seeds at {seeds} (shared/ lies beside the checkout)")
    sys.exit(77)
report = (seeds / "lpc2023-contributions.txt").read_text()

# Runs of fields the extraction glued together go on lines of their own.
report = re.sub(r"\*\*(\w[\w ]*):\*\*", r"\n\1:", report)
entries = {}
for chunk in report.split("Contribution ID:")[1:]:
    cid = re.match(r"\s*\**(\d+)", chunk).group(1)
    lines = [l.strip() for l in chunk.splitlines()]
    after_type = lines[[i for i, l in enumerate(lines) if "Type:" in l][0] + 1:]
    title = next(l for l in after_type if l)
    when = re.search(r"^\w+day (\d+) (\w+) (\d{4}) (\d\d):(\d\d) \((\d+) minutes\)$", chunk, re.M)
    presenters = re.search(r"^Presenters?: (.*)$", chunk, re.M)
    proposal = "Track Classification: LPC Microconference Proposals" in chunk
    entries[cid] = dict(title=title, when=when, proposal=proposal,
                        presenters=presenters.group(1) if presenters else "")

out = subprocess.run([sked, "list", "--format", "json", "--tz", "UTC",
                      str(src / "data" / "lpc2023.yaml")],
                     capture_output=True, text=True, check=True).stdout
got = {s["id"]: s for s in map(json.loads, out.splitlines())}

errors = []
checks = 0
timed = {k: e for k, e in entries.items() if e["when"]}
untimed = {k: e for k, e in entries.items() if not e["when"] and not e["proposal"]}
if len(timed) != 31:
    errors.append(f"the report has {len(timed)} timed contributions, expected 31")
if set(got) != set(timed) | set(untimed):
    errors.append(f"sessions differ: extra {sorted(set(got) - set(timed) - set(untimed))}, "
                  f"missing {sorted(set(timed) | set(untimed) - set(got))}")
ny = -5  # EST: LPC 2023 (13-15 Nov) is after the switch back on 5 Nov
months = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December"], 1)}
for cid, e in sorted(entries.items()):
    s = got.get(cid)
    if s is None or e["proposal"]:
        continue
    checks += 1
    if s["title"] != e["title"]:
        errors.append(f"{cid}: title {s['title']!r}, seed {e['title']!r}")
    if e["when"]:
        checks += 2
        d, mon, y, hh, mm, dur = e["when"].groups()
        local = datetime.datetime(int(y), months[mon], int(d), int(hh), int(mm))
        utc = (local - datetime.timedelta(hours=ny)).strftime("%Y-%m-%dT%H:%M:00+00:00")
        if s["start"] != utc:
            errors.append(f"{cid}: start {s['start']}, seed {utc}")
        if s["duration"] != int(dur):
            errors.append(f"{cid}: duration {s['duration']}, seed {dur}")
    elif s["start"] is not None:
        errors.append(f"{cid}: has a start, the seed has none")
    # Presenters: same number, and each "LAST, First" as "First Last".
    seed_people = [p for p in e["presenters"].split(";") if p.strip()]
    checks += 1 + len(seed_people)
    if len(seed_people) != len(s["speakers"]):
        errors.append(f"{cid}: {len(s['speakers'])} speakers, seed {len(seed_people)}")
    for p, name in zip(seed_people, s["speakers"]):
        last, first = [x.strip() for x in re.sub(r"\(.*\)$", "", p).replace("Mr ", "").split(",", 1)]
        if not (name.startswith(first + " ") and name[len(first) + 1:].upper() == last.upper()):
            errors.append(f"{cid}: speaker {name!r} is not {p.strip()!r}")

for e in errors:
    print("FAIL", e)
if checks < 31 * 4:
    errors.append(f"only {checks} checks ran: the report was not read as expected")
print(f"{checks - len(errors)} passed, {len(errors)} failed")
sys.exit(1 if errors else 0)
