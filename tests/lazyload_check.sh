#!/bin/sh
# libical and libxml2 are loaded when a command calls them, and only then
# (src/core/lazylib.c): glibc's LD_DEBUG=files names every object loaded,
# by dlopen too. A program read from its snapshot needs neither; a frab
# XML program parsed needs libxml2; an iCalendar export of a program in a
# zone needs libical (its VTIMEZONE); and a library that cannot be loaded
# stops the command with EX_UNAVAILABLE and a message naming it.
# usage: lazyload_check.sh SKED SRCDIR
set -u
sked=$1 src=$2
cd "$src" || exit 1
. "$(dirname "$0")/tally.sh"
private_xdg
unset LD_LIBRARY_PATH

# loads NAME ARGS...: sked's output in $tmp/NAME.out, the objects it
# loaded (their file names) in $tmp/NAME.libs.
loads() {
	name=$1
	shift
	LD_DEBUG=files "$sked" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
	sed -n 's/.*file=\([^ ]*\) .*/\1/p' "$tmp/$name.err" | sort -u >"$tmp/$name.libs"
	# The check of the check: LD_DEBUG works here (libc is always loaded).
	grep -q '^libc\.so' "$tmp/$name.libs" || bad "$name: LD_DEBUG=files names no libc"
}
lazy='^(libical|libxml2|libicu[a-z0-9]*|libstdc\+\+)\.so'

# Warm: the snapshot written, then, out of its racy window (2 s, as in
# snapshot_check.sh), restamped, and then read by its stat data alone.
cp tests/data/filters.yaml "$tmp/p.yaml"
"$sked" check -q "$tmp/p.yaml" || bad "sked check -q of a copy of filters.yaml"
cp data/lpc2023.yaml "$tmp/lpc.yaml"
cp tests/data/dst-ny.yaml "$tmp/dst.yaml"
for f in lpc dst; do
	"$sked" check -q "$tmp/$f.yaml" 2>/dev/null || bad "sked check -q of $f.yaml"
done
# The bundled LPC 2023, named by its id (below: a followed program's zone).
"$sked" check -q lpc2023 2>/dev/null || bad "sked check -q lpc2023"
sleep 3
"$sked" check -q "$tmp/p.yaml"
"$sked" check -q lpc2023 2>/dev/null
trace=$(SKED_CACHE_TRACE=1 "$sked" check -q "$tmp/p.yaml" 2>&1)
case $trace in
"sked: snapshot "*": used (stat)") ok ;;
*) bad "the snapshot is not read warm: $trace" ;;
esac
for cmd in "check -q" "search title:." "search kernel" "list"; do
	# $cmd is split on purpose.
	loads warm $cmd "$tmp/p.yaml"
	if [ "$(cat "$tmp/warm.rc")" != 0 ] && [ "$cmd" != "search kernel" ]; then
		bad "warm sked $cmd: exit $(cat "$tmp/warm.rc")"
	elif grep -Eq "$lazy" "$tmp/warm.libs"; then
		bad "warm sked $cmd loaded:" $(grep -E "$lazy" "$tmp/warm.libs")
	else
		ok
	fi
done

# Warm, a program in a zone other than UTC (LPC 2023, America/New_York):
# its snapshot holds the zone's offsets over its days (tz_supply), so no
# libical either, and the times printed are a cold run's to the byte.
# The test's TZ=UTC keeps the user's own zone (which may load libical)
# out of it. A program with sessions on a day with a transition in it
# (tests/data/dst-ny.yaml: the autumn change) may load libical for that
# day's times, and prints them as a cold run does too.
# (Copied, and their snapshots written, before the sleep above.)
for f in lpc dst; do
	"$sked" check -q "$tmp/$f.yaml" 2>/dev/null
	trace=$(SKED_CACHE_TRACE=1 "$sked" check -q "$tmp/$f.yaml" 2>&1 >/dev/null |
		grep '^sked: snapshot')
	case $trace in
	"sked: snapshot "*": used (stat)") ok ;;
	*) bad "the snapshot of $f.yaml is not read warm: $trace" ;;
	esac
	for cmd in "check -q" "list" "search title:kernel" "search room:stage" "list --day monday" \
		"list --format json" "list --day 2023-11-05"; do
		# $cmd is split on purpose.
		loads warm $cmd "$tmp/$f.yaml"
		SKED_NO_CACHE=1 "$sked" $cmd "$tmp/$f.yaml" >"$tmp/cold.out" 2>"$tmp/cold.err"
		echo $? >"$tmp/cold.rc"
		if ! cmp -s "$tmp/warm.rc" "$tmp/cold.rc"; then
			bad "$f.yaml: sked $cmd: exit $(cat "$tmp/warm.rc") warm, $(cat "$tmp/cold.rc") cold"
		elif ! cmp -s "$tmp/warm.out" "$tmp/cold.out"; then
			bad "$f.yaml: sked $cmd: warm output differs from cold:" \
				"$(diff "$tmp/cold.out" "$tmp/warm.out" | head -5)"
		else
			ok
		fi
		if [ "$f" = lpc ]; then
			if grep -Eq "$lazy" "$tmp/warm.libs"; then
				bad "warm sked $cmd of lpc2023.yaml loaded:" $(grep -E "$lazy" "$tmp/warm.libs")
			else
				ok
			fi
		fi
	done
done
# A followed program with a zone of its own (sked add --timezone): the
# list of followed programs is read by every command that names a
# program, and checking its zone's name must not load libical (it did:
# every warm command did, and failed with 69 where libical is broken).
mkdir -p "$tmp/config/sked"
printf '# sked programs 1\nfosdem http://127.0.0.1:9/f.xml Europe/Brussels\n' \
	>"$tmp/config/sked/programs"
loads zoned list lpc2023
if [ "$(cat "$tmp/zoned.rc")" != 0 ]; then
	bad "warm sked list lpc2023 with a zoned followed program: exit $(cat "$tmp/zoned.rc")"
elif grep -Eq "$lazy" "$tmp/zoned.libs"; then
	bad "warm sked list lpc2023 with a zoned followed program loaded:" \
		$(grep -E "$lazy" "$tmp/zoned.libs")
else
	ok
fi
# A zone no system has is still refused when the list is read.
printf '# sked programs 1\nfosdem http://127.0.0.1:9/f.xml Mars/Olympus\n' \
	>"$tmp/config/sked/programs"
"$sked" list lpc2023 >/dev/null 2>"$tmp/mars.err"
grep -q "Mars/Olympus is not a time zone sked knows" "$tmp/mars.err" && ok ||
	bad "a followed program's unknown zone: $(cat "$tmp/mars.err")"
rm "$tmp/config/sked/programs"

# The check of the check: the same commands cold load libical.
SKED_NO_CACHE=1 loads cold list "$tmp/lpc.yaml"
grep -q '^libical\.so\.3$' "$tmp/cold.libs" && ok ||
	bad "a cold sked list of lpc2023.yaml did not load libical"

# A frab XML program parsed (no snapshot): libxml2.
SKED_NO_CACHE=1 loads xml check tests/data/samples/frab-xml/fosdem-2021.xml
grep -q '^libxml2\.so\.2$' "$tmp/xml.libs" && ok ||
	bad "sked check of a frab XML program did not load libxml2"
# An export of a program in America/New_York: libical.
loads ics export --all -o "$tmp/lpc.ics" data/lpc2023.yaml
grep -q '^libical\.so\.3$' "$tmp/ics.libs" && ok ||
	bad "sked export --all did not load libical"
grep -q '^BEGIN:VTIMEZONE' "$tmp/lpc.ics" && ok || bad "sked export --all: no VTIMEZONE"

# libical that cannot be loaded, when a command first needs it: the
# message names it, and the exit status is EX_UNAVAILABLE (69).
mkdir "$tmp/lib"
echo 'not a library' >"$tmp/lib/libical.so.3"
LD_LIBRARY_PATH="$tmp/lib" "$sked" list "$tmp/p.yaml" >/dev/null 2>"$tmp/ok.err" &&
	[ ! -s "$tmp/ok.err" ] && ok || bad "warm sked list with a broken libical: $(cat "$tmp/ok.err")"
LD_LIBRARY_PATH="$tmp/lib" "$sked" list --tz Europe/Berlin "$tmp/p.yaml" \
	>/dev/null 2>"$tmp/fail.err"
rc=$?
[ "$rc" = 69 ] && ok || bad "sked list --tz with a broken libical: exit $rc"
grep -q "^sked: cannot load libical (libical\.so\.3): $tmp/lib/libical\.so\.3: " \
	"$tmp/fail.err" && ok || bad "sked list --tz with a broken libical said: $(cat "$tmp/fail.err")"
# sked --version, the command to diagnose it with, says so and goes on.
LD_LIBRARY_PATH="$tmp/lib" "$sked" --version >"$tmp/v.out" 2>"$tmp/v.err"
rc=$?
[ "$rc" = 0 ] && ok || bad "sked --version with a broken libical: exit $rc"
grep -q "^libical .* not loadable ($tmp/lib/libical\.so\.3: " "$tmp/v.out" &&
	grep -q '^libxml2 ' "$tmp/v.out" && ok ||
	bad "sked --version with a broken libical said: $(cat "$tmp/v.out" "$tmp/v.err")"

# libcurl that cannot be loaded fails the download, not sked: exit 75 and
# the loader's reason (fetch.c opens it with lazylib_try).
mkdir "$tmp/curllib"
echo 'not a library' >"$tmp/curllib/libcurl.so.4"
LD_LIBRARY_PATH="$tmp/curllib" "$sked" add http://127.0.0.1:9/x.json \
	>/dev/null 2>"$tmp/curl.err"
rc=$?
[ "$rc" = 75 ] &&
	grep -q "^sked: cannot load libcurl (libcurl\.so\.4): $tmp/curllib/libcurl\.so\.4: " \
		"$tmp/curl.err" && ok ||
	bad "sked add with a broken libcurl: exit $rc, $(cat "$tmp/curl.err")"

tally
