/* The Indico timetable JSON reader (/export/timetable/<id>.json). See
 * include/sked/indico.h for the mapping; the shape is that of Indico's
 * TimetableSerializer (indico/modules/events/timetable/legacy.py). */
#include "sked/indico.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "sked/strset.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

struct rd {
	struct jdoc d;
	struct feed *f;
	struct strset tracks; /* block titles declared as tracks */
	long first_day;
	size_t rounded; /* durations with a fraction of a minute, rounded */
};

/* Warnings a feed repeats for every entry: the first few in full. */
enum { RD_WARN_FULL = 3 };

/* One person ({firstName, familyName, name, affiliation}): the name from
 * its parts when there are any (Indico's "name" may carry a title such as
 * "Dr."), else "name". */
static void
read_person(struct rd *r, struct feed_people *people, struct jval p,
	    const char *path)
{
	if (!jdoc_expect_object(&r->d, p, path, "a person"))
		return;
	struct feed_person *person = feed_add_person(r->f, people);
	person->pos = jdoc_pos(&r->d, p);
	struct feed_str first = jdoc_str(&r->d, r->f, p, "firstName", path,
					 JDOC_STRING);
	struct feed_str family = jdoc_str(&r->d, r->f, p, "familyName", path,
					  JDOC_STRING);
	if (first.s || family.s) {
		char *name = xasprintf("%s%s%s", first.s ? first.s : "",
				       first.s && family.s ? " " : "",
				       family.s ? family.s : "");
		person->name = feed_str(r->f, name, first.s ? first.pos : family.pos);
		free(name);
	} else {
		person->name = jdoc_str(&r->d, r->f, p, "name", path, JDOC_STRING);
	}
	person->affiliation = jdoc_str(&r->d, r->f, p, "affiliation", path,
				       JDOC_STRING);
}

static void
read_people(struct rd *r, struct feed_people *people, struct jval entry,
	    const char *key, const char *path)
{
	struct jval list = jdoc_get_list(&r->d, entry, key, path,
					 "a list of people");
	struct jiter it = jdoc_iter(list);
	struct jval p;
	for (size_t k = 0; jdoc_next(&r->d, &it, NULL, &p); k++) {
		char *pp = xasprintf("%s.%s[%zu]", path, key, k);
		read_person(r, people, p, pp);
		free(pp);
	}
}

/* {date, time, tz} as an absolute ISO 8601 instant with the zone's offset
 * then ("2023-11-13T10:00:00-05:00"). The first zone seen is the
 * conference's: the export names no other. */
static struct feed_str
read_instant(struct rd *r, struct jval entry, const char *key, const char *path)
{
	struct feed_str none = {0};
	struct jval v = jdoc_get(&r->d, entry, key);
	if (v.v == NULL || json_is_null(v.v))
		return none;
	char *what = xasprintf("%s.%s", path, key);
	struct feed_str date = {0}, time = date, zone = date;
	if (!json_is_object(v.v)) {
		jdoc_error(&r->d, v, what,
			   "expected {\"date\", \"time\", \"tz\"}, got %s",
			   jdoc_kind(v.v));
		goto out;
	}
	size_t errors = r->d.diags->errors;
	date = jdoc_str(&r->d, r->f, v, "date", what, JDOC_STRING);
	time = jdoc_str(&r->d, r->f, v, "time", what, JDOC_STRING);
	zone = jdoc_str(&r->d, r->f, v, "tz", what, JDOC_STRING);
	if (date.s == NULL || time.s == NULL || zone.s == NULL) {
		if (r->d.diags->errors == errors) /* not told already */
			jdoc_error(&r->d, v, what, "expected {\"date\", \"time\", "
				   "\"tz\"}, each a string");
		goto out;
	}
	struct tz_date dd;
	int h, m, s = 0, used = 0;
	char q[128];
	if (!tz_parse_date(date.s, &dd)) {
		diag_add(r->d.diags, DIAG_ERROR, r->d.file, date.pos.line,
			 date.pos.column, "%s.date: no such date %s%s", what,
			 jdoc_quote(date.s, q, sizeof(q)), tz_year_note(date.s));
		goto out;
	}
	if (!((sscanf(time.s, "%2d:%2d:%2d%n", &h, &m, &s, &used) == 3 &&
	       strlen(time.s) == 8 && used == 8) ||
	      (sscanf(time.s, "%2d:%2d%n", &h, &m, &used) == 2 &&
	       strlen(time.s) == 5 && used == 5)) ||
	    h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
		diag_add(r->d.diags, DIAG_ERROR, r->d.file, time.pos.line,
			 time.pos.column, "%s.time: expected HH:MM:SS, got %s",
			 what, jdoc_quote(time.s, q, sizeof(q)));
		goto out;
	}
	const struct tz_zone *z = tz_find(zone.s);
	if (z == NULL) {
		diag_add(r->d.diags, DIAG_ERROR, r->d.file, zone.pos.line,
			 zone.pos.column, "%s.tz: unknown time zone %s", what,
			 jdoc_quote(zone.s, q, sizeof(q)));
		goto out;
	}
	if (r->f->conference.timezone.s == NULL)
		r->f->conference.timezone = zone;
	struct tz_wall w = {dd.year, dd.month, dd.day, h, m};
	int64_t t;
	switch (tz_resolve(z, &w, &t)) {
	case TZ_NEVER:
		jdoc_warn(&r->d, v, what, "%s %s does not exist in %s (clocks "
			  "go forward): read with the offset before the change",
			  date.s, time.s, zone.s);
		break;
	case TZ_TWICE:
		jdoc_warn(&r->d, v, what, "%s %s occurs twice in %s (clocks go "
			  "back): read as the first", date.s, time.s, zone.s);
		break;
	default:
		break;
	}
	/* The offset that makes the wall time the instant resolved: in a
	 * gap the one before the change (the zone's at t is the one after,
	 * which put 02:30 an hour early), for a time that occurs twice the
	 * first's. */
	int off = (int)(tz_wall_seconds(&w) - t);
	int aoff = off < 0 ? -off : off;
	char iso[64];
	snprintf(iso, sizeof(iso), "%s%c%02d:%02d:%02d%c%02d:%02d", date.s, 'T',
		 h, m, s, off < 0 ? '-' : '+', aoff / 3600, aoff / 60 % 60);
	free(what);
	return feed_str(r->f, iso, date.pos);
out:
	free(what);
	return none;
}

/* A contribution, a break, or a block without contributions, listed under
 * day `day` (0-based), inside block (absent: none). */
static void
read_item(struct rd *r, struct jval e, const char *key, const char *type,
	  struct jval block, const char *path, int day)
{
	struct feed_session *s = feed_add_session(r->f);
	s->pos = jdoc_pos(&r->d, e);
	s->day = day;
	if (strcmp(type, "Contribution") == 0) {
		s->id = jdoc_str(&r->d, r->f, e, "contributionId", path, JDOC_ID);
	} else {
		s->type = feed_str(r->f, strcmp(type, "Break") == 0 ? "break"
								: "session",
				   s->pos);
	}
	/* A break's or block's key (b<n>, s<n>) is unique among them and
	 * cannot meet a contribution's number. */
	if (s->id.s == NULL)
		s->id = feed_str(r->f, key, s->pos);
	s->title = jdoc_str(&r->d, r->f, e, "title", path, JDOC_STRING);
	s->description = jdoc_str(&r->d, r->f, e, "description", path,
				  JDOC_STRING);
	s->url = jdoc_str(&r->d, r->f, e, "url", path, JDOC_STRING);
	s->room = jdoc_str(&r->d, r->f, e, "room", path, JDOC_STRING);
	if (s->room.s == NULL && block.v)
		s->room = jdoc_str(&r->d, r->f, block, "room", path, JDOC_STRING);
	if (block.v)
		s->track = jdoc_str(&r->d, r->f, block, "title", path,
				    JDOC_STRING);
	if (r->f->conference.location.s == NULL)
		r->f->conference.location = jdoc_str(&r->d, r->f, e, "location",
						     path, JDOC_STRING);
	s->start = read_instant(r, e, "startDate", path);
	s->end = read_instant(r, e, "endDate", path);
	if (s->end.s == NULL) {
		/* Minutes as a float ("30.0"): whole minutes as an integer. */
		struct jval dur = jdoc_get(&r->d, e, "duration");
		if (json_is_number(dur.v)) {
			double mins = json_number_value(dur.v);
			char num[64];
			if (mins == (double)(long long)mins) {
				snprintf(num, sizeof(num), "%lld", (long long)mins);
			} else if (mins > 0 && mins < 1e6) {
				/* sked counts whole minutes: the nearest, and
				 * one at least (0.2 is no zero-length event). */
				long long m = (long long)(mins + 0.5);
				snprintf(num, sizeof(num), "%lld", m > 0 ? m : 1);
				if (r->rounded++ < RD_WARN_FULL) {
					char *dp = xasprintf("%s.duration", path);
					jdoc_warn(&r->d, dur, dp,
						  "%g minutes: taken as %s (sked "
						  "counts whole minutes)",
						  mins, num);
					free(dp);
				}
			} else {
				/* Negative or absurd: the builder says so. */
				snprintf(num, sizeof(num), "%g", mins);
			}
			s->duration = feed_str(r->f, num, jdoc_pos(&r->d, dur));
		} else {
			s->duration = jdoc_str(&r->d, r->f, e, "duration", path,
					       JDOC_STRING);
		}
	}
	read_people(r, &s->speakers, e, "presenters", path);
	read_people(r, &s->speakers, e, "speakers", path);
	read_people(r, &s->authors, e, "authors", path);
	read_people(r, &s->authors, e, "primaryauthors", path);
	read_people(r, &s->authors, e, "coauthors", path);
	if (strcmp(type, "Session") == 0)
		read_people(r, &s->speakers, e, "conveners", path);
}

/* entryType, else what the key's letter says. */
static const char *
entry_type(struct rd *r, struct jval e, const char *key, const char *path)
{
	struct feed_str t = jdoc_str(&r->d, r->f, e, "entryType", path,
				     JDOC_STRING);
	if (t.s && (strcmp(t.s, "Session") == 0 ||
		    strcmp(t.s, "Contribution") == 0 || strcmp(t.s, "Break") == 0))
		return t.s;
	if (t.s == NULL && key[0] == 's')
		return "Session";
	if (t.s == NULL && key[0] == 'c')
		return "Contribution";
	if (t.s == NULL && key[0] == 'b')
		return "Break";
	char q[128];
	jdoc_error(&r->d, e, path, "expected an entryType of \"Session\", "
		   "\"Contribution\" or \"Break\", got %s",
		   t.s ? jdoc_quote(t.s, q, sizeof(q)) : "none");
	return NULL;
}

/* A session block: its title is a track (declared once, with the block's
 * description and conveners), its entries the contributions in it. */
static void
read_block(struct rd *r, struct jval b, const char *key, const char *path,
	   int day)
{
	struct feed_str title = jdoc_str(&r->d, r->f, b, "title", path,
					 JDOC_STRING);
	if (title.s && !strset_find(&r->tracks, title.s)) {
		strset_add(&r->tracks, title.s);
		struct feed_track *t = feed_add_track(r->f);
		t->pos = jdoc_pos(&r->d, b);
		t->name = title;
		t->description = jdoc_str(&r->d, r->f, b, "description", path,
					  JDOC_STRING);
		struct feed_people conveners = {0};
		read_people(r, &conveners, b, "conveners", path);
		for (size_t i = 0; i < conveners.n; i++)
			if (conveners.v[i].name.s)
				feed_add_str(r->f, &t->leads, conveners.v[i].name);
	}
	struct jval entries = jdoc_get(&r->d, b, "entries");
	size_t n = 0;
	if (entries.v && !json_is_null(entries.v) && !json_is_object(entries.v)) {
		char *what = xasprintf("%s.entries", path);
		jdoc_error(&r->d, entries, what,
			   "expected entries by key (an object), got %s",
			   jdoc_kind(entries.v));
		free(what);
	} else {
		struct jiter it = jdoc_iter(entries);
		const char *k;
		struct jval e;
		while (jdoc_next(&r->d, &it, &k, &e)) {
			char q[128];
			char *ep = xasprintf("%s.entries[%s]", path,
					     jdoc_quote(k, q, sizeof(q)));
			n++;
			if (!json_is_object(e.v)) {
				jdoc_error(&r->d, e, ep, "expected an entry (an "
					   "object), got %s", jdoc_kind(e.v));
			} else {
				const char *type = entry_type(r, e, k, ep);
				if (type && strcmp(type, "Session") == 0)
					jdoc_error(&r->d, e, ep, "a session block "
						   "inside a session block");
				else if (type)
					read_item(r, e, k, type, b, ep, day);
			}
			free(ep);
		}
	}
	if (n == 0) /* nothing in it: the block is what there is to see */
		read_item(r, b, key, "Session", (struct jval){NULL, 0}, path, day);
}

static void
read_day(struct rd *r, struct jval entries, const char *path, int day)
{
	if (!jdoc_expect_object(&r->d, entries, path, "entries by key"))
		return;
	struct jiter it = jdoc_iter(entries);
	const char *k;
	struct jval e;
	while (jdoc_next(&r->d, &it, &k, &e)) {
		char q[128];
		char *ep = xasprintf("%s[%s]", path, jdoc_quote(k, q, sizeof(q)));
		if (!json_is_object(e.v)) {
			jdoc_error(&r->d, e, ep, "expected an entry (an object), "
				   "got %s", jdoc_kind(e.v));
		} else {
			const char *type = entry_type(r, e, k, ep);
			if (type && strcmp(type, "Session") == 0)
				read_block(r, e, k, ep, day);
			else if (type)
				read_item(r, e, k, type, (struct jval){NULL, 0}, ep,
					  day);
		}
		free(ep);
	}
}

/* "YYYYMMDD" as "YYYY-MM-DD" and its day number. */
static bool
day_key(const char *key, char ymd[11], long *dn)
{
	if (strlen(key) != 8 || strspn(key, "0123456789") != 8)
		return false;
	snprintf(ymd, 11, "%.4s-%.2s-%.2s", key, key + 4, key + 6);
	return jdoc_day_number(ymd, 10, dn);
}

static void
read_event(struct rd *r, const char *event_id, struct jval days,
	   const char *path)
{
	struct feed_conference *c = &r->f->conference;
	c->pos = jdoc_pos(&r->d, days);
	char *id = xasprintf("indico-%s", event_id);
	char *title = xasprintf("Indico event %s", event_id);
	c->id = feed_str(r->f, id, c->pos);
	c->title = feed_str(r->f, title, c->pos);
	free(id);
	free(title);
	if (!json_is_object(days.v)) {
		jdoc_error(&r->d, days, path, "expected days by date (an object), "
			   "got %s", jdoc_kind(days.v));
		return;
	}
	/* The conference's days are the keys: the export lists every day of
	 * the event, empty ones too. */
	struct jiter it = jdoc_iter(days);
	const char *k;
	struct jval v;
	long first = 0, last = 0;
	bool any = false;
	while (jdoc_next(&r->d, &it, &k, &v)) {
		char ymd[11], q[128];
		long dn;
		if (!day_key(k, ymd, &dn)) {
			jdoc_error(&r->d, v, path, "expected a day \"YYYYMMDD\" as "
				   "key, got %s", jdoc_quote(k, q, sizeof(q)));
			continue;
		}
		if (!any || dn < first) {
			first = dn;
			c->start = feed_str(r->f, ymd, jdoc_pos(&r->d, v));
		}
		if (!any || dn > last) {
			last = dn;
			c->end = feed_str(r->f, ymd, jdoc_pos(&r->d, v));
		}
		any = true;
	}
	r->first_day = first;
	it = jdoc_iter(days);
	while (jdoc_next(&r->d, &it, &k, &v)) {
		char ymd[11];
		long dn;
		if (!day_key(k, ymd, &dn))
			continue;
		char *dp = xasprintf("%s[\"%s\"]", path, k);
		read_day(r, v, dp, (int)(dn - first));
		free(dp);
	}
}

bool
indico_sniff(const char *head, size_t n)
{
	static const char *const api[] = {"results", "_type", NULL};
	static const char *const entry[] = {"results", "startDate", NULL};
	return jdoc_sniff(head, n, api) || jdoc_sniff(head, n, entry);
}

bool
indico_read(struct feed *f, const char *buf, size_t len,
	    struct diag_list *diags)
{
	size_t errors = diags->errors;
	struct rd r = {.f = f};
	if (!jdoc_parse(&r.d, f->file, buf, len, diags))
		return false;
	f->flags |= FEED_CREATE_REFERENCES | FEED_HTML_TEXTS;
	strset_init(&r.tracks, 32);
	struct jval root = jdoc_root(&r.d);
	struct jval results = jdoc_get(&r.d, root, "results");
	struct jiter it = jdoc_iter(results);
	const char *event_id;
	struct jval days;
	if (!json_is_object(results.v) ||
	    !jdoc_next(&r.d, &it, &event_id, &days)) {
		jdoc_error(&r.d, results.v ? results : root,
			   results.v ? "results" : "the file",
			   "expected an Indico timetable: \"results\" holding "
			   "an event's days by its id");
	} else {
		char q[128];
		char *p = xasprintf("results[%s]", jdoc_quote(event_id, q, sizeof(q)));
		read_event(&r, event_id, days, p);
		free(p);
		struct jval more;
		if (jdoc_next(&r.d, &it, &event_id, &more))
			jdoc_warn(&r.d, more, "results", "more than one event: "
				  "only the first is read");
	}
	if (r.rounded > RD_WARN_FULL)
		diag_add(diags, DIAG_WARNING, f->file, 0, 0,
			 "... and %zu more durations with a fraction of a "
			 "minute, rounded", r.rounded - RD_WARN_FULL);
	strset_finish(&r.tracks);
	jdoc_free(&r.d);
	return diags->errors == errors;
}
