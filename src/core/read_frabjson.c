/* The c3voc schedule.json reader: schema 1 (frab, pretalx) and schema 2
 * (the hub). See include/sked/frabjson.h for the mapping; values stay text
 * for the builder, which parses times and durations. This reader reports
 * only what is wrong with the JSON itself and with the shape (a string
 * where an object belongs). */
#include "sked/frabjson.h"

#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "sked/strset.h"
#include "sked/xalloc.h"

struct rd {
	struct jdoc d;
	struct feed *f;
	struct strset rooms;   /* room names declared so far */
	const char *language;  /* schema 2: the default of localized text */
	struct jval persons;   /* schema 2: schedule.persons */
	long first_day;        /* day number of the conference's start */
	bool has_first_day;
};

/* Declares a room once, in the order rooms first appear. */
static void
declare_room(struct rd *r, struct feed_str id, struct feed_str name)
{
	if (name.s == NULL || strset_find(&r->rooms, name.s))
		return;
	struct feed_room *room = feed_add_room(r->f);
	room->pos = name.pos;
	room->id = id;
	room->name = name;
	strset_add(&r->rooms, name.s);
}

/* Schema 2's localized text: a string, or {"en": ..., "de": ...} of which
 * the conference's default language is taken, else English, else the
 * first. */
static struct feed_str
localized(struct rd *r, struct jval obj, const char *key, const char *path)
{
	struct jval v = jdoc_get(&r->d, obj, key);
	if (json_is_object(v.v)) {
		struct jval pick = {NULL, 0};
		if (r->language)
			pick = jdoc_get(&r->d, v, r->language);
		if (pick.v == NULL)
			pick = jdoc_get(&r->d, v, "en");
		if (pick.v == NULL) {
			struct jiter it = jdoc_iter(v);
			jdoc_next(&r->d, &it, NULL, &pick);
		}
		v = pick;
	}
	char *what = xasprintf("%s.%s", path, key);
	struct feed_str s = jdoc_text(&r->d, r->f, v, what, JDOC_STRING);
	free(what);
	return s;
}

/* Schema 2: the url of the person with this guid in schedule.persons. */
static struct feed_str
person_url(struct rd *r, const char *guid)
{
	struct jiter it = jdoc_iter(r->persons);
	struct jval p;
	while (guid && jdoc_next(&r->d, &it, NULL, &p)) {
		struct jval g = jdoc_get(&r->d, p, "guid");
		if (json_is_string(g.v) && strcmp(json_string_value(g.v), guid) == 0)
			return jdoc_str(&r->d, r->f, p, "url", "schedule.persons",
					JDOC_STRING);
	}
	return (struct feed_str){0};
}

/* persons (schema 1: {id, public_name} from frab, {code, name or
 * public_name, biography} from pretalx) or participants (schema 2:
 * {guid, name, role}; a SPEAKER, or no role, speaks; other roles are
 * listed as authors). */
static void
read_people(struct rd *r, struct feed_session *s, struct jval ev,
	    const char *key, const char *path)
{
	struct jval list = jdoc_get_list(&r->d, ev, key, path, "a list");
	struct jiter it = jdoc_iter(list);
	struct jval p;
	for (size_t k = 0; jdoc_next(&r->d, &it, NULL, &p); k++) {
		char *pp = xasprintf("%s.%s[%zu]", path, key, k);
		if (!jdoc_expect_object(&r->d, p, pp, "a person")) {
			free(pp);
			continue;
		}
		struct feed_str role = jdoc_str(&r->d, r->f, p, "role", pp,
						JDOC_STRING);
		bool speaks = role.s == NULL || strcmp(role.s, "SPEAKER") == 0;
		struct feed_person *person = feed_add_person(
			r->f, speaks ? &s->speakers : &s->authors);
		person->pos = jdoc_pos(&r->d, p);
		person->name = jdoc_str(&r->d, r->f, p, "public_name", pp,
					JDOC_STRING);
		if (person->name.s == NULL)
			person->name = jdoc_str(&r->d, r->f, p, "name", pp,
						JDOC_STRING);
		/* The id first, as the schedule.xml of the same program gives
		 * it (<person id>: frab's, and pretalx's too), so that both
		 * import alike; pretalx's code when there is no id. */
		person->id = jdoc_str(&r->d, r->f, p, "id", pp, JDOC_ID);
		if (person->id.s == NULL)
			person->id = jdoc_str(&r->d, r->f, p, "code", pp, JDOC_ID);
		if (person->id.s == NULL)
			person->id = jdoc_str(&r->d, r->f, p, "guid", pp, JDOC_ID);
		person->url = jdoc_str(&r->d, r->f, p, "url", pp, JDOC_STRING);
		if (person->url.s == NULL && r->persons.v)
			person->url = person_url(r, person->id.s);
		free(pp);
	}
}

/* links and attachments ({url, title}); schema 2's link of type FEEDBACK
 * is the feedback page, the other untitled ones take their type as title. */
static void
read_links(struct rd *r, struct feed_session *s, struct jval ev,
	   const char *key, const char *path)
{
	struct jval list = jdoc_get_list(&r->d, ev, key, path, "a list");
	struct jiter it = jdoc_iter(list);
	struct jval l;
	for (size_t k = 0; jdoc_next(&r->d, &it, NULL, &l); k++) {
		char *lp = xasprintf("%s.%s[%zu]", path, key, k);
		if (jdoc_expect_object(&r->d, l, lp, "a link")) {
			struct feed_str url = jdoc_str(&r->d, r->f, l, "url", lp,
						       JDOC_STRING);
			struct feed_str title = jdoc_str(&r->d, r->f, l, "title",
							 lp, JDOC_STRING);
			struct feed_str type = jdoc_str(&r->d, r->f, l, "type",
							lp, JDOC_STRING);
			if (type.s && strcmp(type.s, "FEEDBACK") == 0 &&
			    s->feedback_url.s == NULL) {
				s->feedback_url = url;
			} else if (url.s) {
				struct feed_link *link = feed_add_link(r->f, &s->links);
				link->url = url;
				link->title = title.s ? title : type;
			}
		}
		free(lp);
	}
}

/* language: "en", "de, en" or a list of codes. */
static void
read_languages(struct rd *r, struct feed_session *s, struct jval ev,
	       const char *path)
{
	struct jval v = jdoc_get(&r->d, ev, "language");
	if (json_is_array(v.v)) {
		struct jiter it = jdoc_iter(v);
		struct jval c;
		char *what = xasprintf("%s.language", path);
		while (jdoc_next(&r->d, &it, NULL, &c)) {
			struct feed_str code = jdoc_text(&r->d, r->f, c, what,
							 JDOC_STRING);
			if (code.s)
				feed_add_str(r->f, &s->languages, code);
		}
		free(what);
		return;
	}
	struct feed_str all = jdoc_str(&r->d, r->f, ev, "language", path,
				       JDOC_STRING);
	for (const char *p = all.s; p && *p;) {
		size_t skip = strspn(p, ", ");
		p += skip;
		size_t n = strcspn(p, ", ");
		if (n)
			feed_add_str(r->f, &s->languages,
				     feed_strn(r->f, p, n, all.pos));
		p += n;
	}
}

/* What both schemas' events share. */
static struct feed_session *
read_event_common(struct rd *r, struct jval ev, const char *path)
{
	struct feed_session *s = feed_add_session(r->f);
	s->pos = jdoc_pos(&r->d, ev);
	s->guid = jdoc_str(&r->d, r->f, ev, "guid", path, JDOC_ID);
	s->title = jdoc_str(&r->d, r->f, ev, "title", path, JDOC_STRING);
	s->subtitle = jdoc_str(&r->d, r->f, ev, "subtitle", path, JDOC_STRING);
	s->type = jdoc_str(&r->d, r->f, ev, "type", path, JDOC_STRING);
	s->url = jdoc_str(&r->d, r->f, ev, "url", path, JDOC_STRING);
	s->feedback_url = jdoc_str(&r->d, r->f, ev, "feedback_url", path,
				   JDOC_STRING);
	read_languages(r, s, ev, path);
	jdoc_bool(&r->d, ev, "do_not_record", path, &s->do_not_record);
	read_links(r, s, ev, "links", path);
	read_links(r, s, ev, "attachments", path);
	return s;
}

/* HH:MM of an ISO 8601 date-time's time (chars 11 to 15), or "". */
static void
clock_of(const char *iso, char out[6])
{
	out[0] = '\0';
	if (iso && strlen(iso) >= 16 && (iso[10] == 'T' || iso[10] == ' ')) {
		memcpy(out, iso + 11, 5);
		out[5] = '\0';
	}
}

/* Schema 1: an event listed under day (whose date, day_end and index
 * are given) in room room_key. */
static void
read_event1(struct rd *r, struct jval ev, const char *path,
	    const char *room_key, struct feed_pos room_pos,
	    const char *date, const char *day_end, int day)
{
	if (!jdoc_expect_object(&r->d, ev, path, "an event"))
		return;
	struct feed_session *s = read_event_common(r, ev, path);
	s->id = jdoc_str(&r->d, r->f, ev, "id", path, JDOC_ID);
	s->track = jdoc_str(&r->d, r->f, ev, "track", path, JDOC_STRING);
	s->abstract = jdoc_str(&r->d, r->f, ev, "abstract", path, JDOC_STRING);
	s->description = jdoc_str(&r->d, r->f, ev, "description", path,
				  JDOC_STRING);
	s->room = jdoc_str(&r->d, r->f, ev, "room", path, JDOC_STRING);
	if (s->room.s == NULL)
		s->room = feed_str(r->f, room_key, room_pos);
	s->duration = jdoc_str(&r->d, r->f, ev, "duration", path, JDOC_STRING);
	s->day = day;
	/* The absolute `date` wins; the day's date and `start` are the wall
	 * time the feed also states, on the next date for a night session
	 * (before the day's day_end, when that is on the next date). */
	s->start = jdoc_str(&r->d, r->f, ev, "date", path, JDOC_STRING);
	struct feed_str clock = jdoc_str(&r->d, r->f, ev, "start", path,
					 JDOC_STRING);
	long dn, end_dn;
	if (clock.s && jdoc_day_number(date, date ? strlen(date) : 0, &dn)) {
		char last[6], ymd[11];
		clock_of(day_end, last);
		if (last[0] && jdoc_day_number(day_end, strlen(day_end), &end_dn) &&
		    end_dn > dn && strlen(clock.s) == 5 && strcmp(clock.s, last) < 0)
			dn++;
		jdoc_day_string(dn, ymd);
		char *local = xasprintf("%sT%s", ymd, clock.s);
		s->start_local = feed_str(r->f, local, clock.pos);
		free(local);
	} else if (clock.s) {
		s->start_local = clock; /* the builder says what is wrong */
	}
	if (s->start.s == NULL) {
		s->start = s->start_local;
		s->start_local = (struct feed_str){0};
	}
	read_people(r, s, ev, "persons", path);
}

/* conference.day_change from the days: the time of day the first night
 * ends at (a day's end on a later date than the day; 03:59 read as 04:00),
 * when it is at most 12:00 as sked(5) wants. */
static void
day_change(struct rd *r, const char *date, const char *end, struct feed_pos pos)
{
	long d0, d1;
	char hhmm[6];
	if (r->f->conference.day_change.s || end == NULL ||
	    !jdoc_day_number(date, date ? strlen(date) : 0, &d0) ||
	    !jdoc_day_number(end, strlen(end), &d1) || d1 <= d0)
		return;
	clock_of(end, hhmm);
	/* pretalx ends a day a minute before the next begins (03:59). */
	if (hhmm[0] && strcmp(hhmm + 2, ":59") == 0 && hhmm[0] <= '1' &&
	    hhmm[1] >= '0' && hhmm[1] <= '9') {
		int h = ((hhmm[0] - '0') * 10 + hhmm[1] - '0' + 1) % 24;
		hhmm[0] = (char)('0' + h / 10);
		hhmm[1] = (char)('0' + h % 10);
		hhmm[3] = hhmm[4] = '0';
	}
	if (hhmm[0] && strcmp(hhmm, "12:00") <= 0)
		r->f->conference.day_change = feed_str(r->f, hhmm, pos);
}

static void
read_days1(struct rd *r, struct jval days)
{
	struct jiter it = jdoc_iter(days);
	struct jval day;
	for (size_t k = 0; jdoc_next(&r->d, &it, NULL, &day); k++) {
		char *dp = xasprintf("schedule.conference.days[%zu]", k);
		if (!jdoc_expect_object(&r->d, day, dp, "a day")) {
			free(dp);
			continue;
		}
		struct feed_str date = jdoc_str(&r->d, r->f, day, "date", dp,
						JDOC_STRING);
		struct feed_str end = jdoc_str(&r->d, r->f, day, "day_end", dp,
					       JDOC_STRING);
		day_change(r, date.s, end.s, end.pos);
		/* The day the sessions are listed under: by date from the
		 * conference's start, else by place. */
		long dn;
		int index = (int)k;
		if (r->has_first_day && date.s &&
		    jdoc_day_number(date.s, strlen(date.s), &dn) &&
		    dn - r->first_day >= 0 && dn - r->first_day < 1000)
			index = (int)(dn - r->first_day);
		struct jval rooms = jdoc_get(&r->d, day, "rooms");
		if (rooms.v && !json_is_null(rooms.v)) {
			char *rp = xasprintf("%s.rooms", dp);
			if (jdoc_expect_object(&r->d, rooms, rp,
					       "rooms by name")) {
				struct jiter ri = jdoc_iter(rooms);
				const char *name;
				struct jval evs;
				while (jdoc_next(&r->d, &ri, &name, &evs)) {
					char q[128];
					char *ep = xasprintf("%s[%s]", rp,
							     jdoc_quote(name, q, sizeof(q)));
					struct feed_pos np = jdoc_pos(&r->d, evs);
					declare_room(r, (struct feed_str){0},
						     feed_str(r->f, name, np));
					if (!json_is_array(evs.v)) {
						jdoc_error(&r->d, evs, ep,
							   "expected a list of events, got %s",
							   jdoc_kind(evs.v));
					} else {
						struct jiter ei = jdoc_iter(evs);
						struct jval ev;
						for (size_t e = 0;
						     jdoc_next(&r->d, &ei, NULL, &ev); e++) {
							char *evp = xasprintf("%s[%zu]", ep, e);
							read_event1(r, ev, evp, name, np,
								    date.s, end.s, index);
							free(evp);
						}
					}
					free(ep);
				}
			}
			free(rp);
		}
		free(dp);
	}
}

/* Schema 2: schedule.events[], with references to declared rooms and
 * tracks. */
static void
read_event2(struct rd *r, struct jval ev, const char *path)
{
	if (!jdoc_expect_object(&r->d, ev, path, "an event"))
		return;
	struct feed_session *s = read_event_common(r, ev, path);
	/* The hub's code is pretalx's submission code, its id. */
	s->id = jdoc_str(&r->d, r->f, ev, "code", path, JDOC_ID);
	if (s->id.s == NULL)
		s->id = jdoc_str(&r->d, r->f, ev, "id", path, JDOC_ID);
	s->abstract = localized(r, ev, "abstract", path);
	s->description = localized(r, ev, "description", path);
	s->start = jdoc_str(&r->d, r->f, ev, "start", path, JDOC_STRING);
	s->end = jdoc_str(&r->d, r->f, ev, "end", path, JDOC_STRING);
	if (s->end.s == NULL)
		s->duration = jdoc_str(&r->d, r->f, ev, "duration", path,
				       JDOC_STRING);
	char *rp = xasprintf("%s.room", path);
	struct jval room = jdoc_get(&r->d, ev, "room");
	if (json_is_string(room.v)) {
		s->room = jdoc_text(&r->d, r->f, room, rp, JDOC_STRING);
	} else if (room.v && !json_is_null(room.v) &&
		   jdoc_expect_object(&r->d, room, rp, "a room")) {
		s->room = jdoc_str(&r->d, r->f, room, "name", rp, JDOC_STRING);
		if (s->room.s == NULL)
			s->room = jdoc_str(&r->d, r->f, room, "slug", rp,
					   JDOC_STRING);
	}
	free(rp);
	char *tp = xasprintf("%s.track", path);
	struct jval track = jdoc_get(&r->d, ev, "track");
	if (json_is_string(track.v)) {
		s->track = jdoc_text(&r->d, r->f, track, tp, JDOC_STRING);
	} else if (track.v && !json_is_null(track.v) &&
		   jdoc_expect_object(&r->d, track, tp, "a track")) {
		s->track = jdoc_str(&r->d, r->f, track, "slug", tp, JDOC_STRING);
		if (s->track.s == NULL)
			s->track = jdoc_str(&r->d, r->f, track, "name", tp,
					    JDOC_STRING);
	}
	free(tp);
	read_people(r, s, ev, "participants", path);
	if (s->speakers.n == 0 && s->authors.n == 0)
		read_people(r, s, ev, "persons", path);
}

/* Schema 2's declared rooms and tracks (id: slug). */
static void
read_declared(struct rd *r, struct jval conf)
{
	struct jval list = jdoc_get_list(&r->d, conf, "rooms",
					 "schedule.conference", "a list");
	struct jiter it = jdoc_iter(list);
	struct jval v;
	for (size_t k = 0; jdoc_next(&r->d, &it, NULL, &v); k++) {
		char *p = xasprintf("schedule.conference.rooms[%zu]", k);
		if (jdoc_expect_object(&r->d, v, p, "a room"))
			declare_room(r, jdoc_str(&r->d, r->f, v, "slug", p, JDOC_STRING),
				     jdoc_str(&r->d, r->f, v, "name", p, JDOC_STRING));
		free(p);
	}
	list = jdoc_get_list(&r->d, conf, "tracks", "schedule.conference",
			     "a list");
	it = jdoc_iter(list);
	for (size_t k = 0; jdoc_next(&r->d, &it, NULL, &v); k++) {
		char *p = xasprintf("schedule.conference.tracks[%zu]", k);
		if (jdoc_expect_object(&r->d, v, p, "a track")) {
			struct feed_track *t = feed_add_track(r->f);
			t->pos = jdoc_pos(&r->d, v);
			t->id = jdoc_str(&r->d, r->f, v, "slug", p, JDOC_STRING);
			t->name = jdoc_str(&r->d, r->f, v, "name", p, JDOC_STRING);
		}
		free(p);
	}
}

static void
read_conference(struct rd *r, struct jval conf, bool schema2)
{
	const char *p = "schedule.conference";
	struct feed_conference *c = &r->f->conference;
	c->pos = jdoc_pos(&r->d, conf);
	c->id = jdoc_str(&r->d, r->f, conf, "acronym", p, JDOC_ID);
	c->title = jdoc_str(&r->d, r->f, conf, "title", p, JDOC_STRING);
	c->timezone = jdoc_str(&r->d, r->f, conf, "time_zone_name", p,
			       JDOC_STRING);
	c->url = jdoc_str(&r->d, r->f, conf, "url", p, JDOC_STRING);
	c->start = jdoc_str(&r->d, r->f, conf, "start", p, JDOC_STRING);
	c->end = jdoc_str(&r->d, r->f, conf, "end", p, JDOC_STRING);
	struct jval days = jdoc_get_list(&r->d, conf, "days", p, "a list");
	/* Schema 2 gives instants ("2024-12-27T09:30:00+00:00"), whose UTC
	 * date need not be the local one: the days' dates are the days. */
	struct jiter it = jdoc_iter(days);
	struct jval day;
	struct feed_str first = {0}, last = {0};
	while (jdoc_next(&r->d, &it, NULL, &day)) {
		struct jval date = jdoc_get(&r->d, day, "date");
		if (json_is_string(date.v)) {
			last = feed_str(r->f, json_string_value(date.v),
					jdoc_pos(&r->d, date));
			if (first.s == NULL)
				first = last;
		}
		if (schema2 && json_is_object(day.v)) {
			struct jval end = jdoc_get(&r->d, day, "end");
			day_change(r, json_is_string(date.v) ? json_string_value(date.v) : NULL,
				   json_is_string(end.v) ? json_string_value(end.v) : NULL,
				   jdoc_pos(&r->d, end));
		}
	}
	if (first.s && (c->start.s == NULL || strlen(c->start.s) > 10))
		c->start = first;
	if (last.s && (c->end.s == NULL || strlen(c->end.s) > 10))
		c->end = last;
	if (c->start.s)
		r->has_first_day = jdoc_day_number(c->start.s, strlen(c->start.s),
						   &r->first_day);
	if (schema2) {
		struct jval defaults = jdoc_get(&r->d, conf, "defaults");
		struct jval lang = jdoc_get(&r->d, defaults, "language");
		if (json_is_string(lang.v))
			r->language = json_string_value(lang.v);
		read_declared(r, conf);
	} else {
		/* pretalx declares its rooms too ({name, guid}); frab does not. */
		struct jval list = jdoc_get_list(&r->d, conf, "rooms", p, "a list");
		struct jiter ri = jdoc_iter(list);
		struct jval v;
		for (size_t k = 0; jdoc_next(&r->d, &ri, NULL, &v); k++) {
			char *rp = xasprintf("%s.rooms[%zu]", p, k);
			if (jdoc_expect_object(&r->d, v, rp, "a room"))
				declare_room(r, (struct feed_str){0},
					     jdoc_str(&r->d, r->f, v, "name", rp,
						      JDOC_STRING));
			free(rp);
		}
		read_days1(r, days);
	}
}

bool
frabjson_sniff(const char *head, size_t n)
{
	static const char *const keys[] = {"schedule", "conference", NULL};
	return jdoc_sniff(head, n, keys);
}

bool
frabjson_read(struct feed *f, const char *buf, size_t len,
	      struct diag_list *diags)
{
	size_t errors = diags->errors;
	struct rd r = {.f = f};
	if (!jdoc_parse(&r.d, f->file, buf, len, diags))
		return false;
	f->flags |= FEED_CREATE_REFERENCES | FEED_DERIVE_IDS | FEED_HTML_TEXTS;
	strset_init(&r.rooms, 64);
	struct jval root = jdoc_root(&r.d);
	struct jval sched = jdoc_get(&r.d, root, "schedule");
	struct jval conf = jdoc_get(&r.d, sched, "conference");
	if (!json_is_object(sched.v) || !json_is_object(conf.v)) {
		jdoc_error(&r.d, sched.v ? sched : root,
			   sched.v ? "schedule" : "the file",
			   "expected a c3voc schedule: an object \"schedule\" "
			   "holding an object \"conference\"");
	} else {
		/* Schema 2 lists events beside the conference; schema 1
		 * inside its days. */
		struct jval events = jdoc_get(&r.d, sched, "events");
		bool schema2 = events.v != NULL;
		r.persons = jdoc_get_list(&r.d, sched, "persons", "schedule",
					  "a list");
		read_conference(&r, conf, schema2);
		r.f->conference.base_url = jdoc_str(&r.d, r.f, sched, "base_url",
						    "schedule", JDOC_STRING);
		if (schema2) {
			events = jdoc_get_list(&r.d, sched, "events", "schedule",
					       "a list");
			struct jiter it = jdoc_iter(events);
			struct jval ev;
			for (size_t k = 0; jdoc_next(&r.d, &it, NULL, &ev); k++) {
				char *p = xasprintf("schedule.events[%zu]", k);
				read_event2(&r, ev, p);
				free(p);
			}
		}
	}
	strset_finish(&r.rooms);
	jdoc_free(&r.d);
	return diags->errors == errors;
}
