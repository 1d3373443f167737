/* The iCalendar reader: see include/sked/ics.h for what becomes what.
 *
 * ics_scan() first checks the raw text and says where each component is;
 * libical then parses one VEVENT (or VTIMEZONE) at a time, so that its
 * memory stays that of one component and every message names the
 * component's (or the property's) line and column. A recurring event is
 * expanded in ics_recur.c, its times and zones read in ics_time.c. */
#include "sked/ics.h"

#include <libical/ical.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/html.h"
#include "sked/program.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

#include "ics_read.h"

/* ---- text ---- */

/* Appends the UTF-8 form of cp. */
static char *
put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3F));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* The HTML entity at s ("&amp;", "&#233;", "&#xE9;"): its code point and
 * length, or 0 when s is not one sked decodes. */
static size_t
entity(const char *s, uint32_t *cp)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
		{"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", 0xA0},
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strncmp(s, named[i].name, strlen(named[i].name)) == 0) {
			*cp = named[i].cp;
			return strlen(named[i].name);
		}
	if (s[1] != '#')
		return 0;
	bool hex = s[2] == 'x' || s[2] == 'X';
	size_t i = hex ? 3 : 2;
	uint32_t v = 0;
	size_t digits = 0;
	for (;; i++, digits++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'            ? c - '0'
			: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
						      : -1;
		if (d < 0 || digits > 7)
			break;
		v = v * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (digits == 0 || s[i] != ';' || v == 0 || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return i + 1;
}

/* Text as a reader stores it (feed.h): every line ending (CR LF, a lone
 * or doubled CR) one LF, HTML entities decoded (sched.com writes "&amp;"
 * into plain text), with html markup made text (html.h), and no white
 * space around it. NULL when nothing is left. The caller frees it. */
static char *
clean_text(const char *s, bool html)
{
	if (s == NULL)
		return NULL;
	size_t len = strlen(s);
	char *out = xmalloc(len + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		/* The text up to a CR or an entity, copied whole. */
		size_t k = strcspn(s + i, "\r&");
		memcpy(o, s + i, k);
		o += k, i += k;
		if (i == len)
			break;
		uint32_t cp;
		size_t n;
		if (s[i] == '\r') {
			while (s[i + 1] == '\r')
				i++;
			if (s[i + 1] == '\n')
				i++;
			*o++ = '\n';
		} else if ((n = entity(s + i, &cp)) > 0) {
			o = put_utf8(o, cp);
			i += n - 1;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	if (html && html_is_markup(out, (size_t)(o - out))) {
		/* Markup in a plain-text value (Kieler Linuxtage's <i>,
		 * <a href>): html.h makes it text; its line breaks, which
		 * HTML would fold into spaces, go in as <br>. */
		size_t breaks = 0;
		for (const char *q = out; *q; q++)
			breaks += *q == '\n';
		char *marked = xmalloc((size_t)(o - out) + 4 * breaks + 1), *m = marked;
		for (const char *q = out; *q; q++)
			if (*q == '\n')
				memcpy(m, "<br>", 4), m += 4;
			else
				*m++ = *q;
		free(out);
		out = html_to_text(marked, (size_t)(m - marked));
		free(marked);
		o = out + strlen(out);
	}
	const char *b = out;
	size_t n = text_trim(&b, (size_t)(o - out));
	if (n == 0) {
		free(out);
		return NULL;
	}
	memmove(out, b, n);
	out[n] = '\0';
	return out;
}

/* The text of a property's value (unescaped by libical), or NULL. */
const char *
ics_prop_text(icalproperty *p)
{
	icalvalue *v = p ? icalproperty_get_value(p) : NULL;
	if (v == NULL)
		return NULL;
	switch (icalvalue_isa(v)) {
	case ICAL_TEXT_VALUE:
		return icalvalue_get_text(v);
	case ICAL_X_VALUE:
		return icalvalue_get_x(v);
	case ICAL_URI_VALUE:
		return icalvalue_get_uri(v);
	default:
		return icalproperty_get_value_as_string(p);
	}
}

static struct feed_str
fstr(struct rd *rd, const char *s, size_t n, struct feed_pos pos)
{
	return feed_strn(rd->f, s, n, pos);
}

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
	*name = n > 0 ? fstr(rd, t, n, pos) : (struct feed_str){.pos = pos};
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
					 : fstr(rd, a, (size_t)(b - a), pos);
			if (aff != NULL && aff_end > aff)
				sp->affiliation =
					fstr(rd, aff, (size_t)(aff_end - aff), pos);
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

/* Where the line `text` (as libical quotes it) starts in component ev:
 * its line, column 1; ev's BEGIN line when it is not found whole (a
 * folded line). */
static struct feed_pos
lic_line_pos(const struct rd *rd, const struct ics_comp *ev, const char *text)
{
	size_t n = strlen(text);
	const char *from = rd->buf + ev->off, *end = rd->buf + ev->end;
	for (const char *p = from; n > 0 && p + n <= end; p++) {
		p = memchr(p, text[0], (size_t)(end - p));
		if (p == NULL || p + n > end)
			break;
		if ((p == from || p[-1] == '\n') && memcmp(p, text, n) == 0 &&
		    (p + n == end || p[n] == '\r' || p[n] == '\n')) {
			unsigned lines = 0;
			for (const char *q = from; q < p; q++)
				lines += *q == '\n';
			return (struct feed_pos){ev->pos.line + lines, 1};
		}
	}
	return ev->pos;
}

/* libical's complaints (X-LIC-ERROR), at the property they name. */
static void
lic_errors(struct rd *rd, icalcomponent *c, const struct ics_props *px)
{
	/* libical reports in file order: each message's property is the
	 * first of its name after the previous message's. */
	size_t at = 0;
	for (icalproperty *p =
		     icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	     p != NULL;
	     p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		const char *msg = icalproperty_get_xlicerror(p);
		if (msg != NULL && strncmp(msg, "No value for ", 13) == 0)
			continue; /* "DESCRIPTION:" (sched.com): nothing */
		struct feed_pos pos = px->ev->pos;
		const char *in = msg ? strstr(msg, " in ") : NULL;
		const char *tag = msg ? strstr(msg, "begin tag: ") : NULL;
		char name[64];
		if (in != NULL &&
		    sscanf(in, " in %63[A-Za-z-] property", name) == 1) {
			const struct ics_prop *q = ics_props_next(px, name, &at);
			pos = q ? q->pos : ics_props_pos(px, name);
		} else if (tag != NULL) {
			/* A line with no colon ("SUMMARY First talk"):
			 * libical quotes it; at its line, not the VEVENT's. */
			pos = lic_line_pos(rd, px->ev, tag + strlen("begin tag: "));
		}
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, pos.line,
			 pos.column, "iCalendar: %s", msg ? msg : "parse error");
	}
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
		s->id = indico ? fstr(rd, uid + strlen("indico-contribution-"),
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
				f->conference.id = fstr(rd, conf, conf_len, pos);
			if (strlen(f->conference.id.s) == conf_len &&
			    strncmp(f->conference.id.s, conf, conf_len) == 0)
				s->id = fstr(rd, uid, (size_t)(at - uid), pos);
		}
	}

	p = icalcomponent_get_first_property(c, ICAL_SUMMARY_PROPERTY);
	char *title = clean_text(ics_prop_text(p), false);
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
				     fstr(rd, label + 1,
					  (size_t)(title + n - 1 - label - 1),
					  pos));
			n = (size_t)(label - 1 - title);
		}
		s->title = fstr(rd, title, n, pos);
		free(title);
	}

	p = icalcomponent_get_first_property(c, ICAL_URL_PROPERTY);
	const char *url = ics_prop_text(p);
	if (url != NULL && *url)
		s->url = feed_str(f, url,
				  ics_props_pos(px, "URL"));

	p = icalcomponent_get_first_property(c, ICAL_LOCATION_PROPERTY);
	char *loc = clean_text(ics_prop_text(p), false);
	if (loc != NULL) {
		s->room = fstr(rd, loc, room_len(rd, indico, loc),
			       ics_props_pos(px, "LOCATION"));
		free(loc);
	}

	size_t k = 0;
	for (p = icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY);
	     p != NULL;
	     p = icalcomponent_get_next_property(c, ICAL_CATEGORIES_PROPERTY)) {
		char *cat = clean_text(ics_prop_text(p), false);
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
	char *desc = clean_text(ics_prop_text(p), true);
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
			s->abstract = fstr(rd, rest, n, pos);
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
			char *who = clean_text(cn ? icalparameter_get_cn(cn) : NULL, false);
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

static void
read_event(struct rd *rd, size_t k)
{
	const struct ics_comp *ev = &rd->sc.events[k];
	char *text = ics_scan_copy(rd->buf, ev->off, ev->end);
	icalcomponent *c = icalparser_parse_string(text);
	free(text);
	icalerror_clear_errno();
	if (c == NULL || icalcomponent_isa(c) != ICAL_VEVENT_COMPONENT) {
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, ev->pos.line,
			 ev->pos.column, "VEVENT could not be read: skipped");
		if (c != NULL)
			icalcomponent_free(c);
		return;
	}
	struct ics_props px;
	ics_props_init(&px, &rd->sc, rd->buf, ev);
	lic_errors(rd, c, &px);
	if (icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY) != NULL) {
		/* Not read: said, not dropped unsaid. */
		struct feed_pos rp = ics_props_pos(&px, "RDATE");
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, rp.line,
			 rp.column, "RDATE is not read: the event's extra "
			 "dates are left out (it is kept at its DTSTART%s)",
			 icalcomponent_get_first_property(
				 c, ICAL_RRULE_PROPERTY) != NULL
				 ? " and its RRULE's dates" : "");
	}
	icalproperty *rid =
		icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
	if (rid == NULL &&
	    icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY) != NULL) {
		/* Expanded once the conference's dates are known. */
		if (rd->n_masters == rd->cap_masters) {
			rd->cap_masters = rd->cap_masters ? 2 * rd->cap_masters : 8;
			rd->masters = xreallocarray(rd->masters, rd->cap_masters,
						    sizeof(*rd->masters));
		}
		rd->masters[rd->n_masters++] = (struct ics_master){c, k};
		ics_props_free(&px);
		return;
	}
	struct ics_times tm;
	ics_times_of(rd, c, &px, &tm);
	size_t i = ics_make_session(rd, c, &px);
	struct feed_session *s = &rd->f->sessions[i];
	if (tm.ok) {
		ics_set_times(rd, s, &tm, &tm.start);
		int64_t day = ics_day_of(tm.t);
		if (!rd->have_days || day < rd->first_day)
			rd->first_day = day;
		if (!rd->have_days || day > rd->last_day)
			rd->last_day = day;
		rd->have_days = true;
	}
	struct ics_when w;
	struct feed_pos pos = ics_props_pos(&px, "RECURRENCE-ID");
	if (rid != NULL &&
	    ics_resolve(rd, rid, icalproperty_get_recurrenceid(rid), pos, &w)) {
		/* It replaces that occurrence of its recurring event. */
		if (rd->n_ovr == rd->cap_ovr) {
			rd->cap_ovr = rd->cap_ovr ? 2 * rd->cap_ovr : 8;
			rd->ovr = xreallocarray(rd->ovr, rd->cap_ovr,
						sizeof(*rd->ovr));
		}
		rd->ovr[rd->n_ovr++] = (struct ics_override){
			xstrdup(s->guid.s ? s->guid.s : ""), w.t};
		ics_occurrence_id(rd, s, rd->ovr[rd->n_ovr - 1].uid, &w);
	}
	ics_props_free(&px);
	icalcomponent_free(c);
}

/* ---- the calendar ---- */

static void
read_calendar(struct rd *rd, const char **zone_name, struct feed_pos *zone_pos)
{
	struct feed *f = rd->f;
	bool have_calname = false;
	for (size_t i = 0; i < rd->sc.n_cal; i++) {
		const struct ics_line *l = &rd->sc.cal[i];
		char *text = ics_scan_copy(rd->buf, l->off, l->end);
		icalproperty *p = icalproperty_new_from_string(text);
		free(text);
		icalerror_clear_errno();
		if (p == NULL)
			continue;
		const char *name = icalproperty_get_property_name(p);
		char *v = clean_text(ics_prop_text(p), false);
		struct feed_pos pos = l->pos;
		if (v == NULL || name == NULL) {
			/* nothing */
		} else if (strcasecmp(name, "X-WR-CALNAME") == 0 ||
			   (strcasecmp(name, "NAME") == 0 && !have_calname)) {
			f->conference.title = feed_str(f, v, pos);
			f->conference.pos = pos;
			have_calname = strcasecmp(name, "X-WR-CALNAME") == 0;
		} else if (strcasecmp(name, "X-WR-TIMEZONE") == 0) {
			*zone_name = feed_str(f, v, pos).s;
			*zone_pos = pos;
		} else if (strcasecmp(name, "PRODID") == 0) {
			rd->sked = strncmp(v, "-//sked//", 9) == 0;
			/* "-//Sched.com JoCo Cruise 2024//EN" */
			for (const char *q = v; *q && !rd->sched; q++)
				rd->sched = strncasecmp(q, "sched.com", 9) == 0;
		} else if (strcasecmp(name, "URL") == 0) {
			f->conference.url = feed_str(f, v, pos);
		}
		free(v);
		icalproperty_free(p);
	}
	if (f->conference.title.s == NULL) {
		/* The file's name, without directories and extension. */
		const char *b = strrchr(f->file, '/');
		b = b ? b + 1 : f->file;
		const char *dot = strrchr(b, '.');
		size_t n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
		f->conference.title =
			fstr(rd, b, n, (struct feed_pos){1, 1});
		f->conference.pos = (struct feed_pos){1, 1};
	}
}

bool
ics_sniff(const char *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (head[i] == '\r' || head[i] == '\n' ||
			 head[i] == ' ' || head[i] == '\t'))
		i++;
	const char *b = "BEGIN:VCALENDAR";
	size_t bn = strlen(b);
	return n - i >= bn && strncasecmp(head + i, b, bn) == 0 &&
	       (n - i == bn || head[i + bn] == '\r' || head[i + bn] == '\n' ||
		head[i + bn] == ' ' || head[i + bn] == '\t');
}

bool
ics_read(struct feed *f, const char *buf, size_t len,
	 struct diag_list *diags)
{
	f->flags |= FEED_CREATE_REFERENCES | FEED_DERIVE_IDS;
	struct rd rd = {.f = f, .buf = buf, .diags = diags};
	size_t errors = diags->errors;
	if (!ics_scan(buf, len, f->file, &rd.sc, diags)) {
		ics_scan_free(&rd.sc);
		return false;
	}
	const char *zone_name = NULL;
	struct feed_pos zone_pos = {0};
	read_calendar(&rd, &zone_name, &zone_pos);
	for (size_t k = 0; k < rd.sc.n_events && !rd.failed; k++)
		read_event(&rd, k);
	if (rd.n_ovr > 1)
		xqsort(rd.ovr, rd.n_ovr, sizeof(*rd.ovr), ics_override_cmp);
	for (size_t k = 0; k < rd.n_masters; k++) {
		if (!rd.failed)
			ics_expand(&rd, &rd.masters[k]);
		icalcomponent_free(rd.masters[k].c);
	}
	/* The conference's zone: the calendar's own, else the one zone all
	 * its zoned times name (an IANA name: a VTIMEZONE's TZID is not
	 * one unless tz_find knows it). */
	const struct tz_zone *cz = NULL;
	bool named = false; /* by X-WR-TIMEZONE */
	if (zone_name != NULL) {
		cz = ics_zone_by_name(zone_name);
		named = cz != NULL;
	}
	/* A name misspelt is as good as none: the events' zone then (it
	 * was UTC, though every event named Europe/Berlin). */
	if (cz == NULL && rd.one_zone != NULL && !rd.many_zones)
		cz = ics_zone_by_name(rd.one_zone->name);
	if (zone_name != NULL && !named) {
		char got[96];
		diag_add(diags, DIAG_WARNING, f->file, zone_pos.line,
			 zone_pos.column,
			 "X-WR-TIMEZONE: unknown time zone %s (expected an "
			 "IANA name such as Europe/Berlin)%s%s",
			 diag_quote(zone_name, got, sizeof(got)),
			 cz ? ": the events' zone is used, " : "",
			 cz ? tz_name(cz) : "");
	}
	if (cz != NULL)
		f->conference.timezone =
			feed_str(f, tz_name(cz), named ? zone_pos : f->conference.pos);
	for (size_t i = 0; i < rd.n_zones; i++) {
		free(rd.zones[i].name);
		if (rd.zones[i].ical != NULL)
			icaltimezone_free(rd.zones[i].ical, 1);
	}
	for (size_t i = 0; i < rd.n_ovr; i++)
		free(rd.ovr[i].uid);
	free(rd.ovr);
	free(rd.masters);
	ics_scan_free(&rd.sc);
	icalerror_clear_errno();
	return !rd.failed && diags->errors == errors;
}
