#include "sked/export.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

char *
export_uid(const struct program *p, const struct program_session *s)
{
	return xasprintf("%s@%s.sked", s->id, p->conference.id);
}

static struct icaltimetype
export_wall(const struct tz_wall *w)
{
	struct icaltimetype t = icaltime_null_time();
	t.year = w->year;
	t.month = w->month;
	t.day = w->day;
	t.hour = w->hour;
	t.minute = w->minute;
	return t;
}

/* The RFC allows no control characters in TEXT: make text safe (U+FFFD)
 * before libical escapes it. The caller frees the result. */
static char *
export_text(const char *s)
{
	return text_sanitize(s, strlen(s), TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
}

static void
export_add_text(icalcomponent *c, icalproperty *(*make)(const char *),
		const char *value)
{
	char *safe = export_text(value);
	icalcomponent_add_property(c, make(safe));
	free(safe);
}

/* One observance: from `when` on, the zone is at offset `to` (was `from`). */
static void
export_observance(icalcomponent *vtz, int64_t when, int from, int to)
{
	icalcomponent *o = to > from ? icalcomponent_new_xdaylight()
				     : icalcomponent_new_xstandard();
	/* DTSTART is the local time of the change, read in the old offset. */
	struct tz_wall w;
	if (when == INT64_MIN) {
		w = (struct tz_wall){1970, 1, 1, 0, 0};
	} else {
		int64_t local = when + from;
		int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
		struct tz_date d;
		tz_civil_from_days(days, &d);
		int64_t sec = local - days * 86400;
		w = (struct tz_wall){d.year, d.month, d.day, (int)(sec / 3600),
				     (int)(sec % 3600 / 60)};
	}
	icalcomponent_add_property(o, icalproperty_new_dtstart(export_wall(&w)));
	icalcomponent_add_property(o, icalproperty_new_tzoffsetfrom(from));
	icalcomponent_add_property(o, icalproperty_new_tzoffsetto(to));
	icalcomponent_add_component(vtz, o);
}

/* A VTIMEZONE for zone z holding what is in force from first to last:
 * the last change before first (within a year), and every change up to
 * last; a zone that does not change, one observance. */
static icalcomponent *
export_vtimezone(const struct tz_zone *z, int64_t first, int64_t last)
{
	icalcomponent *vtz = icalcomponent_new_vtimezone();
	icalcomponent_add_property(vtz, icalproperty_new_tzid(tz_name(z)));
	int64_t year = 366 * 86400;
	int64_t before = -1;
	for (int64_t t = tz_next_transition(z, first - year, first); t >= 0;
	     t = tz_next_transition(z, t, first))
		before = t;
	if (before < 0) {
		int off = tz_offset(z, first);
		int64_t next = tz_next_transition(z, first, last);
		if (next < 0) {
			export_observance(vtz, INT64_MIN, off, off);
			return vtz;
		}
		/* No change in the year before: the offset before the first
		 * change in range holds from 1970 (as far as we need). */
		export_observance(vtz, INT64_MIN, off, off);
	} else {
		export_observance(vtz, before, tz_offset(z, before - 1),
				  tz_offset(z, before));
	}
	for (int64_t t = tz_next_transition(z, first, last); t >= 0;
	     t = tz_next_transition(z, t, last))
		export_observance(vtz, t, tz_offset(z, t - 1), tz_offset(z, t));
	return vtz;
}

static void
export_when(icalcomponent *ev, icalproperty *(*make)(struct icaltimetype),
	    const struct tz_zone *z, int64_t t)
{
	struct tz_wall w;
	tz_from_utc(z, t, &w, NULL);
	icalproperty *prop = make(export_wall(&w));
	icalproperty_add_parameter(prop, icalparameter_new_tzid(tz_name(z)));
	icalcomponent_add_property(ev, prop);
}

static char *
export_description(const struct program_session *s)
{
	size_t cap = 256 + (s->abstract ? strlen(s->abstract) : 0) +
		     (s->url ? strlen(s->url) : 0);
	for (size_t i = 0; i < s->speakers.n; i++)
		cap += strlen(s->speakers.v[i].name) + 8 +
		       (s->speakers.v[i].affiliation
				? strlen(s->speakers.v[i].affiliation)
				: 0);
	char *d = xmalloc(cap), *o = d;
	*o = '\0';
	if (s->speakers.n) {
		o += sprintf(o, "Speakers: ");
		for (size_t i = 0; i < s->speakers.n; i++) {
			const struct program_person *p = &s->speakers.v[i];
			o += sprintf(o, "%s%s", i ? ", " : "", p->name);
			if (p->affiliation)
				o += sprintf(o, " (%s)", p->affiliation);
		}
	}
	if (s->abstract)
		o += sprintf(o, "%s%s", o > d ? "\n\n" : "", s->abstract);
	if (s->url)
		o += sprintf(o, "%s%s", o > d ? "\n\n" : "", s->url);
	/* No trailing line breaks. */
	while (o > d && o[-1] == '\n')
		*--o = '\0';
	return d;
}

char *
export_calendar(const struct export_item *items, size_t n,
		const struct export_options *o, size_t *exported,
		size_t *skipped)
{
	*exported = *skipped = 0;
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal,
		icalproperty_new_prodid("-//sked//sked " SKED_EXPORT_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	char *name = export_text(o->name);
	icalproperty *x = icalproperty_new_x(name);
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	free(name);

	/* The zones used and the range each must cover. */
	const struct tz_zone *zones[64];
	int64_t first[64], last[64];
	size_t nz = 0;
	for (size_t i = 0; i < n; i++) {
		const struct program_session *s = items[i].session;
		if (!s->scheduled)
			continue;
		const struct tz_zone *z = items[i].program->conference.zone;
		size_t k = 0;
		while (k < nz && zones[k] != z)
			k++;
		if (k == nz) {
			if (nz == 64)
				continue; /* 64 zones: more than any export */
			zones[nz] = z;
			first[nz] = s->start_utc;
			last[nz++] = program_session_end(s);
		}
		if (s->start_utc < first[k])
			first[k] = s->start_utc;
		if (program_session_end(s) > last[k])
			last[k] = program_session_end(s);
	}
	for (size_t k = 0; k < nz; k++)
		icalcomponent_add_component(cal,
			export_vtimezone(zones[k], first[k], last[k]));

	struct icaltimetype stamp = icaltime_from_timet_with_zone(
		(time_t)o->dtstamp, 0, icaltimezone_get_utc_timezone());
	for (size_t i = 0; i < n; i++) {
		const struct program *p = items[i].program;
		const struct program_session *s = items[i].session;
		if (!s->scheduled) {
			(*skipped)++;
			continue;
		}
		size_t k = 0;
		while (k < nz && zones[k] != p->conference.zone)
			k++;
		if (k == nz) {
			(*skipped)++;
			continue;
		}
		icalcomponent *ev = icalcomponent_new_vevent();
		char *uid = export_uid(p, s);
		icalcomponent_add_property(ev, icalproperty_new_uid(uid));
		free(uid);
		icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
		export_when(ev, icalproperty_new_dtstart, p->conference.zone,
			    s->start_utc);
		export_when(ev, icalproperty_new_dtend, p->conference.zone,
			    program_session_end(s));
		export_add_text(ev, icalproperty_new_summary, s->title);
		char *desc = export_description(s);
		if (*desc)
			export_add_text(ev, icalproperty_new_description, desc);
		free(desc);
		if (s->room >= 0)
			export_add_text(ev, icalproperty_new_location,
					p->rooms[s->room].name);
		if (s->track >= 0)
			export_add_text(ev, icalproperty_new_categories,
					p->tracks[s->track].name);
		if (s->url)
			export_add_text(ev, icalproperty_new_url, s->url);
		if (o->alarm >= 0) {
			icalcomponent *alarm = icalcomponent_new_valarm();
			icalcomponent_add_property(alarm,
				icalproperty_new_action(ICAL_ACTION_DISPLAY));
			struct icaltriggertype trigger = {
				.time = icaltime_null_time(),
				.duration = icaldurationtype_from_int(-60 * o->alarm),
			};
			icalcomponent_add_property(alarm,
				icalproperty_new_trigger(trigger));
			export_add_text(alarm, icalproperty_new_description, s->title);
			icalcomponent_add_component(ev, alarm);
		}
		icalcomponent_add_component(cal, ev);
		(*exported)++;
	}
	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	char *out = xstrdup(text);
	icalmemory_free_buffer(text);
	return out;
}
