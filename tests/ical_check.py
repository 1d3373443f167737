#!/usr/bin/python3
"""The exported calendars, checked by programs that are not sked's:
python3-icalendar parses them (TZIDs, UTC instants, durations, UIDs, the
form of the lines), Python's zoneinfo checks every VTIMEZONE against the
zone database, and calcurse and khal import them and list the events at
the right times, for sked files and for imported programs (36C3 XML, rC3
JSON, JRES iCalendar, Indico's LPC timetable). Uses a private
XDG_DATA_HOME.

usage: ical_check.py SKED SRCDIR"""
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zoneinfo

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


def check_form(raw):
    """CRLF everywhere (no CR without its LF, no LF without its CR), physical
    lines of at most 75 octets, each valid UTF-8 on its own."""
    assert raw.endswith(b"\r\n"), raw[-20:]
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "a bare CR"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character split by folding


def content_lines(raw):
    """The unfolded content lines (RFC 5545 3.1), as text."""
    return raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode().split("\r\n")


def text_list(value):
    """A TEXT list split at its unescaped commas, each item unescaped: our
    own reading, since python3-icalendar 4 splits CATEGORIES at escaped
    commas too."""
    items, cur, i = [], "", 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            cur += {"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1])
            i += 2
            continue
        if c == ",":
            items.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    return items + [cur]


def observances(vtz):
    """A VTIMEZONE's observances as (onset in UTC, offset from, offset to),
    in order; sked writes each change as its own observance, no RRULE."""
    out = []
    for o in vtz.subcomponents:
        assert o.name in ("STANDARD", "DAYLIGHT"), o.name
        assert "RRULE" not in o and "RDATE" not in o, o.to_ical()
        start, fr, to = o["DTSTART"].dt, o["TZOFFSETFROM"].td, o["TZOFFSETTO"].td
        assert start.tzinfo is None, start  # local time, in the old offset
        # DAYLIGHT when the offset grows (sked's rule; Dublin's negative
        # DST in the zone database is the same change of offset).
        assert (o.name == "DAYLIGHT") == (to > fr), o.to_ical()
        onset = (start - fr).replace(tzinfo=datetime.timezone.utc)
        out.append((onset, fr, to))
    return sorted(out)


def offset_in_force(obs, t):
    """The offset a VTIMEZONE gives at instant t (None before its first
    observance)."""
    off = None
    for onset, _, to in obs:
        if onset <= t:
            off = to
    return off


def check_vtimezone(vtz, instants):
    """Every observance's onset is a change of the zone database's offset,
    from TZOFFSETFROM to TZOFFSETTO (zoneinfo, not libical), consecutive
    observances agree, and over the whole span of the events, hour by hour
    and at each event, the VTIMEZONE gives zoneinfo's offset."""
    zi = zoneinfo.ZoneInfo(str(vtz["TZID"]))
    obs = observances(vtz)
    sec = datetime.timedelta(seconds=1)
    for i, (onset, fr, to) in enumerate(obs):
        if fr != to:  # a real change, not the "in force since" one
            assert onset.astimezone(zi).utcoffset() == to, (onset, to)
            assert (onset - sec).astimezone(zi).utcoffset() == fr, (onset, fr)
        if i:
            assert obs[i - 1][2] == fr, (obs[i - 1], obs[i])
    first, last = min(instants), max(instants)
    assert obs[0][0] <= first, (obs[0], first)
    t = first
    while t <= last:
        assert offset_in_force(obs, t) == t.astimezone(zi).utcoffset(), t
        t += datetime.timedelta(hours=1)
    for t in instants:
        assert offset_in_force(obs, t) == t.astimezone(zi).utcoffset(), t
    return obs


def event_instant(prop, vtzs):
    """A DTSTART/DTEND as an instant, through the calendar's own VTIMEZONE
    for a TZID (our reading, independent of libical and pytz)."""
    dt = prop.dt
    if "TZID" not in prop.params:
        assert dt.tzinfo is not None and dt.utcoffset() == datetime.timedelta(0), dt
        return dt.astimezone(datetime.timezone.utc)
    obs = observances(vtzs[prop.params["TZID"]])
    wall = dt.replace(tzinfo=None)
    # The offsets that read this wall time back: the first if two (RFC
    # 5545 3.3.5); sked writes a repeated wall time in UTC, so one.
    cands = [(wall - off).replace(tzinfo=datetime.timezone.utc)
             for off in sorted({o[2] for o in obs} | {o[1] for o in obs}, reverse=True)]
    cands = [c for c in cands if c + offset_in_force(obs, c) == wall.replace(tzinfo=datetime.timezone.utc)]
    assert len(cands) == 1, (prop.to_ical(), cands)
    return cands[0]


def sessions_json(*files):
    # JSON Lines split at LF only: a string may hold U+2028 raw, at which
    # str.splitlines() would split too.
    out = sked("list", "--format", "json", "--tz", "UTC", *files).stdout.decode()
    return {(s["conference"], s["id"]): s for s in map(json.loads, filter(None, out.split("\n")))}


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
    check_form(raw)


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


def khal_config(name):
    """A private khal configuration in UTC; returns its path."""
    if not shutil.which("khal"):
        raise AssertionError("khal is not installed (setup.sh installs it)")
    d = f"{TMP}/{name}"
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
    return config


def khal_list(config, path, day, days):
    env = {**ENV, "HOME": TMP}
    subprocess.run(["khal", "-c", config, "import", "--batch", "-a", "sked", path],
                   env=env, check=True, capture_output=True)
    out = subprocess.run(["khal", "-c", config, "list", "--format",
                          "{start-date} {start-time}-{end-time} {title}", day, days],
                         env=env, check=True, capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if re.match(r"\d{4}-", l)]


def calcurse_list(name, path, day, days):
    if not shutil.which("calcurse"):
        raise AssertionError("calcurse is not installed (setup.sh installs it)")
    d = f"{TMP}/{name}"
    os.makedirs(d)
    env = {**ENV, "TZ": "UTC", "HOME": TMP}
    subprocess.run(["calcurse", "-D", d, "-i", path], env=env, check=True, capture_output=True)
    return subprocess.run(["calcurse", "-D", d, "-Q", "--from", day, "--days", days,
                           "--format-apt", " - %S -> %E %m\\n"],
                          env=env, check=True, capture_output=True, text=True).stdout


@test
def khal_imports_at_the_right_times():
    config = khal_config("khal")
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


def program(name, zone, start, end, sessions, tracks=""):
    path = f"{TMP}/{name}.yaml"
    open(path, "w").write(
        f"sked: 1\nconference: {{id: {name}, title: {name}, timezone: {zone}, "
        f"start: {start}, end: {end}}}\n{tracks}sessions:\n" +
        "".join(f"  - {{id: s{i}, title: '{t}', start: {when}, duration: {d}}}\n"
                for i, (t, when, d) in enumerate(sessions)))
    return path


def export_checked(name, *files):
    """Exports every session of files; checks the form, every VTIMEZONE
    against zoneinfo, and every DTSTART/DTEND instant (read through the
    VTIMEZONE, and by python3-icalendar) against sked's own JSON."""
    path = f"{TMP}/{name}.ics"
    sked("export", "--all", "-o", path, *files)
    raw = open(path, "rb").read()
    check_form(raw)
    cal = icalendar.Calendar.from_ical(raw)
    vtzs = {str(v["TZID"]): v for v in cal.walk("VTIMEZONE")}
    want = sessions_json(*files)
    instants = {}
    for e in cal.walk("VEVENT"):
        sid, cid = str(e["UID"]).split("@")
        s = want[(cid[:-len(".sked")], sid)]
        start = event_instant(e["DTSTART"], vtzs)
        # A zero-length event has no DTEND: it ends at its start (RFC 5545
        # 3.6.1); any other has one.
        assert ("DTEND" in e) == (s["duration"] > 0), (sid, s["duration"])
        end = event_instant(e["DTEND"], vtzs) if "DTEND" in e else start
        assert utc(start) == s["start"][:16], (sid, start, s["start"])
        assert utc(end) == s["end"][:16], (sid, end, s["end"])
        assert end - start == datetime.timedelta(minutes=s["duration"]), sid
        # python3-icalendar agrees (aware datetimes, compared as instants).
        assert utc(e["DTSTART"].dt) == s["start"][:16], (sid, e["DTSTART"].dt)
        if "DTEND" in e:
            assert utc(e["DTEND"].dt) == s["end"][:16], (sid, e["DTEND"].dt)
        for p in ("DTSTART", "DTEND"):
            if p in e and "TZID" in e[p].params:
                instants.setdefault(e[p].params["TZID"], []).append(
                    start if p == "DTSTART" else end)
    for tzid, ts in instants.items():
        check_vtimezone(vtzs[tzid], ts)
    return path, raw, cal


@test
def vtimezones_match_zoneinfo_both_ways():
    # One export, two zones, each over a range with a change each way:
    # New York 2024 (10 March forward, 3 November back) and Lord Howe
    # (half-hour DST: 7 April back, 6 October forward).
    ny1 = program("ny-spring", "America/New_York", "2024-03-09", "2024-03-11", [
        ("Before", "2024-03-09T10:00", 60), ("Across", "2024-03-10T01:30", 60),
        ("After", "2024-03-10T10:00", 30)])
    ny2 = program("ny-autumn", "America/New_York", "2024-11-02", "2024-11-04", [
        ("Before", "2024-11-02T10:00", 60), ("Across", "2024-11-03T00:30", 120),
        ("After", "2024-11-03T10:00", 30)])
    lh1 = program("lh-autumn", "Australia/Lord_Howe", "2024-04-06", "2024-04-08", [
        ("Before", "2024-04-06T10:00", 60), ("Across", "2024-04-07T01:00", 90),
        ("After", "2024-04-07T10:00", 30)])
    lh2 = program("lh-spring", "Australia/Lord_Howe", "2024-10-05", "2024-10-07", [
        ("Before", "2024-10-05T10:00", 60), ("Across", "2024-10-06T01:30", 60),
        ("After", "2024-10-06T10:00", 30)])
    path, raw, cal = export_checked("both-ways", ny1, ny2, lh1, lh2)
    vtzs = {str(v["TZID"]): v for v in cal.walk("VTIMEZONE")}
    assert sorted(vtzs) == ["America/New_York", "Australia/Lord_Howe"], sorted(vtzs)
    for tzid, v in vtzs.items():
        obs = observances(v)
        ups = [o for o in obs if o[2] > o[1]]
        downs = [o for o in obs if o[2] < o[1]]
        assert ups and downs, (tzid, obs)  # both directions, checked above
    # And the first ones: LPC 2023 and the Dublin agenda's zones.
    export_checked("lpc-all", "data/lpc2023.yaml", "data/lpc2022.yaml", "data/lpc2019.yaml")


@test
def fall_back_night_is_exact():
    # New York, 2023-11-05: 01:00-02:00 EDT, then 01:00-02:00 EST. A session
    # at 01:00 (the first, EDT) for 60 minutes ends at 01:00 EST.
    fb = program("fb", "America/New_York", "2023-11-04", "2023-11-05", [
        ("One hour from one", "2023-11-05T01:00", 60),
        ("Ninety minutes from half past midnight", "2023-11-05T00:30", 90),
        ("Half an hour from two", "2023-11-05T02:00", 30)],
        tracks="tracks: [{id: t, name: 'Tracing, BPF; eBPF'}]\n")
    with open(fb, "a") as f:
        f.write("  - {id: cat, title: Cat, start: 2023-11-04T10:00, duration: 10, track: t}\n")
    r = sked("check", fb)
    assert b"01:00 occurs twice in America/New_York" in r.stderr, r.stderr
    path, raw, cal = export_checked("fb", fb)
    ev = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert utc(ev["s0@fb.sked"]["DTSTART"].dt) == "2023-11-05T05:00"
    assert utc(ev["s0@fb.sked"]["DTEND"].dt) == "2023-11-05T06:00"
    assert utc(ev["s1@fb.sked"]["DTEND"].dt) == "2023-11-05T06:00"
    # The track is one category, its comma and semicolon escaped.
    cats = [l for l in content_lines(raw) if l.startswith("CATEGORIES")]
    assert cats == ["CATEGORIES:Tracing\\, BPF\\; eBPF"], cats
    assert text_list(cats[0].split(":", 1)[1]) == ["Tracing, BPF; eBPF"]
    out = calcurse_list("calcurse-fb", path, "11/05/2023", "1")
    for line in (" - 04:30 -> 06:00 Ninety minutes from half past midnight",
                 " - 05:00 -> 06:00 One hour from one",
                 " - 07:00 -> 07:30 Half an hour from two"):
        assert line in out, out
    lines = khal_list(khal_config("khal-fb"), path, "2023-11-05", "1d")
    assert lines == ["2023-11-05 04:30-06:00 Ninety minutes from half past midnight",
                     "2023-11-05 05:00-06:00 One hour from one",
                     "2023-11-05 07:00-07:30 Half an hour from two"], lines


@test
def url_injection_is_refused():
    # A URL with line breaks would have made ATTENDEE and VALARM lines.
    r = sked("check", "tests/bad/url-injection.yaml", check=False)
    assert r.returncode == 65, r.returncode
    assert b"url-injection.yaml:11:10: sessions[0].url: expected a URL" in r.stderr, r.stderr
    path = f"{TMP}/inj.ics"
    r = sked("export", "--all", "-o", path, "tests/bad/url-injection.yaml", check=False)
    assert r.returncode == 65 and not os.path.exists(path), r.returncode


@test
def every_length_folds_cleanly():
    # Titles of 40 to 200 octets, ASCII and ending in a 2-, 3- or 4-byte
    # character: some SUMMARY lines end on the 75-octet boundary, where
    # libical 3.0.16 folded between CR and LF.
    ends = ["", "é", "€", "😀"]
    sessions = [("x" * (n - len(e.encode())) + e, f"2024-01-01T{10 + i % 10:02d}:{i % 60:02d}", 5)
                for i, (n, e) in enumerate((n, e) for n in range(40, 201) for e in ends)]
    p = program("lengths", "UTC", "2024-01-01", "2024-01-01", sessions)
    path, raw, cal = export_checked("lengths", p)
    titles = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert titles == sorted(t for t, _, _ in sessions)
    # (The LPC 2022 and 2019 programs have no times: nothing to export.)
    sked("export", "--all", "--alarm", "5", "-o", f"{TMP}/one.ics", "data/lpc2023.yaml")
    check_form(open(f"{TMP}/one.ics", "rb").read())


# Imported programs, one of each format sked reads (all their sessions),
# exported whole and read back by calcurse and khal (TZ=UTC): every event
# at sked's instants. About 10 s, most of it khal importing 36C3's 498.
IMPORTED = ["tests/data/samples/frab-xml/36c3-stages.xml",
            "tests/data/samples/frab-json/pretalx-rc3.json",
            "tests/data/samples/ical/jres-2022.ics",
            "tests/data/indico/lpc2023-timetable.json"]


def utc_day(t):
    return t.astimezone(datetime.timezone.utc).date()


def calcurse_events(name, path, first, last):
    """(start, end, title) of every appointment calcurse imports from
    path, in UTC: day by day, each counted on the day it starts (calcurse
    lists one running past midnight on both days)."""
    if not shutil.which("calcurse"):
        raise AssertionError("calcurse is not installed (setup.sh installs it)")
    d = f"{TMP}/{name}"
    os.makedirs(d)
    env = {**ENV, "TZ": "UTC", "HOME": TMP}
    r = subprocess.run(["calcurse", "-D", d, "-i", path], env=env, check=True,
                       capture_output=True, text=True)
    assert re.search(r"/ 0 skipped", r.stdout), r.stdout + r.stderr
    out, day = [], first
    while day <= last:
        midnight = datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)
        q = subprocess.run(["calcurse", "-D", d, "-Q", "--from", day.strftime("%m/%d/%Y"),
                            "--days", "1", "--format-apt", " - %s %e %m\\n"],
                           env=env, check=True, capture_output=True, text=True).stdout
        for line in q.split("\n"):
            if line.startswith(" - "):
                s, e, title = line[3:].split(" ", 2)
                if int(s) >= midnight.timestamp():
                    out.append((int(s), int(e), title))
        day += datetime.timedelta(days=1)
    return sorted(out)


def khal_events(name, path, first, last):
    """(start, end, title) of every event khal imports from path, in UTC,
    each once (list --once)."""
    config = khal_config(name)
    env = {**ENV, "HOME": TMP}
    subprocess.run(["khal", "-c", config, "import", "--batch", "-a", "sked", path],
                   env=env, check=True, capture_output=True)
    days = (last - first).days + 1
    q = subprocess.run(["khal", "-c", config, "list", "--once", "--format",
                        "{start}|{end}|{title}", first.isoformat(), f"{days}d"],
                       env=env, check=True, capture_output=True, text=True).stdout
    out = []
    for line in q.split("\n"):
        if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d\|", line):
            s, e, title = line.split("|", 2)
            out.append(tuple(int(datetime.datetime.strptime(t, "%Y-%m-%d %H:%M").replace(
                tzinfo=datetime.timezone.utc).timestamp()) for t in (s, e)) + (title,))
    return sorted(out)


def diff(want, got):
    """The first differences of two lists of (start, end, title): what a
    calendar program lacks, and what it has that sked did not export."""
    def show(t):
        return (datetime.datetime.fromtimestamp(t[0], datetime.timezone.utc).isoformat(),
                datetime.datetime.fromtimestamp(t[1], datetime.timezone.utc).isoformat(), t[2])
    w, g = collections.Counter(want), collections.Counter(got)
    return {"missing": [show(t) for t in w - g][:10], "extra": [show(t) for t in g - w][:10]}


@test
def imported_programs_import_exactly_into_calcurse_and_khal():
    def ts(text):
        return int(datetime.datetime.fromisoformat(text).timestamp())
    for f in IMPORTED:
        name = os.path.splitext(os.path.basename(f))[0]
        path, raw, cal = export_checked(f"imported-{name}", f)
        want = [s for s in sessions_json(f).values() if s["start"]]
        assert len(cal.walk("VEVENT")) == len(want), (f, len(want))
        # Zero-length sessions (36C3 has one, JRES one) have no DTEND
        # (RFC 5545 3.6.1: they end at their start): calcurse takes them
        # exactly; khal makes such an event an hour long, so it sees the
        # calendar without them.
        events = sorted((ts(s["start"]), ts(s["end"]), s["title"]) for s in want)
        first = utc_day(datetime.datetime.fromtimestamp(events[0][0], datetime.timezone.utc))
        last = utc_day(datetime.datetime.fromtimestamp(max(e for _, e, _ in events),
                                                       datetime.timezone.utc))
        got = calcurse_events(f"calcurse-{name}", path, first, last)
        assert got == events, (f, "calcurse", diff(events, got))
        zero = sorted(s["id"] for s in want if s["start"] == s["end"])
        body = raw.split(b"BEGIN:VEVENT")
        kept = [body[0]] + [v for v in body[1:]
                            if not any(f"\r\nUID:{i}@".encode() in v for i in zero)]
        assert len(kept) == len(body) - len(zero), (f, zero)
        nonzero = f"{TMP}/imported-{name}-nonzero.ics"
        open(nonzero, "wb").write(b"BEGIN:VEVENT".join(kept))
        nz_events = sorted((ts(s["start"]), ts(s["end"]), s["title"])
                           for s in want if s["id"] not in zero)
        got = khal_events(f"khal-{name}", nonzero, first, last)
        assert got == nz_events, (f, "khal", diff(nz_events, got))
        print(f"     {f}: {len(events)} events at sked's instants in calcurse and khal"
              f" (zero-length, left out of khal only: {', '.join(zero) or 'none'})")


def read_back(path, *files, only=None, zones=1):
    """sked reads its own export back without a warning (a calendar of
    several zones names none for the conference: that one only), every
    session (or those of the UIDs only) at the instants of the programs it
    came from."""
    r = sked("check", path)
    said = [l for l in r.stderr.decode().splitlines() if "warning" in l]
    if zones > 1:
        said = [l for l in said if "the file names no time zone" not in l]
    assert not said, (path, said)
    want = {f"{s['id']}@{s['conference']}.sked": (s["start"], s["end"])
            for s in sessions_json(*files).values() if s["start"]}
    if only is not None:
        want = {k: v for k, v in want.items() if k in only}
    out = sked("list", "--format", "json", "--tz", "UTC", path).stdout.decode()
    got = {s["guid"]: (s["start"], s["end"])
           for s in map(json.loads, filter(None, out.split("\n")))}
    assert got == want, (path, [(k, want.get(k), got.get(k)) for k in sorted(
        set(want) | set(got)) if want.get(k) != got.get(k)][:10])


@test
def exports_read_back_without_warnings():
    # The VTIMEZONE holds only the changes in force over the events (RFC
    # 5545 asks no more); sked compared it with the zone over the whole
    # year of its first time and warned that its own export's zone was
    # not America/New_York. LPC 2023 (after New York's change), an agenda
    # of it and the whole of it; Berlin on each side of a change, and
    # across the last Sunday of October 2023 (a session over the night).
    sked("unstar", "data/lpc2023.yaml", "215", "66", "225", check=False)
    sked("star", "data/lpc2023.yaml", "215")
    agenda = f"{TMP}/back-agenda.ics"
    sked("export", "-o", agenda, "data/lpc2023.yaml")
    sked("unstar", "data/lpc2023.yaml", "215")
    read_back(agenda, "data/lpc2023.yaml", only={"215@lpc2023.sked"})
    lpc = f"{TMP}/back-lpc.ics"
    sked("export", "--all", "-o", lpc, "data/lpc2023.yaml")
    read_back(lpc, "data/lpc2023.yaml")
    spring = program("ber-spring", "Europe/Berlin", "2023-03-20", "2023-03-22", [
        ("Monday", "2023-03-20T10:00", 60), ("Wednesday", "2023-03-22T17:00", 30)])
    autumn = program("ber-autumn", "Europe/Berlin", "2023-11-06", "2023-11-08", [
        ("Monday", "2023-11-06T10:00", 60), ("Wednesday", "2023-11-08T17:00", 30)])
    across = program("ber-across", "Europe/Berlin", "2023-10-27", "2023-10-30", [
        ("Friday", "2023-10-27T10:00", 60), ("Over the night", "2023-10-28T23:00", 300),
        ("After the change", "2023-10-29T10:00", 30), ("Monday", "2023-10-30T09:00", 45)])
    for name, prog in (("spring", spring), ("autumn", autumn), ("across", across)):
        path = f"{TMP}/back-{name}.ics"
        sked("export", "--all", "-o", path, prog)
        read_back(path, prog)
    # Several programs and zones in one calendar, and imported ones.
    both = f"{TMP}/back-both.ics"
    sked("export", "--all", "-o", both, across, autumn, "data/lpc2023.yaml")
    read_back(both, across, autumn, "data/lpc2023.yaml", zones=2)
    for i, f in enumerate(IMPORTED):
        path = f"{TMP}/back-imported-{i}.ics"
        sked("export", "--all", "-o", path, f)
        read_back(path, f)


shutil.rmtree(TMP, ignore_errors=True)
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
