/* The export baseline (issue 13): what `sked export --all FILE` does, done
 * the minimal way with the same libraries. It reads a sked YAML file with
 * a libyaml event walk that keeps nothing but the session at hand (the
 * conference's id and zone, the tracks' and rooms' names), and for each
 * session makes a libical VEVENT with what sked writes (UID, DTSTAMP,
 * DTSTART and DTEND in the conference's zone, SUMMARY, DESCRIPTION of the
 * subtitle, speakers, abstract, description and links, LOCATION,
 * CATEGORIES, URL), serializes it with libical and writes it to standard
 * output at once, then frees it: the calendar is streamed, never held.
 *
 * What it leaves out, since sked's work includes it and the baseline's
 * need not: validation (ids, references, times, UTF-8), sanitizing text,
 * time order, durations other than whole minutes, and the VTIMEZONE (a
 * fixed cost of a few lines in sked's output; libical's built-in zones
 * are named differently and hold a century of rules). The inputs are
 * those the speed benchmark writes (gen.py, and `sked convert` of a
 * sample).
 *
 * usage: export-baseline FILE.yaml > FILE.ics */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "slurp.h"

static yaml_parser_t parser;
static const char *path;

static void
next(yaml_event_t *ev)
{
	if (!yaml_parser_parse(&parser, ev)) {
		fprintf(stderr, "%s:%zu: parse error\n", path,
			parser.problem_mark.line + 1);
		exit(65);
	}
}

static char *
dup_scalar(const yaml_event_t *ev)
{
	char *s = malloc(ev->data.scalar.length + 1);
	if (s == NULL)
		exit(70);
	memcpy(s, ev->data.scalar.value, ev->data.scalar.length);
	s[ev->data.scalar.length] = '\0';
	return s;
}

/* The value that starts with ev (already read), skipped whole. */
static void
skip(yaml_event_t *ev)
{
	int depth = 0;
	for (;;) {
		if (ev->type == YAML_SEQUENCE_START_EVENT ||
		    ev->type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (ev->type == YAML_SEQUENCE_END_EVENT ||
			 ev->type == YAML_MAPPING_END_EVENT)
			depth--;
		yaml_event_delete(ev);
		if (depth == 0)
			return;
		next(ev);
	}
}

/* The next value as a string when it is a scalar; else skipped, NULL. */
static char *
scalar_value(void)
{
	yaml_event_t ev;
	next(&ev);
	if (ev.type != YAML_SCALAR_EVENT) {
		skip(&ev);
		return NULL;
	}
	char *s = dup_scalar(&ev);
	yaml_event_delete(&ev);
	return s;
}

/* Reads a mapping's next key into *key (NULL at the mapping's end). */
static int
next_key(char **key)
{
	yaml_event_t ev;
	next(&ev);
	if (ev.type == YAML_MAPPING_END_EVENT) {
		yaml_event_delete(&ev);
		*key = NULL;
		return 0;
	}
	*key = ev.type == YAML_SCALAR_EVENT ? dup_scalar(&ev) : NULL;
	if (*key == NULL) {
		fprintf(stderr, "%s: a key that is not a scalar\n", path);
		exit(65);
	}
	yaml_event_delete(&ev);
	return 1;
}

/* A growable string. */
struct str {
	char *v;
	size_t n, cap;
};

static void
put(struct str *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->v = realloc(b->v, b->cap);
		if (b->v == NULL)
			exit(70);
	}
	memcpy(b->v + b->n, s, n);
	b->n += n;
	b->v[b->n] = '\0';
}

static void
puts_(struct str *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A paragraph: a blank line before it unless first, none of its own line
 * breaks at its end (as sked's export_para). */
static void
para(struct str *b, const char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == '\n')
		n--;
	if (b->n)
		put(b, "\n\n", 2);
	put(b, s, n);
}

struct named {
	char *id, *name;
};

struct table {
	struct named *v;
	size_t n;
};

static void
read_table(struct table *t)
{
	yaml_event_t ev;
	next(&ev);
	if (ev.type != YAML_SEQUENCE_START_EVENT) {
		skip(&ev);
		return;
	}
	yaml_event_delete(&ev);
	for (;;) {
		next(&ev);
		if (ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (ev.type != YAML_MAPPING_START_EVENT) {
			skip(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		struct named e = {0};
		char *key;
		while (next_key(&key)) {
			if (strcmp(key, "id") == 0)
				e.id = scalar_value();
			else if (strcmp(key, "name") == 0)
				e.name = scalar_value();
			else {
				next(&ev);
				skip(&ev);
			}
			free(key);
		}
		t->v = realloc(t->v, (t->n + 1) * sizeof(*t->v));
		if (t->v == NULL)
			exit(70);
		t->v[t->n++] = e;
	}
	yaml_event_delete(&ev);
}

static const char *
lookup(const struct table *t, const char *id)
{
	for (size_t i = 0; id && i < t->n; i++)
		if (t->v[i].id && strcmp(t->v[i].id, id) == 0)
			return t->v[i].name ? t->v[i].name : id;
	return id;
}

static char *conf_id, *conf_zone, *conf_title;
static struct table tracks, rooms;
static struct icaltimetype dtstamp;

struct session {
	char *id, *title, *subtitle, *track, *room, *start, *duration,
		*abstract, *description, *url;
	struct str speakers, links;
};

/* speakers: names, or mappings with name and affiliation; as sked writes
 * them: "Name (Affiliation), Name". */
static void
read_speakers(struct str *b)
{
	yaml_event_t ev;
	next(&ev);
	if (ev.type != YAML_SEQUENCE_START_EVENT) {
		skip(&ev);
		return;
	}
	yaml_event_delete(&ev);
	for (;;) {
		next(&ev);
		if (ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		char *name = NULL, *aff = NULL;
		if (ev.type == YAML_SCALAR_EVENT) {
			name = dup_scalar(&ev);
			yaml_event_delete(&ev);
		} else if (ev.type == YAML_MAPPING_START_EVENT) {
			yaml_event_delete(&ev);
			char *key;
			while (next_key(&key)) {
				if (strcmp(key, "name") == 0)
					name = scalar_value();
				else if (strcmp(key, "affiliation") == 0)
					aff = scalar_value();
				else {
					next(&ev);
					skip(&ev);
				}
				free(key);
			}
		} else {
			skip(&ev);
		}
		if (name) {
			if (b->n)
				put(b, ", ", 2);
			puts_(b, name);
			if (aff) {
				put(b, " (", 2);
				puts_(b, aff);
				put(b, ")", 1);
			}
		}
		free(name);
		free(aff);
	}
	yaml_event_delete(&ev);
}

/* links: mappings with url and title; "Title: URL" a line each. */
static void
read_links(struct str *b)
{
	yaml_event_t ev;
	next(&ev);
	if (ev.type != YAML_SEQUENCE_START_EVENT) {
		skip(&ev);
		return;
	}
	yaml_event_delete(&ev);
	for (;;) {
		next(&ev);
		if (ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (ev.type != YAML_MAPPING_START_EVENT) {
			skip(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		char *url = NULL, *title = NULL, *key;
		while (next_key(&key)) {
			if (strcmp(key, "url") == 0)
				url = scalar_value();
			else if (strcmp(key, "title") == 0)
				title = scalar_value();
			else {
				next(&ev);
				skip(&ev);
			}
			free(key);
		}
		if (url) {
			if (b->n)
				put(b, "\n", 1);
			if (title) {
				puts_(b, title);
				put(b, ": ", 2);
			}
			puts_(b, url);
		}
		free(url);
		free(title);
	}
	yaml_event_delete(&ev);
}

static void
write_component(icalcomponent *c)
{
	char *text = icalcomponent_as_ical_string_r(c);
	fputs(text, stdout);
	free(text);
}

/* One session's VEVENT, written and freed; unscheduled ones skipped. */
static void
emit(struct session *s, size_t *written)
{
	if (s->start == NULL || s->id == NULL)
		return;
	/* "2024-10-21T08:00" as iCalendar's "20241021T080000". */
	char when[16];
	const char *p = s->start;
	if (strlen(p) < 16)
		return;
	snprintf(when, sizeof(when), "%.4s%.2s%.2sT%.2s%.2s00", p, p + 5,
		 p + 8, p + 11, p + 14);
	struct icaltimetype start = icaltime_from_string(when);
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	struct str uid = {0};
	puts_(&uid, s->id);
	put(&uid, "@", 1);
	puts_(&uid, conf_id ? conf_id : "");
	puts_(&uid, ".sked");
	icalcomponent_add_property(ev, icalproperty_new_uid(uid.v));
	free(uid.v);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(dtstamp));
	icalproperty *dt = icalproperty_new_dtstart(start);
	icalproperty_add_parameter(dt, icalparameter_new_tzid(conf_zone));
	icalcomponent_add_property(ev, dt);
	int minutes = s->duration ? atoi(s->duration) : 0;
	if (minutes > 0) {
		dt = icalproperty_new_dtend(icaltime_add(
			start, icaldurationtype_from_int(minutes * 60)));
		icalproperty_add_parameter(dt, icalparameter_new_tzid(conf_zone));
		icalcomponent_add_property(ev, dt);
	}
	if (s->title)
		icalcomponent_add_property(ev, icalproperty_new_summary(s->title));
	struct str d = {0};
	if (s->subtitle)
		para(&d, s->subtitle);
	if (s->speakers.n) {
		para(&d, "Speakers: ");
		put(&d, s->speakers.v, s->speakers.n);
	}
	if (s->abstract)
		para(&d, s->abstract);
	if (s->description)
		para(&d, s->description);
	if (s->links.n)
		para(&d, s->links.v);
	if (s->url)
		para(&d, s->url);
	if (d.n)
		icalcomponent_add_property(ev, icalproperty_new_description(d.v));
	free(d.v);
	if (s->room)
		icalcomponent_add_property(
			ev, icalproperty_new_location(lookup(&rooms, s->room)));
	if (s->track)
		icalcomponent_add_property(
			ev, icalproperty_new_categories(lookup(&tracks, s->track)));
	if (s->url)
		icalcomponent_add_property(ev, icalproperty_new_url(s->url));
	write_component(ev);
	icalcomponent_free(ev);
	(*written)++;
}

static size_t
read_sessions(void)
{
	size_t written = 0;
	yaml_event_t ev;
	next(&ev);
	if (ev.type != YAML_SEQUENCE_START_EVENT) {
		skip(&ev);
		return 0;
	}
	yaml_event_delete(&ev);
	for (;;) {
		next(&ev);
		if (ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (ev.type != YAML_MAPPING_START_EVENT) {
			skip(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		struct session s = {0};
		char *key;
		while (next_key(&key)) {
			char **field = NULL;
			if (strcmp(key, "id") == 0) field = &s.id;
			else if (strcmp(key, "title") == 0) field = &s.title;
			else if (strcmp(key, "subtitle") == 0) field = &s.subtitle;
			else if (strcmp(key, "track") == 0) field = &s.track;
			else if (strcmp(key, "room") == 0) field = &s.room;
			else if (strcmp(key, "start") == 0) field = &s.start;
			else if (strcmp(key, "duration") == 0) field = &s.duration;
			else if (strcmp(key, "abstract") == 0) field = &s.abstract;
			else if (strcmp(key, "description") == 0) field = &s.description;
			else if (strcmp(key, "url") == 0) field = &s.url;
			if (field) {
				free(*field);
				*field = scalar_value();
			} else if (strcmp(key, "speakers") == 0) {
				read_speakers(&s.speakers);
			} else if (strcmp(key, "links") == 0) {
				read_links(&s.links);
			} else {
				next(&ev);
				skip(&ev);
			}
			free(key);
		}
		emit(&s, &written);
		char **fields[] = {&s.id, &s.title, &s.subtitle, &s.track,
				   &s.room, &s.start, &s.duration, &s.abstract,
				   &s.description, &s.url};
		for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
			free(*fields[i]);
		free(s.speakers.v);
		free(s.links.v);
	}
	yaml_event_delete(&ev);
	return written;
}

static void
read_conference(void)
{
	yaml_event_t ev;
	next(&ev);
	if (ev.type != YAML_MAPPING_START_EVENT) {
		skip(&ev);
		return;
	}
	yaml_event_delete(&ev);
	char *key;
	while (next_key(&key)) {
		if (strcmp(key, "id") == 0)
			conf_id = scalar_value();
		else if (strcmp(key, "timezone") == 0)
			conf_zone = scalar_value();
		else if (strcmp(key, "title") == 0)
			conf_title = scalar_value();
		else {
			next(&ev);
			skip(&ev);
		}
		free(key);
	}
}

/* The calendar's head, written before the first event: the conference
 * has been read by then (sked files have it before the sessions). */
static void
write_head(void)
{
	static char utc[] = "UTC";
	if (conf_zone == NULL)
		conf_zone = utc;
	printf("BEGIN:VCALENDAR\r\nPRODID:-//sked//export-baseline//EN\r\n"
	       "VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	if (conf_title) {
		icalproperty *name = icalproperty_new_x(conf_title);
		icalproperty_set_x_name(name, "X-WR-CALNAME");
		char *text = icalproperty_as_ical_string_r(name);
		fputs(text, stdout);
		free(text);
		icalproperty_free(name);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: export-baseline FILE.yaml\n");
		return 64;
	}
	path = argv[1];
	size_t len;
	unsigned char *buf = (unsigned char *)bench_slurp(path, &len);
	static char out[1 << 16];
	setvbuf(stdout, out, _IOFBF, sizeof(out));
	dtstamp = icaltime_current_time_with_zone(icaltimezone_get_utc_timezone());
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, buf, len);
	yaml_event_t ev;
	for (;;) { /* to the top mapping */
		next(&ev);
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (type == YAML_MAPPING_START_EVENT)
			break;
		if (type == YAML_STREAM_END_EVENT) {
			fprintf(stderr, "%s: not a mapping\n", path);
			return 65;
		}
	}
	size_t written = 0;
	char *key;
	while (next_key(&key)) {
		if (strcmp(key, "conference") == 0) {
			read_conference();
		} else if (strcmp(key, "tracks") == 0) {
			read_table(&tracks);
		} else if (strcmp(key, "rooms") == 0) {
			read_table(&rooms);
		} else if (strcmp(key, "sessions") == 0) {
			write_head();
			written += read_sessions();
		} else {
			next(&ev);
			skip(&ev);
		}
		free(key);
	}
	fputs("END:VCALENDAR\r\n", stdout);
	yaml_parser_delete(&parser);
	free(buf);
	if (fflush(stdout) != 0) {
		perror("stdout");
		return 74;
	}
	fprintf(stderr, "export-baseline: %zu events\n", written);
	return 0;
}
