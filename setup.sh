#!/bin/sh
# setup.sh — set sked up on Debian 12 and run it or its tests.
#
#   ./setup.sh run     install missing packages, build, open LPC 2023
#   ./setup.sh test    install missing packages, build, run the whole suite
#                      (ordinary build, then a clang build with ASan, UBSan
#                      and libFuzzer, then a short pass of each fuzzer)
#   ./setup.sh build   install missing packages and build only
#
# Idempotent: installs only what is missing and reuses the build directories.
set -eu
cd "$(dirname "$0")"

action=${1:-run}
case "$action" in
run|test|build) ;;
*)
	echo "usage: ./setup.sh [run [FILE...]|test|build]" >&2
	exit 64
	;;
esac

# Build: compiler, meson, the libraries (utf8proc for Unicode folding,
# libxml2 and jansson for the published XML and JSON schedules, libcurl
# to download them), the zone database. Tests: cmocka; tmux and procps
# (pkill) for the terminal tests; Debian's python3 for the seed, terminal
# and output checks and the tests' HTTP server; pcre2grep for the search
# benchmark's comparison; python3-icalendar,
# calcurse and khal read the exported calendars; python3-yaml reads sked
# YAML independently in the import and convert checks (clang's tools
# happened to pull it in: named, not relied on); valgrind, and clang with
# its libFuzzer and sanitizer runtime for the hardened build.
PACKAGES="gcc pkg-config meson ninja-build libyaml-dev libical-dev libpcre2-dev
libncurses-dev libutf8proc-dev libcmocka-dev libxml2-dev libjansson-dev
libcurl4-openssl-dev ca-certificates tzdata groff-base binutils
python3 python3-yaml tmux procps pcre2-utils python3-icalendar calcurse khal valgrind clang libclang-rt-14-dev
zsh fish bash-completion"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "setup: installing Debian packages:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi

if [ ! -f build/build.ninja ]; then
	meson setup build
fi
meson compile -C build

case "$action" in
run)
	shift 2>/dev/null || true
	exec build/sked "${@:-data/lpc2023.yaml}"
	;;
test)
	status=0
	# 1. The suite in the ordinary build.
	meson test -C build --print-errorlogs || status=1
	# 2. The whole suite again, built by clang with ASan, UBSan and
	#    libFuzzer, failing on any report (leaks included), with a short
	#    pass of each fuzzer (SKED_FUZZ_SECONDS, 20 by default).
	if [ ! -f build-hardened/build.ninja ]; then
		CC=clang meson setup build-hardened -Dfuzz=true \
			-Dfuzz_seconds="${SKED_FUZZ_SECONDS:-20}" \
			-Db_sanitize=address,undefined -Db_lundef=false
	fi
	meson compile -C build-hardened
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
		meson test -C build-hardened --print-errorlogs || status=1
	# One closing line for people and CI: the counts of both runs.
	python3 - build/meson-logs/testlog.json build-hardened/meson-logs/testlog.json <<'PY'
import json, sys
r = [json.loads(l)["result"] for f in sys.argv[1:] for l in open(f) if l.strip()]
ok = sum(x in ("OK", "EXPECTEDFAIL") for x in r)
skip = sum(x == "SKIP" for x in r)
print(f"{ok} passed, {len(r) - ok - skip} failed, {skip} skipped")
PY
	exit $status
	;;
build)
	;;
esac
