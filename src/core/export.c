#include "sked/export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/buf.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/uri.h"
#include "sked/xalloc.h"

char *
export_uid(const struct program *p, const struct program_session *s)
{
	return xasprintf("%s@%s.sked", s->id, p->conference.id);
}

/* ---- content lines ----
 *
 * sked writes the calendar text itself rather than through libical's
 * serializer: libical 3.0.16 folds between the CR and the LF of a line
 * break it did not escape, and writes URI values unchecked. Every line goes
 * through export_line(), which is the only writer: values arrive escaped
 * for their type, and whatever byte would still end or break a line is
 * replaced there, so no value can become a property of its own. */

char *
export_fold(const char *line)
{
	struct buf b = {0};
	size_t len = strlen(line), col = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = text_utf8_decode((const unsigned char *)line + i,
					    len - i, &cp);
		const char *out = line + i;
		size_t n = k;
		/* The last guard: no control character but TAB, and no
		 * invalid byte (which could hide one), leaves here; escaping
		 * already took the line breaks out of values. */
		if (k == 0 || (cp < 0x20 && cp != '\t') ||
		    (cp >= 0x7F && cp < 0xA0)) {
			out = "\xEF\xBF\xBD";
			n = 3;
			k = k ? k : 1;
		}
		if (col + n > EXPORT_LINE_OCTETS) {
			buf_put(&b, "\r\n ", 3);
			col = 1;
		}
		buf_put(&b, out, n);
		col += n;
		i += k;
	}
	buf_put(&b, "\r\n", 2);
	return b.v;
}

/* One content line "NAME[;PARAMS]:VALUE", folded, CRLF. */
static void
export_line(struct buf *b, const char *name, const char *value)
{
	char *line = xasprintf("%s:%s", name, value);
	char *folded = export_fold(line);
	buf_puts(b, folded);
	free(folded);
	free(line);
}

char *
export_escape_text(const char *s)
{
	/* RFC 5545 3.3.11: backslash, semicolon and comma escaped, line
	 * breaks as \n; other controls are made U+FFFD first. */
	char *safe = text_sanitize(s, strlen(s), TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
	struct buf b = {0};
	buf_put(&b, "", 0);
	for (const char *p = safe; *p; p++) {
		switch (*p) {
		case '\\': buf_put(&b, "\\\\", 2); break;
		case ';': buf_put(&b, "\\;", 2); break;
		case ',': buf_put(&b, "\\,", 2); break;
		case '\n': buf_put(&b, "\\n", 2); break;
		default: buf_put(&b, p, 1); break;
		}
	}
	free(safe);
	return b.v;
}

static void
export_text(struct buf *b, const char *name, const char *value)
{
	char *v = export_escape_text(value);
	export_line(b, name, v);
	free(v);
}

/* "NAME;PARAM=value": a value with ':', ';' or ',' quoted, and what a
 * quoted value cannot hold ('"', controls) replaced. Zone names hold none
 * of these (tz_find() takes only IANA-like names); this keeps it so. */
static char *
export_param(const char *name, const char *param, const char *value)
{
	char *v = xstrdup(value);
	for (char *c = v; *c; c++)
		if (*c == '"' || (unsigned char)*c < 0x20 || *c == 0x7F)
			*c = '_';
	bool quote = strpbrk(v, ":;,") != NULL;
	char *out = xasprintf("%s;%s=%s%s%s", name, param, quote ? "\"" : "", v,
			      quote ? "\"" : "");
	free(v);
	return out;
}

static void
export_wall_format(char out[32], const struct tz_wall *w, int second)
{
	snprintf(out, 32, "%04d%02d%02dT%02d%02d%02d", w->year, w->month,
		 w->day, w->hour, w->minute, second);
}

static void
export_utc(struct buf *b, const char *name, int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t sec = t - days * 86400;
	struct tz_date d;
	tz_civil_from_days(days, &d);
	struct tz_wall w = {d.year, d.month, d.day, (int)(sec / 3600),
			    (int)(sec % 3600 / 60)};
	char v[32];
	export_wall_format(v, &w, (int)(sec % 60));
	strcat(v, "Z");
	export_line(b, name, v);
}

/* DTSTART or DTEND of instant t: the wall time in zone z with its TZID,
 * unless that wall time does not name exactly t (it occurs twice, when
 * clocks go back): then in UTC, which every importer reads as the one
 * instant. New York's 2023-11-05 01:00 for 60 minutes ends at 01:00 EST,
 * which "DTEND;TZID=...:20231105T010000" would make its start. */
static void
export_when(struct buf *b, const char *name, const struct tz_zone *z,
	    int64_t t)
{
	struct tz_wall w;
	int64_t back;
	tz_from_utc(z, t, &w, NULL);
	if (t % 60 != 0 || tz_resolve(z, &w, &back) != TZ_ONCE || back != t) {
		export_utc(b, name, t);
		return;
	}
	char v[32];
	export_wall_format(v, &w, 0);
	char *prop = export_param(name, "TZID", tz_name(z));
	export_line(b, prop, v);
	free(prop);
}

static void
export_offset(struct buf *b, const char *name, int off)
{
	int a = off < 0 ? -off : off;
	char v[16];
	if (a % 60)
		snprintf(v, sizeof(v), "%c%02d%02d%02d", off < 0 ? '-' : '+',
			 a / 3600 % 100, a % 3600 / 60, a % 60);
	else
		snprintf(v, sizeof(v), "%c%02d%02d", off < 0 ? '-' : '+',
			 a / 3600 % 100, a % 3600 / 60);
	export_line(b, name, v);
}

/* One observance: from `when` on, the zone is at offset `to` (was `from`). */
static void
export_observance(struct buf *b, int64_t when, int from, int to)
{
	const char *kind = to > from ? "DAYLIGHT" : "STANDARD";
	export_line(b, "BEGIN", kind);
	/* DTSTART is the local time of the change, read in the old offset. */
	struct tz_wall w;
	int second = 0;
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
		second = (int)(sec % 60);
	}
	char v[32];
	export_wall_format(v, &w, second);
	export_line(b, "DTSTART", v);
	export_offset(b, "TZOFFSETFROM", from);
	export_offset(b, "TZOFFSETTO", to);
	export_line(b, "END", kind);
}

/* A VTIMEZONE for zone z holding what is in force from first to last:
 * the last change before first (within a year), and every change up to
 * last; a zone that does not change, one observance. */
static void
export_vtimezone(struct buf *b, const struct tz_zone *z, int64_t first,
		 int64_t last)
{
	export_line(b, "BEGIN", "VTIMEZONE");
	export_text(b, "TZID", tz_name(z));
	int64_t year = 366 * 86400;
	int64_t before = -1;
	for (int64_t t = tz_next_transition(z, first - year, first); t >= 0;
	     t = tz_next_transition(z, t, first))
		before = t;
	if (before < 0) {
		/* No change in the year before: the offset before the first
		 * change in range holds from 1970 (as far as we need). */
		int off = tz_offset(z, first);
		export_observance(b, INT64_MIN, off, off);
	} else {
		export_observance(b, before, tz_offset(z, before - 1),
				  tz_offset(z, before));
	}
	for (int64_t t = tz_next_transition(z, first, last); t >= 0;
	     t = tz_next_transition(z, t, last))
		export_observance(b, t, tz_offset(z, t - 1), tz_offset(z, t));
	export_line(b, "END", "VTIMEZONE");
}

/* Appends a paragraph to the description: a blank line before it unless
 * it is the first, and none of its own line breaks at its end (a YAML
 * block ends in one), so that paragraphs stay one blank line apart. */
static void
export_para(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == '\n')
		n--;
	if (b->n)
		buf_put(b, "\n\n", 2);
	buf_put(b, s, n);
}

/* The text of DESCRIPTION: the subtitle (its first line), the speakers,
 * the abstract, the description, the links, the session's URL, each a
 * paragraph when there. */
static char *
export_description(const struct program *prog,
		   const struct program_session *s)
{
	struct buf b = {0};
	buf_put(&b, "", 0);
	if (s->subtitle)
		export_para(&b, s->subtitle);
	if (s->speakers.n) {
		export_para(&b, "Speakers: ");
		for (size_t i = 0; i < s->speakers.n; i++) {
			const struct program_person *p = &s->speakers.v[i];
			if (i)
				buf_put(&b, ", ", 2);
			buf_puts(&b, p->name);
			if (p->affiliation) {
				buf_put(&b, " (", 2);
				buf_puts(&b, p->affiliation);
				buf_put(&b, ")", 1);
			}
		}
	}
	const char *abstract = program_text(prog, &s->abstract_text);
	const char *description = program_text(prog, &s->description_text);
	if (abstract)
		export_para(&b, abstract);
	if (description)
		export_para(&b, description);
	/* One line per link: "Title: URL", or the URL alone. */
	for (size_t i = 0; i < s->links.n; i++) {
		const struct program_link *l = &s->links.v[i];
		if (i == 0)
			export_para(&b, "");
		else
			buf_put(&b, "\n", 1);
		if (l->title) {
			buf_puts(&b, l->title);
			buf_put(&b, ": ", 2);
		}
		buf_puts(&b, l->url);
	}
	if (s->url)
		export_para(&b, s->url);
	/* No trailing line breaks. */
	while (b.n && b.v[b.n - 1] == '\n')
		b.v[--b.n] = '\0';
	return b.v;
}

char *
export_calendar(const struct export_item *items, size_t n,
		const struct export_options *o, size_t *exported,
		size_t *skipped)
{
	*exported = *skipped = 0;
	struct buf b = {0};
	export_line(&b, "BEGIN", "VCALENDAR");
	export_line(&b, "PRODID", "-//sked//sked " SKED_EXPORT_VERSION "//EN");
	export_line(&b, "VERSION", "2.0");
	export_line(&b, "CALSCALE", "GREGORIAN");
	export_line(&b, "METHOD", "PUBLISH");
	export_text(&b, "X-WR-CALNAME", o->name);

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
		export_vtimezone(&b, zones[k], first[k], last[k]);

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
		export_line(&b, "BEGIN", "VEVENT");
		char *uid = export_uid(p, s);
		export_text(&b, "UID", uid);
		free(uid);
		export_utc(&b, "DTSTAMP", o->dtstamp);
		export_when(&b, "DTSTART", p->conference.zone, s->start_utc);
		/* A zero-length event (doors open) has no DTEND: RFC 5545
		 * 3.6.1 ends it at its start, and calcurse refuses a DTEND
		 * equal to DTSTART ("end must be later than start"). */
		if (s->duration > 0)
			export_when(&b, "DTEND", p->conference.zone,
				    program_session_end(s));
		export_text(&b, "SUMMARY", s->title);
		char *desc = export_description(p, s);
		if (*desc)
			export_text(&b, "DESCRIPTION", desc);
		free(desc);
		if (s->room >= 0)
			export_text(&b, "LOCATION", p->rooms[s->room].name);
		/* One category, the track: its commas escaped, so a name
		 * such as "Tracing, BPF" stays one category. */
		if (s->track >= 0)
			export_text(&b, "CATEGORIES", p->tracks[s->track].name);
		if (s->url) {
			/* The loader admits only URIs; encoding again costs
			 * nothing and holds for any program. */
			char *url = uri_encode(s->url);
			export_line(&b, "URL", url);
			free(url);
		}
		if (o->alarm >= 0) {
			export_line(&b, "BEGIN", "VALARM");
			export_line(&b, "ACTION", "DISPLAY");
			char trigger[32];
			snprintf(trigger, sizeof(trigger), "%sPT%dM",
				 o->alarm ? "-" : "", o->alarm);
			export_line(&b, "TRIGGER", trigger);
			export_text(&b, "DESCRIPTION", s->title);
			export_line(&b, "END", "VALARM");
		}
		export_line(&b, "END", "VEVENT");
		(*exported)++;
	}
	export_line(&b, "END", "VCALENDAR");
	return b.v;
}
