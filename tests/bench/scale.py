#!/usr/bin/env python3
"""Writes a copy of a published schedule N times its size, for the import
benchmark (import_bench.sh): the feed's events N times over, copy k with
new ids, guids and UIDs and its days shifted, so that the result is still
a valid feed of the same format that `sked check` accepts.

Copy k (0 is the original) moves (k mod B) x SPAN days later, SPAN being
the days the feed covers and B as many blocks of SPAN days as fit in a
program's 31 days; copies that find no free block (k >= B: a long feed)
keep their days but get rooms of their own ("Room 2", "Room 3"), so no
two copies ever share a room at the same time. Ids: numeric ones gain
k x 10^digits, others a "-k" suffix; guids become a name-based UUID of the
original and k; everything else (text, people) is copied as it is.

Formats, told from the content like sked does: frab/Pentabarf XML, c3voc
schedule.json (schema 1: days, rooms, events), iCalendar.

usage: scale.py N IN OUT"""
import copy
import datetime as dt
import json
import re
import sys
import uuid
import xml.etree.ElementTree as ET

MAX_DAYS = 31  # PROGRAM_MAX_DAYS (include/sked/program.h)


def plan(n, span):
    """(day shift, room suffix) of each of the n copies."""
    blocks = max(1, MAX_DAYS // span)
    return [((k % blocks) * span, f" {k // blocks + 1}" if k >= blocks else "")
            for k in range(n)]


def shift_iso(s, days):
    """An ISO date or date-time string ("2019-12-27", "2019-12-27T11:00:00
    +01:00") with its date days later; the rest as it was."""
    if not s or days == 0:
        return s
    d = dt.date.fromisoformat(s[:10]) + dt.timedelta(days=days)
    return d.isoformat() + s[10:]


def new_id(old, k, width):
    if k == 0:
        return old
    if re.fullmatch(r"[0-9]+", str(old)):
        v = int(old) + k * 10 ** width
        return v if isinstance(old, int) else str(v)
    return f"{old}-{k}"


def new_guid(old, k):
    return old if k == 0 or not old else str(uuid.uuid5(uuid.NAMESPACE_URL, f"{old}/{k}"))


def span_of(dates):
    """The days from the first of dates to the last, inclusive."""
    dates = sorted(dates)
    return (dates[-1] - dates[0]).days + 1


def id_width(ids):
    return max((len(str(i)) for i in ids if re.fullmatch(r"[0-9]+", str(i))), default=1)


# ---- frab/Pentabarf XML ----

def scale_xml(n, text):
    root = ET.fromstring(text)
    days = root.findall("day")
    span = span_of([dt.date.fromisoformat(d.get("date")) for d in days])
    width = id_width(e.get("id") for e in root.iter("event"))
    for d in days:
        root.remove(d)
    index = 0
    for k, (shift, suffix) in enumerate(plan(n, span)):
        for d in days:
            d = copy.deepcopy(d)
            index += 1
            d.set("index", str(index))
            for a in ("date", "start", "end"):
                if d.get(a):
                    d.set(a, shift_iso(d.get(a), shift))
            for r in d.iter("room"):
                if r.get("name") is not None:
                    r.set("name", r.get("name") + suffix)
                elif r.text:
                    r.text += suffix
            for e in d.iter("event"):
                e.set("id", new_id(e.get("id"), k, width))
                if e.get("guid"):
                    e.set("guid", new_guid(e.get("guid"), k))
                for g in e.findall("guid"):
                    g.text = new_guid(g.text, k)
                for t in e.findall("date"):
                    t.text = shift_iso(t.text, shift)
            root.append(d)
    conf = root.find("conference")
    last = max(s for s, _ in plan(n, span))
    if conf is not None:
        if conf.find("end") is not None:
            conf.find("end").text = shift_iso(conf.find("end").text, last)
        if conf.find("days") is not None:
            conf.find("days").text = str(len(days) * len({s for s, _ in plan(n, span)}))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' +
            ET.tostring(root, encoding="unicode") + "\n")


# ---- c3voc schedule.json ----

def scale_json(n, text):
    doc = json.loads(text)
    conf = doc["schedule"]["conference"]
    days = conf["days"]
    span = span_of([dt.date.fromisoformat(d["date"]) for d in days])
    width = id_width(e["id"] for d in days for r in d["rooms"].values() for e in r)
    out = []
    for k, (shift, suffix) in enumerate(plan(n, span)):
        for d in days:
            d = copy.deepcopy(d)
            d["index"] = len(out) + 1
            for a in ("date", "day_start", "day_end"):
                if a in d:
                    d[a] = shift_iso(d[a], shift)
            rooms = {}
            for name, events in d["rooms"].items():
                for e in events:
                    e["id"] = new_id(e["id"], k, width)
                    if e.get("guid"):
                        e["guid"] = new_guid(e["guid"], k)
                    for a in ("date", "end"):
                        if isinstance(e.get(a), str):
                            e[a] = shift_iso(e[a], shift)
                    if isinstance(e.get("room"), str):
                        e["room"] += suffix
                rooms[name + suffix] = events
            d["rooms"] = rooms
            out.append(d)
    conf["days"] = out
    last = max(s for s, _ in plan(n, span))
    if "end" in conf:
        conf["end"] = shift_iso(conf["end"], last)
    if "daysCount" in conf:
        conf["daysCount"] = len(out) // n * len({s for s, _ in plan(n, span)})
    if isinstance(conf.get("rooms"), list):
        base = conf["rooms"]
        conf["rooms"] = [dict(r, name=r["name"] + sfx, guid=new_guid(r.get("guid"), i))
                         for i, sfx in enumerate(sorted({s for _, s in plan(n, span)}))
                         for r in base]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# ---- iCalendar ----

ICS_TIME = re.compile(r"^(DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE)([;:])", re.I)


def ics_lines(text):
    """The file's lines (line endings kept) and the VEVENT blocks among
    them as (first, last) line numbers."""
    lines = text.splitlines(keepends=True)
    blocks, begin = [], None
    for i, l in enumerate(lines):
        s = l.rstrip("\r\n").upper()
        if s == "BEGIN:VEVENT":
            begin = i
        elif s == "END:VEVENT" and begin is not None:
            blocks.append((begin, i))
            begin = None
    return lines, blocks


def shift_ics_value(v, days):
    """A DATE or DATE-TIME list (20240309T120000Z,...) days later."""
    def one(m):
        d = dt.datetime.strptime(m.group(1), "%Y%m%d").date() + dt.timedelta(days=days)
        return d.strftime("%Y%m%d")
    return re.sub(r"\b([0-9]{8})(?=T|\b)", one, v)


def scale_ics(n, text):
    lines, blocks = ics_lines(text)
    dates = []
    for a, b in blocks:
        for l in lines[a:b]:
            if ICS_TIME.match(l):
                m = re.search(r":([0-9]{8})", l)
                if m:
                    dates.append(dt.datetime.strptime(m.group(1), "%Y%m%d").date())
    span = span_of(dates)
    head = "".join(lines[:blocks[0][0]])
    tail = "".join(lines[blocks[-1][1] + 1:])
    out = [head]
    for k, (shift, suffix) in enumerate(plan(n, span)):
        for a, b in blocks:
            for l in lines[a:b + 1]:
                body = l.rstrip("\r\n")
                end = l[len(body):]
                if ICS_TIME.match(body):
                    name, _, value = body.partition(":")
                    body = name + ":" + shift_ics_value(value, shift)
                elif k and re.match(r"UID[;:]", body, re.I):
                    body += f"-{k}"
                elif suffix and re.match(r"LOCATION[;:]", body, re.I):
                    name, _, value = body.partition(":")
                    room, sep, rest = value.partition("\\,")
                    body = f"{name}:{room}{suffix}{sep}{rest}"
                out.append(body + end)
    out.append(tail)
    return "".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("usage: ")[1].strip())
    n, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(src, encoding="utf-8", errors="surrogateescape", newline="") as f:
        text = f.read()
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        out = scale_xml(n, text.encode("utf-8"))
    elif head.startswith("{"):
        out = scale_json(n, text)
    elif head.upper().startswith("BEGIN:VCALENDAR"):
        out = scale_ics(n, text)
    else:
        sys.exit(f"scale.py: {src}: not XML, JSON or iCalendar")
    with open(dst, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
        f.write(out)


if __name__ == "__main__":
    main()
