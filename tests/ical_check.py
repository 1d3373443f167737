#!/usr/bin/python3
"""The exported calendars, checked by programs that are not sked's:
python3-icalendar parses them (TZIDs, UTC instants, durations, UIDs, the
form of the lines), and calcurse and khal import them and list the events
at the right times. Uses a private XDG_DATA_HOME.

usage: ical_check.py SKED SRCDIR"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import icalendar

SKED, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(SRC)
TMP = tempfile.mkdtemp(prefix="sked-ical-")
ENV = {**os.environ, "XDG_DATA_HOME": f"{TMP}/data", "TZ": "UTC",
       "SOURCE_DATE_EPOCH": "1700000000"}
results = {"passed": 0, "failed": 0}


def sked(*args, env=None, check=True):
    r = subprocess.run([SKED, *args], capture_output=True, env=env or ENV)
    if check and r.returncode != 0:
        raise AssertionError(f"sked {' '.join(args)}: {r.returncode} {r.stderr.decode()}")
    return r


def test(fn):
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {fn.__name__}")
    except Exception as e:  # report and go on
        results["failed"] += 1
        print(f"FAIL {fn.__name__}: {e!r}")
    return fn


def utc(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M")


def sessions_json(*files):
    out = sked("list", "--format", "json", "--tz", "UTC", *files).stdout.decode()
    return {(s["conference"], s["id"]): s for s in map(json.loads, out.splitlines())}


@test
def all_sessions_parse_with_right_instants():
    path = f"{TMP}/all.ics"
    r = sked("export", "--all", "-o", path, "data/lpc2023.yaml", "data/lpc2022.yaml")
    assert b"exported 31 sessions" in r.stderr, r.stderr
    assert b"26 unscheduled sessions skipped" in r.stderr, r.stderr
    raw = open(path, "rb").read()
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["CALSCALE"]) == "GREGORIAN" and "sked" in str(cal["PRODID"])
    assert "X-WR-CALNAME" in cal
    tzs = [c for c in cal.walk("VTIMEZONE")]
    assert [str(c["TZID"]) for c in tzs] == ["America/New_York"], tzs
    # Only what the events need: one observance for November 2023.
    assert len(tzs[0].subcomponents) <= 3, tzs[0].to_ical()
    want = sessions_json("data/lpc2023.yaml")
    events = cal.walk("VEVENT")
    assert len(events) == 31
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for e in events:
        sid = str(e["UID"]).split("@")[0]
        s = want[("lpc2023", sid)]
        assert e["DTSTART"].params["TZID"] == "America/New_York"
        assert utc(e["DTSTART"].dt) == s["start"][:16], (sid, e["DTSTART"].dt, s["start"])
        assert utc(e["DTEND"].dt) == s["end"][:16]
        assert e["DTEND"].dt - e["DTSTART"].dt == datetime.timedelta(minutes=s["duration"])
        assert str(e["SUMMARY"]) == s["title"]
        assert e.get("CATEGORIES") is not None, sid  # every 2023 session has a track
    # Session 215: Monday 09:40-10:05 New York = 14:40-15:05 UTC.
    e215 = next(e for e in events if str(e["UID"]) == "215@lpc2023.sked")
    assert utc(e215["DTSTART"].dt) == "2023-11-13T14:40"
    assert utc(e215["DTEND"].dt) == "2023-11-13T15:05"
    assert "Speakers: philip Li" in str(e215["DESCRIPTION"])
    assert e215["CATEGORIES"].to_ical() == b"Kernel Testing & Dependability MC"
    e66 = next(e for e in events if str(e["UID"]) == "66@lpc2023.sked")
    assert e66["CATEGORIES"].to_ical() == b"Real-time and Scheduling MC"
    # The form: CRLF everywhere, lines of at most 75 octets, UTF-8 intact.
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character split by folding


@test
def uids_are_stable_across_exports():
    a, b = f"{TMP}/a.ics", f"{TMP}/b.ics"
    sked("export", "--all", "-o", a, "data/lpc2023.yaml")
    sked("export", "--all", "-o", b, "data/lpc2023.yaml",
         env={**ENV, "SOURCE_DATE_EPOCH": "1800000000", "HOME": "/nonexistent"})
    ua = [str(e["UID"]) for e in icalendar.Calendar.from_ical(open(a, "rb").read()).walk("VEVENT")]
    ub = [str(e["UID"]) for e in icalendar.Calendar.from_ical(open(b, "rb").read()).walk("VEVENT")]
    assert ua == ub and len(ua) == 31


@test
def agenda_export_with_alarm_and_dst():
    # A zone with a DST change inside the exported range: Europe/Dublin
    # spring forward on 2024-03-31, a session each side.
    prog = f"{TMP}/dst.yaml"
    open(prog, "w").write(
        "sked: 1\nconference: {id: dst, title: DST, timezone: Europe/Dublin, "
        "start: 2024-03-30, end: 2024-04-01}\nrooms: [{id: r, name: 'Room, with comma; and semicolon'}]\n"
        "sessions:\n"
        "  - {id: a, title: 'Before, the change', start: 2024-03-30T10:00, duration: 60, room: r}\n"
        "  - {id: b, title: After; the change, start: 2024-03-31T10:00, duration: 90}\n"
        "  - {id: c, title: Unscheduled}\n")
    sked("star", prog, "a", "b", "c")
    path = f"{TMP}/agenda.ics"
    r = sked("export", "--alarm", "15", "-o", path, prog)
    assert b"exported 2 sessions" in r.stderr and b"1 unscheduled session skipped" in r.stderr, r.stderr
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    tz = cal.walk("VTIMEZONE")[0]
    assert str(tz["TZID"]) == "Europe/Dublin"
    ev = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert utc(ev["a@dst.sked"]["DTSTART"].dt) == "2024-03-30T10:00"  # GMT
    assert utc(ev["b@dst.sked"]["DTSTART"].dt) == "2024-03-31T09:00"  # IST
    assert ev["b@dst.sked"]["DTEND"].dt - ev["b@dst.sked"]["DTSTART"].dt == datetime.timedelta(minutes=90)
    assert str(ev["a@dst.sked"]["LOCATION"]) == "Room, with comma; and semicolon"
    assert str(ev["a@dst.sked"]["SUMMARY"]) == "Before, the change"
    alarm = ev["a@dst.sked"].walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == datetime.timedelta(minutes=-15)


@test
def hostile_text_stays_out():
    path = f"{TMP}/hostile.ics"
    sked("export", "--all", "-o", path, "tests/data/hostile.yaml")
    raw = open(path, "rb").read()
    controls = [b for b in raw.replace(b"\r\n", b"") if b < 0x20 and b != 0x09]
    assert not controls, controls[:5]
    assert b"\xc2\x9b" not in raw and b"\xc2\x9d" not in raw
    icalendar.Calendar.from_ical(raw)


@test
def unwritable_path_is_a_clear_error():
    r = sked("export", "--all", "-o", "/nonexistent/dir/x.ics", "data/lpc2023.yaml", check=False)
    assert r.returncode == 73, r.returncode
    assert b"cannot write /nonexistent/dir/x.ics" in r.stderr, r.stderr
    # An existing file is replaced only by a complete new one.
    path = f"{TMP}/keep.ics"
    open(path, "w").write("old")
    r = sked("export", "--query", "(\\w+\\s?)+$x", "-o", path, "data/lpc2023.yaml", check=False)
    assert r.returncode == 2 and open(path).read() == "old"


@test
def calcurse_imports_at_the_right_times():
    if not shutil.which("calcurse"):
        raise AssertionError("calcurse is not installed (setup.sh installs it)")
    sked("unstar", "data/lpc2023.yaml", "215", "66", "225", check=False)
    sked("star", "data/lpc2023.yaml", "215", "66", "225")
    path, d = f"{TMP}/c.ics", f"{TMP}/calcurse"
    os.makedirs(d)
    sked("export", "-o", path, "data/lpc2023.yaml")
    env = {**ENV, "TZ": "UTC", "HOME": TMP}
    subprocess.run(["calcurse", "-D", d, "-i", path], env=env, check=True, capture_output=True)
    out = subprocess.run(["calcurse", "-D", d, "-Q", "--from", "11/13/2023", "--days", "3",
                          "--format-apt", " - %S -> %E %m\\n"],
                         env=env, check=True, capture_output=True, text=True).stdout
    assert " - 14:40 -> 15:05 the path to achieve a bug-free build on the mainline" in out, out
    assert " - 16:25 -> 16:45 How to reduce complexity in Proxy Execution" in out, out
    assert " - 16:30 -> 16:55 Quality in embargoed patches" in out, out


@test
def khal_imports_at_the_right_times():
    if not shutil.which("khal"):
        raise AssertionError("khal is not installed (setup.sh installs it)")
    d = f"{TMP}/khal"
    os.makedirs(f"{d}/cal")
    config = f"{d}/config"
    open(config, "w").write(f"""[calendars]
[[sked]]
path = {d}/cal
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[sqlite]
path = {d}/khal.db
""")
    path = f"{TMP}/k.ics"
    sked("export", "-o", path, "data/lpc2023.yaml")
    env = {**ENV, "HOME": TMP}
    for _ in range(2):  # a second import updates: same UIDs
        subprocess.run(["khal", "-c", config, "import", "--batch", "-a", "sked", path],
                       env=env, check=True, capture_output=True)
    out = subprocess.run(["khal", "-c", config, "list", "--format",
                          "{start-date} {start-time}-{end-time} {title}", "2023-11-13", "3d"],
                         env=env, check=True, capture_output=True, text=True).stdout
    lines = [l for l in out.splitlines() if re.match(r"\d{4}-", l)]
    assert lines == ["2023-11-13 14:40-15:05 the path to achieve a bug-free build on the mainline",
                     "2023-11-13 16:25-16:45 How to reduce complexity in Proxy Execution",
                     "2023-11-13 16:30-16:55 Quality in embargoed patches"], out


shutil.rmtree(TMP, ignore_errors=True)
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
