#!/bin/sh
# The man pages render without a warning (groff -ww): a stray character or
# an unknown escape shows up here, not in a user's terminal.
# usage: man_check.sh SRC
set -eu
status=0
for page in "$1"/man/sked.1 "$1"/man/sked.5; do
	out=$(groff -ww -z -man "$page" 2>&1) || status=1
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		status=1
	fi
done
exit $status
