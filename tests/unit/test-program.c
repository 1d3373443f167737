/* Unit tests of the program model's time helpers: the conference day of a
 * wall time or an instant (day_change applied), which program to open at
 * a moment, and how a session's time is put in words (format_when); and
 * of its texts, whose HTML is made text only when they are read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sked/format.h"
#include "sked/load.h"
#include "sked/program.h"
#include "sked/search.h"
#include "sked/tz.h"

/* A program of id, zone and dates; extra: the rest of the file (no
 * sessions when empty). */
static struct program *
make(const char *id, const char *zone, const char *start, const char *end,
     const char *extra)
{
	char text[4096];
	snprintf(text, sizeof(text),
		 "sked: 1\n"
		 "conference:\n"
		 "  id: %s\n"
		 "  title: %s\n"
		 "  timezone: %s\n"
		 "  start: %s\n"
		 "  end: %s\n"
		 "%s",
		 id, id, zone, start, end, *extra ? extra : "sessions: []\n");
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("t.yaml", text, strlen(text), &d);
	if (p == NULL)
		diag_print(&d, stderr);
	assert_non_null(p);
	diag_list_finish(&d);
	return p;
}

static struct tz_wall
wall(const char *s)
{
	struct tz_wall w;
	assert_true(tz_parse_wall(s, &w));
	return w;
}

static int64_t
instant(const char *zone, const char *s)
{
	struct tz_wall w = wall(s);
	int64_t t;
	assert_true(tz_to_utc(tz_find(zone), &w, &t));
	return t;
}

#define NIGHT                                                                  \
	"  day_change: \"04:00\"\n"                                            \
	"sessions:\n"                                                          \
	"  - {id: eve, title: Evening, start: 2024-03-04T20:00, duration: 60}\n" \
	"  - {id: late, title: Late, start: 2024-03-05T01:00, duration: 60}\n" \
	"  - {id: morning, title: Morning, start: 2024-03-05T09:00, duration: 30}\n" \
	"  - {id: across, title: Across, start: 2024-03-04T23:30, duration: 45}\n" \
	"  - {id: till, title: Till, start: 2024-03-04T22:00, duration: 120}\n"

static void
test_wall_day(void **state)
{
	(void)state;
	struct program *p = make("night", "Europe/Prague", "2024-03-04",
				 "2024-03-05", NIGHT);
	static const struct {
		const char *when;
		int day;
	} cases[] = {
		{"2024-03-04 03:59", -1}, /* the night before: outside */
		{"2024-03-04 04:00", 0},
		{"2024-03-04 23:59", 0},
		{"2024-03-05 01:00", 0}, /* after midnight: still Monday's */
		{"2024-03-05 03:59", 0},
		{"2024-03-05 04:00", 1},
		{"2024-03-06 03:59", 1},
		{"2024-03-06 04:00", -1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tz_wall w = wall(cases[i].when);
		assert_int_equal(program_wall_day(p, &w), cases[i].day);
		assert_int_equal(program_instant_day(
					 p, instant("Europe/Prague", cases[i].when)),
				 cases[i].day);
	}
	/* The loader places sessions with the same helper. */
	assert_int_equal(program_find_session(p, "late")->day, 0);
	assert_int_equal(program_find_session(p, "morning")->day, 1);
	assert_int_equal(program_begins(p), instant("Europe/Prague", "2024-03-04 04:00"));
	assert_int_equal(program_ends(p), instant("Europe/Prague", "2024-03-06 04:00"));
	program_destroy(p);
}

static void
test_when(void **state)
{
	(void)state;
	struct program *p = make("night", "Europe/Prague", "2024-03-04",
				 "2024-03-05", NIGHT);
	const struct tz_zone *z = p->conference.zone;
	const struct program_session *late = program_find_session(p, "late");
	const struct program_session *eve = program_find_session(p, "eve");
	char buf[FORMAT_WHEN_MAX];
	/* The date is the one it happens on, not its conference day's. */
	assert_string_equal(format_when(buf, p, late, z, FORMAT_WHEN_DATE),
			    "Tuesday 5 March 2024, 01:00\u201302:00");
	assert_string_equal(format_when(buf, p, late, z, FORMAT_WHEN_SHORT),
			    "Tue 5 March, 01:00\u201302:00");
	assert_string_equal(format_when(buf, p, late, z, FORMAT_WHEN_RANGE),
			    "01:00\u201302:00");
	assert_string_equal(format_when(buf, p, late, z, FORMAT_WHEN_TIME),
			    "01:00\u201302:00 (Tue)");
	assert_string_equal(format_when(buf, p, late, z, FORMAT_WHEN_START),
			    "01:00 (Tue)");
	/* On its conference day's date: no mark. */
	assert_string_equal(format_when(buf, p, eve, z, FORMAT_WHEN_TIME),
			    "20:00\u201321:00");
	assert_string_equal(format_when(buf, p, eve, z, FORMAT_WHEN_START),
			    "20:00");
	/* In another zone the date moves with the clock. */
	const struct tz_zone *tokyo = tz_find("Asia/Tokyo");
	assert_string_equal(format_when(buf, p, eve, tokyo, FORMAT_WHEN_TIME),
			    "04:00\u201305:00 (Tue)");
	assert_string_equal(format_when(buf, p, eve, tokyo, FORMAT_WHEN_DATE),
			    "Tuesday 5 March 2024, 04:00\u201305:00");
	/* An end on the next date says so; one at midnight is the day's. */
	const struct program_session *across = program_find_session(p, "across");
	const struct program_session *till = program_find_session(p, "till");
	assert_string_equal(format_when(buf, p, across, z, FORMAT_WHEN_TIME),
			    "23:30\u201300:15+1");
	assert_string_equal(format_when(buf, p, across, z, FORMAT_WHEN_SHORT),
			    "Mon 4 March, 23:30\u201300:15+1");
	assert_string_equal(format_when(buf, p, across, z, FORMAT_WHEN_START),
			    "23:30");
	assert_string_equal(format_when(buf, p, till, z, FORMAT_WHEN_TIME),
			    "22:00\u201300:00");
	/* In Tokyo, 07:30–08:15 the next morning: one date, no mark. */
	assert_string_equal(format_when(buf, p, across, tokyo,
					FORMAT_WHEN_TIME),
			    "07:30\u201308:15 (Tue)");
	struct tz_date d = {2023, 11, 13};
	assert_string_equal(format_date(buf, &d), "Monday 13 November 2023");
	program_destroy(p);
}

/* Around the changes of offset, the wall times alone would mislead: a
 * time that occurs twice says its offset, and a session across a change
 * says both ends' (tests/data/dst-ny.yaml's night, and the spring's). */
static void
test_when_offsets_change(void **state)
{
	(void)state;
	struct program *p = make(
		"dst", "America/New_York", "2023-11-04", "2023-11-05",
		"sessions:\n"
		"  - {id: across, title: A, start: 2023-11-05T00:45, duration: 120}\n"
		"  - {id: half, title: H, start: 2023-11-05T01:30, duration: 30}\n"
		"  - {id: again, title: G, start: 2023-11-05T01:30, duration: 60}\n"
		"  - {id: first, title: F, start: 2023-11-05T01:00, duration: 15}\n"
		"  - {id: after, title: T, start: 2023-11-05T02:00, duration: 30}\n"
		"  - {id: late, title: L, start: 2023-11-04T23:30, duration: 180}\n");
	struct program *spring = make(
		"spring", "America/New_York", "2024-03-09", "2024-03-10",
		"sessions:\n"
		"  - {id: spring, title: S, start: 2024-03-10T01:30, duration: 60}\n"
		"  - {id: gap, title: P, start: 2024-03-10T03:00, duration: 30}\n");
	const struct tz_zone *z = p->conference.zone;
	char buf[FORMAT_WHEN_MAX];
	static const struct {
		const char *id;
		enum format_when_style style;
		const char *want;
	} cases[] = {
		/* Two hours, not one: the end is in EST. */
		{"across", FORMAT_WHEN_RANGE, "00:45 UTC-4 \u2013 01:45 UTC-5"},
		{"across", FORMAT_WHEN_START, "00:45"},
		/* Half an hour, the end an hour of wall time before the start. */
		{"half", FORMAT_WHEN_RANGE, "01:30 UTC-4 \u2013 01:00 UTC-5"},
		{"half", FORMAT_WHEN_START, "01:30 UTC-4"},
		{"half", FORMAT_WHEN_SHORT,
		 "Sun 5 November, 01:30 UTC-4 \u2013 01:00 UTC-5"},
		/* Once "01:30–01:30". */
		{"again", FORMAT_WHEN_TIME, "01:30 UTC-4 \u2013 01:30 UTC-5"},
		/* In the repeated hour, one offset: said once. */
		{"first", FORMAT_WHEN_RANGE, "01:00\u201301:15 UTC-4"},
		{"after", FORMAT_WHEN_RANGE, "02:00\u201302:30"},
		{"late", FORMAT_WHEN_RANGE, "23:30 UTC-4 \u2013 01:30+1 UTC-5"},
		/* Spring: an hour, though 01:30–03:30 reads as two. */
		{"spring", FORMAT_WHEN_RANGE, "01:30 UTC-5 \u2013 03:30 UTC-4"},
		{"spring", FORMAT_WHEN_START, "01:30"},
		{"gap", FORMAT_WHEN_RANGE, "03:00\u201303:30"},
		/* Brief, for the browser's narrow time column: the offsets
		 * without "UTC", the range unspaced, a space still before
		 * each offset (not read as the days' "+1"). */
		{"half", FORMAT_WHEN_BRIEF, "01:30 -4\u201301:00 -5"},
		{"first", FORMAT_WHEN_BRIEF, "01:00\u201301:15 -4"},
		{"late", FORMAT_WHEN_BRIEF, "23:30 -4\u201301:30+1 -5"},
		{"after", FORMAT_WHEN_BRIEF, "02:00\u201302:30"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct program *q = strcmp(cases[i].id, "spring") == 0 ||
					    strcmp(cases[i].id, "gap") == 0
				    ? spring
				    : p;
		assert_string_equal(format_when(buf, q,
						program_find_session(q, cases[i].id),
						z, cases[i].style),
				    cases[i].want);
	}
	/* In another zone, where nothing changes then, the plain times. */
	assert_string_equal(format_when(buf, p, program_find_session(p, "half"),
					tz_find("UTC"), FORMAT_WHEN_RANGE),
			    "05:30\u201306:00");
	char clock[FORMAT_CLOCK_MAX];
	int64_t t = program_find_session(p, "half")->start_utc;
	assert_string_equal(format_clock(clock, z, t), "01:30 UTC-4");
	assert_string_equal(format_clock(clock, z, t + 3600), "01:30 UTC-5");
	assert_string_equal(format_clock(clock, z, t + 7200), "02:30");
	assert_string_equal(format_offset(clock, 5 * 3600 + 1800), "UTC+5:30");
	assert_string_equal(format_offset(clock, 0), "UTC+0");
	assert_string_equal(format_offset(clock, -(9 * 3600 + 30 * 60)),
			    "UTC-9:30");
	program_destroy(spring);
	program_destroy(p);
}

/* Programs on the bundled ones' dates and zones, in their file order. */
static void
lpc(struct program *v[3])
{
	v[0] = make("lpc2019", "Europe/Lisbon", "2019-09-09", "2019-09-11", "");
	v[1] = make("lpc2022", "Europe/Dublin", "2022-09-12", "2022-09-14", "");
	v[2] = make("lpc2023", "America/New_York", "2023-11-13", "2023-11-15", "");
}

static void
test_pick(void **state)
{
	(void)state;
	struct program *v[3];
	lpc(v);
	static const struct {
		const char *when;
		size_t want;
	} cases[] = {
		{"2019-01-01 12:00", 0}, /* before them all: the next */
		{"2019-09-10 12:00", 0}, /* on */
		{"2020-06-01 12:00", 1}, /* between: the next */
		{"2022-09-13 10:00", 1},
		{"2023-01-01 12:00", 2},
		{"2023-11-14 10:00", 2},
		{"2026-05-01 12:00", 2}, /* after them all: the newest */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tz_wall w = wall(cases[i].when);
		assert_int_equal(program_pick(v, 3, &w, 0), cases[i].want);
		/* The same moment as an instant in UTC: no case is near an
		 * edge, so the answer is the same. */
		assert_int_equal(program_pick(v, 3, NULL,
					      instant("UTC", cases[i].when)),
				 cases[i].want);
	}
	/* The newest is the last to end, whatever the order given. */
	struct program *r[3] = {v[2], v[0], v[1]};
	struct tz_wall w = wall("2030-01-01 00:00");
	assert_int_equal(program_pick(r, 3, &w, 0), 0);
	for (int i = 0; i < 3; i++)
		program_destroy(v[i]);
}

/* A wall time is read in each program's own zone: 10:00 on 2 May is on
 * in Pago Pago (UTC-11) although in Kiritimati (UTC+14), where the first
 * program is, that instant is 3 May and Pago Pago's 10:00 is a day away. */
static void
test_pick_reads_now_in_each_zone(void **state)
{
	(void)state;
	struct program *east = make("east", "Pacific/Kiritimati", "2024-05-01",
				    "2024-05-01", "");
	struct program *west = make("west", "Pacific/Pago_Pago", "2024-05-02",
				    "2024-05-02", "");
	struct program *v[2] = {east, west}, *r[2] = {west, east};
	struct tz_wall w = wall("2024-05-02 10:00");
	assert_int_equal(program_pick(v, 2, &w, 0), 1);
	assert_int_equal(program_pick(r, 2, &w, 0), 0);
	w = wall("2024-05-01 10:00");
	assert_int_equal(program_pick(v, 2, &w, 0), 0);
	assert_int_equal(program_pick(r, 2, &w, 0), 1);
	/* As instants: 2 May 21:00 UTC is 10:00 in Pago Pago. */
	assert_int_equal(program_pick(v, 2, NULL,
				      instant("UTC", "2024-05-02 21:00")), 1);
	/* 1 May 00:00 UTC is 14:00 in Kiritimati, 13:00 on 30 April in
	 * Pago Pago. */
	assert_int_equal(program_pick(r, 2, NULL,
				      instant("UTC", "2024-05-01 00:00")), 1);
	program_destroy(east);
	program_destroy(west);
}

/* A frab XML program whose abstracts and descriptions are HTML (FOSDEM's),
 * Markdown, and markup with no text in it. */
static const char html_feed[] =
	"<?xml version=\"1.0\"?>\n<schedule>\n"
	"<conference><title>T</title><start>2024-03-01</start>"
	"<end>2024-03-01</end><time_zone_name>UTC</time_zone_name>"
	"</conference>\n"
	"<day index=\"1\" date=\"2024-03-01\"><room name=\"Hall\">\n"
	"<event id=\"1\"><start>10:00</start><duration>00:30</duration>"
	"<title>One</title>"
	"<abstract>&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;\r\n"
	"&lt;ul&gt;&lt;li&gt;cod&lt;/li&gt;&lt;/ul&gt;</abstract>"
	"<description>&lt;p&gt;Long &lt;a href=\"https://e.org/\"&gt;"
	"text&lt;/a&gt;&lt;/p&gt;</description></event>\n"
	"<event id=\"2\"><start>11:00</start><duration>00:30</duration>"
	"<title>Two</title><abstract>**bold** a &lt; b</abstract>"
	"<description>&lt;p&gt; &lt;/p&gt;</description></event>\n"
	"</room></day></schedule>\n";

static struct program *
load_html_feed(void)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("t.xml", html_feed, strlen(html_feed),
					&d);
	if (p == NULL)
		diag_print(&d, stderr);
	assert_non_null(p);
	diag_list_finish(&d);
	return p;
}

/* Opening the program leaves the HTML as it is; program_text() makes it
 * text on the first read and returns that same text after. */
static void
test_text_converted_when_read(void **state)
{
	(void)state;
	struct program *p = load_html_feed();
	const struct program_session *one = &p->sessions[0];
	const struct program_session *two = &p->sessions[1];
	assert_true(one->abstract_text.html);
	assert_string_equal(one->abstract_text.raw,
			    "<p>Fish &amp; chips</p>\n<ul><li>cod</li></ul>");
	assert_true(one->description_text.html);
	assert_true(two->description_text.html);
	/* Markdown is no HTML: there is nothing to convert. */
	assert_false(two->abstract_text.html);
	assert_string_equal(program_text(p, &two->abstract_text),
			    "**bold** a < b");

	const char *a = program_text(p, &one->abstract_text);
	assert_string_equal(a, "Fish & chips\n\n- cod");
	assert_false(one->abstract_text.html);
	assert_true(program_text(p, &one->abstract_text) == a);
	/* Each text on its own read. */
	assert_true(one->description_text.html);
	const char *d = program_text(p, &one->description_text);
	assert_string_equal(d, "Long text (https://e.org/)");
	assert_true(program_text(p, &one->description_text) == d);
	/* Markup with no text in it is no text. */
	assert_null(program_text(p, &two->description_text));
	assert_null(program_text(p, &two->description_text));
	/* The converted texts are the program's: freed with it (the
	 * sanitizer and valgrind runs of this test say so). */
	program_destroy(p);
}

/* Only a format that writes HTML has HTML texts: in a sked file, markup is
 * text like any other, kept and shown as written. */
static void
test_plain_format_keeps_markup(void **state)
{
	(void)state;
	struct program *p = make(
		"c", "UTC", "2024-03-01", "2024-03-01",
		"tracks:\n"
		"  - id: t\n"
		"    name: T\n"
		"    description: \"<p>Track &amp; field</p>\"\n"
		"sessions:\n"
		"  - id: one\n"
		"    title: One\n"
		"    track: t\n"
		"    abstract: \"<p>Fish &amp; chips</p>\"\n"
		"    description: \"<b>bold</b>\"\n");
	const struct program_session *s = &p->sessions[0];
	assert_false(s->abstract_text.html);
	assert_false(s->description_text.html);
	assert_false(p->tracks[0].description_text.html);
	assert_string_equal(program_text(p, &s->abstract_text),
			    "<p>Fish &amp; chips</p>");
	assert_string_equal(program_text(p, &s->description_text),
			    "<b>bold</b>");
	assert_string_equal(program_text(p, &p->tracks[0].description_text),
			    "<p>Track &amp; field</p>");
	program_destroy(p);
}

/* A search of other fields than the abstract leaves the HTML unread; one
 * of the abstract reads it, and finds its text, not its markup. */
static void
test_search_reads_text_when_needed(void **state)
{
	(void)state;
	struct program *p = load_html_feed();
	struct search_index *x = search_index_create(p);
	struct search_error err;
	struct search_result *r;
	struct search_query *q = search_compile("title:one", &err);
	assert_non_null(q);
	assert_int_equal(search_run(q, x, &r, &err), 1);
	free(r);
	search_destroy(q);
	assert_true(p->sessions[0].abstract_text.html);
	assert_true(p->sessions[0].description_text.html);

	q = search_compile("abstract:^long.text", &err);
	assert_non_null(q);
	assert_int_equal(search_run(q, x, &r, &err), 1);
	assert_int_equal(r[0].session, 0);
	free(r);
	search_destroy(q);
	assert_false(p->sessions[0].abstract_text.html);
	assert_false(p->sessions[0].description_text.html);
	q = search_compile("amp", &err);
	assert_non_null(q);
	assert_int_equal(search_run(q, x, &r, &err), 0);
	free(r);
	search_destroy(q);
	search_index_destroy(x);
	program_destroy(p);
}

/* --track takes a track's id or name: exactly, the name in any case,
 * then the id in any case (RT for rt), then the name with its accents
 * folded (securite for Sécurité); an exact id wins over a name. */
static void
test_find_track(void **state)
{
	(void)state;
	struct program *p = make(
		"c", "UTC", "2024-06-01", "2024-06-01",
		"tracks:\n"
		"  - {id: rt, name: Sécurité}\n"
		"  - {id: RT2, name: Real-time}\n"
		"  - {id: real-time, name: Other}\n"
		"sessions: []\n");
	assert_int_equal(program_find_track(p, "rt"), 0);
	assert_int_equal(program_find_track(p, "RT"), 0);
	assert_int_equal(program_find_track(p, "Sécurité"), 0);
	assert_int_equal(program_find_track(p, "securite"), 0);
	assert_int_equal(program_find_track(p, "SECURITE"), 0);
	assert_int_equal(program_find_track(p, "rt2"), 1);
	assert_int_equal(program_find_track(p, "REAL-TIME"), 1);
	assert_int_equal(program_find_track(p, "real-time"), 2);
	assert_int_equal(program_find_track(p, "nope"), -1);
	assert_int_equal(program_find_track(p, "sécu"), -1);
	program_destroy(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wall_day),
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_when_offsets_change),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_pick_reads_now_in_each_zone),
		cmocka_unit_test(test_text_converted_when_read),
		cmocka_unit_test(test_plain_format_keeps_markup),
		cmocka_unit_test(test_search_reads_text_when_needed),
		cmocka_unit_test(test_find_track),
	};
	int status = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return status;
}
