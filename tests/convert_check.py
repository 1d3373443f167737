#!/usr/bin/python3
"""sked convert's round trip, for every published sample, the Indico and
iCalendar test feeds, the frab feeds made for the tests (tests/data/*.xml:
frab-nights.xml, whose second night ends later than its first) and every
sked file of the tree:

- `sked list --format json` of the file and of its conversion are
  byte-identical;
- the conversion loads with libyaml (PyYAML's C loader), and what it says
  of each session, read here independently of sked (the start with
  zoneinfo), is what sked lists for the original;
- `sked check` of the conversion gives no warning;
- converting the conversion gives the same file: the conversions of the
  original and of the round-tripped file are equal, so what list's JSON
  does not show (abstracts, track descriptions, room names, the
  conference's day_change and location) survives too;
- a start in a daylight-saving gap, a warning in its source, is written as
  its instant and gives none; stars carry over; -o - and -o FILE.

usage: convert_check.py SKED SRCDIR"""
import datetime
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zoneinfo

import yaml

SKED, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(SRC)
TMP = tempfile.mkdtemp(prefix="sked-convert-")
ENV = {**os.environ, "XDG_DATA_HOME": f"{TMP}/data", "TZ": "UTC"}
results = {"passed": 0, "failed": 0}

FILES = sorted(glob.glob("tests/data/samples/frab-xml/*")
               + glob.glob("tests/data/samples/frab-json/*")
               + glob.glob("tests/data/samples/ical/*")
               + glob.glob("tests/data/indico/*.json")
               + glob.glob("tests/data/ical/*.ics")
               + glob.glob("tests/data/*.xml")
               + glob.glob("data/*.yaml")
               + glob.glob("tests/data/*.yaml"))


def sked(*args, check=True):
    r = subprocess.run([SKED, *args], capture_output=True, env=ENV)
    if check and r.returncode != 0:
        raise AssertionError(f"sked {' '.join(args)}: exit {r.returncode}: "
                             f"{r.stderr.decode(errors='replace')[:2000]}")
    return r


def report(name, fn):
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {name}")
    except Exception as e:  # report and go on
        results["failed"] += 1
        print(f"FAIL {name}: {e!s}"[:3000])


def convert(path):
    out = os.path.join(TMP, os.path.basename(path) + ".yaml")
    sked("convert", path, "-o", out)
    return out


def instant(start, zone):
    """A start as the converted file writes it, read with zoneinfo: a wall
    time in the conference zone, or an instant with its offset."""
    t = datetime.datetime.fromisoformat(start)
    if t.tzinfo is None:
        t = t.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return t.astimezone(datetime.timezone.utc)


def people(v):
    return [p if isinstance(p, str) else p["name"] for p in v or []]


def check_against_list(doc, listed):
    """Each session of the YAML (libyaml's reading) against sked's listing
    of the original."""
    conf = doc["conference"]
    by_id = {s["id"]: s for s in doc["sessions"]}
    assert len(by_id) == len(doc["sessions"]) == len(listed), "session count"
    for js in listed:
        s = by_id[js["id"]]
        assert js["conference"] == conf["id"]
        for key in ("title", "type", "track", "room", "url", "subtitle",
                    "description", "feedback_url", "guid"):
            assert s.get(key) == js.get(key), (js["id"], key, s.get(key),
                                               js.get(key))
        assert people(s.get("speakers")) == js["speakers"], js["id"]
        assert people(s.get("authors")) == js["authors"], js["id"]
        assert s.get("tags", []) == js["tags"], js["id"]
        lang = s.get("language")
        assert ([lang] if isinstance(lang, str) else lang) == js.get("language")
        assert s.get("links") == js.get("links"), js["id"]
        assert s.get("do_not_record", False) == js.get("do_not_record", False)
        assert s.get("duration") == js["duration"], (js["id"], s.get("duration"))
        if js["start"] is None:
            assert "start" not in s, js["id"]
            continue
        got = instant(s["start"], conf["timezone"])
        want = datetime.datetime.fromisoformat(js["start"])
        assert got == want, (js["id"], s["start"], js["start"])


def norm(v):
    """A value as PyYAML read it from a hand-written sked file, as text:
    unquoted ids are numbers there, dates date objects; text in NFC, as
    sked keeps it (tests/data/nfd.yaml)."""
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    if v is None or isinstance(v, bool):
        return v
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def check_against_source(path, doc):
    """For a sked file: what list's JSON does not show (the conference,
    tracks with descriptions and leads, rooms) is as the source says."""
    with open(path, "rb") as fp:
        src = norm(yaml.load(fp, Loader=yaml.CSafeLoader))
    conf = dict(src["conference"])
    conf.setdefault("day_change", "00:00")
    assert doc["conference"] == conf, (doc["conference"], conf)
    for key in ("tracks", "rooms"):
        assert (doc.get(key) or []) == (src.get(key) or []), key


def round_trip(path):
    def run():
        out = convert(path)
        a = sked("list", "--format", "json", path).stdout
        b = sked("list", "--format", "json", out).stdout
        assert a == b, f"list --format json differs for {out}"
        assert a, "nothing listed"
        with open(out, "rb") as fp:
            text = fp.read()
        assert yaml.__with_libyaml__, "PyYAML without libyaml"
        doc = yaml.load(text, Loader=yaml.CSafeLoader)
        check_against_list(doc, [json.loads(line) for line in a.splitlines()])
        if path.endswith(".yaml"):
            check_against_source(path, doc)
        r = sked("check", out)
        assert b"warning" not in r.stderr, r.stderr.decode()[:2000]
        again = os.path.join(TMP, "again.yaml")
        sked("convert", out, "-o", again)
        with open(again, "rb") as fp:
            assert fp.read() == text, f"converting {out} changed it"
    report(f"round-trip {path}", run)


def test_listed_outside():
    """A frab day listing sessions whose times fall outside the
    conference's days (imported on their listed day, with a warning): the
    converted file widens the days to hold them, so that it loads, every
    session at the same instant (sked check refused it: outside the
    conference). The warnings name the converted file's days: the one
    five days later is on its day 8, the days beginning two days early."""
    src = "tests/data/convert/listed-outside.xml"
    r = sked("check", src)
    err = r.stderr.decode()
    widened = "its conference widened to run from 2024-03-02 to 2024-03-09"
    assert ("at 2024-03-09 10:00 it is after the last day" in err
            and f"a converted file puts it on day 8, {widened}" in err), err
    assert ("at 2024-03-02 10:00 it is before the first day" in err
            and f"a converted file puts it on day 1, {widened}" in err), err
    out = convert(src)
    r = sked("check", out, check=False)
    assert r.returncode == 0, r.stderr.decode()
    with open(out, encoding="utf-8") as fp:
        doc = yaml.load(fp, Loader=yaml.CSafeLoader)
    assert (doc["conference"]["start"], doc["conference"]["end"]) == ("2024-03-02", "2024-03-09"), doc["conference"]
    a = {s["id"]: s["start"] for s in map(json.loads, sked("list", "--format", "json", src).stdout.splitlines())}
    b = {s["id"]: s["start"] for s in map(json.loads, sked("list", "--format", "json", out).stdout.splitlines())}
    assert a == b and len(a) == 3, (a, b)
    days = {s["id"]: s["day"] for s in map(json.loads, sked("list", "--format", "json", out).stdout.splitlines())}
    assert days["2"] == "2024-03-09" and days["3"] == "2024-03-02", days


def test_listed_far():
    """A session listed under the conference's day but dated ten years
    later: a converted file would last ten years, which sked refuses to
    open (sked(5): at most 31 days). sked convert writes nothing, exit
    65, an existing file untouched, and names that session (not the one
    two days before, which alone would fit); the import's warning says
    so."""
    src = "tests/data/convert/listed-far.xml"
    r = sked("check", src)
    assert b"sked convert refuses the program" in r.stderr, r.stderr
    dst = os.path.join(TMP, "far.yaml")
    with open(dst, "w") as fp:
        fp.write("old\n")
    for args in (["-o", dst], ["-o", "-"], []):
        r = sked("convert", src, *args, check=False)
        err = r.stderr.decode()
        assert r.returncode == 65 and r.stdout == b"", (args, r)
        assert (f'{src}: session "2" ("Ten years later"), listed under '
                "day 1, starts 2034-03-09 10:00, outside the conference's "
                "days (2024-03-04 to 2024-03-04)") in err, err
        assert "Two days before" not in err and "wrote" not in err, err
        assert ("not converted: a sked file puts each session on the day "
                "of its start, and its conference would run from "
                "2024-03-02 to 2034-03-09, 3660 days (sked(5) allows 31)"
                in err), err
    with open(dst) as fp:
        assert fp.read() == "old\n"


def test_convert_loads_or_refuses():
    """Every feed of tests/data/convert is either converted to a file sked
    opens without a warning, or refused (exit 65, nothing written)."""
    for src in sorted(glob.glob("tests/data/convert/*")):
        out = os.path.join(TMP, "any.yaml")
        if os.path.exists(out):
            os.unlink(out)
        r = sked("convert", src, "-o", out, check=False)
        if r.returncode == 0:
            c = sked("check", out, check=False)
            assert c.returncode == 0 and b"warning" not in c.stderr, (src, c)
        else:
            assert r.returncode == 65 and not os.path.exists(out), (src, r)


def test_gap():
    # 02:30 on 12 March 2023 does not exist in New York: the source warns,
    # the conversion says the instant (03:30 EDT) and does not.
    src = os.path.join(TMP, "gap.yaml")
    with open(src, "w") as fp:
        fp.write("sked: 1\nconference: {id: gap, title: Gap, timezone: "
                 "America/New_York, start: 2023-03-11, end: 2023-03-12}\n"
                 "sessions:\n  - {id: a, title: A, start: 2023-03-12T02:30, "
                 "duration: 30}\n  - {id: b, title: B, start: "
                 "2023-03-11T23:00, duration: 30}\n")
    assert b"does not exist" in sked("check", src).stderr
    out = convert(src)
    with open(out) as fp:
        text = fp.read()
    assert 'start: "2023-03-12T03:30:00-04:00"' in text, text
    assert 'start: "2023-03-11T23:00"' in text, text
    assert b"warning" not in sked("check", out).stderr
    assert (sked("list", "--format", "json", src).stdout
            == sked("list", "--format", "json", out).stdout)


def test_stars():
    # The same ids and conference id: stars made on the feed are the
    # converted file's.
    src = "tests/data/samples/frab-json/pretalx-rc3.json"
    listed = [json.loads(line) for line in
              sked("list", "--format", "json", src).stdout.splitlines()]
    ids = [listed[0]["id"], listed[-1]["id"]]
    sked("star", src, *ids)
    out = convert(src)
    agenda = [json.loads(line)["id"] for line in
              sked("agenda", "--format", "json", out).stdout.splitlines()]
    assert sorted(agenda) == sorted(ids), (agenda, ids)


def test_outputs():
    src = "tests/data/convert.yaml"
    out = convert(src)
    with open(out, "rb") as fp:
        text = fp.read()
    assert sked("convert", src).stdout == text
    r = sked("convert", "-o", "-", src)
    assert r.stdout == text and b"to standard output" in r.stderr
    # An existing file is replaced, keeping its mode.
    dst = os.path.join(TMP, "old.yaml")
    with open(dst, "w") as fp:
        fp.write("old\n")
    os.chmod(dst, 0o640)
    r = sked("convert", src, "-o", dst)
    with open(dst, "rb") as fp:
        assert fp.read() == text
    assert os.stat(dst).st_mode & 0o777 == 0o640
    assert f"to {dst}".encode() in r.stderr
    # A file of no format sked reads: nothing written, exit 65.
    bad = os.path.join(TMP, "bad.yaml")
    with open(bad, "w") as fp:
        fp.write("sked: 1\nconference: 3\n")
    r = sked("convert", bad, "-o", os.path.join(TMP, "never.yaml"),
             check=False)
    assert r.returncode == 65 and r.stdout == b"", r
    assert not os.path.exists(os.path.join(TMP, "never.yaml"))
    r = sked("convert", "tests/data/no-such-file.xml", check=False)
    assert r.returncode == 66 and r.stdout == b"", r


try:
    os.makedirs(f"{TMP}/data")
    assert len(FILES) >= 16, FILES
    for f in FILES:
        round_trip(f)
    for t in (test_gap, test_listed_outside, test_listed_far,
              test_convert_loads_or_refuses, test_stars, test_outputs):
        report(t.__name__, t)
finally:
    shutil.rmtree(TMP, ignore_errors=True)
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
