#!/bin/sh
# The program snapshot cache (snapshot.h) changes nothing but speed: for
# every bundled and sample program, `sked check` and `sked list --format
# json` say the same without the cache, on the run that writes the
# snapshot and on the run that uses it (SKED_CACHE_TRACE says which).
# Then a source whose stat data could be stale (written within 2 s of its
# snapshot: "racy") is hashed, one that could not is not read, a file
# changed in place with its size and mtime kept is parsed again, and a
# truncated, damaged or old-format snapshot is ignored.
# usage: snapshot_check.sh SKED SRCDIR
set -u
sked=$1 src=$2
cd "$src" || exit 1
. "$(dirname "$0")/tally.sh"
private_xdg

# run NAME ARGS...: stdout, stderr without the trace, and the trace.
run() {
	name=$1
	shift
	SKED_CACHE_TRACE=1 "$sked" "$@" >"$tmp/$name.out" 2>"$tmp/$name.all"
	echo $? >"$tmp/$name.rc"
	grep -v '^sked: snapshot ' "$tmp/$name.all" >"$tmp/$name.err"
	grep '^sked: snapshot ' "$tmp/$name.all" | sed 's/.*: //' >"$tmp/$name.trace"
}
same() {
	for x in out err rc; do
		cmp -s "$tmp/$1.$x" "$tmp/$2.$x" || { bad "$3: $x differs"; return; }
	done
	ok
}

used=0
for f in data/*.yaml tests/data/*.yaml tests/data/*.xml tests/data/ical/*.ics \
	tests/data/samples/*/*.json tests/data/samples/*/*.xml \
	tests/data/samples/*/*.ics; do
	for cmd in check list; do
		set -- check "$f"
		[ $cmd = list ] && set -- list --format json "$f"
		SKED_NO_CACHE=1 run cold "$@"
		run write "$@"
		run warm "$@"
		same cold write "$f $cmd (writing)"
		same cold warm "$f $cmd (from the snapshot)"
		if [ "$(cat "$tmp/cold.rc")" = 0 ]; then
			if grep -Eqx 'used \((stat|hash)\)' "$tmp/warm.trace"; then
				used=$((used + 1)); ok
			else
				bad "$f $cmd: snapshot not used: $(cat "$tmp/warm.trace")"
			fi
		elif grep -qx written "$tmp/write.trace"; then
			bad "$f $cmd: snapshot of a file that does not load"
		fi
	done
done
[ $used -ge 20 ] && ok || bad "only $used programs from snapshots"

# A file copied elsewhere: its own snapshot, its own name in messages.
cp tests/data/samples/ical/kielux-2020.ics "$tmp/k.ics"
run abs check "$tmp/k.ics"
SKED_NO_CACHE=1 run absc check "$tmp/k.ics"
same absc abs "a file under another name"

# A YAML file is streamed, 64 KiB at a time: one of whole pieces (the
# last read finds nothing) has the key of the file in memory, which the
# warm load just after (racy: the file hashed) finds its own.
# The piece's size, LOAD_PIECE, as src/core/load_source.h says.
shift=$(sed -n 's/^enum { LOAD_PIECE = 1 << \([0-9]*\) };$/\1/p' src/core/load_source.h)
[ -n "$shift" ] || bad "no LOAD_PIECE in src/core/load_source.h"
two=$((2 << ${shift:-16}))
cp data/lpc2023.yaml "$tmp/w.yaml"
pad=$((two - $(stat -c %s "$tmp/w.yaml")))
{ printf '#'; head -c $((pad - 2)) /dev/zero | tr '\0' x; echo; } >>"$tmp/w.yaml"
[ "$(stat -c %s "$tmp/w.yaml")" = "$two" ] || bad "w.yaml not of 2 pieces"
run w1 check "$tmp/w.yaml"
grep -qx written "$tmp/w1.trace" && ok || bad "w.yaml: $(cat "$tmp/w1.trace")"
run w2 check "$tmp/w.yaml"
grep -qx 'used (hash)' "$tmp/w2.trace" && ok || bad "w.yaml: $(cat "$tmp/w2.trace")"
same w1 w2 "w.yaml"

# A file just written: racy, so hashed; changed in place within the racy
# window (same size, mtime set back, other bytes): stale by its ctime.
cp data/lpc2023.yaml "$tmp/p.yaml"
cp -p "$tmp/p.yaml" "$tmp/ref"
ino=$(stat -c %i "$tmp/p.yaml")
run a list --format json "$tmp/p.yaml"
grep -qx written "$tmp/a.trace" && ok || bad "p.yaml: $(cat "$tmp/a.trace")"
run b list --format json "$tmp/p.yaml"
grep -qx 'used (hash)' "$tmp/b.trace" && ok || bad "racy p.yaml: $(cat "$tmp/b.trace")"
same a b "racy p.yaml"
sed 's/title: "Detecting failed device probes"/title: "Detecting failed device pr0bes"/' \
	"$tmp/ref" >"$tmp/p.new"
cmp -s "$tmp/ref" "$tmp/p.new" && bad "the edit changed nothing"
sed 's/pr0bes"/pr1bes"/' "$tmp/p.new" >"$tmp/p.new2"
# rewrite NEW: NEW's bytes in p.yaml (the same inode), its mtime set back.
rewrite() {
	cat "$1" >"$tmp/p.yaml"
	touch -r "$tmp/ref" "$tmp/p.yaml"
	[ "$(stat -c %s.%y.%i "$tmp/p.yaml")" = "$(stat -c %s.%y "$tmp/ref").$ino" ] ||
		bad "size, mtime or inode not kept"
}
rewrite "$tmp/p.new"
run c list --format json "$tmp/p.yaml"
grep -qx stale "$tmp/c.trace" && ok || bad "changed file: $(cat "$tmp/c.trace")"
grep -q 'device pr0bes' "$tmp/c.out" && ok || bad "changed file: old program shown"

# 2 s later the same file is no longer racy: hashed once more, its
# snapshot restamped, then used on its stat data alone.
sleep 3
run d list --format json "$tmp/p.yaml"
[ "$(cat "$tmp/d.trace")" = "used (hash)
restamped" ] && ok || bad "restamp: $(cat "$tmp/d.trace")"
run e list --format json "$tmp/p.yaml"
grep -qx 'used (stat)' "$tmp/e.trace" && ok || bad "not racy: $(cat "$tmp/e.trace")"
same c e "p.yaml from its stat data"
# Changed in place again (size and mtime kept): its ctime says so.
rewrite "$tmp/p.new2"
run c list --format json "$tmp/p.yaml"
grep -qx stale "$tmp/c.trace" && ok || bad "changed, not racy: $(cat "$tmp/c.trace")"
grep -q 'device pr1bes' "$tmp/c.out" && ok || bad "changed, not racy: old program shown"

# A snapshot of format version 1, in place of this one: stale, replaced.
snap=$(sed -n 's/^sked: snapshot \(.*\): .*/\1/p' "$tmp/c.all" | head -n 1)
cp "$snap" "$tmp/v2.snap"
cp tests/data/snapshot/v1-fields.yaml.snap "$snap"
run v list --format json "$tmp/p.yaml"
[ "$(cat "$tmp/v.trace")" = "stale
written" ] && ok || bad "version 1: $(cat "$tmp/v.trace")"
same c v "p.yaml with a version 1 snapshot"

# Damaged snapshots: ignored, the file parsed, the same output.
snap=$(sed -n 's/^sked: snapshot \(.*\): .*/\1/p' "$tmp/c.all" | head -n 1)
cp "$snap" "$tmp/good.snap"
size=$(stat -c %s "$snap")
for cut in 0 7 151 152 $((size / 2)) $((size - 1)); do
	head -c $cut "$tmp/good.snap" >"$snap"
	run t list --format json "$tmp/p.yaml"
	grep -qx 'corrupt, ignored' "$tmp/t.trace" && ok ||
		bad "truncated at $cut: $(cat "$tmp/t.trace")"
	same c t "truncated at $cut"
done
for at in 160 $((size / 3)) $((size - 2)); do
	cp "$tmp/good.snap" "$snap"
	printf '\377' | dd of="$snap" bs=1 seek=$at conv=notrunc 2>/dev/null
	run t list --format json "$tmp/p.yaml"
	grep -qx 'corrupt, ignored' "$tmp/t.trace" && ok ||
		bad "byte $at flipped: $(cat "$tmp/t.trace")"
	same c t "byte $at flipped"
done

# Another build of the same version (its GNU build id differs; here a copy
# without one): its snapshot is stale to this build, and replaced.
if command -v objcopy >/dev/null; then
	objcopy --remove-section .note.gnu.build-id "$sked" "$tmp/other-sked"
	cp data/lpc2019.yaml "$tmp/b.yaml"
	SKED_CACHE_TRACE=1 "$tmp/other-sked" check -q "$tmp/b.yaml" 2>"$tmp/o.all"
	grep -q ': written$' "$tmp/o.all" && ok || bad "other build: $(cat "$tmp/o.all")"
	run o2 check -q "$tmp/b.yaml"
	grep -qx stale "$tmp/o2.trace" && grep -qx written "$tmp/o2.trace" && ok ||
		bad "another build's snapshot: $(cat "$tmp/o2.trace")"
	run o3 check -q "$tmp/b.yaml"
	grep -Eqx 'used \((stat|hash)\)' "$tmp/o3.trace" && ok ||
		bad "rewritten snapshot: $(cat "$tmp/o3.trace")"
else
	bad "objcopy (binutils) is missing"
fi

# SKED_NO_CACHE: nothing read, nothing written.
rm -rf "$XDG_CACHE_HOME"
SKED_NO_CACHE=1 run n check data/lpc2022.yaml
[ ! -e "$XDG_CACHE_HOME" ] && [ ! -s "$tmp/n.trace" ] && ok ||
	bad "SKED_NO_CACHE=1 wrote a snapshot"

tally
