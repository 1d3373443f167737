/* tz: calendar dates, wall-clock times and IANA time zones (libical's
 * time-zone database). All instants are seconds since the Unix epoch, UTC. */
#ifndef SKED_TZ_H
#define SKED_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tz_date {
	int year, month, day; /* month 1-12, day 1-31 */
};

struct tz_wall {
	int year, month, day, hour, minute;
};

/* A time zone. Zones are looked up once and live until tz_cleanup(). */
struct tz_zone;

/* The IANA zone `name` ("Europe/Dublin", "UTC"), or NULL if libical's
 * database does not know it. A zone tz_supply() made is found by its
 * name without libical. */
const struct tz_zone *tz_find(const char *name);

/* Whether tz_find(name) has a zone to find, said without loading
 * libical (for a list of names checked where no time is converted):
 * "UTC", or a name with a zone file in tz_zone_dir(). tz_find may still
 * refuse a file libical cannot read. With no zoneinfo directory (a
 * libical with zone data of its own), tz_find's answer. */
bool tz_name_exists(const char *name);

/* The offset of a zone over one UTC day, as a snapshot keeps it. */
struct tz_day {
	int64_t day;  /* days since 1970-01-01 (UTC) */
	int offset;   /* seconds east of UTC at the day's first second */
	bool uniform; /* the offset holds to its last second (no transition) */
};
/* The UTC day of instant t (seconds since the epoch): days since
 * 1970-01-01, rounded down, before 1970 too. */
int64_t tz_utc_day(int64_t t);
/* The offset of z over UTC day `day` (libical's, for a day not known).
 * z is a zone tz_find() or tz_supply() made: not the C library's
 * (tz_local), which a snapshot does not keep. */
void tz_day_of(const struct tz_zone *z, int64_t day, struct tz_day *out);

/* What tells versions of a zone's data apart: the stat data of the
 * zoneinfo file libical reads for it. A tzdata update replaces the file
 * (another inode, size or mtime, and a new ctime). */
struct tz_file {
	uint64_t size, ino, dev;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};
/* The directory libical 3 reads zones from: the first of its search
 * path (/usr/share/zoneinfo, /usr/lib/zoneinfo, /etc/zoneinfo,
 * /usr/share/lib/zoneinfo) that holds a readable zone.tab, as libical
 * looks for it (it does not read $TZDIR); NULL when none does. Found
 * without loading libical. */
const char *tz_zone_dir(void);
/* The stat data of zone `name`'s file under dir (stat: a link such as
 * US/Eastern is read through); false when there is none. */
bool tz_file_in(const char *dir, const char *name, struct tz_file *out);
bool tz_file_same(const struct tz_file *a, const struct tz_file *b);
/* The file z's data came from, as it was when z was looked up (before
 * libical read it) or supplied; false for UTC, the C library's zone, or
 * a zone whose file was not found. */
bool tz_file_of(const struct tz_zone *z, struct tz_file *out);
/* The zone `name` known without libical: days[0..n) (sorted by day, each
 * day once) are its offsets, computed from the zone data whose file had
 * the stat data *file. libical's zone is looked up only for what they do
 * not answer: a day not among them or with a transition in it, and what
 * needs the rules beyond them. The same zone tz_find() returns (it gets
 * the days when it does not have libical's zone yet). NULL when *file is
 * not the data this process reads the zone from (the file as it is now,
 * or as it was when the zone was made), or for "UTC" or a name no IANA
 * zone could have. */
const struct tz_zone *tz_supply(const char *name, const struct tz_file *file,
				const struct tz_day *days, size_t n);
/* The user's zone: $TZ, else /etc/localtime; never NULL. A $TZ that is
 * no zone at all (neither an IANA name, nor a zone file, nor a POSIX
 * rule such as "EST5EDT") is UTC, as the C library takes it. */
const struct tz_zone *tz_local(void);
/* That $TZ (tz_local() is called first), for a warning: the user meant
 * a zone and gets UTC. NULL when $TZ is unset or a zone. Valid until
 * tz_cleanup(). */
const char *tz_local_unusable(void);
/* The zone's IANA name, or "local" when only the C library knows it. */
const char *tz_name(const struct tz_zone *z);
/* The zone as a person reads it: its name, but for the fixed offsets
 * (Etc/GMT-1 is "UTC+01:00": POSIX's sign, which reads backwards). */
const char *tz_label(const struct tz_zone *z);
/* Frees every zone handed out; pointers from tz_find() die with it. */
void tz_cleanup(void);
/* The i-th of the zone names tz_find knows besides "UTC" (libical's
 * built-in zones: the system's zoneinfo), NULL past the last; for the
 * shell completions. Valid until tz_cleanup(). */
const char *tz_known_name(size_t i);

/* Converts a wall time in zone z to an instant. Returns false when the wall
 * time does not exist there (a daylight-saving gap); *t is then the instant
 * the zone's rules map it to. */
bool tz_to_utc(const struct tz_zone *z, const struct tz_wall *w, int64_t *t);

/* How often a wall time occurs in a zone. */
enum tz_occurs {
	TZ_ONCE,
	TZ_NEVER, /* in a gap (clocks go forward) */
	TZ_TWICE, /* in a repeated hour (clocks go back) */
};
/* tz_to_utc() that also says whether the wall time was in a gap or
 * ambiguous; *t is the same instant (for TZ_TWICE, the first occurrence). */
enum tz_occurs tz_resolve(const struct tz_zone *z, const struct tz_wall *w,
			  int64_t *t);
/* Whether the wall time of instant t occurs twice in z (an hour repeated
 * when clocks go back), so that it needs its offset to name t; *first
 * (when not NULL and it does): t is the first of the two. */
bool tz_repeated(const struct tz_zone *z, int64_t t, bool *first);
/* The wall time of instant t in zone z and its offset from UTC in seconds. */
void tz_from_utc(const struct tz_zone *z, int64_t t, struct tz_wall *w,
		 int *utc_offset);

/* The zone's offset from UTC at instant t, in seconds. */
int tz_offset(const struct tz_zone *z, int64_t t);
/* The first instant in (from, to] at which the zone's offset changes, or
 * -1 when it does not change there. Found to the second. */
int64_t tz_next_transition(const struct tz_zone *z, int64_t from, int64_t to);

/* Strict parsers; each returns false on anything but a valid value. */
bool tz_parse_date(const char *s, struct tz_date *d);            /* YYYY-MM-DD */
bool tz_parse_wall(const char *s, struct tz_wall *w);            /* YYYY-MM-DD[T ]HH:MM[:00] */
bool tz_parse_clock(const char *s, int *minutes);                /* HH:MM or H:MM */

/* A date of the years sked reads (TZ_YEAR_MIN to TZ_YEAR_MAX: a
 * conference's, with room for the zone data's) that exists. */
#define TZ_YEAR_MIN 1900
#define TZ_YEAR_MAX 2200
#define TZ_STR_(x) #x
#define TZ_STR(x) TZ_STR_(x)
#define TZ_YEARS TZ_STR(TZ_YEAR_MIN) "-" TZ_STR(TZ_YEAR_MAX)
bool tz_date_valid(int year, int month, int day);
/* For a message about a date s ("YYYY-..." or "YYYYMMDD..."): " (sked
 * reads the years 1900-2200)" when its year is out of them, else "". */
const char *tz_year_note(const char *s);
/* A wall time as seconds since 1970-01-01 00:00 of its own clock (the
 * instant it would be in UTC): wall - instant is a zone's offset. */
int64_t tz_wall_seconds(const struct tz_wall *w);
/* Days since 1970-01-01 (proleptic Gregorian) and back. */
int64_t tz_days_from_civil(int year, int month, int day);
void tz_civil_from_days(int64_t days, struct tz_date *d);
/* 0 = Monday ... 6 = Sunday. */
int tz_weekday(int64_t days);
const char *tz_weekday_name(int weekday);       /* "Monday" */
const char *tz_weekday_abbr(int weekday);       /* "Mon" */
const char *tz_month_name(int month);           /* "November" */
/* Parses a weekday name or abbreviation ("mon", "Monday"); -1 if none. */
int tz_parse_weekday(const char *s);

#endif
