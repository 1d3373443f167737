#include "sked/format.h"

#include <stdlib.h>
#include <string.h>

#include "sked/text.h"

bool
format_parse(const char *name, enum format_kind *kind)
{
	static const struct {
		const char *name;
		enum format_kind kind;
	} kinds[] = {{"text", FORMAT_TEXT}, {"tsv", FORMAT_TSV}, {"json", FORMAT_JSON}};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(name, kinds[i].name) == 0) {
			*kind = kinds[i].kind;
			return true;
		}
	return false;
}

void
format_init(struct format_writer *w, FILE *fp, enum format_kind kind,
	    const struct tz_zone *zone, bool sanitize)
{
	*w = (struct format_writer){.fp = fp, .kind = kind, .zone = zone,
				    .sanitize = sanitize, .mark_stars = true,
				    .day = -2};
}

void
format_iso8601(char buf[32], const struct tz_zone *z, int64_t t)
{
	struct tz_wall w;
	int off;
	tz_from_utc(z, t, &w, &off);
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", w.year,
		 w.month, w.day, w.hour, w.minute, sign, off / 3600,
		 off % 3600 / 60);
}

const char *
format_date(char buf[FORMAT_WHEN_MAX], const struct tz_date *d)
{
	snprintf(buf, FORMAT_WHEN_MAX, "%s %d %s %d",
		 tz_weekday_name(tz_weekday(tz_days_from_civil(d->year, d->month,
								d->day))),
		 d->day, tz_month_name(d->month), d->year);
	return buf;
}

const char *
format_offset(char buf[FORMAT_CLOCK_MAX], int seconds)
{
	int m = (seconds < 0 ? -seconds : seconds) / 60;
	char sign = seconds < 0 ? '-' : '+';
	if (m % 60)
		snprintf(buf, FORMAT_CLOCK_MAX, "UTC%c%d:%02d", sign, m / 60,
			 m % 60);
	else
		snprintf(buf, FORMAT_CLOCK_MAX, "UTC%c%d", sign, m / 60);
	return buf;
}

/* "HH:MM" at r, by hand (every session of a list passes here); returns
 * the end. */
static char *
format_hm(char *r, const struct tz_wall *w)
{
	const int hm[2] = {w->hour, w->minute};
	for (int k = 0; k < 2; k++) {
		if (k)
			*r++ = ':';
		*r++ = (char)('0' + hm[k] / 10 % 10);
		*r++ = (char)('0' + hm[k] % 10);
	}
	*r = '\0';
	return r;
}

/* " UTC-5" at r, or " -5" when brief; returns the end. */
static char *
format_put_offset(char *r, int seconds, bool brief)
{
	char off[FORMAT_CLOCK_MAX];
	*r++ = ' ';
	const char *o = format_offset(off, seconds) + (brief ? 3 : 0);
	size_t n = strlen(o);
	memcpy(r, o, n + 1);
	return r + n;
}

const char *
format_clock(char buf[FORMAT_CLOCK_MAX], const struct tz_zone *z, int64_t t)
{
	struct tz_wall w;
	int off;
	tz_from_utc(z, t, &w, &off);
	char *r = format_hm(buf, &w);
	if (tz_repeated(z, t, NULL))
		format_put_offset(r, off, false);
	return buf;
}

/* The longest range: "23:30 UTC+10:30 – 00:30+99 UTC+11:45". */
enum { FORMAT_RANGE_MAX = 48 };

/* The range of session s in zone z into range (FORMAT_RANGE_MAX), as
 * format_when_style says it, and its start alone into start (as
 * FORMAT_WHEN_START says it); their offsets brief as in
 * FORMAT_WHEN_BRIEF. a: the start's wall time. */
static void
format_range(char *range, char start[FORMAT_CLOCK_MAX],
	     const struct program_session *s, const struct tz_zone *z,
	     struct tz_wall *a, bool brief)
{
	struct tz_wall b;
	int oa, ob;
	int64_t end = program_session_end(s);
	tz_from_utc(z, s->start_utc, a, &oa);
	tz_from_utc(z, end, &b, &ob);
	/* The offsets where the wall times alone would mislead: a time
	 * that occurs twice, or an end in another offset than the start
	 * (01:30–01:00 would be half an hour, 01:30–03:30 two). */
	bool twice = tz_repeated(z, s->start_utc, NULL);
	bool across = oa != ob;
	char *r = format_hm(range, a);
	memcpy(start, range, 6);
	if (twice)
		format_put_offset(start + 5, oa, brief);
	if (across && !brief) /* "01:30 UTC-4 – 01:00 UTC-5": spaced, as
			       * it has spaces */
		r = format_put_offset(r, oa, false), memcpy(r, " \u2013 ", 5),
		r += 5;
	else if (across) /* "01:30 -4–01:00 -5" */
		r = format_put_offset(r, oa, true), memcpy(r, "\u2013", 3),
		r += 3;
	else
		memcpy(r, "\u2013", 3), r += 3;
	r = format_hm(r, &b);
	/* An end on a later date than the start: "+1" (days) after it, so
	 * that 23:30–00:15 does not read as ending before it starts. An end
	 * at midnight is its start day's end (22:00–00:00). */
	int64_t days = tz_days_from_civil(b.year, b.month, b.day) -
		       tz_days_from_civil(a->year, a->month, a->day) -
		       (b.hour == 0 && b.minute == 0);
	if (days > 0)
		r += snprintf(r, 8, "+%d", days < 99 ? (int)days : 99);
	/* One offset after both ends when they share it. */
	if (across || twice || tz_repeated(z, end, NULL))
		r = format_put_offset(r, ob, brief);
	*r = '\0';
}

const char *
format_when(char buf[FORMAT_WHEN_MAX], const struct program *p,
	    const struct program_session *s, const struct tz_zone *z,
	    enum format_when_style style)
{
	buf[0] = '\0';
	if (!s->scheduled)
		return buf;
	struct tz_wall a;
	char range[FORMAT_RANGE_MAX], start[FORMAT_CLOCK_MAX];
	format_range(range, start, s, z, &a, style == FORMAT_WHEN_BRIEF);
	int weekday = tz_weekday(tz_days_from_civil(a.year, a.month, a.day));
	struct tz_date d;
	program_day_date(p, s->day, &d);
	bool other = d.year != a.year || d.month != a.month || d.day != a.day;
	switch (style) {
	case FORMAT_WHEN_RANGE:
		memcpy(buf, range, strlen(range) + 1);
		break;
	case FORMAT_WHEN_TIME:
	case FORMAT_WHEN_BRIEF:
	case FORMAT_WHEN_START: {
		const char *what = style == FORMAT_WHEN_START ? start : range;
		if (!other)
			memcpy(buf, what, strlen(what) + 1);
		else
			snprintf(buf, FORMAT_WHEN_MAX, "%s (%s)", what,
				 tz_weekday_abbr(weekday));
		break;
	}
	case FORMAT_WHEN_DATE:
		snprintf(buf, FORMAT_WHEN_MAX, "%s %d %s %d, %s",
			 tz_weekday_name(weekday), a.day, tz_month_name(a.month),
			 a.year, range);
		break;
	case FORMAT_WHEN_SHORT:
		snprintf(buf, FORMAT_WHEN_MAX, "%s %d %s, %s",
			 tz_weekday_abbr(weekday), a.day, tz_month_name(a.month),
			 range);
		break;
	}
	return buf;
}

/* The bytes of the line break or tab at s ("\t\n\r\v\f", NEL, U+2028,
 * U+2029: what splits a line for some reader, Python's splitlines() too),
 * 0 for anything else. */
static size_t
format_break_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xC2)
		return u[1] == 0x85 ? 2 : 0;
	if (u[0] == 0xE2)
		return u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9) ? 3 : 0;
	if (u[0] == '\r' && u[1] == '\n')
		return 2; /* one line break, as a lone CR or LF */
	return u[0] != '\0' && strchr("\t\n\r\v\f", u[0]) ? 1 : 0;
}

/* One field of text or TSV: never a line break or tab inside, and no
 * control characters at all when writing to a terminal. */
static void
format_put(const struct format_writer *w, const char *s)
{
	size_t n = strlen(s);
	if (w->sanitize && !text_is_clean(s, n, 0)) {
		char *clean = text_sanitize(s, n, 0);
		fputs(clean, w->fp);
		free(clean);
		return;
	}
	/* Runs between breaks (format_break_len) written whole; a break is
	 * a space. */
	while (*s) {
		size_t run = strcspn(s, "\t\n\r\v\f\xC2\xE2");
		fwrite(s, 1, run, w->fp);
		s += run;
		size_t brk = format_break_len(s);
		if (brk > 0) {
			fputc(' ', w->fp);
			s += brk;
		} else if (*s) { /* 0xC2 or 0xE2 of another character */
			fputc(*s++, w->fp);
		}
	}
}

void
format_json_string(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		/* ASCII that stays as it is: a run at once. */
		size_t run = 0;
		while (p[run] >= 0x20 && p[run] < 0x7F && p[run] != '"' &&
		       p[run] != '\\')
			run++;
		fwrite(p, 1, run, fp);
		p += run;
		if (*p == '\0')
			break;
		uint32_t cp = *p;
		size_t len = 1;
		if (*p >= 0x80) {
			len = text_utf8_decode(p, strnlen((const char *)p, 4),
					       &cp);
			if (len == 0) { /* never in a program: its text is UTF-8 */
				fputs("\\ufffd", fp);
				p++;
				continue;
			}
		}
		switch (cp) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '\r': fputs("\\r", fp); break;
		default:
			if (text_is_unsafe(cp) || cp == 0x2028 || cp == 0x2029) {
				if (cp > 0xFFFF) /* a surrogate pair */
					fprintf(fp, "\\u%04x\\u%04x",
						0xD800 + ((cp - 0x10000) >> 10),
						0xDC00 + ((cp - 0x10000) & 0x3FF));
				else
					fprintf(fp, "\\u%04x", cp);
			} else {
				fwrite(p, 1, len, fp);
			}
		}
		p += len;
	}
	fputc('"', fp);
}

static void
format_json_names(FILE *fp, const struct program_people *people)
{
	fputc('[', fp);
	for (size_t i = 0; i < people->n; i++) {
		if (i)
			fputc(',', fp);
		format_json_string(fp, people->v[i].name);
	}
	fputc(']', fp);
}

/* A key and string value, when the value is there. */
static void
format_json_opt(FILE *fp, const char *key, const char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, ",\"%s\":", key);
	format_json_string(fp, value);
}

/* The people of a list with what the file says of each beyond the name,
 * under `key`: only when one of them has an id or a URL (two people of one
 * name are told apart by them). */
static void
format_json_people(FILE *fp, const char *key,
		   const struct program_people *people)
{
	size_t i;
	for (i = 0; i < people->n; i++)
		if (people->v[i].id || people->v[i].url)
			break;
	if (i == people->n)
		return;
	fprintf(fp, ",\"%s\":[", key);
	for (i = 0; i < people->n; i++) {
		const struct program_person *pp = &people->v[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", fp);
		format_json_string(fp, pp->name);
		format_json_opt(fp, "affiliation", pp->affiliation);
		format_json_opt(fp, "id", pp->id);
		format_json_opt(fp, "url", pp->url);
		fputc('}', fp);
	}
	fputc(']', fp);
}

/* The fields sked files may leave out, as keys only when present, so that
 * a program without them prints as it always has. */
static void
format_json_extra(FILE *fp, const struct program *p,
		  const struct program_session *s)
{
	format_json_opt(fp, "subtitle", s->subtitle);
	format_json_opt(fp, "description",
			program_text(p, &s->description_text));
	if (s->languages.n) {
		fputs(",\"language\":[", fp);
		for (size_t i = 0; i < s->languages.n; i++) {
			if (i)
				fputc(',', fp);
			format_json_string(fp, s->languages.v[i]);
		}
		fputc(']', fp);
	}
	if (s->links.n) {
		fputs(",\"links\":[", fp);
		for (size_t i = 0; i < s->links.n; i++) {
			fputs(i ? ",{\"url\":" : "{\"url\":", fp);
			format_json_string(fp, s->links.v[i].url);
			format_json_opt(fp, "title", s->links.v[i].title);
			fputc('}', fp);
		}
		fputc(']', fp);
	}
	format_json_opt(fp, "feedback_url", s->feedback_url);
	format_json_opt(fp, "guid", s->guid);
	if (s->do_not_record)
		fputs(",\"do_not_record\":true", fp);
	format_json_people(fp, "speaker_details", &s->speakers);
	format_json_people(fp, "author_details", &s->authors);
}

static const struct tz_zone *
format_zone(const struct format_writer *w, const struct program *p)
{
	return w->zone ? w->zone : p->conference.zone;
}

/* The conference day, start and end of a scheduled session. */
struct format_times {
	char day[16], start[32], end[32];
};

static void
format_times(const struct format_writer *w, const struct program *p,
	     const struct program_session *s, struct format_times *t)
{
	struct tz_date d;
	program_day_date(p, s->day, &d);
	snprintf(t->day, sizeof(t->day), "%04d-%02d-%02d", d.year, d.month,
		 d.day);
	format_iso8601(t->start, format_zone(w, p), s->start_utc);
	format_iso8601(t->end, format_zone(w, p), program_session_end(s));
}

static void
format_json(struct format_writer *w, const struct program *p,
	    const struct program_session *s, bool starred)
{
	FILE *fp = w->fp;
	fputs("{\"conference\":", fp);
	format_json_string(fp, p->conference.id);
	fputs(",\"id\":", fp);
	format_json_string(fp, s->id);
	fputs(",\"title\":", fp);
	format_json_string(fp, s->title);
	if (s->scheduled) {
		struct format_times t;
		format_times(w, p, s, &t);
		fprintf(fp, ",\"day\":\"%s\",\"start\":\"%s\",\"end\":\"%s\"",
			t.day, t.start, t.end);
	} else {
		fputs(",\"day\":null,\"start\":null,\"end\":null", fp);
	}
	/* 0 is a zero-length event's (doors open); null, no duration. */
	if (s->duration || s->scheduled)
		fprintf(fp, ",\"duration\":%d", s->duration);
	else
		fputs(",\"duration\":null", fp);
	fputs(",\"track\":", fp);
	format_json_string(fp, s->track >= 0 ? p->tracks[s->track].id : NULL);
	fputs(",\"room\":", fp);
	format_json_string(fp, s->room >= 0 ? p->rooms[s->room].id : NULL);
	fputs(",\"type\":", fp);
	format_json_string(fp, s->type);
	fputs(",\"speakers\":", fp);
	format_json_names(fp, &s->speakers);
	fputs(",\"authors\":", fp);
	format_json_names(fp, &s->authors);
	fputs(",\"tags\":[", fp);
	for (size_t i = 0; i < s->tags.n; i++) {
		if (i)
			fputc(',', fp);
		format_json_string(fp, s->tags.v[i]);
	}
	fputs("],\"url\":", fp);
	format_json_string(fp, s->url);
	fputs(starred ? ",\"starred\":true" : ",\"starred\":false", fp);
	format_json_extra(fp, p, s);
	fputs("}\n", fp);
}

static void
format_names(const struct format_writer *w, const struct program_people *pp,
	     const char *sep)
{
	for (size_t i = 0; i < pp->n; i++) {
		if (i)
			fputs(sep, w->fp);
		format_put(w, pp->v[i].name);
	}
}

static void
format_tsv(struct format_writer *w, const struct program *p,
	   const struct program_session *s, bool starred)
{
	FILE *fp = w->fp;
	if (!w->started)
		fputs("conference\tid\tday\tstart\tend\tduration\ttrack\troom\t"
		      "title\tspeakers\tstarred\n",
		      fp);
	format_put(w, p->conference.id);
	fputc('\t', fp);
	format_put(w, s->id);
	fputc('\t', fp);
	if (s->scheduled) {
		struct format_times t;
		format_times(w, p, s, &t);
		fprintf(fp, "%s\t%s\t%s\t", t.day, t.start, t.end);
	} else {
		fputs("\t\t\t", fp);
	}
	if (s->duration || s->scheduled)
		fprintf(fp, "%d", s->duration);
	fputc('\t', fp);
	format_put(w, s->track >= 0 ? p->tracks[s->track].id : "");
	fputc('\t', fp);
	format_put(w, s->room >= 0 ? p->rooms[s->room].id : "");
	fputc('\t', fp);
	format_put(w, s->title);
	fputc('\t', fp);
	format_names(w, &s->speakers, "; ");
	fputs(starred ? "\ttrue\n" : "\tfalse\n", fp);
}

/* After the title, the subtitle: "Title: Subtitle", or "Title? Subtitle"
 * when the title ends in its own punctuation. Nothing when there is none,
 * so that lines of programs without it stay as they were. */
static void
format_subtitle(const struct format_writer *w, const struct program_session *s)
{
	if (s->subtitle == NULL)
		return;
	size_t n = strlen(s->title);
	bool stop = n && strchr(".:;?!", s->title[n - 1]) != NULL;
	fputs(stop ? " " : ": ", w->fp);
	format_put(w, s->subtitle);
}

static void
format_text(struct format_writer *w, const struct program *p,
	    const struct program_session *s, bool starred)
{
	FILE *fp = w->fp;
	const struct tz_zone *zone = format_zone(w, p);
	if (w->program != p) {
		fputs(w->started ? "\n" : "", fp);
		format_put(w, p->conference.title);
		fprintf(fp, " (");
		format_put(w, p->conference.id);
		fprintf(fp, "), times in %s\n", tz_label(zone));
		w->program = p;
		w->day = -2;
	}
	int day = s->scheduled ? s->day : -1;
	if (day != w->day) {
		if (day >= 0) {
			struct tz_date d;
			char date[FORMAT_WHEN_MAX];
			program_day_date(p, day, &d);
			fprintf(fp, "\n%s\n", format_date(date, &d));
		} else {
			fputs("\nUnscheduled\n", fp);
		}
		w->day = day;
	}
	char mark = starred && w->mark_stars ? '*' : ' ';
	if (s->scheduled) {
		/* After midnight or in another zone, a session may fall on
		 * another date than its conference day: the time says which. */
		char when[FORMAT_WHEN_MAX];
		fprintf(fp, "%c %s", mark,
			format_when(when, p, s, zone, FORMAT_WHEN_TIME));
	} else {
		fprintf(fp, "%c            ", mark);
	}
	fputs("  ", fp);
	if (s->track >= 0) {
		fputc('[', fp);
		format_put(w, p->tracks[s->track].id);
		fputs("] ", fp);
	}
	if (s->room >= 0) {
		fputc('(', fp);
		format_put(w, p->rooms[s->room].name);
		fputs(") ", fp);
	}
	format_put(w, s->title);
	format_subtitle(w, s);
	if (s->speakers.n) {
		fputs(" \u2014 ", fp);
		format_names(w, &s->speakers, ", ");
	}
	/* The id, which sked star and unstar take. */
	fputs(" (id ", fp);
	format_put(w, s->id);
	fputs(")\n", fp);
}

void
format_session(struct format_writer *w, const struct program *p,
	       const struct program_session *s, bool starred)
{
	switch (w->kind) {
	case FORMAT_TEXT: format_text(w, p, s, starred); break;
	case FORMAT_TSV: format_tsv(w, p, s, starred); break;
	case FORMAT_JSON: format_json(w, p, s, starred); break;
	}
	w->started = true;
}
