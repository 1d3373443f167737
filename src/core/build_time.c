/* The builder's times: starts and ends (a wall time in the conference
 * zone, or an instant), durations in all their forms, the zone when the
 * feed has none, each session's instant, the dates and the days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_int.h"
#include "sked/arena.h"
#include "sked/yamlout.h"

static bool
bd_shape(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (*shape == '9' ? !(*s >= '0' && *s <= '9') : *s != *shape)
			return false;
	return *s == '\0';
}

static bool
bd_date(struct bd *bd, const struct feed_str *v, const char *key,
	struct tz_date *d)
{
	char got[128];
	if (tz_parse_date(v->s, d))
		return true;
	if (bd_shape(v->s, "9999-99-99"))
		bd_error(bd, v->pos, "conference", key, "no such date %s%s",
			 diag_quote(v->s, got, sizeof(got)), tz_year_note(v->s));
	else
		bd_error(bd, v->pos, "conference", key,
			 "expected a date YYYY-MM-DD, got %s",
			 diag_quote(v->s, got, sizeof(got)));
	return false;
}

/* ---- times ---- */

static bool
bd_digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return false;
		*v = *v * 10 + (**p - '0');
	}
	return true;
}

/* "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]" and, for an instant, "Z", "+HH:MM",
 * "+HHMM" or "+HH" (or "-"). Seconds are dropped: sked counts minutes. */
enum bd_parse
bd_parse_time(const char *s, struct bd_time *t)
{
	const char *p = s;
	int y, mo, d, h, mi, sec = 0;
	*t = (struct bd_time){0};
	if (!bd_digits(&p, 4, &y) || *p++ != '-' || !bd_digits(&p, 2, &mo) ||
	    *p++ != '-' || !bd_digits(&p, 2, &d) || (*p != 'T' && *p != ' ') ||
	    (p++, !bd_digits(&p, 2, &h)) || *p++ != ':' ||
	    !bd_digits(&p, 2, &mi))
		return BD_BAD;
	if (*p == ':') {
		p++;
		if (!bd_digits(&p, 2, &sec))
			return BD_BAD;
		if (*p == '.' || *p == ',') {
			p++;
			if (*p < '0' || *p > '9')
				return BD_BAD;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'Z') {
		t->absolute = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
		if (!bd_digits(&p, 2, &oh))
			return BD_BAD;
		/* "+HH", "+HHMM" or "+HH:MM": a colon needs its minutes. */
		if (*p == ':' ? (p++, !bd_digits(&p, 2, &om))
			      : *p != '\0' && !bd_digits(&p, 2, &om))
			return BD_BAD;
		if (oh > 23 || om > 59)
			return BD_NO_SUCH;
		t->absolute = true;
		t->offset = sign * (oh * 3600 + om * 60);
	}
	if (*p != '\0')
		return BD_BAD;
	if (!tz_date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return BD_NO_SUCH;
	t->wall = (struct tz_wall){y, mo, d, h, mi};
	if (t->absolute)
		t->utc = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 +
			 mi * 60 - t->offset;
	t->ok = true;
	return BD_OK;
}

void
bd_time(struct bd *bd, const struct feed_str *v, const char *path,
	const char *key, struct bd_time *t)
{
	char got[128];
	if (v->s == NULL)
		return;
	switch (bd_parse_time(v->s, t)) {
	case BD_OK:
		break;
	case BD_NO_SUCH:
		bd_error(bd, v->pos, path, key, "no such date or time %s%s",
			 diag_quote(v->s, got, sizeof(got)), tz_year_note(v->s));
		break;
	case BD_BAD:
		bd_error(bd, v->pos, path, key,
			 "expected a wall-clock time YYYY-MM-DDTHH:MM in the "
			 "conference time zone (or an instant, ending in Z or "
			 "an offset such as +01:00), got %s",
			 diag_quote(v->s, got, sizeof(got)));
		break;
	}
}

/* Minutes from "M", "H:MM", "HH:MM:SS" or an ISO 8601 duration
 * ("PT1H30M", "P1D", "PT0S"); seconds are dropped. */
static enum bd_parse
bd_parse_duration(const char *s, int64_t *minutes, bool *negative)
{
	*negative = s[0] == '-';
	const char *p = *negative ? s + 1 : s;
	size_t nd = strspn(p, "0123456789");
	if (nd > 9)
		return BD_NO_SUCH; /* more than 24 hours, whatever it is */
	if (nd > 0 && p[nd] == '\0') {
		*minutes = strtol(p, NULL, 10);
		return BD_OK;
	}
	if (nd > 0 && nd <= 4 && p[nd] == ':') {
		const char *q = p + nd + 1;
		int mm, ss = 0;
		if (!bd_digits(&q, 2, &mm) || mm > 59)
			return BD_BAD;
		if (*q == ':' && (q++, !bd_digits(&q, 2, &ss) || ss > 59))
			return BD_BAD;
		if (*q != '\0')
			return BD_BAD;
		*minutes = strtol(p, NULL, 10) * 60 + mm;
		return BD_OK;
	}
	if (*p != 'P' || p[1] == '\0')
		return BD_BAD;
	/* ISO 8601: P[nW][nD][T[nH][nM][nS]], each part once, in order. */
	static const char units[] = "WDHMS";
	static const int64_t per[] = {7 * 1440, 1440, 60, 1, 0};
	int64_t total = 0, secs = 0;
	size_t next = 0;
	bool time = false, any = false;
	for (p++; *p;) {
		if (*p == 'T') {
			if (time)
				return BD_BAD;
			time = true;
			next = 2;
			p++;
			if (*p == '\0')
				return BD_BAD;
			continue;
		}
		nd = strspn(p, "0123456789");
		if (nd == 0 || nd > 9)
			return nd ? BD_NO_SUCH : BD_BAD;
		int64_t n = strtol(p, NULL, 10);
		p += nd;
		const char *u = strchr(units + next, *p);
		if (*p == '\0' || u == NULL)
			return BD_BAD;
		size_t k = (size_t)(u - units);
		if ((k >= 2) != time)
			return BD_BAD;
		if (k == 4)
			secs = n;
		else
			total += n * per[k];
		next = k + 1;
		any = true;
		p++;
	}
	if (!any)
		return BD_BAD;
	*minutes = total + secs / 60;
	return BD_OK;
}

/* A session over PROGRAM_MAX_DURATION, by v (its duration or its end):
 * an error in a sked file; in a feed (a hackathon, the exhibition: not a
 * session of a day's program, not a reason to refuse the rest) a warning,
 * and true: the session is kept unscheduled. */
static bool
bd_too_long(struct bd *bd, const struct feed_str *v, const char *path,
	    const char *key)
{
	char got[128];
	diag_quote(v->s, got, sizeof(got));
	if (bd_strict(bd)) {
		bd_error(bd, v->pos, path, key,
			 "duration over 24 hours (%d minutes), got %s",
			 PROGRAM_MAX_DURATION, got);
		return false;
	}
	bd_warn(bd, v->pos, path, key,
		"duration over 24 hours (%d minutes), got %s: kept unscheduled",
		PROGRAM_MAX_DURATION, got);
	return true;
}

void
bd_duration(struct bd *bd, const struct feed_str *v, const char *path,
	    struct bd_session *s)
{
	char got[128];
	int64_t minutes = 0;
	bool negative;
	enum bd_parse r = bd_parse_duration(v->s, &minutes, &negative);
	if (r == BD_BAD) {
		bd_error(bd, v->pos, path, "duration",
			 "expected minutes or H:MM, got %s",
			 diag_quote(v->s, got, sizeof(got)));
	} else if (negative) {
		bd_error(bd, v->pos, path, "duration",
			 "expected a duration of zero or more minutes, got %s",
			 diag_quote(v->s, got, sizeof(got)));
	} else if (r == BD_NO_SUCH || minutes > PROGRAM_MAX_DURATION) {
		s->too_long = bd_too_long(bd, v, path, "duration");
	} else {
		s->duration = (int)minutes;
		return;
	}
	s->duration_reported = true;
}

/* ---- the zone ---- */


/* A zone whose offset is offset (seconds east of UTC, not a whole hour:
 * no Etc/GMT zone has it) at the instant of every session of bd that has
 * one, from the zones that keep such an offset; NULL when none does. */
static const char *
bd_zone_at_offset(struct bd *bd, int offset)
{
	static const char *const zones[] = {
		"Asia/Kolkata", "Asia/Kathmandu", "Asia/Yangon", "Asia/Kabul",
		"Asia/Tehran", "Australia/Darwin", "Australia/Adelaide",
		"Australia/Eucla", "Australia/Lord_Howe", "Pacific/Marquesas",
		"Pacific/Chatham", "America/St_Johns", "Asia/Colombo",
		"Indian/Cocos",
	};
	const struct feed *f = bd->f;
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		const struct tz_zone *zone = tz_find(zones[z]);
		bool all = zone != NULL;
		for (size_t i = 0; all && i < f->n_sessions; i++) {
			const struct bd_time *t = &bd->bs[i].start;
			if (t->ok && t->absolute)
				all = tz_offset(zone, t->utc) == offset;
		}
		if (all)
			return zones[z];
	}
	return NULL;
}

/* With no zone in the feed nor from the user: the one offset every
 * absolute time in the feed has, as a fixed zone, else UTC; with a
 * warning that says how to name the real one. */
void
bd_derive_zone(struct bd *bd)
{
	struct program_conference *c = &bd->p->conference;
	const struct feed *f = bd->f;
	bool any = false, mixed = false, floating = false;
	int offset = 0;
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct bd_time *t = &bd->bs[i].start;
		floating |= t->ok && !t->absolute;
		if (!t->ok || !t->absolute)
			continue;
		if (any && t->offset != offset)
			mixed = true;
		offset = t->offset;
		any = true;
	}
	char name[40] = "UTC";
	int h = offset / 3600;
	bool fits = offset % 3600 == 0 && h >= -12 && h <= 14;
	const char *odd = NULL;
	if (any && !mixed && offset != 0 && fits)
		/* POSIX's sign: Etc/GMT-1 is one hour east of UTC. */
		snprintf(name, sizeof(name), "Etc/GMT%c%d", h > 0 ? '-' : '+',
			 h > 0 ? h : -h);
	else if (any && !mixed && offset != 0)
		odd = bd_zone_at_offset(bd, offset);
	if (odd != NULL)
		snprintf(name, sizeof(name), "%s", odd);
	c->zone = tz_find(name);
	c->zone_derived = true;
	c->times_exact = any && !floating;
	c->timezone = arena_strndup(bd->p->arena, name, strlen(name));
	const char *why;
	char buf[128];
	int a = offset < 0 ? -offset : offset;
	if (!any) {
		why = "its times are read as UTC";
	} else if (mixed) {
		why = "its times have different offsets from UTC: they are "
		      "shown in UTC";
	} else if (offset == 0 || (!fits && odd == NULL)) {
		snprintf(buf, sizeof(buf), "its times are %s: they are shown "
			 "in UTC", offset == 0 ? "in UTC" : "at an odd offset");
		why = buf;
	} else if (odd != NULL) {
		snprintf(buf, sizeof(buf), "every time in it is at UTC%c%02d:%02d: "
			 "taken as %s, at that offset at all of them",
			 offset < 0 ? '-' : '+', a / 3600, a % 3600 / 60, name);
		why = buf;
	} else {
		snprintf(buf, sizeof(buf), "every time in it is at UTC%c%02d:%02d: "
			 "taken as %s, which has no daylight saving",
			 offset < 0 ? '-' : '+', a / 3600, a % 3600 / 60, name);
		why = buf;
	}
	bd_warn(bd, f->conference.pos, NULL, NULL,
		"the file names no time zone; %s; name the conference's own "
		"with --timezone ZONE (such as --timezone Europe/Berlin)",
		why);
}

/* Each scheduled session's instant, wall time and duration. */
void
bd_place_times(struct bd *bd)
{
	const struct feed *f = bd->f;
	struct program_conference *c = &bd->p->conference;
	const char *zname = c->timezone ? c->timezone : tz_name(c->zone);
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct feed_session *fs = &f->sessions[i];
		struct bd_session *bs = &bd->bs[i];
		struct program_session *s = &bd->p->sessions[i];
		char path[48];
		bd_path(path, sizeof(path), NULL, "sessions", i);
		if (!bs->start.ok || bs->too_long)
			continue;
		s->scheduled = true;
		if (bs->start.absolute) {
			s->start_utc = bs->start.utc;
			tz_from_utc(c->zone, s->start_utc, &s->start, NULL);
			/* The local time the feed also states: only a
			 * cross-check, never an error. */
			struct bd_time local;
			const struct tz_wall *l = &local.wall, *w = &s->start;
			bool parsed = fs->start_local.s &&
				      bd_parse_time(fs->start_local.s,
						    &local) == BD_OK;
			if (fs->start_local.s && !parsed) {
				/* "25:99": said, not passed over. */
				char got[64];
				bd_warn_kind(bd, BD_WARN_LOCAL_TIME,
					fs->start_local.pos, path, "start",
					"expected a local time (HH:MM), got %s; "
					"the instant %s is taken",
					diag_quote(fs->start_local.s, got,
						   sizeof(got)),
					fs->start.s);
			}
			if (parsed && !local.absolute &&
			    (l->year != w->year || l->month != w->month ||
			     l->day != w->day || l->hour != w->hour ||
			     l->minute != w->minute))
				bd_warn_kind(bd, BD_WARN_LOCAL_TIME,
					fs->start_local.pos, path, "start",
					"the local time %04d-%02d-%02d %02d:%02d "
					"is not the instant %s, which is "
					"%04d-%02d-%02d %02d:%02d in %s; the "
					"instant is taken",
					l->year, l->month, l->day, l->hour,
					l->minute, fs->start.s, w->year, w->month,
					w->day, w->hour, w->minute, zname);
		} else {
			s->start = bs->start.wall;
			enum tz_occurs occurs =
				tz_resolve(c->zone, &s->start, &s->start_utc);
			if (occurs == TZ_NEVER) {
				struct tz_wall real;
				tz_from_utc(c->zone, s->start_utc, &real, NULL);
				bd_warn_kind(bd, BD_WARN_GAP, fs->start.pos,
					path, "start",
					"%02d:%02d does not exist in %s on that "
					"day (daylight-saving gap); taken as "
					"%02d:%02d",
					s->start.hour, s->start.minute, zname,
					real.hour, real.minute);
			} else if (occurs == TZ_TWICE) {
				/* Say which one, with its offset: the file
				 * cannot. */
				int off = tz_offset(c->zone, s->start_utc);
				int a = off < 0 ? -off : off;
				bd_warn_kind(bd, BD_WARN_TWICE, fs->start.pos,
					path, "start",
					"%02d:%02d occurs twice in %s on that day "
					"(clocks go back); taken as the first, at "
					"UTC%c%02d:%02d",
					s->start.hour, s->start.minute, zname,
					off < 0 ? '-' : '+', a / 3600,
					a % 3600 / 60);
			}
		}
		/* The end (bd_session reported a bad one). */
		struct bd_time e;
		if (bs->duration < 0 && fs->end.s &&
		    bd_parse_time(fs->end.s, &e) == BD_OK) {
			int64_t end = e.utc;
			if (!e.absolute)
				tz_to_utc(c->zone, &e.wall, &end);
			char got[128];
			if (end < s->start_utc)
				bd_error(bd, fs->end.pos, path, "end",
					 "the session ends before it starts, "
					 "got %s",
					 diag_quote(fs->end.s, got, sizeof(got)));
			else if ((end - s->start_utc) / 60 >
				 PROGRAM_MAX_DURATION) {
				if (bd_too_long(bd, &fs->end, path, "end")) {
					s->scheduled = false;
					s->start_utc = 0;
					s->start = (struct tz_wall){0};
					continue;
				}
			} else
				bs->duration = (int)((end - s->start_utc) / 60);
		}
		s->duration = bs->duration > 0 ? bs->duration : 0;
	}
}

/* ---- dates and days ---- */

/* The conference day a wall time is on, as days since the epoch: before
 * day_change it is the day before's. */
static int64_t
bd_wall_day(const struct tz_wall *w, int day_change)
{
	int64_t minutes = tz_days_from_civil(w->year, w->month, w->day) * 1440 +
			  w->hour * 60 + w->minute - day_change;
	return minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
}

void
bd_dates(struct bd *bd)
{
	const struct feed_conference *fc = &bd->f->conference;
	struct program_conference *c = &bd->p->conference;
	bool has_start = fc->start.s != NULL, has_end = fc->end.s != NULL;
	bool ok = true;
	if (has_start)
		ok &= bd_date(bd, &fc->start, "start", &c->start);
	if (has_end)
		ok &= bd_date(bd, &fc->end, "end", &c->end);
	if (bd_reported(bd, &fc->start) || bd_reported(bd, &fc->end) || !ok)
		return;
	if (!has_start || !has_end) {
		if (c->zone == NULL)
			return; /* reported: the sessions have no place */
		/* From the sessions: the first and last conference days any
		 * session is on. */
		int64_t lo = INT64_MAX, hi = INT64_MIN;
		for (size_t i = 0; i < bd->p->n_sessions; i++) {
			const struct program_session *s = &bd->p->sessions[i];
			if (!s->scheduled)
				continue;
			int64_t d = bd_wall_day(&s->start, c->day_change);
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
		}
		if (lo == INT64_MAX) {
			bd_error(bd, fc->pos, "conference", NULL,
				 "no dates: expected the conference's start and "
				 "end, or sessions with times");
			return;
		}
		if (!has_start)
			tz_civil_from_days(lo, &c->start);
		if (!has_end)
			tz_civil_from_days(hi, &c->end);
	}
	int64_t days = tz_days_from_civil(c->end.year, c->end.month, c->end.day) -
		       tz_days_from_civil(c->start.year, c->start.month,
					  c->start.day) +
		       1;
	if (days < 1 || days > PROGRAM_MAX_DAYS) {
		bd_error(bd, has_end ? fc->end.pos : fc->pos, "conference",
			 has_end ? "end" : NULL,
			 days < 1 ? "the conference ends before it starts"
			 : has_end ? "the conference lasts more than %d days"
				   : "the sessions span more than %d days",
			 PROGRAM_MAX_DAYS);
		return;
	}
	c->n_days = (int)days;
}

/* What a converted file does with a session listed under a day its time
 * is not on, in buf: the file's days, from..to (yamlout_days: the
 * conference's, widened when they hold not every such session), put it
 * on day at - from + 1 (at: the date of its day), unless they are too
 * many for the file to be written. */
static void
bd_converted_day(int64_t from, int64_t to, bool widened, int64_t at,
		 char *buf, size_t size)
{
	struct tz_date a, b;
	tz_civil_from_days(from, &a);
	tz_civil_from_days(to, &b);
	if (to - from >= PROGRAM_MAX_DAYS)
		snprintf(buf, size, "sked convert refuses the program: a "
			 "converted file puts each session on the day of its "
			 "time, and would run from %04d-%02d-%02d to "
			 "%04d-%02d-%02d, more than %d days",
			 a.year, a.month, a.day, b.year, b.month, b.day,
			 PROGRAM_MAX_DAYS);
	else if (!widened)
		snprintf(buf, size, "a converted file puts it on day %lld",
			 (long long)(at - from + 1));
	else
		snprintf(buf, size, "a converted file puts it on day %lld, its "
			 "conference widened to run from %04d-%02d-%02d to "
			 "%04d-%02d-%02d",
			 (long long)(at - from + 1), a.year, a.month, a.day,
			 b.year, b.month, b.day);
}

/* Warns of each session still listed under a day its time is not on,
 * once the conference's day_change is settled; first is the date of its
 * first day. */
static void
bd_day_warnings(struct bd *bd, int64_t first)
{
	const struct program_conference *c = &bd->p->conference;
	int dc = c->day_change;
	int64_t from, to;
	yamlout_days(bd->p, &from, &to);
	bool widened = from != first || to != first + c->n_days - 1;
	for (size_t i = 0; i < bd->p->n_sessions; i++) {
		const struct program_session *s = &bd->p->sessions[i];
		int day = bd->f->sessions[i].day;
		if (!s->scheduled || day < 0 || day >= c->n_days)
			continue;
		int64_t at = bd_wall_day(&s->start, dc) - first;
		if (at == day)
			continue;
		char path[48], there[64], converted[256];
		bd_path(path, sizeof(path), NULL, "sessions", i);
		if (at < 0)
			snprintf(there, sizeof(there), "before the first day");
		else if (at >= c->n_days)
			snprintf(there, sizeof(there), "after the last day");
		else
			snprintf(there, sizeof(there), "on day %lld",
				 (long long)at + 1);
		bd_converted_day(from, to, widened, first + at, converted,
				 sizeof(converted));
		bd_warn_kind(bd, BD_WARN_DAY, bd->f->sessions[i].pos, path, NULL,
			     "listed under day %d, but at %04d-%02d-%02d "
			     "%02d:%02d it is %s with the conference's "
			     "day_change %02d:%02d (no day_change up to 12:00 "
			     "fits every listing); it stays on day %d, and %s",
			     day + 1, s->start.year, s->start.month,
			     s->start.day, s->start.hour, s->start.minute,
			     there, dc / 60, dc % 60, day + 1, converted);
	}
}

/* When the feed lists sessions under days (frab), the conference's
 * day_change becomes one that puts every session on the day it is listed
 * under, so that a file written with it (sked convert, which writes no
 * days) gives the same days. A session on its listed day's date needs a
 * day_change at or before its time; one on the next date (after
 * midnight), one after it. The feed's day_change stays when it fits; else
 * the nearest that does: later (a night that ends later than the first,
 * which the readers took it from), on the hour when that fits too, at
 * most 12:00 (sked(5)). Where no day_change fits every listing, the
 * listing still wins for the import, with a warning: the converted file
 * puts that session on another day (or, its days too many, is not
 * written). */
void
bd_day_change(struct bd *bd)
{
	struct program_conference *c = &bd->p->conference;
	int64_t first = tz_days_from_civil(c->start.year, c->start.month,
					   c->start.day);
	int lo = 0, hi = 12 * 60; /* the day_changes every listing allows */
	bool any = false;
	for (size_t i = 0; i < bd->p->n_sessions; i++) {
		const struct program_session *s = &bd->p->sessions[i];
		int day = bd->f->sessions[i].day;
		if (!s->scheduled || day < 0 || day >= c->n_days)
			continue;
		int64_t on = tz_days_from_civil(s->start.year, s->start.month,
						s->start.day) -
			     (first + day);
		int minute = s->start.hour * 60 + s->start.minute;
		/* A night session past 12:00 fits no day_change: left to
		 * the warning below, not let move the others. */
		if (on == 0 && minute < hi)
			hi = minute;
		else if (on == 1 && minute + 1 > lo && minute < 12 * 60)
			lo = minute + 1;
		any = true;
	}
	if (!any)
		return;
	int dc = c->day_change;
	if (lo <= hi && dc < lo) {
		int hour = (lo + 59) / 60 * 60;
		dc = hour <= hi ? hour : lo;
	} else if (lo <= hi && dc > hi) {
		dc = hi;
	}
	c->day_change = dc;
	bd_day_warnings(bd, first);
}

void
bd_days(struct bd *bd)
{
	const struct program_conference *c = &bd->p->conference;
	for (size_t i = 0; i < bd->p->n_sessions; i++) {
		const struct feed_session *fs = &bd->f->sessions[i];
		struct program_session *s = &bd->p->sessions[i];
		char path[48];
		bd_path(path, sizeof(path), NULL, "sessions", i);
		if (!s->scheduled)
			continue;
		if (fs->day >= 0) {
			/* The feed's day wins: frab lists a session after
			 * midnight under the day before. */
			if (fs->day >= c->n_days)
				bd_error(bd, fs->pos, path, NULL,
					 "listed under day %d, but the conference "
					 "has %d",
					 fs->day + 1, c->n_days);
			s->day = fs->day;
			continue;
		}
		s->day = program_wall_day(bd->p, &s->start);
		if (s->day < 0 && c->day_change == 0)
			bd_error(bd, fs->start.pos, path, "start",
				 "%04d-%02d-%02d %02d:%02d is outside the "
				 "conference (%04d-%02d-%02d to %04d-%02d-%02d)",
				 s->start.year, s->start.month, s->start.day,
				 s->start.hour, s->start.minute, c->start.year,
				 c->start.month, c->start.day, c->end.year,
				 c->end.month, c->end.day);
		else if (s->day < 0) /* its days begin and end at day_change */
			bd_error(bd, fs->start.pos, path, "start",
				 "%04d-%02d-%02d %02d:%02d is outside the "
				 "conference (%04d-%02d-%02d %02d:%02d to the "
				 "day after %04d-%02d-%02d, %02d:%02d: its days "
				 "begin at day_change)",
				 s->start.year, s->start.month, s->start.day,
				 s->start.hour, s->start.minute, c->start.year,
				 c->start.month, c->start.day,
				 c->day_change / 60, c->day_change % 60,
				 c->end.year, c->end.month, c->end.day,
				 c->day_change / 60, c->day_change % 60);
	}
}
