# Sourced by the shell test scripts: the one way a test skips.
#
# skip WHY [WHY-NOT-IN-CI]: prints the reason and exits 77, meson's
# "skipped". In CI (CI=true in the environment) a skipped test is a test
# that never runs where everyone looks, so there it fails instead, unless
# the second argument says why it cannot run in CI either (it needs root or
# a mount a container does not grant, a build without sanitizers, ...).
skip() {
	if [ "${CI:-}" = true ] && [ -z "${2:-}" ]; then
		echo "FAIL: $1; in CI (CI=true) a test may not skip without saying why it cannot run there"
		exit 1
	fi
	echo "SKIP: $1${2:+ ($2)}"
	exit 77
}
