#!/usr/bin/env python3
"""Compares the bundled programs as sked reads them (sked list --format json)
with the source documents in tests/data/seeds, parsed here on their own,
independently of the converter (tests/tools/seed2yaml.py):

- LPC 2023, from the contributions report: every timed contribution must be
  there with its title, start (as an exact UTC instant), duration and
  presenters; the untimed ones as unscheduled sessions; nothing else.
- LPC 2022 and 2019, from the microconference pages: every talk a page names
  with its speakers (a bullet or a line "TITLE (SPEAKERS)", "TITLE - SPEAKER",
  "TITLE (N Mins)" with a "Speakers:" line, a summary heading followed by
  "Led by SPEAKER.") must be there with its title, speakers and duration (where
  the page gives one); none has a time, since the pages give none; nothing
  else.

The seeds are in the repository, so this check always runs.

usage: seed_check.py SKED SRCDIR"""
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

sked, src = sys.argv[1], Path(sys.argv[2])
seeds = src / "tests" / "data" / "seeds"
errors = []
checks = 0


def fail(msg):
    errors.append(msg)


def sessions(name):
    out = subprocess.run([sked, "list", "--format", "json", "--tz", "UTC",
                          str(src / "data" / f"{name}.yaml")],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines()]


def seed(name):
    # No-break spaces are extraction artefacts (the page shows spaces).
    return (seeds / name).read_text().replace("\u00a0", " ")


# ---- LPC 2023: the contributions report --------------------------------------

def check_2023():
    global checks
    report = seed("lpc2023-contributions.txt")
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

    got = {s["id"]: s for s in sessions("lpc2023")}
    timed = {k: e for k, e in entries.items() if e["when"]}
    untimed = {k: e for k, e in entries.items() if not e["when"] and not e["proposal"]}
    if len(timed) != 31:
        fail(f"lpc2023: the report has {len(timed)} timed contributions, expected 31")
    if set(got) != set(timed) | set(untimed):
        fail(f"lpc2023: sessions differ: extra {sorted(set(got) - set(timed) - set(untimed))}, "
             f"missing {sorted(set(timed) | set(untimed) - set(got))}")
    ny = -5  # EST: LPC 2023 (13-15 Nov) is after the switch back on 5 Nov
    months = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"], 1)}
    before = checks
    for cid, e in sorted(entries.items()):
        s = got.get(cid)
        if s is None or e["proposal"]:
            continue
        checks += 1
        if s["title"] != e["title"]:
            fail(f"lpc2023 {cid}: title {s['title']!r}, seed {e['title']!r}")
        if e["when"]:
            checks += 2
            d, mon, y, hh, mm, dur = e["when"].groups()
            local = datetime.datetime(int(y), months[mon], int(d), int(hh), int(mm))
            utc = (local - datetime.timedelta(hours=ny)).strftime("%Y-%m-%dT%H:%M:00+00:00")
            if s["start"] != utc:
                fail(f"lpc2023 {cid}: start {s['start']}, seed {utc}")
            if s["duration"] != int(dur):
                fail(f"lpc2023 {cid}: duration {s['duration']}, seed {dur}")
        elif s["start"] is not None:
            fail(f"lpc2023 {cid}: has a start, the seed has none")
        # Presenters: same number, and each "LAST, First" as "First Last".
        seed_people = [p for p in e["presenters"].split(";") if p.strip()]
        checks += 1 + len(seed_people)
        if len(seed_people) != len(s["speakers"]):
            fail(f"lpc2023 {cid}: {len(s['speakers'])} speakers, seed {len(seed_people)}")
        for p, name in zip(seed_people, s["speakers"]):
            last, first = [x.strip() for x in re.sub(r"\(.*\)$", "", p).replace("Mr ", "").split(",", 1)]
            if not (name.startswith(first + " ") and name[len(first) + 1:].upper() == last.upper()):
                fail(f"lpc2023 {cid}: speaker {name!r} is not {p.strip()!r}")
    if checks - before < 31 * 4:
        fail(f"lpc2023: only {checks - before} checks ran: the report was not read as expected")


# ---- LPC 2022 and 2019: talks named on the microconference pages -------------

# A person's name as the pages write it: capitalised words ("Kishon Vijay
# Abraham I", "Matthias Männich", "Damien Le Moal").
NAME = r"[A-Z][\w'-]*(?: [A-Z][\w'.-]*)+"


def names(s):
    """'A, B and C' / 'A or B presenting over VC' -> ['A', 'B', 'C'], or None
    when a part is no name (the parentheses hold something else)."""
    s = re.sub(r" presenting over VC$", "", s.strip())
    parts = [p.strip() for p in re.split(r",| and | or ", s) if p.strip()]
    parts = [p for p in parts if p != "TBD"]  # the page's "to be decided"
    if not parts or not all(re.fullmatch(NAME, p) for p in parts):
        return None
    return parts


def page_talks(text):
    """Every talk the page names with its speakers: {title: (speakers, duration)}."""
    talks = {}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        l = line.strip()
        # "• Title (Speaker, Speaker)." and "Title (Speaker)" on a line of its own
        m = re.fullmatch(r"(?:• *)?(.+?) \(([^()]+)\)\.?", l)
        if m and names(m.group(2)):
            talks[m.group(1)] = (names(m.group(2)), None)
            continue
        # "• Title - Speaker"
        m = re.fullmatch(r"• *(.+?) - (" + NAME + r")", l)
        if m:
            talks[m.group(1)] = ([m.group(2)], None)
            continue
        # "Title (45 Mins)" then "Speakers: A, B, TBD"
        m = re.fullmatch(r"(.+?) \((\d+) Mins\)", l)
        if m:
            who = re.fullmatch(r"Speakers?(?: Name)?: (.+)", lines[i + 1].strip())
            if not who or names(who.group(1)) is None:
                fail(f"line {i + 2}: a talk with a duration but no speakers: {lines[i + 1]!r}")
                continue
            talks[m.group(1)] = (names(who.group(1)), int(m.group(2)))
            continue
        # A summary's heading, a blank line, then "Led by Speaker[ again]."
        m = re.match(r"Led by (" + NAME + r")(?: again)?\.", l)
        if m and i >= 2 and not lines[i - 1].strip():
            # A stray closing quote on a heading is an extraction artefact.
            title = re.sub(r'^([^"]*)"$', r"\1", lines[i - 2].strip())
            talks[title] = ([m.group(1)], None)
    return talks


def check_page(conf, page, expect):
    global checks
    talks = page_talks(seed(page))
    if len(talks) != expect:
        fail(f"{conf}: {page} names {len(talks)} talks, expected {expect}: "
             "the page was not read as expected")
    got = {}
    for s in sessions(conf):
        if s["title"] in got:
            fail(f"{conf}: two sessions titled {s['title']!r}")
        got[s["title"]] = s
    for title in sorted(set(got) - set(talks)):
        fail(f"{conf} {got[title]['id']}: {title!r} is no talk of {page}")
    for title in sorted(set(talks) - set(got)):
        fail(f"{conf}: missing the talk {title!r} ({', '.join(talks[title][0])})")
    for title in sorted(set(got) & set(talks)):
        s, (speakers, duration) = got[title], talks[title]
        checks += 4
        if s["speakers"] != speakers:
            fail(f"{conf} {s['id']}: speakers {s['speakers']}, seed {speakers}")
        if s["duration"] != duration:
            fail(f"{conf} {s['id']}: duration {s['duration']}, seed {duration}")
        if s["start"] is not None or s["day"] is not None:
            fail(f"{conf} {s['id']}: has a time ({s['start']}), the seed gives none")


check_2023()
# Android's projected talks, Open Printing's topics, Power Management's topics.
check_page("lpc2022", "lpc2022-microconferences.txt", 11 + 5 + 9)
# RISC-V's expected topics, the Live Patching summary's 9 topics, the
# VFIO/IOMMU/PCI summary's 7 talks.
check_page("lpc2019", "lpc2019-microconferences.txt", 5 + 9 + 7)

for e in errors:
    print("FAIL", e)
print(f"{checks - len(errors)} passed, {len(errors)} failed")
sys.exit(1 if errors else 0)
