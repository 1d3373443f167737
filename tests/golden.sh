#!/bin/sh
# Golden tests: sked's output (stdout and stderr) and exit status for each
# case of tests/golden/cases must equal tests/golden/NAME; and, apart from
# that recording, its stdout and stderr must meet the case's assertions
# (the indented lines under it; the file's head says which there are).
# --update rewrites the recordings, never the exit statuses or assertions.
# usage: golden.sh SKED SRCDIR [--update]
set -u
sked=$1 src=$2 update=${3:-}
cd "$src" || exit 1
. "$(dirname "$0")/tally.sh"
# The agenda cases share a private data directory, in the order listed;
# exports get a fixed DTSTAMP.
export XDG_DATA_HOME="$tmp/data" SOURCE_DATE_EPOCH=1700000000
# Nothing followed (the user's own programs stay out of the recordings).
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$tmp/data"

# Runs a case: once on a copy of the data directory with stdout and stderr
# apart (what the assertions read), then for the recording.
run_case() { # name status args
	name=$1 status=$2
	eval "set -- $3"
	rm -rf "$tmp/apart" && cp -a "$tmp/data" "$tmp/apart"
	XDG_DATA_HOME="$tmp/apart" TZ=UTC "$sked" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	tr -d '\r' <"$tmp/stdout" >"$tmp/stdout.lf"
	TZ=UTC "$sked" "$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$update" = --update ]; then
		cp "$tmp/out" "tests/golden/$name"
	fi
	if [ "$got" -ne "$status" ]; then
		echo "FAIL $name: exit $got, expected $status"; fail=$((fail + 1))
	elif ! diff -u "tests/golden/$name" "$tmp/out"; then
		echo "FAIL $name: output differs"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# Checks one assertion (KIND: TEXT) on the last case's output.
assert() { # name line
	kind=${2%%:*} text=${2#*:}
	text=${text# }
	case $kind in
	contains|lacks|count|empty) file=$tmp/stdout.lf ;;
	stderr-contains|stderr-lacks|stderr-empty) file=$tmp/stderr ;;
	*) echo "FAIL $1: unknown assertion '$2'"; fail=$((fail + 1)); return ;;
	esac
	case $kind in
	contains|stderr-contains) grep -qF -- "$text" "$file" ;;
	lacks|stderr-lacks) ! grep -qF -- "$text" "$file" ;;
	count) [ "$(grep -cF -- "${text#* }" "$file")" = "${text%% *}" ] ;;
	empty|stderr-empty) [ ! -s "$file" ] ;;
	esac
	if [ $? -eq 0 ]; then
		pass=$((pass + 1))
		return
	fi
	echo "FAIL $1: $kind: $text"
	case $kind in count) echo "  (counted $(grep -cF -- "${text#* }" "$file"))" ;; esac
	case $kind in stderr-*) echo "  stderr was:" ;; *) echo "  stdout was:" ;; esac
	head -n 20 "$file" | sed 's/^/  | /'
	fail=$((fail + 1))
}

# Every case needs an assertion: a recording alone proves nothing.
assertions=-1 case_name=
case_done() {
	if [ "$assertions" -eq 0 ]; then
		echo "FAIL $case_name: no assertions in tests/golden/cases"; fail=$((fail + 1))
	fi
}
tab=$(printf '\t')
while IFS= read -r line; do
	case $line in
	'#'*|'') continue ;;
	' '*|"$tab"*)
		line=$(printf '%s' "$line" | sed 's/^[[:space:]]*//')
		if [ -z "$case_name" ]; then
			echo "FAIL: an assertion before any case: $line"; fail=$((fail + 1)); continue
		fi
		assert "$case_name" "$line"
		assertions=$((assertions + 1)) ;;
	*)
		case_done
		read -r case_name status args <<EOF
$line
EOF
		run_case "$case_name" "$status" "$args"
		assertions=0 ;;
	esac
done <tests/golden/cases
case_done

# To a terminal, text from the file is sanitized: no escape sequence, C1
# control or other control character of the file reaches it, nor a bidi
# control or invisible format character (U+202A-202E, U+2066-2069, U+200B,
# U+200E, U+200F, U+061C, U+FEFF), nor a CR but the one the pty puts
# before each LF. To a pipe, text output keeps the bytes, and JSON escapes
# them.
"$sked" star tests/data/hostile.yaml a b >/dev/null 2>&1
controls="$(printf '\033')\|$(printf '\302[\200-\237]')\|$(printf '\007')"
hidden="$(printf '\342\200[\213\216\217\252-\256]')\|$(printf '\342\201[\246-\251]')\|$(printf '\330\234')\|$(printf '\357\273\277')"
cr=$(printf '\r')
for cmd in "list" "list --format tsv" "search Title" "search Bidi" "search --format tsv Mallory" "agenda" "check"; do
	script -qec "$sked $cmd tests/data/hostile.yaml" /dev/null >"$tmp/tty" 2>&1
	# Nothing but the escapes the pty itself adds: no ESC, BEL, C1.
	if LC_ALL=C grep -q "$controls\|$hidden" "$tmp/tty" ||
	   sed "s/$cr\$//" "$tmp/tty" | LC_ALL=C grep -q "$cr" ||
	   { [ "$cmd" != check ] && ! grep -q "Title\|Mallory\|Bidi" "$tmp/tty"; } ||
	   { [ "$cmd" = list ] && ! grep -q "Bidi.* talk CRTITLE" "$tmp/tty"; }; then
		echo "FAIL tty-sanitize ($cmd): raw control bytes reached the terminal"; od -c "$tmp/tty" | head; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
# TSV to a pipe: every line break inside a field is a space, the ones
# other readers split lines at too (VT, FF, NEL, U+2028, U+2029: Python's
# splitlines() broke the rows on them).
cat >"$tmp/breaks.yaml" <<'YAML'
sked: 1
conference: {id: breaks, title: Breaks, timezone: UTC, start: 2024-01-01, end: 2024-01-01}
sessions:
  - {id: a, title: "One\vtwo\fthree\Nfour\Lfive\Psix", start: 2024-01-01T10:00, duration: 30}
YAML
"$sked" list --format tsv "$tmp/breaks.yaml" >"$tmp/breaks.tsv"
if LC_ALL=C grep -q "$(printf '\v')\|$(printf '\f')\|$(printf '\302\205')\|$(printf '\342\200[\250\251]')" "$tmp/breaks.tsv" ||
   ! grep -q "	One two three four five six	" "$tmp/breaks.tsv" ||
   [ "$(wc -l <"$tmp/breaks.tsv")" -ne 2 ]; then
	echo "FAIL tsv-line-breaks"; od -c "$tmp/breaks.tsv" | head; fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
# A file's name too: check's "FILE: ok:" line wrote it raw (a name with
# "ESC [2J" cleared the screen); the messages made it safe.
evil="$tmp/ok$(printf '\033')[2J.yaml"
cp data/lpc2023.yaml "$evil"
EVIL=$evil SKED=$sked script -qec '"$SKED" check "$EVIL"' /dev/null >"$tmp/tty" 2>&1
if LC_ALL=C grep -q "$controls" "$tmp/tty" || ! grep -q ": ok: lpc2023, " "$tmp/tty"; then
	echo "FAIL tty-sanitize (check's file name)"; od -c "$tmp/tty" | head; fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
rm -f "$evil"
# And an output's name in the line that says where it went (export,
# convert): it was written raw.
for cmd in "export --all" "convert"; do
	out="$tmp/out$(printf '\033')]0;PWNED$(printf '\007').ics"
	OUT=$out SKED=$sked CMD=$cmd script -qec '"$SKED" $CMD -o "$OUT" data/lpc2023.yaml' /dev/null >"$tmp/tty" 2>&1
	if LC_ALL=C grep -q "$controls" "$tmp/tty" || ! grep -q " to .*/out.*\.ics" "$tmp/tty" || [ ! -s "$out" ]; then
		echo "FAIL tty-sanitize ($cmd's output name)"; od -c "$tmp/tty" | head; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
	rm -f "$out"
done
# SOURCE_DATE_EPOCH past what a DTSTAMP can say (year 9999), or not a
# number: an error (exit 78), no calendar; the last second of 9999 is one.
for v in 253402300800 99999999999999 abc -5; do
	SOURCE_DATE_EPOCH=$v "$sked" export --all data/lpc2023.yaml >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ $got -ne 78 ] || [ -s "$tmp/out" ] || ! grep -q "SOURCE_DATE_EPOCH: expected seconds since 1970-01-01 .*got '$v'" "$tmp/err"; then
		echo "FAIL source-date-epoch $v: exit $got"; head -3 "$tmp/out" "$tmp/err"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
if SOURCE_DATE_EPOCH=253402300799 "$sked" export --all data/lpc2023.yaml 2>/dev/null | grep -q '^DTSTAMP:99991231T235959Z'; then
	pass=$((pass + 1))
else
	echo "FAIL source-date-epoch 253402300799"; fail=$((fail + 1))
fi
"$sked" list --format json tests/data/hostile.yaml >"$tmp/json"
if grep -q "$(printf '\033')" "$tmp/json" || ! grep -q '"Title \\u001b\]52;c;' "$tmp/json"; then
	echo "FAIL json-escape"; fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
# A conference id names a program of the data directory, by the id inside
# the file, not its name; an existing file of that name wins.
abs_sked=$(cd "$(dirname "$sked")" && pwd)/$(basename "$sked")
mkdir "$tmp/ids" && cp data/lpc2019.yaml "$tmp/ids/program-a.yaml" &&
	cp data/lpc2023.yaml "$tmp/ids/program-b.yaml" &&
	cp data/lpc2022.yaml "$tmp/ids/lpc2023" &&
	printf 'not a program\n' >"$tmp/ids/notes.yaml"
if (cd "$tmp/ids" && SKED_DATA_DIR=. "$abs_sked" check lpc2019 2>&1) | grep -qx "./program-a.yaml: ok: lpc2019, .*" &&
   (cd "$tmp/ids" && SKED_DATA_DIR=. "$abs_sked" list lpc2023 2>&1) | grep -q "^Linux Plumbers Conference 2022 (lpc2022)"; then
	pass=$((pass + 1))
else
	echo "FAIL conference-id: an id did not name its program, or a file of that name lost"; fail=$((fail + 1))
fi
# The complete example in sked(5) is a valid file.
sed -n '/^\.SH EXAMPLE/,/^\.EE/p' man/sked.5 | sed '1,2d;$d' >"$tmp/example.yaml"
if "$sked" check "$tmp/example.yaml" >/dev/null && grep -q '^  - id: "226"' "$tmp/example.yaml"; then
	pass=$((pass + 1))
else
	echo "FAIL man-example: the example in man/sked.5 does not load"; fail=$((fail + 1))
fi
tally
