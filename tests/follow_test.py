#!/usr/bin/python3
"""The followed programs from the command line (sked add, update, programs,
remove, changes, sked URL) against tests/httpd.py on 127.0.0.1: for each
case of issue 11 the exit status, the message, the copy kept and the
agenda intact. Every case has its own XDG directories in a temporary
directory; every server answers a bounded number of requests and exits
after a bounded time.

usage: follow_test.py SKED SRCDIR"""
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKED, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(SRC, "tests"))
import httpd  # noqa: E402

V1 = open(os.path.join(SRC, "tests/data/follow/v1.yaml"), encoding="utf-8").read()
V2 = open(os.path.join(SRC, "tests/data/follow/v2.yaml"), encoding="utf-8").read()
SUMMARY = "followconf: Follow Conference 2024, 2024-03-04 to 2024-03-05, 5 sessions"
results = {"passed": 0, "failed": 0}


class Home:
    """Private XDG directories for one case."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="sked-follow-")
        self.env = {**os.environ, "TZ": "UTC", "HOME": self.dir,
                    "XDG_DATA_HOME": f"{self.dir}/data",
                    "XDG_CONFIG_HOME": f"{self.dir}/config",
                    "XDG_CACHE_HOME": f"{self.dir}/cache",
                    "XDG_STATE_HOME": f"{self.dir}/state"}
        self.copy = f"{self.dir}/data/sked/programs/followconf"
        self.previous = self.copy + ".previous"
        self.agenda = f"{self.dir}/data/sked/followconf.agenda"
        self.list = f"{self.dir}/config/sked/programs"
        self.cache = f"{self.dir}/cache/sked/followconf.fetch"

    def sked(self, *args, timeout=60):
        r = subprocess.run([SKED, *args], capture_output=True, env=self.env,
                           timeout=timeout)
        return r.returncode, r.stdout.decode(), r.stderr.decode()

    def read(self, path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    def exists(self, path):
        return os.path.exists(path)

    def starred(self, *ids):
        code, _, err = self.sked("star", "followconf", *ids)
        assert code == 0, err
        return self.read(self.agenda)

    def stars(self):
        """The agenda's ids, in its order, without the notes beside them."""
        return [line.split()[0] for line in
                self.read(self.agenda).splitlines()[1:]]


ONLY = os.environ.get("SKED_FOLLOW_ONLY")  # run one case: its name


def test(fn):
    if ONLY and fn.__name__ != ONLY:
        return fn
    home = Home()
    try:
        fn(home)
        results["passed"] += 1
        print(f"ok   {fn.__name__}")
    except Exception as e:  # report and go on
        results["failed"] += 1
        print(f"FAIL {fn.__name__}: {e!r}")
    finally:
        shutil.rmtree(home.dir, ignore_errors=True)
    return fn


def expect(got, code, out=None, err=None):
    c, o, e = got
    assert c == code, f"exit {c}, expected {code}; stdout {o!r} stderr {e!r}"
    if out is not None:
        assert out in o, f"{out!r} not in stdout {o!r}"
    if err is not None:
        assert err in e, f"{err!r} not in stderr {e!r}"
    return got


def added(h, srv, path="/s"):
    """Follows srv's path; returns the URL."""
    url = srv.url(path)
    expect(h.sked("add", url), 0, out=SUMMARY)
    return url


ZONELESS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t\r\n"
            "X-WR-CALNAME:Zoneless\r\nBEGIN:VEVENT\r\nUID:a@z\r\n"
            "DTSTAMP:20240101T000000Z\r\nDTSTART:20240601T090000\r\n"
            "DTEND:20240601T100000\r\nSUMMARY:Opening\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")


@test
def zone_guessed_then_kept_by_adding_again(h):
    """A followed feed that names no zone: every command says so, naming
    the program by its id (not its copy's path); adding its URL again
    with --timezone keeps that zone for it, and the warning goes."""
    with httpd.Server({"/z.ics": {"body": ZONELESS, "etag": '"z"'}},
                      max_requests=6) as srv:
        url = srv.url("/z.ics")
        expect(h.sked("add", url), 0)
        _, out, err = expect(h.sked("list", "zoneless"), 0, out="times in UTC")
        assert "sked: warning: zoneless names no time zone: its times are read " \
            "as UTC, a guess" in err, err
        assert "/programs/" not in err, err
        _, out, err = expect(h.sked("list"), 0, out="times in UTC")
        assert "zoneless names no time zone" in err, err
        expect(h.sked("add", "--timezone", "Europe/Brussels", url), 0)
        assert h.read(f"{h.dir}/config/sked/programs").rstrip("\n").endswith(
            " Europe/Brussels"), h.read(f"{h.dir}/config/sked/programs")
        _, out, err = expect(h.sked("list", "zoneless"), 0,
                             out="times in Europe/Brussels")
        assert "09:00–10:00  Opening" in out, out
        assert "warning" not in err, err
        # Without FILE: the bundled programs say nothing of it either.
        _, out, err = expect(h.sked("list", "--timezone", "Asia/Tokyo"), 0)
        assert "lpc2023 names its time zone" not in err, err


@test
def update_with_timezone_keeps_it(h):
    # sked update --timezone ZONE ID keeps the zone for ID, as sked add
    # does (it was taken and ignored); with no ID, a usage error; a feed
    # that names its zone says it is not used.
    with httpd.Server({"/z.ics": {"body": ZONELESS, "etag": '"z"'},
                       "/s": {"body": V1, "etag": '"v1"'}},
                      max_requests=9) as srv:
        expect(h.sked("add", srv.url("/z.ics")), 0)
        expect(h.sked("add", srv.url("/s")), 0)
        expect(h.sked("update", "--timezone", "Europe/Brussels"), 64,
               err="--timezone names the zone of the programs named")
        # The download is unchanged (304), but every time moved: the
        # update says so, and lists the starred session's move with its
        # old time in the old zone (it said "unchanged").
        _, out, _ = expect(h.sked("list", "--format", "tsv", "zoneless"), 0)
        sid = out.splitlines()[1].split("\t")[1]
        expect(h.sked("star", "zoneless", sid), 0)
        _, out, err = expect(h.sked("update", "--timezone", "Europe/Brussels",
                                    "zoneless"), 0,
                             out="zoneless: updated (1 change to starred sessions)")
        assert "moved" in out and "09:00–10:00 UTC" in out \
            and "09:00–10:00 Europe/Brussels" in out, out
        assert "warning" not in err, err
        # The same zone again: nothing moved.
        expect(h.sked("update", "--timezone", "Europe/Brussels", "zoneless"),
               0, out="zoneless: unchanged")
        assert " Europe/Brussels" in h.read(h.list), h.read(h.list)
        _, out, err = expect(h.sked("list", "zoneless"), 0,
                             out="times in Europe/Brussels")
        assert "09:00–10:00  Opening" in out and "warning" not in err, (out, err)
        _, out, err = expect(h.sked("update", "--timezone", "Asia/Tokyo",
                                    "followconf"), 0)
        assert "followconf names its time zone, Europe/Berlin: --timezone " \
            "Asia/Tokyo is not used" in err, err


@test
def a_bundle_of_a_followed_id_gives_way(h):
    # A bundled program that came after sked add (an upgrade, another
    # SKED_DATA_DIR) with a followed id: with no FILE, the followed one
    # is opened in its place; every command stopped at "give one of
    # them", which named nothing the user gave.
    bundle = f"{h.dir}/bundle"
    os.makedirs(bundle)
    with httpd.Server({"/s": {"body": V1, "etag": '"v1"'}}, max_requests=5) as srv:
        h.env["SKED_DATA_DIR"] = bundle
        added(h, srv)
    v2_as_bundle = V2.replace("Follow Conference 2024",
                              "Bundled Follow Conference")
    with open(f"{bundle}/followconf.yaml", "w", encoding="utf-8") as f:
        f.write(v2_as_bundle)
    code, out, err = h.sked("list")
    assert code == 0, (code, err)
    assert out.count("(followconf)") == 1, out
    assert "Follow Conference 2024 (followconf)" in out, out
    assert "Bundled" not in out and "give one of them" not in err, (out, err)
    # sked check compares versions: both checked, no usage error.
    code, out, err = h.sked("check", h.copy, f"{bundle}/followconf.yaml")
    assert code == 0, (code, err)
    assert out.count(": ok: followconf") == 2, out


@test
def add_etag_then_304(h):
    with httpd.Server({"/s": {"body": V1, "etag": '"v1"'}}, max_requests=5) as srv:
        added(h, srv)
        assert h.read(h.copy) == V1
        assert os.stat(h.list).st_mode & 0o777 == 0o600
        agenda = h.starred("1", "2")
        expect(h.sked("update"), 0, out="followconf: unchanged")
        log = srv.requests()
        assert log[-1]["if_none_match"] == '"v1"', log[-1]
        assert log[-1]["user_agent"].startswith("sked/"), log[-1]
    assert h.read(h.copy) == V1 and h.read(h.agenda) == agenda
    assert not h.exists(h.previous)


@test
def a_damaged_copy_is_downloaded_again(h):
    """A copy that no longer loads (cut short on disk) is no copy to keep:
    the update sends no validators, so the server's whole answer replaces
    it. A 304 kept it broken, every update saying "unchanged"."""
    with httpd.Server({"/s": {"body": V1, "etag": '"v1"'}}, max_requests=5) as srv:
        added(h, srv)
        with open(h.copy, "w", encoding="utf-8") as f:
            f.write(V1[:len(V1) // 2])
        expect(h.sked("list", "followconf"), 65)  # bad data, as a bad FILE
        expect(h.sked("update"), 0, out="followconf: updated")
        log = srv.requests()
        assert log[-1]["if_none_match"] is None, log[-1]
    assert h.read(h.copy) == V1
    expect(h.sked("list", "followconf"), 0)
    # The damaged file is no earlier version: sked changes said "cannot
    # read" of it, as ID.previous, until the next change.
    assert not h.exists(h.previous)
    expect(h.sked("changes", "followconf"), 0,
           err="no earlier version of followconf")


@test
def a_damaged_copy_keeps_the_version_before(h):
    """A damaged copy replaced by an update leaves ID.previous as it was:
    the last good version, which sked changes compares with the new."""
    with httpd.Server({"/s": [{"body": V1}, {"body": V2}, {"body": V1}]},
                      max_requests=5) as srv:
        added(h, srv)
        expect(h.sked("update"), 0, out="followconf: updated")
        assert h.read(h.previous) == V1
        with open(h.copy, "w", encoding="utf-8") as f:
            f.write(V2[:len(V2) // 2])
        expect(h.sked("update"), 0, out="followconf: updated")
    assert h.read(h.copy) == V1 and h.read(h.previous) == V1
    expect(h.sked("changes", "followconf"), 0)


@test
def a_second_update_says_it_waits(h):
    """An update of a program another sked is updating waits for it, and
    says so after a second, naming the process (it waited silently, up to
    the other's two minutes)."""
    with httpd.Server({"/s": [{"body": V1}, {"body": V1, "delay": 3},
                              {"body": V1}]}, max_requests=5) as srv:
        added(h, srv)
        first = subprocess.Popen([SKED, "update", "followconf"], env=h.env,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        time.sleep(0.5)
        code, out, err = h.sked("update", "followconf")
        first.communicate(timeout=30)
        assert code == 0, (code, out, err)
        assert (f"waiting for the update lock of followconf held by "
                f"process {first.pid}...") in err, err
        assert first.returncode == 0


@test
def last_modified_only(h):
    lm = "Mon, 04 Mar 2024 08:00:00 GMT"
    with httpd.Server({"/s": {"body": V1, "last_modified": lm}}, max_requests=5) as srv:
        added(h, srv)
        expect(h.sked("update", "followconf"), 0, out="followconf: unchanged")
        log = srv.requests()
        assert log[-1]["if_modified_since"] == lm, log[-1]
        assert log[-1]["if_none_match"] is None, log[-1]


@test
def neither_validator_same_body_not_rewritten(h):
    with httpd.Server({"/s": {"body": V1}}, max_requests=5) as srv:
        added(h, srv)
        before = os.stat(h.copy)
        expect(h.sked("update"), 0, out="followconf: unchanged")
        after = os.stat(h.copy)
        assert len(srv.requests()) == 2
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert not h.exists(h.previous)


@test
def changed_version_three_changes(h):
    with httpd.Server({"/s": [{"body": V1}, {"body": V2}]}, max_requests=5) as srv:
        added(h, srv)
        h.starred("1", "2", "3", "4")
        expect(h.sked("update"), 0,
               out="followconf: updated (3 changes to starred sessions)")
    assert h.read(h.copy) == V2 and h.read(h.previous) == V1
    code, out, err = expect(h.sked("changes", "followconf"), 0)
    lines = out.splitlines()
    assert lines == [
        "moved: Opening: Mon 4 March, 09:00–09:30 in Room A -> "
        "Tue 5 March, 10:00–10:30 in Room B",
        "cancelled: Kernel talk: Mon 4 March, 10:00–10:30 in Room A",
        "retitled: Old title -> New title"], lines
    # The cancelled session keeps its star, and what it was.
    assert h.stars() == ["1", "2", "3", "4"]
    # Beside each star what its session is now, and for the cancelled one
    # what it was.
    assert h.read(h.agenda).splitlines()[1:] == [
        "1  # Opening, Tue 5 March, 10:00–10:30 Europe/Berlin in Room B",
        "2  # Kernel talk, Mon 4 March, 10:00–10:30 Europe/Berlin in Room A",
        "3  # New title, Mon 4 March, 11:00–11:30 Europe/Berlin in Room B",
        "4  # Unchanged talk, Tue 5 March, 09:00–09:30 Europe/Berlin in Room B",
    ], h.read(h.agenda)


@test
def a_cancelled_star_keeps_what_it_was(h):
    """A star saved without a note (by hand, or by a sked before notes)
    whose session an update cancels gets the note from the version that
    had it: sked agenda says what it was, not only its id."""
    with httpd.Server({"/s": [{"body": V1}, {"body": V2}]}, max_requests=5) as srv:
        added(h, srv)
        with open(h.agenda, "w", encoding="utf-8") as f:
            f.write("# sked agenda 1 followconf\n2\n3  # my own note\n")
        expect(h.sked("update"), 0,
               out="followconf: updated (2 changes to starred sessions)")
    lines = h.read(h.agenda).splitlines()
    assert lines[1] == "2  # Kernel talk, Mon 4 March, 10:00–10:30 Europe/Berlin in Room A", lines
    # A session still in the program is described as the new version has
    # it (a person's note replaced).
    assert lines[2] == "3  # New title, Mon 4 March, 11:00–11:30 Europe/Berlin in Room B", lines
    code, out, err = expect(h.sked("agenda", "followconf"), 0)
    assert ("starred session '2' (Kernel talk, Mon 4 March, 10:00–10:30 "
            "Europe/Berlin in Room A) is no longer in the program (kept)") in err, err


def frab(events):
    """A frab schedule.xml of one day, events (id, guid, HH:MM, title)."""
    ev = "".join(
        f'<event id="{i}" guid="{g}"><date>2024-03-04T{t}:00+01:00</date>'
        f"<start>{t}</start><duration>00:30</duration><room>Hall</room>"
        f"<title>{title}</title></event>" for i, g, t, title in events)
    return ('<?xml version="1.0" encoding="UTF-8"?><schedule><conference>'
            "<acronym>swapconf</acronym><title>Swap</title>"
            "<start>2024-03-04</start><end>2024-03-04</end><days>1</days>"
            "<time_zone_name>Europe/Berlin</time_zone_name></conference>"
            '<day index="1" date="2024-03-04"><room name="Hall">'
            f"{ev}</room></day></schedule>")


GA, GB = "aaaaaaaa-0000-4000-8000-00000000000a", "aaaaaaaa-0000-4000-8000-00000000000b"


@test
def stars_follow_guids_through_new_and_swapped_ids(h):
    # The feed swaps two events' ids (each keeps its guid), then gives
    # one a new id: the star stays on its talk (it went to the other
    # talk, which took its id) and keeps its note under the new id.
    v1 = frab([("1", GA, "10:00", "Alpha talk"), ("2", GB, "11:00", "Beta talk")])
    v2 = frab([("2", GA, "10:00", "Alpha talk"), ("1", GB, "11:00", "Beta talk")])
    v3 = frab([("9", GA, "10:00", "Alpha talk"), ("1", GB, "11:00", "Beta talk")])
    agenda = f"{h.dir}/data/sked/swapconf.agenda"
    with httpd.Server({"/s": [{"body": v1}, {"body": v2}, {"body": v3}]},
                      max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        expect(h.sked("star", "swapconf", "1"), 0)
        c, out, err = expect(h.sked("update"), 0)
        assert "retitled" not in out and "moved" not in out, out
        lines = h.read(agenda).splitlines()
        assert lines[1:] == ["2  # Alpha talk, Mon 4 March, 10:00–10:30 Europe/Berlin in Hall"], lines
        expect(h.sked("update"), 0)
        lines = h.read(agenda).splitlines()
        assert lines[1:] == ["9  # Alpha talk, Mon 4 March, 10:00–10:30 Europe/Berlin in Hall"], lines
    c, out, err = expect(h.sked("agenda", "swapconf"), 0, out="Alpha talk")
    assert "Beta talk" not in out, out


@test
def changes_after_swapped_frab_ids(h):
    # A frab feed swaps two events' ids (each keeps its guid), and Alpha
    # talk moves: sked changes, after the update moved the star to 2,
    # tells of Alpha talk's move, not of Beta talk (which held 2 before,
    # and did not change).
    v1 = frab([("1", GA, "10:00", "Alpha talk"), ("2", GB, "11:00", "Beta talk")])
    v2 = frab([("2", GA, "10:30", "Alpha talk"), ("1", GB, "11:00", "Beta talk")])
    moved = ("moved: Alpha talk: Mon 4 March, 10:00–10:30 in Hall -> "
             "Mon 4 March, 10:30–11:00 in Hall")
    with httpd.Server({"/s": [{"body": v1}, {"body": v2}]},
                      max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        expect(h.sked("star", "swapconf", "1"), 0)
        c, out, err = expect(h.sked("update"), 0)
        assert out.splitlines() == [
            "swapconf: updated (1 change to starred sessions)",
            "  " + moved], out
    c, out, err = expect(h.sked("changes", "swapconf"), 0)
    assert out.splitlines() == [moved], (out, err)


@test
def cancelled_then_back(h):
    # Kernel talk (2) is cancelled in v2, then back in v1 again: said.
    with httpd.Server({"/s": [{"body": V1}, {"body": V2}, {"body": V1}]},
                      max_requests=5) as srv:
        added(h, srv)
        h.starred("2")
        expect(h.sked("update"), 0,
               out="followconf: updated (1 change to starred sessions)")
        expect(h.sked("changes", "followconf"), 0,
               out="cancelled: Kernel talk: Mon 4 March, 10:00–10:30 in Room A")
        c, out, err = expect(h.sked("update"), 0)
        # The update says it, under its line: only it can tell.
        assert out == ("followconf: updated (1 change to starred sessions)\n"
                       "  back: Kernel talk: Mon 4 March, 10:00–10:30 in "
                       "Room A\n"), out
        # sked changes, later, compares the copies with the agenda as it
        # is now, where a star made since on a session new in this
        # version would look the same: it says no session back.
        expect(h.sked("changes", "followconf"), 0,
               err="no changes to the starred sessions of followconf")
    assert h.stars() == ["2"]


@test
def starred_after_the_update_is_not_back(h):
    # v2 has no Kernel talk (2), v1 brings it: starred only after that
    # update, it is no session back.
    with httpd.Server({"/s": [{"body": V2}, {"body": V1}]},
                      max_requests=5) as srv:
        url = srv.url("/s")
        expect(h.sked("add", url), 0)
        expect(h.sked("update"), 0,
               out="followconf: updated (0 changes to starred sessions)")
        h.starred("2")
        c, out, err = expect(h.sked("changes", "followconf"), 0)
        assert "back" not in out, out


def failing_update(h, second, code, message):
    """Follows V1, stars, then updates against `second`: the copy and the
    agenda stay, the line says why and how old the copy kept is."""
    with httpd.Server({"/s": [{"body": V1}, second]}, max_requests=5) as srv:
        added(h, srv)
        agenda = h.starred("1", "3")
        c, out, err = expect(h.sked("update"), code, out=message)
        assert re.search(r"followconf: failed: .*\(keeping the copy from "
                         r"\d+ seconds? ago\)", out), out
    assert h.read(h.copy) == V1 and h.read(h.agenda) == agenda
    assert not h.exists(h.previous)
    # Offline on the copy kept, which sked programs says is old news.
    expect(h.sked("list", "followconf"), 0, out="Kernel talk")
    expect(h.sked("programs"), 0, out="last update failed")
    return out, err


@test
def http_404(h):
    failing_update(h, {"status": 404}, 75, "HTTP 404 Not Found from http://127.0.0.1:")


@test
def http_500(h):
    failing_update(h, {"status": 500}, 75, "HTTP 500")


@test
def html_error_page_with_200(h):
    out, err = failing_update(
        h, {"body": "<!DOCTYPE html>\n<html><body><h1>Maintenance</h1></body></html>\n",
            "headers": {"Content-Type": "text/html"}},
        65, "not a schedule sked can read")


@test
def invalid_feed(h):
    bad = V2.replace("duration: 30}\n  - {id: \"3\"", "duration: abc}\n  - {id: \"3\"")
    assert bad != V2
    out, err = failing_update(h, {"body": bad}, 65, "failed: http://127.0.0.1:")
    # The loader's message, at the URL:line:column of the download, said
    # once: in the program's line.
    assert re.search(r"failed: http://127\.0\.0\.1:\d+/s:8:\d+: .*duration", out), out
    assert "duration" not in err, err


@test
def empty_body_said_so(h):
    # Not "empty file: expected a sked program": the server sent nothing.
    failing_update(h, {"body": ""}, 65, "the server sent an empty body, "
                   "not a schedule")


@test
def copy_age_after_a_slow_failure(h):
    # A download that fails after a while: the copy's age is said as it is
    # then, not as it was when the download began.
    with httpd.Server({"/s": [{"body": V1}, {"status": 500, "delay": 2.5}]},
                      max_requests=4) as srv:
        added(h, srv)
        _, out, _ = expect(h.sked("update"), 75, out="HTTP 500")
        m = re.search(r"keeping the copy from (\d+) seconds? ago", out)
        assert m and int(m.group(1)) >= 2, out


@test
def emptied_schedule_refused(h):
    # A feed served empty for a moment (every session gone): refused, the
    # copy and its stars kept (failing_update checks them).
    empty = V1[:V1.index("sessions:")] + "sessions: []\n"
    out, err = failing_update(h, {"body": empty}, 65,
                              "followconf: failed: the schedule downloaded "
                              "has no sessions, where the copy has 5 "
                              "(keeping the copy from")


@test
def another_conference_refused(h):
    # The URL serves another conference (next year's, another event's):
    # its sessions that happen to have the starred ids are not the
    # starred sessions. Refused, the copy and the stars kept
    # (failing_update checks them).
    other = (V1.replace("id: followconf, title: Follow Conference 2024",
                        "id: otherconf, title: Other Conference 2025")
             .replace("2024-03-0", "2025-03-0"))
    assert other.count("2025-03-0") == 7, other
    failing_update(h, {"body": other}, 65,
                   "followconf: failed: the URL now serves another "
                   "conference, Other Conference 2025 (otherconf, "
                   "2025-03-04), not Follow Conference 2024 (followconf, "
                   "2024-03-04): to follow it, sked remove followconf and "
                   "sked add the URL again")


@test
def another_conference_named_by_whole_characters(h):
    # Its title is cut at 80 columns, not bytes: a cut by bytes split
    # this title's 40th letter (and 90 columns are cut at 80).
    title = "x" + "\u00d6" * 89
    other = (V1.replace("id: followconf, title: Follow Conference 2024",
                        f"id: otherconf, title: {title}")
             .replace("2024-03-0", "2025-03-0"))
    out, _ = failing_update(h, {"body": other}, 65,
                            f"another conference, {title[:80]} (otherconf, ")
    assert "\ufffd" not in out, out


@test
def renamed_or_moved_conference_is_a_new_version(h):
    # Another id on the same days, or the same id on other days: a new
    # version of the same conference, taken.
    renamed = V1.replace("id: followconf, title: Follow Conference 2024",
                         "id: fc24, title: FC 2024")
    moved = renamed.replace("2024-03-0", "2024-04-0")
    with httpd.Server({"/s": [{"body": V1}, {"body": renamed},
                              {"body": moved}]}, max_requests=5) as srv:
        added(h, srv)
        h.starred("1")
        expect(h.sked("update"), 0, out="followconf: updated")
        expect(h.sked("update"), 0, out="followconf: updated")
    assert h.read(h.copy) == moved


@test
def zone_changed_old_times_in_the_old_zone(h):
    # The feed's zone changes under the same wall times: the sessions
    # moved (an hour), and the old times are said as the attendee saw
    # them, in the old zone, each side naming its zone; sked changes the
    # same.
    london = V1.replace("timezone: Europe/Berlin", "timezone: Europe/London")
    with httpd.Server({"/s": [{"body": V1}, {"body": london}]},
                      max_requests=4) as srv:
        added(h, srv)
        h.starred("1", "3")
        line = ("moved: Opening: Mon 4 March, 09:00–09:30 Europe/Berlin in "
                "Room A -> Mon 4 March, 09:00–09:30 Europe/London in Room A")
        _, out, _ = expect(h.sked("update"), 0,
                           out="followconf: updated (2 changes")
        assert line in out, out
        _, out, _ = expect(h.sked("changes", "followconf"), 0, out=line)
        # The instants: 08:00 UTC before, 09:00 UTC now.
        _, out, _ = expect(h.sked("agenda", "--tz", "UTC", "followconf"), 0)
        assert "09:00–09:30" in out and "Opening" in out, out


@test
def connection_refused(h):
    port = httpd.free_port()
    url = f"http://127.0.0.1:{port}/s"
    expect(h.sked("add", url), 75, err="Connection refused")
    assert not h.exists(h.copy) and not h.exists(h.list)
    with httpd.Server({"/s": {"body": V1}}, max_requests=5) as srv:
        added(h, srv)
    # The server is gone now: the update fails, the copy stays.
    c, out, err = expect(h.sked("update"), 75, out="Connection refused")
    assert "keeping the copy from" in out
    assert h.read(h.copy) == V1


@test
def credentials_never_shown(h):
    with httpd.Server({"/s": [{"body": V1}, {"status": 500}]}, max_requests=5) as srv:
        url = f"http://alice:s3cret@127.0.0.1:{srv.port}/s"
        code, out, err = expect(h.sked("add", url), 0, out=SUMMARY)
        code, out2, err2 = expect(h.sked("update"), 75, out="HTTP 500")
        assert srv.requests()[0]["authorization"], "no credentials sent"
    for args in (["programs"], ["programs", "--format", "json"]):
        code, o, e = expect(h.sked(*args), 0, out=f"http://127.0.0.1:{srv.port}/s")
        assert "s3cret" not in o + e and "alice" not in o + e, o
    assert "s3cret" not in out + err + out2 + err2
    assert "s3cret" in h.read(h.list)   # the user's own list only
    assert os.stat(h.list).st_mode & 0o777 == 0o600
    for root, _, files in os.walk(h.dir):
        for f in files:
            path = os.path.join(root, f)
            if path != h.list:
                with open(path, "rb") as fp:
                    assert b"s3cret" not in fp.read(), path
    rows = [json.loads(line) for line in
            h.sked("programs", "--format", "json")[1].splitlines()]
    row = [r for r in rows if r["id"] == "followconf"][0]
    assert row["sessions"] == 5 and row["error"].startswith("HTTP 500"), row
    assert row["updated"] and row["age_seconds"] >= 0, row
    assert [r["source"] for r in rows if r["id"].startswith("lpc")] == ["bundled"] * 3


@test
def programs_json_escapes_controls_and_line_separators(h):
    # A feed's title with a C1 control (CSI), a bidi override and U+2028:
    # escaped in sked programs --format json, one line each program.
    title = "Follow \\u009b31m \\u202Eevil\\u202C \\u2028 Conference"
    body = V1.replace("title: Follow Conference 2024,", f'title: "{title}",')
    assert body != V1
    with httpd.Server({"/s": {"body": body}}, max_requests=3) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
    r = subprocess.run([SKED, "programs", "--format", "json"],
                       capture_output=True, env=h.env, timeout=60)
    assert r.returncode == 0, r
    for raw in ("\u009b", "\u202e", "\u2028"):
        assert raw.encode() not in r.stdout, r.stdout
    assert b"\\u009b31m \\u202eevil\\u202c \\u2028 Conference" in r.stdout, r.stdout
    rows = [json.loads(line) for line in r.stdout.decode().splitlines()]
    row = [x for x in rows if x["id"] == "followconf"][0]
    assert row["title"] == "Follow \u009b31m \u202eevil\u202c \u2028 Conference", row


@test
def a_broken_copy_is_a_data_error(h):
    # A followed program's copy that no longer loads: named, it is bad
    # data (65), as a bad FILE is; gone, it cannot be read (66); and sked
    # check of every program, which leaves it out, does not say all is well.
    with httpd.Server({"/s": {"body": V1}}, max_requests=3) as srv:
        added(h, srv)
    with open(h.copy, "w", encoding="utf-8") as f:
        f.write("garbage: [\n")
    for cmd in ("check", "list"):
        expect(h.sked(cmd, "followconf"), 65, err="followconf")
    code, out, err = expect(h.sked("check"), 65,
                            err="followconf left out: its copy is invalid")
    assert ": ok: lpc2023," in out, out
    expect(h.sked("list"), 0, out="Linux Plumbers Conference 2023",
           err="followconf left out")
    os.remove(h.copy)
    expect(h.sked("check", "followconf"), 66, err="its copy cannot be read")
    expect(h.sked("check"), 66, err="followconf left out: its copy cannot be read")


@test
def a_changed_password_is_the_same_feed(h):
    # sked add of the URL followed, with another password (rotated): the
    # same program, its credentials replaced and used from then on (it
    # was refused, "already followed, from" the very URL typed).
    with httpd.Server({"/s": [{"body": V1}, {"body": V1}, {"body": V2}]},
                      max_requests=5) as srv:
        old = f"http://alice:s3cret@127.0.0.1:{srv.port}/s"
        new = f"http://alice:N3wpw@127.0.0.1:{srv.port}/s"
        expect(h.sked("add", old), 0, out=SUMMARY)
        code, out, err = expect(h.sked("add", new), 0)
        assert "already followed" not in out + err, (out, err)
        assert "N3wpw" not in out + err and "s3cret" not in out + err
        lst = h.read(h.list)
        assert "N3wpw" in lst and "s3cret" not in lst, lst
        expect(h.sked("update"), 0, out="followconf: updated")
        auth = [r["authorization"] for r in srv.requests()]
        assert len(auth) == 3 and auth[1] == auth[2] != auth[0], auth


@test
def credentials_are_kept_until_others_work(h):
    """The credentials kept are replaced only by others that work: sked
    add of the URL as sked programs shows it (none) used to wipe them, and
    a mistyped password replaced the good one though its download failed,
    every update failing from then on. Another user's is another feed."""
    with httpd.Server({"/s": [{"body": V1}, {"body": V1},
                              {"status": 401, "body": "no\n"},
                              {"body": V2}, {"body": V1}]},
                      max_requests=6) as srv:
        good = f"http://alice:s3cret@127.0.0.1:{srv.port}/s"
        expect(h.sked("add", good), 0, out=SUMMARY)
        expect(h.sked("add", srv.url("/s")), 0, out="followconf")
        assert "s3cret" in h.read(h.list)
        expect(h.sked("add", f"http://alice:typo@127.0.0.1:{srv.port}/s"), 75)
        lst = h.read(h.list)
        assert "s3cret" in lst and "typo" not in lst, lst
        expect(h.sked("update"), 0, out="followconf: updated")
        code, out, err = expect(
            h.sked("add", "--name", "bobs",
                   f"http://bob:pw@127.0.0.1:{srv.port}/s"), 0, out="bobs")
        assert "already followed" not in err, err
        auth = [r["authorization"] for r in srv.requests()]
        assert len(auth) == 5, auth
        assert auth[0] == auth[1] == auth[3] != auth[2], auth
        assert auth[4] not in (auth[0], auth[2]), auth
    lst = h.read(h.list)
    assert "alice:s3cret@" in lst and "bob:pw@" in lst, lst


@test
def offline_after_add_and_ids_everywhere(h):
    with httpd.Server({"/s": {"body": V1}}, max_requests=3) as srv:
        added(h, srv)
    expect(h.sked("list", "followconf"), 0, out="Follow Conference 2024 (followconf)")
    expect(h.sked("star", "followconf", "2"), 0)
    expect(h.sked("agenda", "followconf"), 0, out="Kernel talk")
    # With no FILE: the bundled programs and the followed one.
    code, out, err = expect(h.sked("list"), 0, out="(followconf)")
    assert "(lpc2023)" in out
    # An unknown id names the followed ones too.
    expect(h.sked("list", "nope"), 66, err="followconf")


@test
def add_refusals(h):
    with httpd.Server({"/s": {"body": V1}, "/t": {"body": V1}}, max_requests=10) as srv:
        added(h, srv)
        # The same URL again: an update, not a second program.
        expect(h.sked("add", srv.url("/s")), 0, out="followconf")
        # Said with the command that chooses another id: the browser
        # (sked URL) takes no --name.
        expect(h.sked("add", srv.url("/t")), 64,
               err="already followed, from " + srv.url("/s") +
               " (choose another id: sked add URL --name ID)")
        expect(h.sked(srv.url("/t")), 64,
               err="(choose another id: sked add URL --name ID)")
        expect(h.sked("add", "--name", "lpc2023", srv.url("/t")), 64,
               err="bundled program (choose another id: sked add URL "
               "--name ID)")
        expect(h.sked("add", "--name", "Bad/Name", srv.url("/t")), 64)
        expect(h.sked("add", "file:///etc/passwd"), 64, err="not an http")
        expect(h.sked("add", "--name", "second", srv.url("/t")), 0,
               out="second: Follow Conference 2024")
    expect(h.sked("list", "second"), 0, out="(second)")


@test
def remove_keeps_agenda(h):
    with httpd.Server({"/s": {"body": V1}}, max_requests=3) as srv:
        added(h, srv)
    agenda = h.starred("1")
    expect(h.sked("changes", "followconf"), 0, err="no earlier version of followconf")
    expect(h.sked("remove", "followconf"), 0, err="stopped following followconf")
    assert not h.exists(h.copy) and not h.exists(h.cache)
    assert h.read(h.agenda) == agenda
    expect(h.sked("list", "followconf"), 66)
    expect(h.sked("remove", "followconf"), 66, err="not a followed program")
    expect(h.sked("update", "lpc2023"), 66, err="not a followed program")


@test
def url_beside_a_name_that_is_nothing(h):
    # `sked follow URL` (there is no such command): "follow" names no
    # program, so nothing is downloaded nor followed.
    with httpd.Server({"/s": {"body": V1}}, max_requests=3) as srv:
        expect(h.sked("follow", srv.url("/s")), 66,
               err="no such file or conference: follow")
        c, o, e = expect(h.sked("follow", srv.url("/s")), 66,
                         err="nothing was followed (to follow a URL: sked "
                             "add URL, or sked URL)")
        assert srv.requests() == [], srv.requests()
    assert not h.exists(h.copy) and not h.exists(h.list)


@test
def sked_url_follows_then_opens(h):
    with httpd.Server({"/s": {"body": V1}}, max_requests=3) as srv:
        # Not a terminal: the browser prints the program as sked list does.
        code, out, err = expect(h.sked(srv.url("/s")), 0,
                                out="Follow Conference 2024 (followconf)")
        assert SUMMARY in err, err
    assert h.read(h.copy) == V1
    # Again, with the server gone: the copy kept opens.
    code, out, err = expect(h.sked(srv.url("/s")), 0, out="(followconf)")
    assert "keeping the copy from" in err, err


@test
def kill_during_update_keeps_old_copy(h):
    slow = {"body": V2, "stall": {"after": 100, "seconds": 20}}
    with httpd.Server({"/s": [{"body": V1}, slow]}, max_requests=5,
                      max_seconds=40) as srv:
        added(h, srv)
        agenda = h.starred("1", "2")
        p = subprocess.Popen([SKED, "update"], env=h.env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while len(srv.requests()) < 2 and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the first bytes of the body are in
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
        assert len(srv.requests()) == 2
    assert h.read(h.copy) == V1 and h.read(h.agenda) == agenda
    assert not h.exists(h.previous)
    expect(h.sked("list", "followconf"), 0, out="Kernel talk")


def pty_read(master, seen=b"", done=lambda s: False, idle=lambda: False,
             timeout=20):
    """seen and what the pty master gives after it, until done(seen), the
    pty's end, timeout seconds, or idle() is true while it is quiet."""
    deadline = time.time() + timeout
    while time.time() < deadline and not done(seen):
        r, _, _ = select.select([master], [], [], 0.2)
        if not r:
            if idle():
                break
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


@test
def progress_on_a_terminal(h):
    slow = {"body": V2, "stall": {"after": 100, "seconds": 1.5}}
    with httpd.Server({"/s": [{"body": V1}, slow]}, max_requests=5) as srv:
        added(h, srv)
        master, slave = pty.openpty()
        p = subprocess.Popen([SKED, "update"], env=h.env, stdout=subprocess.PIPE,
                             stderr=slave)
        os.close(slave)
        seen = pty_read(master, idle=lambda: p.poll() is not None)
        out = p.communicate(timeout=20)[0].decode()
        os.close(master)
    assert p.returncode == 0, (p.returncode, out, seen)
    assert "updated" in out, out
    text = seen.decode()
    assert "sked: downloading followconf: 1 kB of 1 kB" in text, text
    assert text.endswith("\r\x1b[K"), repr(text[-40:])


@test
def interrupted_progress_is_cleared(h):
    # Ctrl-C during a download on a terminal: the progress line goes, as
    # when the download ends, and the copy stays as it was.
    slow = {"body": V2, "stall": {"after": 100, "seconds": 4}}
    with httpd.Server({"/s": [{"body": V1}, slow]}, max_requests=5) as srv:
        added(h, srv)
        master, slave = pty.openpty()
        p = subprocess.Popen([SKED, "update"], env=h.env,
                             stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        seen = pty_read(master, done=lambda s: b"downloading" in s)
        p.send_signal(signal.SIGINT)
        p.wait(timeout=10)
        seen = pty_read(master, seen, idle=lambda: True)
        os.close(master)
    assert p.returncode == -signal.SIGINT, (p.returncode, seen)
    text = seen.decode()
    assert "sked: downloading followconf:" in text, text
    assert text.endswith("\r\x1b[K"), repr(text[-40:])
    assert h.read(h.copy) == V1


# A version whose session 1 (guid g-one) became 777, half an hour later.
G1 = """sked: 1
conference: {id: followconf, title: Follow Conference 2024,
             timezone: Europe/Berlin, start: 2024-03-04, end: 2024-03-05}
rooms:
  - {id: a, name: Room A}
sessions:
  - {id: "1", guid: g-one, title: Opening, room: a, start: 2024-03-04T09:00, duration: 30}
  - {id: "2", guid: g-two, title: Kernel talk, room: a, start: 2024-03-04T10:00, duration: 30}
"""
G2 = G1.replace('id: "1", guid: g-one, title: Opening, room: a, start: 2024-03-04T09:00',
                'id: "777", guid: g-one, title: Opening, room: a, start: 2024-03-04T09:30')
assert G2 != G1


@test
def changes_after_the_id_changed(h):
    """sked update moves the star to 777; sked changes still tells of it."""
    with httpd.Server({"/s": [{"body": G1}, {"body": G2}]}, max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1", "2")
        expect(h.sked("update"), 0,
               out="followconf: updated (1 change to starred sessions)")
    assert h.stars() == ["2", "777"]
    code, out, err = expect(h.sked("changes", "followconf"), 0)
    assert out.splitlines() == [
        "moved: Opening: Mon 4 March, 09:00–09:30 in Room A -> "
        "Mon 4 March, 09:30–10:00 in Room A"], (out, err)


# The same two sessions with their ids swapped: Opening (guid g-one) is
# now 2, Kernel talk (guid g-two) 1.
SWAPPED = G1.replace('id: "1", guid: g-one', 'id: "2", guid: g-one').replace(
    'id: "2", guid: g-two', 'id: "1", guid: g-two')
assert SWAPPED.count('id: "1"') == 1 and SWAPPED != G1
SHIM = os.environ.get("SKED_KILL_SHIM")


def killed_after_rename(h, path, *args):
    """Runs sked, killed (SIGKILL) the moment a rename puts a file at path
    (tests/kill_after_rename.c); returns its exit status."""
    asan = os.environ.get("ASAN_OPTIONS", "")
    env = {**h.env, "LD_PRELOAD": SHIM, "SKED_KILL_AFTER_RENAME": path,
           "ASAN_OPTIONS": f"{asan}:verify_asan_link_order=0".lstrip(":")}
    return subprocess.run([SKED, *args], env=env, capture_output=True,
                          timeout=60).returncode


@test
def changes_said_though_another_sked_moved_the_stars(h):
    """Another sked loads the program between the new copy's rename and
    the update's report, and moves the star first (Opening, 1 -> 2, its id
    swapped with Kernel talk's, and moved): the report still tells of
    Opening's move, from the stars as they were (on 2 it would be Kernel
    talk's, which did not change)."""
    if not SHIM:
        print("skip changes_said_though_another_sked_moved_the_stars: no SKED_KILL_SHIM")
        return
    moved = SWAPPED.replace("title: Opening, room: a, start: 2024-03-04T09:00",
                            "title: Opening, room: a, start: 2024-03-04T09:30")
    assert moved != SWAPPED
    with httpd.Server({"/s": [{"body": G1}, {"body": moved}]}, max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1")
        go = f"{h.dir}/go"
        asan = os.environ.get("ASAN_OPTIONS", "")
        env = {**h.env, "LD_PRELOAD": SHIM, "SKED_PAUSE_AFTER_RENAME": h.copy,
               "SKED_PAUSE_UNTIL": go,
               "ASAN_OPTIONS": f"{asan}:verify_asan_link_order=0".lstrip(":")}
        update = subprocess.Popen([SKED, "update"], env=env,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        try:
            for _ in range(3000):
                if h.read(h.copy) == moved:
                    break
                time.sleep(0.01)
            expect(h.sked("list", "followconf"), 0, out="Opening")
            assert h.stars() == ["2"]  # the other sked moved it
        finally:
            open(go, "w").close()
        out, err = update.communicate(timeout=60)
        assert update.returncode == 0, (out, err)
        out = out.decode()
        assert "followconf: updated (1 change to starred sessions)" in out, out
        assert "moved: Opening" in out, out
    assert h.stars() == ["2"]


@test
def changes_after_swapped_ids(h):
    """Opening (1) and Kernel talk (2) swap ids, and Opening moves and
    Kernel talk is retitled: the stars follow their talks by guid, and
    sked changes, later, tells of each talk's own change (on its new id,
    the star is not taken for the other talk's, which held that id
    before), as the update did."""
    moved = SWAPPED.replace(
        "title: Opening, room: a, start: 2024-03-04T09:00",
        "title: Opening, room: a, start: 2024-03-04T09:30").replace(
        "title: Kernel talk,", "title: Kernel talk 2,")
    assert moved.count("09:30") == 1 and "Kernel talk 2" in moved
    opening = ("moved: Opening: Mon 4 March, 09:00–09:30 in Room A -> "
               "Mon 4 March, 09:30–10:00 in Room A")
    kernel = "retitled: Kernel talk -> Kernel talk 2"
    # Both starred: the stars stay on 1 and 2, which now name the other
    # talks, so sked changes, in the agenda's order, tells of Kernel talk
    # first.
    for starred, now, want, later in (
            (["1"], ["2"], [opening], [opening]),
            (["2"], ["1"], [kernel], [kernel]),
            (["1", "2"], ["1", "2"], [opening, kernel], [kernel, opening])):
        home = Home()
        try:
            with httpd.Server({"/s": [{"body": G1}, {"body": moved}]},
                              max_requests=5) as srv:
                expect(home.sked("add", srv.url("/s")), 0)
                home.starred(*starred)
                code, out, err = expect(home.sked("update"), 0)
                n = len(want)
                assert out.splitlines() == [
                    f"followconf: updated ({n} change{'s' if n > 1 else ''} "
                    "to starred sessions)"] + ["  " + w for w in want], (
                    starred, out, err)
            assert sorted(home.stars()) == now, (starred, home.stars())
            code, out, err = expect(home.sked("changes", "followconf"), 0)
            assert out.splitlines() == later, (starred, out, err)
        finally:
            shutil.rmtree(home.dir, ignore_errors=True)


@test
def swapped_ids_killed_after_the_copy_is_saved(h):
    """Killed after the new copy is in place, before the stars moved: the
    star on 1 (Opening) would now name Kernel talk. The next sked puts it
    on Opening's new id, once."""
    if not SHIM:
        print("skip swapped_ids_killed_after_the_copy_is_saved: no SKED_KILL_SHIM")
        return
    with httpd.Server({"/s": [{"body": G1}, {"body": SWAPPED},
                              {"body": SWAPPED}]}, max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1")
        assert killed_after_rename(h, h.copy, "update") == -signal.SIGKILL
        assert h.read(h.copy) == SWAPPED and h.read(h.previous) == G1
        assert h.stars() == ["1"]  # as the kill left them
        code, out, err = expect(h.sked("agenda", "followconf"), 0,
                                out="Opening")
        assert "Kernel talk" not in out, out
        assert h.stars() == ["2"]
        expect(h.sked("update"), 0, out="followconf: unchanged")
    assert h.stars() == ["2"]
    code, out, err = expect(h.sked("agenda", "followconf"), 0, out="Opening")
    assert "Kernel talk" not in out and err == "", (out, err)


@test
def swapped_ids_killed_before_the_copy_is_saved(h):
    """Killed before the new copy is in place: the star stays on 1, which
    is Opening still, and the next update moves it with the copy."""
    if not SHIM:
        print("skip swapped_ids_killed_before_the_copy_is_saved: no SKED_KILL_SHIM")
        return
    with httpd.Server({"/s": [{"body": G1}, {"body": SWAPPED},
                              {"body": SWAPPED}]}, max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1")
        assert killed_after_rename(h, h.previous, "update") == -signal.SIGKILL
        assert h.read(h.copy) == G1
        expect(h.sked("agenda", "followconf"), 0, out="Opening")
        assert h.stars() == ["1"]
        expect(h.sked("update"), 0, out="followconf: updated")
    assert h.read(h.copy) == SWAPPED and h.stars() == ["2"]
    code, out, err = expect(h.sked("agenda", "followconf"), 0, out="Opening")
    assert "Kernel talk" not in out, out


@test
def moves_kept_while_the_copy_cannot_be_read(h):
    """Star moves pending while the copy is there but cannot be read (a
    directory in its place): they may be the copy's, so they are kept
    (the update fails and says so), and made once the copy reads again."""
    if not SHIM:
        print("skip moves_kept_while_the_copy_cannot_be_read: no SKED_KILL_SHIM")
        return
    with httpd.Server({"/s": [{"body": G1}, {"body": SWAPPED},
                              {"body": SWAPPED}]}, max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1")
        assert killed_after_rename(h, h.copy, "update") == -signal.SIGKILL
        journal = h.agenda + ".moves"
        assert h.exists(journal)
        os.rename(h.copy, h.copy + ".aside")
        os.mkdir(h.copy)
        code, out, err = expect(h.sked("update"), 73,
                                out="followconf: failed: ")
        assert "cannot read " + h.copy in out, out
        assert h.exists(journal) and h.stars() == ["1"]
        os.rmdir(h.copy)
        os.rename(h.copy + ".aside", h.copy)
        expect(h.sked("agenda", "followconf"), 0, out="Opening")
    assert h.stars() == ["2"] and not h.exists(journal)


@test
def moves_wait_for_the_agenda_lock_and_say_so(h):
    """Star moves pending while another process holds the agenda's lock:
    sked list says it waits, and makes them once the lock is free."""
    import fcntl
    import threading
    if not SHIM:
        print("skip moves_wait_for_the_agenda_lock_and_say_so: no SKED_KILL_SHIM")
        return
    with httpd.Server({"/s": [{"body": G1}, {"body": SWAPPED}]},
                      max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1")
        assert killed_after_rename(h, h.copy, "update") == -signal.SIGKILL
    fd = os.open(h.agenda + ".lock", os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    timer = threading.Timer(2.5, os.close, (fd,))
    timer.start()
    try:
        code, out, err = expect(h.sked("list", "followconf"), 0,
                                out="Opening")
    finally:
        timer.join()
    assert ("waiting for the agenda lock held by process %d..." % os.getpid()
            ) in err, err
    assert h.stars() == ["2"]


@test
def a_journal_not_sked_s_is_set_aside_and_said(h):
    """Star moves that are not as sked writes them: set aside, said by the
    next command, never applied, and nothing stops."""
    with httpd.Server({"/s": {"body": G1}}, max_requests=3) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
    h.starred("1")
    journal = h.agenda + ".moves"
    with open(journal, "w") as f:
        f.write("# sked moves 1 followconf\nkey x\ntoken y\n1 2\n1 3\n")
    code, out, err = expect(h.sked("list", "followconf"), 0, out="Opening")
    assert "were set aside as " + journal + ".corrupt-" in err, err
    assert not h.exists(journal) and h.stars() == ["1"]
    code, out, err = expect(h.sked("list", "followconf"), 0)
    assert err == "", err


@test
def html_error_page_said_once(h):
    page = "<!DOCTYPE html>\n<html><body><h1>Maintenance</h1></body></html>\n"
    with httpd.Server({"/h": {"body": page, "headers": {"Content-Type": "text/html"}},
                       "/s": [{"body": V1}, {"body": page}]}, max_requests=5) as srv:
        why = ("1:1: not a schedule sked can read: expected frab/pretalx XML, "
               "c3voc schedule.json, Indico timetable JSON, iCalendar or sked YAML")
        code, out, err = expect(h.sked("add", srv.url("/h")), 65)
        assert err == f"{srv.url('/h')}:{why}\n", err
        added(h, srv)
        code, out, err = expect(h.sked("update"), 65)
        # The reason in the program's line, not again on stderr.
        assert out.startswith(f"followconf: failed: {srv.url('/s')}:{why} ("), out
        assert err == "", err


@test
def feed_id_starting_with_dashes(h):
    feed = V1.replace("{id: followconf,", "{id: --help,")
    assert feed != V1
    with httpd.Server({"/s": {"body": feed}}, max_requests=3) as srv:
        expect(h.sked("add", srv.url("/s")), 0, out="help: Follow Conference 2024")
    assert h.read(h.list).splitlines()[1].startswith("help http://"), h.read(h.list)
    expect(h.sked("list", "help"), 0, out="(help)")
    expect(h.sked("add", "--name", "-x", srv.url("/s")), 64, err="-x is not an id")


@test
def add_says_the_warnings(h):
    # A feed with a warning: sked add says it, once, when it can still be
    # acted on (a zone derived from the times: --timezone); updates that
    # change nothing say nothing.
    feed = open(os.path.join(SRC, "tests/data/samples/frab-xml/36c3-stages.xml")).read()
    with httpd.Server({"/z": {"body": feed}}, max_requests=3) as srv:
        code, out, err = expect(h.sked("add", srv.url("/z")), 0, out="36c3:")
        assert "warning: the file names no time zone" in err, err
        assert "--timezone Europe/Berlin" in err, err
        code, out, err = expect(h.sked("update"), 0, out="36c3: unchanged")
        assert "warning" not in err, err


@test
def failed_save_is_remembered(h):
    with httpd.Server({"/s": [{"body": V1}, {"body": V2}]}, max_requests=5) as srv:
        added(h, srv)
        # ID.new cannot be written (a directory there; the tests may run
        # as root, who may write anywhere).
        os.makedirs(h.copy + ".new/x")
        c, out, err = expect(h.sked("update"), 73, out="followconf: failed: ")
    assert h.read(h.copy) == V1
    code, out, err = expect(h.sked("programs"), 0, out="last update failed")
    assert "cannot write" in out or "cannot" in out, out
    row = [json.loads(line) for line in
           h.sked("programs", "--format", "json")[1].splitlines()
           if '"followconf"' in line][0]
    assert row["error"], row


@test
def moves_not_made_keep_the_copy_and_are_remembered(h):
    """Star moves pending that cannot be made (the agenda's lock cannot be
    taken): the update fails, says the copy is kept, and sked programs
    says it failed."""
    with httpd.Server({"/s": [{"body": G1}, {"body": SWAPPED}]},
                      max_requests=5) as srv:
        expect(h.sked("add", srv.url("/s")), 0)
        h.starred("1")
        with open(h.agenda + ".moves", "w") as f:
            f.write("# sked moves 1 followconf\nkey x\ntoken y\n1 2\n")
        os.unlink(h.agenda + ".lock")
        os.mkdir(h.agenda + ".lock")
        code, out, err = expect(h.sked("update"), 73,
                                out="followconf: failed: ")
        assert "keeping the copy from" in out, out
    assert h.read(h.copy) == G1 and h.stars() == ["1"]
    code, out, err = expect(h.sked("programs"), 0, out="last update failed")
    assert "have not all followed" in out, out


@test
def validators_of_a_304_kept(h):
    """A server rotating weak ETags: the 304's is sent next time."""
    with httpd.Server({"/s": [{"body": V1, "etag": 'W/"a"'},
                              {"status": 304, "headers": {"ETag": 'W/"b"'}},
                              {"body": V1, "etag": 'W/"b"'}]},
                      max_requests=5) as srv:
        added(h, srv)
        expect(h.sked("update"), 0, out="followconf: unchanged")
        expect(h.sked("update"), 0, out="followconf: unchanged")
        log = srv.requests()
        assert [r["if_none_match"] for r in log] == [None, 'W/"a"', 'W/"b"'], log
    assert 'etag W/"b"' in h.read(h.cache)


print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
