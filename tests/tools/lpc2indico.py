#!/usr/bin/python3
"""Builds tests/data/indico/lpc2023-timetable.json, an Indico timetable
export (/export/timetable/17.json) of the Linux Plumbers Conference 2023,
from data/lpc2023.yaml:

    /usr/bin/python3 tests/tools/lpc2indico.py data/lpc2023.yaml \\
        tests/data/indico/lpc2023-timetable.json

No capture of lpc.events' export is public, so this one follows the shape
Indico's own serializer writes (indico/modules/events/timetable/legacy.py,
TimetableSerializer, and docs/source/http-api/exporters/timetable.rst; see
tests/data/samples/README.md): results -> "17" -> "YYYYMMDD" (every day of
the event, empty ones too) -> entries keyed s<n> (a session block per
microconference and day, titled with the MC's name, its contributions in
"entries"), c<n> (a contribution: contributionId is the session id of
data/lpc2023.yaml, startDate/endDate {date, time, tz} in the event's zone,
description as HTML, presenters with firstName, familyName, name and
affiliation) and b<n> (a break). The timetable entry numbers (n) are not
contribution ids, as in Indico. Unscheduled sessions are not in a
timetable. The output is deterministic.
"""
import datetime
import html
import json
import sys
from zoneinfo import ZoneInfo

import yaml

EVENT = "17"
HOST = "https://lpc.events"


def person(p):
    """{name, affiliation} or a name, as Indico's _get_person_data."""
    if isinstance(p, str):
        p = {"name": p}
    name = p["name"]
    first, _, family = name.rpartition(" ")
    return {
        "firstName": first,
        "familyName": family,
        "affiliation": p.get("affiliation", ""),
        "email": "",
        "name": name,
    }


def to_html(text):
    """The abstract (Markdown-ish text) as Indico's HTML: paragraphs and
    lists of "- " items."""
    out = []
    for para in (text or "").strip().split("\n\n"):
        lines = para.split("\n")
        if all(l.startswith("- ") for l in lines):
            out.append("<ul>" + "".join(
                "<li>%s</li>" % html.escape(l[2:]) for l in lines) + "</ul>")
        else:
            out.append("<p>%s</p>" % "<br>".join(html.escape(l) for l in lines))
    return "\n".join(out)


def date_data(dt):
    return {"date": dt.strftime("%Y-%m-%d"), "time": dt.strftime("%H:%M:%S"),
            "tz": str(dt.tzinfo)}


def main(src, dst):
    doc = yaml.safe_load(open(src, encoding="utf-8"))
    conf = doc["conference"]
    zone = ZoneInfo(conf["timezone"])
    tracks = {t["id"]: t for t in doc["tracks"]}
    location = conf.get("location", "")

    def entry_common(key, start, end):
        return {
            "startDate": date_data(start),
            "endDate": date_data(end),
            "id": key,
            "uniqueId": key,
            "conferenceId": int(EVENT),
            "location": location,
            "room": "",
            "inheritLoc": True,
            "inheritRoom": True,
        }

    # Sessions by day and track, in time order; a timetable entry number
    # for each block, contribution and break, counted as Indico would.
    sessions = []
    for s in doc["sessions"]:
        if "start" not in s:
            continue
        start = datetime.datetime.fromisoformat(str(s["start"])).replace(tzinfo=zone)
        end = (start.astimezone(datetime.timezone.utc)
               + datetime.timedelta(minutes=int(s["duration"]))).astimezone(zone)
        sessions.append((start, end, s))
    sessions.sort(key=lambda x: (x[0], int(x[2]["id"])))
    first = datetime.date.fromisoformat(str(conf["start"]))
    last = datetime.date.fromisoformat(str(conf["end"]))
    days = {}
    d = first
    while d <= last:
        days[d.strftime("%Y%m%d")] = {}
        d += datetime.timedelta(days=1)

    entry_no = 100
    blocks = {}
    block_no = 0
    for start, end, s in sessions:
        day = start.strftime("%Y%m%d")
        track = tracks[s["track"]]
        bkey = (day, s["track"])
        if bkey not in blocks:
            entry_no += 1
            block_no += 1
            key = "s%d" % entry_no
            block = entry_common(key, start, end)
            block.update({
                "entryType": "Session",
                "sessionSlotId": 300 + block_no,
                "sessionId": 200 + sorted(tracks).index(s["track"]),
                "sessionCode": "",
                "title": track["name"],
                "slotTitle": "",
                "attachments": {"files": None, "folders": []},
                "code": "",
                "contribDuration": 25.0,
                "conveners": [],
                "description": to_html(track.get("description", "")),
                "duration": 0.0,
                "isPoster": False,
                "entries": {},
                "pdf": "%s/event/%s/sessions/%d/session-timetable.pdf"
                       % (HOST, EVENT, 200 + sorted(tracks).index(s["track"])),
                "url": "%s/event/%s/sessions/%d/"
                       % (HOST, EVENT, 200 + sorted(tracks).index(s["track"])),
                "friendlyId": 1 + sorted(tracks).index(s["track"]),
                "color": "#e3f2d3",
                "textColor": "#202020",
            })
            blocks[bkey] = block
            days[day][key] = block
        block = blocks[bkey]
        bstart = min(start, datetime.datetime.fromisoformat(
            block["startDate"]["date"] + "T" + block["startDate"]["time"]).replace(tzinfo=zone))
        bend = max(end, datetime.datetime.fromisoformat(
            block["endDate"]["date"] + "T" + block["endDate"]["time"]).replace(tzinfo=zone))
        block["startDate"], block["endDate"] = date_data(bstart), date_data(bend)
        block["duration"] = (bend - bstart).total_seconds() / 60
        entry_no += 1
        key = "c%d" % entry_no
        cid = int(s["id"])
        c = entry_common(key, start, end)
        c.update({
            "color": "#e3f2d3",
            "textColor": "#202020",
            "entryType": "Contribution",
            "_type": "ContribSchEntry",
            "_fossil": "contribSchEntryDisplay",
            "contributionId": cid,
            "attachments": {"files": None, "folders": []},
            "description": to_html(s.get("abstract", "")),
            "duration": float(s["duration"]),
            "pdf": "%s/event/%s/contributions/%d.pdf" % (HOST, EVENT, cid),
            "presenters": [person(p) for p in s.get("speakers", [])],
            "sessionCode": "",
            "sessionId": block["sessionId"],
            "sessionSlotId": block["sessionSlotId"],
            "sessionSlotEntryId": int(block["id"][1:]),
            "title": s["title"],
            "url": "%s/event/%s/contributions/%d/" % (HOST, EVENT, cid),
            "friendlyId": entry_no - 100,
            "references": [],
        })
        block["entries"][key] = c

    # A lunch break on every day with sessions, outside any block.
    for day, entries in days.items():
        if not entries:
            continue
        entry_no += 1
        key = "b%d" % entry_no
        date = datetime.date(int(day[:4]), int(day[4:6]), int(day[6:]))
        start = datetime.datetime.combine(date, datetime.time(13, 30), zone)
        b = entry_common(key, start, start + datetime.timedelta(minutes=90))
        b.update({
            "color": "#90c0f0",
            "textColor": "#202020",
            "entryType": "Break",
            "_type": "BreakTimeSchEntry",
            "_fossil": "breakTimeSchEntry",
            "description": "",
            "duration": 90.0,
            "sessionId": None,
            "sessionCode": None,
            "sessionSlotId": None,
            "sessionSlotEntryId": None,
            "title": "Lunch",
        })
        entries[key] = b

    out = {
        "count": 1,
        "additionalInfo": {},
        "_type": "HTTPAPIResult",
        "complete": True,
        "url": "%s/export/timetable/%s.json" % (HOST, EVENT),
        "ts": 1700000000,
        "results": {EVENT: days},
    }
    with open(dst, "w", encoding="ascii") as f:
        json.dump(out, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: lpc2indico.py data/lpc2023.yaml OUT.json")
    main(sys.argv[1], sys.argv[2])
