#!/usr/bin/python3
"""Every command and option of sked's command table is in sked(1).

The table is read from sked itself: the commands from `sked --help`, each
command's options from the completion it offers after `sked CMD --`
(sked complete, which lists the table's options). In man/sked.1, each
command must be in SYNOPSIS and have its entry in COMMANDS (a .TP tag
naming it; the browser, sked with no command, is described in its own
section); each of its options, long and short, in its SYNOPSIS lines or
its COMMANDS entry; the options every command takes, and the browser's,
anywhere in the page.

usage: man_options_check.py SKED SRCDIR
"""
import re
import subprocess
import sys

sked, src = sys.argv[1], sys.argv[2]


def run(*args):
    return subprocess.run([sked, *args], capture_output=True, text=True,
                          check=True).stdout


commands = []
in_list = False
for line in run("--help").split("\n"):
    if line == "Commands:":
        in_list = True
    elif in_list and line.startswith("  "):
        commands.append(line.split()[0])
    elif in_list:
        break


def options(words):
    """(long, short) of the options offered after the words."""
    out = run("complete", str(len(words) + 1), "sked", *words, "--")
    longs = [l.split("\t")[0] for l in out.split("\n")[1:] if l]
    # The short letters, from --help's "  -x, --name" lines.
    shorts = dict(re.findall(r"^  (-\w), (--[\w-]+)",
                             run(*words, "--help"), re.M))
    return [(l, {v: k for k, v in shorts.items()}.get(l)) for l in longs]


page = open(f"{src}/man/sked.1", encoding="utf-8").read()
plain = page.replace("\\-", "-")
sections = dict(
    (m.group(1), m.group(2)) for m in
    re.finditer(r"^\.SH (.+?)\n(.*?)(?=^\.SH |\Z)", plain, re.M | re.S))
synopsis = sections["SYNOPSIS"]
commands_section = sections["COMMANDS"]

# SYNOPSIS blocks, separated by .br: the commands each names.
blocks = {}
for block in synopsis.split(".br\n"):
    words = re.findall(r"[\w-]+", re.sub(r"\\f[A-Z]", " ", block))
    for w in words:
        blocks.setdefault(w, "")
        blocks[w] += block

# COMMANDS entries: a .TP at the top level (outside .RS) whose tag names
# commands; each runs to the next.
entries = {}
depth, current, lines = 0, [], commands_section.split("\n")
for i, line in enumerate(lines):
    if line.startswith(".RS"):
        depth += 1
    elif line.startswith(".RE"):
        depth -= 1
    elif line == ".TP" and depth == 0 and i + 1 < len(lines):
        tag = re.sub(r"\\f[A-Z]|\[.*", " ", lines[i + 1])
        named = [w for w in re.findall(r"[\w-]+", tag) if w in commands]
        if named:
            current = named
            continue
    for c in current:
        entries[c] = entries.get(c, "") + line + "\n"

failures = 0


def fail(message):
    global failures
    failures += 1
    print("FAIL " + message)


common = {l for l, _ in options(["list"])} - {l for l, _ in
                                                 options(["check"])}
for cmd in commands:
    if cmd not in blocks:
        fail(f"sked {cmd} is not in SYNOPSIS")
    if cmd != "browse" and cmd not in entries:
        fail(f"sked {cmd} has no entry in COMMANDS")
    where = blocks.get(cmd, "") + entries.get(cmd, "")
    for long, short in options([cmd]):
        anywhere = cmd == "browse" or long in ("--help", "--timezone")
        text = plain if anywhere else where
        if not re.search(re.escape(long) + r"\b", text):
            fail(f"sked {cmd} {long} is not in sked(1)"
                 + ("" if anywhere else f" (SYNOPSIS or COMMANDS {cmd})"))
        if short and not re.search(re.escape(short) + r"\b", text):
            fail(f"sked {cmd} {short} is not in sked(1)")
for long, short in options([]):
    if not re.search(re.escape(long) + r"\b", plain):
        fail(f"sked {long} is not in sked(1)")
checked = len(commands)
print(f"{checked} commands checked, {failures} failed")
sys.exit(1 if failures else 0)
