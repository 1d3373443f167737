#!/bin/sh
# Issue 13's table, as one command:
#   meson test -C build --benchmark -v issue13
# For generated programs of 10,000 and 100,000 sessions (gen.py) and the
# largest published sample in tests/data/samples (as YAML, `sked convert`),
# each row of the issue's table compared as whole processes, alternating
# (compare.py: a warm-up of each, then seven pairs), and printed with the
# median ratio, the pairs' range, the peak RSS of each, the goal and PASS
# or FAIL:
#   check   `sked check -q F` against yaml-baseline F (bare libyaml), <= 1.2
#   search  `sked search WORD F` against `pcre2grep -i WORD F`, <= 2
#   title   `sked search title:WORD F` against `calcurse -Q --filter-pattern
#           WORD` over the same sessions imported into a calcurse data dir
#           (`calcurse -i` of `sked export --all F`), < 1
#   export  `sked export --all F` against export-baseline F (a libyaml walk
#           making libical VEVENTs, each written as made), <= 1.3; and sked's
#           peak RSS at most 2x the file's size
#   memory  `sked check`'s peak RSS over the file's size, <= 1.5; and the
#           same for a first open, which writes the snapshot (the largest
#           of three)
# Each of the first four twice: cold (SKED_NO_CACHE=1: the file parsed) and
# warm (its snapshot present, written by a warm-up run into a private
# XDG_CACHE_HOME, which the bench checks sked used). calcurse matches
# WORD case-sensitively, sked caselessly: the matches of each are printed.
# Generated inputs and the calcurse data dirs (importing 100,000 sessions
# takes calcurse minutes) are kept in DIR and made again only when their
# source changed; the snapshot cache is made anew each run. A row that
# misses its goal makes the exit status 1.
# usage: speed_bench.sh SKED COMPARE.PY MEASURE GEN.PY YAML-BASELINE
#                       EXPORT-BASELINE DIR SAMPLES [SETS...]
# SETS: numbers of generated sessions, and `sample`; default all three.
set -eu
sked=$1 compare=$2 measure=$3 gen=$4 yamlbase=$5 exportbase=$6 dir=$7 samples=$8
shift 8
sets=${*:-10000 100000 sample}
word=kernel
for tool in pcre2grep calcurse; do
	command -v $tool >/dev/null || { echo "speed_bench: $tool is missing (setup.sh installs it)"; exit 1; }
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd) # XDG directories are absolute, or ignored
table=$dir/table.md record=$dir/record.tsv
# Every run's own state: no user's cache, agenda or configuration.
rm -rf "$dir/xdg"
mkdir -p "$dir/xdg/cache" "$dir/xdg/data" "$dir/xdg/config" "$dir/xdg/state"
export XDG_CACHE_HOME="$dir/xdg/cache" XDG_DATA_HOME="$dir/xdg/data"
export XDG_CONFIG_HOME="$dir/xdg/config" XDG_STATE_HOME="$dir/xdg/state"
unset SKED_NO_CACHE SKED_CACHE_TRACE
status=0
printf '| program | work | cache | sked | reference | ratio | pairs | peak RSS sked | peak RSS reference | goal | |\n' >"$table"
printf '|---|---|---|---:|---:|---:|---:|---:|---:|---|---|\n' >>"$table"

mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

# verdict VALUE OP GOAL: $v is PASS or FAIL (and the status set). Not
# through $(...): a subshell could not set the status.
verdict() {
	if awk -v v="$1" -v g="$3" -v op="$2" \
		'BEGIN { exit !((op == "<=" && v <= g) || (op == "<" && v < g)) }'; then
		v=PASS
	else
		v=FAIL
		status=1
	fi
}

# per_file KIB: $per, KIB over the file's size.
per_file() {
	per=$(awk -v k="$1" -v b="$bytes" 'BEGIN { printf "%.2f", k * 1024 / b }')
}

# row NAME WORK CACHE OP GOAL A-CMD B-NAME B-CMD [RSS-GOAL]: one compare.py
# run; its table row, and with RSS-GOAL a row of sked's peak RSS over the
# file's size (the figures of the same runs).
row() {
	name=$1 work=$2 cache=$3 op=$4 goal=$5 acmd=$6 bname=$7 bcmd=$8
	rm -f "$record"
	echo "$name, $work ($cache):"
	if [ "$cache" = cold ]; then
		SKED_NO_CACHE=1 python3 "$compare" "$measure" --record "$record" \
			sked "$acmd" "$bname" "$bcmd"
	else
		python3 "$compare" "$measure" --record "$record" \
			sked "$acmd" "$bname" "$bcmd"
	fi
	IFS='	' read -r ta tb ratio lo hi ra rb <"$record"
	verdict "$ratio" "$op" "$goal"
	printf '| %s | %s | %s | %s ms | %s ms | %.2f | %.2f–%.2f | %s | %s | %s %s | %s |\n' \
		"$name" "$work" "$cache" "$ta" "$tb" "$ratio" "$lo" "$hi" \
		"$(mb "$ra")" "$(mb "$rb")" "$op" "$goal" $v >>"$table"
	if [ $# -ge 9 ]; then
		rss_row "$name" "$work: peak RSS / file" $cache "$ra" "$9"
	fi
}

# rss_row NAME WORK CACHE KIB GOAL: a row of KIB over the file's size.
rss_row() {
	per_file "$4"
	verdict "$per" "<=" "$5"
	printf '| %s | %s | %s | %s | %s file | %s | | | | <= %s | %s |\n' \
		"$1" "$2" "$3" "$(mb "$4")" "$(mb $((bytes / 1024)))" "$per" \
		"$5" $v >>"$table"
}

# both NAME WORK OP GOAL A-CMD B-NAME B-CMD [RSS-GOAL]: the row cold, then
# warm.
both() {
	row "$1" "$2" cold "$3" "$4" "$5" "$6" "$7" ${8:-}
	row "$1" "$2" warm "$3" "$4" "$5" "$6" "$7" ${8:-}
}

# calcurse_dir ICS DEST: DEST a calcurse data dir holding ICS's events,
# imported once; kept while the YAML it came from is unchanged.
calcurse_dir() {
	key=$(cksum <"$f")
	if [ ! -s "$2/stamp" ] || [ "$(cat "$2/stamp")" != "$key" ]; then
		echo "importing $(basename "$1") into calcurse (once; minutes at 100,000 sessions)"
		rm -rf "$2"
		mkdir -p "$2"
		calcurse -D "$2" -i "$1" >/dev/null
		echo "$key" >"$2/stamp"
	fi
}

# sessions QUERY: how many sessions of $f match (tsv: a line each, after
# the header).
sessions() {
	SKED_NO_CACHE=1 "$sked" search --format tsv "$1" "$f" | tail -n +2 | wc -l
}

echo "load average at the start: $(cat /proc/loadavg)"
for set in $sets; do
	if [ "$set" = sample ]; then
		# The largest schedule among the published samples.
		src=$(find "$samples" -path '*/schema' -prune -o -type f \
			\( -name '*.xml' -o -name '*.json' -o -name '*.ics' \) \
			-printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
		name=$(basename "$src")
		f=$dir/sample-${name%.*}.yaml
		[ -s "$f" ] && [ "$f" -nt "$src" ] ||
			SKED_NO_CACHE=1 "$sked" convert -o "$f" "$src" 2>/dev/null
	else
		name="$set sessions"
		f=$dir/gen-$set.yaml
		[ -s "$f" ] || python3 "$gen" "$set" >"$f"
	fi
	bytes=$(wc -c <"$f")
	echo
	echo "== $name: $(mb $((bytes / 1024))) of YAML ($(basename "$f")); load average $(cut -d' ' -f1-3 /proc/loadavg)"

	# The calcurse side of the title search, and the range it queries:
	# the conference's days, a day either side (calcurse reads times in
	# the local zone).
	ics=$dir/$(basename "$f" .yaml).ics
	SKED_NO_CACHE=1 "$sked" export --all -o "$ics" "$f" 2>/dev/null
	cal=$dir/calcurse-$(basename "$f" .yaml)
	calcurse_dir "$ics" "$cal"
	first=$(awk '/^conference:/ { c = 1; next } c && /^[^ ]/ { exit }
		c && $1 == "start:" { gsub(/"/, "", $2); print $2 }' "$f")
	last=$(awk '/^conference:/ { c = 1; next } c && /^[^ ]/ { exit }
		c && $1 == "end:" { gsub(/"/, "", $2); print $2 }' "$f")
	from=$(date -d "$first -1 day" +%F) to=$(date -d "$last +1 day" +%F)
	calq="calcurse -D $cal -Q --input-datefmt 4 --from $from --to $to --filter-pattern $word"
	echo "matches: sked search $word $(sessions "$word") sessions," \
		"pcre2grep -i $word $(pcre2grep -i -c "$word" "$f") lines," \
		"sked title:$word $(sessions "title:$word") sessions," \
		"calcurse $($calq | grep -c '^ - ') appointments"

	# The snapshot for the warm rows, and proof that it is used on the
	# file's stat data alone (a file written within 2 s of its snapshot
	# is hashed, once more, then its snapshot restamped: snapshot.h).
	# A file changed less than 2 s ago (a sample just converted) stays
	# racy however often it is loaded: let 3 s pass first.
	sleep 3
	"$sked" check -q "$f" >/dev/null 2>&1 || true
	"$sked" check -q "$f" >/dev/null 2>&1 || true
	SKED_CACHE_TRACE=1 "$sked" check -q "$f" 2>&1 >/dev/null | grep -q ': used (stat)$' ||
		{ echo "speed_bench: the snapshot of $f is not used; warm rows would be cold"; exit 1; }

	# memory after loading: the check's peak RSS over the file's size
	row "$name" check cold "<=" 1.2 "$sked check -q $f" libyaml "$yamlbase $f"
	rss_cold=$ra
	row "$name" check warm "<=" 1.2 "$sked check -q $f" libyaml "$yamlbase $f"
	rss_row "$name" "memory after loading (check)" cold "$rss_cold" 1.5
	rss_row "$name" "memory after loading (check)" warm "$ra" 1.5
	# What a user's first open of the file costs: no snapshot yet, and
	# one written (the cold rows' SKED_NO_CACHE writes none). A cache of
	# its own, empty, for each of three runs.
	rss_first=0
	for i in 1 2 3; do
		rm -rf "$dir/xdg/first"
		out=$(XDG_CACHE_HOME="$dir/xdg/first" "$measure" 1 "$sked" check -q "$f")
		[ -n "$(find "$dir/xdg/first" -name '*.snap')" ] ||
			{ echo "speed_bench: a first open of $f wrote no snapshot"; exit 1; }
		k=${out##* }
		[ "$k" -gt "$rss_first" ] && rss_first=$k
	done
	rm -rf "$dir/xdg/first"
	rss_row "$name" "memory of a first open (check, writing the snapshot)" first "$rss_first" 1.5
	both "$name" "search $word" "<=" 2 "$sked search $word $f" \
		"pcre2grep -i" "pcre2grep -i $word $f"
	both "$name" "search title:$word" "<" 1 "$sked search title:$word $f" \
		calcurse "$calq"
	both "$name" "export --all" "<=" 1.3 "$sked export --all $f" \
		libical "$exportbase $f" 2
	echo "load average after $name: $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo
echo "load average at the end: $(cat /proc/loadavg)"
echo "Issue 13's table (medians of 7 alternating pairs; times are the medians of each):"
cat "$table"
exit $status
