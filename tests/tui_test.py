#!/usr/bin/env python3
"""Terminal tests: the real sked runs inside tmux (a private server, no
configuration, fixed sizes); keys go in with send-keys, the screen comes
back with capture-pane, and the assertions read it.

usage: tui_test.py SKED SRCDIR"""
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time
import unicodedata

SKED, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(SRC)
SOCKET = f"sked-test-{os.getpid()}"
KEYMAP = open("src/tui/keymap.c").read()
results = {"passed": 0, "failed": 0, "skipped": 0}


class Skip(Exception):
    """A test that cannot run here (it says why): counted as skipped. In CI
    (CI=true) it fails instead, unless why_not_ci says why it cannot run
    there either (tests/skip.sh has the same rule)."""

    def __init__(self, why, why_not_ci=None):
        super().__init__(why + (f" ({why_not_ci})" if why_not_ci else ""))
        self.why_not_ci = why_not_ci
# Under sanitizers, reports go to files that must stay empty: a report at
# exit from a pane nobody reads would otherwise pass unseen.
# The agenda file's lines of two LPC 2023 stars: the id, and a note of what
# its session is.
N66 = "66  # How to reduce complexity in Proxy Execution, Mon 13 November, 11:25–11:45 America/New_York\n"
N225 = "225  # Quality in embargoed patches, Mon 13 November, 11:30–11:55 America/New_York\n"
SANITIZE = os.environ.get("SKED_SANITIZE", "none") not in ("", "none")
SANLOG = f"/tmp/sked-test-{os.getpid()}-sanitizer"
SANENV = {}
if SANITIZE:
    os.makedirs(SANLOG, exist_ok=True)
    SANENV = {"ASAN_OPTIONS": f"detect_leaks=1:log_path={SANLOG}/asan",
              "UBSAN_OPTIONS": f"halt_on_error=1:print_stacktrace=1:log_path={SANLOG}/ubsan"}


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
                          capture_output=True, text=True, check=check).stdout


class Pane:
    """One sked in one tmux window of a given size."""

    def __init__(self, args, cols=80, lines=24, env=None):
        # A private state directory unless the test names one: no test
        # touches the real ~/.local/state.
        env = {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "XDG_STATE_HOME": f"/tmp/sked-test-{os.getpid()}-state",
               "XDG_DATA_HOME": f"/tmp/sked-test-{os.getpid()}-data",
               # Nothing followed but what a test follows.
               "XDG_CONFIG_HOME": f"/tmp/sked-test-{os.getpid()}-config",
               "XDG_CACHE_HOME": f"/tmp/sked-test-{os.getpid()}-cache",
               **SANENV, **(env or {})}
        cmd = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
        # sked's exit status goes to a file; the shell then keeps the pane.
        self.status_file = f"/tmp/sked-test-{os.getpid()}.status"
        if os.path.exists(self.status_file):
            os.unlink(self.status_file)
        cmd = (f"env {cmd} {SKED} " + " ".join(shlex.quote(a) for a in args) +
               f"; echo $? >{self.status_file}; sleep 60")
        tmux("kill-server", check=False)
        for attempt in range(50):  # the last server may still be going
            r = subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", "new-session",
                                "-d", "-x", str(cols), "-y", str(lines), cmd],
                               capture_output=True, text=True)
            if r.returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"tmux new-session failed: {r.stderr}")
        tmux("set-option", "-g", "remain-on-exit", "on")
        tmux("set-option", "-g", "set-clipboard", "on")

    def screen(self, escapes=False):
        return tmux("capture-pane", "-p", *(["-e"] if escapes else []))

    def keys(self, *keys):
        for k in keys:
            tmux("send-keys", k)
        time.sleep(0.05)

    def wait(self, pattern, timeout=5.0):
        """Waits until the screen matches pattern and has settled (the
        same on a second look: tmux may be captured halfway through a
        frame, with the heading drawn and the rows not yet); returns it."""
        end = time.time() + timeout
        while True:
            s = self.screen()
            if re.search(pattern, s, re.M):
                time.sleep(0.03)
                again = self.screen()
                if again == s:
                    return s
            if time.time() > end:
                raise AssertionError(f"screen never showed {pattern!r}:\n{s}")
            time.sleep(0.05)

    def gone(self, pattern, timeout=5.0):
        end = time.time() + timeout
        while re.search(pattern, self.screen(), re.M):
            if time.time() > end:
                raise AssertionError(f"screen still shows {pattern!r}")
            time.sleep(0.05)

    def exit_status(self, timeout=5.0):
        """sked's exit status once it has ended."""
        end = time.time() + timeout
        while True:
            if os.path.exists(self.status_file):
                status = open(self.status_file).read().strip()
                if status:
                    os.unlink(self.status_file)
                    return int(status)
            if time.time() > end:
                raise AssertionError("sked did not end")
            time.sleep(0.05)

    def quit(self):
        """Q, and sked ends with exit status 0."""
        self.keys("Q")
        assert self.exit_status() == 0

    def mouse(self, button, x, y):
        """Types the terminal's X10 mouse report of a press and release of
        button (0 left, 64/65 wheel up/down) at column x, line y (0-based),
        as xterm sends it; ncurses reads it as KEY_MOUSE."""
        def report(b):
            return "\x1b[M" + chr(32 + b) + chr(33 + x) + chr(33 + y)
        tmux("send-keys", "-l", report(button))
        if button < 64:
            tmux("send-keys", "-l", report(3))  # release

    def kill(self, sig):
        shell = tmux("display-message", "-p", "#{pane_pid}").strip()
        subprocess.run(["pkill", f"-{sig}", "-P", shell], check=True)


# SKED_TUI_ONLY=name,name runs only those tests (while working on them).
ONLY = [n for n in os.environ.get("SKED_TUI_ONLY", "").split(",") if n]
# SKED_TUI_SHARD=K/N runs the K-th of every N tests (K from 0): meson runs
# the N shards side by side, each a process of its own (its own tmux
# server, state directories and files, all named by its pid).
SHARD = os.environ.get("SKED_TUI_SHARD", "0/1")
SHARD_K, SHARD_N = (int(x) for x in SHARD.split("/"))
assert 0 <= SHARD_K < SHARD_N, SHARD
defined = [0]


def type_query(p, text):
    """Types a search query after /, key by key."""
    for c in text:
        p.keys("Space" if c == " " else c)


def export_to(p, path):
    """Opens the export prompt (e), types path over its text and presses
    Enter."""
    p.keys("e", "C-u")
    type_query(p, path)
    p.keys("Enter")


def new_home(tag):
    """A new, empty HOME for one test (its data under HOME/data): the
    directory and the environment that names it."""
    home = f"/tmp/sked-test-{os.getpid()}{tag}"
    subprocess.run(["rm", "-rf", home])
    os.makedirs(home)
    return home, {"HOME": home, "XDG_DATA_HOME": f"{home}/data"}


def tmpfs(tag):
    """A new 64 KiB tmpfs mounted at a directory of its own (the caller
    unmounts it); Skip where mounting is not allowed."""
    fs = f"/tmp/sked-test-{os.getpid()}-{tag}"
    os.makedirs(fs, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", fs],
                      capture_output=True).returncode != 0:
        os.rmdir(fs)
        raise Skip("cannot mount a tmpfs", "mounting needs root and a container that grants mounts")
    return fs


def untmpfs(fs):
    """Unmounts and removes tmpfs(): the sked using it ended first."""
    tmux("kill-server", check=False)
    time.sleep(0.2)
    subprocess.run(["umount", fs])
    os.rmdir(fs)


def config_home(name, text):
    """An XDG_CONFIG_HOME whose sked/config holds text."""
    home = f"/tmp/sked-test-{os.getpid()}-cfg-{name}"
    subprocess.run(["rm", "-rf", home])
    os.makedirs(f"{home}/sked")
    open(f"{home}/sked/config", "w").write(text)
    return home


def test(fn):
    defined[0] += 1
    if (defined[0] - 1) % SHARD_N != SHARD_K:
        return fn
    if ONLY and fn.__name__ not in ONLY:
        return fn
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {fn.__name__}")
    except Skip as e:
        if os.environ.get("CI") == "true" and not e.why_not_ci:
            results["failed"] += 1
            print(f"FAIL {fn.__name__}: skipped in CI without saying why it cannot run there: {e}")
        else:
            results["skipped"] += 1
            print(f"skip {fn.__name__}: {e}")
    except Exception as e:  # report and go on with the next test
        results["failed"] += 1
        print(f"FAIL {fn.__name__}: {e}")
    finally:
        tmux("kill-server", check=False)
    return fn


def agenda_home(tag, agenda):
    """A private HOME, its data directory holding lpc2023's agenda file
    with the text agenda (for XDG_DATA_HOME=HOME/data); made anew."""
    home, _ = new_home(f"-{tag}")
    os.makedirs(f"{home}/data/sked")
    with open(f"{home}/data/sked/lpc2023.agenda", "w") as f:
        f.write(agenda)
    return home


def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@test
def start_view():
    p = Pane(["data/lpc2023.yaml"])
    s = p.wait("Linux Plumbers Conference 2023")
    assert "Day 1: Monday 13 November 2023" in s, s
    # One line per session: three start at 09:30, the time said once,
    # in the first row, with the count; the others give their end.
    assert re.search(r"^ 09:30–09:35 x3  riscv +Introduction", s, re.M), s
    assert re.search(r"^ {6}–09:40 {5}testing +Welcome!", s, re.M), s
    assert re.search(r"^ 09:35–09:55 {5}riscv +Deprecating Stuff", s, re.M), s
    assert "09:30\n" not in s and " 09:30 " not in s, s  # no heading line
    assert "Mon 13" in s and "Wed 15" in s and "America/New_York" in s
    # A title that fills the row to its end is shown whole (it was cut
    # two columns short, for a " …" saying its speaker is left out, and
    # those two columns stayed empty); one longer ends in "…".
    assert re.search(r"^ 09:40–10:05 +testing +the path to achieve a "
                     r"bug-free build on the mainline$", s, re.M), s
    assert re.search(r"^ 10:05–10:30 +testing +Storing and Outputting "
                     r"Test Information: KUnit Attri\u2026$", s, re.M), s


@test
def day_switching():
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1: Monday")
    p.keys("Tab")
    p.wait("Day 2: Tuesday 14 November 2023")
    s = p.wait("No sessions on this day")
    # An empty day says where the sessions are.
    assert "u lists the 1 session without a time." in s, s
    assert "Tab and Shift-Tab go to the next and previous day" in s, s
    p.keys("]")
    s = p.wait("Day 3: Wednesday")
    assert re.search(r"09:30–10:00 +vfio +Improve Xeon IRQ throughput", s), s
    p.keys("BTab")
    p.wait("Day 2: Tuesday")
    p.keys("[")
    p.wait("Day 1: Monday")
    p.keys("3")
    p.wait("Day 3: Wednesday")
    p.keys("1")
    p.wait("Day 1: Monday")
    p.keys("9")
    p.wait("The conference has 3 days")
    p.keys("[")
    p.wait("Already on the first day")
    p.keys("3")
    p.wait("Day 3: Wednesday")
    p.keys("]")
    p.wait("Already on the last day")


@test
def tracks_track_detail_and_back():
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30)
    p.wait("Day 1")
    p.keys("t")
    s = p.wait("^ Tracks")
    assert re.search(r"rt +Real-time and Scheduling MC +10 sessions", s), s
    # The counts in a column, right-aligned, whatever the names' widths.
    ends = {line.index(" sessions") for line in s.splitlines()
            if " sessions" in line}
    assert len(ends) == 1, s
    assert re.search(r"^ kvm +KVM {10,}0 sessions  — Paolo", s, re.M), s
    for _ in range(13):  # android ... rt is the 14th track
        p.keys("j")
    p.keys("Enter")
    # A track opens on its sessions, the first selected, none of its
    # description on the screen (LPC's is longer than the screen); the
    # description and leads are one key (i) away, whole from their start.
    s = p.wait("^ Real-time and Scheduling MC")
    lines = s.splitlines()
    assert lines[2:5] == [" i: the track's description and leads",
                          " Monday 13 November 2023",
                          " 09:30–09:55  Welcome message and DL Server — Daniel Bristot de Oliveira"], s
    assert "micro-conference" not in s and "Leads:" not in s, s
    assert re.search(r"^ 1/10 ", s, re.M), s  # the first session selected
    p.keys("i")
    s = p.wait("^ Real-time and Scheduling MC: description")
    assert s.splitlines()[2].startswith("  The real-time and scheduling micro-conference"), s
    p.keys("G")
    s = p.wait("Leads: Daniel Bristot de Oliveira, Juri Lelli")
    # Not offered as "description" in the description: q goes back.
    assert "i description" not in s and "q back" in s, s
    p.keys("i")  # i again (or Esc, q): the sessions, as they were
    s = p.wait("^ Real-time and Scheduling MC$")
    assert re.search(r"^ 1/10 ", s, re.M), s
    p.keys("Enter")
    s = p.wait("^ Session")
    assert "Welcome message and DL Server" in s, s
    assert "Monday 13 November 2023, 09:30–09:55 America/New_York" in s, s
    assert re.search(r"Speakers +Daniel Bristot de Oliveira \(Red Hat, Inc\.\)", s), s
    assert "Duration: 25 min" in s, s
    assert re.search(r"^  Id +217$", s, re.M), s  # what `sked star` takes
    p.keys("J")  # the next session of the track
    p.wait("Do nothing fast: How to scale idle cpus")
    p.keys("K")
    p.wait("Welcome message and DL Server")
    p.keys("Escape")
    p.wait("^ Real-time and Scheduling MC")
    p.keys("h")
    p.wait("^ Tracks")
    p.keys("i")  # in the tracks, the selected one's description
    p.wait("^ Real-time and Scheduling MC: description")
    p.keys("Escape")
    p.wait("^ Tracks")
    p.keys("q")  # the tracks are at the top: q goes to the day list
    p.wait("^ Day 1")
    p.keys("q")  # the day list: q quits, with status 0
    assert p.exit_status() == 0


@test
def speakers_and_unscheduled():
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30)
    p.wait("Day 1")
    p.keys("p")
    s = p.wait("^ Speakers and authors")
    # sorted by family name: Almeida, Brown, Cañuelo, ...
    names = [re.sub(r" *(\(.*)?\d+ sessions?$", "", l).strip()
             for l in s.splitlines()[2:6]]
    assert names == ["André Almeida", "Len Brown", "Ricardo Cañuelo",
                     "Himanshu Chauhan"], names
    p.keys("Enter")
    p.wait("^ André Almeida")
    p.wait("Adaptive userspace spinlocks with rseq")
    p.keys("u")
    s = p.wait("^ Unscheduled sessions")
    assert "newidle load balance optimization" in s, s


@test
def speakers_sorted_by_family_name_not_handle():
    # FOSDEM writes handles after names ("Fabien Benetou (@Utopiah)"):
    # the family name is the last word before it, not the handle.
    p = Pane(["tests/data/samples/frab-xml/fosdem-2021.xml"])
    p.wait("FOSDEM 2021")
    p.keys("p")
    s = p.wait("^ Speakers and authors")
    first = s.splitlines()[2]
    assert first.startswith(" Mahmoud Abdelghany "), s
    assert "(@" not in s, s
    p.quit()


@test
def speakers_and_filter_values_sorted_accents_and_case_aside():
    # The speakers sorted by raw bytes: "Björn Töpel" after "Akira
    # Tsukamoto", "Clément Léger" after "philip Li". By the family name
    # folded (Topel, Leger, li), then the given names, then the bytes.
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("p")
    s = p.wait("^ Speakers and authors")
    names = [re.sub(r" *(\(.*)?\d+ sessions?$", "", l).strip()
             for l in s.splitlines()[2:-1]]
    p.keys("G")
    s = p.wait("^ 41/41 ")
    names += [re.sub(r" *(\(.*)?\d+ sessions?$", "", l).strip()
              for l in s.splitlines()[2:-1] if l.strip() not in names]
    for before, after in (("Shuah Khan", "Clément Léger"),
                          ("Clément Léger", "Sasha Levin"),
                          ("Sasha Levin", "philip Li"),
                          ("philip Li", "Rae Moar"),
                          ("Kevin Tian", "Björn Töpel"),
                          ("Björn Töpel", "Akira Tsukamoto")):
        assert before in names and after in names, (before, after, names)
        assert names.index(before) < names.index(after), (before, after, names)
    # The filters' types likewise: "lecture" with "Lecture", "podium"
    # before "Screening" (not after every capital).
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    p.wait("36th Chaos")
    p.keys("f")
    p.wait("^ Filters")
    p.keys("G")
    time.sleep(0.3)
    s = p.screen()
    values = re.findall(r"^  \[ \] (.*?)  +\d+ sessions?$", s, re.M)
    for before, after in (("Lecture", "lecture"), ("lecture", "Lightning Talk"),
                          ("Lightning Talk", "lightning_talk"),
                          ("performance", "Plenum"), ("podium", "Screening")):
        assert before in values and after in values, (before, after, s)
        assert values.index(before) < values.index(after), (before, after, s)
    p.quit()


@test
def programs_view_keeps_dates_whole_when_narrow():
    # At 40 columns the title is cut in its own column: its year, kept
    # when there is room, was drawn over the dates ("6–7 Feb 202… 2021").
    p = Pane(["tests/data/samples/frab-xml/fosdem-2021.xml", "lpc2023"],
             cols=80, lines=12)
    p.wait("Linux Plumbers")
    p.keys("P")
    p.wait("^ Programs")
    tmux("resize-window", "-x", "40", "-y", "12")
    s = p.wait("FOSDEM…")
    assert re.search(r"fosdem-2021 +6–7 Feb 2021 +FOSDEM…", s), s
    assert re.search(r"lpc2023 +13–15 Nov 2023 +Linux", s), s
    p.quit()


@test
def grid_one_line_blocks_cut_inside_words():
    # 36C3's lightning talks, five minutes each: a line a talk. A title
    # whose first word does not fit was cut at it, leaving its start time
    # alone ("11:55…").
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    p.wait("36th Chaos")
    p.keys("Tab", "g")
    s = p.wait("^ Grid, day 2")
    assert "┃ 11:55 PathAudit…┃" in s, s
    assert "11:55…" not in s and "12:20…" not in s, s
    p.quit()


@test
def filtered_agenda_counts_the_conflicts_it_shows():
    # 323 (riscv) and 272 (testing) clash; with the riscv track only, the
    # agenda's title counted 2 in conflict where the status line and the
    # ! marks say 1.
    home = agenda_home("home-fconf", "# sked agenda 1 lpc2023\n323\n272\n")
    p = Pane(["data/lpc2023.yaml"], env={"HOME": home,
                                         "XDG_DATA_HOME": f"{home}/data",
                                         "XDG_STATE_HOME": f"{home}/state"})
    p.wait("Day 1")
    p.keys("a")
    p.wait("^ Agenda: 2 starred, 2 in conflict")
    p.keys("q", "f")
    p.wait("^ Filters")
    p.keys("j", "j", "Space", "q", "a")  # the riscv track only
    s = p.wait("^ Agenda: 1 of 2 starred shown, 1 in conflict  filter: "
               "track riscv")
    assert "1 in conflict (!)" in s.splitlines()[-1], s
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def grid_title_says_the_columns_of_the_same_frame():
    # Scrolling sideways: the title's room range was the last frame's
    # ("rooms 1–4" over Borg..Eliza, rooms 2–5) until a later redraw.
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    p.wait("36th Chaos")
    p.keys("Home", "g")
    p.wait("rooms 1–4 of 12")
    p.keys("l", "l", "l", "l")
    seen = 0
    deadline = time.time() + 3
    while time.time() < deadline:
        s = p.screen()
        head = s.splitlines()[2] if len(s.splitlines()) > 2 else ""
        if "│Borg" in head and "│Eliza" in head:
            seen += 1
            assert "rooms 2–5 of 12" in s.splitlines()[1], s
        time.sleep(0.01)
    assert seen > 0, p.screen()
    p.quit()


HIGHLIGHT = re.compile(r"\x1b\[[0-9;]*43m")  # the yellow of a match


def highlighted(raw_line):
    """The texts drawn with the match highlight on a captured line."""
    out, on = [], False
    for part in re.split(r"(\x1b\[[0-9;]*m)", raw_line):
        if part.startswith("\x1b["):
            codes = part[2:-1].split(";")
            if "43" in codes:
                on = True
            elif "49" in codes or part == "\x1b[0m" or part == "\x1b[m":
                on = False
        elif on and part:
            out.append(part)
    return out


@test
def search_incremental_highlight_and_n():
    state = f"/tmp/sked-test-state-{os.getpid()}"
    subprocess.run(["rm", "-rf", state])
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30,
             env={"XDG_STATE_HOME": state})
    p.wait("Day 1")
    p.keys("/", "k")
    p.wait("^ Search: ")
    p.keys("u", "n")
    s = p.wait("^ Search: 2 sessions")
    assert s.splitlines()[-1].startswith("/kun"), s
    assert "2 matches" in s.splitlines()[-1], s
    raw = p.screen(escapes=True).splitlines()
    line = next(l for l in raw if "Storing and Outputting" in l)
    assert highlighted(line) == ["KUn"], highlighted(line)
    # A bad pattern: the error shows, the last good results stay.
    p.keys("Space", "t", "(")
    s = p.wait("at 6: missing closing parenthesis")
    assert "Search: 2 sessions" in s and "Testing Drivers with KUnit" in s, s
    for _ in range(3):
        p.keys("BSpace")
    p.keys("i", "t")
    p.wait("/kunit ")
    p.keys("Enter")  # opens the first result
    s = p.wait("^ Session")
    raw = p.screen(escapes=True).splitlines()
    title = next(l for l in raw if "Storing and Outputting" in l)
    assert highlighted(title) == ["KUnit"], highlighted(title)
    assert any(highlighted(l) == ["KUnit"] for l in raw if "I have been working on the new" in l)
    p.keys("n")  # the next result, in the detail
    p.wait("Testing Drivers with KUnit \\(Does hardware")
    p.keys("N")
    p.wait("^  Storing and Outputting")
    p.keys("Escape")  # back to the results
    s = p.wait("^ Search: 2 sessions")
    p.keys("n")
    p.wait("^ 2/2 ")
    p.keys("n")
    p.wait("Search wrapped")
    p.keys("Escape", "d")  # from the day program, n finds the matches too
    s = p.wait("^ Day 1")
    p.keys("n")
    p.wait("^ 8/26 ")  # 10:05 KUnit attributes is the 8th session
    p.keys("n")
    p.wait("^ 11/26 ")  # 10:30 Testing Drivers with KUnit
    p.quit()
    # The query is in the history, kept across runs.
    assert open(f"{state}/sked/history").read() == "kunit\n"
    p = Pane(["data/lpc2023.yaml"], env={"XDG_STATE_HOME": state})
    p.wait("Day 1")
    # Up leaves the line being typed for the history; Down past the
    # newest entry brings it back (it came back empty).
    p.keys("/")
    type_query(p, "rcu")
    p.keys("Up")
    p.wait("^/kunit")
    p.keys("Down")
    p.wait("^/rcu ")
    p.keys("Up")
    p.wait("^/kunit")
    p.wait("^ Search: 2 sessions")
    p.keys("Escape")
    s = p.wait("^ Day 1")
    p.keys("n")  # no search now: n opens the now view again
    p.wait("^ Now: ")
    p.wait("The conference is over")
    subprocess.run(["rm", "-rf", state])


@test
def search_accents():
    p = Pane(["data/lpc2023.yaml"], cols=140)
    p.wait("Day 1")
    for k in "/canuelo":
        p.keys(k)
    s = p.wait("^ Search: 1 session")
    raw = p.screen(escapes=True).splitlines()
    line = next(l for l in raw if "Unifying and improving" in l)
    assert highlighted(line) == ["Cañuelo"], highlighted(line)

    # Letters with no accent to strip fold by transliteration; the
    # highlight covers the whole original letter (the ß of "gross").
    p = Pane(["tests/data/letters.yaml"], cols=100)
    p.wait("Day 1")
    for k in "/gross":
        p.keys(k)
    s = p.wait("^ Search: 1 session")
    plain, raw = s.splitlines(), p.screen(escapes=True).splitlines()
    i = next(i for i, l in enumerate(plain) if "Refactoring" in l)
    assert highlighted(raw[i]) == ["Groß", "Groß"], highlighted(raw[i])


@test
def search_highlights_values_not_labels():
    p = Pane(["data/lpc2023.yaml"], cols=120, lines=40)
    p.wait("Day 1")
    for k in "/ak":
        p.keys(k)
    p.wait("^ Search: ")
    p.keys("Enter")  # the first result: its abstract matches
    s = p.wait("^ Session")
    assert "Welcome message and DL Server" in s, s
    raw = p.screen(escapes=True).splitlines()
    line = next(l for l in raw if "Daniel Bristot de Oliveira (Red Hat" in l)
    assert highlighted(line) == [], highlighted(line)  # not Spe[ak]ers
    # ^ applies to each speaker, not only the first: session 62's second.
    p.keys("Escape", "Escape", "/")
    for k in "speaker:^Mathieu":
        p.keys(k)
    s = p.wait("^ Search: 2 sessions")
    raw = p.screen(escapes=True).splitlines()
    line = next(l for l in raw if "Adaptive userspace spinlocks" in l)
    assert highlighted(line) == ["Mathieu"], highlighted(line)
    p.keys("Tab", "Down", "Enter")  # Tab keeps the list; the second result
    s = p.wait("^ Session")
    assert "Adaptive userspace spinlocks with rseq" in s, s
    # (highlights split the raw lines: find them on the plain screen)
    plain, raw = s.splitlines(), p.screen(escapes=True).splitlines()
    rows = [i for i, l in enumerate(plain) if "Mathieu Desnoyers (EfficiOS" in l]
    assert len(rows) == 2, s  # speaker and author
    for i in rows:
        assert highlighted(raw[i]) == ["Mathieu"], highlighted(raw[i])


def result_row(p, text):
    """The first line of the screen holding text, and its highlights."""
    s = p.screen()
    plain, raw = s.splitlines(), p.screen(escapes=True).splitlines()
    i = next(i for i, l in enumerate(plain) if text in l)
    return plain[i], highlighted(raw[i])


@test
def search_result_shows_the_speaker_that_matched():
    """A result row whose title would cut off the speaker who matched
    shortens the title to show the name, highlighted, within its width;
    a match past the title's cut, or in an affiliation (never in a row),
    shows as well."""
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=24)
    p.wait("Day 1")
    p.keys("/")
    type_query(p, "speaker:ss")
    p.wait("^ Search: 1 session")
    line, hl = result_row(p, "Improving CPU")
    assert line.rstrip().endswith("\u2026 \u2014 Leonardo Bras Soares Passos"), line
    assert hl == ["ss"], hl
    assert width(line.rstrip()) <= 79, line
    # The match past the title's cut: the title from before it.
    p.keys("C-u")
    type_query(p, "title:analysis")
    p.wait("^ Search: 1 session")
    line, hl = result_row(p, "analysis")
    assert "\u2026with per-cpu spinlocks: performance cost and analysis" in line, line
    assert hl == ["analysis"], hl
    # A match in an affiliation (the row shows names only).
    p.keys("C-u")
    type_query(p, "speaker:inc")
    p.wait("^ Search: ")
    line, hl = result_row(p, "Welcome message")
    assert "  speaker: Red Hat, Inc." in line, line
    assert hl == ["Inc"], hl
    # A day is told by the day headings: no "day: ..." on every row.
    p.keys("C-u")
    type_query(p, "day:mon")
    p.wait("^ Search: 26 sessions")
    line, hl = result_row(p, "Welcome message")
    assert "day: 2023-11-13" not in p.screen(), p.screen()
    assert " — Daniel Bristot" in line, line


@test
def search_result_shows_a_snippet_of_the_abstract():
    """A result that matched in its abstract only shows a snippet of it
    around the match, highlighted, after a shortened title: cut at whole
    characters (wide ones, combining marks, emoji) and made safe as every
    row's text is."""
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=24)
    p.wait("Day 1")
    p.keys("/")
    type_query(p, "abstract:migration")
    p.wait("^ Search: 2 sessions")
    for title in ("Do nothing fast", "How to reduce compl"):
        line, hl = result_row(p, title)
        assert "  abstract: \u2026" in line, line
        assert hl == ["migration"], (line, hl)
        assert width(line.rstrip()) <= 79, line

    p = Pane(["tests/data/why.yaml"], cols=60, lines=12)
    before = tmux("display-message", "-p", "#{pane_title}").strip()
    p.wait("Day 1")
    p.keys("/")
    type_query(p, "abstract:移行|target|zzmark|emojimark")
    p.wait("^ Search: 4 sessions")
    for title, match in (("日本語", "移行"), ("A title", "target"),
                         ("Escapes", "zzmark"), ("Emoji", "emojimark")):
        line, hl = result_row(p, title)
        assert hl == [match], (line, hl)
        assert "abstract: " in line, line
        assert width(line.rstrip()) <= 59, line
    line, _ = result_row(p, "A title")
    # (tmux may give a letter and its mark as one character)
    assert "target \u00e9t\u00e9" in unicodedata.normalize("NFC", line), line
    line, _ = result_row(p, "Escapes")
    assert "\ufffdred\ufffd zzmark" in line, line
    assert tmux("display-message", "-p", "#{pane_title}").strip() == before
    # A row looks at a value's first 16 KiB (each row drawn makes it safe
    # and matches it at every redraw): a match past them shows the plain
    # row, one within them its snippet.
    path = f"/tmp/sked-test-{os.getpid()}-long-abstract.yaml"
    with open(path, "w") as f:
        f.write("sked: 1\nconference:\n  id: long\n  title: Long\n"
                "  timezone: UTC\n  start: 2024-06-01\n  end: 2024-06-01\n"
                "sessions:\n")
        for i, at in enumerate((16000, 17000)):
            f.write(f"  - id: s{i}\n    title: Talk at {at}\n"
                    f"    start: 2024-06-01T09:0{i}\n    duration: 5\n"
                    f"    abstract: \"{'x ' * (at // 2)}needle\"\n")
        # Blanks an abstract starts with are not shown after its label.
        f.write("  - id: s2\n    title: Blank start\n"
                "    start: 2024-06-01T09:02\n    duration: 5\n"
                "    abstract: \"  \\n\\n  lead needle\"\n")
    try:
        p = Pane([path], cols=80, lines=12)
        p.wait("Day 1")
        p.keys("/")
        type_query(p, "abstract:needle")
        p.wait("^ Search: 3 sessions")
        line, hl = result_row(p, "Blank start")
        assert "  abstract: lead needle" in line and hl == ["needle"], (line, hl)
        line, hl = result_row(p, "Talk at 16000")
        assert "abstract: \u2026" in line and hl == ["needle"], (line, hl)
        line, hl = result_row(p, "Talk at 17000")
        assert "abstract" not in line and hl == [], (line, hl)
    finally:
        os.unlink(path)


@test
def agenda_star_conflicts_export():
    home, env = new_home("-home")
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30, env=env)
    p.wait("Day 1")
    # Each star says whether it clashes, and with what.
    for query, said in (("title:complexity", "Starred: no clash in your agenda"),
                        ("title:embargoed", "Starred: it clashes with How to reduce complexity")):
        p.keys("/")
        for k in query:
            p.keys(k)
        p.wait("^ Search: 1 session")
        p.keys("Enter")
        s = p.wait("^ Session")
        assert " s star " in s.splitlines()[-1], s
        p.keys("s")
        s = p.wait(said)
        # The key's hint says what it does now (where the message
        # leaves room for it).
        if "no clash" in said:
            assert " s unstar " in s.splitlines()[-1], s
        p.keys("Escape", "Escape")
    # Beside each star, what its session is (kept should it be cancelled).
    assert open(f"{home}/data/sked/lpc2023.agenda").read() == (
        "# sked agenda 1 lpc2023\n" + N66 + N225)
    p.keys("d")
    s = p.wait("^ Day 1")
    # Marked in the day program: both starred and in conflict.
    assert re.search(r"^!11:25–11:45 +rt +How to reduce complexity", s, re.M), s
    assert re.search(r"^!11:30–11:55 x2  testing +Quality in embargoed", s, re.M), s
    assert "2 in conflict (!)" in s.splitlines()[-1], s
    # At the smallest size, the keys that stay keep their place: the
    # count of conflicts goes (the rows' ! marks say them).
    tmux("resize-window", "-x", "40", "-y", "10")
    s = p.wait(r"Enter open  \? help  q quit$")
    assert re.match(r"^ \d+/26 +Enter open", s.splitlines()[-1]), s
    tmux("resize-window", "-x", "100", "-y", "30")
    s = p.wait("2 in conflict")
    p.keys("a")
    s = p.wait("^ Agenda: 2 starred, 2 in conflict")
    p.keys("e")
    p.wait("^Export agenda to: " + re.escape(f"{home}/sked-lpc2023.ics"))
    p.keys("C-u")
    for k in f"{home}/mine.ics":
        p.keys(k)
    p.keys("Enter")
    p.wait("Exported 2 sessions to " + re.escape(f"{home}/mine.ics"))
    import icalendar
    cal = icalendar.Calendar.from_ical(open(f"{home}/mine.ics", "rb").read())
    assert sorted(str(e["UID"]) for e in cal.walk("VEVENT")) == ["225@lpc2023.sked", "66@lpc2023.sked"]
    # The prompt offers the path of the last export again.
    p.keys("e")
    p.wait("^Export agenda to: " + re.escape(f"{home}/mine.ics"))
    p.keys("Escape")
    # Space unstars in the agenda; the conflict goes.
    p.keys("Space")
    p.wait("^ Agenda: 1 starred, 0 in conflict")
    p.quit()
    assert open(f"{home}/data/sked/lpc2023.agenda").read() == "# sked agenda 1 lpc2023\n" + N225
    # The agenda persists: the next run shows it.
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30, env=env)
    p.wait("Day 1")
    p.keys("a")
    s = p.wait("^ Agenda: 1 starred")
    assert re.search(r"^\*11:30–11:55 +testing +Quality in embargoed", s, re.M), s
    subprocess.run(["rm", "-rf", home])


@test
def export_of_nothing_starred_writes_nothing():
    """With nothing starred (or nothing scheduled starred), e says so and
    opens no prompt: Enter would have replaced the calendar exported
    before with an empty one."""
    home, env = new_home("-home-e")
    p = Pane(["data/lpc2023.yaml"], env=env)
    p.wait("^ Day 1")
    p.keys("e")
    s = p.wait(r"Nothing to export: no scheduled session starred here \(s "
               r"stars one\)")
    assert "Export agenda to" not in s, s
    # The unscheduled session starred: still nothing to export.
    p.keys("u")
    p.wait("newidle load balance")
    p.keys("s")
    p.wait("Starred")
    p.keys("e")
    p.wait("Nothing to export")
    p.quit()
    assert not os.path.exists(f"{home}/sked-lpc2023.ics")
    subprocess.run(["rm", "-rf", home])


@test
def a_message_too_long_for_the_status_line_is_shown_whole():
    """At 80 columns a message longer than the status line (a path, why an
    export was refused) is wrapped on the lines above it, until the next
    key: it was cut at the screen's edge, the directory it named lost (and
    a path past 180 bytes was cut before it was shown). A click on those
    lines only takes the message away: the rows under it were hidden."""
    home, env = new_home("-home-long")
    deep = (f"{home}/a_very_long_directory_name_that_keeps_going_and_going/"
            "another_long_component_here_too/third_component_of_the_long_path/"
            "fourth_level_directory_name_abcdefghijkl")
    os.makedirs(deep)
    path = f"{deep}/my-agenda-export.ics"
    assert len(path) > 200
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=24, env=env)
    p.wait("^ Day 1")
    p.keys("G")
    p.wait(r"^ 26/26 ")
    p.keys("s")
    p.wait("Starred")
    p.keys("k", "k", "k", "k", "k", "k")
    p.wait(r"^ 20/26 ")
    # Refused: the file is in sked's own directory, which is named whole.
    export_to(p, f"{home}/data/sked/lpc2023.agenda")
    s = p.wait(re.escape(f"({home}/data/sked)"))
    lines = s.splitlines()
    assert lines[-1].startswith("Export to: "), s
    assert "sked's own directory" in lines[-2], s
    p.keys("Escape")
    s = p.wait("Export cancelled")
    assert "own directory" not in s, s
    # A path longer than the line: every character of it on the screen.
    export_to(p, path)
    s = p.wait("Exported 1 session to")
    above = s.splitlines()[-5:-1]
    assert "".join(line.strip() for line in above).endswith(path), s
    assert not any("\u2026" in line for line in above), s
    # The status line says what it says without a message, and keeps its
    # keys.
    assert re.match(r"^ 20/26 .*q quit$", s.splitlines()[-1]), s
    assert os.path.exists(path)
    # A click on a line the message covers (rows 24 to 26 are under it):
    # the message goes, the selection stays where it was.
    p.mouse(0, 30, 20)
    p.gone("Exported 1 session")
    s = p.screen()
    assert "my-agenda-export" not in s, s
    assert s.splitlines()[-1].startswith(" 20/26 "), s
    assert s.splitlines()[-2].startswith("*"), s
    # Longer than four lines: its start and its end (the file's name),
    # cut in the middle of the last line (the name was cut off).
    deeper = deep + "/" + "/".join(["x" * 60] * 3)
    os.makedirs(deeper)
    export_to(p, f"{deeper}/the-end.ics")
    s = p.wait("Exported 1 session to")
    above = s.splitlines()[-5:-1]
    assert above[0].startswith(" Exported 1 session to"), s
    assert "\u2026" in above[-1], s
    assert above[-1].rstrip().endswith("/the-end.ics"), s
    assert os.path.exists(f"{deeper}/the-end.ics")
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def a_long_message_leaves_the_selected_row_in_sight():
    """At 40x10 starring the last row on screen says what it clashes with
    on two lines: the list scrolls so that the row starred stays in sight
    above them (they covered it, its mark too); then back."""
    home, env = new_home("-home-sight")
    p = Pane(["data/lpc2023.yaml"], cols=40, lines=10, env=env)
    p.wait("^ Day 1")
    p.keys("s", "j", "j", "j", "j", "j", "j", "s", "k")
    s = p.wait(r"^ 6/26 ")
    assert re.search(r"^ 09:55–10:15 x2  Do nothing", s, re.M), s
    assert s.splitlines()[-2].startswith("*     –10:15"), s
    p.keys("s")
    s = p.wait("Starred: it clashes with Run ILP32")
    lines = s.splitlines()
    assert lines[-1].startswith(" 6/26 "), s
    assert lines[-3].startswith(" Starred: it clashes"), s
    assert lines[-4].startswith("!09:55–10:15 x2  Do nothing"), s
    p.keys("j")
    s = p.wait(r"^ 7/26 ")
    assert "Starred" not in s, s
    assert re.search(r"^!     –10:15     Run ILP32", s, re.M), s
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def an_export_refusal_naming_a_colon_is_whole():
    """The export prompt's reason is what follows the path in the error, not
    what follows its last colon: a data directory named "a: b" was cut
    inside its own name."""
    home, _ = new_home("-home-colon")
    data = f"{home}/a: b"
    os.makedirs(data)
    p = Pane(["data/lpc2023.yaml"], cols=120, lines=30,
             env={"HOME": home, "XDG_DATA_HOME": data})
    p.wait("^ Day 1")
    p.keys("s")
    p.wait("Starred")
    export_to(p, f"{data}/sked/lpc2023.agenda")
    p.wait(r"^ ?it is in sked's own directory \(" + re.escape(f"{data}/sked)"))
    p.keys("Escape")
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def an_export_error_naming_another_file_is_whole():
    """An error that names the file a link leads to, not the path typed, is
    said whole (it was cut at its last colon, what failed lost): a link to
    a calendar on a read-only file system."""
    fs = tmpfs("ro")
    home, env = new_home("-home-ro")
    try:
        with open(f"{fs}/cal.ics", "w") as f:
            f.write("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        subprocess.run(["mount", "-o", "remount,ro", fs], check=True)
        os.symlink(f"{fs}/cal.ics", f"{home}/v.ics")
        p = Pane(["data/lpc2023.yaml"], cols=200, lines=30, env=env)
        p.wait("^ Day 1")
        p.keys("s")
        p.wait("Starred")
        export_to(p, f"{home}/v.ics")
        p.wait(re.escape(f"cannot write {fs}/cal.ics: cannot make the file "
                         f"that replaces it in {fs}: Read-only file system"))
        p.keys("Escape")
        p.quit()
    finally:
        untmpfs(fs)
        subprocess.run(["rm", "-rf", home])


@test
def export_replaces_only_a_calendar():
    """The browser's export replaces an earlier export (a calendar) or an
    empty file, never a program it shows (a path typed or completed to
    the schedule replaced it with the agenda's calendar) nor any other
    file (notes, a schedule), and does not wait on a FIFO nobody reads.
    Each refusal says why, the file as it was. What it writes has the
    config's alarm, as sked export's calendar."""
    home, env = new_home("-home-keep")
    shutil.copy("tests/data/night.yaml", f"{home}/night.yaml")
    shutil.copy("tests/data/ical/sked-export.ics", f"{home}/feed.ics")
    with open(f"{home}/notes.txt", "w") as f:
        f.write("my notes\n")
    os.mkfifo(f"{home}/fifo")
    os.mknod(f"{home}/blk", 0o600 | stat.S_IFBLK, os.makedev(250, 250))
    open(f"{home}/empty.ics", "w").close()
    before = {n: open(f"{home}/{n}", "rb").read()
              for n in ("night.yaml", "feed.ics", "notes.txt")}
    # The config's reminder is the browser's too (it wrote none).
    env["XDG_CONFIG_HOME"] = config_home("keep", "alarm: 15\n")
    p = Pane([f"{home}/night.yaml", f"{home}/feed.ics"], cols=120, lines=30,
             env=env)
    p.wait("^ Day 1")
    p.keys("s")
    p.wait("Starred")
    for name, why in (("night.yaml", "that is the program night's file"),
                      ("feed.ics", "that is the program .*'s file"),
                      ("notes.txt", "it is not a calendar: not replaced"),
                      ("fifo", "it is a FIFO"),
                      ("blk", "it is a device")):
        export_to(p, f"{home}/{name}")
        p.wait(why + r"[^\n]*\n?Export to: " + re.escape(f"{home}/{name}"))
        p.keys("Escape")
        p.wait("Export cancelled")
    for n, b in before.items():
        assert open(f"{home}/{n}", "rb").read() == b, n
    # An empty file, then the calendar written there: replaced.
    for _ in range(2):
        export_to(p, f"{home}/empty.ics")
        p.wait("Exported 1 session to " + re.escape(f"{home}/empty.ics"))
    cal = open(f"{home}/empty.ics", "rb").read()
    assert cal.startswith(b"BEGIN:VCALENDAR"), cal
    assert b"BEGIN:VALARM\r\n" in cal and b"TRIGGER:-PT15M\r\n" in cal, cal
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def export_to_a_terminal_is_refused():
    """The browser's export prompt refuses a terminal (/dev/tty, /dev/stdout,
    the pane's own /dev/pts/N): the calendar was written over the screen
    the browser draws, which stayed garbled until Ctrl-L; and another
    device (/dev/ptmx: a pseudo-terminal nobody reads, whose writes block
    for good, Ctrl-C or not). /dev/null is still written into."""
    home, env = new_home("-home-tty")
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30, env=env)
    p.wait("^ Day 1")
    p.keys("s")
    p.wait("Starred")
    pts = tmux("display-message", "-p", "#{pane_tty}").strip()
    for target in ("/dev/tty", "/dev/stdout", pts):
        export_to(p, target)
        s = p.wait(r"^it is a terminal \(sked export writes to one\)\. Export to: "
                   + re.escape(target))
        assert "BEGIN:VCALENDAR" not in s and "VEVENT" not in s, s
        p.keys("Escape")
        p.wait("Export cancelled")
    export_to(p, "/dev/ptmx")
    p.wait(r"^it is a device \(sked export writes to one\)\. Export to: /dev/ptmx")
    p.keys("Escape")
    p.wait("Export cancelled")
    export_to(p, "/dev/null")
    p.wait("Exported 1 session to /dev/null")
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def ctrl_c_cancels_prompts_and_tilde_expands():
    home, env = new_home("-home4")
    p = Pane(["data/lpc2023.yaml"], cols=100, env=env)
    p.wait("Day 1")
    # Ctrl-C in the query line leaves the search, as Esc does.
    for k in "/kunit":
        p.keys(k)
    p.wait("^ Search: 2 sessions")
    p.keys("C-c")
    s = p.wait("^ Day 1")
    assert not s.splitlines()[-1].startswith("/"), s
    # Ctrl-C in the export prompt cancels the export.
    p.keys("s")
    p.wait("Starred")
    p.keys("e")
    p.wait("^Export agenda to: ")
    p.keys("C-c")
    p.wait("Export cancelled")
    assert not os.path.exists(f"{home}/sked-lpc2023.ics")
    # ~/ is the home directory; ~user/ that user's.
    export_to(p, "~/mine.ics")
    p.wait("Exported 1 session to " + re.escape(f"{home}/mine.ics"))
    assert os.path.exists(f"{home}/mine.ics")
    import pwd
    me = pwd.getpwuid(os.getuid())
    user_home = me.pw_dir.rstrip("/")
    export_to(p, f"~{me.pw_name}/sked-tilde-{os.getpid()}.ics")
    p.wait("Exported 1 session to " + re.escape(f"{user_home}/sked-tilde-{os.getpid()}.ics"))
    os.unlink(f"{user_home}/sked-tilde-{os.getpid()}.ics")
    export_to(p, "~nosuchuser-sked/x.ics")
    # Nothing written: the prompt stays open, saying why, for the path to
    # be mended (closed, the path typed again ran as keys: / searched);
    # longer than half the line, the reason is whole on the line above.
    p.wait(r"^ no user 'nosuchuser-sked' for ~nosuchuser-sked/x\.ics *\n"
           r"Export to: ~nosuchuser-sked/x\.ics")
    p.keys("C-u")
    for k in f"{home}/no/such/dir/x.ics":
        p.keys(k)
    p.keys("Enter")
    p.wait(r"^No such file or directory\. Export to: " + re.escape(home))
    p.keys("C-u")
    for k in "~/mended.ics":
        p.keys(k)
    p.keys("Enter")
    p.wait("Exported 1 session to " + re.escape(f"{home}/mended.ics"))
    assert os.path.exists(f"{home}/mended.ics")
    # Outside a prompt, Ctrl-C still ends sked (128 + SIGINT).
    p.keys("C-c")
    assert p.exit_status() == 130
    subprocess.run(["rm", "-rf", home])


@test
def starred_ids_the_program_lost_are_reported():
    home = agenda_home("home3", "# sked agenda 1 lpc2023\n66\n9999\n")
    p = Pane(["data/lpc2023.yaml"], cols=120, env={"HOME": home, "XDG_DATA_HOME": f"{home}/data"})
    p.wait("1 starred session is no longer in lpc2023 \\(kept in your agenda\\)")
    p.keys("s")  # starring keeps the lost id in the file
    p.wait("Starred")
    assert "9999" in open(f"{home}/data/sked/lpc2023.agenda").read()
    subprocess.run(["rm", "-rf", home])


@test
def stars_saved_by_another_sked_are_kept_and_shown():
    home, env = new_home("-home4")
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30, env=env)
    p.wait("Day 1")
    # While the browser runs, another sked stars 66.
    subprocess.run([SKED, "star", "data/lpc2023.yaml", "66"], env={**os.environ, **env},
                   check=True, capture_output=True)
    for k in "/title:embargoed":
        p.keys(k)
    p.wait("^ Search: 1 session")
    p.keys("Enter")
    p.wait("^ Session")
    p.keys("s")
    # The star says what it clashes with: the one another sked made.
    p.wait("Starred: it clashes with How to reduce complexity")
    # Both kept, and the browser shows the star it did not make.
    assert open(f"{home}/data/sked/lpc2023.agenda").read() == (
        "# sked agenda 1 lpc2023\n" + N66 + N225)
    p.keys("Escape", "Escape", "a")
    s = p.wait("^ Agenda: 2 starred, 2 in conflict")
    assert re.search(r"^!11:25–11:45 +rt +How to reduce complexity", s, re.M), s
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def stars_saved_elsewhere_are_read_before_the_agenda_and_an_export():
    # Another sked stars while the browser runs and the browser itself
    # changes nothing: the agenda view, the export and ^L read them
    # (the export wrote only the browser's stars, or said "nothing").
    home, env = new_home("-home-reread")
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30, env=env)
    p.wait("Day 1")
    star = lambda *ids: subprocess.run(
        [SKED, "star", "data/lpc2023.yaml", *ids], env={**os.environ, **env},
        check=True, capture_output=True)
    star("66")
    p.keys("a")
    p.wait("^ Agenda: 1 starred, 0 in conflict")
    p.keys("q")
    p.wait("Day 1")
    star("225")
    p.keys("e")
    p.wait("^Export agenda to: ")
    p.keys("C-u", *f"{home}/mine.ics", "Enter")
    p.wait("Exported 2 sessions to " + re.escape(f"{home}/mine.ics"))
    star("215")
    p.keys("C-l")
    s = p.wait("Stars read again: another sked changed them")
    assert re.search(r"^\*09:40–10:05 +testing +the path to achieve", s,
                     re.M), s
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def full_disk_shows_an_error_and_loses_nothing():
    fs = tmpfs("fs")
    try:
        os.makedirs(f"{fs}/data/sked")
        open(f"{fs}/data/sked/lpc2023.agenda", "w").write("# sked agenda 1 lpc2023\n66\n")
        subprocess.run(f"dd if=/dev/zero of={fs}/filler bs=1024 count=1000; "
                       f"dd if=/dev/zero of={fs}/filler2 bs=1 count=100000",
                       shell=True, capture_output=True)
        p = Pane(["data/lpc2023.yaml"], cols=140, env={"XDG_STATE_HOME": f"{fs}/state",
                                                      "XDG_DATA_HOME": f"{fs}/data"})
        p.wait("Day 1")
        for k in "/kunit":
            p.keys(k)
        p.wait("^ Search: 2 sessions")
        p.keys("Enter")
        p.wait("search history not saved: cannot write .*No space left on device")
        p.keys("s")  # star on a full disk: refused, and the screen says so
        p.wait("cannot write .*lpc2023.agenda: No space left on device")
        p.keys("a")
        p.wait("^ Agenda: 1 starred")
        assert open(f"{fs}/data/sked/lpc2023.agenda").read() == "# sked agenda 1 lpc2023\n66\n"
        p.quit()
    finally:
        untmpfs(fs)


@test
def corrupt_agenda_is_set_aside():
    home = agenda_home("home2", "not an agenda\n")
    p = Pane(["data/lpc2023.yaml"], cols=120, env={"HOME": home, "XDG_DATA_HOME": f"{home}/data"})
    s = p.wait(r"was not readable as one \(line 1: expected the header")
    aside = [f for f in os.listdir(f"{home}/data/sked") if ".corrupt-" in f]
    assert len(aside) == 1 and open(f"{home}/data/sked/{aside[0]}").read() == "not an agenda\n"
    subprocess.run(["rm", "-rf", home])


@test
def every_notice_of_the_start_is_told():
    """Both the agenda and the view file not readable: the status line
    shows the first and counts the other, and both are said on stderr
    when sked quits (the second was never shown)."""
    home = agenda_home("home-notices", "not an agenda\n")
    os.makedirs(f"{home}/state/sked")
    with open(f"{home}/state/sked/lpc2023.view", "w") as f:
        f.write("not a view\n")
    p = Pane(["data/lpc2023.yaml"], cols=200,
             env={"HOME": home, "XDG_DATA_HOME": f"{home}/data",
                  "XDG_STATE_HOME": f"{home}/state"})
    s = p.wait("was not readable as one")
    assert "(+1 more when sked quits) the agenda" in s, s
    p.keys("q")
    assert p.exit_status() == 0
    s = p.wait("sked: .*lpc2023.view")
    assert re.search(r"sked: the agenda .*lpc2023\.agenda was not readable", s), s
    for f in ("lpc2023.agenda", "lpc2023.view"):
        d = "data" if f.endswith("agenda") else "state"
        assert any(".corrupt-" in n and n.startswith(f)
                   for n in os.listdir(f"{home}/{d}/sked")), f
    subprocess.run(["rm", "-rf", home])


FILTERS = "tests/data/filters.yaml"


def filter_state():
    """A state directory of its own, empty: where the filters are kept."""
    state = f"/tmp/sked-test-{os.getpid()}-filters"
    subprocess.run(["rm", "-rf", state])
    return state


@test
def filters_combine_and_show_in_the_header():
    state = filter_state()
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    s = p.wait("^ Day 1: Saturday")
    assert "filter:" not in s and "Rust talk in B" in s, s
    p.keys("f")
    s = p.wait("^ Filters")
    # Every kind with the values the program has, counted.
    assert re.search(r"\[ \] kernel +Kernel +4 sessions", s), s
    assert re.search(r"\[ \] web +Web +2 sessions", s), s
    assert re.search(r"\[ \] Hall A +4 sessions", s), s
    assert re.search(r"\[ \] en +5 sessions", s), s
    assert re.search(r"\[ \] workshop +3 sessions", s), s
    p.keys("Space")  # the first value: track kernel
    s = p.wait(r"\[x\] kernel")
    assert "filter: track kernel" in s.splitlines()[1], s
    assert "4 of 9 sessions shown" in s, s
    p.keys("j", "j", "j", "Enter")  # rust, web, Hall A
    s = p.wait(r"\[x\] Hall A")
    assert "filter: track kernel, room Hall A" in s.splitlines()[1], s
    assert "2 of 9 sessions shown" in s, s
    p.keys("q")
    s = p.wait("^ Day 1: Saturday")
    # A track and a room: their intersection only.
    assert "filter: track kernel, room Hall A" in s.splitlines()[1], s
    assert "Kernel talk in A" in s, s
    for gone in ("Kernel workshop in B", "Rust talk in A", "Rust talk in B",
                 "Web workshop in A"):
        assert gone not in s, s
    assert s.splitlines()[-1].startswith(" 1/1 "), s
    # Two tracks: either of them (in Hall A still).
    p.keys("f", "j", "Space", "q")
    s = p.wait("Rust talk in A")
    assert "filter: track kernel or rust, room Hall A" in s, s
    assert "Kernel talk in A" in s and "Rust talk in B" not in s, s
    assert "Kernel workshop in B" not in s, s
    # Taking a value off again: Hall B comes back.
    p.keys("f", "j", "j", "j", "Space", "q")  # Hall A
    s = p.wait("Rust talk in B")
    assert "filter: track kernel or rust" in s and "Hall A" not in s.splitlines()[1], s
    assert "Web workshop in A" not in s, s


@test
def filters_by_language_match_any_and_by_type():
    state = filter_state()
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    p.wait("^ Day 1")
    p.keys("f")
    p.wait(r"\[ \] de ")
    for _ in range(5):  # kernel rust web, Hall A, Hall B: de
        p.keys("j")
    p.keys("Space", "q")
    s = p.wait("filter: language de")
    # A session in German and English passes a filter on German.
    for shown in ("Kernel workshop in B", "Rust talk in B", "Web workshop in A"):
        assert shown in s, s
    assert "Kernel talk in A" not in s and "Rust talk in A" not in s, s
    p.keys("f")
    p.wait("^ Filters")
    for _ in range(9):  # ... de, en, bof, talk, workshop
        p.keys("j")
    p.keys("Space", "q")
    s = p.wait("filter: language de, type workshop")
    assert "Kernel workshop in B" in s and "Web workshop in A" in s, s
    assert "Rust talk in B" not in s, s


@test
def filters_remembered_per_conference_and_cleared_with_F():
    state = filter_state()
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    p.wait("^ Day 1")
    p.keys("f", "Space", "q")
    p.wait("filter: track kernel")
    p.quit()
    assert open(f"{state}/sked/filtercamp.view").read() == \
        "# sked view 1 filtercamp\ntrack kernel\n"
    # The next run opens with them.
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    s = p.wait("filter: track kernel")
    assert "Kernel talk in A" in s and "Rust talk in A" not in s, s
    # Per conference: another one is not filtered.
    p = Pane(["data/lpc2023.yaml"], env={"XDG_STATE_HOME": state})
    s = p.wait("^ Day 1")
    assert "filter:" not in s, s
    # F clears them, anywhere, and for the next run too.
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    p.wait("filter: track kernel")
    p.keys("t", "F")
    s = p.wait("Filters cleared")
    assert "filter:" not in s and re.search(r"rust +Rust +3 sessions", s), s
    p.keys("d")
    s = p.wait("Rust talk in A")
    p.keys("F")
    p.wait("No filter in force")
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    s = p.wait("^ Day 1")
    assert "filter:" not in s and "Rust talk in A" in s, s
    # A value the program no longer has shows, to be dropped.
    open(f"{state}/sked/filtercamp.view", "w").write(
        "# sked view 1 filtercamp\nroom gone%20room\n")
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    s = p.wait("filter: room gone room")
    assert "Filters are in force: f changes them, F clears them." in s, s
    p.keys("f")
    s = p.wait(r"\[x\] gone room +\(not in this program\) +0 sessions")
    p.keys("F", "q")
    s = p.wait("Kernel talk in A")
    assert "not in this program" not in s, s


@test
def now_next_honours_the_filters():
    state = filter_state()
    p = Pane(["--now", "2024-06-01 10:10", FILTERS], env={"XDG_STATE_HOME": state})
    p.wait("Now: 10:00–10:30")
    p.keys("f", "Space", "q", "n")  # kernel: nothing runs, k3 is next
    s = p.wait(r"Now: Saturday 1 June 2024, 10:10 · 0 running")
    assert re.search(r"^ Hall A\n +Sun 2 Jun +09:00–09:30 +kernel +Kernel day two in A", s, re.M), s
    assert "Rust" not in s and "Web" not in s, s


@test
def every_view_honours_the_filters():
    state = filter_state()
    p = Pane([FILTERS], env={"XDG_STATE_HOME": state})
    p.wait("^ Day 1")
    p.keys("s", "j", "j", "s")  # star k1 and s1
    p.wait("Starred")
    p.keys("f", "Space", "q")  # track kernel
    s = p.wait("filter: track kernel")
    assert "Kernel talk in A" in s and "Kernel workshop in B" in s, s
    assert "Rust talk" not in s and "Web workshop" not in s, s
    # Sessions starting together are counted as shown.
    assert re.search(r"^.09:00–09:30 x2 ", s, re.M), s
    p.keys("]")
    s = p.wait("^ Day 2")
    assert "Kernel day two in A" in s and "Rust day two in B" not in s, s
    p.keys("g")  # the grid, blocks and rooms alike
    s = p.wait("^ Grid, day 2")
    assert "Kernel day two in A" in s and "Rust day two in B" not in s, s
    p.keys("t")
    s = p.wait("^ Tracks")
    assert re.search(r"kernel +Kernel +4 sessions", s), s
    assert "Rust" not in s and "Web" not in s, s
    p.keys("Enter")
    s = p.wait("^ Kernel")
    assert "Kernel hallway BoF" in s and "Kernel day two" in s, s
    p.keys("p")
    s = p.wait("^ Speakers and authors")
    assert re.search(r"Ada Kern +1 session$", s, re.M), s
    assert re.search(r"Bo Berg +2 sessions$", s, re.M), s
    assert "Cy Dorn" not in s, s
    p.keys("j", "Enter")  # Ada Kern (by family name): her kernel session
    s = p.wait("^ Ada Kern")
    assert "Kernel talk in A" in s and "Rust talk in A" not in s, s
    p.keys("u")
    s = p.wait("^ Unscheduled sessions")
    assert "Kernel hallway BoF" in s and "Web hallway BoF" not in s, s
    p.keys("a")
    s = p.wait("^ Agenda: 1 of 2 starred shown")
    assert "Kernel talk in A" in s and "Rust talk in A" not in s, s
    # The title counts the conflicts of what it shows, as the status line
    # does (it counted the hidden ones too).
    m = re.search(r"^ Agenda: 1 of 2 starred shown, (\d+) in conflict", s, re.M)
    shown = re.search(r"(\d+) in conflict \(!\)", s.splitlines()[-1])
    assert m and int(m.group(1)) == (int(shown.group(1)) if shown else 0), s
    p.keys("/")
    p.keys(*"hallway")
    s = p.wait("^ Search: 1 session")
    assert "Kernel hallway BoF" in s and "Web hallway BoF" not in s, s
    assert "1 match" in s.splitlines()[-1], s
    p.keys("Enter")  # the detail of the one result, and back
    p.wait("^ Session")
    p.keys("Escape", "F")
    s = p.wait("^ Search: 2 sessions")
    assert "Web hallway BoF" in s, s
    # A list the filters empty says how to get the sessions back.
    p.keys("f", "j", "j", "j", "j", "Space", "q", "2")  # room Hall B, day 2
    s = p.wait("filter: room Hall B")
    assert "Rust day two in B" in s and "Filters are in force" not in s, s
    p.keys("f", "Space", "q")  # and kernel: nothing on day 2
    s = p.wait("filter: track kernel, room Hall B")
    assert "Rust day two in B" not in s, s
    assert "Filters are in force: f changes them, F clears them." in s, s


@test
def several_programs():
    p = Pane(["data/lpc2023.yaml", "data/lpc2022.yaml"], cols=100)
    s = p.wait("Linux Plumbers Conference 2023 \\[1/2\\]")
    p.keys("c")
    s = p.wait("Linux Plumbers Conference 2022 \\[2/2\\]")
    assert "Mon 12" in s and "Europe/Dublin" in s, s
    p.keys("u")
    p.wait("io_uring in Android — Akilesh Kailash")
    p.keys("c")
    p.wait("Linux Plumbers Conference 2023 \\[1/2\\]")


@test
def guessed_zone_said_at_the_start():
    """A file that names no time zone: the browser opens saying its times
    are a guess, and shows the fixed offset it took as UTC+01:00, never
    POSIX's backwards Etc/GMT-1."""
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    s = p.wait("36c3 names no time zone")
    # Whole at 80 columns, the option that names it included.
    assert "36c3 names no time zone: UTC+01:00 is a guess (--timezone ZONE)" \
        in s, s
    assert "UTC+01:00" in s.splitlines()[0], s
    assert "Etc/GMT" not in s, s
    # A program that names its zone says nothing of it.
    p = Pane(["data/lpc2023.yaml"])
    s = p.wait("America/New_York")
    assert "names no time zone" not in s, s


@test
def every_guessed_zone_is_told():
    """Two calendars that name no time zone: the status line says the
    first guess and counts the other (it said the first alone), as it
    does the start's other notices; both are on stderr when sked
    quits."""
    p = Pane(["tests/data/samples/ical/kielux-2020.ics",
              "tests/data/ical/indico-lpc2023.ics"], cols=160)
    s = p.wait("names no time zone")
    assert "(+1 more when sked quits) 18-kieler-open-source-und-linux-tage " \
        "names no time zone" in s, s
    p.keys("q")
    assert p.exit_status() == 0
    s = p.wait("sked: warning: tests/data/ical/indico-lpc2023.ics names no")
    assert "sked: warning: tests/data/samples/ical/kielux-2020.ics names no " \
        "time zone" in s, s


@test
def a_tz_that_is_no_zone_is_said_at_the_start():
    """TZ=Europe/Berln (misspelt) is UTC to the C library: the browser
    says so when it opens, and the detail's "(your time)" is UTC's."""
    p = Pane(["data/lpc2023.yaml"], env={"TZ": "Europe/Berln"})
    s = p.wait("is no time zone")
    assert "TZ='Europe/Berln' is no time zone: your times are UTC" in s, s
    p.keys("Enter")
    s = p.wait("(your time)")
    assert "14:30–14:35 UTC (your time)" in s, s
    p = Pane(["data/lpc2023.yaml"], env={"TZ": "Europe/Berlin"})
    s = p.wait("America/New_York")
    assert "no time zone" not in s, s


@test
def home_and_end_as_tmux_and_rxvt_send_them():
    """Home and End sent as \\e[1~ and \\e[4~ (tmux, screen, PuTTY), where
    TERM=xterm-256color's terminfo expects \\eOH and \\eOF: the first and
    last line, never Esc, '[', a day's number and '~'."""
    p = Pane(["data/lpc2023.yaml"], env={"TERM": "xterm-256color"})
    p.wait("^ Day 1")
    p.keys("3")
    p.wait("^ Day 3")
    p.keys("j", "j")
    s = p.wait(r"^ 3/\d+ ")
    total = re.match(r"^ 3/(\d+) ", s.splitlines()[-1]).group(1)
    for seq, want in (("\x1b[4~", total), ("\x1b[1~", "1"), ("\x1b[8~", total),
                      ("\x1b[7~", "1")):
        tmux("send-keys", "-l", seq)
        s = p.wait(rf"^ {want}/{total} ")
        assert s.startswith(" sked") and re.search("^ Day 3", s, re.M), s


@test
def overnight_and_shared_rooms_keep_their_times():
    """A session ending after midnight is "+1" in the list, and the count
    of sessions starting with it stays beside it; in the grid a session
    that starts with another of its room is put a line below it, and
    says its own start (jococruise: Lido Market's lunch and pasta
    stations both at 16:30)."""
    p = Pane(["tests/data/samples/ical/sched-jococruise-2024.ics"])
    s = p.wait("^ Day 1")
    assert re.search(r"^ 15:00–03:30\+1 x2  Half Moon", s, re.M), s
    assert re.search(r"^      –03:30\+1     Hudson Room", s, re.M), s
    p.keys("/")
    for k in "Pasta & Salad":
        p.keys(k)
    p.wait(r"^ Search: \d+ sessions")  # each day's: the first is day 1's
    p.keys("Enter")
    p.wait("^ Session")
    p.keys("Escape")
    p.wait(r"^ Search: \d+ sessions")
    p.keys("g")
    s = p.wait("^ Grid, day 1.*rooms 3–6")
    row = [l for l in s.splitlines() if l.startswith("16:45 ")]
    assert row and "16:30 Lido" in row[0], s
    assert not any(l.startswith("16:30 ") and "Pasta" in l for l in s.splitlines()), s
    # Times in another zone, where a row may say both "+1" and a day:
    # LPC 2023 read in Tokyo.
    p = Pane(["data/lpc2023.yaml"], cols=100, env={"TZ": "Asia/Tokyo"})
    p.wait("^ Day 1")
    p.keys("z")
    s = p.wait("Times in Asia/Tokyo")
    # (The time column as wide as the day's widest, "00:05–00:30 (Tue)".)
    assert re.search(r"^ 23:55–00:15\+1     x2  rt ", s, re.M), s
    assert re.search(r"^ 00:15–00:35 \(Tue\) x2  rt ", s, re.M), s


@test
def help_on_a_narrow_screen_puts_keys_above():
    """At 40 columns the keys' column would leave 7 for what they do: the
    keys go on their own line, what they do under them, readable."""
    p = Pane(["data/lpc2023.yaml"], cols=40, lines=10)
    p.wait("^ Day 1")
    p.keys("?")
    s = p.wait("^ Help")
    lines = s.splitlines()
    i = lines.index("   Enter, l, Right")
    assert lines[i + 1] == "       open the selected item", s
    # Wide again: the two columns.
    tmux("resize-window", "-x", "80", "-y", "24")
    s = p.wait("^   Enter, l, Right +open the selected item$")


@test
def long_room_names_keep_a_room_column_at_80():
    """36C3's rooms and tracks are long: at 80 columns both columns get
    narrower (track 8, room 12) rather than the room going."""
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    s = p.wait("^ Day 1")
    row = [l for l in s.splitlines() if "#chaosPatinnen" in l][0]
    # (The room as wide as the time column, as wide as the day's times,
    # leaves: 12 columns or a few more.)
    assert re.search(r"WikiPaka WG.{0,3}…", row) and "communi…" in row, s
    # At 60 columns the title's 30 columns come first: no room.
    tmux("resize-window", "-x", "60", "-y", "24")
    s = p.wait("^ Day 1")
    row = [l for l in s.splitlines() if "#chaosPatinnen" in l][0]
    assert "WikiPaka" not in row, s


@test
def lines_of_input_edit_at_the_cursor():
    """The query line and the export prompt edit where the cursor is:
    Left/Right, Home/End (and Ctrl-A/E/B/F), Backspace and Delete at it,
    Ctrl-K after it; the results follow the query."""
    p = Pane(["data/lpc2023.yaml"])
    p.wait("^ Day 1")
    p.keys("/")
    for k in "kunit":
        p.keys(k)
    p.wait("^/kunit +2 matches")
    p.keys("Left", "Left", "X")
    p.wait("^/kunXit +0 matches")
    p.keys("BSpace")
    p.wait("^/kunit +2 matches")
    p.keys("Home", "Delete", "k", "C-e", "Left", "C-k")
    p.wait("^/kuni +\\d+ match")
    p.keys("C-a", "C-f", "C-k")
    p.wait("^/k +\\d+ match")
    p.keys("Escape")
    p.wait("^ Day 1")
    # The export prompt: the file's name changed in the middle.
    home, env = new_home("-home-edit")
    p = Pane(["data/lpc2023.yaml"], env=env)
    p.wait("^ Day 1")
    p.keys("s")
    p.wait("Starred")
    p.keys("e")
    p.wait("^Export agenda to: " + re.escape(f"{home}/sked-lpc2023.ics"))
    for _ in ".ics":
        p.keys("Left")
    for k in "-mine":
        p.keys(k)
    p.wait("^Export agenda to: " + re.escape(f"{home}/sked-lpc2023-mine.ics") + "$")
    p.keys("Enter")
    p.wait("Exported 1 session to " + re.escape(f"{home}/sked-lpc2023-mine.ics"))
    assert os.path.exists(f"{home}/sked-lpc2023-mine.ics")
    subprocess.run(["rm", "-rf", home])
    # A query longer than the line: its end in sight, and moving the
    # cursor within what is shown scrolls nothing; Home shows its start.
    p = Pane(["data/lpc2023.yaml"], cols=40, lines=10)
    p.wait("^ Day 1")
    p.keys("/")
    query = "title:(kunit|rust|bpf|xdp|sched|ebpf)-tail"
    for k in query:
        p.keys(k)
    s = p.wait("-tail ")
    before = s.splitlines()[-1]
    p.keys("Left", "Left", "Left")
    time.sleep(0.3)
    assert p.screen().splitlines()[-1] == before, (before, p.screen())
    p.keys("Home")
    p.wait("^/title:\\(kunit")


@test
def mouse():
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30)
    s = p.wait("Day 1")
    y = next(i for i, l in enumerate(s.splitlines()) if "Deprecating Stuff" in l)
    p.mouse(0, 20, y)  # a click selects
    p.wait(r"^ 4/26 ")
    p.mouse(65, 20, y)  # the wheel scrolls (by three)
    p.wait(r"^ 7/26 ")
    p.mouse(0, 20, y)  # a double click opens
    p.mouse(0, 20, y)
    p.wait("^ Session")
    p.wait("Deprecating Stuff")
    p.keys("Escape")
    s = p.wait("^ Day 1")
    x = s.splitlines()[0].index("Wed 15")
    p.mouse(0, x + 1, 0)  # a click on a day tab opens that day
    p.wait("^ Day 3: Wednesday")


@test
def help_lists_every_binding():
    p = Pane(["data/lpc2023.yaml"], cols=120, lines=50)  # every binding on one screen
    p.wait("Day 1")
    p.keys("?")
    s = p.wait("^ Help")
    for _ in range(4):  # the keys of the day program first, then all
        p.keys("PgDn")
        s += p.screen()
    helps = re.findall(r'\{ACT_\w+, "[^"]+",.*?"((?:[^"\\]|\\.)*)"\},', KEYMAP, re.S)
    entries = len(re.findall(r"^\s*\{ACT_", KEYMAP, re.M))
    assert len(helps) == entries and entries >= 25, (len(helps), entries)
    for h in helps:
        assert h in s, f"help lacks {h!r}"
    # README and sked(1) document every binding too.
    for doc in ("README.md", "man/sked.1"):
        text = open(doc).read()
        for h in helps:
            assert h in text, f"{doc} lacks {h!r}"
    for keys in ("Up, k", "Down, j", "Enter, l, Right", "Esc, h, Backspace, Left",
                 "Tab, ]", "Shift-Tab, [", "1-9", "?, F1"):
        assert keys in s, f"help lacks the keys {keys!r}"
    # The day program's own part names every key that acts there.
    day = s[s.index("Keys in the day program"):s.index("All keys")]
    for key in ("g", "n", "a", "u", "t", "p", "r", "/", "f", "c", "C", "P"):
        assert re.search(rf"^ +{re.escape(key)} {{2,}}", day, re.M), f"day help lacks {key!r}"
    # At 80 columns no entry leaves a lone mark on a line of its own
    # (the agenda's "!" did, which read as garbage).
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("?")
    s = p.wait("^ Help")
    for _ in range(6):
        p.keys("PgDn")
        s += p.screen()
    assert not re.search(r"^ {20,}[^\w\s]{1,3}$", s, re.M), s
    assert re.search(r"^ +a +your agenda: starred sessions, ! marks clashes$", s, re.M), s


@test
def now_next():
    p = Pane(["--now", "2023-11-13 10:07", "data/lpc2023.yaml"])
    # Of the three running, the one that began last.
    s = p.wait("Now: 10:05–10:30")
    assert "Day 1: Monday" in s, s
    p.keys("Enter")
    s = p.wait("^ Session")
    assert "Storing and Outputting" in s, s
    # Tuesday has nothing: next is Wednesday's first session.
    p = Pane(["--now", "2023-11-14 11:00", "data/lpc2023.yaml"])
    s = p.wait("Next: 09:30–10:00")
    assert "Day 3: Wednesday" in s, s
    # Outside the conference: its first day (n is the now view, below).
    p = Pane(["--now", "2024-06-01 12:00", "data/lpc2023.yaml"])
    p.wait("Day 1: Monday")


def lines_after(s, first, count):
    """The screen's line matching the regex first and the count after it."""
    lines = s.splitlines()
    i = next((i for i, l in enumerate(lines) if re.search(first, l)), None)
    assert i is not None, f"no line {first!r}:\n{s}"
    return lines[i:i + 1 + count]


def assert_lines(s, patterns):
    """Consecutive screen lines, each matching its regex from its start."""
    got = lines_after(s, patterns[0], len(patterns) - 1)
    for pat, line in zip(patterns, got):
        assert re.match(pat, line), f"{line!r} is not {pat!r}:\n{s}"
    assert len(got) == len(patterns), s


@test
def now_view():
    # LPC 2023 names no rooms: by track. At 10:07 New York time, three
    # sessions run; each track then says what comes next and when.
    for cols, lines in ((80, 24), (160, 50)):
        p = Pane(["--now", "2023-11-13 10:07", "data/lpc2023.yaml"],
                 cols=cols, lines=lines)
        p.wait("Day 1")
        p.keys("n")
        s = p.wait("^ Now: ")
        assert "Now: Monday 13 November 2023, 10:07 · 3 running, by track" in s, s
        assert_lines(s, [r"^ Kernel Testing & Dependability MC$",
                         r"^   23 min left +10:05–10:30 +Storing and Outputting Test",
                         r"^   in 23 min +10:30–10:55 +Testing Drivers with KUnit",
                         r"^ Real-time and Scheduling MC$",
                         r"^   8 min left +09:55–10:15 +Do nothing fast",
                         r"^   in 8 min +10:15–10:35 +system pressure on CPUs",
                         r"^ RISC-V MC$",
                         r"^   8 min left +09:55–10:15 +Run ILP32 on RV64",
                         r"^   in 8 min +10:15–10:40 +RISC-V patchwork CI",
                         # Nothing on Monday: its day, not minutes.
                         r"^ VFIO/IOMMU/PCI MC$",
                         r"^   Wed 15 Nov +09:30–10:00 +Improve Xeon IRQ"])
        # Tracks with nothing left are not listed.
        assert "Android" not in s, s
        assert re.search(r"^ 1/7 ", s, re.M), s
    p.keys("b")  # no rooms to group by
    p.wait("This program names no rooms: the now view is by track")
    p.keys("j", "Enter")  # the detail of the selected session, and back
    s = p.wait("^ Session")
    assert "Testing Drivers with KUnit" in s, s
    p.keys("J")  # the next of the now view's list
    p.wait("Do nothing fast")
    p.keys("Escape")
    p.wait("^ Now: ")
    # Tuesday has nothing: Wednesday's session, naming the day.
    p = Pane(["--now", "2023-11-14 11:00", "data/lpc2023.yaml"])
    p.wait("Day 3")
    p.keys("n")
    s = p.wait("^ Now: ")
    assert "Now: Tuesday 14 November 2023, 11:00 · 0 running, by track" in s, s
    assert_lines(s, [r"^ VFIO/IOMMU/PCI MC$",
                     r"^   Wed 15 Nov +09:30–10:00 +Improve Xeon IRQ",
                     r"^$"])
    # Before the conference: when it starts, then its first sessions.
    p = Pane(["--now", "2023-11-10 11:00", "data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("n")
    s = p.wait("^ Now: ")
    assert_lines(s, [r"^  The conference starts on Monday 13 November 2023, in 3 days\.$",
                     r"^  Its first sessions:$",
                     r"^ Kernel Testing & Dependability MC$",
                     r"^   Mon 13 Nov +09:30–09:40 +Welcome!",
                     r"^ Real-time and Scheduling MC$",
                     r"^   Mon 13 Nov +09:30–09:55 +Welcome message and DL Server"])
    # After it: over, and its first sessions still.
    p = Pane(["--now", "2024-06-01 12:00", "data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("n")
    s = p.wait("^ Now: ")
    assert_lines(s, [r"^  The conference is over: it ended on Wednesday 15 November 2023\.$",
                     r"^  Its first sessions:$",
                     r"^ Kernel Testing & Dependability MC$",
                     r"^   Mon 13 Nov +09:30–09:40 +Welcome!"])
    assert "left" not in s, s


@test
def now_view_follows_the_clock():
    # No --now: the clock. A program around this very minute (UTC): a
    # session that began ten minutes ago and lasts an hour, another in
    # Room B in twenty minutes; as the minute turns, the view says so.
    now = time.time()
    start = time.gmtime(now - now % 60 - 600)
    soon = time.gmtime(now - now % 60 + 1200)
    day = time.gmtime(now - 86400)
    end = time.gmtime(now + 86400)
    path = f"/tmp/sked-test-{os.getpid()}-clock.yaml"
    with open(path, "w") as f:
        f.write("sked: 1\nconference:\n  id: clock\n  title: Clock\n"
                "  timezone: UTC\n"
                f"  start: {time.strftime('%Y-%m-%d', day)}\n"
                f"  end: {time.strftime('%Y-%m-%d', end)}\n"
                "rooms:\n  - id: a\n    name: Room A\n"
                "  - id: b\n    name: Room B\n"
                "sessions:\n"
                "  - id: \"1\"\n    title: Running talk\n    room: a\n"
                f"    start: {time.strftime('%Y-%m-%dT%H:%M', start)}\n"
                "    duration: 60\n"
                "  - id: \"2\"\n    title: Coming talk\n    room: b\n"
                f"    start: {time.strftime('%Y-%m-%dT%H:%M', soon)}\n"
                "    duration: 30\n")
    p = Pane([path])
    p.wait("Clock")
    p.keys("n")
    s = p.wait("^ Now: ")
    # Launched within the minute the file was written (else a minute on).
    m = re.search(r"^   (50|49) min left +\S+ +Running talk", s, re.M)
    assert m, s
    left = int(m.group(1))
    # The next session names its day when it is not today's (after
    # midnight, when the test runs in the last twenty minutes of a day).
    # sked's clock may pass midnight after the file was written: either
    # form then, whichever day sked's "now" is on.
    coming, coming_later = f"in {left - 30} min", f"in {left - 31} min"
    if time.strftime('%Y-%m-%d', soon) != time.strftime('%Y-%m-%d', time.gmtime(now)):
        label = "%s %d %s" % (
            "Mon Tue Wed Thu Fri Sat Sun".split()[soon.tm_wday], soon.tm_mday,
            "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[soon.tm_mon - 1])
        coming = f"(?:{coming}|{label})"
        coming_later = f"(?:{coming_later}|{label})"
    assert re.search(rf"^   {coming} +\S+ +Coming talk", s, re.M), s
    s = p.wait(rf"^   {left - 1} min left ", timeout=65)
    assert re.search(rf"^   {coming_later} ", s, re.M), s
    os.unlink(path)


DEBCONF = "tests/data/samples/frab-xml/debconf23.xml"


@test
def day_tabs_follow_the_day_when_not_all_fit():
    # DebConf 23 has nine days: at 80 columns not every tab fits. The tabs
    # shown are the day's and those around it, "<" and ">" where there
    # are more, and the title and the zone stay.
    p = Pane([DEBCONF])
    s = p.wait("^ Day 1")
    head = s.splitlines()[0]
    assert re.match(r"^ sked  DebConf 23   Sun 10  Mon 11 .* > +Asia/Kolkata$", head), head
    assert "Mon 18" not in head, head
    p.keys("9")
    s = p.wait("^ Day 9: Monday 18 September 2023")
    head = s.splitlines()[0]
    assert re.match(r"^ sked  DebConf 23  < .*Sun 17  Mon 18 +Asia/Kolkata$", head), head
    assert "Sun 10" not in head and ">" not in head, head
    p.keys("5")
    s = p.wait("^ Day 5: Thursday")
    head = s.splitlines()[0]
    assert re.search(r"< .*Thu 14 .* >", head), head
    # A click on a tab of the window opens its day.
    x = head.index("Fri 15")
    p.mouse(0, x + 1, 0)
    p.wait("^ Day 6: Friday 15 September 2023")


@test
def day_tab_arrows_take_clicks():
    # The "<" and ">" beside the tabs that fit go a day back or on, as
    # [ and ] do, with the window of tabs following.
    p = Pane([DEBCONF])
    s = p.wait("^ Day 1")
    x = s.splitlines()[0].index(">")
    p.mouse(0, x, 0)
    p.wait("^ Day 2: Monday 11 September 2023")
    p.keys("9")
    s = p.wait("^ Day 9: Monday 18 September 2023")
    x = s.splitlines()[0].index("<")
    p.mouse(0, x, 0)
    p.wait("^ Day 8: Sunday 17 September 2023")
    p.keys("5")
    s = p.wait("^ Day 5: Thursday")
    x = s.splitlines()[0].index(">")
    p.mouse(0, x, 0)
    p.mouse(0, x, 0)
    s = p.wait("^ Day 7: Saturday 16 September 2023")
    assert "Sat 16" in s.splitlines()[0], s
    # In the grid too, which the day keeps.
    p.keys("g")
    s = p.wait("^ Grid, day 7")
    x = s.splitlines()[0].index("<")
    p.mouse(0, x, 0)
    p.wait("^ Grid, day 6: Friday 15 September 2023")


@test
def opening_during_the_conference_shows_the_line_of_now():
    # At 01:00 on the 28th, 36C3's day 1 is at its end: the session that
    # began last (Hacker Jeopardy, 00:50) is selected at the bottom, and
    # the line of now under it shows too.
    p = Pane(["--now", "2019-12-28 01:00", "--timezone", "Europe/Berlin",
              "tests/data/samples/frab-xml/36c3-stages.xml"])
    s = p.wait(r"^ Now: 00:50–02:50")
    lines = s.splitlines()
    assert re.match(r"^─ 01:00 now ─+$", lines[-2]), s
    assert "Hacker Jeopardy" in lines[-3], s


@test
def now_view_by_room():
    # DebConf 23 (Asia/Kolkata) has rooms: by room, b for by track.
    for cols, lines in ((80, 24), (160, 50)):
        p = Pane(["--now", "2023-09-11 11:40", DEBCONF], cols=cols, lines=lines)
        p.wait("Day 2")
        p.keys("n")
        s = p.wait("^ Now: ")
        assert "Now: Monday 11 September 2023, 11:40 · 3 running, by room" in s, s
        assert_lines(s, [r"^ Anamudi$",
                         r"^   10 min left +11:30–11:50 .*Mapping the Distribution",
                         r"^   in 20 min +12:00–12:20 .*GNOME community",
                         r"^ Kuthiran$",
                         r"^   10 min left +11:30–11:50 .*Quick Peak at ZFS",
                         r"^   in 20 min +12:00–12:20 .*Migrating veteran FOSS",
                         r"^ Ponmudi$",
                         r"^   15 min left +10:30–11:55 .*Live packaging workshop",
                         # over an hour: hours and minutes
                         r"^   in 4 h 50 min +16:30–17:10 .*Uplifting the gross roots",
                         r"^ Elsewhere$",
                         r"^   in 50 min +12:30–15:30 .*Lunch",
                         r"^ Outside$",
                         r"^   Wed 13 Sep +10:30–19:00 .*Day trip"])
    p.keys("b")
    s = p.wait("^ Now: .*by track")
    assert "Now: by track" in s.splitlines()[-1], s
    assert_lines(s, [r"^ Packaging, policy, and Debian infrastructure$",
                     r"^   in 4 h 50 min +16:30–17:10 .*Chatting with ftpmasters"])
    p.keys("b")
    p.wait("^ Now: .*by room")


@test
def rooms_view():
    # The counts agree with what sked list says of each room.
    out = subprocess.run([SKED, "list", DEBCONF], capture_output=True,
                         text=True, check=True).stdout
    count = {}
    for room in re.findall(r"\] \(([^)]+)\) ", out):
        count[room] = count.get(room, 0) + 1
    assert count == {"Anamudi": 36, "Kuthiran": 27, "Ponmudi": 21,
                     "Elsewhere": 32, "Outside": 1}, count
    for cols, lines in ((80, 24), (160, 50)):
        p = Pane([DEBCONF], cols=cols, lines=lines)
        p.wait("Day 1")
        p.keys("r")
        s = p.wait("^ Rooms")
        assert_lines(s, [r"^ Rooms$",
                         r"^ Anamudi      36 sessions$",
                         r"^ Kuthiran     27 sessions$",
                         r"^ Ponmudi      21 sessions$",
                         r"^ Elsewhere    32 sessions$",
                         r"^ Outside       1 session$",
                         r"^$"])
    p.keys("j", "Enter")
    s = p.wait("^ Kuthiran$")
    assert_lines(s, [r"^ Kuthiran$",
                     r"^ Sunday 10 September 2023$",
                     r"^ 11:30–12:15 .*Why Debian",
                     r"^ 15:30–16:15 .*Teams, newcomers and numbers"])
    assert re.search(r"^ 1/27 ", s, re.M), s
    p.keys("j", "Enter")
    s = p.wait("^ Session")
    assert "Teams, newcomers and numbers" in s, s
    assert re.search(r"^  Room +Kuthiran$", s, re.M), s
    p.keys("h")
    p.wait("^ Kuthiran$")
    p.keys("q")
    p.wait("^ Rooms$")
    # A program without rooms says so, and where to go instead.
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("r")
    p.wait("This program names no rooms: t lists its tracks.")


@test
def fall_back_night_says_the_offsets():
    # New York, 5 November 2023: 01:00 to 01:59 comes twice. Times that
    # would read wrong say their UTC offsets (not "01:30–01:00" for
    # half an hour, nor "00:45–01:45" for two), and the grid's gutter
    # goes only forward: the repeated hour is not named again, its
    # first line says the new offset, and its blocks their starts.
    p = Pane(["tests/data/dst-ny.yaml"])
    p.wait("^ Day 1")
    p.keys("]")
    s = p.wait("^ Day 2: Sunday 5 November 2023")
    assert re.search(r"^ 00:45 UTC-4 – 01:45 UTC-5 +t +Stage +Across the change", s, re.M), s
    assert re.search(r"^ 01:30 UTC-4 – 01:00 UTC-5 +t +Stage +Repeated hour", s, re.M), s
    assert re.search(r"^ 01:15–01:45 UTC-5 +t +Stage +Second pass talk", s, re.M), s
    assert re.search(r"^ 09:00–09:45 +t +Stage +Sunday morning", s, re.M), s
    p.keys("j", "j", "Enter")
    s = p.wait("^ Session")
    assert "Sunday 5 November 2023, 01:15–01:45 UTC-5 America/New_York" in s, s
    p.keys("q", "g")
    s = p.wait("^ Grid, day 2")
    gutter = [l[:6].strip() for l in s.splitlines()[3:-1]]
    times = [g for g in gutter if re.match(r"^\d\d:\d\d$", g)]
    assert times == sorted(set(times)), gutter
    assert "UTC-5" in gutter and times[:6] == ["00:45", "01:00", "01:15", "01:30", "01:45", "02:00"], gutter
    assert re.search(r"^ +┃ 01:15 UTC-5 Second pass talk", s, re.M), s
    # The list's line of now in the repeated hour says which it is.
    p = Pane(["--now", "2023-11-05 01:20", "tests/data/dst-ny.yaml"])
    s = p.wait("now")
    assert re.search(r"^─ 01:20 UTC-4 now ─", s, re.M), s
    # And so do the now view's title and its column of times, as wide as
    # the offsets make them (they ran into the track and the title).
    p.keys("n")
    s = p.wait("^ Now: ")
    assert "Now: Sunday 5 November 2023, 01:20 UTC-4 \u00b7" in s, s
    assert re.search(r"left  00:45 UTC-4 – 01:45 UTC-5  t +Across the "
                     r"change$", s, re.M), s
    assert re.search(r"in 10 min +01:30 UTC-4 – 01:00 UTC-5  t +Repeated "
                     r"hour kernel talk$", s, re.M), s


@test
def offsets_brief_where_they_would_crowd_the_title():
    # Berlin's 6 April 2024 read on Lord Howe Island, whose clocks go
    # back half an hour that night: at 80 columns the offsets are said
    # briefly ("+10:30"), so that the room keeps its column (the time
    # took 36 columns, "01:00 UTC+11 – 01:30 UTC+10:30 (Sun)", and the
    # room went); the two 01:40s still say which pass each is.
    p = Pane(["tests/data/dst-lordhowe.yaml"],
             env={"TZ": "Australia/Lord_Howe"})
    p.wait("^ Day 1: Saturday 6 April 2024")
    p.keys("z")
    s = p.wait("Times in Australia/Lord_Howe")
    for want in (r"19:00–19:45 {22}kern  Bohr    Morning kernel talk",
                 r"01:00 \+11–01:30 \+10:30 \(Sun\)     kern  Kepler  Across",
                 r"01:40 \+11–01:40 \+10:30 \(Sun\)     tool  Bohr    First pass",
                 r"01:40–02:10 \+10:30 \(Sun\)         kern  Kepler  Second pass"):
        assert re.search("^ " + want, s, re.M), f"{want!r} not in\n{s}"
    # Wide enough for them whole: in full, as before.
    p = Pane(["tests/data/dst-lordhowe.yaml"], cols=120,
             env={"TZ": "Australia/Lord_Howe"})
    p.wait("^ Day 1: Saturday 6 April 2024")
    p.keys("z")
    s = p.wait("Times in Australia/Lord_Howe")
    assert re.search(r"^ 01:40 UTC\+11 – 01:40 UTC\+10:30 \(Sun\)     tool  "
                     r"Bohr    First pass talk", s, re.M), s
    assert re.search(r"^ 01:40–02:10 UTC\+10:30 \(Sun\) {14}kern  Kepler  "
                     r"Second pass talk", s, re.M), s


@test
def time_column_as_wide_as_the_day():
    # The time column is as wide as the times of the day shown: after
    # Monday's "01:00–02:00 (Tue)", Tuesday's plain times take 11
    # columns, not 17; and after Saturday's "23:30–00:30+1", Monday's.
    p = Pane(["tests/data/night.yaml"])
    s = p.wait("Day 1: Monday 4 March 2024")
    assert re.search(r"^ 20:00–21:00 {11}owl  Evening keynote", s, re.M), s
    p.keys("]")
    s = p.wait("Day 2: Tuesday 5 March 2024")
    assert re.search(r"^ 09:00–09:30 {5}owl  Morning coffee", s, re.M), s
    p = Pane(["tests/data/dst-ny.yaml"])
    s = p.wait("^ Day 1")
    assert re.search(r"^ 23:30–00:30\+1 {5}t {3}Stage  Saturday", s, re.M), s
    p.keys("3")
    s = p.wait("^ Day 3")
    assert re.search(r"^ 09:00–09:30 {5}t {3}Stage  Monday", s, re.M), s


@test
def session_after_midnight():
    # day_change 04:00: 01:00 on Tuesday 5 March is on Monday's program,
    # and the detail gives the date it really happens on.
    p = Pane(["tests/data/night.yaml"])
    s = p.wait("Day 1: Monday 4 March 2024")
    assert re.search(r"^ 01:00–02:00 \(Tue\) {5}owl  After midnight", s, re.M), s
    p.keys("j", "Enter")
    s = p.wait("^ Session")
    assert "After midnight hacking" in s, s
    assert "Tuesday 5 March 2024, 01:00–02:00 Europe/Prague" in s, s
    assert "On the program of Monday 4 March 2024 (day 1)" in s, s
    assert "Tue 5 March, 00:00–01:00 UTC (your time)" in s, s
    # A list under day headings alone marks the other date in the row.
    p.keys("t", "Enter")
    s = p.wait("^ Owls")
    assert re.search(r"^ 01:00–02:00 \(Tue\)  After midnight hacking", s, re.M), s
    assert re.search(r"^ 20:00–21:00        Evening keynote", s, re.M), s


@test
def opens_the_program_that_is_on():
    # The bundled programs, in file order 2019, 2022, 2023: sked opens the
    # one on at --now (read in its own zone), else the next, else the newest.
    p = Pane(["--now", "2023-11-14 10:00"])
    s = p.wait("Next: 09:30–10:00")
    # The title cut, its year kept: the last to go.
    assert "Linux Plumbers Con\u2026 2023 [3/3]" in s, s
    assert "Day 3: Wednesday 15 November 2023" in s, s
    # LPC 2022 gives no session a time: its sessions without one open,
    # over the day of --now.
    p = Pane(["--now", "2022-09-13 10:00"])
    s = p.wait("^ Unscheduled sessions")
    assert "[2/3]" in s.splitlines()[0], s
    p.keys("q")
    p.wait("Day 2: Tuesday 13 September 2022")
    p = Pane(["--now", "2020-06-01 10:00"])  # between 2019 and 2022: the next
    s = p.wait("^ Unscheduled sessions")
    assert "[2/3]" in s.splitlines()[0], s
    p.keys("q")
    p.wait("Day 1: Monday 12 September 2022")
    # No --now: today, after them all, opens the newest.
    p = Pane([])
    s = p.wait("Day 1: Monday 13 November 2023")
    assert "[3/3]" in s.splitlines()[0], s


@test
def time_zone_toggle():
    p = Pane(["data/lpc2023.yaml"], env={"TZ": "Asia/Tokyo"})
    p.wait("Day 1")
    p.keys("z")
    s = p.wait(r"Times in Asia/Tokyo \(your local zone\)")
    # 09:30 EST is 14:30 UTC is 23:30 JST; 10:05 EST is 00:05 JST next day
    assert re.search(r"23:30–23:35 +x3  riscv +Introduction", s), s
    assert "Asia/Tokyo" in s.splitlines()[0], s
    p.keys("G")
    s = p.wait(r"(02:45|     )–03:05 .*riscv +RISC-V irqbypass")  # 12:45 EST
    p.keys("z")
    s = p.wait("Times in America/New_York")
    p.keys("Home")
    s = p.wait(r"09:30–09:35 +x3 +riscv")


@test
def help_keeps_its_line_on_resize():
    # A new width wraps the help anew; the line at its top stays there,
    # as in less, wider or narrower (where the keys go on a line of
    # their own), and near the end too (it went back to the top).
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("?")
    p.wait("^ Help")
    for _ in range(30):
        p.keys("j")
    s = p.wait("^ lines 31-")
    top = s.splitlines()[2]
    keys = top.split()[0]
    assert keys in ("Ctrl-u", "Home", "G,"), top

    def resize(cols, lines):
        """The help redrawn at the new size: its status line as wide."""
        tmux("resize-window", "-x", str(cols), "-y", str(lines))
        return p.wait(r"^(?=.{%d}$) lines [0-9]+-[0-9]+ of [0-9]+ +q back$" % (cols - 1))

    s = resize(100, 30)
    assert s.splitlines()[2].split()[0] == keys, s
    s = resize(45, 20)  # the keys on a line of their own
    assert s.splitlines()[2] == "   " + keys, s
    s = resize(80, 24)
    assert s.splitlines()[2] == top, s
    p.keys("G")
    s = p.wait(r"^ lines [0-9]+-([0-9]+) of \1 ")
    top = s.splitlines()[2]
    s = resize(120, 24)  # fewer lines now: the end shows, with that line
    assert not re.search("^ lines 1-", s, re.M), s
    assert any(l.split()[:2] == top.split()[:2] for l in s.splitlines()[2:]), (top, s)


@test
def resize_too_small_and_back():
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    tmux("resize-window", "-x", "30", "-y", "8")
    p.wait("Terminal too small: 30x8")
    tmux("resize-window", "-x", "120", "-y", "40")
    s = p.wait("Day 1: Monday")
    assert "Terminal too small" not in s
    assert re.search(r"11:45–12:05 +rt +Adaptive userspace spinlocks with rseq — André Almeida, Mathieu Desnoyers", s), s


@test
def a_message_stays_through_a_resize():
    """Resizing the terminal is no key: the message of the last one (here
    what starring said) stays, redrawn at the new width; the next key
    takes it away. It went with the first resize."""
    home, env = new_home("-home-resize")
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=24, env=env)
    p.wait("^ Day 1")
    p.keys("s")
    p.wait("Starred")
    tmux("resize-window", "-x", "100", "-y", "30")
    s = p.wait(r"^ sked .{70,}America/New_York$")
    assert s.splitlines()[-1].startswith(" Starred: no clash"), s
    tmux("resize-window", "-x", "60", "-y", "20")
    p.gone(r"^.{61,}$")
    s = p.wait(r"^ Starred: no clash")
    assert len(s.splitlines()) == 20, s
    p.keys("j")
    p.gone("Starred")
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def wide_characters_keep_columns():
    p = Pane(["tests/data/wide.yaml"], cols=90, lines=20)
    s = p.wait("日本語のタイトル")
    rows = [l for l in s.splitlines() if re.match(r" (\d\d:\d\d| {5})–", l)]
    assert len(rows) == 4, s
    # Titles start at one column whatever the room names' widths.
    starts = set()
    for l in rows:
        for title in ("日本語のタイトル", "Emoji 😀😀 talk", "Plain ASCII talk", "Combining"):
            if title in l:
                starts.add(width(l[:l.index(title)]))
    assert len(starts) == 1, (starts, rows)
    assert all(width(l.rstrip()) <= 90 for l in s.splitlines()), s
    # Clipping at a narrow width never splits a wide character.
    tmux("resize-window", "-x", "41", "-y", "20")
    s = p.wait("— 山…")  # redrawn at the new width
    for l in s.splitlines():
        assert width(l) <= 41, (l, width(l))


@test
def hostile_text_is_harmless():
    p = Pane(["tests/data/hostile.yaml"], cols=100, lines=30)
    before = tmux("display-message", "-p", "#{pane_title}").strip()
    s = p.wait("Title")
    p.keys("Enter")
    p.wait("^ Session")
    p.keys("t", "Enter")
    p.wait("^ .*track")
    p.keys("p")
    p.wait("Mallory")
    time.sleep(0.2)
    title = tmux("display-message", "-p", "#{pane_title}").strip()
    assert title == before and "PWNED" not in title and "TITLE" not in title, title
    assert tmux("list-buffers") == "", tmux("list-buffers")
    raw = p.screen(escapes=True)
    assert "\x1b]" not in raw and "\x9b" not in raw and "\x9d" not in raw
    p.keys("d", "Enter")
    s = p.wait("^ Session")
    assert "Title " in s and "with escapes" in s, s
    assert "\ufffd" in s, s  # the sequences show as U+FFFD


@test
def detail_shows_the_optional_fields():
    p = Pane(["tests/data/fields.yaml"], cols=80, lines=24)
    p.wait("Day 1: Saturday")
    p.keys("j", "Enter")  # Reading schedules, after Doors open
    s = p.wait("^ Session")
    lines = s.splitlines()
    # The subtitle under the title; not recorded; the language; each
    # speaker's URL under the name; the description under its heading
    # after the abstract; the links, title and URL.
    i = lines.index("  Reading schedules")
    assert lines[i + 1] == "  frab, pretalx and Indico", s
    assert "  Not recorded" in lines, s
    assert "  Language  en" in lines, s
    i = lines.index("  Speakers  Jo Smith")
    assert lines[i + 1:i + 3] == ["            https://fields.example/p/17",
                                  "            Jo Smith (Elsewhere)"], s
    i = lines.index("  What a schedule holds.")
    assert lines[i + 1:i + 4] == ["", "  Description",
                                  "  The long text, beside the abstract."], s
    i = lines.index("  Links     Slides: https://fields.example/slides.pdf")
    assert lines[i + 1] == "            https://fields.example/code", s
    p.keys("G")  # the last line: the feedback URL
    p.wait("^  Feedback  https://fields.example/talk-1/feedback$")
    # Highlights in the searchable values only: the subtitle (title:), the
    # language (lang:), the description and a link's title (abstract:),
    # never a link's URL nor a label.
    p.keys("Escape", "/")
    type_query(p, "title:pretalx lang:^en$ abstract:beside|slides")
    p.wait("^ Search: 1 session")
    p.keys("Enter")
    s = p.wait("^ Session")
    plain, raw = s.splitlines(), p.screen(escapes=True).splitlines()

    def lit(text):
        return highlighted(raw[next(i for i, l in enumerate(plain) if text in l)])
    assert lit("Reading schedules") == [], lit("Reading schedules")
    assert lit("frab, pretalx") == ["pretalx"], lit("frab, pretalx")
    assert lit("Language  en") == ["en"], lit("Language  en")
    assert lit("The long text") == ["beside"], lit("The long text")
    assert lit("Links     Slides") == ["Slides"], lit("Links     Slides")
    assert lit("Description") == [], lit("Description")
    # Several languages, each a value: ^en$ lights en, not the de before.
    p.keys("Escape", "Escape", "/")
    type_query(p, "lang:^en$")
    p.wait("^ Search: 2 sessions")
    p.keys("Tab", "Down", "Enter")
    s = p.wait("^ Session")
    assert "Zwei Sprachen" in s and "Not recorded" not in s, s
    assert "Description" not in s and "Links" not in s, s
    plain, raw = s.splitlines(), p.screen(escapes=True).splitlines()
    assert "  Languages de, en" in plain, s
    assert lit("Languages de, en") == ["en"], lit("Languages de, en")


HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\ufeff\r]")


@test
def bidi_controls_and_cr_are_harmless():
    p = Pane(["tests/data/hostile.yaml"], cols=100, lines=30)
    s = p.wait("Bidi")
    assert not HIDDEN.search(s), repr(s)
    p.keys("j", "Enter")
    s = p.wait("^ Session")
    raw = p.screen(escapes=True)
    assert not HIDDEN.search(raw), repr(raw)
    # The controls show as U+FFFD where they were; CR LF and a lone CR
    # are line breaks, as LF is.
    assert "Bidi \ufffdfdp.exe\ufffd \ufffdiso\ufffd" in s, s
    assert re.search(r"^  Bidi .* talk$\n^  CRTITLE$", s, re.M), s
    assert re.search(r"^  Line one$\n^  Line two$\n^  Line three \ufffdhidden\ufffd end$", s, re.M), s
    assert re.search(r"Trojan\ufffdSource\ufffd", s), s


@test
def no_utf8_locale():
    # A locale that is not UTF-8 (C, POSIX) says the terminal may not be:
    # sked draws ASCII, each character as its stand-in in the columns it
    # had (dashes, letters' bases, "~" for the ellipsis, rules), as tmux
    # and mutt fall back; a UTF-8 locale draws UTF-8.
    p = Pane(["data/lpc2023.yaml"], env={"LANG": "C", "LC_ALL": "C"})
    s = p.wait("Day 1")
    assert "09:30-09:35" in s and "Bjorn Topel" in s, s
    assert re.search(r"Daniel Bristot de Ol~$", s, re.M), s
    p.keys("g")
    s = p.wait("^ Grid")
    raw = p.screen(escapes=True)
    assert not re.search(r"[^\x00-\x7f]", raw), raw
    assert re.search(r"^09:30 \| Welcome!", s, re.M), s
    p = Pane(["data/lpc2023.yaml"], env={"LANG": "", "LC_ALL": "", "LC_CTYPE": "C.UTF-8"})
    s = p.wait("Day 1")
    assert "09:30–09:35" in s and "Björn Töpel" in s, s


@test
def colours_and_no_color():
    colour = re.compile(r"\x1b\[[0-9;]*3[0-7](;|m)")
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    assert colour.search(p.screen(escapes=True)), "no colours on a colour terminal"
    p = Pane(["data/lpc2023.yaml"], env={"NO_COLOR": "1"})
    p.wait("Day 1")
    raw = p.screen(escapes=True)
    p.quit()
    assert not colour.search(raw), "colours despite NO_COLOR"
    assert "\x1b[7m" in raw or "\x1b[7;" in raw or ";7m" in raw, "no reverse video"


@test
def not_a_terminal_prints_the_list():
    out = subprocess.run([SKED, "data/lpc2023.yaml"], capture_output=True,
                         text=True, stdin=subprocess.DEVNULL)
    assert out.returncode == 0 and "09:30–09:35  [riscv] Introduction" in out.stdout, out


@test
def signals_restore_the_terminal():
    for sig in (15, 2):  # SIGTERM, SIGINT
        p = Pane(["data/lpc2023.yaml"])
        p.wait("Day 1")
        p.kill(sig)
        status = p.exit_status()
        assert status == 128 + sig, f"signal {sig}: exit status {status}"
        # endwin() left the alternate screen: the normal screen is back.
        alt = tmux("display-message", "-p", "#{alternate_on}").strip()
        assert alt == "0", f"alternate screen still on ({alt!r})"


@test
def a_library_that_cannot_load_restores_the_terminal():
    # libical is opened on first use (src/core/lazylib.c): here once the
    # browser runs, for the local zone (Asia/Tokyo; the program is in
    # UTC, which needs no libical). A libical.so.3 that is no library
    # stops sked there, with the terminal restored and the message on it.
    lib = f"/tmp/sked-test-{os.getpid()}-lib"
    os.makedirs(lib, exist_ok=True)
    with open(f"{lib}/libical.so.3", "w") as f:
        f.write("not a library\n")
    try:
        p = Pane(["tests/data/filters.yaml"],
                 env={"TZ": "Asia/Tokyo", "LD_LIBRARY_PATH": lib})
        status = p.exit_status()
        assert status == 69, f"exit status {status}"  # EX_UNAVAILABLE
        s = p.wait("cannot load")
        assert re.search(r"^sked: cannot load libical \(libical\.so\.3\): " +
                         re.escape(lib), s, re.M), s
        alt = tmux("display-message", "-p", "#{alternate_on}").strip()
        assert alt == "0", f"alternate screen still on ({alt!r})"
    finally:
        os.unlink(f"{lib}/libical.so.3")
        os.rmdir(lib)



@test
def conflicts_across_programs():
    # A co-located conference's starred session clashes with the other
    # program's, as one's own do: said on starring, in the detail (with
    # the other program's id) and in the agenda's count.
    home = f"/tmp/sked-test-{os.getpid()}-colocated"
    subprocess.run(["rm", "-rf", home])  # its own agendas: none starred
    p = Pane(["tests/data/filters.yaml", "tests/data/colocated.yaml"],
             env={"XDG_DATA_HOME": home})
    p.wait(r"Filter Camp \[1/2\]")
    p.wait("Kernel workshop in B")
    p.keys("j", "s")
    p.wait("Starred: no clash in your agenda")
    p.keys("c")
    p.wait(r"Colocated Summit \[2/2\]")
    p.keys("s")
    s = p.wait(r"Starred: it clashes with Kernel workshop in B \(filtercamp\) "
               r"\(a: agenda\)")
    p.keys("Enter")
    s = p.wait(r"Clashes +11:00.12:00 Kernel workshop in B \(filtercamp\)")
    assert "Kernel talk in A" not in s, s  # not starred
    p.keys("q", "a")
    s = p.wait(r"Agenda: 1 starred, 1 in conflict")
    assert re.search(r"^!11:15.11:45 +Summit keynote", s, re.M), s
    subprocess.run(["rm", "-rf", home])


@test
def a_terminal_that_cannot_be_drawn_on_gets_the_list():
    # TERM unknown to terminfo made ncurses print its own error and exit
    # 1; TERM=dumb drew spaces. Now: said, then printed as sked list.
    for term, why in (("unknownterm", "TERM=unknownterm: no such terminal in terminfo, or a generic one"),
                      ("dumb", "TERM=dumb cannot move its cursor")):
        p = Pane(["tests/data/filters.yaml"], cols=160, env={"TERM": term})
        status = p.exit_status()
        assert status == 0, f"TERM={term}: exit status {status}"
        s = p.wait(re.escape(why))
        assert "the programs are printed as sked list prints them" in s, s
        assert re.search(r"^Filter Camp \(filtercamp\), times in", s, re.M), s
        assert "Error opening terminal" not in s, s


@test
def held_agenda_lock_gives_up_on_ctrl_c_or_in_time():
    import fcntl
    home = agenda_home("home5", "# sked agenda 1 lpc2023\n66\n")
    agenda = f"{home}/data/sked/lpc2023.agenda"
    env = {"HOME": home, "XDG_DATA_HOME": f"{home}/data"}
    p = Pane(["data/lpc2023.yaml"], cols=120, env=env)
    p.wait("Day 1")
    for k in "/title:embargoed":
        p.keys(k)
    p.wait("^ Search: 1 session")
    p.keys("Enter")
    p.wait("^ Session")
    # Another sked (this process) holds the lock, as while it saves.
    lock = open(f"{agenda}.lock", "a")
    fcntl.lockf(lock, fcntl.LOCK_EX)
    held = re.escape(f"the agenda is locked by another sked (pid {os.getpid()})")
    # Ctrl-C gives up the wait, and only the wait: the browser goes on.
    p.keys("s")
    time.sleep(0.5)
    p.keys("C-c")
    p.wait("Not starred: " + held, timeout=2)
    p.keys("Escape")
    p.wait("^ Search: 1 session")
    p.keys("Enter")
    p.wait("^ Session")
    # Without Ctrl-C, it gives up by itself after a few seconds.
    p.keys("s")
    p.wait("Not starred: " + held, timeout=6)
    assert open(agenda).read() == "# sked agenda 1 lpc2023\n66\n"
    # Released: the star is saved, with what was there.
    lock.close()
    p.keys("s")
    p.wait("Starred")
    assert open(agenda).read() == "# sked agenda 1 lpc2023\n" + N66 + N225
    # SIGTERM while waiting ends sked cleanly, the agenda as it was.
    lock = open(f"{agenda}.lock", "a")
    fcntl.lockf(lock, fcntl.LOCK_EX)
    p.keys("s")
    time.sleep(0.5)
    p.kill(15)
    assert p.exit_status() == 128 + 15
    alt = tmux("display-message", "-p", "#{alternate_on}").strip()
    assert alt == "0", f"alternate screen still on ({alt!r})"
    lock.close()
    assert open(agenda).read() == "# sked agenda 1 lpc2023\n" + N66 + N225
    subprocess.run(["rm", "-rf", home])

@test
def namesakes_told_apart_by_their_feed_ids():
    # fields.yaml: two speakers named Jo Smith, ids 17 and 42: two people.
    p = Pane(["tests/data/fields.yaml"])
    p.wait("Fields Camp")
    p.keys("p")
    s = p.wait("^ Speakers and authors")
    rows = [l for l in s.splitlines() if l.startswith(" Jo Smith")]
    assert len(rows) == 2, s
    assert any("(Elsewhere)" in l for l in rows), s
    p.keys("q")

@test
def followed_programs_open_and_the_one_on_now_first():
    # A followed program (its list entry and copy, as sked add leaves
    # them) is opened beside the bundled ones, and first while it is on.
    home = f"/tmp/sked-test-{os.getpid()}-home-follow"
    subprocess.run(["rm", "-rf", home])
    os.makedirs(f"{home}/config/sked")
    os.makedirs(f"{home}/data/sked/programs")
    with open(f"{home}/config/sked/programs", "w") as f:
        f.write("# sked programs 1\nfollowconf http://127.0.0.1:9/s.yaml\n")
    subprocess.run(["cp", "tests/data/follow/v1.yaml",
                    f"{home}/data/sked/programs/followconf"], check=True)
    env = {"HOME": home, "XDG_DATA_HOME": f"{home}/data",
           "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache"}
    p = Pane(["--now", "2024-03-04 09:10"], cols=100, lines=30, env=env)
    s = p.wait("09:00–09:30 .*Opening")
    assert "Follow Conference 2024" in s, s
    # c goes on to the bundled programs, and back round to it.
    for _ in range(3):
        p.keys("c")
        p.gone("Follow Conference 2024")
    p.keys("c")
    p.wait("Follow Conference 2024")
    p.quit()
    subprocess.run(["rm", "-rf", home])


class Followed:
    """A program followed from tests/httpd.py (sked add against it), in
    XDG directories of its own; the server answers the script given."""

    def __init__(self, script, max_seconds=60):
        sys.path.insert(0, os.path.join(SRC, "tests"))
        import httpd
        self.home = f"/tmp/sked-test-{os.getpid()}-home-update"
        subprocess.run(["rm", "-rf", self.home])
        os.makedirs(self.home)
        self.env = {"HOME": self.home, "XDG_DATA_HOME": f"{self.home}/data",
                    "XDG_CONFIG_HOME": f"{self.home}/config",
                    "XDG_CACHE_HOME": f"{self.home}/cache",
                    "XDG_STATE_HOME": f"{self.home}/state"}
        self.copy = f"{self.home}/data/sked/programs/followconf"
        self.agenda = f"{self.home}/data/sked/followconf.agenda"
        self.server = httpd.Server(script, max_requests=10,
                                   max_seconds=max_seconds).__enter__()
        self.sked("add", self.server.url("/s"))

    def sked(self, *args):
        r = subprocess.run([SKED, *args], capture_output=True, text=True,
                           env={**os.environ, "TZ": "UTC", **self.env},
                           stdin=subprocess.DEVNULL, timeout=30)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r.stdout

    def read(self, path):
        return open(path, encoding="utf-8").read()

    def processes(self):
        """The pids of processes that run with this home (sked, and an
        update's child)."""
        pids = []
        for pid in os.listdir("/proc"):
            try:
                if self.home.encode() in open(f"/proc/{pid}/environ", "rb").read():
                    pids.append(pid)
            except (OSError, ValueError):
                pass
        return pids

    def children(self):
        """The children of the sked running with this home, zombies too
        (whose environment is gone): their pids."""
        def parent(pid):
            try:
                stat = open(f"/proc/{pid}/stat").read()
            except OSError:
                return None
            return stat.rsplit(")", 1)[1].split()[1]
        mine = self.processes()
        sked = [pid for pid in mine if parent(pid) not in mine]
        assert len(sked) == 1, sked
        return [pid for pid in os.listdir("/proc") if parent(pid) == sked[0]]

    def close(self):
        self.server.__exit__(None, None, None)
        subprocess.run(["rm", "-rf", self.home])


V1 = open("tests/data/follow/v1.yaml", encoding="utf-8").read()
V2 = open("tests/data/follow/v2.yaml", encoding="utf-8").read()


@test
def an_update_that_ends_while_a_prompt_is_open_is_said():
    """An update's result that comes while the export prompt (or the search
    line) is open is shown above the prompt until the next key: it was
    put in the status line the prompt covers, and the next key cleared it
    unseen."""
    f = Followed({"/s": [{"body": V1}, {"status": 500, "delay": 1},
                         {"status": 500, "delay": 1}]})
    try:
        f.sked("star", "followconf", "1")
        p = Pane(["followconf"], env=f.env)
        p.wait("^ Day 1")
        p.keys("U")
        p.keys("e")
        p.wait("^Export agenda to: ")
        s = p.wait(r"^ followconf: update failed, copy kept: HTTP 500.*\n"
                   r"( .*\n)*Export agenda to: ", timeout=10)
        # The prompt is still there, its text as it was.
        p.keys("Escape")
        s = p.wait("Export cancelled")
        assert "update failed, copy kept" not in s, s
        # The same in the search line.
        p.keys("U", "/")
        s = p.wait(r"^ followconf: update failed, copy kept: HTTP 500.*\n"
                   r"( .*\n)*/", timeout=10)
        p.keys("Escape")
        p.quit()
    finally:
        f.close()


@test
def a_followed_program_left_out_is_said_on_the_screen():
    """A followed program whose copy no longer loads is left out, and the
    browser's status line says so: it was said on stderr only, which the
    screen hid until the browser ended."""
    f = Followed({"/s": [{"body": V1}]})
    try:
        with open(f.copy, "w", encoding="utf-8") as out:
            out.write(V1[:len(V1) // 2])
        p = Pane([], env=f.env)
        s = p.wait("followconf left out: its copy is invalid "
                   "\\(sked update followconf\\)")
        assert "Follow Conference" not in s, s
        p.quit()
        # With a config file's message too: both said (the config's
        # took the status line alone).
        os.makedirs(f"{f.home}/config/sked", exist_ok=True)
        with open(f"{f.home}/config/sked/config", "w") as out:
            out.write("theme: sepia\n")
        p = Pane([], cols=160, env=f.env)
        s = p.wait("followconf left out: its copy is invalid "
                   "\\(sked update followconf\\); Config: ")
        assert 'got "sepia"' in s, s
        p.quit()
    finally:
        f.close()


@test
def an_update_with_changes_leaves_the_search_line_typed_in():
    """An update that changes starred sessions while the search line is
    open leaves the line open and says so above it: it closed the line
    and opened the changes, so the keys typed next were commands (q left
    the changes, s starred a session). w shows the changes then."""
    f = Followed({"/s": [{"body": V1}, {"body": V2, "delay": 1}]})
    try:
        f.sked("star", "followconf", "1", "2", "3")
        p = Pane(["followconf"], env=f.env)
        p.wait("^ Day 1")
        p.keys("w")
        p.wait("No update has changed your starred sessions yet")
        p.keys("U", "/", "k", "e")
        s = p.wait(r"^ followconf updated: 3 changes to your starred "
                   r"sessions \(w shows them\)\n( .*\n)*/ke", timeout=10)
        assert "Changes to your starred" not in s, s
        p.keys("q", "s")
        p.wait(r"^/keqs", timeout=2)
        p.keys("Escape")
        p.gone(r"^/keqs")
        # s starred nothing (the update rewrote the notes beside them).
        assert [l.split()[0] for l in f.read(f.agenda).splitlines()[1:]] == \
            ["1", "2", "3"], f.read(f.agenda)
        p.keys("w")
        s = p.wait("^ Changes")
        assert "retitled: Old title -> New title" in s, s
        # w again where they are shown: one q still leaves them (it
        # stacked a second copy).
        p.keys("w", "q")
        p.gone("^ Changes")
        p.quit()
    finally:
        f.close()


@test
def update_key_keeps_the_screen_live_and_shows_the_changes():
    # v2: Opening moved to Tuesday, Kernel talk cancelled, Old title
    # retitled; its body comes slowly (100 bytes, then 3 s).
    slow = {"body": V2, "stall": {"after": 100, "seconds": 3}}
    f = Followed({"/s": [{"body": V1}, slow, {"status": 500}, {"body": V1}]})
    try:
        f.sked("star", "followconf", "1", "2", "3")
        p = Pane(["--now", "2024-03-04 09:10", "followconf"], env=f.env)
        s = p.wait("Now: 09:00–09:30")
        assert re.search(r"^ Day 1: .* copy from a moment ago", s, re.M), s
        p.keys("U")
        s = p.wait(r"Updating followconf: 100 bytes of \d+ bytes  1/3", timeout=4)
        assert len(f.children()) == 1  # the update's process
        # Keys still work while the body is slow: the selection moves.
        p.keys("j")
        s = p.wait(r"Updating followconf: 100 bytes of \d+ bytes  2/3", timeout=1)
        assert re.search(r"^\*? *10:00–10:30 .*Kernel talk", s, re.M), s
        p.keys("U")
        p.wait("An update is running", timeout=1)
        # Then the new version, and what it changed for the stars.
        s = p.wait("^ Changes", timeout=10)
        assert "followconf updated: 3 changes to your starred sessions" in s, s
        for line in ("moved: Opening: Mon 4 March, 09:00–09:30 in Room A -> "
                     "Tue 5 March,", "10:00–10:30 in Room B",
                     "cancelled: Kernel talk: Mon 4 March, 10:00–10:30 in",
                     "retitled: Old title -> New title"):
            assert line in s, f"{line!r} not in\n{s}"
        assert f.read(f.copy) == V2
        assert f.children() == []  # reaped: no zombie
        # Back: the day reloaded; the selected session is gone, so the
        # nearest is selected; Opening shows at its new time on day 2.
        p.keys("q")
        s = p.wait("^ Day 1")
        assert "Kernel talk" not in s and "Opening" not in s, s
        assert re.search(r"^\* *11:00–11:30 .*New title", s, re.M), s
        assert "1/1" in s, s
        p.keys("2")
        s = p.wait("^ Day 2")
        assert re.search(r"^\* *10:00–10:30 .*Opening", s, re.M), s
        # Stars are intact, the cancelled one kept.
        assert [l.split()[0] for l in f.read(f.agenda).splitlines()[1:]] == \
            ["1", "2", "3"], f.read(f.agenda)
        # A failing server: the copy is kept and the browser says so.
        p.keys("U")
        s = p.wait("followconf: update failed, copy kept: HTTP 500", timeout=10)
        assert re.search(r"^ Day 2: .*update failed.*copy from a moment ago", s, re.M), s
        assert f.read(f.copy) == V2
        assert re.search(r"^\* *10:00–10:30 .*Opening", s, re.M), s
        # A session's detail open during an update follows it: back to
        # v1, Opening moves back to Monday.
        p.keys("j", "Enter")
        s = p.wait("^ Session")
        assert "Tuesday 5 March 2024, 10:00–10:30" in s, s
        p.keys("U")
        p.wait("^ Changes", timeout=10)
        p.keys("q")
        s = p.wait("^ Session")
        assert "Monday 4 March 2024, 09:00–09:30" in s and "Opening" in s, s
        p.keys("q")
        s = p.wait("^ Day 1")
        assert re.search(r"^\* *09:00–09:30 .*Opening", s, re.M), s
        p.quit()
    finally:
        f.close()


@test
def update_key_follows_the_selection_to_its_new_day_for_good():
    # v2 moves Opening, selected, to Tuesday: the day list follows it
    # there, and a view at the top opened then closed (the agenda) comes
    # back to Tuesday, not to the day shown before the update.
    f = Followed({"/s": [{"body": V1}, {"body": V2}]})
    try:
        f.sked("star", "followconf", "1")
        p = Pane(["followconf"], env=f.env)
        s = p.wait("^ Day 1")
        assert re.search(r"^\* *09:00–09:30 .*Opening", s, re.M), s
        p.keys("U")
        p.wait("^ Changes", timeout=10)
        p.keys("q")
        s = p.wait("^ Day 2")
        assert " 2/3 " in s and "Opening" in s, s
        p.keys("a")
        p.wait("^ Agenda")
        p.keys("q")
        s = p.wait("^ Day 2")
        assert re.search(r"^\* *10:00–10:30 .*Opening", s, re.M), s
        p.quit()
    finally:
        f.close()


@test
def update_key_keeps_a_detail_whose_session_changed_id():
    # The feed gives Opening another id, its guid kept: its star follows
    # it (changes.h), and so does its detail, open during the update.
    g1 = V1.replace('{id: "1", title: Opening',
                    '{id: "1", guid: g-1, title: Opening')
    g2 = g1.replace('{id: "1", guid: g-1', '{id: "1b", guid: g-1')
    assert g1 != V1 and g2 != g1
    f = Followed({"/s": [{"body": g1}, {"body": g2}]})
    try:
        f.sked("star", "followconf", "1")
        p = Pane(["followconf"], env=f.env)
        p.wait("Follow Conference 2024")
        p.keys("a")
        p.wait("^ Agenda")
        p.keys("Enter")
        s = p.wait("^ Session")
        assert "Opening" in s, s
        p.keys("U")
        s = p.wait("followconf updated", timeout=10)
        s = p.wait("^ Session")
        assert "Opening" in s and "Monday 4 March 2024, 09:00–09:30" in s, s
        p.quit()
    finally:
        f.close()


@test
def update_key_with_another_programs_result_selected():
    # A search across programs, a result of the other program selected,
    # then U: the place kept for the reload named a session of the
    # followed program by the other's index (out of its bounds: a crash
    # under ASan, garbage without).
    f = Followed({"/s": [{"body": V1}, {"body": V2}]})
    try:
        p = Pane(["followconf", "data/lpc2023.yaml"], env=f.env)
        p.wait("Follow Conference 2024")
        p.keys("/", *"kernel", "Enter")
        p.wait("^ Session")  # the first match's detail
        p.keys("q")  # back to the results
        p.wait(r"Linux Plumbers Conference 2023 \u2014 \d+ sessions")
        p.keys("G")  # the last result: one of LPC 2023's
        p.keys("U")
        s = p.wait("followconf updated", timeout=10)
        assert "Linux Plumbers Conference 2023" in s, s
        p.keys("q")
        p.wait("^ Day [12]: ")
        p.quit()
    finally:
        f.close()


@test
def update_key_unchanged_and_no_changes_to_stars():
    f = Followed({"/s": [{"body": V1}, {"body": V1}, {"body": V2}]})
    try:
        p = Pane(["followconf"], env=f.env)
        p.wait("Old title")
        p.keys("U")
        p.wait("followconf: unchanged", timeout=10)
        p.keys("U")
        s = p.wait("followconf updated: no changes to your starred sessions",
                   timeout=10)
        # The session selected (Opening) moved: the view follows it.
        assert re.search(r"^ Day 2: .*\n(.*\n)*.*10:00–10:30 .*Opening", s, re.M), s
        p.keys("1")
        s = p.wait("^ Day 1")
        assert "New title" in s and "Old title" not in s, s
        assert f.read(f.copy) == V2
    finally:
        f.close()


@test
def query_error_whole_and_marked():
    # PCRE2's long messages are whole at 80 columns, the offset first,
    # and the character where the error is in reverse video.
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("/", "a", "*", "*")
    s = p.wait("at 2: quantifier does not follow a repeatable item$")
    raw = p.screen(escapes=True).splitlines()[-1]
    assert re.search(r"a\*\x1b\[7m\*", raw), repr(raw)
    # Narrow, the error is cut, never the query.
    tmux("resize-window", "-x", "40", "-y", "10")
    s = p.wait(r"^/a\*\* +at 2: quantifier")
    # The offset counts characters, not bytes: the second "*" after "日本"
    # is at 3 (at byte 7).
    p.keys("BSpace", "BSpace", "BSpace", "日", "本", "*", "*")
    s = p.wait(r"at 3: quantifier")
    p.keys("Escape", "Q")
    assert p.exit_status() == 0


@test
def agenda_lists_stars_gone_from_the_program():
    # Stars on ids the program no longer has (cancelled by an update):
    # counted in the agenda's title and listed at its end, each with what
    # it was when the note beside it in the agenda says (sanitized: the
    # file is text anyone may have written), else by its id.
    agenda = ("# sked agenda 1 lpc2023\n66\n"
              "9999  # Gone\x1b]0;pwned\x07 talk, Mon 13 November, 10:00–10:30\n"
              "9998\n")
    home = agenda_home("home-gone", agenda)
    p = Pane(["data/lpc2023.yaml"], env={"HOME": home,
                                         "XDG_DATA_HOME": f"{home}/data"})
    p.wait("Day 1")
    p.keys("a")
    s = p.wait("^ Agenda: 1 starred, 0 in conflict, 2 gone")
    assert "How to reduce complexity" in s, s
    assert "Starred, no longer in the program (s unstars one)" in s, s
    assert re.search(r"^ +id 9999: Gone\ufffd talk, Mon 13 November, 10:00–10:30 *$",
                     s, re.M), s
    assert re.search(r"^ +id 9998 *$", s, re.M), s
    # Nothing was changed in the agenda by looking.
    assert open(f"{home}/data/sked/lpc2023.agenda").read() == agenda
    # The gone star is a row of its own, which s unstars (and only it);
    # the save writes beside each star what its session is.
    p.keys("G")
    s = p.wait("s unstar")
    p.keys("s")
    s = p.wait("^ Agenda: 1 starred, 0 in conflict, 1 gone$")
    assert "id 9998" not in s and "How to reduce complexity" in s, s
    assert open(f"{home}/data/sked/lpc2023.agenda").read() == (
        "# sked agenda 1 lpc2023\n" + N66 +
        "9999  # Gone\x1b]0;pwned\x07 talk, Mon 13 November, 10:00–10:30\n"), \
        open(f"{home}/data/sked/lpc2023.agenda").read()
    p.quit()
    subprocess.run(["rm", "-rf", home])


@test
def update_key_shows_a_copy_another_sked_saved():
    # `sked update` (from cron, say) saves v2 while the browser shows v1;
    # U then gets "not modified" for v2, and shows v2 all the same.
    etag1, etag2 = {"etag": '"v1"'}, {"etag": '"v2"'}
    f = Followed({"/s": [{"body": V1, **etag1}, {"body": V2, **etag2},
                         {"body": V2, **etag2}]})
    try:
        f.sked("star", "followconf", "3")
        p = Pane(["followconf"], env=f.env)
        s = p.wait("Old title")
        out = f.sked("update", "followconf")
        assert "updated" in out, out
        # A star or unstar by the ids shown waits for the new copy (the
        # update may have moved stars to ids this copy does not know).
        before = f.read(f.agenda)
        p.keys("s")
        p.wait("Another sked updated followconf since it was loaded: U loads it, then star")
        assert f.read(f.agenda) == before
        p.keys("U")
        s = p.wait(r"followconf: unchanged; showing another sked's update "
                   r"\(see sked changes\)", timeout=10)
        # The selected session (Opening) moved to day 2: the view follows.
        assert re.search(r"^ Day 2: .*\n(.*\n)*.*10:00–10:30 .*Opening", s, re.M), s
        p.keys("1")
        s = p.wait("^ Day 1")
        assert "New title" in s and "Old title" not in s, s
        assert re.search(r"^\* *11:00–11:30 .*New title", s, re.M), s
        p.quit()
    finally:
        f.close()


@test
def quitting_during_an_update_kills_and_reaps_it():
    slow = {"body": V2, "stall": {"after": 100, "seconds": 20}}
    f = Followed({"/s": [{"body": V1}, slow, slow]}, max_seconds=40)
    try:
        p = Pane(["followconf"], env=f.env)
        p.wait("Follow Conference 2024")
        p.keys("U")
        p.wait("Updating followconf: 100 bytes", timeout=4)
        assert len(f.processes()) == 2, f.processes()  # sked and its child
        start = time.time()
        p.quit()
        assert time.time() - start < 3
        assert f.processes() == [], f.processes()
        assert f.read(f.copy) == V1
        left = os.listdir(f"{f.home}/data/sked/programs")
        assert left == ["followconf"] or sorted(left) == ["followconf", "followconf.lock"], left
        # A signal during an update ends both too.
        p = Pane(["followconf"], env=f.env)
        p.wait("Follow Conference 2024")
        p.keys("U")
        p.wait("Updating followconf: 100 bytes", timeout=4)
        p.kill(15)
        assert p.exit_status() == 128 + 15
        assert f.processes() == [], f.processes()
        assert f.read(f.copy) == V1
    finally:
        f.close()


@test
def update_failure_reason_first_and_whole_in_P():
    # At 80 columns the reason comes first (the id says which program, not
    # its URL, which filled the line); P says it whole.
    bad = V2.replace("duration: 30}\n  - {id: \"3\"",
                     "duration: abc}\n  - {id: \"3\"")
    assert bad != V2
    f = Followed({"/s": [{"body": V1}, {"body": bad}]})
    try:
        p = Pane(["followconf"], env=f.env)
        p.wait("Follow Conference 2024")
        p.keys("U")
        s = p.wait("followconf: update failed, copy kept: line 8:", timeout=10)
        assert "http://" not in s, s
        p.keys("P")
        s = p.wait("followconf: the last update failed: line 8:")
        assert "duration" in s and "expected" in s, s
        p.quit()
    finally:
        f.close()


@test
def update_key_on_a_bundled_program_or_a_file_says_it_cannot():
    p = Pane([])
    p.wait("sked")
    time.sleep(0.3)
    p.keys("U")
    p.wait(r"lpc2023 has no URL to update from: it is bundled \(sked add URL\)")
    p = Pane(["tests/data/follow/v1.yaml"])
    p.wait("Follow Conference 2024")
    p.keys("U")
    s = p.wait(r"followconf has no URL to update from: it is a file \(sked "
               r"add URL\)")
    assert "copy from" not in s, s


def sgr_cells(raw):
    """The screen captured with escapes (capture-pane -e) as lines of
    (character, attributes): attributes a dict of the SGR in force, read
    across the whole screen (tmux writes only what changes): 1 bold, 4
    underline, 7 reverse, "fg" the colour (0-7, or 0-255 from 38;5), "bg"
    the background's (40-47, 48;5)."""
    state, lines = {}, []
    for line in raw.split("\n"):
        cells = []
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            if not part.startswith("\x1b["):
                cells.extend((ch, dict(state)) for ch in part)
                continue
            codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    state = {}
                elif c in (1, 2, 4, 7):
                    state[c] = True
                elif c == 22:
                    state.pop(1, None), state.pop(2, None)
                elif c in (24, 27):
                    state.pop(c - 20, None)
                elif 30 <= c <= 37:
                    state["fg"] = c - 30
                elif c == 39:
                    state.pop("fg", None)
                elif 40 <= c <= 47:
                    state["bg"] = c - 40
                elif c == 49:
                    state.pop("bg", None)
                elif c in (38, 48) and codes[i + 1:i + 2] == [5]:
                    state["fg" if c == 38 else "bg"] = codes[i + 2]
                    i += 2
                i += 1
        lines.append(cells)
    return lines


def cells_of(p, text):
    """The cells of the first line showing text, and where text starts."""
    plain = p.screen().splitlines()
    cells = sgr_cells(p.screen(escapes=True))
    y = next(i for i, l in enumerate(plain) if text in l)
    line = "".join(c for c, _ in cells[y])
    return cells[y], line.index(text)


@test
def stars_and_conflicts_at_a_glance_in_256_8_and_no_colour():
    # 323 Introduction starred; 66 and 225 starred and overlapping.
    home = agenda_home("home-colour", "# sked agenda 1 lpc2023\n323\n66\n225\n")
    # The default theme's colours (tuned for light and dark terminals).
    for env, star, conflict in (({"TERM": "screen-256color"}, 166, 160),
                                ({"TERM": "screen"}, 5, 1),
                                ({"NO_COLOR": "1"}, None, None)):
        p = Pane(["data/lpc2023.yaml"], cols=100, lines=30,
                 env={"XDG_DATA_HOME": f"{home}/data", **env})
        p.wait("2 in conflict")
        for view in ("day", "agenda", "detail"):
            if view == "agenda":
                p.keys("a")
                p.wait("^ Agenda: 3 starred")
            if view == "detail":
                p.keys("j", "Enter")  # the second starred: in conflict
                p.wait("^ Session")
            rows = [("How to reduce complexity", conflict, "!")]
            if view != "detail":
                rows += [("Introduction", star, "*"), ("Quality in embargoed", conflict, "!")]
            for title, colour, mark in rows:
                cells, x = cells_of(p, title)
                what = f"{env} {view} {title}"
                assert cells[0][0] == mark, (what, cells[0])
                for ch, attrs in (cells[0], cells[x]):
                    if colour is None:  # no colour: bold mark, title underlined
                        assert "fg" not in attrs, (what, ch, attrs)
                    else:
                        assert attrs.get("fg") == colour, (what, ch, attrs)
                assert cells[x][1].get(1) and (colour is not None or cells[x][1].get(4)), (what, cells[x])
            if view == "day":  # a session not starred: plain
                cells, x = cells_of(p, "Deprecating Stuff")
                assert cells[0][0] == " " and not cells[x][1].get(4), cells[x]
                assert colour is None or cells[x][1].get("fg") not in (star, conflict), cells[x]
    subprocess.run(["rm", "-rf", home])


@test
def day_list_marks_now():
    p = Pane(["--now", "2023-11-13 10:07", "data/lpc2023.yaml"])
    s = p.wait("Now: 10:05–10:30")
    lines = s.splitlines()
    i = next(i for i, l in enumerate(lines) if "10:07 now" in l)
    assert re.match(r"^─ 10:07 now ─+$", lines[i]), lines[i]
    assert "10:05–10:30" in lines[i - 1] and "10:15–10:35" in lines[i + 1], s
    assert sum("now" in l for l in lines[:-1]) == 1, s
    # Not on the day shown: no line.
    p.keys("3")
    s = p.wait("^ Day 3")
    assert "now ─" not in s, s


@test
def cut_text_ends_with_an_ellipsis_and_columns_fit_the_data():
    long_title = "Proposal of porting Trusted Execution Environment Provisioning (TEEP) Protocol with WorldGuard"
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=24)
    s = p.wait("Day 1")
    line = next(l for l in s.splitlines() if "Proposal of porting" in l)
    assert line.endswith("\u2026") and width(line) == 79, line
    assert long_title not in s, s
    # A row that fits: the title whole, then the first speaker.
    assert re.search(r"Welcome message and DL Server — Daniel Bristot de Ol…$", s, re.M), s
    # A second speaker left out is said even where the first fills the
    # line to its end: its last column is the "…" (at 40 and 41 columns
    # "Welcome! — Sasha Levin" hid Shuah Khan without a sign).
    for cols, end in ((40, "Sasha Levi…"), (41, "Sasha Levin…"),
                      (42, "Sasha Levin …")):
        p = Pane(["data/lpc2023.yaml"], cols=cols, lines=24)
        s = p.wait("Day 1")
        assert re.search(r"Welcome! — " + re.escape(end) + "$", s, re.M), (cols, s)
    p = Pane(["data/lpc2023.yaml"], cols=160, lines=50)
    s = p.wait("Day 1")
    assert long_title + " — Akira Tsukamoto" in s, s
    # Columns from the data: the track column as wide as the widest id
    # shown (testing), the room's capped at 18 with an ellipsis; the
    # titles start in one column.
    for cols in (80, 160):
        p = Pane(["tests/data/emoji.yaml"], cols=cols, lines=24 if cols == 80 else 50)
        s = p.wait("Day 1")
        assert re.search(r"^ 09:00–09:30 x2  fam    S1 {18}Family ", s, re.M), s
        assert re.search(r"^ {6}–09:45 {5}flags  The Very Long Aud…  Flags ", s, re.M), s
    # Narrow: the room goes first, the title stays.
    p = Pane(["tests/data/emoji.yaml"], cols=60)
    s = p.wait("Day 1")
    assert re.search(r"^ 09:00–09:30 x2  fam    Family ", s, re.M), s
    assert "Very Long" not in s, s


@test
def filter_columns_line_up_at_any_width():
    """The filters' names start in one column on every row: a row whose
    count had two digits had its columns narrower (at 40 and 46
    columns)."""
    for cols in (40, 46, 80):
        p = Pane(["data/lpc2023.yaml"], cols=cols, lines=24)
        p.wait("Day 1")
        p.keys("f")
        s = p.wait(r"^  \[ \] ")
        rows = [l for l in s.splitlines() if l.startswith("  [ ] ")]
        assert len(rows) > 3, s
        starts = {len(l) - len(l[6:].lstrip(" ").split("  ", 1)[1].lstrip(" "))
                  for l in rows if "  " in l[6:].lstrip(" ")}
        assert len(starts) == 1, (cols, s)
        p.quit()


@test
def detail_marks_a_wrapped_title_once():
    state = f"/tmp/sked-test-state-{os.getpid()}-wrap"
    subprocess.run(["rm", "-rf", state])
    p = Pane(["data/lpc2023.yaml"], env={"XDG_STATE_HOME": state})
    p.wait("Day 1")
    p.keys("/", *"TEEP", "Enter")  # the one result: opened
    p.wait("^ Session")
    p.keys("s")
    s = p.wait(r"^\* Proposal of porting")
    lines = s.splitlines()
    i = next(i for i, l in enumerate(lines) if "Proposal of porting" in l)
    # Wrapped at 80 columns: the star on its first line alone.
    assert "WorldGuard" in lines[i + 1], s
    assert lines[i + 1].startswith("  ") and "*" not in lines[i + 1], s
    p.keys("s")
    p.gone(r"^\* Proposal")
    subprocess.run(["rm", "-rf", state])


@test
def emoji_sequences_leave_nothing_behind():
    # ZWJ sequences, flags, skin tones, VS16, combining marks and CJK:
    # after moving about, the screen is the one Ctrl-L redraws from
    # scratch, at 80x24 and 160x50.
    for cols, lines in ((80, 24), (160, 50)):
        p = Pane(["tests/data/emoji.yaml"], cols=cols, lines=lines)
        p.wait("Family")
        for k in ("j", "j", "j", "k", "j", "j", "k", "k", "Enter"):
            p.keys(k)
        p.wait("^ Session")
        p.keys("Escape")
        p.wait("^ Day 1")
        for k in ("j", "k", "k", "j"):
            p.keys(k)
        # Then what curses redraws in part: a search typed key by key
        # highlights text after the sequences (a curses that counted a
        # ZWJ family as 8 columns wrote "Ana" 6 columns off, leaving
        # "picnic icnic ÑúAna").
        for query in ("picnic Ana", "astronauts Cy", "flag Di", "hearts Bo"):
            p.keys("/")
            type_query(p, query)
            p.wait("^ Search: 1 session")
            p.keys("Tab")
            # The query line goes with Tab (later under ASan than a
            # fixed sleep allowed), then the list is what it is.
            p.gone("^/" + re.escape(query))
            before = p.wait("^ Search: 1 session")
            p.keys("C-l")
            end = time.time() + 3
            while (after := p.screen()) != before and time.time() < end:
                time.sleep(0.1)
            assert before == after, f"{cols}x{lines} {query}:\n{before}\n---\n{after}"
            p.keys("Escape")
            p.wait("^ Day 1")
        s = p.screen()
        # The sequences are there as sequences; the text after them in
        # place: the speakers' names whole.
        assert "👨\u200d👩\u200d👧 picnic — Ana Ñúñez" in s, s
        assert "🇩🇪🇫🇷 and hearts" in s and "🧑\u200d💻 and rainbow" in s, s
        assert "x\u0301 and 日本語" in s, s  # no composed x-acute: kept as mark


@test
def indic_vowel_signs_are_drawn():
    # A spacing vowel sign is a column of its own, as curses and tmux
    # count it: every character is drawn, the time column and the
    # header's right edge stay in place, and Ctrl-L redraws the same.
    p = Pane(["tests/data/indic.yaml"])
    p.wait("12:00")
    s = p.screen()
    assert "10:00–10:30     हिन्दी भाषा — श्री किशोर" in s, s
    assert "বাংলা ভাষা" in s and "தமிழ் மொழி" in s, s
    head = s.splitlines()[0]
    assert "भारतीय सम्मेलन 2025" in head and head.endswith("Asia/Kolkata"), head
    p.keys("Enter")
    p.wait("^ Session")
    assert "हिन्दी भाषा" in p.screen(), p.screen()
    before = p.screen()
    p.keys("C-l")
    time.sleep(0.5)
    assert p.screen() == before, (before, p.screen())


# ---- the grid (g) ----


@test
def grid_n_goes_in_time_order():
    # The grid's rows go room by room: n went 1 -> 21 -> 20 ("Search
    # wrapped" on a forward move) -> 22. It goes in time order, as the
    # day list and the status line's count do, wrapping after the last.
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1")
    p.keys("/")
    type_query(p, "vector|isolation")
    p.wait("^ Search: ")
    p.keys("Tab")
    time.sleep(0.3)
    p.keys("Escape")
    p.wait("^ Day 1")
    p.keys("Home", "g")
    p.wait("^ 1/26 ")
    seen = []
    for _ in range(4):
        p.keys("n")
        time.sleep(0.4)
        seen.append(p.screen().splitlines()[-1].split()[0:2])
    assert [x[0] for x in seen[:3]] == ["20/26", "21/26", "22/26"], seen
    assert seen[3] == ["Search", "wrapped"], seen
    p.keys("n")
    p.wait("^ 21/26 ")
    p.keys("N", "N")
    p.wait("^ Search wrapped")  # back past the first: to the last
    p.keys("N")
    p.wait("^ 21/26 ")

def grid_cell(screen, text):
    """(line, column) where text is on the screen, or an AssertionError."""
    for y, l in enumerate(screen.splitlines()):
        if text in l:
            return y, width(l[:l.index(text)])
    raise AssertionError(f"{text!r} is not on the screen:\n{screen}")


def grid_label_line(screen, label):
    """The screen line whose gutter says the time label ("09:30")."""
    return next(y for y, l in enumerate(screen.splitlines()) if l.startswith(label))


@test
def grid_columns_and_blocks_lpc():
    # LPC 2023 names no rooms: its columns are the day's tracks, in the
    # program's order; a line is 5 minutes (every start is on one).
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1: Monday")
    p.keys("g")
    s = p.wait("^ Grid, day 1: Monday 13 November 2023")
    heads = s.splitlines()[2]
    assert re.match(r"^ +│Kernel Testing & Depen… *│Real-time and Scheduli… *│RISC-V MC", heads), s
    y930 = grid_label_line(s, "09:30")
    assert y930 == 3, s  # the first line of the body: the day's first start
    for title, col, minutes in (("Welcome!", 1, 0), ("Welcome message and DL", 2, 0),
                                ("Introduction", 3, 0), ("Deprecating Stuff", 3, 5),
                                ("the path to achieve a", 1, 10),
                                ("Do nothing fast: How", 2, 25),
                                ("Run ILP32 on RV64 ISA", 3, 25),
                                ("Storing and Outputting", 1, 35),
                                ("RISC-V patchwork CI", 3, 45)):
        y, x = grid_cell(s, title)
        assert y == y930 + minutes // 5, (title, y, s)
        assert x == 6 + 24 * (col - 1) + 2, (title, x, s)
    # A block spans its duration: the speakers under the title, inside it.
    assert grid_cell(s, "Daniel Bristot de")[0] == y930 + 2, s
    assert grid_label_line(s, "10:00") == y930 + 6, s
    # g again: the day list, at the same session.
    p.keys("g")
    s = p.wait("^ Day 1: Monday 13 November 2023")
    assert re.search(r"^ 2/26 ", s.splitlines()[-1]) or "Introduction" in s, s


@test
def grid_blocks_show_their_whole_length():
    # "Quality in embargoed patches" (11:30-11:55) has three lines of text
    # and five lines: its last two were blank, as free time is (11:00),
    # unless it was selected. A block has a heavy rule down its left over
    # all its lines, free time the light one (in ASCII "|" and ":"),
    # without colours too; the selected block is still reversed.
    for env, block, free in (({}, "┃", "│"), ({"NO_COLOR": "1"}, "┃", "│"),
                             ({"LANG": "C", "LC_ALL": "C"}, "|", ":")):
        p = Pane(["data/lpc2023.yaml"], env=env)
        p.wait("Day 1")
        p.keys("/")
        type_query(p, "embargoed")
        p.keys("Enter")
        p.wait("^ Session")
        p.keys("g")
        s = p.wait("^ Grid, day 1")
        lines = s.splitlines()
        y, x = grid_cell(s, "Quality in embargoed")
        assert y == grid_label_line(s, "11:30"), s
        rule = x - 2
        for k in range(5):  # 11:30 to 11:50
            assert lines[y + k][rule] == block, (env, k, s)
        y11 = grid_label_line(s, "11:00")
        assert lines[y11][rule] == free and lines[y11 + 1][rule] == free, (env, s)
        # The free lines of the next column, and its blocks.
        assert lines[y11][rule + 24] == free and lines[y + 3][rule + 24] == block, (env, s)
        raw = p.screen(escapes=True).splitlines()
        # The selected block reversed over its last, empty line; no
        # other block on it is.
        assert re.search(r"\x1b\[(\d+;)*7[;m]", raw[y + 4]), (env, raw[y + 4])
        assert not re.search(r"\x1b\[(\d+;)*7[;m]", raw[y + 2].split("Sasha Levin")[1]), raw[y + 2]
        p.quit()


@test
def grid_moves_between_blocks_and_opens_the_detail():
    p = Pane(["data/lpc2023.yaml"])
    p.wait("Day 1: Monday")
    p.keys("g")
    p.wait("^ Grid, day 1")
    # The day list's selection (Introduction, riscv) is the grid's.
    p.keys("Enter")
    p.wait("^ Session")
    p.wait("Palmer Dabbelt")
    p.keys("Escape")
    p.wait("^ Grid")
    for keys, title in ((["j"], "Deprecating Stuff"), (["Down"], "Run ILP32 on RV64 ISA"),
                        (["k"], "Deprecating Stuff"),
                        # Across: the block that runs when the selected one starts.
                        (["h"], "Welcome message and DL Server"),
                        (["Left"], "Welcome!"), (["l"], "Welcome message and DL Server"),
                        (["Right"], "Deprecating Stuff"), (["Up"], "Introduction"),
                        (["j", "j", "j", "End"], "RISC-V irqbypass with KVM"),
                        (["Home"], "Introduction")):
        p.keys(*keys)
        p.keys("Enter")
        s = p.wait("^ Session")
        assert title in s.splitlines()[2], (keys, title, s)
        p.keys("Escape")
        p.wait("^ Grid")
    p.keys("l")
    p.wait("Last column")
    p.keys("h", "h", "h")
    p.wait("First column")
    # The days' tabs keep the grid.
    p.keys("Tab")
    s = p.wait("^ Grid, day 2: Tuesday")
    assert "No sessions on this day." in s, s
    p.keys("3")
    s = p.wait("^ Grid, day 3: Wednesday")
    assert re.search(r"^ +│VFIO/IOMMU/PCI MC", s.splitlines()[2]), s
    y, x = grid_cell(s, "Improve Xeon IRQ")
    assert y == grid_label_line(s, "09:30") and x == 8, s
    p.keys("d")
    p.wait("^ Day 3: Wednesday")


@test
def grid_now_line_stars_and_mouse():
    p = Pane(["--now", "2023-11-13 10:07", "data/lpc2023.yaml"])
    p.wait("Now: ")
    p.keys("g")
    s = p.wait("^ Grid, day 1")
    # The line at the current time, between 10:05 and 10:10.
    assert grid_label_line(s, "10:07─┼") == grid_label_line(s, "10:00") + 1, s
    # Starred and conflicting blocks are marked, not by colour alone.
    # Of what runs now, what began last is selected (Storing and
    # Outputting, 10:05); l: the room beside at that time.
    p.keys("l", "s")
    p.wait("Starred")
    s = p.screen()
    y, x = grid_cell(s, "Do nothing fast")
    assert s.splitlines()[y][x - 1] == "*", s
    assert s.splitlines()[grid_cell(s, "Run ILP32")[0]][x + 23] == " ", s
    p.keys("l", "s")
    p.wait("Starred: it clashes with Do nothing fast")
    s = p.screen()
    for title in ("Run ILP32", "Do nothing fast"):
        y, x = grid_cell(s, title)
        assert s.splitlines()[y][x - 1] == "!", (title, s)
    # A click selects a block (a double click opens it).
    y, x = grid_cell(s, "Optimizing Chromium")
    p.mouse(0, x + 2, y + 1)
    p.keys("Enter")
    s = p.wait("^ Session")
    assert "Optimizing Chromium" in s, s


@test
def grid_fosdem_rooms_and_sideways_scrolling():
    fosdem = "tests/data/samples/frab-xml/fosdem-2021.xml"
    p = Pane([fosdem])
    p.wait("FOSDEM 2021")
    p.keys("g")
    s = p.wait("^ Grid, day 1: Saturday 6 February 2021 · rooms 1–4 of 87")
    heads = s.splitlines()[2]
    assert re.match(r"^ +>│K\.fosdem +│M\.community +│M\.misc +│L\.lightningtalks", heads), s
    y900 = grid_label_line(s, "09:00")
    assert grid_cell(s, "Welcome to") == (y900, 8), s
    # 10:00-10:50 in M.community: at 10:00 (12 lines of 5 minutes later).
    assert grid_cell(s, "Empowering the") == (y900 + 12, 8 + 18), s
    # The columns scroll with the selection.
    p.keys("l", "l", "l", "l")
    s = p.wait("rooms 2–5 of 87")
    assert re.match(r"^< +>│M\.community +│M\.misc +│L\.lightningtalks +│B\.bofs", s.splitlines()[2]), s
    # 160x50: eight rooms at once, the same blocks at the same times.
    p = Pane([fosdem], cols=160, lines=50)
    p.wait("FOSDEM 2021")
    p.keys("g")
    s = p.wait("rooms 1–8 of 87")
    y900 = grid_label_line(s, "09:00")
    assert grid_cell(s, "Empowering the") == (y900 + 12, 8 + 19), s
    p.keys("End")
    for _ in range(86):
        tmux("send-keys", "l")
    s = p.wait("rooms 80–87 of 87")
    assert "Last column" not in s
    p.keys("l")
    p.wait("Last column")


@test
def grid_hidden_rooms_are_remembered():
    fosdem = "tests/data/samples/frab-xml/fosdem-2021.xml"
    state = f"/tmp/sked-test-{os.getpid()}-grid-state"
    subprocess.run(["rm", "-rf", state])
    env = {"XDG_STATE_HOME": state}
    p = Pane([fosdem], env=env)
    p.wait("FOSDEM 2021")
    p.keys("g")
    p.wait("rooms 1–4 of 87")
    p.keys("x")
    s = p.wait("Room K.fosdem hidden")
    assert "rooms 1–4 of 86 · 1 hidden (X)" in s, s
    assert re.match(r"^ +>│M\.community", s.splitlines()[2]), s
    p.keys("l", "x")
    p.wait("Room M.misc hidden")
    p.keys("Q")
    p.exit_status()
    # Another run: still hidden.
    p = Pane([fosdem], env=env)
    p.wait("FOSDEM 2021")
    p.keys("g")
    s = p.wait("rooms 1–4 of 85 · 2 hidden")
    assert re.match(r"^ +>│M\.community +│L\.lightningtalks", s.splitlines()[2]), s
    p.keys("X")
    s = p.wait("2 hidden rooms shown again")
    assert re.match(r"^ +>│K\.fosdem", s.splitlines()[2]), s
    p.keys("Q")
    p.exit_status()
    p = Pane([fosdem], env=env)
    p.wait("FOSDEM 2021")
    p.keys("g")
    s = p.wait("rooms 1–4 of 87")
    assert "hidden" not in s, s
    subprocess.run(["rm", "-rf", state])


@test
def a_program_switched_to_opens_as_at_the_start():
    # c on LPC 2019, none of whose sessions has a time, opens it as the
    # browser's start does: on those sessions, not on an empty Day 1;
    # and from there Tab and Shift-Tab go to Day 1 first (Tab went to
    # Day 2), then through every day in order.
    p = Pane(["data/lpc2023.yaml", "data/lpc2019.yaml"], cols=100)
    p.wait("Linux Plumbers Conference 2023 \\[1/2\\]")
    p.keys("c")
    s = p.wait("Linux Plumbers Conference 2019 \\[2/2\\]")
    assert "Unscheduled sessions" in s.splitlines()[1], s
    for key, day in (("Tab", "Day 1: Monday"), ("Tab", "Day 2: Tuesday"),
                     ("Tab", "Day 3: Wednesday"), ("BTab", "Day 2: Tuesday"),
                     ("BTab", "Day 1: Monday")):
        p.keys(key)
        s = p.wait("^ " + day)
    p.keys("u", "BTab")  # u's own list: the day before the one shown
    p.wait("Already on the first day")
    p.keys("c", "c")  # Shift-Tab from the start's list: Day 1 too
    s = p.wait("Linux Plumbers Conference 2019 \\[2/2\\]")
    assert "Unscheduled sessions" in s.splitlines()[1], s
    p.keys("BTab")
    p.wait("^ Day 1: Monday 9 September 2019")
    # A first day without sessions in the program: it opens on the first
    # day with some, and Shift-Tab still goes back to the empty one.
    path = f"/tmp/sked-test-{os.getpid()}-late.yaml"
    with open(path, "w", encoding="utf-8") as f:
        f.write("sked: 1\nconference:\n  id: late\n  title: Late Camp\n"
                "  timezone: UTC\n  start: 2024-01-01\n  end: 2024-01-03\n"
                "sessions:\n  - id: a\n    title: Talk\n"
                "    start: 2024-01-02T10:00\n    duration: 30\n"
                "  - id: b\n    title: Other talk\n"
                "    start: 2024-01-03T10:00\n    duration: 30\n")
    p = Pane([path, "data/lpc2019.yaml"])
    s = p.wait("^ Day 2: Tuesday 2 January 2024")
    p.keys("BTab")
    s = p.wait("^ Day 1: Monday 1 January 2024")
    assert "No sessions on this day." in s, s
    p.keys("c", "c")  # and so does c
    p.wait("Late Camp \\[1/2\\]")
    p.wait("^ Day 2: Tuesday 2 January 2024")
    p.keys("Tab")
    p.wait("^ Day 3: Wednesday 3 January 2024")
    os.unlink(path)


@test
def programs_next_previous_and_picker():
    p = Pane(["data/lpc2023.yaml", "data/lpc2022.yaml", "tests/data/links.yaml"], cols=100)
    p.wait("Links Fair \\[3/3\\]")  # the newest
    p.keys("c")  # wraps around to the first
    p.wait("Linux Plumbers Conference 2023 \\[1/3\\]")
    p.keys("C")
    p.wait("Links Fair \\[3/3\\]")
    p.keys("C")
    p.wait("Linux Plumbers Conference 2022 \\[2/3\\]")
    p.keys("P")
    s = p.wait("^ Programs")
    lines = s.splitlines()
    # Each program with its dates, sessions and how it came, in columns.
    assert lines[2] == "   lpc2023  13–15 Nov 2023  32 sessions  file  Linux Plumbers Conference 2023", s
    assert lines[3] == " > lpc2022  12–14 Sep 2022  25 sessions  file  Linux Plumbers Conference 2022", s
    assert lines[4] == "   links    6–7 May 2024     3 sessions  file  Links Fair", s
    assert re.search(r"^ 2/3 ", s, re.M), s  # the one shown is selected
    p.keys("j", "Enter")
    s = p.wait("Links Fair \\[3/3\\]")
    assert "Day 1: Monday 6 May 2024" in s, s
    # The bundled programs say so.
    p = Pane([], cols=100)
    p.wait("sked")
    p.keys("P")
    s = p.wait("^ Programs")
    assert re.search(r"lpc2019 +9–11 Sep 2019 +21 sessions +bundled", s), s


@test
def programs_picker_keeps_the_titles_year():
    # At 80 columns the counts make room for the whole title; narrower,
    # how each came goes too, then the title is cut before its year.
    p = Pane([], cols=80)
    p.wait("sked")
    p.keys("P")
    s = p.wait("^ Programs")
    lines = s.splitlines()
    assert lines[2] == "   lpc2019  9–11 Sep 2019   bundled  Linux Plumbers Conference 2019", s
    assert lines[4] == " > lpc2023  13–15 Nov 2023  bundled  Linux Plumbers Conference 2023", s
    # The hint under them wraps, never cut.
    assert "\u2026" not in "\n".join(lines[1:]), s
    assert "c and C go to the next and previous\n one from anywhere." in s, s
    p = Pane([], cols=44)
    p.wait("sked")
    p.keys("P")
    s = p.wait("^ Programs")
    lines = s.splitlines()
    assert lines[2] == "   lpc2019  9–11 Sep 2019   Linux Plu\u2026 2019", s
    assert lines[3] == "   lpc2022  12–14 Sep 2022  Linux Plu\u2026 2022", s


@test
def search_covers_every_program_grouped():
    p = Pane(["data/lpc2023.yaml", "data/lpc2022.yaml", "data/lpc2019.yaml"], cols=100)
    p.wait("Linux Plumbers Conference 2023 \\[1/3\\]")
    p.keys("/")
    type_query(p, "title:sched")
    p.keys("Tab")
    s = p.wait("^ Search: 2 sessions")
    lines = s.splitlines()
    # A heading per program, the one shown first.
    i = lines.index(" Linux Plumbers Conference 2023 — 1 session")
    assert "system pressure on CPUs capacity" in lines[i + 2], s
    j = lines.index(" Linux Plumbers Conference 2022 — 1 session")
    assert j > i and "Energy-efficient scheduling beyond EAS" in lines[j + 2], s
    assert "Conference 2019" not in s, s  # no match there: no heading
    p.keys("j", "Enter")  # a result of 2022: its program, its detail
    s = p.wait("^ Session")
    assert "Linux Plumbers Conference 2022 [2/3]" in s, s
    assert "Energy-efficient scheduling beyond EAS" in s, s
    p.keys("Escape")  # the results, now with 2022 first
    s = p.wait("^ Search: 2 sessions")
    assert s.index("Conference 2022 — 1") < s.index("Conference 2023 — 1"), s
    p.keys("Escape")
    p.wait("^ Day 1: Monday 12 September 2022")
    # No match anywhere says what to do.
    p.keys("/")
    type_query(p, "zzzqqq")
    s = p.wait("No session matches: Backspace edits the query, Esc leaves")
    # The line closed, Backspace would go back: the words say / and Up.
    p.keys("Enter")
    s = p.wait("No session matches: / searches again \\(Up recalls the query\\)")
    p.keys("/", "Up")
    p.wait("^/zzzqqq")


@test
def detail_agenda_clashes_and_where_it_leads():
    p = Pane(["tests/data/links.yaml"])
    p.wait("Day 1: Monday 6 May 2024")
    p.keys("j", "Enter")  # Many links
    s = p.wait("^ Session")
    lines = s.splitlines()
    assert lines[2:4] == ["  Many links", "  and a subtitle"], s
    for want in ("  Track     The Web", "  Room      Room B", "  Type      workshop",
                 "  Id        many", "  Languages en, fr",
                 "  Speakers  Ada Lovelace", "            Grace Hopper"):
        assert want in lines, f"{want!r} not in\n{s}"
    assert "Agenda" not in s and "Clashes" not in s, s
    # Star the session it overlaps: the detail names it, by title.
    p.keys("h", "k", "s", "j", "Enter")
    s = p.wait("^  Overlaps  09:00–10:00 One link only$")
    assert "Agenda" not in s, s
    p.keys("s")  # starred: it says so, and the overlap is a clash
    s = p.wait("^  Agenda    starred \\(s unstars\\)")
    assert re.search("^  Clashes   09:00–10:00 One link only$", s, re.M), s
    # S: a choice of its speakers; Enter shows one's sessions.
    p.keys("S")
    s = p.wait("^ Speakers and authors of the session")
    assert re.search(r"^ Ada Lovelace +2 sessions$", s, re.M), s
    p.keys("j", "Enter")
    s = p.wait("^ Grace Hopper")
    assert "Later in Room A" in s and "Many links" in s, s
    p.keys("h", "h")
    p.wait("^ Session")
    p.keys("T")  # its track, on its sessions
    s = p.wait("^ The Web")
    assert "One link only" in s and "Many links" in s and "Later in" not in s, s
    p.keys("h", "R")  # its room
    s = p.wait("^ Room B")
    assert "Many links" in s and "One link only" not in s, s
    # One speaker: S goes to their sessions at once.
    p.keys("h", "h", "G", "Enter")
    p.wait("^  Later in Room A")
    p.keys("S")
    p.wait("^ Grace Hopper")
    p.keys("h", "R")
    s = p.wait("^ Room A")
    assert "One link only" in s and "Later in Room A" in s, s
    p.keys("T")  # not in a detail: says so
    p.wait("Its track: open a session first")


@test
def o_opens_links_through_browser_never_a_shell():
    home = f"/tmp/sked-test-{os.getpid()}-browser"
    os.makedirs(home, exist_ok=True)
    log = f"{home}/log"
    stub = f"{home}/browser"
    # The stub records how many arguments it got, and each.
    with open(stub, "w") as f:
        f.write(f"#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" >>{log}\n")
    os.chmod(stub, 0o755)

    def opened():
        end = time.time() + 5
        while not os.path.exists(log) and time.time() < end:
            time.sleep(0.05)
        time.sleep(0.2)
        text = open(log).read() if os.path.exists(log) else ""
        if os.path.exists(log):
            os.unlink(log)
        return text.splitlines()
    p = Pane(["tests/data/links.yaml"], env={"BROWSER": stub})
    p.wait("Day 1")
    p.keys("Enter", "o")  # one link: opened at once
    p.wait("Opening https://links.example/a")
    # A quote, a semicolon and an encoded space: still one argument.
    assert opened() == ["1", "https://links.example/a?q='1';x=2&y=%20z"]
    p.keys("h", "j", "o")  # several (from the list too): a choice
    s = p.wait("^ Links of the session")
    assert " Slides: https://links.example/slides.pdf" in s, s
    assert " Grace Hopper: https://links.example/people/grace" in s, s
    p.keys("j", "Enter")
    p.wait("Opening mailto:talk@links.example")
    assert opened() == ["1", "mailto:talk@links.example"]
    # A javascript: link never reaches the browser: dropped at load, so
    # the session has no link to open.
    p = Pane(["tests/data/links-js.xml"], env={"BROWSER": stub})
    p.wait("Script Feed")
    p.keys("Enter")
    s = p.wait("^ Session")
    assert "javascript" not in s and "Click me" not in s, s
    p.keys("o")
    p.wait("This session has no links")
    time.sleep(0.3)
    assert not os.path.exists(log)
    # A browser that cannot be started says so, and sked goes on.
    p = Pane(["tests/data/links.yaml"], env={"BROWSER": f"{home}/nope"})
    p.wait("Day 1")
    p.keys("Enter", "o")
    p.wait("Could not start .*nope")
    p.keys("h")
    p.wait("^ Day 1")
    subprocess.run(["rm", "-rf", home])


def raw_run(args, keys, env):
    """Runs sked on a pseudo-terminal of 80x24 and returns every byte it
    wrote: what tmux would interpret, unseen by capture-pane."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(SKED, [SKED, *args], {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm-256color",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC",
            "XDG_STATE_HOME": f"/tmp/sked-test-{os.getpid()}-state",
            "XDG_DATA_HOME": f"/tmp/sked-test-{os.getpid()}-data",
            "XDG_CONFIG_HOME": f"/tmp/sked-test-{os.getpid()}-config",
            "XDG_CACHE_HOME": f"/tmp/sked-test-{os.getpid()}-cache",
            **SANENV, **env})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out = b""

    def drain(seconds):
        nonlocal out
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    return
    drain(0.8)
    for k in keys:
        os.write(fd, k)
        drain(0.4)
    os.write(fd, b"Q")
    drain(0.5)
    os.waitpid(pid, 0)
    os.close(fd)
    return out


@test
def links_are_osc8_hyperlinks_where_the_terminal_has_them():
    url = b"https://links.example/a?q='1';x=2&y=%20z"
    link = b"\x1b]8;;" + url + b"\x1b\\"
    # VTE (GNOME Terminal...) shows them: the URL text is the link.
    out = raw_run(["tests/data/links.yaml"], [b"\r"], {"VTE_VERSION": "7200"})
    assert link in out, out[-2000:]
    after = out[out.index(link) + len(link):]
    assert after.startswith(b"\x1b[4m" + url + b"\x1b[24m\x1b]8;;\x1b\\"), after[:200]
    # tmux 3.3 drops OSC 8 (3.4 passes it on): none there, nor by default.
    for env in ({"TMUX": "/tmp/x,1,0", "TERM_PROGRAM": "tmux",
                 "TERM_PROGRAM_VERSION": "3.3a", "VTE_VERSION": "7200"}, {}):
        out = raw_run(["tests/data/links.yaml"], [b"\r"], env)
        assert b"\x1b]8;" not in out, env
        assert url in out  # the text stays readable
    out = raw_run(["tests/data/links.yaml"], [b"\r"],
                  {"TMUX": "/tmp/x,1,0", "TERM_PROGRAM": "tmux",
                   "TERM_PROGRAM_VERSION": "3.4"})
    assert link in out


@test
def help_starts_with_the_view_keys_and_has_the_search_syntax():
    p = Pane(["tests/data/links.yaml"], cols=80, lines=24)
    p.wait("Day 1")
    p.keys("Enter", "?")
    s = p.wait("^ Help")
    lines = s.splitlines()
    assert lines[2] == " Keys in a session", s
    assert re.match(r"^   s, Space +star or unstar", lines[4]), s
    assert re.match(r"^   o +open a link of the session", lines[5]), s
    assert re.match(r"^   S +session detail: its speaker's sessions", lines[7]), s
    p.keys("G")
    s = p.wait("Search syntax")
    for want in ("field:pattern", "-term", '"two words"',
                 "Fields: title speaker abstract track room tag type id day lang",
                 "The search covers every open program"):
        assert want in s, f"{want!r} not in\n{s}"
    # From the day program, its own keys come first.
    p.keys("h", "h", "?")
    s = p.wait("^ Help")
    assert s.splitlines()[2] == " Keys in the day program", s


FOSDEM = "tests/data/samples/frab-xml/fosdem-2021.xml"


@test
def grid_pages_and_moves_past_a_rooms_end():
    # K.fosdem has one session on Saturday: "Welcome", 09:00.
    p = Pane([FOSDEM])
    p.wait("FOSDEM 2021")
    p.keys("g")
    s = p.wait("rooms 1–4 of 87")
    assert grid_label_line(s, "09:00") == 3 and grid_cell(s, "Welcome to")[0] == 3, s
    assert re.search(r"^ 1/401 ", s.splitlines()[-1]), s
    # A page scrolls the time though the room has nothing later: the
    # other rooms' later sessions show; the selection stays.
    p.keys("PgDn")
    s = p.wait("^10:45 ")
    assert "Welcome to" not in s and "Tools and" in s, s
    assert re.search(r"^ 1/401 ", s.splitlines()[-1]), s
    p.keys("C-d")
    p.wait("^12:00 ")
    p.keys("PgUp", "PgUp", "PgUp")
    s = p.wait("Start of the day")
    assert grid_label_line(s, "09:00") == 3, s
    # j at the room's last session: the next to begin, in a room beside.
    p.keys("j", "Enter")
    s = p.wait("^ Session")
    assert "Empowering the school of the future" in s, s
    p.keys("Escape", "k", "Enter")  # k, before its room's first: back
    s = p.wait("^ Session")
    assert "Welcome to FOSDEM 2021" in s, s


@test
def top_views_go_back_to_the_day_list():
    # No agenda: no conflict count to crowd the status line's hints.
    data = f"/tmp/sked-test-{os.getpid()}-data-back"
    subprocess.run(["rm", "-rf", data])
    p = Pane(["data/lpc2023.yaml"], env={"XDG_DATA_HOME": data})
    p.wait("^ Day 1")
    p.keys("2")
    p.wait("^ Day 2")
    for key, title, back in (("t", "^ Tracks", "q"), ("p", "^ Speakers", "Escape"),
                             ("u", "^ Unscheduled", "h"), ("a", "^ Agenda", "q"),
                             ("r", "^ Rooms", "BSpace"), ("n", "^ Now: ", "q"),
                             ("g", "^ Grid, day 2", "q"), ("g", "^ Grid, day 2", "Escape"),
                             ("g", "^ Grid, day 2", "BSpace")):
        p.keys(key)
        s = p.wait(title)
        assert "q back" in s.splitlines()[-1] or key == "g", s
        p.keys(back)
        s = p.wait("^ Day 2: Tuesday")  # the day shown last
        assert "q quit" in s.splitlines()[-1], s
    # In the grid, h moves across rooms; q from the day list quits.
    p.keys("1", "g")
    p.wait("^ Grid, day 1")
    p.keys("h")
    s = p.wait("Welcome message and DL")
    assert s.splitlines()[1].startswith(" Grid, day 1"), s
    p.keys("q")
    p.wait("^ Day 1")
    p.keys("q")
    assert p.exit_status() == 0
    subprocess.run(["rm", "-rf", data])


@test
def a_search_in_force_shows_and_esc_in_the_day_list_ends_it():
    p = Pane(["data/lpc2023.yaml"], cols=100)
    p.wait("^ Day 1")
    p.keys("/")
    type_query(p, "kunit")
    p.keys("Tab")
    p.wait("^ Search: 2 sessions")
    p.keys("q")  # the results left: the search stays, and says so
    s = p.wait("^ Day 1")
    assert "search: kunit (Esc ends)" in s.splitlines()[1], s
    p.keys("t")
    s = p.wait("^ Tracks")
    assert "search: kunit (n next)" in s.splitlines()[1], s
    p.keys("q")
    p.wait("^ Day 1")
    p.keys("n")  # its matches, not the now view
    s = p.wait("^ 8/26 ")
    assert "Now:" not in s, s
    p.keys("Escape")
    s = p.wait("Search ended")
    assert "search:" not in s, s
    p.keys("n")  # no search now: the now view
    p.wait("^ Now: ")


@test
def grid_help_lists_the_grid_keys():
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=30)
    p.wait("^ Day 1")
    p.keys("g", "?")
    s = p.wait("^ Help")
    lines = s.splitlines()
    assert lines[2] == " Keys in the grid", s
    for keys, says in (("Down, j", "the next in the room, then the next in time"),
                       ("l, Right", "the session in the room to the right"),
                       ("h, Left", "the session in the room to the left"),
                       ("Enter", "open the session"),
                       ("PgDn", "a page later"),
                       ("x", "grid: hide the selected session"),
                       ("X", "grid: show every hidden room again"),
                       ("Tab, ]", "next day, in the grid"),
                       ("g", "the day as a list, at the same session"),
                       ("Esc, Backspace", "back to the day list")):
        assert any(re.match(rf"^   {re.escape(keys)} +{re.escape(says)}", l)
                   for l in lines[4:26]), (keys, s)
    assert not any(re.match(r"^   Enter, l, Right", l) for l in lines[4:26]), s


@test
def grid_marks_in_the_lists_colours():
    # 323 Introduction starred; 66 and 225 (day 1) starred, in conflict.
    home = agenda_home("home-grid-colour", "# sked agenda 1 lpc2023\n323\n66\n225\n")
    # The default theme's colours (tuned for light and dark terminals).
    for env, star, conflict in (({"TERM": "screen-256color"}, 166, 160),
                                ({"TERM": "screen"}, 5, 1),
                                ({"NO_COLOR": "1"}, None, None)):
        p = Pane(["data/lpc2023.yaml"], cols=100, lines=30,
                 env={"XDG_DATA_HOME": f"{home}/data", **env})
        p.wait("2 in conflict")
        p.keys("g")
        p.wait("^ Grid, day 1")
        for title, colour, mark in (("Introduction", star, "*"),
                                    ("How to reduce", conflict, "!"),
                                    ("Quality in", conflict, "!")):
            cells, x = cells_of(p, title)
            what = f"{env} {title}"
            assert cells[x - 1][0] == mark, (what, cells[x - 1])
            for ch, attrs in (cells[x - 1], cells[x]):
                if colour is None:  # bold mark, title underlined
                    assert "fg" not in attrs, (what, ch, attrs)
                else:
                    assert attrs.get("fg") == colour, (what, ch, attrs)
            assert colour is not None or cells[x][1].get(4), (what, cells[x])
        cells, x = cells_of(p, "Deprecating Stuff")
        assert cells[x - 1][0] == " " and not cells[x][1].get(4), cells[x]
    subprocess.run(["rm", "-rf", home])


@test
def empty_grid_says_why():
    state = filter_state()
    p = Pane(["data/lpc2023.yaml"], env={"XDG_STATE_HOME": state})
    p.wait("^ Day 1")
    p.keys("2", "g")  # a day with no sessions
    s = p.wait("^ Grid, day 2")
    assert s.splitlines()[2] == " No sessions on this day.", s
    p.keys("1")
    p.wait("^ Grid, day 1")
    p.keys("x", "x", "x")  # every track of the day hidden
    s = p.wait("3 tracks hidden: X shows them")
    assert "No sessions on this day" not in s, s
    assert s.splitlines()[2] == " None of this day's sessions shows:", s
    # A filter that leaves nothing this day: vfio, whose sessions are on
    # day 3 (a track with no session at all is not offered).
    p.keys("X", "f", "j", "j", "j", "Space", "q")
    s = p.wait("filter: track vfio")
    assert s.splitlines()[2:4] == [" None of this day's sessions shows:",
                                   " Filters are in force: f changes them, F clears them."], s
    subprocess.run(["rm", "-rf", state])


@test
def starts_and_opens_the_grid_at_the_line_of_now():
    # 11:10: the all-day infodesk runs since 09:00; the list opens at the
    # session begun last, and so does the grid, at the line of now.
    # Its zone named: the browser would open saying it is a guess.
    p = Pane(["--now", "2021-02-06 11:10", "--timezone", "UTC", FOSDEM])
    s = p.wait("Now: 11:10–11:55")
    assert "The seL4 Foundation" in s, s
    p.keys("g")
    s = p.wait("^ Grid, day 1")
    assert grid_label_line(s, "11:10─┼") < 12, s
    assert "The seL4" in s and "09:00" not in s, s
    # Outside the conference, the list's first session is not a choice:
    # the grid opens on the first rooms.
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"], cols=160, lines=30)
    p.wait("^ Day 1")
    p.keys("g")
    s = p.wait("^ Grid, day 1")
    assert "rooms 1–8 of 12" in s and re.match(r"^ +>│Ada ", s.splitlines()[2]), s


@test
def grid_counts_in_time_order_titles_fit_and_b_is_the_now_views():
    p = Pane(["data/lpc2023.yaml"])
    p.wait("^ Day 1")
    p.keys("g")
    s = p.wait("^ Grid, day 1")
    assert re.search(r"^ 1/26 ", s.splitlines()[-1]), s  # Introduction, as in the list
    p.keys("j")
    p.wait("^ 4/26 ")  # Deprecating Stuff, 09:35: the list's fourth
    p.keys("b")  # not the now view: says where it acts
    s = p.wait("b groups the now view")
    assert s.splitlines()[1].startswith(" Grid"), s
    p = Pane([FOSDEM], cols=50)
    p.wait("FOSDEM")
    p.keys("g", "l", "l", "l", "l", "l", "l", "l")
    s = p.wait("rooms 7–8 of 87")
    assert s.splitlines()[1] == " Grid, day 1 · rooms 7–8 of 87", s


@test
def help_wraps_at_80_columns():
    # Nothing in help is cut: a long description wraps under itself
    # (the keys' column stays clear), and all of it is there.
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=100)  # all of it on one screen
    p.wait("Day 1")
    p.keys("?")
    lines = p.wait("^ Help").splitlines()
    text = "\n".join(lines)
    assert "\u2026" not in text, text
    joined = re.sub(r"\n {32}", " ", text)  # continuation lines, under column 32
    helps = re.findall(r'\{ACT_\w+, "[^"]+",.*?"((?:[^"\\]|\\.)*)"\},', KEYMAP, re.S)
    for h in helps:
        whole = re.search(r'"((?:[^"\\]|\\.)*)"\s*"' + re.escape(h) + '"', KEYMAP)
        h = (whole.group(1) if whole else "") + h
        assert h in joined, f"help lacks {h!r}:\n{text}"
    assert re.search(r"^   n +next search result; with no search, the now\n {32}view:",
                     text, re.M), text
    for line in lines:
        assert width(line) <= 80, line


@test
def detail_values_wrap_under_the_value():
    # A labelled value too long for the line goes on under the value,
    # not under its label; a match is still lit across the break.
    p = Pane(["tests/data/fields.yaml"], cols=44, lines=30)
    p.wait("Day 1: Saturday")
    p.keys("/")
    type_query(p, "abstract:slides")
    p.wait("^ Search: 1 session")
    p.keys("Enter")
    s = p.wait("^ Session")
    lines = s.splitlines()
    i = lines.index("  Links     Slides:")
    assert lines[i + 1] == "            https://fields.example/slides.p", s
    assert lines[i + 2] == "            df", s
    raw = p.screen(escapes=True).splitlines()
    assert highlighted(raw[i]) == ["Slides"], raw[i]


@test
def search_line_f1_shows_the_syntax_and_comes_back():
    p = Pane(["data/lpc2023.yaml"], cols=80, lines=24)
    p.wait("Day 1")
    p.keys("/")
    # The hint wraps at 80 columns, and names the key that works there.
    s = p.wait("^ Type a search")
    assert "\u2026" not in s, s
    assert re.search(r'"quoted words" \(F1 shows the\n syntax\)\.', s), s
    type_query(p, "zzqq")
    s = p.wait("^ No session matches")
    assert "F1 shows the syntax" in s.replace("\n ", " "), s
    # F1 on the line: help at the search syntax; going back from it,
    # the line as it was, typing on.
    p.keys("F1")
    s = p.wait("^ Search syntax")
    assert "field:pattern" in s and "/zzqq" not in s, s
    p.keys("Escape")
    p.wait("^/zzqq ")
    p.keys("z")
    p.wait("^/zzqqz ")
    p.keys("Escape")  # Esc on the line still leaves the search
    p.wait("^ Day 1")


@test
def filter_list_ids_in_a_column_and_no_empty_values():
    # FOSDEM's long track ids: cut in their column, every name beside
    # them in line, whole when it fits.
    p = Pane(["tests/data/samples/frab-xml/fosdem-2021.xml"], cols=80, lines=24)
    p.wait("FOSDEM 2021")
    p.keys("f")
    s = p.wait("^ Filters")
    rows = [l for l in s.splitlines() if l.startswith("  [ ] ")]
    assert len(rows) > 10, s
    for l in rows:
        assert re.match(r"^  \[ \] \S.{15}  \S", l), l
    # The names' column as wide on every row: room for the widest count
    # (the days' three digits) kept on all.
    assert "  [ ] collaborative-i\u2026  Collaborative Information and Content Ma\u2026    9 sessions" in rows, s
    assert "  [ ] open-source-fir\u2026  Open Source Firmware, BMC and Bootloader    12 sessions" in rows, s
    # A track no session has is not offered (choosing it would empty
    # every view); the list says so. Once chosen (kept from an earlier
    # program), it stays listed, to be dropped.
    path = f"/tmp/sked-test-{os.getpid()}-empty.yaml"
    text = open("tests/data/filters.yaml").read().replace(
        "  - {id: web, name: Web}\n",
        "  - {id: web, name: Web}\n  - {id: nothing, name: Nothing Here}\n")
    open(path, "w").write(text)
    p = Pane([path], cols=80, lines=30)
    p.wait("Filter Camp")
    p.keys("f")
    s = p.wait("^ Filters")
    assert "Nothing Here" not in s, s
    assert re.search(r"^  \[ \] web +Web +\d sessions?\n   1 track with no sessions not listed\.$",
                     s, re.M), s
    state = f"/tmp/sked-test-{os.getpid()}-state"
    os.makedirs(f"{state}/sked", exist_ok=True)
    open(f"{state}/sked/filtercamp.view", "w").write("# sked view 1 filtercamp\ntrack nothing\n")
    p = Pane([path], cols=80, lines=30)
    p.wait("Filter Camp")
    p.keys("f")
    s = p.wait("^ Filters")
    assert re.search(r"^  \[x\] nothing +Nothing Here +0 sessions$", s, re.M), s
    os.unlink(f"{state}/sked/filtercamp.view")
    os.unlink(path)


@test
def conflict_count_is_of_the_list_shown():
    # Two starred sessions clash (rt and testing, day 1): each list's
    # status line counts the ! rows it lists, not the program's.
    home = agenda_home("home", "# sked agenda 1 lpc2023\n66\n225\n")
    p = Pane(["data/lpc2023.yaml"], cols=100, lines=30,
             env={"HOME": home, "XDG_DATA_HOME": f"{home}/data"})
    s = p.wait("^ Day 1")
    assert "  2 in conflict (!)" in s.splitlines()[-1], s
    p.keys("2")  # no conflict on day 2
    s = p.wait("^ Day 2")
    assert "in conflict" not in s.splitlines()[-1], s
    p.keys("/")
    type_query(p, "title:complexity")
    p.wait("^ Search: 1 session")
    p.keys("Tab")
    s = p.wait("  1 in conflict \\(!\\)")  # the results list one of the two
    p.keys("Enter")
    p.wait("^ Session")
    p.keys("T")  # the rt track: one ! row
    s = p.wait("^ Real-time and Scheduling MC")
    assert len(re.findall(r"^!", s, re.M)) == 1, s
    assert "  1 in conflict (!)" in s.splitlines()[-1], s
    p.keys("Escape", "S")  # John Stultz's one session
    s = p.wait("^ (Speaker|Sessions of|John Stultz)")
    assert "  1 in conflict (!)" in s.splitlines()[-1], s
    subprocess.run(["rm", "-rf", home])


@test
def a_rooms_list_does_not_repeat_its_room():
    # The room's own list: the title names it, its rows do not (the track
    # stays); the now view by track: the track under its heading, not in
    # the rows (the room is).
    p = Pane(["tests/data/samples/frab-xml/fosdem-2021.xml"], cols=100, lines=30)
    p.wait("FOSDEM 2021")
    p.keys("r", "Enter")
    s = p.wait("^ K.fosdem$")
    assert re.search(r"^ 09:00–09:25  fosdem  Welcome to FOSDEM 2021$", s, re.M), s
    assert s.count("K.fosdem") == 1, s
    p = Pane(["--now", "2021-02-06 11:10", "tests/data/samples/frab-xml/fosdem-2021.xml"],
             cols=100, lines=30)
    p.wait("FOSDEM 2021")
    p.keys("n")
    s = p.wait("by room$")
    assert re.search(r"^ M.community\n   20 min left +10:45–11:30 +community +Tools and Concepts",
                     s, re.M), s
    p.keys("b")
    s = p.wait("by track$")
    assert re.search(r"^ Community\n   20 min left +10:45–11:30 +M.community +Tools and Concepts",
                     s, re.M), s


@test
def back_to_the_day_list_keeps_its_place():
    # A view at the top with no session of the day shown (the rooms, the
    # now view's heading): q comes back to the day list where it was, not
    # to its first session.
    p = Pane(["--now", "2021-02-06 11:10", FOSDEM])
    p.wait("FOSDEM 2021")
    p.keys("g", "j", "j", "Escape")
    s = p.wait(r"^ Day 1")
    at = re.match(r" (\d+)/401 ", s.splitlines()[-1]).group(1)
    assert at != "1", s
    for view, shown in (("r", "Rooms"), ("n", "by room$")):
        p.keys(view)
        p.wait(shown)
        p.keys("q")
        s = p.wait(r"^ \d+/401 ")
        assert re.match(rf" {at}/401 ", s.splitlines()[-1]), (view, s)


@test
def empty_grid_day_points_where_the_sessions_are():
    # LPC 2019 has no session with a time: its grid says what the day
    # list says, u and the count, Tab and 1-9.
    p = Pane(["data/lpc2019.yaml"])
    # Nothing has a time: it opens on the sessions without one, over
    # the day list.
    s = p.wait("^ Unscheduled sessions")
    assert re.search(r"^ 1/21 ", s, re.M), s
    p.keys("q")
    s = p.wait("^ Day 1")
    said = s.splitlines()[2:5]
    assert said == [" No sessions on this day.",
                    " u lists the 21 sessions without a time.",
                    " Tab and Shift-Tab go to the next and previous day, 1-9 to a day."], s
    p.keys("g")
    s = p.wait("^ Grid, day 1")
    assert s.splitlines()[2:5] == said, s


@test
def filters_help_says_which_keys_toggle():
    p = Pane([FOSDEM])
    p.wait("FOSDEM 2021")
    p.keys("f")
    p.wait("toggles a value")
    p.keys("?")
    s = p.wait("^ Keys in the filters")
    keys = s[s.index("Keys in the filters"):s.index("All keys") if "All keys" in s else None]
    assert re.search(r"^ +Space, Enter\b.* toggle the selected value$", keys, re.M), s


@test
def one_hidden_track_is_said_in_the_singular():
    # The vfio filter leaves one track on day 3; x hides it.
    state = filter_state()
    p = Pane(["data/lpc2023.yaml"], env={"XDG_STATE_HOME": state})
    p.wait("^ Day 1")
    p.keys("f", "j", "j", "j", "Space", "q")
    p.wait("filter: track vfio")
    p.keys("3", "g")
    p.wait("^ Grid, day 3")
    p.keys("x")
    s = p.wait("hidden: X shows them")
    assert s.splitlines()[3] == " 1 track hidden: X shows them.", s
    subprocess.run(["rm", "-rf", state])


def footer(s):
    """The keys the status line offers, as {key: what}."""
    hints = re.split(r" {3,}", s.splitlines()[-1].strip())[-1]
    return dict((k.split(" ", 1) + [""])[:2] for k in hints.split("  "))


@test
def footer_offers_only_keys_that_act():
    p = Pane(["data/lpc2023.yaml"])
    s = p.wait("^ Day 1")
    keys = footer(s)
    assert keys.get("Enter") == "open" and keys.get("s") == "star", s
    assert keys.get("q") == "quit", s
    # A session with no link: no o; one has no room: no R.
    p.keys("Enter")
    s = p.wait("^ Session")
    assert "Introduction" in s and "URL" not in s, s
    keys = footer(s)
    assert "o" not in keys and "R" not in keys, s
    assert keys.get("s") == "star" and keys.get("T") == "track", s
    assert keys.get("q") == "back" and "Enter" not in keys, s
    # An empty day: nothing to open or star.
    p.keys("q", "2")
    s = p.wait("No sessions on this day")
    keys = footer(s)
    assert "Enter" not in keys and "s" not in keys, s
    assert keys.get("?") == "help" and keys.get("q") == "quit", s
    p.keys("g")  # the same day's grid: nothing to move to or hide
    s = p.wait("^ Grid, day 2")
    keys = footer(s)
    assert not {"Enter", "s", "x", "hjkl"} & set(keys), s
    # Help and a track's description: text, nothing under a cursor.
    p.keys("?")
    s = p.wait("^ Help")
    assert footer(s) == {"q": "back"}, s
    p.keys("q", "q", "t", "End", "Enter")  # the last track
    s = p.wait("^ VFIO/IOMMU/PCI MC")
    assert footer(s).get("i") == "description", s
    p.keys("i")
    s = p.wait("^ VFIO/IOMMU/PCI MC: description")
    keys = footer(s)
    assert "Enter" not in keys and "s" not in keys, s
    # In the description i goes back, as the q offered does.
    assert "i" not in keys and keys.get("q") == "back", s
    # A session with links: o, and its room (R).
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    p.wait("^ Day 1")
    p.keys("Enter")
    s = p.wait("^ Session")
    keys = footer(s)
    assert keys.get("o") == "link" and keys.get("R") == "room", s
    # Every key offered anywhere is one the keymap binds.
    for k in keys:
        for one in k.split("/"):
            assert f"'{one}'" in KEYMAP or one in ("Enter", "Space"), (one, s)


@test
def footer_b_and_x_only_where_they_act():
    # LPC names no rooms: its now view is by track alone, b offers
    # nothing; its grid's columns are tracks, x hides a track.
    p = Pane(["data/lpc2023.yaml", "--now", "2023-11-13 10:00"])
    p.wait("^ Day 1")
    p.keys("n")
    s = p.wait("^ Now: ")
    assert "b" not in footer(s), s
    p.keys("g")
    s = p.wait("^ Grid, day 1")
    assert footer(s).get("x") == "hide track" and "X" not in footer(s), s
    state = f"/tmp/sked-test-{os.getpid()}-state-footer"
    subprocess.run(["rm", "-rf", state])
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml", "--now", "2019-12-28 14:00"],
             env={"XDG_STATE_HOME": state})
    p.wait("^ Day 2")
    p.keys("n")
    s = p.wait("^ Now: ")
    assert footer(s).get("b") == "by track", s
    p.keys("b")
    s = p.wait("by track$")
    assert footer(s).get("b") == "by room", s
    p.keys("g", "x", "j")  # a room hidden: X offered
    s = p.wait(r"1 hidden \(X\)")
    keys = footer(s)
    assert keys.get("x") == "hide room" and keys.get("X") == "show all", s
    subprocess.run(["rm", "-rf", state])


@test
def j_and_k_outside_a_detail_say_where_they_act():
    p = Pane(["data/lpc2023.yaml"])
    p.wait("^ Day 1")
    p.keys("J")
    p.wait("^ J and K step through a list from a session's detail")
    p.keys("Enter", "J")  # there: the next session of the list
    p.wait("^  Welcome!$")


@test
def unscheduled_sessions_leave_the_track_to_its_heading():
    p = Pane(["data/lpc2023.yaml"])
    p.wait("^ Day 1")
    p.keys("u")
    s = p.wait("^ Unscheduled sessions")
    lines = s.splitlines()
    assert lines[2] == " Real-time and Scheduling MC", s
    # The title first, not the track's tag again.
    assert lines[3].startswith(" newidle load balance optimization"), s


@test
def grid_times_run_down_the_whole_screen():
    # LPC's day 3 ends at 12:45: the gutter goes on to the screen's end.
    p = Pane(["data/lpc2023.yaml"])
    p.wait("^ Day 1")
    p.keys("3", "g")
    s = p.wait("^ Grid, day 3")
    body = s.splitlines()[3:-1]
    assert body[0].startswith("09:30 "), s
    for k, line in enumerate(body):
        h, m = divmod(9 * 60 + 30 + 15 * k, 60)
        # The rules after it: light in free time, heavy beside a block.
        assert line.startswith(f"{h:02d}:{m:02d} ") and line[6] in "\u2502\u2503", (k, s)
    assert body[-1].startswith("14:15 "), s


@test
def grid_k_goes_to_the_session_beside_that_starts_with_it():
    # 36C3's day 1: #chaosPatinnen (no room) and Generalprobe Stage (OIO
    # Stage) both start at 10:00, first and second in the day list. k on
    # Generalprobe, the first of its room, goes to #chaosPatinnen; only
    # there is it the first session of the day.
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"])
    p.wait("^ Day 1")
    p.keys("j", "g")
    s = p.wait("^ Grid, day 1")
    assert re.match(r" 2/119 ", s.splitlines()[-1]), s
    p.keys("k")
    s = p.wait(r"^ 1/119 ")
    assert "First session" not in s, s
    p.keys("Enter")
    p.wait("#chaosPatinnen opening event")
    p.keys("q", "k")
    p.wait("^ First session of the day")


@test
def detail_when_stays_whole_on_a_narrow_screen():
    # At 60 columns, a long zone of the user's goes to a line of its own;
    # at 44, the conference's too: dates and times are never cut.
    p = Pane(["tests/data/samples/frab-xml/36c3-stages.xml"], cols=60, lines=20,
             env={"TZ": "America/Argentina/Buenos_Aires"})
    p.wait("^ Day 1")
    p.keys("G", "Enter")
    s = p.wait("^ Session")
    lines = s.splitlines()
    assert lines[4:8] == ["  Saturday 28 December 2019, 02:00–04:00 UTC+01:00",
                          "  On the program of Friday 27 December 2019 (day 1)",
                          "  Fri 27 December, 22:00–00:00",
                          "  America/Argentina/Buenos_Aires (your time)"], s
    assert "\u2026" not in "".join(lines[4:8]), s
    p = Pane(["data/lpc2023.yaml"], cols=44, lines=20)
    p.wait("^ Day 1")
    p.keys("Enter")
    s = p.wait("^ Session")
    assert s.splitlines()[4:8] == ["  Monday 13 November 2023, 09:30–09:35",
                                   "  America/New_York",
                                   "  Mon 13 November, 14:30–14:35 UTC",
                                   "  (your time)"], s


@test
def config_theme_and_colours_take_effect():
    home = agenda_home("home-theme", "# sked agenda 1 lpc2023\n323\n66\n225\n")
    # (config, TERM, the star's colour, the conflict's): the dark theme's
    # colours, a colour of the user's, and mono (attributes alone).
    for cfg, term, star, conflict in (
            ("theme: dark\n", "screen-256color", 214, 196),
            ("theme: dark\n", "screen", 3, 1),
            ("theme: light\n", "screen-256color", 130, 160),
            ("colors:\n  star: green\n  conflict: \"94 bold\"\n",
             "screen-256color", 2, 94),
            ("theme: mono\n", "screen-256color", None, None)):
        p = Pane(["data/lpc2023.yaml"], cols=100, lines=30,
                 env={"XDG_DATA_HOME": f"{home}/data", "TERM": term,
                      "XDG_CONFIG_HOME": config_home("theme", cfg)})
        p.wait("2 in conflict")
        what = (cfg, term)
        for title, colour, mark in (("Introduction", star, "*"),
                                    ("Quality in embargoed", conflict, "!")):
            cells, x = cells_of(p, title)
            assert cells[0][0] == mark, (what, cells[0])
            if colour is None:
                assert "fg" not in cells[x][1] and cells[x][1].get(4), (what, cells[x])
            else:
                assert cells[x][1].get("fg") == colour, (what, cells[x])
        if star is None:  # mono: no colour anywhere
            raw = p.screen(escapes=True)
            assert not re.search(r"\x1b\[[0-9;]*[34][0-7](;|m)", raw), raw
    subprocess.run(["rm", "-rf", home])


def track_tags(p):
    """The (fg, bg) of each track tag of the day list on the screen, by
    track id: the word after the times, in the colour of a pair."""
    plain = p.screen().splitlines()
    cells = sgr_cells(p.screen(escapes=True))
    tags = {}
    for y, l in enumerate(plain):
        m = re.match(r"^[ *!](?:\d\d:\d\d| {5})–\d\d:\d\d(?: x\d+)? +(\S+)  ", l)
        if m:
            x = len(l[:m.start(1)])
            a = cells[y][x][1]
            tags.setdefault(m.group(1), set()).add((a.get("fg"), a.get("bg")))
    return tags


@test
def track_tags_never_take_the_star_or_conflict_colour():
    # LPC 2023's riscv tag was the orange of starred titles: a star must
    # show at a glance, in every theme and depth. The tags are coloured by
    # rank among the tracks in use, so the first ones in use differ.
    home = agenda_home("home-tags", "# sked agenda 1 lpc2023\n323\n66\n225\n")
    for theme in ("default", "light", "dark"):
        for term, n in (("screen-256color", 12), ("screen", 3)):
            p = Pane(["data/lpc2023.yaml"], cols=120, lines=60,
                     env={"XDG_DATA_HOME": f"{home}/data", "TERM": term,
                          "XDG_CONFIG_HOME": config_home("tags", f"theme: {theme}\n")})
            p.wait("2 in conflict")
            what = (theme, term)
            if theme == "light" and term == "screen":
                # The day tab: not white on cyan (1.6:1).
                cells, x = cells_of(p, "Mon 13")
                a = cells[x][1]
                assert (a.get("fg"), a.get("bg")) == (0, 6), (what, a)
            cells, x = cells_of(p, "Introduction")
            star = cells[x][1].get("fg")
            cells, x = cells_of(p, "Quality in embargoed")
            conflict = cells[x][1].get("fg")
            assert star is not None and conflict is not None, what
            tags = {}
            for day in ("1", "2", "3"):
                p.keys(day)
                p.wait(f"^ Day {day}")
                for k in range(3):
                    for track, colours in track_tags(p).items():
                        tags.setdefault(track, set()).update(colours)
                    p.keys("PgDn")
                    time.sleep(0.2)
            assert {"riscv", "rt", "testing", "vfio"} <= set(tags), (what, tags)
            for track, colours in tags.items():
                assert len(colours) == 1, (what, track, colours)
                fg, bg = next(iter(colours))
                assert fg is not None or bg is not None, (what, track)
                # A tag on a background of its own (8 colours) has dark or
                # white text: never the star's nor the conflict's colour.
                assert fg not in (star, conflict), (what, track, fg, star, conflict)
            # The 4 tracks in use (of 18 declared) take the first colours
            # in turn: as many different ones as there are.
            colours = [next(iter(c)) for c in tags.values()]
            assert len(set(colours)) == min(len(tags), n), (what, tags)
            # The tracks view's tags are the same.
            p.keys("t")
            s = p.wait("^ Tracks")
            cells = sgr_cells(p.screen(escapes=True))
            for y, l in enumerate(s.splitlines()):
                m = re.match(r"^ (\S+) .* [1-9]\d* sessions", l)
                if m:
                    a = cells[y][1][1]
                    assert {(a.get("fg"), a.get("bg"))} == tags[m.group(1)], (what, l, a)
    subprocess.run(["rm", "-rf", home])


@test
def config_keys_rebound_in_help_footer_and_action():
    home = config_home("keys", "keys:\n  star: x\n  help: [F1, \"#\"]\n")
    data = f"/tmp/sked-test-{os.getpid()}-data-keys"  # x stars: not in others'
    subprocess.run(["rm", "-rf", data])
    p = Pane(["data/lpc2023.yaml"], cols=120, lines=50,
             env={"XDG_CONFIG_HOME": home, "XDG_DATA_HOME": data})
    s = p.wait("Day 1")
    # The footer offers the user's keys.
    assert re.search(r"x star\b", s) and "F1 help" in s.splitlines()[-1], s
    assert "s star" not in s, s
    # The default key no longer acts; the user's does.
    p.keys("s")
    time.sleep(0.3)
    assert "1 starred" not in p.screen() and "* " not in p.screen(), p.screen()
    p.keys("?")
    time.sleep(0.3)
    assert not re.search(r"^ Help", p.screen(), re.M), p.screen()
    p.keys("x")
    p.wait(r"^\*")
    p.keys("#")
    s = p.wait("^ Help")
    for _ in range(4):
        p.keys("PgDn")
        s += p.screen()
    assert re.search(r"^   x +star or unstar the session", s, re.M), s
    assert re.search(r"^   F1, # +this help", s, re.M), s
    # x was the grid's hide-room key: taken, that action has none.
    assert re.search(r"^   \(no key\) +grid: hide the selected", s, re.M), s
    p.quit()
    subprocess.run(["rm", "-rf", data])


@test
def config_first_view_and_zone():
    home = config_home("view", "view: tracks\ntimezone: Europe/Berlin\n")
    p = Pane(["data/lpc2023.yaml"], env={"XDG_CONFIG_HOME": home})
    s = p.wait("^ Tracks")
    assert "Europe/Berlin" in s.splitlines()[0], s
    p.keys("q")  # back to the day list beneath
    s = p.wait("^ Day 1")
    # Times in Berlin: the 09:30 session of New York shows at 15:30.
    assert re.search(r"^ 15:30–15:35 +x3", s, re.M), s
    p.keys("z")
    s = p.wait("^ 09:30–09:35 +x3")
    assert "America/New_York" in s.splitlines()[0], s
    assert "Times in America/New_York (the conference's)" in s, s
    # Back: the zone is the config's, whatever the local one (TZ).
    p.keys("z")
    s = p.wait(r"Times in Europe/Berlin \(the config's timezone\)")
    assert re.search(r"^ 15:30–15:35 +x3", s, re.M), s


@test
def bad_config_still_starts_with_a_message():
    home = config_home("bad", "theme: sepia\nview: grid\nkeys:\n  teleport: t\n")
    p = Pane(["data/lpc2023.yaml"], cols=160, env={"XDG_CONFIG_HOME": home})
    # The good setting counts (the grid), the bad ones are said.
    s = p.wait("^ Grid, day 1")
    assert re.search(r"Config: \S*/sked/config:1:8: theme: expected default, "
                     r"dark, light or mono, got \"sepia\" \(and 1 more", s), s
    p.quit()


@test
def agenda_title_says_an_update_failed():
    # The agenda's counts make a long title: the copy's age gives way
    # before the failure does, which the day list's title says too.
    f = Followed({"/s": [{"body": V1}, {"status": 500}]})
    try:
        f.sked("star", "followconf", "1", "2", "3")
        with open(f.agenda, "a", encoding="utf-8") as a:
            a.write("99  # Gone talk\n")  # a star the program lost
        p = Pane(["followconf"], env=f.env)
        p.wait("Follow Conference 2024")
        p.keys("U")
        s = p.wait("followconf: update failed, copy kept: HTTP 500", timeout=10)
        assert re.search(r"^ Day 1: .* update failed; copy from a moment ago$",
                         s, re.M), s
        p.keys("a")
        s = p.wait("^ Agenda: 3 starred, 0 in conflict, 1 gone")
        assert re.search(r"^ Agenda: .*, 1 gone +update failed$", s, re.M), s
        p.quit()
    finally:
        f.close()


@test
def search_headings_cut_the_title_not_the_count():
    path = f"/tmp/sked-test-{os.getpid()}-long-title.yaml"
    long = "The Annual International Filter Camp for Kernel, Rust and Web People 2024"
    with open(path, "w", encoding="utf-8") as f:
        f.write(open("tests/data/filters.yaml", encoding="utf-8").read()
                .replace("title: Filter Camp", f"title: {long}"))
    p = Pane(["tests/data/colocated.yaml", path])
    p.wait("Day 1")
    p.keys("/", "s", "Tab")
    s = p.wait("^ Search: 9 sessions")
    # The title cut with an ellipsis, the count after it whole.
    assert re.search(r"^ The Annual International Filter Camp for Kernel, "
                     r"Rust\S* .*\u2026 \u2014 7 sessions$", s, re.M), s
    assert re.search(r"^ Colocated Summit \u2014 2 sessions$", s, re.M), s
    assert all(width(line) <= 80 for line in s.splitlines()), s
    p.quit()
    os.unlink(path)
    # Two programs of one title (a feed followed twice): each heading
    # names its id.
    with open(path, "w", encoding="utf-8") as f:
        f.write(open("tests/data/colocated.yaml", encoding="utf-8").read()
                .replace("id: colocated\n", "id: colocated-two\n", 1))
    p = Pane(["tests/data/colocated.yaml", path])
    p.wait("Day 1")
    p.keys("/", "s", "Tab")
    s = p.wait("^ Search: 4 sessions")
    assert re.search(r"^ Colocated Summit \(colocated\) \u2014 2 sessions$", s,
                     re.M), s
    assert re.search(r"^ Colocated Summit \(colocated-two\) \u2014 2 sessions$",
                     s, re.M), s
    p.quit()
    os.unlink(path)


@test
def names_and_one_line_fields_stay_on_one_line_in_the_detail():
    # Line breaks a feed left inside a name, an affiliation, a room: a
    # space each, as the lists show them (an abstract keeps its breaks).
    path = f"/tmp/sked-test-{os.getpid()}-names.yaml"
    with open(path, "w", encoding="utf-8") as f:
        f.write('sked: 1\nconference:\n  id: names\n  title: Names Camp\n'
                '  timezone: UTC\n  start: 2024-01-01\n  end: 2024-01-01\n'
                'rooms:\n  - {id: b, name: "Hall\\nB"}\n'
                'tracks:\n  - {id: k, name: Kernel, leads: ["Ada\\nLovelace",'
                ' Bob]}\n'
                'sessions:\n  - id: a\n    title: Talk\n    room: b\n'
                '    track: k\n'
                '    start: 2024-01-01T10:00\n    duration: 30\n'
                '    speakers: ["Ada\\nLovelace", {name: "Grace\\r\\nHopper",'
                ' affiliation: "US\\nNavy"}]\n'
                '    abstract: "Line one\\nLine two"\n')
    p = Pane([path])
    p.wait("Ada Lovelace")  # the list: one line
    p.keys("Enter")
    s = p.wait("^ Session")
    for want in ("  Room      Hall B", "  Speakers  Ada Lovelace",
                 "            Grace Hopper (US Navy)", "  Line one", "  Line two"):
        assert want in s.splitlines(), f"{want!r} not in\n{s}"
    # A track's leads too (its description, i in the tracks view).
    p.keys("q", "t")
    p.wait("^ Tracks")
    p.keys("i")
    s = p.wait("^ Kernel: description")
    assert "  Leads: Ada Lovelace, Bob" in s.splitlines(), s
    p.quit()
    os.unlink(path)


@test
def tracks_without_sessions_dimmed_or_left_out():
    # A track the feed declares but no session takes: listed dimmed when
    # it has a description or leads (i shows them), left out when it has
    # neither (a dead end, as the rooms view leaves out such a room).
    path = f"/tmp/sked-test-{os.getpid()}-tracks.yaml"
    with open(path, "w", encoding="utf-8") as f:
        f.write("sked: 1\nconference:\n  id: tracks\n  title: Tracks Camp\n"
                "  timezone: UTC\n  start: 2024-01-01\n  end: 2024-01-01\n"
                "tracks:\n  - {id: used, name: Used Track}\n"
                "  - {id: told, name: Told Track, description: Planned.}\n"
                "  - {id: bare, name: Bare Track}\n"
                "sessions:\n  - id: a\n    title: Talk\n    track: used\n"
                "    start: 2024-01-01T10:00\n    duration: 30\n")
    p = Pane([path], env={"NO_COLOR": "1"})
    p.wait("Day 1")
    p.keys("t")
    s = p.wait("^ Tracks")
    assert re.search(r"^ used +Used Track +1 session$", s, re.M), s
    assert re.search(r"^ told +Told Track +0 sessions$", s, re.M), s
    assert "Bare Track" not in s, s
    cells, x = cells_of(p, "Told Track")
    assert cells[x][1].get(2) and not cells[x][1].get(1), cells[x]
    line = "".join(c for c, _ in cells)
    assert cells[line.index("0 sessions")][1].get(2), cells
    cells, x = cells_of(p, "Used Track")
    assert cells[x][1].get(1) and not cells[x][1].get(2), cells[x]
    p.keys("j", "i")  # its description, a key away
    p.wait("^ Told Track: description")
    p.quit()
    os.unlink(path)


subprocess.run(["rm", "-rf", f"/tmp/sked-test-{os.getpid()}-state",
                f"/tmp/sked-test-{os.getpid()}-data",
                f"/tmp/sked-test-{os.getpid()}-config",
                f"/tmp/sked-test-{os.getpid()}-cache"])
if SANITIZE:
    reports = os.listdir(SANLOG)
    for r in reports:
        print(f"FAIL sanitizer report {r}:")
        print(open(f"{SANLOG}/{r}").read()[:4000])
    results["failed"] += len(reports)
    subprocess.run(["rm", "-rf", SANLOG])
print(f"{results['passed']} passed, {results['failed']} failed, {results['skipped']} skipped")
sys.exit(1 if results["failed"] else 0)
