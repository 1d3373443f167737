#!/usr/bin/python3
"""Every import checked against an independent reading of its source.

For each published sample (tests/data/samples: frab XML, c3voc JSON,
iCalendar) and tests/data/indico/*.json, tests/data/ical/*.ics, this
script reads the file itself, with Python's xml.etree, json and
python3-icalendar, and zoneinfo for the zones, and computes every event's
start and end instant, title, speakers and the day the feed lists it
under; then it compares them with `sked list --format json FILE`, session
by session (matched by the id rules of sked(5), "IMPORTED SCHEDULES", else
by title and start): nothing missing, nothing extra, every value equal.
Not against recorded output: a mismatch prints the session and both
values. Then the 36C3 XML and JSON, the same program, must import to the
same sessions, and LPC 2023 from Indico (timetable JSON and event.ics)
must agree with data/lpc2023.yaml on ids, instants, titles, speakers and
track names.

usage: import_check.py SKED SRCDIR [FILE...]   (FILEs: check only those,
each read by the reader its suffix names; for showing that a modified
sample fails)"""
import collections
import datetime
import glob
import html
import json
import os
import re
import difflib
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import yaml

SKED, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(SRC)
UTC = datetime.timezone.utc
ENV = {**os.environ, "XDG_DATA_HOME": "/nonexistent", "TZ": "UTC"}
results = {"passed": 0, "failed": 0}


class Mismatch(Exception):
    pass


def check(name, fn, *args):
    """Runs fn(*args), which returns a summary or raises Mismatch (listing
    every difference it found) or AssertionError."""
    try:
        summary = fn(*args)
        results["passed"] += 1
        print(f"ok   {name}: {summary}")
    except (Mismatch, AssertionError) as e:
        results["failed"] += 1
        print(f"FAIL {name}: {e}")
    except Exception as e:  # a file this script cannot read: a failure too
        results["failed"] += 1
        print(f"FAIL {name}: {e!r}")


def sked_list(path, *opts):
    r = subprocess.run([SKED, "list", "--format", "json", *opts, path],
                       capture_output=True, env=ENV)
    if r.returncode != 0:
        raise Mismatch(f"sked list {path}: exit {r.returncode}: {r.stderr.decode()[:2000]}")
    return json_lines(r.stdout)


def json_lines(out):
    """JSON Lines, split at LF only: str.splitlines() would also split at
    U+2028 and other line separators, which JSON strings may hold raw."""
    return [json.loads(l) for l in out.decode().split("\n") if l]


# ---- the feed's events, read here ----

class Event:
    """One event as the feed says it: fid the feed's own id (None: none),
    guid, start and end as aware datetimes (None: unscheduled), day the
    conference day it is listed under ("YYYY-MM-DD"), speakers (None: not
    checked), where: how to find it in the file."""

    def __init__(self, fid, title, start, end, day, speakers, where, guid=None,
                 links=None):
        self.fid, self.title, self.start, self.end = fid, title, start, end
        self.day, self.speakers, self.where = day, speakers, where
        self.guid = guid
        self.links = links  # the URLs of links and attachments (None: not checked)


def text(s):
    """A text as sked keeps it from the feeds: without the blanks around it
    (frab titles often end in a space, two of JRES 2022's in a no-break
    space): ASCII's and Unicode's spaces (category Zs)."""
    return (s or "").strip(" \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2004"
                           "\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
                           "\u205f\u3000\u1680")


def zone(name):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def minutes(hm):
    """frab's durations, "HH:MM" or "HH:MM:SS", in minutes; any other form
    (none in the samples) is refused here rather than guessed."""
    parts = [int(p) for p in hm.split(":")]
    if len(parts) == 2:
        return parts[0] * 60 + parts[1]
    if len(parts) == 3:
        return parts[0] * 60 + parts[1] + parts[2] / 60
    raise AssertionError(f"duration {hm!r}")


URI_CHARS = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                b"-._~:/?#[]@!$&'()*+,;=")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def link_url(href, base):
    """A link as sked(5) "URLS" says a feed's is taken, worked out here with
    urllib's RFC 3986 resolution: a relative reference against the feed's
    base_url, "www." as https://, only http, https and mailto, what a URI
    cannot hold percent-encoded; None: dropped."""
    if not href:
        return None
    if not SCHEME.match(href):
        if href.lower().startswith("www."):
            href = "https://" + href
        elif base:
            href = urllib.parse.urljoin(base, href)
        else:
            return None
    if href.split(":", 1)[0].lower() not in ("http", "https", "mailto"):
        return None
    raw = href.encode()
    out = []
    for i, c in enumerate(raw):
        if c in URI_CHARS or (c == ord("%") and re.fullmatch(
                rb"%[0-9A-Fa-f]{2}", raw[i:i + 3])):
            out.append(chr(c))
        else:
            out.append(f"%{c:02X}")
    return "".join(out)


def frab_links(items, base, key):
    """XML attributes lose the blanks around them, as text does."""
    urls = (link_url(text(i.get(key)) if key == "href" else i.get(key), base)
            for i in items)
    return [u for u in urls if u is not None]


def instant(text):
    return datetime.datetime.fromisoformat(text)


def local_date(dt, tz):
    """The date of an aware datetime in tz (as written when tz is None)."""
    return (dt.astimezone(tz) if tz else dt).date()


def wall(date, hm, tz, fallback_offset):
    """The instant of a wall time on a date, in tz; without a zone, in the
    offset the feed writes its instants in (None: UTC, sked(5) "zone")."""
    h, m = (int(x) for x in hm.split(":")[:2])
    naive = datetime.datetime(date.year, date.month, date.day, h, m)
    if tz:
        return naive.replace(tzinfo=tz)
    return naive.replace(tzinfo=fallback_offset or UTC)


def frab_start(date_text, start_text, listed, day_end, tz, where):
    """A frab event's start: the <date> instant when given, else <start> on
    the day's date (on the next date when before the end of a day that ends
    on the next date: after midnight, still listed under its day). Where
    both are given they must agree, in the conference zone (DebConf: <date>
    in UTC, <start> local) or as <date> is written (democon names UTC and
    writes +01:00: the instant wins, as sked(5) says)."""
    at = instant(date_text) if date_text else None
    local = None
    if start_text:
        offset = at.tzinfo if at else (day_end.tzinfo if day_end else None)
        local = wall(listed, start_text, tz, offset)
        if day_end is not None:
            end_local = day_end.astimezone(tz) if tz else day_end
            if end_local.date() == listed + datetime.timedelta(days=1) and \
                    (local.hour, local.minute) < (end_local.hour, end_local.minute):
                local = wall(listed + datetime.timedelta(days=1), start_text, tz, offset)
    if at and local:
        as_written = wall(local.date(), start_text, None, at.tzinfo)
        assert at == local or at == as_written, \
            f"{where}: the feed's <date> {date_text} and <start> {start_text} on {listed} disagree"
    return at or local


def read_frab_xml(path):
    root = ET.parse(path).getroot()
    conf = root.find("conference")
    tz = zone(conf.findtext("time_zone_name"))
    base = conf.findtext("base_url")
    events = []
    for day in root.iter("day"):
        # The day's date: that of its start in the conference's zone when
        # it gives one, since wafer (DebConf) writes the date of its start
        # in UTC (2023-09-09 for a day starting 03:00 on the 10th in
        # Kolkata); else its date attribute.
        d_start = day.get("start")
        listed = local_date(instant(d_start), tz) if d_start else \
            datetime.date.fromisoformat(day.get("date"))
        d_end = instant(day.get("end")) if day.get("end") else None
        for room in day.iter("room"):
            for ev in room.iter("event"):
                where = f"<event id={ev.get('id')!r}> ({ev.findtext('title')!r})"
                start = frab_start(ev.findtext("date"), ev.findtext("start"),
                                   listed, d_end, tz, where)
                end = start + datetime.timedelta(minutes=minutes(ev.findtext("duration")))
                speakers = [text(p.text) for p in ev.findall("persons/person")]
                events.append(Event(ev.get("id"), text(ev.findtext("title")), start, end,
                                    listed.isoformat(), speakers, where,
                                    guid=ev.get("guid"),
                                    links=frab_links(ev.findall("links/link") +
                                                     ev.findall("attachments/attachment"),
                                                     base, "href")))
    return events


def read_frab_json(path):
    sch = json.load(open(path, encoding="utf-8"))["schedule"]
    conf = sch["conference"]
    tz = zone(conf.get("time_zone_name"))
    events = []
    if "events" in sch:  # schema 2: instants, each in the day that holds it
        days = [(instant(d["start"]), instant(d["end"]), d["date"]) for d in conf["days"]]
        for ev in sch["events"]:
            start, end = instant(ev["start"]), instant(ev["end"])
            day = next((d for s, e, d in days if s <= start < e), None)
            people = ev.get("participants") or []
            speakers = [text(p["name"]) for p in people
                        if p.get("role", "SPEAKER") == "SPEAKER"]
            fid = ev.get("code") or ev.get("id")
            events.append(Event(str(fid) if fid is not None else None, text(ev["title"]),
                                start, end, day, speakers,
                                f"event {fid!r} ({ev['title']!r})", guid=ev.get("guid")))
        return events
    for day in conf["days"]:
        d_start = day.get("day_start")
        listed = local_date(instant(d_start), tz) if d_start else \
            datetime.date.fromisoformat(day["date"])
        d_end = instant(day["day_end"]) if day.get("day_end") else None
        for evs in day["rooms"].values():
            for ev in evs:
                where = f"event {ev.get('id')!r} ({ev.get('title')!r})"
                start = frab_start(ev.get("date"), ev.get("start"), listed, d_end, tz,
                                   where)
                end = start + datetime.timedelta(minutes=minutes(ev["duration"]))
                speakers = [text(p.get("public_name") or p.get("name"))
                            for p in ev.get("persons") or []]
                fid = ev.get("id")
                links = frab_links((ev.get("links") or []) + (ev.get("attachments") or []),
                                   sch.get("base_url"), "url")
                events.append(Event(str(fid) if fid is not None else None,
                                    text(ev["title"]), start, end, listed.isoformat(),
                                    speakers, where, guid=ev.get("guid"), links=links))
    return events


def indico_when(d):
    date = datetime.date.fromisoformat(d["date"])
    h, m, s = (int(x) for x in d["time"].split(":"))
    return datetime.datetime(date.year, date.month, date.day, h, m, s,
                             tzinfo=zoneinfo.ZoneInfo(d["tz"]))


def read_indico(path):
    """Indico's timetable export: contributions (in session blocks or
    alone), breaks, and blocks without contributions, each listed under a
    day key YYYYMMDD. Also returns each contribution's track name (its
    block's title)."""
    res = json.load(open(path, encoding="utf-8"))["results"]
    events, tracks = [], {}
    for _, days in res.items():
        for key, entries in days.items():
            day = f"{key[:4]}-{key[4:6]}-{key[6:]}"

            def add(k, e, block):
                kind = e["entryType"]
                fid = str(e["contributionId"]) if kind == "Contribution" else k
                speakers = [" ".join(x for x in (p.get("firstName"), p.get("familyName")) if x)
                            or p.get("name", "") for p in e.get("presenters") or []] \
                    if kind == "Contribution" else None
                events.append(Event(fid, text(e["title"]), indico_when(e["startDate"]),
                                    indico_when(e["endDate"]), day, speakers,
                                    f"{day} {k} ({e['title']!r})"))
                if block is not None:
                    tracks[fid] = block
            for k, e in entries.items():
                if e["entryType"] == "Session" and e.get("entries"):
                    for k2, c in e["entries"].items():
                        add(k2, c, e["title"])
                else:
                    add(k, e, None)
    return events, tracks


INDICO_UID = re.compile(r"indico-contribution-(\d+)@")
SPEAKERS_LINE = re.compile(r"(?:Speakers?|von):[ \t]*([^\n]*)")


def ics_speakers(ev):
    """Indico's "Speakers: Name (Affiliation), Name" first line (and
    kielux's "von:"), else the ATTENDEEs' CN, else the ORGANIZER's."""
    desc = str(ev.get("DESCRIPTION", "")).replace("\r", "")
    m = SPEAKERS_LINE.match(desc)
    if m:
        return [re.sub(r"\s*\([^()]*\)$", "", n).strip() for n in m.group(1).split(", ")]
    att = ev.get("ATTENDEE")
    att = att if isinstance(att, list) else [att] if att is not None else []
    names = [a.params["CN"] for a in att if "CN" in a.params]
    if names:
        return names
    org = ev.get("ORGANIZER")
    return [org.params["CN"]] if org is not None and "CN" in org.params else []


def read_ics(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    vevents = cal.walk("VEVENT")
    vtzs = {str(v["TZID"]) for v in cal.walk("VTIMEZONE")}
    tzids = {e[p].params["TZID"] for e in vevents for p in ("DTSTART", "DTEND")
             if p in e and "TZID" in e[p].params}
    # The conference's zone (sked(5), iCalendar): X-WR-TIMEZONE, else the
    # one zone every TZID names, else none: UTC.
    cz = zone(str(cal.get("X-WR-TIMEZONE", ""))) or \
        (zone(next(iter(tzids))) if len(tzids) == 1 else None) or UTC

    def when(prop):
        dt = prop.dt
        if not isinstance(dt, datetime.datetime):
            return None  # an all-day event: unscheduled
        tzid = prop.params.get("TZID")
        if tzid and tzid not in vtzs:
            # No VTIMEZONE: the IANA zone of that name, read here with
            # zoneinfo (python3-icalendar would use pytz).
            return dt.replace(tzinfo=None).replace(tzinfo=zoneinfo.ZoneInfo(tzid))
        if dt.tzinfo is None:  # floating: the conference's zone
            return dt.replace(tzinfo=cz)
        return dt
    # sked's own export: UIDs ID@CONFERENCE.sked give the ids back (those
    # of the first such UID's conference).
    sked_export = str(cal.get("PRODID", "")).startswith("-//sked//")
    sked_conf = None
    events = []
    for ev in vevents:
        assert "RRULE" not in ev, f"{path}: an RRULE: this checker does not expand them yet"
        uid = str(ev.get("UID", "")) or None
        m = INDICO_UID.match(uid or "")
        fid = m.group(1) if m else uid
        sk = re.fullmatch(r"(.+)@(.+)\.sked", uid or "") if sked_export else None
        if sk:
            sked_conf = sked_conf or sk.group(2)
            if sk.group(2) == sked_conf:
                fid = sk.group(1)
        title = text(html.unescape(str(ev.get("SUMMARY", ""))))
        if m:  # Indico: a " [label]" after the title is a tag
            title = re.sub(r" \[[^\]]*\]$", "", title)
        start = when(ev["DTSTART"])
        if start is None:
            end = None
        elif "DTEND" in ev:
            end = when(ev["DTEND"])
        elif "DURATION" in ev:
            end = start + ev["DURATION"].dt
        else:
            end = start  # zero-length
        day = start.astimezone(cz).date().isoformat() if start else None
        events.append(Event(fid, title, start, end, day, ics_speakers(ev),
                            f"UID {uid!r} ({title!r})", guid=uid))
    return events


# ---- sked's sessions against the feed's events ----

ID_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def expected_ids(events):
    """The ids sked(5) gives: the feed's id when no other event has it; a
    repeated one the event's guid when no other event has that, else "-"
    and the start in UTC (YYYYMMDDTHHMMZ); none: the guid; characters an id
    may not hold become "_". None where the rules go on to hashes or room
    ids: matched by title and start instead."""
    count = collections.Counter(e.fid for e in events)
    guids = collections.Counter(e.guid for e in events if e.guid)
    ids = []
    for e in events:
        i = e.fid if e.fid is not None else e.guid
        if i is None:
            ids.append(None)
            continue
        if e.fid is not None and count[e.fid] > 1 and e.guid and guids[e.guid] == 1:
            i = ID_CHARS.sub("_", e.guid)
        elif e.fid is not None and count[e.fid] > 1:
            i = ID_CHARS.sub("_", i)
            i = f"{i}-{e.start.astimezone(UTC):%Y%m%dT%H%MZ}" if e.start else None
        else:
            i = ID_CHARS.sub("_", i)
        ids.append(i if i is not None and len(i) <= 64 else None)
    taken = collections.Counter(ids)
    return [i if i is None or taken[i] == 1 else None for i in ids]


def iso_utc(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def compare(events, sessions, label):
    """Matches each event with its session and compares them; raises
    Mismatch listing every difference."""
    problems = []
    by_id = {s["id"]: s for s in sessions}
    assert len(by_id) == len(sessions), f"{label}: sked gave a session id twice"
    unmatched = []
    pairs = []
    for e, i in zip(events, expected_ids(events)):
        if i is not None and i in by_id:
            pairs.append((e, by_id.pop(i)))
        elif i is not None:
            problems.append(f"missing: {e.where}: no session with id {i!r}")
        else:
            unmatched.append(e)
    for e in unmatched:
        s = next((s for s in by_id.values() if s["title"] == e.title and
                  s["start"] and e.start and instant(s["start"]) == e.start), None)
        if s is None:
            problems.append(f"missing: {e.where}: no session titled {e.title!r} "
                            f"at {iso_utc(e.start)}")
        else:
            pairs.append((e, by_id.pop(s["id"])))
    for s in by_id.values():
        problems.append(f"extra: session {s['id']!r} ({s['title']!r}, {s['start']}) "
                        "is in no event of the feed")
    after_midnight = zero = 0
    for e, s in pairs:
        got_start = instant(s["start"]) if s["start"] else None
        got_end = instant(s["end"]) if s["end"] else None
        want = {"title": e.title, "start": iso_utc(e.start), "end": iso_utc(e.end),
                "day": e.day}
        got = {"title": s["title"], "start": iso_utc(got_start), "end": iso_utc(got_end),
               "day": s["day"]}
        if e.speakers is not None:
            want["speakers"], got["speakers"] = e.speakers, s["speakers"]
        if e.links is not None:
            want["links"] = sorted(e.links)
            got["links"] = sorted(l["url"] for l in s.get("links", []))
        if e.start and e.end:
            want["duration"] = round((e.end - e.start).total_seconds() / 60)
            got["duration"] = s["duration"]
        for k in want:
            if want[k] != got[k]:
                problems.append(f"session {s['id']!r} ({e.where}): {k}: "
                                f"feed {want[k]!r}, sked {got[k]!r}")
        if e.start and e.day and local_date(got_start, None).isoformat() != e.day:
            after_midnight += 1
        zero += e.start is not None and e.start == e.end
    if problems:
        raise Mismatch(f"{len(problems)} differences:\n  " + "\n  ".join(problems))
    return (f"{len(pairs)} sessions equal ({after_midnight} listed under the day "
            f"before their date, {zero} zero-length)")


READERS = {".xml": read_frab_xml, ".ics": read_ics}


def reader_for(path):
    if path.endswith(".json"):
        head = open(path, encoding="utf-8").read(4096)
        return (lambda p: read_indico(p)[0]) if '"results"' in head else read_frab_json
    return READERS[os.path.splitext(path)[1]]


def check_file(path):
    return compare(reader_for(path)(path), sked_list(path), path)


# ---- the same program from two formats ----

SAME = ("id", "title", "day", "start", "end", "duration", "track", "room", "type",
        "speakers", "authors", "guid", "url", "language", "subtitle", "do_not_record",
        "speaker_details", "abstract", "description", "links", "feedback_url")


def same_program(a_path, b_path):
    """The 36C3 schedule.xml and schedule.json of one program: the same
    sessions, field by field (ids, instants, titles, rooms, speakers and
    the rest that both formats carry)."""
    a = {s["id"]: s for s in sked_list(a_path)}
    b = {s["id"]: s for s in sked_list(b_path)}
    problems = [f"only in {a_path}: {i} ({a[i]['title']!r})" for i in sorted(a.keys() - b.keys())]
    problems += [f"only in {b_path}: {i} ({b[i]['title']!r})" for i in sorted(b.keys() - a.keys())]
    for i in sorted(a.keys() & b.keys()):
        for k in SAME:
            if a[i].get(k) != b[i].get(k):
                problems.append(f"session {i} {k}: xml {a[i].get(k)!r}, json {b[i].get(k)!r}")
    # The whole program too, as sked convert writes it: the conference
    # (its url from base_url in both), tracks and rooms.
    conv = []
    for path in (a_path, b_path):
        r = subprocess.run([SKED, "convert", path], capture_output=True, env=ENV)
        if r.returncode != 0:
            raise Mismatch(f"sked convert {path}: exit {r.returncode}: {r.stderr.decode()[:2000]}")
        conv.append(r.stdout.decode().splitlines())
    diff = list(difflib.unified_diff(conv[0], conv[1], a_path, b_path, lineterm="", n=1))
    if diff:
        problems.append("sked convert differs:\n    " + "\n    ".join(diff[:40]))
    if problems:
        raise Mismatch(f"{len(problems)} differences:\n  " + "\n  ".join(problems))
    return f"{len(a)} sessions alike in {len(SAME)} fields, and the whole converted program"


# ---- LPC 2023 from Indico and from data/lpc2023.yaml ----

def lpc_agrees(path, yaml_sessions, track_names=None):
    """The sessions an Indico import of LPC 2023 shares with
    data/lpc2023.yaml (every contribution: the export was made from it)
    have the same id, instants, title and speakers; with track_names (the
    feed's block titles), the same track name too: every track of the YAML
    file, asked for by name (sked list --track NAME), holds the same of
    these sessions in both."""
    imported = sked_list(path)
    contributions = [s for s in imported if s["id"].isdigit()]
    assert contributions, f"{path}: no contribution imported"
    problems = []
    for s in contributions:
        y = yaml_sessions.get(s["id"])
        if y is None:
            problems.append(f"session {s['id']} ({s['title']!r}) is not in data/lpc2023.yaml")
            continue
        for k in ("title", "start", "end", "duration", "speakers"):
            a = instant(s[k]) if k in ("start", "end") else s[k]
            b = instant(y[k]) if k in ("start", "end") else y[k]
            if a != b:
                problems.append(f"session {s['id']} {k}: yaml {y[k]!r}, {path} {s[k]!r}")
    if track_names is not None:
        doc = yaml.safe_load(open("data/lpc2023.yaml", encoding="utf-8"))
        ids = {s["id"] for s in contributions}
        named = set()
        for t in doc["tracks"]:
            in_yaml = {i for i in ids if yaml_sessions[i]["track"] == t["id"]}
            feed = {i for i in ids if track_names.get(i) == t["name"]}
            if in_yaml != feed:
                problems.append(f"track {t['name']!r}: yaml {sorted(in_yaml)}, "
                                f"the feed's blocks {sorted(feed)}")
            if not in_yaml:
                continue
            named |= in_yaml
            r = subprocess.run([SKED, "list", "--format", "json", "--track", t["name"], path],
                               capture_output=True, env=ENV)
            got = {s["id"] for s in json_lines(r.stdout)} & ids
            if got != in_yaml:
                problems.append(f"track {t['name']!r}: yaml {sorted(in_yaml)}, "
                                f"sked list --track {sorted(got)}")
        if named != ids:
            problems.append(f"sessions in no track of the YAML file: {sorted(ids - named)}")
    if problems:
        raise Mismatch(f"{len(problems)} differences:\n  " + "\n  ".join(problems))
    return (f"{len(contributions)} sessions agree with data/lpc2023.yaml"
            + (" (track names too)" if track_names is not None else ""))


if len(sys.argv) > 3:  # the files named: each against its own reading
    for f in sys.argv[3:]:
        check(f, check_file, f)
else:
    files = sorted(glob.glob("tests/data/samples/frab-xml/*.xml") +
                   glob.glob("tests/data/*.xml") +
                   glob.glob("tests/data/samples/frab-json/*.json") +
                   glob.glob("tests/data/samples/ical/*.ics") +
                   glob.glob("tests/data/indico/*.json") +
                   glob.glob("tests/data/ical/*.ics"))
    assert len(files) >= 13, files
    for f in files:
        check(f, check_file, f)
    check("36C3 XML = JSON", same_program, "tests/data/samples/frab-xml/36c3-stages.xml",
          "tests/data/samples/frab-json/36c3-stages.json")
    lpc = {s["id"]: s for s in sked_list("data/lpc2023.yaml")}
    tl = "tests/data/indico/lpc2023-timetable.json"
    check("LPC 2023 Indico JSON = YAML", lpc_agrees, tl, lpc, read_indico(tl)[1])
    check("LPC 2023 Indico ics = YAML", lpc_agrees, "tests/data/ical/indico-lpc2023.ics", lpc)

print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
