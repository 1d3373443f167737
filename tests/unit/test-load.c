/* Unit tests of the loader: what loads and how, and where errors point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/load_source.h"
#include "sked/agenda.h"
#include "sked/feed.h"
#include "sked/load.h"
#include "sked/skedyaml.h"
#include "sked/program.h"
#include "sked/tz.h"

#define HEAD                                                                   \
	"sked: 1\n"                                                            \
	"conference:\n"                                                        \
	"  id: lpc2023\n"                                                      \
	"  title: LPC\n"                                                       \
	"  timezone: America/New_York\n"                                       \
	"  start: 2023-11-13\n"                                                \
	"  end: 2023-11-15\n"

static struct program *
load(const char *text, struct diag_list *d)
{
	diag_list_init(d);
	return load_buffer("t.yaml", text, strlen(text), d);
}

static void
test_valid(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load(HEAD
		"tracks:\n"
		"  - {id: rt, name: Real-time, leads: [A B, C D]}\n"
		"rooms:\n"
		"  - {id: salon-a, name: Salon A}\n"
		"sessions:\n"
		"  - id: \"215\"\n"
		"    title: the path\n"
		"    track: rt\n"
		"    room: salon-a\n"
		"    start: 2023-11-13T09:40\n"
		"    duration: 25\n"
		"    speakers: [philip Li, {name: David Gow, affiliation: Google}]\n"
		"    tags: [build]\n"
		"  - id: early\n"
		"    title: Early\n"
		"    start: 2023-11-13 09:00\n"
		"    duration: \"1:05\"\n"
		"  - id: u\n"
		"    title: Unscheduled\n"
		"    duration: 20\n", &d);
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 0);
	assert_string_equal(p->conference.id, "lpc2023");
	assert_int_equal(p->conference.n_days, 3);
	assert_int_equal(p->n_sessions, 3);
	assert_int_equal(p->n_scheduled, 2);
	const struct program_session *s = program_find_session(p, "215");
	assert_non_null(s);
	assert_int_equal(s->start_utc, 1699886400); /* 14:40 UTC */
	assert_int_equal(s->duration, 25);
	assert_int_equal(s->day, 0);
	assert_int_equal(s->track, 0);
	assert_int_equal(s->room, 0);
	assert_int_equal(s->speakers.n, 2);
	assert_string_equal(s->speakers.v[0].name, "philip Li");
	assert_null(s->speakers.v[0].affiliation);
	assert_string_equal(s->speakers.v[1].affiliation, "Google");
	assert_string_equal(s->tags.v[0], "build");
	assert_int_equal(program_find_session(p, "early")->duration, 65);
	/* time order, then unscheduled */
	assert_string_equal(p->sessions[p->order[0]].id, "early");
	assert_string_equal(p->sessions[p->order[1]].id, "215");
	assert_string_equal(p->sessions[p->order[2]].id, "u");
	assert_false(p->sessions[p->order[2]].scheduled);
	assert_int_equal(p->sessions[p->order[2]].duration, 20);
	assert_int_equal(p->tracks[0].leads.n, 2);
	assert_int_equal(program_find_track(p, "REAL-TIME"), 0);
	assert_int_equal(program_find_track(p, "rt"), 0);
	assert_int_equal(program_find_track(p, "nope"), -1);
	program_destroy(p);
	diag_list_finish(&d);
}

static void
test_bom_crlf(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load("\xEF\xBB\xBF" "sked: 1\r\nconference:\r\n"
		"  id: x\r\n  title: X\r\n  timezone: UTC\r\n"
		"  start: 2024-01-01\r\n  end: 2024-01-01\r\n"
		"sessions:\r\n  - id: a\r\n    title: A\r\n"
		"    abstract: |\r\n      one\r\n      two\r\n", &d);
	assert_non_null(p);
	assert_string_equal(program_text(p, &p->sessions[0].abstract_text),
			    "one\ntwo\n");
	program_destroy(p);
	diag_list_finish(&d);
	/* Positions stay right after a BOM and CRLF line ends. */
	p = load("\xEF\xBB\xBF" "sked: 1\r\nconference:\r\n  id: x\r\n"
		 "  title: X\r\n  timezone: Nowhere/Land\r\n  start: 2024-01-01\r\n"
		 "  end: 2024-01-01\r\nsessions: []\r\n", &d);
	assert_null(p);
	assert_true(d.errors >= 1);
	assert_int_equal(d.v[0].line, 5);
	assert_int_equal(d.v[0].column, 13);
	program_destroy(p);
	diag_list_finish(&d);
}

static void
test_day_change(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load(HEAD "  day_change: \"04:00\"\n"
		"sessions:\n"
		"  - {id: late, title: Late, start: 2023-11-14T01:30, duration: 60}\n"
		"  - {id: early, title: Early, start: 2023-11-14T04:00, duration: 60}\n"
		"  - {id: last, title: Last, start: 2023-11-16T03:59, duration: 1}\n", &d);
	assert_non_null(p);
	assert_int_equal(program_find_session(p, "late")->day, 0);
	assert_int_equal(program_find_session(p, "early")->day, 1);
	assert_int_equal(program_find_session(p, "last")->day, 2);
	/* 01:30 EST on the 14th is 06:30 UTC */
	assert_int_equal(program_find_session(p, "late")->start_utc, 1699943400);
	program_destroy(p);
	diag_list_finish(&d);
	/* Without day_change, 2023-11-16 03:59 is after the conference. */
	p = load(HEAD "sessions:\n"
		 "  - {id: last, title: Last, start: 2023-11-16T03:59, duration: 1}\n",
		 &d);
	assert_null(p);
	assert_int_equal(d.v[0].line, 9);
	diag_list_finish(&d);
}

static void
test_warnings(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load(HEAD "colour: red\nsessions:\n"
		"  - {id: a, title: A, speaker: X}\n"
		"  - {id: gap, title: Gap, start: 2023-11-14T02:30, duration: 5}\n",
		&d);
	/* 2023-11-14 02:30 exists (no DST change then): no warning for it. */
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 2);
	assert_int_equal(d.v[0].severity, DIAG_WARNING);
	assert_int_equal(d.v[0].line, 8);
	assert_string_equal(d.v[0].message, "unknown key \"colour\" (ignored)");
	/* A near miss of a key valid there is named. */
	assert_string_equal(d.v[1].message,
			    "sessions[0]: unknown key \"speaker\" (ignored; did "
			    "you mean \"speakers\"?)");
	program_destroy(p);
	diag_list_finish(&d);

	/* A wall time in the spring-forward gap loads with a warning. */
	p = load("sked: 1\nconference: {id: x, title: X, timezone: "
		 "America/New_York, start: 2024-03-10, end: 2024-03-10}\n"
		 "sessions:\n  - {id: g, title: G, start: 2024-03-10T02:30, "
		 "duration: 30}\n", &d);
	assert_non_null(p);
	assert_int_equal(d.warnings, 1);
	assert_non_null(strstr(d.v[0].message, "daylight-saving gap"));
	assert_int_equal(p->sessions[0].start_utc, 1710055800);
	program_destroy(p);
	diag_list_finish(&d);

	/* One in the repeated hour loads with a warning naming the
	 * occurrence taken; the next minute after the hour has none. */
	p = load("sked: 1\nconference: {id: x, title: X, timezone: "
		 "America/New_York, start: 2023-11-05, end: 2023-11-05}\n"
		 "sessions:\n  - {id: a, title: A, start: 2023-11-05T01:00, "
		 "duration: 60}\n  - {id: b, title: B, start: 2023-11-05T02:00, "
		 "duration: 60}\n", &d);
	assert_non_null(p);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.v[0].line, 4);
	assert_string_equal(d.v[0].message,
		"sessions[0].start: 01:00 occurs twice in America/New_York on "
		"that day (clocks go back); taken as the first, at UTC-04:00");
	assert_int_equal(p->sessions[0].start_utc, 1699160400);
	program_destroy(p);
	diag_list_finish(&d);
}

static void
test_errors_collected(void **state)
{
	(void)state;
	struct diag_list d;
	/* Several independent errors are all reported, in file order. */
	struct program *p = load(HEAD "sessions:\n"
		"  - {id: a, title: A, duration: abc}\n"
		"  - {id: b, title: B, track: nope}\n"
		"  - {id: a, title: C}\n", &d);
	assert_null(p);
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.v[0].line, 9);
	assert_int_equal(d.v[1].line, 10);
	assert_int_equal(d.v[2].line, 11);
	diag_list_finish(&d);
}

static void
test_yaml_errors(void **state)
{
	(void)state;
	struct diag_list d;
	/* libyaml's reader knows only a byte offset: the message still points
	 * at the character's line and column, after a BOM, CRLF line ends and
	 * a multibyte character. */
	struct program *p = load("\xEF\xBB\xBFsked: 1\r\nconference: {id: x, "
		"title: X, timezone: UTC, start: 2024-01-01, end: 2024-01-01}\r\n"
		"sessions:\r\n  - {id: a, title: \"G\xC3\xB6" "del \x1B[2J\"}\r\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[0].column, 27);
	assert_non_null(strstr(d.v[0].message, "U+001B"));
	diag_list_finish(&d);
	/* A key misspelled at the top level: the suggestion comes from the
	 * keys valid there, in any case. */
	p = load(HEAD "Sessions: []\n", &d);
	assert_null(p);
	assert_string_equal(d.v[0].message, "unknown key \"Sessions\" (ignored; "
			    "did you mean \"sessions\"?)");
	diag_list_finish(&d);
	/* Far from every key: no guess. */
	p = load(HEAD "sessions: []\nvenue: x\n", &d);
	assert_non_null(p);
	assert_string_equal(d.v[0].message, "unknown key \"venue\" (ignored)");
	program_destroy(p);
	diag_list_finish(&d);
}

static void
test_limits(void **state)
{
	(void)state;
	struct diag_list d;
	/* 31 levels inside an unknown key load (with a warning); 33 do not. */
	char buf[512];
	snprintf(buf, sizeof(buf), HEAD "sessions: []\nx: %.*s%.*s\n", 31,
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 31,
		 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	struct program *p = load(buf, &d);
	assert_non_null(p);
	program_destroy(p);
	diag_list_finish(&d);
	snprintf(buf, sizeof(buf), HEAD "sessions: []\nx: %.*s%.*s\n", 33,
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 33,
		 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	p = load(buf, &d);
	assert_null(p);
	assert_non_null(strstr(d.v[0].message, "nesting deeper"));
	diag_list_finish(&d);
	/* Aliases are refused, and so anchors, which no alias may use: a
	 * title that begins with & lost its first word to one. */
	p = load(HEAD "sessions:\n  - {id: a, title: A}\n  - *s\n", &d);
	assert_null(p);
	assert_int_equal(d.v[0].line, 10);
	assert_non_null(strstr(d.v[0].message, "aliases are not allowed"));
	diag_list_finish(&d);
	p = load(HEAD "sessions:\n  - &s {id: a, title: A}\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 9);
	assert_int_equal(d.v[0].column, 5);
	assert_string_equal(d.v[0].message,
			    "YAML anchor &s: anchors are not allowed in a sked "
			    "file (a value that begins with '&' is written in "
			    "quotes)");
	diag_list_finish(&d);
	p = load(HEAD "sessions:\n  - {id: a, title: !Sparkles talk}\n", &d);
	assert_null(p);
	assert_int_equal(d.v[0].line, 9);
	assert_int_equal(d.v[0].column, 20);
	assert_non_null(strstr(d.v[0].message, "YAML tag !Sparkles: tags "
					       "are not allowed"));
	diag_list_finish(&d);
}

/* The reader walks the file as it streams, but its messages are those of
 * a walk of the whole file in the schema's order: the root's keys, then
 * the conference, tracks, rooms and sessions, whatever order the file
 * has them in; nothing but the version's when the version is missing or
 * another (wherever its key is); nothing but the syntax error when the
 * file is not YAML after all. */
static void
test_walk_order(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load(
		"sessions:\n"
		"  - {id: a, title: [A]}\n"
		"tracks:\n"
		"  - {id: t}\n"
		"venue: x\n"
		"conference: {id: c, title: C, timezone: UTC, start: 2024-01-01}\n"
		"sked: 1\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	assert_string_equal(d.v[0].message, "unknown key \"venue\" (ignored)");
	assert_string_equal(d.v[1].message,
			    "conference: missing required key \"end\"");
	assert_string_equal(d.v[2].message,
			    "tracks[0]: missing required key \"name\"");
	assert_string_equal(d.v[3].message,
			    "sessions[0].title: expected a string, got a list");
	assert_int_equal(d.v[3].line, 2);
	assert_int_equal(d.v[3].column, 20);
	diag_list_finish(&d);

	p = load("conference: {id: c}\nsessions: [{id: a}]\nsked: 2\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.v[0].message,
			    "sked: unsupported format version \"2\" (this sked "
			    "reads version 1)");
	diag_list_finish(&d);

	p = load("conference: {id: c}\nsessions: [{id: a}]\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].message, "missing required key \"sked\" "
			    "(the format version, 1)");
	assert_int_equal(d.v[0].line, 1);
	diag_list_finish(&d);

	p = load(HEAD "sessions:\n  - {id: a, title: [A]}\n"
		 "  - {id: b, title: \"unclosed}\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].message, "never closed"));
	diag_list_finish(&d);

	/* Past DIAG_MAX, the first messages in the schema's order are kept
	 * and the rest counted: 60 sessions' before 60 tracks' in the file,
	 * the tracks' first in the list. */
	char big[8192];
	size_t n = (size_t)snprintf(big, sizeof(big), "sked: 1\nconference: "
				    "{id: c, title: C, timezone: UTC, start: "
				    "2024-01-01, end: 2024-01-01}\nsessions:\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
				      "  - {id: s%d, title: [x]}\n", i);
	n += (size_t)snprintf(big + n, sizeof(big) - n, "tracks:\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
				      "  - {id: t%d}\n", i);
	p = load(big, &d);
	assert_null(p);
	assert_int_equal(d.errors, 120);
	assert_int_equal(d.n, DIAG_MAX);
	assert_int_equal(d.dropped, 120 - DIAG_MAX);
	assert_string_equal(d.v[0].message,
			    "tracks[0]: missing required key \"name\"");
	assert_string_equal(d.v[60].message,
			    "sessions[0].title: expected a string, got a list");
	diag_list_finish(&d);

	/* A second document after a good first one. */
	p = load(HEAD "sessions: []\n---\nsked: 1\n", &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].message, "a second YAML document"));
	diag_list_finish(&d);
}

/* A file of more sessions than a program may hold keeps none past the
 * one the builder reports: "{}" is three bytes, a feed session 504. */
static void
test_sessions_capped(void **state)
{
	(void)state;
	size_t items = PROGRAM_MAX_SESSIONS + 1000;
	const char head[] = "sked: 1\nconference: {id: c, title: C, "
			    "timezone: UTC, start: 2024-01-01, "
			    "end: 2024-01-01}\nsessions: [";
	size_t len = sizeof(head) - 1 + 3 * items + 2;
	char *text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, head, sizeof(head) - 1);
	char *at = text + sizeof(head) - 1;
	for (size_t i = 0; i < items; i++, at += 3)
		memcpy(at, "{},", 3);
	memcpy(at - 1, "]\n", 2);
	len = (size_t)(at + 1 - text);
	struct diag_list d;
	diag_list_init(&d);
	struct feed *f = feed_create("t.yaml", "sked");
	skedyaml_read(f, text, len, &d);
	assert_int_equal(f->n_sessions, PROGRAM_MAX_SESSIONS + 1);
	assert_true(f->cap_sessions <= PROGRAM_MAX_SESSIONS + 1);
	feed_destroy(f);
	diag_list_finish(&d);
	free(text);
}

/* Lists gathered while they stream (people, tags, links) are the file's,
 * each session's its own, in order, however long. */
static void
test_lists_kept(void **state)
{
	(void)state;
	char text[16384];
	size_t n = (size_t)snprintf(text, sizeof(text), "%s", HEAD "sessions:\n");
	for (int i = 0; i < 3; i++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  - id: s%d\n    title: S\n    speakers:\n",
				      i);
		for (int k = 0; k < 20 + i; k++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "      - {name: P%d-%d, "
					      "affiliation: A%d}\n", i, k, k);
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "    authors: [Q%d]\n    tags: [x%d, y%d]\n"
				      "    links:\n      - {url: "
				      "https://a.example/%d, title: T}\n",
				      i, i, i, i);
	}
	struct diag_list d;
	struct program *p = load(text, &d);
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	for (int i = 0; i < 3; i++) {
		char want[32];
		const struct program_session *s = &p->sessions[i];
		assert_int_equal(s->speakers.n, 20 + i);
		for (int k = 0; k < 20 + i; k++) {
			snprintf(want, sizeof(want), "P%d-%d", i, k);
			assert_string_equal(s->speakers.v[k].name, want);
			snprintf(want, sizeof(want), "A%d", k);
			assert_string_equal(s->speakers.v[k].affiliation, want);
		}
		assert_int_equal(s->authors.n, 1);
		snprintf(want, sizeof(want), "Q%d", i);
		assert_string_equal(s->authors.v[0].name, want);
		assert_int_equal(s->tags.n, 2);
		snprintf(want, sizeof(want), "y%d", i);
		assert_string_equal(s->tags.v[1], want);
		assert_int_equal(s->links.n, 1);
		snprintf(want, sizeof(want), "https://a.example/%d", i);
		assert_string_equal(s->links.v[0].url, want);
	}
	program_destroy(p);
	diag_list_finish(&d);
}

/* sked(5)'s optional fields, read and checked. */
static void
test_new_fields(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load(HEAD
		"sessions:\n"
		"  - id: a\n"
		"    title: A\n"
		"    subtitle: sub\n"
		"    description: long\n"
		"    language: de\n"
		"    links: [{url: \"https://x.example/s\", title: Slides}]\n"
		"    feedback_url: \"https://x.example/fb\"\n"
		"    guid: 123e4567-e89b-12d3-a456-426614174000\n"
		"    do_not_record: true\n"
		"    speakers: [{name: Jo, id: \"7\", url: \"https://x.example/7\"}]\n"
		"  - {id: b, title: B, language: [en, pt-BR], do_not_record: false}\n",
		&d);
	assert_non_null(p);
	assert_int_equal(d.warnings, 0);
	const struct program_session *s = &p->sessions[0];
	assert_string_equal(s->subtitle, "sub");
	assert_string_equal(program_text(p, &s->description_text), "long");
	assert_int_equal(s->languages.n, 1);
	assert_string_equal(s->languages.v[0], "de");
	assert_string_equal(s->links.v[0].url, "https://x.example/s");
	assert_string_equal(s->links.v[0].title, "Slides");
	assert_string_equal(s->feedback_url, "https://x.example/fb");
	assert_string_equal(s->guid, "123e4567-e89b-12d3-a456-426614174000");
	assert_true(s->do_not_record);
	assert_string_equal(s->speakers.v[0].id, "7");
	assert_string_equal(s->speakers.v[0].url, "https://x.example/7");
	assert_int_equal(p->sessions[1].languages.n, 2);
	assert_false(p->sessions[1].do_not_record);
	program_destroy(p);
	diag_list_finish(&d);

	p = load(HEAD "sessions:\n"
		 "  - id: a\n"
		 "    title: A\n"
		 "    feedback_url: not a url\n"
		 "    links: [{title: no url}]\n"
		 "    language: {en: 1}\n", &d);
	assert_null(p);
	/* The shapes first (the reader's), then the values (the builder's). */
	assert_int_equal(d.errors, 3);
	assert_string_equal(d.v[0].message,
			    "sessions[0].links[0]: missing required key \"url\"");
	assert_string_equal(d.v[1].message,
			    "sessions[0].language: expected a string, got a "
			    "mapping");
	assert_string_equal(d.v[2].message,
			    "sessions[0].feedback_url: expected a URL such as "
			    "https://example.org/ (RFC 3986), got \"not a url\": "
			    "it does not start with a scheme such as https:");
	diag_list_finish(&d);
}

/* Zero-length events load; in an agenda they conflict only with what is
 * on at that instant, not with what ends or starts then. */
static void
test_zero_duration(void **state)
{
	(void)state;
	struct diag_list d;
	struct program *p = load(HEAD "sessions:\n"
		"  - {id: doors, title: Doors, start: 2023-11-13T09:00, duration: 0}\n"
		"  - {id: talk, title: Talk, start: 2023-11-13T09:00, duration: 30}\n"
		"  - {id: mid, title: Mid, start: 2023-11-13T09:10, duration: \"0:00\"}\n"
		"  - {id: end, title: End, start: 2023-11-13T09:30, duration: 0}\n"
		"  - {id: end2, title: End2, start: 2023-11-13T09:30, duration: 0}\n",
		&d);
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	assert_int_equal(program_find_session(p, "doors")->duration, 0);
	assert_true(program_find_session(p, "doors")->scheduled);
	/* Ordered by start, then end: the instant before the talk. */
	assert_string_equal(p->sessions[p->order[0]].id, "doors");
	assert_string_equal(p->sessions[p->order[1]].id, "talk");
	char *notice, *error;
	struct agenda *a = agenda_load_path("lpc2023", NULL, &notice, &error);
	assert_non_null(a);
	for (size_t i = 0; i < p->n_sessions; i++)
		agenda_add(a, p->sessions[i].id);
	bool *starred, *conflict;
	size_t n = agenda_mark(a, p, &starred, &conflict);
	assert_int_equal(n, 2);
	assert_false(conflict[0]); /* doors: when the talk starts */
	assert_true(conflict[1]);  /* talk: mid is during it */
	assert_true(conflict[2]);
	assert_false(conflict[3]); /* end and end2: when it ends, together */
	assert_false(conflict[4]);
	free(starred);
	free(conflict);
	agenda_destroy(a);
	program_destroy(p);
	diag_list_finish(&d);
}

/* What the YAML reader claims; the rest is refused as no known format. */
static void
test_sniff(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"", "# only a comment\n", "sked: 1\n", ("\xEF\xBB\xBF" "sked: 1\n"),
		"%YAML 1.1\n---\nsked: 1\n", "{sked: 1, conference: {}}",
		"- a list\n", "not: sked\n",
	};
	static const char *const no[] = {
		"<?xml version=\"1.0\"?><schedule/>", "<html>",
		"BEGIN:VCALENDAR\r\n", "{\"schedule\": {}}", "[1, 2]",
		"\x89PNG\r\n\x1a\n", "\xff\xfe",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(skedyaml_sniff(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (skedyaml_sniff(no[i], strlen(no[i])))
			fail_msg("taken: %s", no[i]);
	struct diag_list d;
	struct program *p = load("<html><p>Our program</p></html>\n", &d);
	assert_null(p);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.v[0].line, 1);
	assert_non_null(strstr(d.v[0].message,
			       "not a schedule sked can read: expected "));
	assert_non_null(strstr(d.v[0].message, "sked YAML"));
	diag_list_finish(&d);
}

/* Every published sample imports through its reader and the builder; the
 * 36C3 program read from its XML and from its JSON gives the same ids and
 * instants. */
static void
test_samples(void **state)
{
	(void)state;
	static const char *const files[] = {
		"frab-xml/36c3-stages.xml", "frab-xml/fosdem-2021.xml",
		"frab-xml/debconf23.xml", "frab-json/36c3-stages.json",
		"frab-json/frab-camp2019.json", "frab-json/pretalx-rc3.json",
		"frab-json/pretalx-democon.json", "frab-json/hub-schedule2.json",
		"ical/jres-2022.ics", "ical/kielux-2020.ics",
		"ical/sched-jococruise-2024.ics",
	};
	struct program *p[sizeof(files) / sizeof(files[0])];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path),
			 SKED_SOURCE_ROOT "/tests/data/samples/%s", files[i]);
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		p[i] = load_file(path, &d, &st);
		if (p[i] == NULL) {
			diag_print(&d, stderr);
			fail_msg("%s does not load", files[i]);
		}
		assert_true(p[i]->n_sessions > 0);
		diag_list_finish(&d);
	}
	const struct program *x = p[0], *j = p[3];
	assert_int_equal(x->n_sessions, 498);
	assert_int_equal(j->n_sessions, x->n_sessions);
	for (size_t i = 0; i < x->n_sessions; i++) {
		const struct program_session *a = &x->sessions[i];
		const struct program_session *b = program_find_session(j, a->id);
		if (b == NULL)
			fail_msg("session %s of the XML is not in the JSON", a->id);
		assert_int_equal(a->start_utc, b->start_utc);
		assert_int_equal(a->duration, b->duration);
		assert_int_equal(a->day, b->day);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		program_destroy(p[i]);
}

/* ---- a file streamed a piece at a time (load_source.h) ---- */


/* A file made in memory: fmt's text, then comment lines up to offset
 * `at` (when past it already: none), then tail[0..tail_len) (NULs
 * allowed), then comment lines up to `size` bytes, then end (when not
 * NULL). */
static char *
make_text(const char *head, size_t at, const char *tail, size_t tail_len,
	  size_t size, const char *end, size_t *len)
{
	char *s = NULL;
	FILE *m = open_memstream(&s, len);
	assert_non_null(m);
	fputs(head, m);
	for (int pass = 0; pass < 2; pass++) {
		size_t to = pass == 0 ? at : size - (end ? strlen(end) : 0);
		long o = ftell(m);
		assert_true(o >= 0);
		while ((size_t)o < to) {
			/* a line of 2 to 64 bytes, not leaving 1 */
			size_t left = to - (size_t)o, n = left < 64 ? left : 64;
			if (left - n == 1)
				n--;
			assert_true(n >= 2);
			fputc('#', m);
			for (size_t i = 2; i < n; i++)
				fputc('x', m);
			fputc('\n', m);
			o += (long)n;
		}
		if (pass == 0)
			fwrite(tail, 1, tail_len, m);
	}
	if (end)
		fputs(end, m);
	assert_int_equal(fclose(m), 0);
	return s;
}

/* text[0..len) written to a new file in a new directory under /tmp; its
 * path in path. */
static void
write_temp(char *path, size_t size, const char *text, size_t len)
{
	char dir[] = "/tmp/sked-test-load-XXXXXX";
	assert_non_null(mkdtemp(dir));
	snprintf(path, size, "%s/big.yaml", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
remove_temp(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* text[0..len) loaded as a file (streamed, no snapshot) and from memory:
 * the same program or the same messages. The file's program, or NULL
 * with its messages in *d. */
static struct program *
load_both(const char *text, size_t len, struct diag_list *d)
{
	char path[4200];
	write_temp(path, sizeof(path), text, len);
	setenv("SKED_NO_CACHE", "1", 1);
	diag_list_init(d);
	enum load_status st;
	struct program *p = load_file(path, d, &st);
	unsetenv("SKED_NO_CACHE");
	struct diag_list m;
	diag_list_init(&m);
	struct program *q = load_buffer(path, text, len, &m);
	assert_int_equal(p != NULL, q != NULL);
	assert_int_equal(st, p ? LOAD_OK : LOAD_INVALID);
	assert_int_equal(d->n, m.n);
	for (size_t i = 0; i < m.n; i++) {
		assert_string_equal(d->v[i].message, m.v[i].message);
		assert_int_equal(d->v[i].line, m.v[i].line);
		assert_int_equal(d->v[i].column, m.v[i].column);
	}
	if (p != NULL) {
		assert_int_equal(p->n_sessions, q->n_sessions);
		for (size_t i = 0; i < p->n_sessions; i++)
			assert_string_equal(p->sessions[i].title,
					    q->sessions[i].title);
	}
	program_destroy(q);
	diag_list_finish(&m);
	remove_temp(path);
	return p;
}

/* The 1-based line and column (characters) of byte off in s. */
static void
where(const char *s, size_t off, unsigned *line, unsigned *col)
{
	*line = 1, *col = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n')
			*line += 1, *col = 1;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			*col += 1;
	}
}

#define SESSION_AT "sessions:\n"
#define TITLE_AT "  - id: a\n    title: \"Caf"
#define TITLE_END                                                              \
	" bar\"\n    start: 2023-11-13T09:00\n    duration: 30\n"

/* A character cut by the end of the first piece, or of a later one, is
 * read whole; a BOM before it changes nothing. */
static void
test_stream_cut_character(void **state)
{
	(void)state;
	static const char *const chars[] = {"\xC3\xA9", "\xE2\x82\xAC",
					    "\xF0\x9F\x98\x80"};
	for (int bom = 0; bom < 2; bom++)
		for (size_t c = 0; c < 3; c++)
			for (size_t cut = 1; cut <= c + 1; cut++)
				for (size_t k = 1; k <= 2; k++) {
		/* The character's first `cut` bytes end piece k - 1. */
		char tail[128];
		size_t at = k * LOAD_PIECE - cut - strlen(TITLE_AT);
		int n = snprintf(tail, sizeof(tail), TITLE_AT "%s" TITLE_END,
				 chars[c]);
		size_t len;
		char *text = make_text(bom ? "\xEF\xBB\xBF" HEAD SESSION_AT
					   : HEAD SESSION_AT,
				       at, tail, (size_t)n, 3 * LOAD_PIECE + 100,
				       NULL, &len);
		assert_memory_equal(text + k * LOAD_PIECE - cut, chars[c], c + 2);
		struct diag_list d;
		struct program *p = load_both(text, len, &d);
		assert_non_null(p);
		char want[32];
		snprintf(want, sizeof(want), "Caf%s bar", chars[c]);
		assert_string_equal(p->sessions[0].title, want);
		program_destroy(p);
		diag_list_finish(&d);
		free(text);
	}
}

/* text[0..len) loads from a file with one error, msg, at the line and
 * column of byte off (past a BOM, counted in characters), as from
 * memory. */
static void
assert_stream_error(const char *text, size_t len, size_t off, const char *msg)
{
	struct diag_list d;
	struct program *p = load_both(text, len, &d);
	assert_null(p);
	assert_int_equal(d.n, 1);
	unsigned line, col;
	size_t bom = memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	where(text + bom, off - bom, &line, &col);
	assert_string_equal(d.v[0].message, msg);
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].column, col);
	diag_list_finish(&d);
}

/* A bad byte in a later piece: its exact line and column, found by
 * reading the file again; a NUL too; a character cut by a piece's end
 * that the next piece does not finish, or the file's end (at the end of
 * a whole piece: the next read finds nothing). */
static void
test_stream_bad_bytes(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		size_t n, at;
		const char *msg;
	} cases[] = {
		{"\xFF", 1, LOAD_PIECE + 5000,
		 "invalid UTF-8 byte 0xff (a sked file is UTF-8 text)"},
		{"\xC3\xA9\xFF", 3, 2 * LOAD_PIECE + 7,
		 "invalid UTF-8 byte 0xff (a sked file is UTF-8 text)"},
		{"", 1, 2 * LOAD_PIECE + 30000,
		 "NUL byte in file (a sked file is UTF-8 text)"},
		{"", 1, LOAD_PIECE,
		 "NUL byte in file (a sked file is UTF-8 text)"},
		{"\xE2\x82" "A", 3, LOAD_PIECE - 2,
		 "invalid UTF-8 byte 0xe2 (a sked file is UTF-8 text)"},
		{"\xF0\x9F\x98" "A", 4, 2 * LOAD_PIECE - 1,
		 "invalid UTF-8 byte 0xf0 (a sked file is UTF-8 text)"},
		/* Whole in the piece, ending it, and bad: not a character
		 * cut by the piece's end. */
		{"\xC3" "A", 2, LOAD_PIECE - 2,
		 "invalid UTF-8 byte 0xc3 (a sked file is UTF-8 text)"},
		{"\xC3", 2, 2 * LOAD_PIECE - 2,
		 "invalid UTF-8 byte 0xc3 (a sked file is UTF-8 text)"},
		{"\xE2\x82", 3, LOAD_PIECE - 3,
		 "invalid UTF-8 byte 0xe2 (a sked file is UTF-8 text)"},
	};
	for (int bom = 0; bom < 2; bom++)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			char tail[128];
			size_t n = strlen(TITLE_AT);
			memcpy(tail, TITLE_AT, n);
			memcpy(tail + n, cases[i].bytes, cases[i].n);
			memcpy(tail + n + cases[i].n, TITLE_END,
			       strlen(TITLE_END));
			size_t len;
			char *text = make_text(
				bom ? "\xEF\xBB\xBF" HEAD SESSION_AT
				    : HEAD SESSION_AT,
				cases[i].at - n, tail,
				n + cases[i].n + strlen(TITLE_END),
				3 * LOAD_PIECE + 11, NULL, &len);
			size_t off = cases[i].at;
			/* the bad byte is the last of the good character */
			if (cases[i].n == 3 && cases[i].bytes[0] == '\xC3')
				off += 2;
			assert_stream_error(text, len, off, cases[i].msg);
			free(text);
		}
	/* A bad sequence whole at a piece's end, in one long comment line
	 * (libyaml reads it to the piece's end before asking for more):
	 * reported as bad there, not left to libyaml as a character the
	 * next piece might finish. */
	static const struct {
		const char *bytes;
		size_t n, at;
	} ends[] = {
		{"\xC3" "A", 2, 2 * LOAD_PIECE - 2},
		{"\xC3", 2, LOAD_PIECE - 2},
		{"\xE2\x82", 3, LOAD_PIECE - 3},
	};
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t at = ends[i].at, len = at + ends[i].n + 1 + strlen(HEAD);
		char *text = malloc(len + 1);
		assert_non_null(text);
		memcpy(text, "# ", 2);
		memset(text + 2, 'x', at - 2);
		memcpy(text + at, ends[i].bytes, ends[i].n);
		text[at + ends[i].n] = '\n';
		memcpy(text + at + ends[i].n + 1, HEAD, strlen(HEAD) + 1);
		char msg[80];
		snprintf(msg, sizeof(msg),
			 "invalid UTF-8 byte 0x%02x (a sked file is UTF-8 text)",
			 (unsigned char)ends[i].bytes[0]);
		assert_stream_error(text, len, at, msg);
		free(text);
	}
	/* The file ends inside a character: after a short last piece, and
	 * at the end of a whole one. */
	static const size_t sizes[] = {2 * LOAD_PIECE + 100, LOAD_PIECE};
	for (size_t i = 0; i < 2; i++) {
		size_t size = sizes[i];
		size_t len;
		char *text = make_text(HEAD "sessions: []\n", 0, "", 0, size,
				       "#\xE2\x82", &len);
		assert_int_equal(len, size);
		assert_stream_error(text, len, len - 2,
				    "invalid UTF-8 byte 0xe2 (a sked file is "
				    "UTF-8 text)");
		free(text);
	}
}

/* libyaml's errors after the first piece are explained from the file,
 * read again around them (load_errors.c): the same words and position as
 * from memory; so are the reader's errors about a character (a control
 * character, which is UTF-8 and passes the byte check). */
static void
test_stream_yaml_errors(void **state)
{
	(void)state;
	static const char *const tails[] = {
		"  - id: a\n\ttitle: tab\n",
		"  - id: a\n    title: \"unclosed\n",
		"  - id: a\n    title: a: b\n",
		("  - id: a\n    title: \"G\xC3\xB6" "del \x1B[2J\"\n"),
		"  - id: a\n   title: off by one\n",
	};
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t len;
		char *text = make_text(HEAD SESSION_AT, LOAD_PIECE + 40000, tails[i],
				       strlen(tails[i]), 2 * LOAD_PIECE + 5, NULL,
				       &len);
		struct diag_list d;
		assert_null(load_both(text, len, &d));
		assert_int_equal(d.errors, 1);
		assert_true(d.v[0].line > 1000);
		diag_list_finish(&d);
		free(text);
	}
}

/* The largest resident set this process had since reset_peak, in kB;
 * -1 when the kernel cannot say. */
static long
peak_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return -1;
	char line[256];
	long kb = -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static bool
reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (f == NULL)
		return false;
	bool ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok;
}

/* A cold load of a file does not hold it: of 16 MB, most of it comments
 * (nothing the program keeps), the resident set grows by much less than
 * the file (read whole, it grew by the file's size at least). */
static void
test_stream_not_held(void **state)
{
	(void)state;
	size_t len;
	char *text = make_text(HEAD "sessions:\n  - {id: a, title: A}\n", 0,
			       "", 0, 16 << 20, NULL, &len);
	char path[4200];
	write_temp(path, sizeof(path), text, len);
	free(text);
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	long before = reset_peak() ? peak_kb() : -1;
	if (before < 0) {
		/* tests/skip.sh's rule: in CI a test does not skip unseen. */
		remove_temp(path);
		const char *ci = getenv("CI");
		if (ci != NULL && strcmp(ci, "true") == 0)
			fail_msg("cannot reset the peak resident set "
				 "(/proc/self/clear_refs): in CI (CI=true) "
				 "this test may not skip");
		print_message("skipped: cannot reset the peak resident set "
			      "(/proc/self/clear_refs)\n");
		skip();
	}
	setenv("SKED_NO_CACHE", "1", 1);
	struct program *p = load_file(path, &d, &st);
	long grew = peak_kb() - before;
	unsetenv("SKED_NO_CACHE");
	assert_non_null(p);
	assert_int_equal(p->n_sessions, 1);
	if (grew >= (long)(len / 1024 / 4))
		fail_msg("the resident set grew by %ld kB loading a file of "
			 "%zu kB", grew, len / 1024);
	program_destroy(p);
	diag_list_finish(&d);
	remove_temp(path);
}

/* A program knows the file it was read from as it was when opened,
 * parsed or from its snapshot: the same values as stat's then, other
 * ones once the file is replaced (what the browser checks to show
 * another sked's update, which a stat taken after the load missed when
 * the copy was replaced during it). */
static void
test_source_identity(void **state)
{
	(void)state;
	static const char text[] =
		HEAD "sessions:\n  - {id: a, title: A}\n";
	char path[4200];
	write_temp(path, sizeof(path), text, strlen(text));
	struct stat before;
	assert_int_equal(stat(path, &before), 0);
	for (int cached = 0; cached < 3; cached++) {
		/* 0: parsed; 1: parsed, snapshot written; 2: snapshot. */
		if (cached == 0)
			setenv("SKED_NO_CACHE", "1", 1);
		struct diag_list d;
		diag_list_init(&d);
		enum load_status st;
		struct program *p = load_file(path, &d, &st);
		unsetenv("SKED_NO_CACHE");
		assert_non_null(p);
		assert_true(p->source.known);
		assert_int_equal(p->source.dev, (uint64_t)before.st_dev);
		assert_int_equal(p->source.ino, (uint64_t)before.st_ino);
		assert_int_equal(p->source.size, (uint64_t)before.st_size);
		assert_int_equal(p->source.mtime_sec, before.st_mtim.tv_sec);
		assert_int_equal(p->source.mtime_nsec, before.st_mtim.tv_nsec);
		program_destroy(p);
		diag_list_finish(&d);
	}
	/* Replaced as sked update replaces a copy: a new file renamed over
	 * it. The program read before has the old file's values. */
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	struct program *p = load_file(path, &d, &st);
	assert_non_null(p);
	char next[4300];
	snprintf(next, sizeof(next), "%s.new", path);
	FILE *f = fopen(next, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(next, path), 0);
	struct stat after;
	assert_int_equal(stat(path, &after), 0);
	assert_int_not_equal(p->source.ino, (uint64_t)after.st_ino);
	assert_int_equal(p->source.ino, (uint64_t)before.st_ino);
	program_destroy(p);
	diag_list_finish(&d);
	/* Not a file: nothing known. */
	diag_list_init(&d);
	p = load_buffer("text", text, strlen(text), &d);
	assert_non_null(p);
	assert_false(p->source.known);
	program_destroy(p);
	diag_list_finish(&d);
	remove_temp(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_source_identity),
		cmocka_unit_test(test_new_fields),
		cmocka_unit_test(test_zero_duration),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_day_change),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_errors_collected),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_walk_order),
		cmocka_unit_test(test_lists_kept),
		cmocka_unit_test(test_sessions_capped),
		cmocka_unit_test(test_stream_cut_character),
		cmocka_unit_test(test_stream_bad_bytes),
		cmocka_unit_test(test_stream_yaml_errors),
		cmocka_unit_test(test_stream_not_held),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return r;
}
