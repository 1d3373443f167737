# Sourced by the shell test scripts: a scratch directory, $tmp, removed at
# exit; the tally of checks (ok, bad WHAT) and its closing line and status
# (tally); and, for the scripts that run sked on its own state, that state
# under $tmp (private_xdg).
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
tally() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
# sked's cache, data, state and configuration in $tmp, no
# SKED_NO_CACHE, and times read in UTC.
private_xdg() {
	export XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data" TZ=UTC
	export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config"
	unset SKED_NO_CACHE
}
