#!/bin/sh
# State safety. First, anywhere: `sked star` waiting for the agenda lock
# another process holds says so, and completes once it is released; an
# export to /dev/full (-o, or standard output) fails with the reason. Then
# on a real file system: a small tmpfs, filled up, then made read-only.
# Saving the agenda and exporting must fail with a clear message and exit
# 73, and leave every file already saved as it was, with no temporary file
# behind. That part needs root (mount); skipped (77) otherwise, also in CI,
# whose container may not grant mounts.
# usage: state_safety.sh SKED SRCDIR
set -u
sked=$1 src=$2
cd "$src" || exit 1
. tests/skip.sh
. "$(dirname "$0")/tally.sh"

# The lock held by a helper (an fcntl lock, as sked's) until a line comes
# on its FIFO.
export XDG_DATA_HOME="$tmp/locked"
mkdir -p "$XDG_DATA_HOME/sked"
mkfifo "$tmp/release"
: >"$tmp/holder"
python3 -c '
import fcntl, sys
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
open(sys.argv[2]).read()
' "$XDG_DATA_HOME/sked/lpc2023.agenda.lock" "$tmp/release" >"$tmp/holder" &
holder=$!
i=0
while ! grep -q locked "$tmp/holder" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$sked" star lpc2023 66 2>"$tmp/star.err" &
star=$!
sleep 2
if kill -0 $star 2>/dev/null; then ok; else bad "star did not wait for the lock"; fi
if grep -q "waiting for the agenda lock held by process $holder\.\.\." "$tmp/star.err"; then ok
else bad "star waiting for the lock said nothing"; cat "$tmp/star.err"; fi
echo >"$tmp/release"
wait $holder
wait $star
st=$?
if [ $st -eq 0 ] && grep -q "starred 1 session in lpc2023" "$tmp/star.err" &&
	grep -qx "66  # How to reduce complexity in Proxy Execution, Mon 13 November, 11:25–11:45 America/New_York" "$XDG_DATA_HOME/sked/lpc2023.agenda"; then ok
else bad "star after the lock was released: exit $st"; cat "$tmp/star.err"; fi

# An export that cannot be written, to a device (-o /dev/full) or to
# standard output (> /dev/full), fails with the reason: exit 73 and 74.
if [ -w /dev/full ]; then
	"$sked" export --all -o /dev/full data/lpc2023.yaml 2>"$tmp/err"
	st=$?
	if [ $st -eq 73 ] &&
		grep -q "cannot write /dev/full: No space left on device" "$tmp/err"; then ok
	else bad "export -o /dev/full: exit $st"; cat "$tmp/err"; fi
	"$sked" export --all data/lpc2023.yaml 2>"$tmp/err" >/dev/full
	st=$?
	if [ $st -eq 74 ] &&
		grep -q "writing the calendar failed: No space left on device" "$tmp/err"; then ok
	else bad "export >/dev/full: exit $st"; cat "$tmp/err"; fi
	# Every command that prints says so, as export does.
	"$sked" completion bash 2>"$tmp/err" >/dev/full
	st=$?
	if [ $st -eq 74 ] &&
		grep -q "writing the completion script failed" "$tmp/err"; then ok
	else bad "completion bash >/dev/full: exit $st"; cat "$tmp/err"; fi
	# ... with the reason, the help and the version too (an -h or
	# --version, and check, said nothing and exited 0).
	for args in "check data/lpc2023.yaml" "--help" "list --help" "-h" \
		"--version" "help list" "list lpc2023" "search kunit" "programs"; do
		# shellcheck disable=SC2086 # the words are the arguments
		"$sked" $args 2>"$tmp/err" >/dev/full
		st=$?
		if [ $st -eq 74 ] &&
			grep -q "failed: No space left on device" "$tmp/err"; then ok
		else bad "sked $args >/dev/full: exit $st"; cat "$tmp/err"; fi
	done
fi

# A file that exists in a directory no file can be made in (/proc): what
# failed is the file that would replace it, which the error names (it
# said "No such file or directory" of a file that is there).
if [ -f /proc/version ]; then
	"$sked" export --all -o /proc/version data/lpc2023.yaml 2>"$tmp/err"
	st=$?
	if [ $st -eq 73 ] && grep -q "cannot write /proc/version: cannot make \
the file that replaces it in /proc: " "$tmp/err"; then ok
	else bad "export -o /proc/version: exit $st"; cat "$tmp/err"; fi
fi

# An output that is an input is refused, and the input stays (through a
# link too); a query that matches nothing replaces no calendar.
cp data/lpc2023.yaml "$tmp/in.yaml"
cp "$tmp/in.yaml" "$tmp/in.before"
ln -s in.yaml "$tmp/link.yaml"
for out in "$tmp/in.yaml" "$tmp/link.yaml"; do
	"$sked" export --all -o "$out" "$tmp/in.yaml" 2>"$tmp/err"
	st=$?
	if [ $st -eq 64 ] && grep -q "that is the program lpc2023's file" "$tmp/err" &&
		cmp -s "$tmp/in.yaml" "$tmp/in.before"; then ok
	else bad "export -o its input $out: exit $st"; cat "$tmp/err"; fi
	"$sked" convert -o "$out" "$tmp/in.yaml" 2>"$tmp/err"
	st=$?
	if [ $st -eq 64 ] && grep -q "that is the file converted" "$tmp/err" &&
		cmp -s "$tmp/in.yaml" "$tmp/in.before"; then ok
	else bad "convert -o its input $out: exit $st"; cat "$tmp/err"; fi
done
echo "a calendar" >"$tmp/old.ics"
"$sked" export --query zzzzz -o "$tmp/old.ics" "$tmp/in.yaml" 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "no session matches: nothing exported" "$tmp/err" &&
	[ "$(cat "$tmp/old.ics")" = "a calendar" ]; then ok
else bad "export of a query matching nothing: exit $st"; cat "$tmp/err"; fi
# Nor does an agenda with nothing starred (the wrong program named), nor
# one with nothing scheduled starred: a calendar has only times.
"$sked" export -o "$tmp/old.ics" data/lpc2022.yaml 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "nothing starred in lpc2022: nothing exported" "$tmp/err" &&
	[ "$(cat "$tmp/old.ics")" = "a calendar" ]; then ok
else bad "export of an empty agenda: exit $st"; cat "$tmp/err"; fi
XDG_DATA_HOME="$tmp/unscheduled" "$sked" star data/lpc2023.yaml 226 2>/dev/null
XDG_DATA_HOME="$tmp/unscheduled" "$sked" export -o "$tmp/old.ics" \
	data/lpc2023.yaml 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "no scheduled session among the 1 to export: nothing exported" "$tmp/err" &&
	[ "$(cat "$tmp/old.ics")" = "a calendar" ]; then ok
else bad "export of an agenda of unscheduled sessions: exit $st"; cat "$tmp/err"; fi
mkdir -p "$tmp/gone/sked"
printf '# sked agenda 1 lpc2023\n9999\n' >"$tmp/gone/sked/lpc2023.agenda"
XDG_DATA_HOME="$tmp/gone" "$sked" export -o "$tmp/old.ics" data/lpc2023.yaml 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "1 starred session is no longer in lpc2023: nothing exported" "$tmp/err" &&
	[ "$(cat "$tmp/old.ics")" = "a calendar" ]; then ok
else bad "export of an agenda of stars gone: exit $st"; cat "$tmp/err"; fi

# A file named like a conference, where sked runs, is read in its place,
# and said to be.
mkdir "$tmp/here"
abs=$(cd "$(dirname "$sked")" && pwd)/$(basename "$sked")
: >"$tmp/err"
(cd "$tmp/here" && "$abs" export --all -o lpc2023 lpc2023 2>/dev/null &&
	"$abs" list lpc2023 >/dev/null 2>"$tmp/err")
if grep -q "lpc2023: the file of that name here is read, not the conference lpc2023" "$tmp/err"; then ok
else bad "a file named like a conference: nothing said"; cat "$tmp/err"; fi

fs=$tmp/fs
mkdir "$fs"
if ! mount -t tmpfs -o size=64k tmpfs "$fs" 2>/dev/null; then
	tally || exit 1
	skip "cannot mount a tmpfs here" "mounting needs root and a container that grants mounts"
fi
trap 'umount "$fs" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$fs/data" SOURCE_DATE_EPOCH=1700000000
agenda=$fs/data/sked/lpc2023.agenda

"$sked" star data/lpc2023.yaml 66 225 || bad "first star"
cp "$agenda" "$tmp/agenda.before"
"$sked" export -o "$fs/mine.ics" data/lpc2023.yaml 2>/dev/null || bad "first export"
cp "$fs/mine.ics" "$tmp/ics.before"

# Fill the file system to the last byte.
dd if=/dev/zero of="$fs/filler" bs=1024 count=1000 2>/dev/null
dd if=/dev/zero of="$fs/filler2" bs=1 count=100000 2>/dev/null

check_fails() { # what expected-text command...
	what=$1 text=$2
	shift 2
	"$@" >/dev/null 2>"$tmp/err"
	st=$?
	if [ "$st" -ne 73 ]; then
		bad "$what: exit $st, expected 73"; cat "$tmp/err"
	elif ! grep -q "$text" "$tmp/err"; then
		bad "$what: no clear message"; cat "$tmp/err"
	else
		ok
	fi
}
check_same() { # what saved-copy file
	if cmp -s "$2" "$3"; then ok; else bad "$1: $3 changed"; fi
	if ls -A "$(dirname "$3")" | grep -q 'sked-tmp'; then bad "$1: a temporary file was left"; else ok; fi
}

check_fails "star on a full disk" "cannot write $agenda: No space left on device" \
	"$sked" star data/lpc2023.yaml 215 114 115 197 272 194
check_same "star on a full disk" "$tmp/agenda.before" "$agenda"
check_fails "unstar on a full disk" "No space left on device" \
	"$sked" unstar data/lpc2023.yaml 66
check_same "unstar on a full disk" "$tmp/agenda.before" "$agenda"
check_fails "export on a full disk" "cannot write $fs/mine.ics: No space left on device" \
	"$sked" export --all -o "$fs/mine.ics" data/lpc2023.yaml
check_same "export on a full disk" "$tmp/ics.before" "$fs/mine.ics"

# Read-only: free the space first, so that only the read-only state fails.
rm -f "$fs/filler" "$fs/filler2"
mount -o remount,ro "$fs" || bad "remount read-only"
check_fails "star on a read-only file system" "Read-only file system" \
	"$sked" star data/lpc2023.yaml 215
check_same "star on a read-only file system" "$tmp/agenda.before" "$agenda"
check_fails "export on a read-only file system" "Read-only file system" \
	"$sked" export --all -o "$fs/mine.ics" data/lpc2023.yaml
check_same "export on a read-only file system" "$tmp/ics.before" "$fs/mine.ics"
# What was saved is still read as before.
"$sked" agenda data/lpc2023.yaml >"$tmp/agenda.out" 2>&1 &&
	grep -q "66) overlaps" "$tmp/agenda.out" && ok || bad "the agenda no longer reads"

tally
