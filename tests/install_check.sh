#!/bin/sh
# meson install puts everything in place under the prefix, and the sked
# installed runs from anywhere: installed with --destdir into a temporary
# root (so under no prefix it was built for), it finds its bundled data
# beside it. Also sked --version, of the installed sked.
# usage: install_check.sh BUILDDIR VERSION PREFIX BINDIR DATADIR MANDIR BASHDIR
#        FISHDIR
set -u
build=$1 version=$2 prefix=$3 bindir=$4 datadir=$5 mandir=$6 bashdir=$7
fishdir=$8
. "$(dirname "$0")/tally.sh"
# Relative install dirs are under the prefix.
under() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }

if ! meson install -C "$build" --destdir "$tmp/root" --no-rebuild \
	>"$tmp/log" 2>&1; then
	cat "$tmp/log"
	echo "FAIL meson install"
	exit 1
fi
root=$tmp/root
sked=$root$(under "$bindir")/sked
share=$root$(under "$datadir")
man=$root$(under "$mandir")
bash_dir=$root$(under "$bashdir")
fish_dir=$root$(under "$fishdir")
for f in "$sked" "$man/man1/sked.1" "$man/man5/sked.5" \
	"$share/sked/lpc2019.yaml" "$share/sked/lpc2022.yaml" \
	"$share/sked/lpc2023.yaml" "$bash_dir/sked" \
	"$share/zsh/site-functions/_sked" \
	"$fish_dir/sked.fish"; do
	if [ -f "$f" ]; then ok; else bad "not installed: ${f#"$root"}"; fi
done
# The completions installed are what sked prints.
for shell in bash zsh fish; do
	case $shell in
	bash) f=$bash_dir/sked ;;
	zsh) f=$share/zsh/site-functions/_sked ;;
	fish) f=$fish_dir/sked.fish ;;
	esac
	if "$sked" completion $shell | cmp -s - "$f"; then ok
	else bad "$f is not sked completion $shell"; fi
done

# Run from elsewhere, with no SKED_DATA_DIR and nothing of the user's: the
# bundled programs are those installed beside the executable.
mkdir "$tmp/home"
run() {
	(cd / && env -u SKED_DATA_DIR HOME="$tmp/home" \
		XDG_DATA_HOME="$tmp/home/data" XDG_CONFIG_HOME="$tmp/home/config" \
		XDG_CACHE_HOME="$tmp/home/cache" "$sked" "$@")
}
out=$(run check 2>&1)
if printf '%s\n' "$out" | grep -qF "$share/sked/lpc2023.yaml: ok: lpc2023"; then ok
else bad "installed sked check: the installed data not found:"; echo "$out"; fi
out=$(run list lpc2023 --day mon 2>&1)
if printf '%s\n' "$out" | grep -qF "Monday 13 November 2023"; then ok
else bad "installed sked list lpc2023:"; echo "$out"; fi
out=$(run programs 2>&1)
if [ "$(printf '%s\n' "$out" | grep -c ', bundled$')" = 3 ]; then ok
else bad "installed sked programs:"; echo "$out"; fi

# sked --version: sked's version, then each library built with and
# running with.
out=$(run --version 2>&1)
if [ "$(printf '%s\n' "$out" | head -n 1)" = "sked $version" ]; then ok
else bad "--version's first line:"; echo "$out"; fi
lib() { # name pkg-config-module: built with = pkg-config's, and it runs
	name=$1 want=$(pkg-config --modversion "$2" 2>/dev/null)
	line=$(printf '%s\n' "$out" | grep "^$name ")
	set -- $line
	if [ "$#" -eq 3 ] && [ "$2" = "$want" ]; then ok
	else bad "--version: $name: expected built with $want and a running version, got '$line'"
	fi
}
lib libyaml yaml-0.1
lib libical libical
lib pcre2 libpcre2-8
lib libxml2 libxml-2.0
lib jansson jansson
lib ncursesw ncursesw
# utf8proc's pkg-config file lags its header (2.6.0 for 2.8.0 in Debian
# 12): the header's version is the one built with.
line=$(printf '%s\n' "$out" | grep '^utf8proc ')
set -- $line
if [ "$#" -eq 3 ] && [ "$2" = "$3" ]; then ok
else bad "--version: utf8proc: '$line'"; fi
if printf '%s\n' "$out" | grep -q "^libcurl .*loaded at the first download$"; then ok
else bad "--version: libcurl line:"; echo "$out"; fi
# The same libraries run as were built with here (one machine).
if [ "$(printf '%s\n' "$out" | awk 'NR > 3 && $1 != "libcurl" && $2 != $3' | wc -l)" = 0 ]; then ok
else bad "--version: a library runs in another version than built with:"; echo "$out"; fi

tally
