#!/usr/bin/env python3
"""sked config and the config file from the command line: the effective
configuration printed (recorded in tests/config/good.out), read back the
same (round trip), errors at file:line:column with exit status 78, and the
settings the commands take (timezone, alarm), their options winning.

usage: config_check.py SKED SRCDIR [--update]"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKED, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
UPDATE = sys.argv[3:] == ["--update"]
os.chdir(SRC)
tmp = tempfile.mkdtemp(prefix="sked-config-")
failed = 0


def sked(home, *args):
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8", "HOME": tmp,
           "XDG_CONFIG_HOME": home, "XDG_DATA_HOME": f"{tmp}/data",
           "XDG_STATE_HOME": f"{tmp}/state", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([SKED, *args], capture_output=True, text=True, env=env)


def home_with(name, text):
    home = f"{tmp}/{name}"
    os.makedirs(f"{home}/sked", exist_ok=True)
    open(f"{home}/sked/config", "w").write(text)
    return home


def check(name, cond, detail=""):
    global failed
    if cond:
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def settings(out):
    """The lines of a printed configuration without comments."""
    return [l for l in (re.sub(r"\s*#.*", "", l) for l in out.splitlines()) if l.strip()]


# The defaults, with no file.
r = sked(f"{tmp}/none", "config")
check("no file: the defaults, exit 0", r.returncode == 0 and r.stderr == ""
      and "theme: default  # default" in r.stdout
      and "timezone: conference  # default" in r.stdout
      and '  star: ["s", "Space"]  # default' in r.stdout
      and "# No config file at" in r.stdout, r)

# A good file: its values with their lines, recorded.
good = home_with("good", open("tests/config/good.yaml").read())
r = sked(good, "config")
out = r.stdout.replace(good, "HOME")
if UPDATE:
    open("tests/config/good.out", "w").write(out)
check("good file: exit 0, nothing on stderr", r.returncode == 0 and r.stderr == "", r)
check("good file: the recorded output", out == open("tests/config/good.out").read(),
      "differs from tests/config/good.out:\n" + out)
check("good file: each value's source", "theme: light  # HOME/sked/config:2" in out
      and '  star: "black on yellow bold"  # HOME/sked/config:4' in out
      and '  star: ["x", "Space"]  # HOME/sked/config:10' in out
      and '  help: ["#", "F1"]  # HOME/sked/config:11' in out
      and "  # header:" in out, out)

# Round trip: what sked config prints, as a config file, prints the same.
for name, home in (("defaults", f"{tmp}/none"), ("good", good)):
    first = sked(home, "config").stdout
    again = home_with(f"again-{name}", first)
    r = sked(again, "config")
    check(f"round trip ({name})", r.returncode == 0 and r.stderr == ""
          and settings(r.stdout) == settings(first),
          (r.stderr, set(settings(r.stdout)) ^ set(settings(first))))

# A bad file: errors at file:line:column on stderr, exit 78, the rest kept.
bad = home_with("bad", "theme: dark\ncolors:\n  star: purple-ish\n"
                "timezone: Mars/Olympus\nalarm: soon\nkeys:\n  star: g\n"
                "  grid: g\n  teleport: t\nview: now\n")
r = sked(bad, "config")
path = f"{bad}/sked/config"
check("bad file: exit 78 (EX_CONFIG)", r.returncode == 78, r)
for line in (f"{path}:3:9: colors.star: expected",
             f"{path}:4:11: timezone: expected conference, local or an IANA zone name",
             f"{path}:5:8: alarm: expected minutes from 0 to 10080, or none",
             f"{path}:8:9: keys.grid: g is bound already, to star",
             f"{path}:9:3: keys: unknown action \"teleport\""):
    check(f"bad file says {line.split(': ', 1)[1][:30]!r}",
          any(l.startswith(line) for l in r.stderr.splitlines()), r.stderr)
check("bad file: the good settings count, the bad keep their defaults",
      "theme: dark  #" in r.stdout and "view: now  #" in r.stdout
      and "timezone: conference  # default" in r.stdout
      and "alarm: none  # default" in r.stdout
      and '  star: ["g"]  # ' in r.stdout
      and '  grid: []  # default, less the keys the file gives other actions' in r.stdout, r.stdout)
bad_syntax = home_with("syntax", "theme: dark\nkeys: [a, b\n")
r = sked(bad_syntax, "config")
check("syntax error: file:line:column, exit 78", r.returncode == 78 and
      re.search(rf"^{re.escape(bad_syntax)}/sked/config:\d+:\d+: ", r.stderr, re.M), r)
# Other commands say it too, and go on with their own exit status.
r = sked(bad, "list", "--day", "2023-11-13", "data/lpc2023.yaml")
check("a bad config: list still runs (exit 0) and says why",
      r.returncode == 0 and f"{path}:3:9:" in r.stderr and "Introduction" in r.stdout, r.stderr)

# The zone: the config's, and --tz wins.
berlin = home_with("berlin", "timezone: Europe/Berlin\n")
r = sked(berlin, "list", "--day", "2023-11-13", "data/lpc2023.yaml")
check("timezone: list shows Berlin times", "15:30–15:35  [riscv] Introduction" in r.stdout, r.stdout[:400])
r = sked(berlin, "list", "--tz", "UTC", "--day", "2023-11-13", "data/lpc2023.yaml")
check("timezone: --tz wins", "14:30–14:35  [riscv] Introduction" in r.stdout, r.stdout[:400])
r = sked(berlin, "search", "title:^Introduction$", "data/lpc2023.yaml")
check("timezone: search too", "15:30" in r.stdout, r.stdout)
# --tz conference: back to the conference's own zone (New York's 09:30).
for cmd in (("list", "--day", "2023-11-13"), ("search", "title:^Introduction$")):
    r = sked(berlin, *cmd, "--tz", "conference", "data/lpc2023.yaml")
    check(f"timezone: {cmd[0]} --tz conference", r.returncode == 0 and
          "09:30" in r.stdout and "15:30" not in r.stdout, r)
r = sked(berlin, "now", "--all", "--tz", "conference", "--now",
         "2023-11-13 00:10", "data/lpc2023.yaml")
check("timezone: now --tz conference", r.returncode == 0 and
      "at 09:30" in r.stdout, r)
r = sked(berlin, "now", "--all", "--now", "2023-11-13 00:10",
         "data/lpc2023.yaml")
check("timezone: now in the config's zone", r.returncode == 0 and
      "at 15:30" in r.stdout, r)
# timezone: local with a $TZ that is no zone (misspelt, or an
# abbreviation): UTC, as the C library takes it, and a warning, once;
# none for a zone, a POSIX rule or a zone file.
local = home_with("local", "timezone: local\n")
def sked_tz(tz, *args):
    env = {**os.environ, "TZ": tz, "LC_ALL": "C.UTF-8", "HOME": tmp,
           "XDG_CONFIG_HOME": local, "XDG_DATA_HOME": f"{tmp}/data",
           "XDG_STATE_HOME": f"{tmp}/state"}
    return subprocess.run([SKED, *args], capture_output=True, text=True, env=env)
for tz in ("Europe/Berln", "CEST", ":Foo/Bar"):
    r = sked_tz(tz, "list", "--day", "2023-11-13", "data/lpc2023.yaml")
    check(f"timezone: local, TZ={tz}: UTC, said once", r.returncode == 0
          and "times in UTC" in r.stdout
          and "14:30–14:35  [riscv] Introduction" in r.stdout
          and r.stderr.count(f"TZ='{tz}' is no time zone") == 1
          and "local times are UTC" in r.stderr, r)
r = sked_tz("Europe/Berln", "list", "--tz", "local", "data/lpc2023.yaml")
check("timezone: --tz local warns once too",
      r.stderr.count("is no time zone") == 1, r.stderr)
for tz, when in (("Europe/Berlin", "15:30"), ("EST5EDT,M3.2.0,M11.1.0", "09:30"),
                 ("<+03>-3", "17:30"), ("/usr/share/zoneinfo/Asia/Tokyo", "23:30")):
    r = sked_tz(tz, "list", "--day", "2023-11-13", "data/lpc2023.yaml")
    check(f"timezone: local, TZ={tz}: no warning", r.returncode == 0
          and r.stderr == "" and f"{when}–" in r.stdout, r)
# Not the local zone: no word of $TZ.
r = sked_tz("Europe/Berln", "list", "--tz", "UTC", "data/lpc2023.yaml")
check("timezone: --tz UTC says nothing of TZ", r.stderr == "", r.stderr)

# A config path that is a directory: said, exit 78.
dirhome = f"{tmp}/dir"
os.makedirs(f"{dirhome}/sked/config")
r = sked(dirhome, "config")
check("config path a directory: exit 78 with the error", r.returncode == 78
      and f"{dirhome}/sked/config: cannot read" in r.stderr, r)

# The alarm: the config's in export, --alarm wins, --alarm none drops it.
alarm = home_with("alarm", "alarm: 25\n")
r = sked(alarm, "export", "--all", "data/lpc2023.yaml")
check("alarm: export has the config's", r.returncode == 0 and "TRIGGER:-PT25M" in r.stdout, r.stderr)
r = sked(alarm, "export", "--all", "--alarm", "5", "data/lpc2023.yaml")
check("alarm: --alarm wins", "TRIGGER:-PT5M" in r.stdout and "PT25M" not in r.stdout, r.stderr)
r = sked(alarm, "export", "--all", "--alarm", "none", "data/lpc2023.yaml")
check("alarm: --alarm none", r.returncode == 0 and "VALARM" not in r.stdout, r.stderr)

# --help names the file.
r = sked(f"{tmp}/none", "--help")
check("--help mentions the config file", "~/.config/sked/config" in r.stdout
      and "sked config" in r.stdout, r.stdout)

shutil.rmtree(tmp)
sys.exit(1 if failed else 0)
