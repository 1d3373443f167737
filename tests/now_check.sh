#!/bin/sh
# sked now: the status-bar line at exact times (tests/data/now.yaml, in
# Europe/Berlin across the end of summer time), stars, the formats' escapes
# (a title must not restyle tmux's or polybar's bar, nor run a command),
# empty output outside the conference, --now in each program's zone, bad
# options.
# usage: now_check.sh SKED SRCDIR
set -u
sked=$1 src=$2
cd "$src" || exit 1
. "$(dirname "$0")/tally.sh"
export XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" TZ=UTC
f=tests/data/now.yaml
# expect WANT-RC WANT-OUTPUT ARGS...
expect() {
	want_rc=$1 want=$2
	shift 2
	got=$("$sked" now "$@" 2>"$tmp/err")
	rc=$?
	if [ "$rc" = "$want_rc" ] && [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL sked now $*"
		echo "  want ($want_rc): $want"
		echo "  got  ($rc): $got"
		sed 's/^/  stderr: /' "$tmp/err"
	fi
}
long='Escapes � and a very long title that go… · Hall A'
two='Short #[fg=red]#(touch /tmp/sked-pwned)… · Room #2 %{F#f00}'

# --all: what runs (the one ending first, +1 more) and what comes.
expect 0 "$two, 5 min left (+1) | next: $long, at 14:00" \
	--all --now "2023-10-28 10:40" $f
# The end is not part of a session: at 10:45 only Opening runs.
expect 0 "Opening · Hall A, 15 min left | next: $long, at 14:00" \
	--all --now "2023-10-28 10:45" $f
# Under an hour to go: minutes; a started minute counts.
expect 0 "next: $long, in 30 min" --all --now "2023-10-28 13:30" $f
# Another day: its weekday and time, after the clocks went back.
expect 0 "$long, 20 min left | next: Sunday after the clocks went back · Hall A, Sun 09:00" \
	--all --now "2023-10-28 14:10" $f
expect 0 "next: Sunday after the clocks went back · Hall A, in 1 min" \
	--all --now "2023-10-29 08:59" $f
# In another zone (--tz), the later day's time is that zone's.
expect 0 "next: Sunday after the clocks went back · Hall A, Sun 08:00" \
	--all --now "2023-10-28 15:00" --tz UTC $f
# Outside the conference: nothing, exit 0 (before and after).
expect 0 "" --all --now "2023-10-27 23:59" $f
expect 0 "" --all --now "2023-10-30 00:00" $f
expect 0 "" --all --now "2023-10-30 00:00" --format json $f

# --now is a wall time in each program's zone (Berlin's and New York's
# 10:10 both), whatever the order: New York's keynote ends first, Berlin's
# next talk starts first.
g=tests/data/now-ny.yaml
both="New York keynote · Stage, 20 min left (+1) | next: $two, in 20 min"
expect 0 "$both" --all --now "2023-10-28 10:10" $f $g
expect 0 "$both" --all --now "2023-10-28 10:10" $g $f
# At 11:50 Berlin's day is over until 14:00; New York's lunch is closer.
expect 0 "next: Lunch in Manhattan · Stage, in 10 min" \
	--all --now "2023-10-28 11:50" $f $g
expect 0 "next: Lunch in Manhattan · Stage, in 10 min" \
	--all --now "2023-10-28 11:50" $g $f

# Without --all, only the starred sessions; none starred: nothing.
expect 0 "" --now "2023-10-28 10:40" $f
"$sked" star $f s1 s4 2>/dev/null
expect 0 "Opening · Hall A, 20 min left | next: Sunday after the clocks went back · Hall A, Sun 09:00" \
	--now "2023-10-28 10:40" $f

# The formats: tmux doubles '#', polybar '%', JSON escapes and classes.
expect 0 "Short ##[fg=red]##(touch /tmp/sked-pwned)… · Room ##2 %{F##f00}, 5 min left (+1) | next: Escapes � and a very long title that go… · Hall A, at 14:00" \
	--all --now "2023-10-28 10:40" --format tmux $f
expect 0 "Short #[fg=red]#(touch /tmp/sked-pwned)… · Room #2 %%{F#f00}, 5 min left (+1) | next: Escapes � and a very long title that go… · Hall A, at 14:00" \
	--all --now "2023-10-28 10:40" --format polybar $f
expect 0 '{"text":"next: Escapes � a… · Hall A, in 1 min","class":"next"}' \
	--all --now "2023-10-28 13:59" --format json -w 12 $f
expect 0 '{"text":"Opening · Hall A, 20 min left | next: Sunday after the clocks went back · Hall A, Sun 09:00","class":"running"}' \
	--now "2023-10-28 10:40" --format json $f
# waybar reads text as Pango markup: &, < and > go as entities (the text
# and tmux formats keep them as they are).
expect 0 '{"text":"next: Q&amp;A &lt;span color='"'red'"'&gt;x&lt;/span&gt; · Stage, in 10 min","class":"next"}' \
	--all --now "2023-10-28 14:50" --format json tests/data/now-ny.yaml
expect 0 "next: Q&A <span color='red'>x</span> · Stage, in 10 min" \
	--all --now "2023-10-28 14:50" --format tmux tests/data/now-ny.yaml
# No control character reaches the bar, whatever the format.
for fmt in text tmux polybar json; do
	if "$sked" now --all --now "2023-10-28 13:30" --format $fmt $f |
		LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
		fail=$((fail + 1)); echo "FAIL control character in --format $fmt"
	else
		pass=$((pass + 1))
	fi
done

# Bad options: usage errors.
expect 64 "" --now "tomorrow" $f
expect 64 "" --format xml $f
expect 64 "" --width 3 $f
expect 64 "" --tz Mars/Olympus $f

tally
