/* Times in a zone and the calendar: instants to wall times and back
 * (each zone's offsets by UTC day, kept in its cache, from the days
 * supplied or libical), transitions, gaps and repeated hours; dates,
 * weekdays and month names, and their parsers. */
#include "sked/tz.h"

#include <libical/ical.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tz_int.h"

/* libical's zone of z (not UTC nor the C library's), looked up when a
 * zone tz_supply() made first needs it. */
static icaltimezone *
tz_ical(struct tz_zone *z)
{
	if (z->ical == NULL) {
		z->ical = icaltimezone_get_builtin_timezone(z->name);
		icalerror_clear_errno();
		/* Its file was there, as it was when the offsets were
		 * computed, when tz_supply() checked: gone since, the
		 * offsets are UTC's rather than none. */
		if (z->ical == NULL)
			z->ical = icaltimezone_get_utc_timezone();
	}
	return z->ical;
}

int64_t
tz_wall_seconds(const struct tz_wall *w)
{
	return tz_days_from_civil(w->year, w->month, w->day) * 86400 +
	       (int64_t)w->hour * 3600 + (int64_t)w->minute * 60;
}

/* libical's wall time of instant t in zone, and (when off is not NULL)
 * the exact offset in seconds. */
static void
tz_ical_wall(icaltimezone *ical, int64_t t, struct tz_wall *w, int *off)
{
	struct icaltimetype it = icaltime_from_timet_with_zone((time_t)t, 0, ical);
	*w = (struct tz_wall){it.year, it.month, it.day, it.hour, it.minute};
	if (off != NULL)
		*off = (int)(tz_wall_seconds(w) + it.second - t);
}

static int64_t
tz_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t
tz_utc_day(int64_t t)
{
	return tz_floor_div(t, 86400);
}

/* The wall time of `local`, seconds since the epoch on the wall's clock. */
static void
tz_wall_of(int64_t local, struct tz_wall *w)
{
	int64_t days = tz_floor_div(local, 86400);
	int64_t secs = local - days * 86400;
	struct tz_date date;
	tz_civil_from_days(days, &date);
	*w = (struct tz_wall){date.year, date.month, date.day,
			      (int)(secs / 3600), (int)(secs % 3600 / 60)};
}

/* The offset of z (not the C library's zone) over UTC day `day`: from
 * the days supplied, else libical's offsets at its first and last
 * second. Offsets change at most a few times a year, never twice a day
 * (as tz_next_transition also relies on), and are kept to the second:
 * zones kept their local mean time, such as -00:44:30, into the 1970s. */
static void
tz_day_compute(struct tz_zone *z, int64_t day, struct tz_day *out)
{
	if (z->utc) {
		*out = (struct tz_day){day, 0, true};
		return;
	}
	size_t lo = 0, hi = z->n_supplied;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->supplied[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < z->n_supplied && z->supplied[lo].day == day) {
		*out = z->supplied[lo];
		return;
	}
	struct tz_wall scratch;
	int first, last;
	tz_ical_wall(tz_ical(z), day * 86400, &scratch, &first);
	tz_ical_wall(tz_ical(z), day * 86400 + 86399, &scratch, &last);
	*out = (struct tz_day){day, first, first == last};
}

/* Day `day` of z's cache, filled when it holds another. */
static const struct tz_day *
tz_cached_day(struct tz_zone *z, int64_t day)
{
	struct tz_slot *s = &z->days[(uint64_t)day % TZ_DAY_CACHE];
	if (!s->valid || s->d.day != day) {
		tz_day_compute(z, day, &s->d);
		s->valid = true;
	}
	return &s->d;
}

/* The wall time of t from the zone's cache of UTC days: true when t's day
 * has one offset from its first to its last second. */
static bool
tz_from_day_cache(struct tz_zone *z, int64_t t, struct tz_wall *w)
{
	if (z->utc) {
		tz_wall_of(t, w);
		return true;
	}
	const struct tz_day *d = tz_cached_day(z, tz_utc_day(t));
	if (!d->uniform)
		return false;
	tz_wall_of(t + d->offset, w);
	return true;
}

void
tz_day_of(const struct tz_zone *z, int64_t day, struct tz_day *out)
{
	*out = *tz_cached_day((struct tz_zone *)z, day);
}

void
tz_from_utc(const struct tz_zone *z, int64_t t, struct tz_wall *w,
	    int *utc_offset)
{
	if (z->local) {
		time_t tt = (time_t)t;
		struct tm tm;
		localtime_r(&tt, &tm);
		*w = (struct tz_wall){tm.tm_year + 1900, tm.tm_mon + 1,
				      tm.tm_mday, tm.tm_hour, tm.tm_min};
	} else if (!tz_from_day_cache((struct tz_zone *)z, t, w)) {
		tz_ical_wall(tz_ical((struct tz_zone *)z), t, w, NULL);
	}
	if (utc_offset != NULL) {
		/* Whole minutes: sessions start on minutes. */
		int64_t floor_t = t - ((t % 60) + 60) % 60;
		*utc_offset = (int)(tz_wall_seconds(w) - floor_t);
	}
}

int
tz_offset(const struct tz_zone *z, int64_t t)
{
	if (z->utc)
		return 0;
	if (!z->local) {
		/* A day of one offset in whole minutes: that offset, without
		 * the round trip through the wall time below (a session's
		 * placing asks four times). */
		const struct tz_day *d =
			tz_cached_day((struct tz_zone *)z, tz_utc_day(t));
		if (d->uniform && d->offset % 60 == 0)
			return d->offset;
	}
	struct tz_wall w;
	int off;
	tz_from_utc(z, t, &w, &off);
	return off;
}

int64_t
tz_next_transition(const struct tz_zone *z, int64_t from, int64_t to)
{
	/* Offsets change at most a few times a year, never twice a day:
	 * step by days, then bisect the day that changed. */
	int base = tz_offset(z, from);
	for (int64_t a = from; a < to; a += 86400) {
		int64_t b = a + 86400 < to ? a + 86400 : to;
		if (tz_offset(z, b) == base)
			continue;
		while (b - a > 1) {
			int64_t mid = a + (b - a) / 2;
			if (tz_offset(z, mid) == base)
				a = mid;
			else
				b = mid;
		}
		return b;
	}
	return -1;
}

/* RFC 5545, 3.3.5: an ambiguous wall time (clocks going back) is its first
 * occurrence; a wall time in a gap (clocks going forward) is read with the
 * offset in force before the gap, so 02:30 on a spring-forward night in New
 * York is 07:30 UTC (03:30 EDT). Calendar programs do the same, and the
 * exporter writes in UTC any time whose wall time is repeated, so the
 * instants agree. Offsets a day before and after bracket the only
 * transition that can matter. */
enum tz_occurs
tz_resolve(const struct tz_zone *z, const struct tz_wall *w, int64_t *t)
{
	int64_t naive = tz_wall_seconds(w);
	int before = tz_offset(z, naive - 86400);
	int after = tz_offset(z, naive + 86400);
	struct tz_wall back;
	int64_t cand[2] = {naive - before, naive - after};
	bool maps[2];
	for (int i = 0; i < 2; i++) {
		tz_from_utc(z, cand[i], &back, NULL);
		maps[i] = tz_wall_seconds(&back) == naive;
	}
	if (maps[0] || maps[1]) {
		*t = maps[0] ? cand[0] : cand[1];
		/* Both candidates differ and both read back as this wall time:
		 * the hour is repeated. */
		return maps[0] && maps[1] && cand[0] != cand[1] ? TZ_TWICE
							       : TZ_ONCE;
	}
	*t = cand[0];
	return TZ_NEVER;
}

bool
tz_repeated(const struct tz_zone *z, int64_t t, bool *first)
{
	/* Only a change to a smaller offset within a day repeats wall
	 * times (as tz_resolve has it): every time shown asks, and almost
	 * none is near one. */
	if (tz_offset(z, t - 86400) <= tz_offset(z, t + 86400))
		return false;
	struct tz_wall w;
	int64_t at;
	tz_from_utc(z, t, &w, NULL);
	if (tz_resolve(z, &w, &at) != TZ_TWICE)
		return false;
	if (first != NULL)
		*first = at == tz_floor_div(t, 60) * 60; /* the wall's minute */
	return true;
}

bool
tz_to_utc(const struct tz_zone *z, const struct tz_wall *w, int64_t *t)
{
	return tz_resolve(z, w, t) != TZ_NEVER;
}

bool
tz_date_valid(int year, int month, int day)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	if (year < TZ_YEAR_MIN || year > TZ_YEAR_MAX || month < 1 ||
	    month > 12 || day < 1)
		return false;
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return day <= mdays[month - 1] + (month == 2 && leap);
}

const char *
tz_year_note(const char *s)
{
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s == NULL || s[i] < '0' || s[i] > '9')
			return "";
		y = y * 10 + (s[i] - '0');
	}
	return y < TZ_YEAR_MIN || y > TZ_YEAR_MAX
		? " (sked reads the years " TZ_YEARS ")" : "";
}

/* Howard Hinnant's days_from_civil. */
int64_t
tz_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
tz_civil_from_days(int64_t z, struct tz_date *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d->year = (int)(y + (d->month <= 2));
}

int
tz_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static const char *const tz_weekdays[] = {"Monday", "Tuesday", "Wednesday",
					   "Thursday", "Friday", "Saturday",
					   "Sunday"};

const char *
tz_weekday_name(int weekday)
{
	return tz_weekdays[weekday];
}

const char *
tz_weekday_abbr(int weekday)
{
	static const char *const abbr[] = {"Mon", "Tue", "Wed", "Thu",
					   "Fri", "Sat", "Sun"};
	return abbr[weekday];
}

const char *
tz_month_name(int month)
{
	static const char *const names[] = {
		"January", "February", "March",     "April",   "May",      "June",
		"July",    "August",   "September", "October", "November", "December"};
	return names[month - 1];
}

int
tz_parse_weekday(const char *s)
{
	size_t n = strlen(s);
	if (n < 2)
		return -1;
	for (int i = 0; i < 7; i++)
		if (n <= strlen(tz_weekdays[i]) &&
		    strncasecmp(s, tz_weekdays[i], n) == 0)
			return i;
	return -1;
}

/* Reads exactly n decimal digits. */
static bool
tz_digits(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*s)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*s += n;
	*out = v;
	return true;
}

static bool
tz_parse_date_prefix(const char **s, struct tz_date *d)
{
	const char *p = *s;
	if (!tz_digits(&p, 4, &d->year) || *p++ != '-' ||
	    !tz_digits(&p, 2, &d->month) || *p++ != '-' ||
	    !tz_digits(&p, 2, &d->day))
		return false;
	*s = p;
	return tz_date_valid(d->year, d->month, d->day);
}

bool
tz_parse_date(const char *s, struct tz_date *d)
{
	return tz_parse_date_prefix(&s, d) && *s == '\0';
}

bool
tz_parse_clock(const char *s, int *minutes)
{
	int h, m;
	const char *p = s;
	size_t n = strlen(s);
	if ((n != 4 && n != 5) || !tz_digits(&p, (int)n - 3, &h) || *p++ != ':' ||
	    !tz_digits(&p, 2, &m) || *p != '\0' || h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

bool
tz_parse_wall(const char *s, struct tz_wall *w)
{
	struct tz_date d;
	const char *p = s;
	int h, m, sec = 0;
	if (!tz_parse_date_prefix(&p, &d) || (*p != 'T' && *p != ' '))
		return false;
	p++;
	if (!tz_digits(&p, 2, &h) || *p++ != ':' || !tz_digits(&p, 2, &m))
		return false;
	if (*p == ':' && (p++, !tz_digits(&p, 2, &sec)))
		return false;
	if (*p != '\0' || h > 23 || m > 59 || sec != 0)
		return false;
	*w = (struct tz_wall){d.year, d.month, d.day, h, m};
	return true;
}
