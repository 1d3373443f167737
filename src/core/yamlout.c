/* A program as a sked YAML file (yamlout.h). */
#define _GNU_SOURCE /* fopencookie */
#include "sked/yamlout.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/format.h"
#include "sked/outfile.h"
#include "sked/xalloc.h"
#include "sked/text.h"
#include "sked/tz.h"

void
yamlout_quote(FILE *fp, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	fputc('"', fp);
	for (size_t i = 0; i < n;) {
		/* A run of printable ASCII but '"' and '\\' (most of any
		 * text), written as it is in one go. */
		size_t run = i;
		while (run < n && u[run] >= 0x20 && u[run] < 0x7F &&
		       u[run] != '"' && u[run] != '\\')
			run++;
		if (run > i) {
			fwrite(u + i, 1, run - i, fp);
			i = run;
			continue;
		}
		unsigned char c = u[i];
		if (c < 0x80) {
			switch (c) {
			case '"': fputs("\\\"", fp); break;
			case '\\': fputs("\\\\", fp); break;
			case '\n': fputs("\\n", fp); break;
			case '\r': fputs("\\r", fp); break;
			case '\t': fputs("\\t", fp); break;
			default:
				if (text_is_unsafe(c))
					fprintf(fp, "\\u%04x", c);
				else
					fputc(c, fp);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = text_utf8_decode(u + i, n - i, &cp);
		if (len == 0) {
			fputs("\\ufffd", fp);
			i++;
			continue;
		}
		/* Escaped: what YAML readers refuse in a stream (C1, U+FFFE,
		 * U+FFFF), read as line breaks and fold (U+0085, U+2028,
		 * U+2029) or may drop (U+FEFF), and what would reorder or
		 * hide text where the file is shown (bidi controls, tag
		 * characters: text_is_unsafe). */
		if (text_is_unsafe(cp) || cp == 0x2028 || cp == 0x2029 ||
		    cp == 0xFFFE || cp == 0xFFFF)
			fprintf(fp, cp > 0xFFFF ? "\\U%08x" : "\\u%04x",
				(unsigned)cp);
		else
			fwrite(u + i, 1, len, fp);
		i += len;
	}
	fputc('"', fp);
}

/* "key: "value"" on its own line, indented; nothing when value is NULL. */
static void
yo_field(FILE *fp, const char *indent, const char *key, const char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, "%s%s: ", indent, key);
	yamlout_quote(fp, value, strlen(value));
	fputc('\n', fp);
}

/* A flow list of strings: ["a", "b"]. */
static void
yo_strv(FILE *fp, const char *indent, const char *key,
	const struct program_strv *v)
{
	if (v->n == 0)
		return;
	fprintf(fp, "%s%s: [", indent, key);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			fputs(", ", fp);
		yamlout_quote(fp, v->v[i], strlen(v->v[i]));
	}
	fputs("]\n", fp);
}

/* People: a name alone as a string, else a mapping with what is known. */
static void
yo_people(FILE *fp, const char *key, const struct program_people *pp)
{
	if (pp->n == 0)
		return;
	fprintf(fp, "    %s:\n", key);
	for (size_t i = 0; i < pp->n; i++) {
		const struct program_person *p = &pp->v[i];
		if (!p->affiliation && !p->id && !p->url) {
			fputs("      - ", fp);
			yamlout_quote(fp, p->name, strlen(p->name));
			fputc('\n', fp);
			continue;
		}
		fputs("      - name: ", fp);
		yamlout_quote(fp, p->name, strlen(p->name));
		fputc('\n', fp);
		yo_field(fp, "        ", "affiliation", p->affiliation);
		yo_field(fp, "        ", "id", p->id);
		yo_field(fp, "        ", "url", p->url);
	}
}

/* A session's start: its wall time when that names the instant exactly
 * and without a warning, else the instant with the zone's offset. */
static void
yo_start(FILE *fp, const struct program *p, const struct program_session *s)
{
	char buf[32];
	int64_t t;
	if (tz_resolve(p->conference.zone, &s->start, &t) == TZ_ONCE &&
	    t == s->start_utc)
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d",
			 s->start.year, s->start.month, s->start.day,
			 s->start.hour, s->start.minute);
	else
		format_iso8601(buf, p->conference.zone, s->start_utc);
	fprintf(fp, "    start: \"%s\"\n", buf);
}

static void
yo_session(FILE *fp, const struct program *p, const struct program_session *s)
{
	fputs("  - id: ", fp);
	yamlout_quote(fp, s->id, strlen(s->id));
	fputc('\n', fp);
	yo_field(fp, "    ", "title", s->title);
	yo_field(fp, "    ", "subtitle", s->subtitle);
	if (s->track >= 0)
		yo_field(fp, "    ", "track", p->tracks[s->track].id);
	if (s->room >= 0)
		yo_field(fp, "    ", "room", p->rooms[s->room].id);
	if (s->scheduled)
		yo_start(fp, p, s);
	/* An unscheduled session may say how long it will be; 0 is a
	 * zero-length event's when scheduled, and nothing otherwise. */
	if (s->scheduled || s->duration > 0)
		fprintf(fp, "    duration: %d\n", s->duration);
	yo_field(fp, "    ", "type", s->type);
	yo_people(fp, "speakers", &s->speakers);
	yo_people(fp, "authors", &s->authors);
	yo_field(fp, "    ", "abstract", program_text(p, &s->abstract_text));
	yo_field(fp, "    ", "description",
		 program_text(p, &s->description_text));
	yo_field(fp, "    ", "url", s->url);
	yo_strv(fp, "    ", "tags", &s->tags);
	if (s->languages.n == 1)
		yo_field(fp, "    ", "language", s->languages.v[0]);
	else
		yo_strv(fp, "    ", "language", &s->languages);
	if (s->links.n) {
		fputs("    links:\n", fp);
		for (size_t i = 0; i < s->links.n; i++) {
			fputs("      - url: ", fp);
			yamlout_quote(fp, s->links.v[i].url,
				      strlen(s->links.v[i].url));
			fputc('\n', fp);
			yo_field(fp, "        ", "title", s->links.v[i].title);
		}
	}
	yo_field(fp, "    ", "feedback_url", s->feedback_url);
	yo_field(fp, "    ", "guid", s->guid);
	if (s->do_not_record)
		fputs("    do_not_record: true\n", fp);
}

/* The date of day number d (tz_days_from_civil's count), as
 * "YYYY-MM-DD". */
static void
yo_date(FILE *fp, const char *key, int64_t d)
{
	struct tz_date date;
	tz_civil_from_days(d, &date);
	fprintf(fp, "  %s: \"%04d-%02d-%02d\"\n", key, date.year, date.month,
		date.day);
}

int64_t
yamlout_session_day(const struct program *p, const struct program_session *s)
{
	return tz_days_from_civil(s->start.year, s->start.month, s->start.day) -
	       (s->start.hour * 60 + s->start.minute < p->conference.day_change);
}

/* The file's days: the conference's own, widened to hold every session
 * (a feed may list a session under a day its time is not on, even outside
 * the conference's days, where the file, whose days come from the times,
 * would refuse it). */
void
yamlout_days(const struct program *p, int64_t *first, int64_t *last)
{
	const struct program_conference *c = &p->conference;
	*first = tz_days_from_civil(c->start.year, c->start.month,
				    c->start.day);
	*last = tz_days_from_civil(c->end.year, c->end.month, c->end.day);
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		if (!s->scheduled)
			continue;
		int64_t d = yamlout_session_day(p, s);
		*first = d < *first ? d : *first;
		*last = d > *last ? d : *last;
	}
}

bool
yamlout_fits(const struct program *p)
{
	int64_t first, last;
	yamlout_days(p, &first, &last);
	return last - first < PROGRAM_MAX_DAYS;
}

void
yamlout_write(const struct program *p, FILE *fp)
{
	const struct program_conference *c = &p->conference;
	fputs("# A sked program (sked(5)), written by sked convert.\n"
	      "sked: 1\n"
	      "conference:\n", fp);
	yo_field(fp, "  ", "id", c->id);
	yo_field(fp, "  ", "title", c->title);
	yo_field(fp, "  ", "timezone",
		 c->timezone ? c->timezone : tz_name(c->zone));
	int64_t first, last;
	yamlout_days(p, &first, &last);
	yo_date(fp, "start", first);
	yo_date(fp, "end", last);
	fprintf(fp, "  day_change: \"%02d:%02d\"\n", c->day_change / 60,
		c->day_change % 60);
	yo_field(fp, "  ", "location", c->location);
	yo_field(fp, "  ", "url", c->url);
	if (p->n_tracks)
		fputs("tracks:\n", fp);
	for (size_t i = 0; i < p->n_tracks; i++) {
		const struct program_track *t = &p->tracks[i];
		fputs("  - id: ", fp);
		yamlout_quote(fp, t->id, strlen(t->id));
		fputc('\n', fp);
		yo_field(fp, "    ", "name", t->name);
		yo_field(fp, "    ", "description",
			 program_text(p, &t->description_text));
		yo_strv(fp, "    ", "leads", &t->leads);
	}
	if (p->n_rooms)
		fputs("rooms:\n", fp);
	for (size_t i = 0; i < p->n_rooms; i++) {
		fputs("  - id: ", fp);
		yamlout_quote(fp, p->rooms[i].id, strlen(p->rooms[i].id));
		fputc('\n', fp);
		yo_field(fp, "    ", "name", p->rooms[i].name);
	}
	fputs(p->n_sessions ? "sessions:\n" : "sessions: []\n", fp);
	for (size_t i = 0; i < p->n_sessions; i++)
		yo_session(fp, p, &p->sessions[i]);
}

char *
yamlout_program(const struct program *p, size_t *len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);
	if (fp == NULL)
		abort(); /* only out of memory: as xalloc does */
	yamlout_write(p, fp);
	if (fclose(fp) != 0)
		abort();
	if (len)
		*len = size;
	return text;
}

/* The output fopencookie writes to: outfile's, and whether a put failed
 * (outfile_close says why). */
struct yo_sink {
	struct outfile *f;
	bool failed;
};

/* fopencookie's write: the bytes written, or 0 on an error (never
 * negative: glibc would take -1 for a count, and read past the data). */
static ssize_t
yo_outfile_write(void *cookie, const char *data, size_t n)
{
	struct yo_sink *k = cookie;
	if (outfile_put(k->f, data, n))
		return (ssize_t)n;
	k->failed = true;
	return 0;
}

bool
yamlout_file(const struct program *p, const char *path, char **error)
{
	struct yo_sink k = {outfile_open(path, error), false};
	if (k.f == NULL)
		return false;
	cookie_io_functions_t io = {.write = yo_outfile_write};
	FILE *fp = fopencookie(&k, "w", io);
	if (fp == NULL) {
		int e = errno;
		outfile_discard(k.f);
		*error = xasprintf("cannot write %s: %s", path, strerror(e));
		return false;
	}
	yamlout_write(p, fp);
	bool failed = ferror(fp) != 0;
	failed |= fclose(fp) != 0;
	/* A failure of stdio's own, which no put saw: the file is not
	 * whole. */
	if (failed && !k.failed) {
		outfile_discard(k.f);
		*error = xasprintf("cannot write %s: %s", path, strerror(EIO));
		return false;
	}
	return outfile_close(k.f, error);
}
