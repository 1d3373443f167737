/* The schedule.xml reader's elements (frabxml_scan.h): what <conference>,
 * <day>, <room> and <event> become in the feed, their text and
 * attributes, and the dates and times they hold. read_frabxml.c streams
 * the document and hands each of them here. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "sked/strset.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

#include "frabxml_scan.h"

/* ---- text ---- */

/* The text of a node list that is one text node (or none): the text
 * itself, not a copy, which is what nearly every element and attribute of
 * a schedule holds; NULL for anything else (the caller asks libxml2). */
static const char *
fx_only_text(const xmlNode *c)
{
	if (c == NULL)
		return "";
	if (c->next == NULL && c->type == XML_TEXT_NODE && c->content != NULL)
		return (const char *)c->content;
	return NULL;
}

/* The text of element n (its descendants' text, CDATA included). */
static struct feed_str
fx_text(struct fx *x, const xmlNode *n)
{
	const char *s = fx_only_text(n->children);
	xmlChar *c = s ? NULL : xmlNodeGetContent(n);
	if (s == NULL)
		s = c ? (const char *)c : "";
	struct feed_str r = feed_text(x->f, s, strlen(s), fx_content_pos(x, n),
				      FEED_TEXT_TRIM);
	xmlFree(c);
	return r;
}

static struct feed_str
fx_attr(struct fx *x, const xmlNode *n, const char *name)
{
	/* As xmlGetProp finds it (the first of that name, whatever its
	 * namespace), without its copy. */
	const xmlAttr *a = n->properties;
	while (a != NULL && strcmp((const char *)a->name, name) != 0)
		a = a->next;
	if (a == NULL)
		return (struct feed_str){0};
	const char *s = fx_only_text(a->children);
	xmlChar *v = s ? NULL : xmlGetProp(n, (const xmlChar *)name);
	if (s == NULL && v == NULL)
		return (struct feed_str){0};
	if (s == NULL)
		s = (const char *)v;
	struct feed_str r = feed_text(x->f, s, strlen(s),
				      fx_attr_pos(x, fx_loc_of(x, n), name),
				      FEED_TEXT_TRIM);
	xmlFree(v);
	return r;
}

static bool
fx_is(const xmlNode *n, const char *name)
{
	/* The first letters first: an event's children are tested against
	 * a dozen names. */
	return n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	       n->name[0] == (xmlChar)name[0] &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Sets *dst from element n, warning when the element repeats. */
static void
fx_set(struct fx *x, struct feed_str *dst, const xmlNode *n)
{
	if (dst->s != NULL) {
		struct feed_pos p = fx_where(x, fx_loc_of(x, n).off);
		diag_add(x->diags, DIAG_WARNING, x->f->file, p.line, p.column,
			 "<%s> given twice (the first is used)",
			 (const char *)n->name);
		return;
	}
	*dst = fx_text(x, n);
}

/* ---- dates and times ---- */

static bool
fx_digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* "HH:MM" or "HH:MM:SS" (or "H:MM"): minutes and seconds. */
static bool
fx_parse_clock(const char *s, int *minutes, int *seconds)
{
	int h, m, sec = 0;
	size_t hl = s[1] == ':' ? 1 : 2;
	if (!fx_digits(s, (int)hl, &h) || s[hl] != ':' ||
	    !fx_digits(s + hl + 1, 2, &m))
		return false;
	const char *r = s + hl + 3;
	if (*r == ':' && fx_digits(r + 1, 2, &sec))
		r += 3;
	if (*r != '\0' || h > 23 || m > 59 || sec > 59)
		return false;
	*minutes = h * 60 + m;
	*seconds = sec;
	return true;
}

/* "YYYY-MM-DDTHH:MM[:SS[.fff]]" and a zone (Z, +HH:MM, +HHMM): the wall
 * time as written, its seconds, and the instant. */
static bool
fx_parse_instant(const char *s, struct tz_wall *w, int *sec, int64_t *t)
{
	int y, mo, d, h, mi, se = 0, oh = 0, om = 0;
	if (strlen(s) < 16 || !fx_digits(s, 4, &y) || s[4] != '-' ||
	    !fx_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !fx_digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
	    !fx_digits(s + 11, 2, &h) || s[13] != ':' ||
	    !fx_digits(s + 14, 2, &mi) || !tz_date_valid(y, mo, d) || h > 23 ||
	    mi > 59)
		return false;
	const char *r = s + 16;
	if (*r == ':') {
		if (!fx_digits(r + 1, 2, &se) || se > 59)
			return false;
		r += 3;
		if (*r == '.')
			for (r++; *r >= '0' && *r <= '9'; r++)
				;
	}
	int sign = 0;
	if (*r == 'Z' && r[1] == '\0') {
		sign = 1;
	} else if ((*r == '+' || *r == '-') && fx_digits(r + 1, 2, &oh)) {
		sign = *r == '+' ? 1 : -1;
		const char *m = r[3] == ':' ? r + 4 : r + 3;
		if (!fx_digits(m, 2, &om) || m[2] != '\0' || oh > 14 || om > 59)
			return false;
	} else {
		return false;
	}
	*w = (struct tz_wall){y, mo, d, h, mi};
	*sec = se;
	*t = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	     sign * (oh * 3600 + om * 60);
	return true;
}

/* An instant of the feed as a wall time in the conference's zone (when
 * the feed names one libical knows; else as written, which is what frab
 * writes: local time with its offset). wafer writes a day's start and end
 * in UTC, DebConf's among them, so the conversion matters. */
static bool
fx_local(const struct fx *x, const char *s, struct tz_wall *w, int *sec)
{
	int64_t t;
	if (s == NULL || !fx_parse_instant(s, w, sec, &t))
		return false;
	if (x->zone != NULL) {
		int off;
		tz_from_utc(x->zone, t, w, &off);
		*sec = (int)(((t % 60) + 60) % 60);
	}
	return true;
}

/* ---- the conference ---- */

void
fx_conference(struct fx *x, xmlNode *c)
{
	struct feed_conference *k = &x->f->conference;
	struct feed_str base_url = {0}, venue = {0}, city = {0}, change = {0};
	k->pos = fx_pos(x, c);
	for (xmlNode *n = c->children; n != NULL; n = n->next) {
		if (fx_is(n, "acronym"))
			fx_set(x, &k->id, n);
		else if (fx_is(n, "title"))
			fx_set(x, &k->title, n);
		else if (fx_is(n, "start"))
			fx_set(x, &k->start, n);
		else if (fx_is(n, "end"))
			fx_set(x, &k->end, n);
		else if (fx_is(n, "time_zone_name"))
			fx_set(x, &k->timezone, n);
		else if (fx_is(n, "url"))
			fx_set(x, &k->url, n);
		else if (fx_is(n, "base_url"))
			fx_set(x, &base_url, n);
		else if (fx_is(n, "venue"))
			fx_set(x, &venue, n);
		else if (fx_is(n, "city"))
			fx_set(x, &city, n);
		else if (fx_is(n, "day_change"))
			fx_set(x, &change, n);
		else if (fx_is(n, "track")) {
			struct feed_str name = fx_attr(x, n, "name");
			if (name.s == NULL)
				name = fx_text(x, n);
			if (name.s != NULL && !strset_add(&x->tracks, name.s)) {
				struct feed_track *t = feed_add_track(x->f);
				t->pos = fx_pos(x, n);
				t->name = name;
			}
		}
	}
	k->base_url = base_url;
	/* frab may write the dates as instants: their date is the day. */
	struct feed_str *dates[] = {&k->start, &k->end};
	for (size_t i = 0; i < 2; i++)
		if (dates[i]->s != NULL && strlen(dates[i]->s) > 10 &&
		    (dates[i]->s[10] == 'T' || dates[i]->s[10] == ' '))
			*dates[i] = feed_strn(x->f, dates[i]->s, 10,
					      dates[i]->pos);
	struct tz_date d;
	if (k->start.s != NULL && tz_parse_date(k->start.s, &d)) {
		x->have_start = true;
		x->start_days = tz_days_from_civil(d.year, d.month, d.day);
	}
	if (venue.s != NULL && city.s != NULL) {
		char *l = xasprintf("%s, %s", venue.s, city.s);
		k->location = feed_str(x->f, l, venue.pos);
		free(l);
	} else {
		k->location = venue.s != NULL ? venue : city;
	}
	int m, s;
	if (change.s != NULL && fx_parse_clock(change.s, &m, &s)) {
		char hm[32];
		snprintf(hm, sizeof(hm), "%02d:%02d", m / 60 % 100, m % 60);
		k->day_change = feed_str(x->f, hm, change.pos);
		x->day_change = m;
	} else {
		k->day_change = change; /* as found: the builder says what is wrong */
	}
	if (k->timezone.s != NULL)
		x->zone = tz_find(k->timezone.s);
}

/* ---- days and rooms ---- */

static char *
fx_reader_attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* A <day index date start end>: the date its events' <start>s are on,
 * which day of the conference it is, and (from the first day that ends
 * after midnight) the conference's day_change. */
void
fx_day(struct fx *x, xmlTextReaderPtr r, struct fx_loc l)
{
	char *index = fx_reader_attr(r, "index"), *date = fx_reader_attr(r, "date"),
	     *start = fx_reader_attr(r, "start"), *end = fx_reader_attr(r, "end");
	struct tz_wall w;
	int sec;
	x->have_date = false;
	x->rollover = x->day_change;
	if (fx_local(x, start, &w, &sec)) {
		x->date = (struct tz_date){w.year, w.month, w.day};
		x->have_date = true;
	} else if (date != NULL && tz_parse_date(date, &x->date)) {
		x->have_date = true;
	} else {
		struct feed_pos p = fx_where(x, l.off);
		diag_add(x->diags, DIAG_WARNING, x->f->file, p.line, p.column,
			 "<day>: expected a date=\"YYYY-MM-DD\" or a start "
			 "date and time; its events' <start> times have no date");
	}
	int64_t days = x->have_date ? tz_days_from_civil(x->date.year,
							  x->date.month,
							  x->date.day)
				    : 0;
	int i;
	x->day = -1;
	if (x->have_date && x->have_start && days - x->start_days >= 0 &&
	    days - x->start_days < INT_MAX)
		x->day = (int)(days - x->start_days);
	else if (index != NULL && strlen(index) <= 4 &&
		 fx_digits(index, (int)strlen(index), &i) && i >= 1)
		x->day = i - 1;
	/* A day that ends on the next date, early in the morning, says
	 * when one conference day turns into the next (36C3: 04:00); its
	 * <start>s before that time are after midnight. */
	if (x->have_date && fx_local(x, end, &w, &sec) &&
	    tz_days_from_civil(w.year, w.month, w.day) == days + 1) {
		int m = w.hour * 60 + w.minute + (sec > 0);
		x->rollover = m;
		if (m <= 12 * 60 && x->f->conference.day_change.s == NULL) {
			char hm[32];
			snprintf(hm, sizeof(hm), "%02d:%02d", m / 60, m % 60);
			x->f->conference.day_change =
				feed_str(x->f, hm, fx_attr_pos(x, l, "end"));
		}
	}
	xmlFree(index);
	xmlFree(date);
	xmlFree(start);
	xmlFree(end);
}

void
fx_room(struct fx *x, xmlTextReaderPtr r, struct fx_loc l)
{
	char *name = fx_reader_attr(r, "name");
	x->room = (struct feed_str){0};
	if (name != NULL)
		x->room = feed_text(x->f, name, strlen(name),
				    fx_attr_pos(x, l, "name"), FEED_TEXT_TRIM);
	xmlFree(name);
	if (x->room.s != NULL && !strset_add(&x->rooms, x->room.s)) {
		struct feed_room *room = feed_add_room(x->f);
		room->pos = fx_loc_pos(l);
		room->name = x->room;
	}
}

/* ---- one event ---- */

static void
fx_people(struct fx *x, struct feed_session *s, const xmlNode *list)
{
	for (xmlNode *n = list->children; n != NULL; n = n->next) {
		if (!fx_is(n, "person"))
			continue;
		struct feed_person *p = feed_add_person(x->f, &s->speakers);
		p->pos = fx_pos(x, n);
		p->name = fx_text(x, n);
		p->id = fx_attr(x, n, "id");
	}
}

static void
fx_links(struct fx *x, struct feed_session *s, const xmlNode *list,
	 const char *item)
{
	for (xmlNode *n = list->children; n != NULL; n = n->next) {
		if (!fx_is(n, item))
			continue;
		struct feed_link *k = feed_add_link(x->f, &s->links);
		k->url = fx_attr(x, n, "href");
		k->title = fx_text(x, n);
		if (k->url.s == NULL)
			k->url.pos = fx_pos(x, n);
	}
}

/* The wall time of <start> on the day's date; a time before the day's
 * end, when that is on the next date (or before the conference's
 * day_change), is after midnight: on the next date, yet in the same day. */
static struct feed_str
fx_start_local(struct fx *x, struct feed_str start)
{
	int m, sec;
	if (start.s == NULL || !x->have_date ||
	    !fx_parse_clock(start.s, &m, &sec))
		return start; /* as found: the builder says what is wrong */
	int64_t days = tz_days_from_civil(x->date.year, x->date.month,
					  x->date.day);
	if (x->rollover >= 0 && m < x->rollover)
		days++;
	struct tz_date d;
	tz_civil_from_days(days, &d);
	char buf[32];
	if (d.year < 0 || d.year > 9999) {
		/* Out of the builder's range: it says so about this text. */
		if (sec)
			snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d",
				 d.year, d.month, d.day, m / 60, m % 60, sec);
		else
			snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d",
				 d.year, d.month, d.day, m / 60, m % 60);
		return feed_str(x->f, buf, start.pos);
	}
	/* "YYYY-MM-DDTHH:MM[:SS]", for every event: no snprintf. */
	const int v[] = {d.year / 100, d.year % 100, d.month, d.day,
			 m / 60,       m % 60,        sec};
	const char sep[] = {0, 0, '-', '-', 'T', ':', ':'};
	size_t o = 0, parts = sec ? 7 : 6;
	for (size_t i = 0; i < parts; i++) {
		if (sep[i])
			buf[o++] = sep[i];
		buf[o++] = (char)('0' + v[i] / 10);
		buf[o++] = (char)('0' + v[i] % 10);
	}
	buf[o] = '\0';
	return feed_str(x->f, buf, start.pos);
}

static void
fx_languages(struct fx *x, struct feed_session *s, struct feed_str l)
{
	if (l.s == NULL)
		return;
	for (const char *p = l.s; *p;) {
		size_t n = strcspn(p, ", ");
		if (n > 0)
			feed_add_str(x->f, &s->languages,
				     feed_strn(x->f, p, n, l.pos));
		p += n;
		p += strspn(p, ", ");
	}
}

void
fx_event(struct fx *x, xmlNode *e)
{
	struct feed_session *s = feed_add_session(x->f);
	struct feed_str start = {0}, language = {0}, room = {0};
	x->n_events++;
	s->pos = fx_pos(x, e);
	s->id = fx_attr(x, e, "id");
	s->guid = fx_attr(x, e, "guid");
	s->day = x->day;
	for (xmlNode *n = e->children; n != NULL; n = n->next) {
		if (fx_is(n, "title"))
			fx_set(x, &s->title, n);
		else if (fx_is(n, "subtitle"))
			fx_set(x, &s->subtitle, n);
		else if (fx_is(n, "type"))
			fx_set(x, &s->type, n);
		else if (fx_is(n, "track"))
			fx_set(x, &s->track, n);
		else if (fx_is(n, "room"))
			fx_set(x, &room, n);
		else if (fx_is(n, "date"))
			fx_set(x, &s->start, n);
		else if (fx_is(n, "start"))
			fx_set(x, &start, n);
		else if (fx_is(n, "duration"))
			fx_set(x, &s->duration, n);
		else if (fx_is(n, "abstract"))
			fx_set(x, &s->abstract, n);
		else if (fx_is(n, "description"))
			fx_set(x, &s->description, n);
		else if (fx_is(n, "url"))
			fx_set(x, &s->url, n);
		else if (fx_is(n, "feedback_url"))
			fx_set(x, &s->feedback_url, n);
		else if (fx_is(n, "language"))
			fx_set(x, &language, n);
		else if (fx_is(n, "persons"))
			fx_people(x, s, n);
		else if (fx_is(n, "links"))
			fx_links(x, s, n, "link");
		else if (fx_is(n, "attachments"))
			fx_links(x, s, n, "attachment");
		else if (fx_is(n, "recording"))
			for (xmlNode *o = n->children; o; o = o->next)
				if (fx_is(o, "optout")) {
					struct feed_str v = fx_text(x, o);
					s->do_not_record =
						v.s && strcmp(v.s, "true") == 0;
				}
	}
	s->room = room.s != NULL ? room : x->room;
	fx_languages(x, s, language);
	/* <date> is the instant; <start> on the day's date is the wall
	 * time the feed also states, which the builder checks against it. */
	struct feed_str local = fx_start_local(x, start);
	int m, sec;
	if (s->start.s == NULL && start.s != NULL && x->have_date &&
	    !fx_parse_clock(start.s, &m, &sec)) {
		/* Said as XML writes it (the builder would ask for a
		 * date and time, which <start> never has). */
		char got[64];
		struct feed_pos at = feed_pos_resolve(x->f, start.pos);
		diag_add(x->diags, DIAG_ERROR, x->f->file, at.line, at.column,
			 "<start>: expected a time of day HH:MM (00:00 to "
			 "23:59), got %s",
			 diag_quote(start.s, got, sizeof(got)));
		x->bad = true;
		return;
	}
	if (s->start.s != NULL)
		s->start_local = local;
	else
		s->start = local;
}
