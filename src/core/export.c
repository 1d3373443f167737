#include "sked/export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/buf.h"
#include "sked/outfile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/uri.h"
#include "sked/xalloc.h"

/* The writer of one export. The text goes to the sink in chunks of about
 * EXPORT_CHUNK bytes; the buffers are reused from line to line and event
 * to event, so that after the first events an export allocates nothing:
 * what it holds is one event's pieces and one chunk, never the calendar. */
enum { EXPORT_CHUNK = 64 * 1024 };

struct export_out {
	const struct export_sink *sink;
	bool failed;        /* the sink refused a chunk: write no more */
	struct buf out;     /* folded text not yet given to the sink */
	struct buf line;    /* the content line being made, unfolded */
	struct buf safe;    /* a TEXT value sanitized, before escaping */
	struct buf value;   /* a value put together: a UID, a DESCRIPTION */
};

static void
export_flush(struct export_out *w)
{
	if (w->out.n && !w->failed &&
	    !w->sink->write(w->sink->arg, w->out.v, w->out.n))
		w->failed = true;
	w->out.n = 0;
}

/* The UID of a session's event, appended to b. */
static void
export_uid_into(struct buf *b, const struct program *p,
		const struct program_session *s)
{
	buf_puts(b, s->id);
	buf_put(b, "@", 1);
	buf_puts(b, p->conference.id);
	buf_put(b, ".sked", 5);
}

char *
export_uid(const struct program *p, const struct program_session *s)
{
	struct buf b = {0};
	export_uid_into(&b, p, s);
	return b.v;
}

/* ---- content lines ----
 *
 * sked writes the calendar text itself rather than through libical's
 * serializer: libical 3.0.16 folds between the CR and the LF of a line
 * break it did not escape, and writes URI values unchecked. Every line goes
 * through export_fold_into(), which is the only writer: values arrive
 * escaped for their type, and whatever byte would still end or break a
 * line is replaced there, so no value can become a property of its own. */

/* line[0..len) folded, CRLF, appended to out (export_fold). */
static void
export_fold_into(struct buf *out, const char *line, size_t len)
{
	size_t col = 0;
	for (size_t i = 0; i < len;) {
		/* Printable ASCII up to the fold: copied as it is, in one
		 * piece (most of a calendar is). */
		size_t room = EXPORT_LINE_OCTETS - col;
		size_t run = text_printable_run(line + i,
						len - i < room ? len - i : room);
		if (run) {
			buf_put(out, line + i, run);
			col += run;
			i += run;
			continue;
		}
		uint32_t cp;
		size_t k = text_utf8_decode((const unsigned char *)line + i,
					    len - i, &cp);
		const char *put = line + i;
		size_t n = k;
		/* The last guard: no control character but TAB, and no
		 * invalid byte (which could hide one), leaves here; escaping
		 * already took the line breaks out of values. */
		if (k == 0 || (cp < 0x20 && cp != '\t') ||
		    (cp >= 0x7F && cp < 0xA0)) {
			put = "\xEF\xBF\xBD";
			n = 3;
			k = k ? k : 1;
		}
		if (col + n > EXPORT_LINE_OCTETS) {
			buf_put(out, "\r\n ", 3);
			col = 1;
		}
		buf_put(out, put, n);
		col += n;
		i += k;
	}
	buf_put(out, "\r\n", 2);
}

char *
export_fold(const char *line)
{
	struct buf b = {0};
	export_fold_into(&b, line, strlen(line));
	return b.v;
}

/* The line made in w->line, folded into the output; a full chunk goes to
 * the sink. */
static void
export_emit(struct export_out *w)
{
	export_fold_into(&w->out, w->line.v, w->line.n);
	if (w->out.n >= EXPORT_CHUNK)
		export_flush(w);
}

/* Starts the line "NAME:" in w->line. */
static void
export_begin(struct export_out *w, const char *name)
{
	w->line.n = 0;
	buf_puts(&w->line, name);
	buf_put(&w->line, ":", 1);
}

/* One content line "NAME:VALUE", folded, CRLF. */
static void
export_line(struct export_out *w, const char *name, const char *value)
{
	export_begin(w, name);
	buf_puts(&w->line, value);
	export_emit(w);
}

/* The bytes that TEXT escapes (RFC 5545 3.3.11). */
static const bool export_special[256] = {
	['\\'] = true, [';'] = true, [','] = true, ['\n'] = true,
};

/* s[0..n) as a TEXT value, appended to b; safe is a buffer to reuse. */
static void
export_escape_into(struct buf *b, struct buf *safe, const char *s, size_t n)
{
	/* RFC 5545 3.3.11: backslash, semicolon and comma escaped, line
	 * breaks as \n; other controls are made U+FFFD first. Printable
	 * ASCII needs no sanitizing: a value all of it (most titles, ids,
	 * names) is escaped as it is. */
	const char *v = s;
	size_t m = n;
	if (text_printable_run(s, n) != n) {
		safe->n = 0;
		char *room = buf_room(safe, 3 * n);
		m = text_sanitize_into(room, s, n,
				       TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB);
		v = room;
	}
	for (size_t i = 0; i < m;) {
		size_t run = i;
		while (run < m && !export_special[(unsigned char)v[run]])
			run++;
		buf_put(b, v + i, run - i);
		if (run == m)
			break;
		char e[2] = {'\\', v[run] == '\n' ? 'n' : v[run]};
		buf_put(b, e, 2);
		i = run + 1;
	}
}

char *
export_escape_text(const char *s)
{
	struct buf b = {0}, safe = {0};
	buf_put(&b, "", 0);
	export_escape_into(&b, &safe, s, strlen(s));
	free(safe.v);
	return b.v;
}

/* "NAME:VALUE" for the TEXT value s[0..n). */
static void
export_text_n(struct export_out *w, const char *name, const char *s, size_t n)
{
	export_begin(w, name);
	export_escape_into(&w->line, &w->safe, s, n);
	export_emit(w);
}

static void
export_text(struct export_out *w, const char *name, const char *value)
{
	export_text_n(w, name, value, strlen(value));
}

/* "NAME:VALUE" for a value that is one line in a calendar (a SUMMARY,
 * LOCATION, CATEGORIES, X-WR-CALNAME): its line breaks, with the blanks
 * around them, one space, and its ends trimmed. A YAML block title
 * ("title: |") ends in one, and calcurse skips an event whose SUMMARY
 * holds one ("line break in summary"). */
static void
export_one_line(struct export_out *w, const char *name, const char *value)
{
	size_t n = strlen(value);
	if (memchr(value, '\n', n) == NULL && memchr(value, '\r', n) == NULL) {
		export_text_n(w, name, value, n);
		return;
	}
	n = text_trim(&value, n);
	w->value.n = 0;
	for (size_t i = 0; i < n; i++) {
		if (value[i] != '\n' && value[i] != '\r') {
			buf_put(&w->value, value + i, 1);
			continue;
		}
		while (w->value.n > 0 && (w->value.v[w->value.n - 1] == ' ' ||
					  w->value.v[w->value.n - 1] == '\t'))
			w->value.n--;
		while (i + 1 < n && strchr(" \t\r\n", value[i + 1]) != NULL)
			i++;
		buf_put(&w->value, " ", 1);
	}
	export_text_n(w, name, w->value.v, w->value.n);
}

/* ";PARAM=value": a value with ':', ';' or ',' quoted, and what a quoted
 * value cannot hold ('"', controls) replaced. Zone names hold none of
 * these (tz_find() takes only IANA-like names); this keeps it so. Made
 * once per zone, the caller frees it. */
static char *
export_param(const char *param, const char *value)
{
	char *v = xstrdup(value);
	for (char *c = v; *c; c++)
		if (*c == '"' || (unsigned char)*c < 0x20 || *c == 0x7F)
			*c = '_';
	bool quote = strpbrk(v, ":;,") != NULL;
	char *out = xasprintf(";%s=%s%s%s", param, quote ? "\"" : "", v,
			      quote ? "\"" : "");
	free(v);
	return out;
}

/* Two digits of v (0 to 99) at out. */
static void
export_digits2(char *out, int v)
{
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
}

static void
export_wall_format(char out[32], const struct tz_wall *w, int second)
{
	/* By hand: snprintf was a tenth of an event's cost. Anything out
	 * of the usual ranges takes the general way. */
	if (w->year < 0 || w->year > 9999 || w->month < 0 || w->month > 99 ||
	    w->day < 0 || w->day > 99 || w->hour < 0 || w->hour > 99 ||
	    w->minute < 0 || w->minute > 99 || second < 0 || second > 99) {
		snprintf(out, 32, "%04d%02d%02dT%02d%02d%02d", w->year,
			 w->month, w->day, w->hour, w->minute, second);
		return;
	}
	export_digits2(out, w->year / 100);
	export_digits2(out + 2, w->year % 100);
	export_digits2(out + 4, w->month);
	export_digits2(out + 6, w->day);
	out[8] = 'T';
	export_digits2(out + 9, w->hour);
	export_digits2(out + 11, w->minute);
	export_digits2(out + 13, second);
	out[15] = '\0';
}

/* The UTC form of instant t, "YYYYMMDDTHHMMSSZ", in out. */
static void
export_utc_format(char out[32], int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t sec = t - days * 86400;
	struct tz_date d;
	tz_civil_from_days(days, &d);
	struct tz_wall w = {d.year, d.month, d.day, (int)(sec / 3600),
			    (int)(sec % 3600 / 60)};
	export_wall_format(out, &w, (int)(sec % 60));
	strcat(out, "Z");
}

static void
export_utc(struct export_out *b, const char *name, int64_t t)
{
	char v[32];
	export_utc_format(v, t);
	export_line(b, name, v);
}

/* DTSTART or DTEND of instant t: the wall time in zone z with its TZID,
 * unless that wall time does not name exactly t (it occurs twice, when
 * clocks go back): then in UTC, which every importer reads as the one
 * instant. New York's 2023-11-05 01:00 for 60 minutes ends at 01:00 EST,
 * which "DTEND;TZID=...:20231105T010000" would make its start. */
static void
export_when(struct export_out *b, const char *name, const struct tz_zone *z,
	    const char *tzid, int64_t t)
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
	b->line.n = 0;
	buf_puts(&b->line, name);
	buf_puts(&b->line, tzid);
	buf_put(&b->line, ":", 1);
	buf_puts(&b->line, v);
	export_emit(b);
}

static void
export_offset(struct export_out *b, const char *name, int off)
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
export_observance(struct export_out *b, int64_t when, int from, int to)
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
export_vtimezone(struct export_out *b, const struct tz_zone *z, int64_t first,
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

/* s[0..n) on the Speakers: line, which is one line: a line break is a
 * space; in an affiliation (aff) whose parentheses do not pair, they are
 * brackets, since the line's readers pair them to find its end. */
static void
export_speaker_text(struct buf *b, const char *s, size_t n, bool aff)
{
	long depth = 0;
	bool paired = true;
	for (size_t i = 0; aff && i < n && paired; i++) {
		depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
		paired = depth >= 0;
	}
	paired = paired && depth == 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r')
			c = ' ';
		else if (aff && !paired && (c == '(' || c == ')'))
			c = c == '(' ? '[' : ']';
		buf_put(b, &c, 1);
	}
}

/* A speaker's name as the Speakers: line holds it: as it is, or in
 * double quotes (doubled inside) when it holds what the line's readers
 * take apart: a comma, a parenthesis, a quote ("Ewers, Lorbeer" is one
 * name, "Marco Tusa (the Grinch)" has no affiliation). */
static void
export_speaker_name(struct buf *b, const char *name)
{
	if (strpbrk(name, ",()\"") == NULL) {
		export_speaker_text(b, name, strlen(name), false);
		return;
	}
	buf_put(b, "\"", 1);
	for (const char *q; (q = strchr(name, '"')) != NULL; name = q + 1) {
		export_speaker_text(b, name, (size_t)(q - name) + 1, false);
		buf_put(b, "\"", 1);
	}
	export_speaker_text(b, name, strlen(name), false);
	buf_put(b, "\"", 1);
}

/* The text of DESCRIPTION: the speakers (its first line, which sked and
 * Indico's readers take apart), the subtitle, the abstract, the
 * description, the links, the session's URL, each a paragraph when
 * there; in out, whose buffer it reuses. */
static void
export_description(struct buf *out, const struct program *prog,
		   const struct program_session *s)
{
	struct buf b = *out;
	b.n = 0;
	buf_put(&b, "", 0);
	if (s->speakers.n) {
		export_para(&b, "Speakers: ");
		for (size_t i = 0; i < s->speakers.n; i++) {
			const struct program_person *p = &s->speakers.v[i];
			if (i)
				buf_put(&b, ", ", 2);
			export_speaker_name(&b, p->name);
			if (p->affiliation) {
				buf_put(&b, " (", 2);
				export_speaker_text(&b, p->affiliation,
						    strlen(p->affiliation),
						    true);
				buf_put(&b, ")", 1);
			}
		}
	}
	if (s->subtitle)
		export_para(&b, s->subtitle);
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
	*out = b;
}

bool
export_calendar(const struct export_item *items, size_t n,
		const struct export_options *o, const struct export_sink *sink,
		size_t *exported, size_t *skipped)
{
	*exported = *skipped = 0;
	struct export_out w = {.sink = sink};
	struct export_out *b = &w;
	export_line(b, "BEGIN", "VCALENDAR");
	export_line(b, "PRODID", "-//sked//sked " SKED_EXPORT_VERSION "//EN");
	export_line(b, "VERSION", "2.0");
	export_line(b, "CALSCALE", "GREGORIAN");
	export_line(b, "METHOD", "PUBLISH");
	export_one_line(b, "X-WR-CALNAME", o->name);

	/* The zones used and the range each must cover: every VTIMEZONE
	 * comes before the first event, so the items are read twice. */
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
	char *tzid[64];
	for (size_t k = 0; k < nz; k++) {
		export_vtimezone(b, zones[k], first[k], last[k]);
		tzid[k] = export_param("TZID", tz_name(zones[k]));
	}

	/* What every event has the same: made once. */
	char dtstamp[32], trigger[32];
	export_utc_format(dtstamp, o->dtstamp);
	snprintf(trigger, sizeof(trigger), "%sPT%dM", o->alarm ? "-" : "",
		 o->alarm);
	for (size_t i = 0; i < n && !w.failed; i++) {
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
		export_line(b, "BEGIN", "VEVENT");
		w.value.n = 0;
		export_uid_into(&w.value, p, s);
		export_text_n(b, "UID", w.value.v, w.value.n);
		export_line(b, "DTSTAMP", dtstamp);
		export_when(b, "DTSTART", zones[k], tzid[k], s->start_utc);
		/* A zero-length event (doors open) has no DTEND: RFC 5545
		 * 3.6.1 ends it at its start, and calcurse refuses a DTEND
		 * equal to DTSTART ("end must be later than start"). */
		if (s->duration > 0)
			export_when(b, "DTEND", zones[k], tzid[k],
				    program_session_end(s));
		export_one_line(b, "SUMMARY", s->title);
		export_description(&w.value, p, s);
		if (w.value.n)
			export_text_n(b, "DESCRIPTION", w.value.v, w.value.n);
		if (s->room >= 0)
			export_one_line(b, "LOCATION", p->rooms[s->room].name);
		/* One category, the track: its commas escaped, so a name
		 * such as "Tracing, BPF" stays one category. */
		if (s->track >= 0)
			export_one_line(b, "CATEGORIES",
					p->tracks[s->track].name);
		if (s->url) {
			/* The loader admits only URIs; encoding again costs
			 * nothing and holds for any program. */
			export_begin(b, "URL");
			char *room = buf_room(&w.line, 3 * strlen(s->url));
			w.line.n += uri_encode_into(room, s->url);
			export_emit(b);
		}
		if (o->alarm >= 0) {
			export_line(b, "BEGIN", "VALARM");
			export_line(b, "ACTION", "DISPLAY");
			export_line(b, "TRIGGER", trigger);
			export_text(b, "DESCRIPTION", s->title);
			export_line(b, "END", "VALARM");
		}
		export_line(b, "END", "VEVENT");
		(*exported)++;
	}
	export_line(b, "END", "VCALENDAR");
	export_flush(&w);
	for (size_t k = 0; k < nz; k++)
		free(tzid[k]);
	free(w.out.v);
	free(w.line.v);
	free(w.safe.v);
	free(w.value.v);
	return !w.failed;
}

static bool
export_outfile_write(void *arg, const char *data, size_t len)
{
	return outfile_put(arg, data, len);
}

bool
export_file(const char *path, const struct export_item *items, size_t n,
	    const struct export_options *o, size_t *exported, size_t *skipped,
	    char **error)
{
	*exported = *skipped = 0;
	struct outfile *f = outfile_open(path, error);
	if (f == NULL)
		return false;
	struct export_sink sink = {export_outfile_write, f};
	/* A sink that failed says why when closed (outfile_close). */
	export_calendar(items, n, o, &sink, exported, skipped);
	return outfile_close(f, error);
}
