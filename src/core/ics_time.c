/* The iCalendar reader's times and zones (see ics_read.h): TZIDs to
 * zones, times to what feed.h wants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ics_read.h"
#include "sked/xalloc.h"

/* Windows' names of the zones conference feeds use (Outlook, Exchange),
 * as the Unicode CLDR maps them to IANA names for their main region. */
static const char *const windows_zones[][2] = {
	{"UTC", "UTC"},
	{"GMT Standard Time", "Europe/London"},
	{"Greenwich Standard Time", "Atlantic/Reykjavik"},
	{"W. Europe Standard Time", "Europe/Berlin"},
	{"Romance Standard Time", "Europe/Paris"},
	{"Central Europe Standard Time", "Europe/Budapest"},
	{"Central European Standard Time", "Europe/Warsaw"},
	{"E. Europe Standard Time", "Europe/Chisinau"},
	{"FLE Standard Time", "Europe/Kiev"},
	{"GTB Standard Time", "Europe/Bucharest"},
	{"Russian Standard Time", "Europe/Moscow"},
	{"Israel Standard Time", "Asia/Jerusalem"},
	{"India Standard Time", "Asia/Kolkata"},
	{"China Standard Time", "Asia/Shanghai"},
	{"Tokyo Standard Time", "Asia/Tokyo"},
	{"Korea Standard Time", "Asia/Seoul"},
	{"Singapore Standard Time", "Asia/Singapore"},
	{"AUS Eastern Standard Time", "Australia/Sydney"},
	{"New Zealand Standard Time", "Pacific/Auckland"},
	{"Eastern Standard Time", "America/New_York"},
	{"Central Standard Time", "America/Chicago"},
	{"Mountain Standard Time", "America/Denver"},
	{"US Mountain Standard Time", "America/Phoenix"},
	{"Pacific Standard Time", "America/Los_Angeles"},
	{"Atlantic Standard Time", "America/Halifax"},
	{"E. South America Standard Time", "America/Sao_Paulo"},
	{"South Africa Standard Time", "Africa/Johannesburg"},
};

/* The IANA zone a TZID or X-WR-TIMEZONE names: the name itself; a path
 * ending in one ("/freeassociation.sourceforge.net/Tzfile/Europe/Paris",
 * as libical and Evolution write them; "/mozilla.org/.../Europe/Paris");
 * or a Windows name. NULL when none of these is known. */
const struct tz_zone *
ics_zone_by_name(const char *name)
{
	const struct tz_zone *z = tz_find(name);
	if (z != NULL)
		return z;
	if (strcasecmp(name, "Z") == 0 || strcasecmp(name, "GMT") == 0 ||
	    strcasecmp(name, "Etc/UTC") == 0 || strcasecmp(name, "Etc/GMT") == 0)
		return tz_find("UTC");
	if (name[0] == '/') {
		/* Each suffix after a slash, longest first. */
		for (const char *p = name + 1; (p = strchr(p, '/')) != NULL;
		     p++)
			if ((z = tz_find(p + 1)) != NULL)
				return z;
	}
	for (size_t i = 0; i < sizeof(windows_zones) / sizeof(windows_zones[0]);
	     i++)
		if (strcasecmp(name, windows_zones[i][0]) == 0)
			return tz_find(windows_zones[i][1]);
	return NULL;
}

static int64_t wall_seconds(struct icaltimetype t);

/* The file's VTIMEZONE of tzid made a zone, NULL when it has none or
 * none usable (warned). */
static icaltimezone *
ics_zone_of_file(struct rd *rd, const char *tzid)
{
	size_t n = strlen(tzid);
	for (size_t i = 0; i < rd->sc.n_zones; i++) {
		const struct ics_comp *c = &rd->sc.zones[i];
		if (c->tzid_len != n || memcmp(rd->buf + c->tzid, tzid, n) != 0)
			continue;
		if (c->bad_rule) {
			diag_add(rd->diags, DIAG_WARNING, rd->f->file,
				 c->pos.line, c->pos.column,
				 "VTIMEZONE \"%s\" ignored: its rules do not "
				 "repeat yearly",
				 tzid);
			return NULL;
		}
		char *text = ics_scan_copy(rd->buf, c->off, c->end);
		icalcomponent *vtz = icalparser_parse_string(text);
		free(text);
		if (vtz != NULL &&
		    icalcomponent_isa(vtz) == ICAL_VTIMEZONE_COMPONENT) {
			icaltimezone *z = icaltimezone_new();
			if (icaltimezone_set_component(z, vtz))
				return z;
			icaltimezone_free(z, 1);
		} else if (vtz != NULL) {
			icalcomponent_free(vtz);
		}
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, c->pos.line,
			 c->pos.column, "VTIMEZONE \"%s\" could not be read",
			 tzid);
		return NULL;
	}
	return NULL;
}

/* The zone a TZID names, resolved once, at its first time: the IANA zone
 * of that name when there is one, its times checked against the file's
 * VTIMEZONE of that TZID, if any (ics_zone_judge: a Google or Outlook
 * file's VTIMEZONE of an IANA or Windows name is that zone, written out:
 * read through the zone database, a time in its repeated hour or its gap
 * is read as every other file's, the first occurrence and the offset
 * before, which libical's reading of the VTIMEZONE did not); else the
 * file's VTIMEZONE when it has a usable one; else none (a warning: the
 * times are then read as wall times in the conference zone). NULL when
 * too many zones are in use. */
struct ics_zone *
ics_zone_for(struct rd *rd, const char *tzid, struct feed_pos pos)
{
	for (size_t i = 0; i < rd->n_zones; i++)
		if (strcmp(rd->zones[i].name, tzid) == 0)
			return &rd->zones[i];
	if (rd->n_zones == ICS_MAX_ZONES) {
		if (!rd->failed)
			diag_add(rd->diags, DIAG_ERROR, rd->f->file, pos.line,
				 pos.column, "more than %d time zones in use",
				 ICS_MAX_ZONES);
		rd->failed = true;
		return NULL;
	}
	struct ics_zone *z = &rd->zones[rd->n_zones++];
	*z = (struct ics_zone){.name = xstrdup(tzid)};
	z->tz = ics_zone_by_name(tzid);
	icalerror_clear_errno();
	z->ical = ics_zone_of_file(rd, tzid);
	icalerror_clear_errno();
	if (z->ical == NULL && z->tz == NULL)
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, pos.line,
			 pos.column,
			 "unknown time zone \"%s\" (no VTIMEZONE, no "
			 "IANA zone of that name): its times are read in "
			 "the conference's zone",
			 tzid);
	return z;
}

/* An offset from UTC as "UTC-04:00" ("UTC+05:45:30" with seconds). */
static void
ics_offset_text(char *s, size_t n, int64_t off)
{
	int64_t a = off < 0 ? -off : off;
	if (a % 60)
		snprintf(s, n, "UTC%c%02d:%02d:%02d", off < 0 ? '-' : '+',
			 (int)(a / 3600), (int)(a / 60 % 60), (int)(a % 60));
	else
		snprintf(s, n, "UTC%c%02d:%02d", off < 0 ? '-' : '+',
			 (int)(a / 3600), (int)(a / 60 % 60));
}

/* Whether the file's VTIMEZONE of z gives its IANA zone's offset at `at`,
 * the wall time t read through that zone. It is judged at each time the
 * file reads in it, not over a span of its own: a VTIMEZONE need only
 * cover the times that use it (RFC 5545 3.6.5), and sked's export, like
 * other programs, writes only the changes in force over its events: over
 * a whole year, every such file would differ. When
 * the offsets differ (an "EST" with summer rules: IANA's is UTC-5 all
 * year; a rule wrong for the events' dates), the name does not mean that
 * zone: the file's VTIMEZONE is used from t on, with a warning (the times
 * before had the same offset in both). */
static bool
ics_zone_judge(struct rd *rd, struct ics_zone *z, struct icaltimetype t,
	       int64_t at, struct feed_pos pos)
{
	struct icaltimetype w =
		icaltime_from_timet_with_zone((time_t)at, 0, z->ical);
	int64_t file = wall_seconds(w) - at, named = tz_offset(z->tz, at);
	if (file == named)
		return true;
	char fo[24], no[24];
	ics_offset_text(fo, sizeof(fo), file);
	ics_offset_text(no, sizeof(no), named);
	diag_add(rd->diags, DIAG_WARNING, rd->f->file, pos.line, pos.column,
		 "VTIMEZONE \"%s\" is not the time zone %s (at "
		 "%04d-%02d-%02d %02d:%02d its offset is %s, the zone's %s): "
		 "the file's is used",
		 z->name, tz_name(z->tz), t.year, t.month, t.day, t.hour,
		 t.minute, fo, no);
	z->tz = NULL;
	return false;
}

static int64_t
wall_seconds(struct icaltimetype t)
{
	return tz_days_from_civil(t.year, t.month, t.day) * 86400 +
	       t.hour * 3600 + t.minute * 60 + t.second;
}

/* wall_seconds' inverse: the date and time of t, no zone. */
static struct icaltimetype
wall_fields(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t left = t - days * 86400;
	struct tz_date d;
	tz_civil_from_days(days, &d);
	return (struct icaltimetype){.year = d.year, .month = d.month,
				     .day = d.day, .hour = (int)(left / 3600),
				     .minute = (int)(left / 60 % 60),
				     .second = (int)(left % 60)};
}

/* The instant of the wall time t (its fields) in zone z: by the IANA zone
 * (TZ_NEVER for a time in a gap, read after the change), else by the
 * file's VTIMEZONE through libical (TZ_ONCE: libical does not say). */
static enum tz_occurs
ics_zone_instant(const struct ics_zone *z, struct icaltimetype t, int64_t *at)
{
	if (z->tz == NULL) {
		t.zone = z->ical;
		*at = (int64_t)icaltime_as_timet_with_zone(t, z->ical);
		return TZ_ONCE;
	}
	struct tz_wall wall = {t.year, t.month, t.day, t.hour, t.minute};
	enum tz_occurs occurs = tz_resolve(z->tz, &wall, at);
	*at += t.second;
	return occurs;
}

/* Reads the time t of property p (DTSTART, DTEND, RECURRENCE-ID...). */
bool
ics_resolve(struct rd *rd, icalproperty *p, struct icaltimetype t,
	struct feed_pos pos, struct ics_when *w)
{
	*w = (struct ics_when){0};
	if (icaltime_is_null_time(t))
		return false;
	/* libical keeps the fields as written: 20240230 would roll over to
	 * 1 March, T250000 to the next day. A leap second is the last of
	 * its minute. */
	if (!tz_date_valid(t.year, t.month, t.day) ||
	    (!t.is_date && (t.hour < 0 || t.hour > 23 || t.minute < 0 ||
			    t.minute > 59 || t.second < 0 || t.second > 60))) {
		const char *name = icalproperty_get_property_name(p);
		name = name ? name : "time";
		const char *what = strcmp(name, "DTSTART") == 0
			? "the event kept unscheduled"
			: strcmp(name, "DTEND") == 0
			? "read as no end (zero length)" : "ignored";
		char when[32];
		if (t.is_date)
			snprintf(when, sizeof(when), "%04d%02d%02d", t.year,
				 t.month, t.day);
		else
			snprintf(when, sizeof(when), "%04d%02d%02dT%02d%02d%02d",
				 t.year, t.month, t.day, t.hour, t.minute,
				 t.second);
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, pos.line,
			 pos.column, "%s: no such date%s %s%s: %s", name,
			 t.is_date ? "" : " or time", when, tz_year_note(when),
			 what);
		return false;
	}
	if (t.second == 60)
		t.second = 59;
	if (t.is_date) {
		w->date = true;
		w->floating = true;
		w->t = wall_seconds(t);
		return true;
	}
	if (icaltime_is_utc(t)) {
		w->t = wall_seconds(t);
		return true;
	}
	icalparameter *tzp =
		icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *tzid = tzp ? icalparameter_get_tzid(tzp) : NULL;
	struct ics_zone *z = tzid && *tzid ? ics_zone_for(rd, tzid, pos) : NULL;
	if (z != NULL && z->ical == NULL && z->tz == NULL)
		z = NULL; /* unknown: a wall time, warned about once */
	if (z == NULL) {
		w->floating = true;
		w->t = wall_seconds(t);
		return true;
	}
	w->zone = z;
	if (rd->one_zone == NULL)
		rd->one_zone = z;
	else if (rd->one_zone != z)
		rd->many_zones = true;
	enum tz_occurs occurs = ics_zone_instant(z, t, &w->t);
	if (z->tz != NULL && z->ical != NULL && !rd->unmade &&
	    !ics_zone_judge(rd, z, t, w->t, pos))
		occurs = ics_zone_instant(z, t, &w->t); /* the file's now */
	if (occurs == TZ_NEVER)
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, pos.line,
			 pos.column,
			 "%04d-%02d-%02d %02d:%02d does not exist in %s "
			 "(clocks go forward): read as %02d:%02d after the change",
			 t.year, t.month, t.day, t.hour, t.minute, z->name,
			 t.hour + 1, t.minute);
	return true;
}

int64_t
ics_wall_in(const struct ics_when *w, int64_t wall)
{
	if (w->zone == NULL)
		return wall; /* w is in UTC */
	int64_t at;
	(void)ics_zone_instant(w->zone, wall_fields(wall), &at);
	return at;
}

/* v as width decimal digits (v < 10^width). */
static char *
put_digits(char *o, unsigned v, int width)
{
	for (int k = width - 1; k >= 0; k--, v /= 10)
		o[k] = (char)('0' + v % 10);
	return o + width;
}

/* t (seconds since 1970, an instant in UTC or a wall time) as
 * "YYYY-MM-DDTHH:MM[:SS]" (dashes) or "YYYYMMDDTHHMMSS", the seconds
 * written when secs or not 0, then suffix. Digits are put by hand, not by
 * snprintf: every session's start and end come through here (snprintf was
 * a tenth of an iCalendar import); a year outside 0-9999 is rare enough
 * for snprintf. */
static void
format_when(char *s, size_t n, int64_t t, bool dashes, bool secs,
	    const char *suffix)
{
	struct icaltimetype f = wall_fields(t);
	struct tz_date d = {f.year, f.month, f.day};
	int h = f.hour, m = f.minute, sec = f.second;
	secs = secs || sec != 0;
	if (d.year < 0 || d.year > 9999 || n < 32) {
		if (dashes && secs)
			snprintf(s, n, "%04d-%02d-%02dT%02d:%02d:%02d%s", d.year,
				 d.month, d.day, h, m, sec, suffix);
		else if (dashes)
			snprintf(s, n, "%04d-%02d-%02dT%02d:%02d%s", d.year,
				 d.month, d.day, h, m, suffix);
		else
			snprintf(s, n, "%04d%02d%02dT%02d%02d%02d%s", d.year,
				 d.month, d.day, h, m, sec, suffix);
		return;
	}
	const char *dash = dashes ? "-" : "", *colon = dashes ? ":" : "";
	size_t dl = strlen(dash);
	char *o = put_digits(s, (unsigned)d.year, 4);
	memcpy(o, dash, dl), o += dl;
	o = put_digits(o, (unsigned)d.month, 2);
	memcpy(o, dash, dl), o += dl;
	o = put_digits(o, (unsigned)d.day, 2);
	*o++ = 'T';
	o = put_digits(o, (unsigned)h, 2);
	memcpy(o, colon, dl), o += dl;
	o = put_digits(o, (unsigned)m, 2);
	if (secs || !dashes) {
		memcpy(o, colon, dl), o += dl;
		o = put_digits(o, (unsigned)sec, 2);
	}
	size_t sl = strlen(suffix);
	if ((size_t)(o - s) + sl >= n)
		sl = n - 1 - (size_t)(o - s);
	memcpy(o, suffix, sl);
	o[sl] = '\0';
}

/* A time as feed.h wants it: an instant in UTC ("...Z"), or a wall time
 * (seconds only when not 0). */
struct feed_str
ics_when_str(struct rd *rd, const struct ics_when *w, int64_t t,
	 struct feed_pos pos)
{
	char s[48];
	format_when(s, sizeof(s), t, true, !w->floating, w->floating ? "" : "Z");
	return feed_str(rd->f, s, pos);
}

/* The same, compact, for derived ids: "20240309T120000Z". */
void
ics_when_key(const struct ics_when *w, int64_t t, char *s, size_t n)
{
	format_when(s, n, t, false, true, w->floating ? "" : "Z");
}

/* The wall-clock day of a time, in its own zone. */
int64_t
ics_day_of(struct icaltimetype t)
{
	return tz_days_from_civil(t.year, t.month, t.day);
}
