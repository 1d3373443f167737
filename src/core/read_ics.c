/* The iCalendar reader: see include/sked/ics.h for what becomes what.
 *
 * ics_scan() first checks the raw text and says where each component is;
 * libical then parses one VEVENT (or VTIMEZONE) at a time, so that its
 * memory stays that of one component and every message names the
 * component's (or the property's) line and column. An event becomes a
 * session in ics_event.c; a recurring event is expanded in ics_recur.c,
 * its times and zones read in ics_time.c. */
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
char *
ics_clean_text(const char *s, bool html)
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

struct feed_str
ics_fstr(struct rd *rd, const char *s, size_t n, struct feed_pos pos)
{
	return feed_strn(rd->f, s, n, pos);
}

/* ---- one event ---- */

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
	/* The occurrence replaced is not shown: it judges no VTIMEZONE. */
	rd->unmade = true;
	bool replaces = rid != NULL &&
			ics_resolve(rd, rid, icalproperty_get_recurrenceid(rid),
				    pos, &w);
	rd->unmade = false;
	if (replaces) {
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
		char *v = ics_clean_text(ics_prop_text(p), false);
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
			ics_fstr(rd, b, n, (struct feed_pos){1, 1});
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
