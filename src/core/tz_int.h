/* tz_int: what the time-zone module's files share (private to
 * src/core/tz.c, which looks zones up and keeps them: libical's database,
 * zone files, offsets supplied, the user's zone; and src/core/tz_time.c,
 * which converts between instants and wall times in a zone and does the
 * calendar's arithmetic). */
#ifndef SKED_TZ_INT_H
#define SKED_TZ_INT_H

#include <libical/ical.h>
#include <stdbool.h>
#include <stddef.h>

#include "sked/tz.h"

/* An entry of a zone's cache of days. */
struct tz_slot {
	struct tz_day d;
	bool valid; /* the entry holds a day */
};

enum { TZ_DAY_CACHE = 64 };

struct tz_zone {
	struct tz_zone *next;
	char *name;
	char *label; /* tz_label(): NULL when it is the name */
	/* NULL: UTC, the C library's zone, or a zone tz_supply() made whose
	 * libical zone has not been needed yet (tz_ical). */
	icaltimezone *ical;
	/* UTC, converted by arithmetic: libical's UTC zone costs 1.6 M
	 * instructions to get (it loads its list of builtin zones), a fifth
	 * of opening FOSDEM's program from its snapshot. */
	bool utc;
	bool local;    /* the C library's zone (tz_local) */
	bool has_file; /* file: the zone data's, when found */
	struct tz_file file;
	/* Offsets of UTC days given by tz_supply(), sorted by day: a warm
	 * load of a program in a zone needs no libical (nor ICU and
	 * libstdc++ behind it) to print its times. */
	struct tz_day *supplied;
	size_t n_supplied;
	/* Offsets of recent UTC days: libical's conversion costs thousands
	 * of instructions and a program's instants fall on a few days. */
	struct tz_slot days[TZ_DAY_CACHE];
};

#endif
