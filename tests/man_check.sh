#!/bin/sh
# The man pages render without a warning (groff -ww): a stray character or
# an unknown escape shows up here, not in a user's terminal. And no words
# glued by a font macro (.BR alternates fonts with no space between its
# arguments: ".BR alarm ). Unscheduled sessions" renders as
# "alarm).Unscheduledsessions"): no letter right after a closing
# parenthesis and its punctuation, no lower-case run of 25 letters (with
# hyphenation off), no word parted from its colon or comma (a quote in
# a macro's argument: "class :").
# usage: man_check.sh SRC
set -eu
status=0
for page in "$1"/man/sked.1 "$1"/man/sked.5; do
	out=$(groff -ww -z -man "$page" 2>&1) || status=1
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		status=1
	fi
	glued=$(groff -man -Tutf8 -P-cbou -rHY=0 "$page" 2>/dev/null |
		grep -nE '[a-z]\)[.,;:]?[A-Za-z]|[a-z]{25}|[A-Za-z"] +[:;,]( |$)') ||
		true
	if [ -n "$glued" ]; then
		printf '%s: words glued together:\n%s\n' "$page" "$glued"
		status=1
	fi
done
exit $status
