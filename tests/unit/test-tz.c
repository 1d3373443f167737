/* Unit tests of tz: parsing, civil dates, and exact UTC instants through
 * libical's zone database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/format.h"
#include "sked/lazylib.h"
#include "sked/tz.h"

#ifndef SKED_SOURCE_ROOT
#define SKED_SOURCE_ROOT "."
#endif

/* 2023-11-05 00:00 UTC: New York's autumn change is at 06:00 UTC. */
enum { NOV5 = 19666 };

/* New York's offsets over UTC days 2023-11-01 to 2023-11-16, the autumn
 * change's day not uniform. */
static size_t
ny_days(struct tz_day *days)
{
	size_t n = 0;
	for (int64_t d = NOV5 - 4; d <= NOV5 + 11; d++)
		days[n++] = (struct tz_day){d, d <= NOV5 ? -4 * 3600 : -5 * 3600,
					    d != NOV5};
	return n;
}

/* A zone supplied with its days' offsets (what a snapshot hands tz)
 * converts on those days without libical, to the instant; a day it was
 * not given, or with a transition in it, is libical's. First of the
 * tests: nothing has opened libical yet. */
static void
test_supplied(void **state)
{
	(void)state;
	assert_false(lazylib_is_open(&lazylib_ical));
	const char *dir = tz_zone_dir();
	assert_non_null(dir);
	struct tz_file f, other;
	assert_true(tz_file_in(dir, "America/New_York", &f));
	struct tz_day days[16];
	size_t n = ny_days(days);
	/* Other zone data than the file's, or no zone at all: none. */
	other = f;
	other.mtime_nsec++;
	assert_null(tz_supply("America/New_York", &other, days, n));
	other = f;
	other.ino++;
	assert_null(tz_supply("America/New_York", &other, days, n));
	assert_null(tz_supply("../../etc/passwd", &f, days, n));
	assert_null(tz_supply("UTC", &f, days, n));
	assert_null(tz_supply("Mars/Olympus_Mons", &f, days, n));

	const struct tz_zone *ny = tz_supply("America/New_York", &f, days, n);
	assert_non_null(ny);
	assert_ptr_equal(tz_find("America/New_York"), ny);
	assert_string_equal(tz_name(ny), "America/New_York");
	struct tz_file of;
	assert_true(tz_file_of(ny, &of));
	assert_true(tz_file_same(&of, &f));
	/* LPC 2023 session 215: Mon 13 Nov 2023 09:40 EST = 14:40 UTC. */
	struct tz_wall w;
	int off;
	int64_t t;
	tz_from_utc(ny, 1699886400, &w, &off);
	assert_int_equal(w.year, 2023);
	assert_int_equal(w.month, 11);
	assert_int_equal(w.day, 13);
	assert_int_equal(w.hour, 9);
	assert_int_equal(w.minute, 40);
	assert_int_equal(off, -5 * 3600);
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 13, 9, 40}, &t),
			 TZ_ONCE);
	assert_int_equal(t, 1699886400);
	/* Two days before the change, 23:30 EDT: 03:30 UTC. */
	assert_true(tz_to_utc(ny, &(struct tz_wall){2023, 11, 3, 23, 30}, &t));
	assert_int_equal(t, (NOV5 - 1) * 86400LL + 3 * 3600 + 1800);
	tz_from_utc(ny, t, &w, &off);
	assert_int_equal(w.day, 3);
	assert_int_equal(w.hour, 23);
	assert_int_equal(off, -4 * 3600);
	char iso[32];
	format_iso8601(iso, ny, 1699886400);
	assert_string_equal(iso, "2023-11-13T09:40:00-05:00");
	struct tz_day d;
	tz_day_of(ny, NOV5 + 8, &d);
	assert_int_equal(d.offset, -5 * 3600);
	assert_true(d.uniform);
	/* None of that needed libical. */
	assert_false(lazylib_is_open(&lazylib_ical));

	/* The change's day: libical's, to the second around 06:00 UTC. */
	tz_from_utc(ny, NOV5 * 86400LL + 5 * 3600 + 1800, &w, &off);
	assert_true(lazylib_is_open(&lazylib_ical));
	assert_int_equal(w.hour, 1);
	assert_int_equal(w.minute, 30);
	assert_int_equal(off, -4 * 3600);
	tz_from_utc(ny, NOV5 * 86400LL + 6 * 3600 + 1800, &w, &off);
	assert_int_equal(w.hour, 1);
	assert_int_equal(w.minute, 30);
	assert_int_equal(off, -5 * 3600);
	/* Saturday 23:30 EDT, a day from the change (tz_resolve reads the
	 * offsets a day either side): 03:30 UTC. */
	assert_true(tz_to_utc(ny, &(struct tz_wall){2023, 11, 4, 23, 30}, &t));
	assert_int_equal(t, NOV5 * 86400LL + 3 * 3600 + 1800);
	tz_from_utc(ny, t, &w, &off);
	assert_int_equal(w.day, 4);
	assert_int_equal(w.hour, 23);
	assert_int_equal(off, -4 * 3600);
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 5, 1, 30}, &t),
			 TZ_TWICE);
	assert_int_equal(t, 1699162200); /* 05:30 UTC, EDT */
	assert_int_equal(tz_next_transition(ny, (NOV5 - 2) * 86400LL,
					    (NOV5 + 2) * 86400LL),
			 NOV5 * 86400LL + 6 * 3600);
	/* Days it was not given, with the rules: the spring change. */
	assert_false(tz_to_utc(ny, &(struct tz_wall){2024, 3, 10, 2, 30}, &t));
	assert_int_equal(t, 1710055800);
	tz_from_utc(ny, 1710055800, &w, &off);
	assert_int_equal(w.hour, 3);
	assert_int_equal(off, -4 * 3600);
	tz_cleanup();
}

/* The zone data's key: the directory is libical's own, and a file
 * replaced (as a tzdata update does: a new file renamed over it), even
 * with the same bytes, has another key. */
static void
test_zone_file(void **state)
{
	(void)state;
	assert_string_equal(tz_zone_dir(), icaltzutil_get_zone_directory());
	/* tz_find keys a zone by its file as it found it. */
	const struct tz_zone *ny = tz_find("America/New_York");
	struct tz_file a, b;
	assert_true(tz_file_of(ny, &a));
	assert_true(tz_file_in(tz_zone_dir(), "America/New_York", &b));
	assert_true(tz_file_same(&a, &b));
	assert_false(tz_file_of(tz_find("UTC"), &a));
	assert_false(tz_file_in(tz_zone_dir(), "Mars/Olympus_Mons", &a));
	assert_false(tz_file_in(tz_zone_dir(), "../zoneinfo/UTC", &a));

	char dir[] = "/tmp/sked-test-tz-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[64], path[96], tmp[96], cmd[1024];
	snprintf(sub, sizeof(sub), "%s/America", dir);
	snprintf(path, sizeof(path), "%s/New_York", sub);
	snprintf(tmp, sizeof(tmp), "%s/.New_York.new", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s/America/New_York' '%s'",
		 tz_zone_dir(), path);
	assert_int_equal(system(cmd), 0);
	assert_true(tz_file_in(dir, "America/New_York", &a));
	assert_true(tz_file_in(dir, "America/New_York", &b));
	assert_true(tz_file_same(&a, &b));
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && mv '%s' '%s'", path, tmp,
		 tmp, path);
	assert_int_equal(system(cmd), 0);
	assert_true(tz_file_in(dir, "America/New_York", &b));
	assert_false(tz_file_same(&a, &b));
	/* Rewritten in place, the same bytes, its mtime set back: its
	 * ctime tells. */
	a = b;
	snprintf(cmd, sizeof(cmd),
		 "cp '%s' '%s' && cat '%s' >'%s' && touch -m -d @%lld.%09lld '%s'",
		 path, tmp, tmp, path, (long long)a.mtime_sec,
		 (long long)a.mtime_nsec, path);
	assert_int_equal(system(cmd), 0);
	assert_true(tz_file_in(dir, "America/New_York", &b));
	assert_int_equal(b.ino, a.ino);
	assert_int_equal(b.mtime_sec, a.mtime_sec);
	assert_int_equal(b.mtime_nsec, a.mtime_nsec);
	assert_false(tz_file_same(&a, &b));
	unlink(tmp);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	tz_cleanup();
}

static void
test_parse(void **state)
{
	(void)state;
	struct tz_date d;
	struct tz_wall w;
	int m;
	assert_true(tz_parse_date("2023-11-13", &d));
	assert_int_equal(d.year, 2023);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 13);
	assert_true(tz_parse_date("2024-02-29", &d));
	assert_false(tz_parse_date("2023-02-29", &d));
	assert_false(tz_parse_date("2023-13-01", &d));
	assert_false(tz_parse_date("2023-11-13x", &d));
	assert_false(tz_parse_date("23-11-13", &d));
	assert_true(tz_parse_wall("2023-11-13T11:45", &w));
	assert_int_equal(w.hour, 11);
	assert_int_equal(w.minute, 45);
	assert_true(tz_parse_wall("2023-11-13 09:05:00", &w));
	assert_false(tz_parse_wall("2023-11-13T11:45:30", &w));
	assert_false(tz_parse_wall("2023-11-13T24:00", &w));
	assert_false(tz_parse_wall("2023-11-13T11:45Z", &w));
	assert_false(tz_parse_wall("2023-11-13T11:45-05:00", &w));
	assert_true(tz_parse_clock("04:00", &m));
	assert_int_equal(m, 240);
	assert_true(tz_parse_clock("4:30", &m));
	assert_int_equal(m, 270);
	assert_false(tz_parse_clock("", &m));
	assert_false(tz_parse_clock("4", &m));
	assert_false(tz_parse_clock("12:60", &m));
}

static void
test_civil(void **state)
{
	(void)state;
	assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(tz_days_from_civil(2023, 11, 13), 19674);
	/* An instant's UTC day, rounded down on both sides of 1970. */
	assert_int_equal(tz_utc_day(0), 0);
	assert_int_equal(tz_utc_day(86399), 0);
	assert_int_equal(tz_utc_day(-1), -1);
	assert_int_equal(tz_utc_day(-86400), -1);
	assert_int_equal(tz_utc_day(-86401), -2);
	assert_int_equal(tz_utc_day(19674 * 86400 + 3600), 19674);
	struct tz_date d;
	tz_civil_from_days(19674, &d);
	assert_int_equal(d.year, 2023);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 13);
	assert_int_equal(tz_weekday(19674), 0); /* a Monday */
	assert_string_equal(tz_weekday_name(tz_weekday(19676)), "Wednesday");
	assert_int_equal(tz_parse_weekday("wed"), 2);
	assert_int_equal(tz_parse_weekday("Monday"), 0);
	assert_int_equal(tz_parse_weekday("x"), -1);
}

static void
test_zones(void **state)
{
	(void)state;
	const struct tz_zone *ny = tz_find("America/New_York");
	assert_non_null(ny);
	assert_string_equal(tz_name(ny), "America/New_York");
	assert_null(tz_find("Mars/Olympus_Mons"));
	assert_null(tz_find("../../etc/passwd"));
	assert_null(tz_find(""));
	assert_non_null(tz_find("UTC"));

	/* LPC 2023 session 215: Mon 13 Nov 2023 09:40 EST = 14:40 UTC. */
	int64_t t;
	assert_true(tz_to_utc(ny, &(struct tz_wall){2023, 11, 13, 9, 40}, &t));
	assert_int_equal(t, 1699886400);
	/* LPC 2022 in Dublin, summer time: 09:00 IST = 08:00 UTC. */
	assert_true(tz_to_utc(tz_find("Europe/Dublin"),
			      &(struct tz_wall){2022, 9, 12, 9, 0}, &t));
	assert_int_equal(t, 1662969600);
	/* Back: 14:40 UTC is 23:40 in Tokyo, offset +9 h. */
	struct tz_wall w;
	int off;
	tz_from_utc(tz_find("Asia/Tokyo"), 1699886400, &w, &off);
	assert_int_equal(w.day, 13);
	assert_int_equal(w.hour, 23);
	assert_int_equal(w.minute, 40);
	assert_int_equal(off, 9 * 3600);
	/* A wall time in the spring-forward gap does not exist; it is read
	 * with the offset before the gap (RFC 5545): 02:30 EST = 07:30 UTC. */
	assert_false(tz_to_utc(ny, &(struct tz_wall){2024, 3, 10, 2, 30}, &t));
	assert_int_equal(t, 1710055800);
	/* An ambiguous one is its first occurrence: 01:30 EDT = 05:30 UTC. */
	assert_true(tz_to_utc(ny, &(struct tz_wall){2023, 11, 5, 1, 30}, &t));
	assert_int_equal(t, 1699162200);
	/* tz_resolve() says which case it was. */
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 5, 1, 30}, &t),
			 TZ_TWICE);
	assert_int_equal(t, 1699162200);
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 5, 1, 0}, &t),
			 TZ_TWICE);
	assert_int_equal(t, 1699160400); /* 05:00 UTC, not 06:00 */
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 5, 0, 59}, &t),
			 TZ_ONCE);
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 5, 2, 0}, &t),
			 TZ_ONCE);
	assert_int_equal(t, 1699167600); /* 02:00 EST = 07:00 UTC */
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2024, 3, 10, 2, 30}, &t),
			 TZ_NEVER);
	assert_int_equal(tz_resolve(ny, &(struct tz_wall){2023, 11, 13, 9, 40}, &t),
			 TZ_ONCE);
	/* tz_repeated() says it of an instant, and which of the two it is:
	 * 05:00 to 06:59 UTC is 01:00 to 01:59 twice (EDT, then EST). */
	bool first = false;
	assert_true(tz_repeated(ny, 1699162200, &first)); /* 01:30 EDT */
	assert_true(first);
	assert_true(tz_repeated(ny, 1699165800, &first)); /* 01:30 EST */
	assert_false(first);
	assert_true(tz_repeated(ny, 1699160400, NULL));   /* 01:00 EDT */
	assert_false(tz_repeated(ny, 1699160400 - 60, NULL)); /* 00:59 */
	assert_false(tz_repeated(ny, 1699167600, NULL));  /* 02:00 EST */
	assert_false(tz_repeated(ny, 1710055800, NULL));  /* 03:30 EDT */
	assert_false(tz_repeated(tz_find("UTC"), 1699162200, NULL));
	/* Dublin's winter time is a negative DST in the zone database:
	 * the offsets, not the flags, decide. */
	assert_int_equal(tz_resolve(tz_find("Europe/Dublin"),
				    &(struct tz_wall){2023, 10, 29, 1, 30}, &t),
			 TZ_TWICE);
	assert_int_equal(t, 1698539400); /* 00:30 UTC (IST) */
	/* The C library's zone (a POSIX rule libical does not know). */
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	const struct tz_zone *local = tz_local();
	assert_string_equal(tz_name(local), "local");
	assert_true(tz_to_utc(local, &(struct tz_wall){2023, 11, 13, 9, 40}, &t));
	assert_int_equal(t, 1699886400);

	char iso[32];
	format_iso8601(iso, ny, 1699886400);
	assert_string_equal(iso, "2023-11-13T09:40:00-05:00");
	format_iso8601(iso, tz_find("Asia/Kolkata"), 1699886400);
	assert_string_equal(iso, "2023-11-13T20:10:00+05:30");
	tz_cleanup();
}

/* A $TZ that is no zone is UTC, as the C library takes it, and said
 * (tz_local_unusable); a zone, a POSIX rule, a zone file are not. */
static void
test_local_unusable(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"Foo/Bar", "Europe/Berln", "CEST", ":Foo/Bar", "EST+", "AB5",
		"<+0>-3", "/nonexistent/zone", "/etc/hostname"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("TZ", bad[i], 1);
		const struct tz_zone *z = tz_local();
		assert_string_equal(tz_name(z), "UTC");
		assert_string_equal(tz_local_unusable(), bad[i]);
		assert_int_equal(tz_offset(z, 1700000000), 0);
		tz_cleanup();
	}
	static const struct {
		const char *tz, *name;
		int offset; /* at 2023-11-14 22:13:20 UTC */
	} good[] = {
		{"Europe/Berlin", "Europe/Berlin", 3600},
		{":Asia/Tokyo", "Asia/Tokyo", 32400},
		{"EST5EDT,M3.2.0,M11.1.0", "local", -18000},
		{"<+03>-3", "local", 10800},
		{"XYZ-5:30", "local", 19800},
		/* As glibc reads offsets: digits of any count, a blank
		 * after the sign. */
		{"XYZ-5:3", "local", 18180},
		{"EST5:30:0", "local", -19800},
		{"EST+ 5", "local", -18000},
		{"/usr/share/zoneinfo/Asia/Kolkata", "local", 19800},
		{"", "UTC", 0},
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		setenv("TZ", good[i].tz, 1);
		const struct tz_zone *z = tz_local();
		assert_string_equal(tz_name(z), good[i].name);
		assert_null(tz_local_unusable());
		assert_int_equal(tz_offset(z, 1700000000), good[i].offset);
		tz_cleanup();
	}
	unsetenv("TZ");
}


/* tz_from_utc keeps the offsets of recent days: every instant it converts
 * must read as libical itself reads it, across transitions (spring and
 * autumn, half-hour DST on Lord Howe, Kathmandu's +05:45), in zones whose
 * offset was seconds (Monrovia's -00:44:30 until 1972), and in any order
 * (a day's entry replaced by another day that maps to the same slot). */
static void
test_day_cache(void **state)
{
	(void)state;
	static const char *const zones[] = {
		"Europe/Dublin", "America/New_York", "Australia/Lord_Howe",
		"Asia/Kathmandu", "Africa/Monrovia", "Pacific/Apia",
		"America/St_Johns", "UTC"};
	static const int64_t starts[] = {
		-94694400,  /* 1967 */
		1635638400, /* 2021-10-31, Europe's autumn change */
		1710028800, /* 2024-03-10, America's spring change */
		4102444800, /* 2100 */
	};
	for (size_t zi = 0; zi < sizeof(zones) / sizeof(zones[0]); zi++) {
		const struct tz_zone *z = tz_find(zones[zi]);
		assert_non_null(z);
		icaltimezone *ical = strcmp(zones[zi], "UTC") == 0
			? icaltimezone_get_utc_timezone()
			: icaltimezone_get_builtin_timezone(zones[zi]);
		assert_non_null(ical);
		for (size_t si = 0; si < sizeof(starts) / sizeof(starts[0]); si++) {
			/* Steps of 37 minutes 13 seconds over 40 days, then
			 * the same instants backwards and 64 days apart. */
			for (int pass = 0; pass < 3; pass++) {
				for (int k = 0; k < 1550; k++) {
					int64_t t = pass == 0 ? starts[si] + k * 2233LL
						  : pass == 1 ? starts[si] + (1549 - k) * 2233LL
							      : starts[si] + (k % 7) * 64 * 86400LL + k;
					struct tz_wall w;
					tz_from_utc(z, t, &w, NULL);
					struct icaltimetype it = icaltime_from_timet_with_zone(
						(time_t)t, 0, ical);
					if (w.year != it.year || w.month != it.month ||
					    w.day != it.day || w.hour != it.hour ||
					    w.minute != it.minute)
						fail_msg("%s at %lld: %04d-%02d-%02d %02d:%02d, "
							 "libical %04d-%02d-%02d %02d:%02d",
							 zones[zi], (long long)t, w.year,
							 w.month, w.day, w.hour, w.minute,
							 it.year, it.month, it.day, it.hour,
							 it.minute);
				}
			}
		}
	}
}

/* A zone as a person reads it: the name, but a fixed offset says its
 * offset with the sign people use (Etc/GMT-1 is an hour east of UTC), and
 * converts as the name does. */
static void
test_labels(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"Etc/GMT-1", "UTC+01:00"},  {"Etc/GMT+5", "UTC-05:00"},
		{"Etc/GMT-14", "UTC+14:00"}, {"Etc/GMT+12", "UTC-12:00"},
		{"Etc/GMT", "Etc/GMT"},      {"Etc/GMT-0", "Etc/GMT-0"},
		{"Europe/Berlin", "Europe/Berlin"}, {"UTC", "UTC"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tz_zone *z = tz_find(cases[i][0]);
		assert_non_null(z);
		assert_string_equal(tz_label(z), cases[i][1]);
		assert_string_equal(tz_name(z), cases[i][0]);
	}
	int64_t t;
	struct tz_wall w = {2024, 6, 1, 12, 0};
	assert_true(tz_to_utc(tz_find("Etc/GMT-1"), &w, &t));
	assert_int_equal(t, 1717239600); /* 2024-06-01T11:00:00Z */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: it checks that libical is not opened. */
		cmocka_unit_test(test_supplied),
		cmocka_unit_test(test_zone_file),
		cmocka_unit_test(test_local_unusable),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_day_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
