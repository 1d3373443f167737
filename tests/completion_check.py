#!/usr/bin/python3
"""The shell completions (sked completion bash|zsh|fish), run in each shell.

bash: the script is sourced, COMP_WORDS and COMP_CWORD set as readline
would (split at COMP_WORDBREAKS), _sked called, COMPREPLY read.
zsh: zsh -n parses the script; then _sked runs in zsh -f with words and
CURRENT set and compadd and _files replaced by functions that print what
they are given (a completion widget needs a terminal: this runs the
function's own code, not zsh's completion system around it).
fish: complete -C"sked ..." after sourcing the script: fish's own
completion machinery.
Each runs sked from PATH, as a user's shell does.

usage: completion_check.py SKED SRCDIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

sked, src = os.path.abspath(sys.argv[1]), sys.argv[2]
failures = 0
checks = 0


def check(what, ok, got):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print(f"FAIL {what}\n  got: {got!r}")


tmp = tempfile.mkdtemp()
bindir = os.path.join(tmp, "bin")
os.mkdir(bindir)
os.symlink(sked, os.path.join(bindir, "sked"))
work = os.path.join(tmp, "work")
os.mkdir(work)
open(os.path.join(work, "schedule.xml"), "w").close()
# A program file in HOME and one whose name has a space: their session ids
# complete after ~/prog.yaml and a quoted or escaped name.
shutil.copy(os.path.join(src, "data", "lpc2023.yaml"),
            os.path.join(tmp, "prog.yaml"))
shutil.copy(os.path.join(src, "data", "lpc2023.yaml"),
            os.path.join(work, "my file.yaml"))
# One followed program (its copy need not exist to be offered).
os.makedirs(os.path.join(tmp, "config", "sked"))
# And one with its copy: offered with its title.
with open(os.path.join(tmp, "config", "sked", "programs"), "w") as f:
    f.write("# sked programs 1\nmyconf https://example.org/schedule.xml\n"
            "plumbers https://example.org/lpc.yaml\n")
os.makedirs(os.path.join(tmp, "data", "sked", "programs"))
shutil.copy(os.path.join(src, "data", "lpc2023.yaml"),
            os.path.join(tmp, "data", "sked", "programs", "plumbers"))
env = dict(os.environ, PATH=bindir + ":" + os.environ.get("PATH", ""),
           XDG_CONFIG_HOME=os.path.join(tmp, "config"),
           XDG_DATA_HOME=os.path.join(tmp, "data"),
           XDG_CACHE_HOME=os.path.join(tmp, "cache"), HOME=tmp)
env.pop("SKED_DATA_DIR", None)
# Two starred sessions of lpc2023: unstar offers those.
subprocess.run([sked, "star", "lpc2023", "217", "215"], check=True, env=env,
               capture_output=True)


def script(shell):
    return subprocess.run([sked, "completion", shell], check=True,
                          capture_output=True, text=True).stdout


for shell in ("bash", "zsh", "fish"):
    path = os.path.join(tmp, "sked." + shell)
    with open(path, "w") as f:
        f.write(script(shell))

# bash ---------------------------------------------------------------------


def bash(words, cword=None):
    """COMPREPLY for COMP_WORDS = words (the last is the current word)."""
    cword = len(words) - 1 if cword is None else cword
    arr = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    prog = (f"source {tmp}/sked.bash\n"
            f"COMP_WORDS=({arr}); COMP_CWORD={cword}\n"
            "_sked\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", prog],
                       capture_output=True, text=True, env=env, cwd=work)
    return [l for l in r.stdout.split("\n") if l]


got = bash(["sked", "sta"])
check("bash: sked sta -> star", got == ["star"], got)
got = bash(["sked", "pro"])
check("bash: sked pro -> programs", "programs" in got, got)
got = bash(["sked", "list", "--format", ""])
check("bash: --format values", sorted(got) == ["json", "text", "tsv"], got)
got = bash(["sked", "programs", "--format", ""])
check("bash: programs --format values", sorted(got) == ["json", "text"], got)
# readline splits --format=j at '=': the value alone is replaced.
got = bash(["sked", "list", "--format", "=", "j"])
check("bash: --format=j -> json", got == ["json"], got)
got = bash(["sked", "list", "--tz", "Europe/Dub"])
check("bash: --tz zone names", got == ["Europe/Dublin"], got)
got = bash(["sked", "agenda", "--tz", "lo"])
check("bash: --tz local", "local" in got, got)
got = bash(["sked", "list", "--d"])
check("bash: options", got == ["--day"], got)
got = bash(["sked", "export", "--"])
check("bash: every option of export",
      all(o in got for o in ["--agenda", "--all", "--query", "--alarm",
                             "--output", "--timezone", "--help"]), got)
got = bash(["sked", "star", "lpc2023", "21"])
check("bash: session ids of lpc2023", "215" in got and
      all(g.startswith("21") for g in got), got)
got = bash(["sked", "star", "lpc"])
check("bash: program ids", sorted(got)[:3] == ["lpc2019", "lpc2022", "lpc2023"],
      got)
got = bash(["sked", "list", "sch"])
check("bash: files for FILE", "schedule.xml" in got, got)
got = bash(["sked", "convert", "-o", "sch"])
check("bash: files for -o", "schedule.xml" in got, got)
got = bash(["sked", "remove", ""])
check("bash: followed ids", got == ["myconf", "plumbers"], got)
got = bash(["sked", "unstar", "lpc2023", ""])
check("bash: unstar offers the starred ids", got == ["217", "215"], got)
got = bash(["sked", "unstar", "lpc2023", "217", ""])
check("bash: unstar does not offer an id on the line", got == ["215"], got)
got = bash(["sked", "star", "lpc2023", "215", "21"])
check("bash: star does not offer an id on the line",
      "215" not in got and "217" in got, got)
got = bash(["sked", "search", "spe"])
check("bash: search field names", got == ["speaker:"], got)
# readline splits title:x at ':': nothing to complete in a pattern.
got = bash(["sked", "search", "title", ":", "x"])
check("bash: no field after field:", got == [], got)
got = bash(["sked", "search", "--", "-tra"])
check("bash: excluded field after --", got == ["-track:"], got)
got = bash(["sked", "completion", ""])
check("bash: shells", got == ["bash", "zsh", "fish"], got)
got = bash(["sked", "help", "se"])
check("bash: help completes commands", got == ["search"], got)
got = bash(["sked", "list", "--day", "w"])
check("bash: weekdays", got == ["wed"], got)
got = bash(["sked", "comp"])
check("bash: hidden complete not offered", got == ["completion"], got)
got = bash(["sked", "export", "--alarm", ""])
check("bash: --alarm none", got == ["none"], got)
got = bash(["sked", "export", "-a", "n"])
check("bash: -a none", got == ["none"], got)
got = bash(["sked", "conf"])
check("bash: sked conf -> config", got == ["config"], got)
got = bash(["sked", "config", "--"])
check("bash: config's options", sorted(got) == ["--help", "--timezone"], got)
for path in ("~/prog.yaml", "my\\ file.yaml", "'my file.yaml'",
             '"my file.yaml"', "~/'prog.yaml'"):
    got = bash(["sked", "star", path, "21"])
    check(f"bash: session ids after {path}", "215" in got, got)

# zsh ----------------------------------------------------------------------

if shutil.which("zsh") is None:
    print("FAIL zsh is not installed (setup.sh installs it)")
    sys.exit(1)
r = subprocess.run(["zsh", "-n", f"{tmp}/sked.zsh"], capture_output=True,
                   text=True)
check("zsh -n parses the script", r.returncode == 0, r.stderr)


def zsh(words):
    arr = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    prog = ("compdef() { : }\n"
            # compadd [-S ''] [-l -d DESCS] -a VALS: print LIST for -l
            # (one a line), then each value and its description.
            "compadd() {\n"
            "  local d a; local -a o\n"
            "  while (( $# )); do case $1 in\n"
            "    -d) d=$2; shift 2;; -a) a=$2; shift 2;;\n"
            "    -l) print -r -- LIST; shift;;\n"
            "    -S) print -r -- \"NOSPACE\"; shift 2;; *) shift;; esac; done\n"
            "  local i; for i in {1..${#${(P)a}}}; do\n"
            "    if [[ -n $d ]]; then\n"
            "      print -r -- \"${${(P)a}[i]}|${${(P)d}[i]}\"\n"
            "    else print -r -- \"${${(P)a}[i]}\"; fi; done\n"
            "}\n"
            "_files() { print -r -- FILES }\n"
            f"source {tmp}/sked.zsh\n"
            f"words=({arr}); CURRENT={len(words)}\n"
            "_sked\n")
    r = subprocess.run(["zsh", "-f", "-c", prog], capture_output=True,
                       text=True, env=env, cwd=work)
    return [l for l in r.stdout.split("\n") if l]


got = zsh(["sked", "sta"])
check("zsh: sked sta -> star with its summary, one a line",
      got == ["LIST", "star|star -- Add sessions to your agenda.", "FILES"],
      got)
got = zsh(["sked", "list", "--tz", "Europe/Be"])
check("zsh: zone names in columns (no -l, no descriptions)",
      sorted(got) == ["Europe/Belgrade", "Europe/Berlin"], got)
got = zsh(["sked", "export", "--ala"])
check("zsh: an option's whole help as its description",
      got == ["LIST", "--alarm|--alarm -- a reminder MINUTES before each "
              "session (none: no reminder; default: the config's alarm)"],
      got)
got = zsh(["sked", "star", "lpc2023", "215"])
check("zsh: session id with its title",
      any(g.startswith("215|215 -- ") for g in got), got)
got = zsh(["sked", "list", "--format", ""])
check("zsh: --format values", got == ["text", "tsv", "json"], got)
got = zsh(["sked", "list", "--format=t"])
check("zsh: --format=t", got == ["--format=text", "--format=tsv"], got)
got = zsh(["sked", "search", "spe"])
check("zsh: field names, no space", got == ["NOSPACE", "speaker:"], got)
got = zsh(["sked", "export", "--alarm", ""])
check("zsh: --alarm none", [g.split("|")[0] for g in got] == ["none"], got)
got = zsh(["sked", "check", ""])
check("zsh: files and programs", "FILES" in got and
      any(g.startswith("lpc2023|") for g in got), got)
for path in ("~/prog.yaml", "'my file.yaml'", "my\\ file.yaml"):
    got = zsh(["sked", "star", path, "215"])
    check(f"zsh: session ids after {path}",
          any(g.startswith("215|215 -- ") for g in got), got)

# fish ---------------------------------------------------------------------

if shutil.which("fish") is None:
    print("FAIL fish is not installed (setup.sh installs it)")
    sys.exit(1)


def fish(line):
    quoted = line.replace("\\", "\\\\").replace("'", "\\'")
    prog = f"source {tmp}/sked.fish; complete -C'{quoted}'"
    r = subprocess.run(["fish", "--no-config", "-c", prog],
                       capture_output=True, text=True, env=env, cwd=work)
    return [l for l in r.stdout.split("\n") if l]


got = fish("sked sta")
check("fish: sked sta -> star with its summary",
      got == ["star\tAdd sessions to your agenda."], got)
got = fish("sked star lpc2023 215")
check("fish: session id with its title",
      len(got) == 1 and got[0].startswith("215\t"), got)
got = fish("sked list --format ")
check("fish: --format values", sorted(g.split("\t")[0] for g in got) ==
      ["json", "text", "tsv"], got)
got = fish("sked list --tz Europe/Ber")
check("fish: zone names", [g.split("\t")[0] for g in got] ==
      ["Europe/Berlin"], got)
got = fish("sked list sch")
check("fish: files", any(g.startswith("schedule.xml") for g in got), got)
got = fish("sked export --alarm ")
check("fish: --alarm none", [g.split("\t")[0] for g in got] == ["none"], got)
got = fish("sked conf")
check("fish: sked conf -> config with its summary",
      got == ["config\tPrint the configuration in force (the config file "
              "and defaults)."], got)
got = fish("sked update ")
check("fish: followed ids with their title, else their URL",
      got == ["myconf\thttps://example.org/schedule.xml",
              "plumbers\tLinux Plumbers Conference 2023"], got)
got = fish("sked list --tz")
check("fish: an option's whole help as its description",
      got == ["--tz\tshow times in an IANA zone, the local one, or each "
              "conference's own (conference); default: the config's "
              "timezone, else the conference's"], got)
for path in ("~/prog.yaml", "my\\ file.yaml", "'my file.yaml'"):
    got = fish(f"sked star {path} 215")
    check(f"fish: session ids after {path}",
          len(got) == 1 and got[0].startswith("215\t"), got)

shutil.rmtree(tmp)
print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
