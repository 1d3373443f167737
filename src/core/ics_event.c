/* The iCalendar reader's events (see ics_read.h): a VEVENT as a session,
 * its UID, SUMMARY, URL, LOCATION, CATEGORIES, DESCRIPTION (with a
 * "Speakers:" line), ATTENDEEs or ORGANIZER, and its times; an
 * occurrence's copy and id. read_ics.c reads the file and calls these. */
#include <libical/ical.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/text.h"
#include "sked/xalloc.h"

#include "ics_read.h"

/* ---- one event ---- */

static bool
is_indico(const char *uid, size_t *id_len)
{
	const char *pre = "indico-contribution-";
	if (uid == NULL || strncmp(uid, pre, strlen(pre)) != 0)
		return false;
	const char *d = uid + strlen(pre);
	size_t n = strspn(d, "0123456789");
	if (n == 0 || d[n] != '@')
		return false;
	*id_len = n;
	return true;
}

void
ics_times_of(struct rd *rd, icalcomponent *c, const struct ics_props *px,
	 struct ics_times *tm)
{
	const struct ics_comp *ev = px->ev;
	*tm = (struct ics_times){0};
	tm->spos = ics_props_pos(px, "DTSTART");
	tm->dtstart = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
	if (tm->dtstart == NULL) {
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, ev->pos.line,
			 ev->pos.column,
			 "VEVENT without DTSTART: kept unscheduled");
		return;
	}
	tm->t = icalproperty_get_dtstart(tm->dtstart);
	if (!ics_resolve(rd, tm->dtstart, tm->t, tm->spos, &tm->start))
		return;
	if (tm->start.date) {
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, tm->spos.line,
			 tm->spos.column,
			 "all-day event (DTSTART is a date): kept unscheduled");
		return;
	}
	tm->ok = true;
	tm->epos = tm->spos;
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY);
	if (p != NULL) {
		tm->epos = ics_props_pos(px, "DTEND");
		struct ics_when end;
		if (!ics_resolve(rd, p, icalproperty_get_dtend(p), tm->epos,
				 &end))
			return;
		if (end.date || end.floating == tm->start.floating) {
			tm->dur = end.t - tm->start.t;
			return;
		}
		/* One has a zone (or is UTC) and the other none (RFC 5545
		 * wants both or neither; a zone misspelt on one makes it
		 * so): the one without is read in the other's zone. Taken
		 * as they are, a wall time less an instant was hours out. */
		const struct ics_when *zoned = end.floating ? &tm->start : &end;
		tm->dur = end.floating
				  ? ics_wall_in(zoned, end.t) - tm->start.t
				  : end.t - ics_wall_in(zoned, tm->start.t);
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, tm->epos.line,
			 tm->epos.column,
			 "%s has a time zone (%s) and %s none: the length "
			 "read as if both were in it",
			 end.floating ? "DTSTART" : "DTEND",
			 zoned->zone ? zoned->zone->name : "UTC",
			 end.floating ? "DTEND" : "DTSTART");
		return;
	}
	p = icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY);
	size_t at = 0;
	const struct ics_prop *dp = ics_props_next(px, "DURATION", &at);
	if (p != NULL && dp != NULL) {
		/* As the file writes it, for the builder, which parses every
		 * format's durations (feed.h) and names the value when it is
		 * too long: libical's icaldurationtype_as_int() overflows an
		 * int (P99999999W "ended" in 1969). */
		char *v = ics_props_value(px, dp);
		tm->epos = dp->pos;
		if (strpbrk(v, "0123456789") == NULL) {
			/* "P", "PT": libical takes them as nothing, as it
			 * drops "PTH" with a warning of its own. */
			char got[64];
			diag_add(rd->diags, DIAG_WARNING, rd->f->file,
				 dp->pos.line, dp->pos.column,
				 "DURATION: no duration in %s: read as no end "
				 "(zero length)", diag_quote(v, got, sizeof(got)));
		} else {
			tm->duration = feed_str(rd->f, v + (v[0] == '+'),
						dp->pos);
		}
		free(v);
	}
	/* Neither: a DATE-TIME start alone is a zero-length event (RFC 5545
	 * 3.6.1). */
}

void
ics_set_times(struct rd *rd, struct feed_session *s, const struct ics_times *tm,
	  const struct ics_when *w)
{
	s->start = ics_when_str(rd, w, w->t, tm->spos);
	if (tm->duration.s != NULL)
		s->duration = tm->duration;
	else
		s->end = ics_when_str(rd, w, w->t + tm->dur, tm->epos);
}

/* The end of the double-quoted name at a ('"' doubled inside, as sked's
 * export writes a name holding a comma, a parenthesis or a quote), up to
 * eol; NULL when it is not closed. Its text, undoubled, in *name. */
static const char *
quoted_name(struct rd *rd, const char *a, const char *eol,
	    struct feed_pos pos, struct feed_str *name)
{
	const char *q = a + 1;
	for (; q < eol; q++)
		if (*q == '"') {
			if (q + 1 < eol && q[1] == '"')
				q++;
			else
				break;
		}
	if (q >= eol)
		return NULL;
	char *text = xmalloc((size_t)(q - a));
	size_t n = 0;
	for (const char *c = a + 1; c < q; c++) {
		text[n++] = *c;
		if (*c == '"')
			c++;
	}
	const char *t = text;
	n = text_trim(&t, n);
	*name = n > 0 ? ics_fstr(rd, t, n, pos) : (struct feed_str){.pos = pos};
	free(text);
	return q + 1;
}

/* Speakers from a description's leading "Speakers: Name (Affiliation),
 * Name" line (Indico; "Speaker:" and Kieler Linuxtage's "von:" alike; a
 * name in double quotes is taken whole), when want; returns the
 * description after that line. */
static const char *
speakers_line(struct rd *rd, struct feed_session *s, const char *d,
	      bool want, struct feed_pos pos)
{
	static const char *const labels[] = {"Speakers:", "Speaker:", "von:"};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]) && !n; i++)
		if (strncasecmp(d, labels[i], strlen(labels[i])) == 0)
			n = strlen(labels[i]);
	if (n == 0)
		return d;
	const char *p = d + n, *eol = strchr(p, '\n');
	if (eol == NULL)
		eol = p + strlen(p);
	while (want && p < eol) {
		/* One name, up to a comma outside parentheses and quotes. */
		const char *a = p;
		while (a < eol && (*a == ' ' || *a == '\t'))
			a++;
		struct feed_str quoted = {0};
		const char *after = *a == '"'
			? quoted_name(rd, a, eol, pos, &quoted)
			: NULL;
		const char *e = after ? after : p;
		int depth = 0;
		while (e < eol && (depth > 0 || *e != ',')) {
			depth += *e == '(' ? 1 : *e == ')' && depth ? -1 : 0;
			e++;
		}
		const char *b = e;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		const char *aff = NULL, *aff_end = NULL;
		if (after != NULL) {
			/* "Name" or "Name" (Affiliation); anything else after
			 * the quotes ("Weird Al" Yankovic) is a name as it is
			 * written, quotes and all. */
			while (after < b && (*after == ' ' || *after == '\t'))
				after++;
			if (after < b && *after == '(' && b[-1] == ')')
				aff = after + 1, aff_end = b - 1;
			else if (after < b)
				after = NULL;
		}
		if (after == NULL && b > a && b[-1] == ')') {
			/* "Name (Affiliation)": the last parenthesis. */
			const char *q = b - 1;
			for (depth = 0; q > a; q--) {
				depth += *q == ')' ? 1 : *q == '(' ? -1 : 0;
				if (depth == 0)
					break;
			}
			if (*q == '(' && q > a) {
				aff = q + 1, aff_end = b - 1;
				b = q;
				while (b > a && b[-1] == ' ')
					b--;
			}
		}
		if (after != NULL ? quoted.s != NULL && quoted.s[0] != '\0'
				  : b > a) {
			struct feed_person *sp = feed_add_person(rd->f, &s->speakers);
			sp->pos = pos;
			sp->name = after ? quoted
					 : ics_fstr(rd, a, (size_t)(b - a), pos);
			if (aff != NULL && aff_end > aff)
				sp->affiliation =
					ics_fstr(rd, aff, (size_t)(aff_end - aff), pos);
		}
		p = e < eol ? e + 1 : e;
	}
	while (*eol == '\n')
		eol++;
	return eol;
}

/* The room in a LOCATION: sched.com writes "room, address" and Indico
 * "room (venue)"; other feeds' locations are rooms as they are. */
static size_t
room_len(const struct rd *rd, bool indico, const char *loc)
{
	size_t n = strlen(loc);
	if (rd->sched && strchr(loc, ',') != NULL)
		n = (size_t)(strchr(loc, ',') - loc);
	else if (indico && n > 0 && loc[n - 1] == ')') {
		const char *open = strstr(loc, " (");
		if (open != NULL && open > loc)
			n = (size_t)(open - loc);
	}
	while (n > 0 && (loc[n - 1] == ' ' || loc[n - 1] == '\t'))
		n--;
	return n ? n : strlen(loc);
}

/* A new session from the VEVENT c, without its times. */
size_t
ics_make_session(struct rd *rd, icalcomponent *c, const struct ics_props *px)
{
	const struct ics_comp *ev = px->ev;
	struct feed *f = rd->f;
	struct feed_session *s = feed_add_session(f);
	size_t index = (size_t)(s - f->sessions);
	s->pos = ev->pos;
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_UID_PROPERTY);
	const char *uid = ics_prop_text(p);
	size_t id_len = 0;
	bool indico = is_indico(uid, &id_len);
	if (uid != NULL && *uid) {
		struct feed_pos pos = ics_props_pos(px, "UID");
		s->guid = feed_str(f, uid, pos);
		s->id = indico ? ics_fstr(rd, uid + strlen("indico-contribution-"),
				      id_len, pos)
			       : s->guid;
		/* sked's export: "ID@CONFERENCE.sked", the ids it came with
		 * (the conference's from the first such UID; one of another
		 * conference keeps its UID as its id). */
		const char *at = rd->sked ? strrchr(uid, '@') : NULL;
		size_t n = at ? strlen(at) : 0;
		if (at != NULL && at > uid && n > 6 &&
		    strcmp(at + n - 5, ".sked") == 0) {
			const char *conf = at + 1;
			size_t conf_len = n - 6;
			const struct feed_str *cid = &f->conference.id;
			if (cid->s == NULL)
				f->conference.id = ics_fstr(rd, conf, conf_len, pos);
			if (strlen(f->conference.id.s) == conf_len &&
			    strncmp(f->conference.id.s, conf, conf_len) == 0)
				s->id = ics_fstr(rd, uid, (size_t)(at - uid), pos);
		}
	}

	p = icalcomponent_get_first_property(c, ICAL_SUMMARY_PROPERTY);
	char *title = ics_clean_text(ics_prop_text(p), false);
	if (title != NULL) {
		struct feed_pos pos =
			ics_props_pos(px, "SUMMARY");
		size_t n = strlen(title);
		char *label = n > 0 && title[n - 1] == ']' ? strrchr(title, '[')
							   : NULL;
		if (indico && label != NULL && label > title + 1 &&
		    label[-1] == ' ') {
			/* Indico's " [label]": the title stays clean. */
			feed_add_str(f, &s->tags,
				     ics_fstr(rd, label + 1,
					  (size_t)(title + n - 1 - label - 1),
					  pos));
			n = (size_t)(label - 1 - title);
		}
		s->title = ics_fstr(rd, title, n, pos);
		free(title);
	}

	p = icalcomponent_get_first_property(c, ICAL_URL_PROPERTY);
	const char *url = ics_prop_text(p);
	if (url != NULL && *url)
		s->url = feed_str(f, url,
				  ics_props_pos(px, "URL"));

	p = icalcomponent_get_first_property(c, ICAL_LOCATION_PROPERTY);
	char *loc = ics_clean_text(ics_prop_text(p), false);
	if (loc != NULL) {
		s->room = ics_fstr(rd, loc, room_len(rd, indico, loc),
			       ics_props_pos(px, "LOCATION"));
		free(loc);
	}

	size_t k = 0;
	for (p = icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY);
	     p != NULL;
	     p = icalcomponent_get_next_property(c, ICAL_CATEGORIES_PROPERTY)) {
		char *cat = ics_clean_text(ics_prop_text(p), false);
		if (cat == NULL)
			continue;
		struct feed_str v = feed_str(
			f, cat, ics_props_pos(px, "CATEGORIES"));
		free(cat);
		if (k++ == 0 && rd->sched)
			s->type = v;
		else if (k == 1)
			s->track = v;
		else
			feed_add_str(f, &s->tags, v);
	}

	/* Speakers: the description's "Speakers:" line, else ATTENDEEs,
	 * else the ORGANIZER. */
	p = icalcomponent_get_first_property(c, ICAL_DESCRIPTION_PROPERTY);
	char *desc = ics_clean_text(ics_prop_text(p), true);
	if (desc != NULL) {
		struct feed_pos pos =
			ics_props_pos(px, "DESCRIPTION");
		const char *rest = speakers_line(rd, s, desc, true, pos);
		size_t n = strlen(rest);
		/* Indico ends its descriptions with the URL again. */
		size_t u = url ? strlen(url) : 0;
		if (u > 0 && n >= u && strcmp(rest + n - u, url) == 0 &&
		    (n == u || rest[n - u - 1] == '\n')) {
			n -= u;
			while (n > 0 && rest[n - 1] == '\n')
				n--;
		}
		if (n > 0)
			s->abstract = ics_fstr(rd, rest, n, pos);
		free(desc);
	}
	static const icalproperty_kind people[] = {ICAL_ATTENDEE_PROPERTY,
						   ICAL_ORGANIZER_PROPERTY};
	for (size_t i = 0; i < 2 && s->speakers.n == 0; i++) {
		const char *name = i ? "ORGANIZER" : "ATTENDEE";
		/* The k-th of libical's is the k-th line of that name. */
		size_t at = 0;
		struct feed_pos pos = ev->pos;
		for (p = icalcomponent_get_first_property(c, people[i]); p;
		     p = icalcomponent_get_next_property(c, people[i])) {
			const struct ics_prop *q = ics_props_next(px, name, &at);
			pos = q ? q->pos : pos;
			icalparameter *cn = icalproperty_get_first_parameter(
				p, ICAL_CN_PARAMETER);
			char *who = ics_clean_text(cn ? icalparameter_get_cn(cn) : NULL, false);
			if (who == NULL)
				continue;
			struct feed_person *sp = feed_add_person(f, &s->speakers);
			sp->pos = pos;
			sp->name = feed_str(f, who, pos);
			free(who);
		}
	}
	return index;
}

/* A copy of session i sharing its strings (an occurrence of a recurring
 * event); arrays are copied so that each session owns its own. */
size_t
ics_copy_session(struct rd *rd, size_t i)
{
	struct feed *f = rd->f;
	struct feed_session *s = feed_add_session(f);
	const struct feed_session *t = &f->sessions[i];
	*s = *t;
	s->speakers = (struct feed_people){0};
	s->authors = (struct feed_people){0};
	s->tags = (struct feed_strs){0};
	s->languages = (struct feed_strs){0};
	s->links = (struct feed_links){0};
	for (size_t k = 0; k < t->speakers.n; k++)
		*feed_add_person(f, &s->speakers) = t->speakers.v[k];
	for (size_t k = 0; k < t->tags.n; k++)
		feed_add_str(f, &s->tags, t->tags.v[k]);
	return f->n_sessions - 1;
}

/* The id of one occurrence: the UID and the occurrence's start, so that
 * it is the same on every import and for the VEVENT that replaces it
 * (RECURRENCE-ID). */
void
ics_occurrence_id(struct rd *rd, struct feed_session *s, const char *uid,
	      const struct ics_when *w)
{
	char key[40];
	ics_when_key(w, w->t, key, sizeof(key));
	char *id = xasprintf("%s-%s", uid ? uid : "", key);
	s->id = feed_str(rd->f, id, s->guid.pos);
	s->guid = (struct feed_str){0};
	free(id);
}
