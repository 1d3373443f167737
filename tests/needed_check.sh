#!/bin/sh
# sked is not linked with libical nor libxml2 (src/core/lazylib.c opens
# them on first use), nor with what they bring: ICU and libstdc++, whose
# relocations were most of the start-up of every command.
# usage: needed_check.sh SKED
set -u
needed=$(readelf -d "$1") || { echo "FAIL: readelf -d $1"; exit 1; }
# The check of the check: the list read is a dynamic executable's.
printf '%s\n' "$needed" | grep -q 'NEEDED.*\[libc\.so' ||
	{ echo "FAIL: no NEEDED libc in readelf -d $1: not what was meant"; exit 1; }
bad=$(printf '%s\n' "$needed" | grep NEEDED |
	grep -E '\[(libical|libxml2|libicu[a-z0-9]*|libstdc\+\+)\.so')
if [ -n "$bad" ]; then
	echo "FAIL: $1 is linked with what lazylib.c opens on first use:"
	printf '%s\n' "$bad"
	exit 1
fi
echo "ok: no NEEDED libical, libxml2, ICU or libstdc++"
