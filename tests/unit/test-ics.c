/* Unit tests of the iCalendar reader: the published samples read into
 * feeds, checked against values read by hand from the files; Indico's
 * shape; recurrence; time zones; hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "sked/ics.h"
#include "sked/statefile.h"
#include "sked/xalloc.h"

/* More than the reader walks unsorted (ICS_PROPS_LINEAR, 24). */
enum { ICS_PROPS_LINEAR_TEST = 24 };

static struct diag_list d;

/* Reads text as the file `name`; *ok is ics_read's answer. */
static struct feed *
read_text(const char *name, const char *text, size_t len, bool *ok)
{
	diag_list_finish(&d);
	diag_list_init(&d);
	struct feed *f = feed_create(name, "ical");
	*ok = ics_read(f, text, len, &d);
	return f;
}

static struct feed *
read_file(const char *rel, bool *ok)
{
	char *path = xasprintf("%s/%s", SKED_SOURCE_ROOT, rel);
	size_t len;
	char *text = statefile_read(path, 64 * 1024 * 1024, &len);
	assert_non_null(text);
	struct feed *f = read_text(rel, text, len, ok);
	free(text);
	free(path);
	return f;
}

static const struct feed_session *
by_guid(const struct feed *f, const char *guid)
{
	for (size_t i = 0; i < f->n_sessions; i++)
		if (f->sessions[i].guid.s && strcmp(f->sessions[i].guid.s, guid) == 0)
			return &f->sessions[i];
	fail_msg("no session with guid %s", guid);
	return NULL;
}

static const struct feed_session *
by_id(const struct feed *f, const char *id)
{
	for (size_t i = 0; i < f->n_sessions; i++)
		if (f->sessions[i].id.s && strcmp(f->sessions[i].id.s, id) == 0)
			return &f->sessions[i];
	fail_msg("no session with id %s", id);
	return NULL;
}

static bool
has_message(const char *part, unsigned line, unsigned col)
{
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].message, part) &&
		    (line == 0 || (d.v[i].line == line && d.v[i].column == col)))
			return true;
	return false;
}

static void
test_sniff(void **state)
{
	(void)state;
	assert_true(ics_sniff("BEGIN:VCALENDAR\r\nVERSION:2.0", 28));
	assert_true(ics_sniff("\xEF\xBB\xBF\r\nbegin:vcalendar\n", 21));
	assert_false(ics_sniff("BEGIN:VCALENDARX\n", 17));
	assert_false(ics_sniff("sked: 1\n", 8));
	assert_false(ics_sniff("BEGIN:VCAL", 10));
}

/* jres-2022.ics: TZID=Europe/Paris without VTIMEZONE, vCalendar 1.0
 * CHARSET/ENCODING parameters, doubled CRs, a character folded in two. */
static void
test_jres(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_file("tests/data/samples/ical/jres-2022.ics", &ok);
	assert_true(ok);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 0);
	assert_int_equal(f->n_sessions, 120);
	assert_string_equal(f->conference.title.s, "JRES 2021/22");
	assert_string_equal(f->conference.timezone.s, "Europe/Paris");
	assert_true(f->flags & FEED_DERIVE_IDS);
	assert_true(f->flags & FEED_CREATE_REFERENCES);
	const struct feed_session *s =
		by_guid(f, "presentation_94@conf-ng.jres.org");
	assert_string_equal(s->title.s, "Accueil congressistes");
	/* 11:00 and 12:30 in Paris, summer time (UTC+2). */
	assert_string_equal(s->start.s, "2022-05-17T09:00:00Z");
	assert_string_equal(s->end.s, "2022-05-17T10:30:00Z");
	assert_string_equal(s->room.s, "Accueil Parc Chanot");
	assert_int_equal(s->pos.line, 5);
	assert_int_equal(s->start.pos.line, 8);
	assert_int_equal(s->start.pos.column, 27);
	s = by_guid(f, "presentation_129@conf-ng.jres.org");
	assert_string_equal(s->title.s,
			    "182 - Numérique : Enjeux géopolitiques, "
			    "externalités environnementales et chaînes de "
			    "dépendance");
	assert_string_equal(s->room.s, "Amphithéâtre 1600");
	/* "histoire… \r\r\n \n": one line break, no CR left. */
	assert_non_null(strstr(s->abstract.s, "histoire… \nEt, aujourd'hui"));
	for (size_t i = 0; i < f->n_sessions; i++)
		assert_null(f->sessions[i].abstract.s
				    ? strchr(f->sessions[i].abstract.s, '\r')
				    : NULL);
	/* Line 1600 folds U+2019 between its first byte and the rest. */
	s = by_guid(f, "presentation_209@conf-ng.jres.org");
	assert_string_equal(s->start.s, "2022-05-18T16:15:00Z");
	assert_non_null(strstr(s->abstract.s, "d’exploitation"));
	feed_destroy(f);
}

/* kielux-2020.ics: UTC times; speakers in ATTENDEE CN and in a leading
 * "von:" line of the description. */
static void
test_kielux(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_file("tests/data/samples/ical/kielux-2020.ics", &ok);
	assert_true(ok);
	assert_int_equal(d.errors + d.warnings, 0);
	assert_int_equal(f->n_sessions, 24);
	assert_string_equal(f->conference.title.s,
			    "18. Kieler Open Source und Linux Tage");
	assert_null(f->conference.timezone.s);
	const struct feed_session *s = by_guid(f, "467@KOLT20");
	assert_string_equal(s->id.s, "467@KOLT20");
	assert_string_equal(s->title.s, "Xen - ist das nicht tot?");
	assert_string_equal(s->start.s, "2020-09-18T12:00:00Z");
	assert_string_equal(s->end.s, "2020-09-18T13:00:00Z");
	assert_string_equal(s->room.s, "Ravensberg");
	assert_string_equal(s->url.s, "https://kielux.de/programm/KOLT20#467");
	assert_int_equal(s->speakers.n, 1);
	assert_string_equal(s->speakers.v[0].name.s, "Jürgen Groß");
	/* The "von:" line is not part of the abstract. */
	assert_true(strncmp(s->abstract.s, "Xen war lange Zeit", 18) == 0);
	/* Its <i> made text (html.h), its paragraphs kept. */
	assert_non_null(strstr(s->abstract.s, "Zeit die Plattform"));
	assert_non_null(strstr(s->abstract.s, "ermöglichte.\n\nHeute wird"));
	s = by_guid(f, "468@KOLT20");
	assert_string_equal(s->start.s, "2020-09-19T12:00:00Z");
	assert_string_equal(s->end.s, "2020-09-19T14:00:00Z");
	assert_string_equal(s->speakers.v[0].name.s, "Jean-Frederic Vogelbacher");
	feed_destroy(f);
}

/* sched-jococruise-2024.ics: UTC, X-WR-TIMEZONE:UTC, unfolded lines,
 * empty DESCRIPTION:, CATEGORIES as session types, "room, address". */
static void
test_sched(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_file(
		"tests/data/samples/ical/sched-jococruise-2024.ics", &ok);
	assert_true(ok);
	assert_int_equal(d.errors + d.warnings, 0);
	assert_int_equal(f->n_sessions, 439);
	assert_string_equal(f->conference.title.s, "jococruise2024");
	assert_string_equal(f->conference.timezone.s, "UTC");
	const struct feed_session *s =
		by_guid(f, "60d293f6385215465dadcf5225bb7996");
	assert_string_equal(s->title.s, "Theme: Welcome, New Cruisers!");
	/* 17 hours. */
	assert_string_equal(s->start.s, "2024-03-09T12:00:00Z");
	assert_string_equal(s->end.s, "2024-03-10T05:00:00Z");
	assert_string_equal(s->type.s, "GENERAL INFO");
	assert_null(s->track.s);
	assert_string_equal(s->room.s, "Whole Ship");
	s = by_guid(f, "555fdf54681203f4d6266e6fd67581c6");
	assert_string_equal(s->room.s, "Half Moon/Stuyvesant Room");
	assert_null(s->abstract.s); /* DESCRIPTION: */
	/* Zero-length: "Game Library Grand Opening". */
	s = by_guid(f, "9cd29a34cd522e9c6091121569dd1cdc");
	assert_string_equal(s->start.s, "2024-03-09T22:00:00Z");
	assert_string_equal(s->end.s, "2024-03-09T22:00:00Z");
	assert_int_equal(s->pos.line, 237);
	assert_int_equal(s->title.pos.line, 241);
	assert_int_equal(s->title.pos.column, 9);
	feed_destroy(f);
}

/* Indico's event.ics?detail=contributions, modelled on Indico's
 * serializer with LPC 2023 contributions (data/lpc2023.yaml). */
static void
test_indico(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_file("tests/data/ical/indico-lpc2023.ics", &ok);
	assert_true(ok);
	assert_int_equal(d.errors + d.warnings, 0);
	assert_int_equal(f->n_sessions, 3);
	assert_string_equal(f->conference.title.s, "indico-lpc2023");
	const struct feed_session *s = by_id(f, "194");
	assert_string_equal(s->guid.s, "indico-contribution-194@lpc.events");
	assert_string_equal(s->title.s, "Detecting failed device probes");
	/* 2023-11-13T12:00 in America/New_York, 25 minutes. */
	assert_string_equal(s->start.s, "2023-11-13T17:00:00Z");
	assert_string_equal(s->end.s, "2023-11-13T17:25:00Z");
	assert_int_equal(s->speakers.n, 2);
	assert_string_equal(s->speakers.v[0].name.s, "Laura Nao");
	assert_null(s->speakers.v[0].affiliation.s);
	assert_string_equal(s->speakers.v[1].name.s, "Nicolas Prado");
	assert_string_equal(s->speakers.v[1].affiliation.s, "Collabora");
	assert_string_equal(s->room.s, "Magnolia");
	/* Neither the Speakers: line nor the URL again. */
	assert_string_equal(s->abstract.s,
			    "Regressions that cause a device to no longer be "
			    "probed by a driver can have a big impact on the "
			    "platform's functionality.");
	s = by_id(f, "225");
	assert_string_equal(s->title.s, "Quality in embargoed patches");
	assert_int_equal(s->tags.n, 1);
	assert_string_equal(s->tags.v[0].s, "Discussion");
	assert_string_equal(s->start.s, "2023-11-13T16:30:00Z");
	s = by_id(f, "114");
	assert_string_equal(s->title.s, "Storing and Outputting Test Information: "
					"KUnit Attributes and KTAPv2");
	assert_string_equal(s->room.s, "Omni Richmond Hotel");
	assert_null(s->abstract.s);
	assert_string_equal(s->speakers.v[0].name.s, "Rae Moar");
	feed_destroy(f);
}

#define CAL(body)                                                              \
	"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" body "END:VCALENDAR\r\n"

static struct feed *
read_str(const char *text, bool *ok)
{
	return read_text("t.ics", text, strlen(text), ok);
}

/* What the reader leaves out is said: an RDATE's dates (not read), and
 * the occurrences of a rule that ends after the other events' last day
 * (they were dropped without a word). */
static void
test_left_out_dates_said(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"X-WR-TIMEZONE:Europe/Paris\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=Europe/Paris:20240329T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\n"
		"DTSTART;TZID=Europe/Paris:20240331T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Coffee\r\n"
		"DTSTART;TZID=Europe/Paris:20240329T083000\r\n"
		"RRULE:FREQ=DAILY;COUNT=4\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Walk\r\n"
		"DTSTART;TZID=Europe/Paris:20240329T180000\r\n"
		"RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:l\r\nSUMMARY:Lunch\r\n"
		"DTSTART;TZID=Europe/Paris:20240329T123000\r\n"
		"RDATE;TZID=Europe/Paris:20240330T123000\r\nEND:VEVENT\r\n"),
		&ok);
	assert_true(ok);
	/* Coffee on 29, 30 and 31 March; 1 April said. */
	assert_int_equal(f->n_sessions, 2 + 3 + 3 + 1);
	assert_true(has_message("RRULE: the occurrences after 2024-03-31 (the "
				"last day of the calendar's other events) are "
				"left out", 18, 7));
	/* A rule that never ends: nothing to say. */
	size_t said = 0;
	for (size_t i = 0; i < d.n; i++)
		said += strstr(d.v[i].message, "occurrences after") != NULL;
	assert_int_equal(said, 1);
	assert_true(has_message("RDATE is not read: the event's extra dates "
				"are left out (it is kept at its DTSTART)", 30,
				25));
	assert_int_equal(d.errors, 0);
	feed_destroy(f);
}

static void
test_zones(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"X-WR-TIMEZONE:/freeassociation.sourceforge.net/Tzfile/Europe/Dublin\r\n"
		"BEGIN:VTIMEZONE\r\nTZID:Fixed\r\nBEGIN:STANDARD\r\n"
		"DTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\n"
		"TZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:W\r\n"
		"DTSTART;TZID=W. Europe Standard Time:20240115T100000\r\n"
		"DURATION:PT1H30M\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:v\r\nSUMMARY:V\r\n"
		"DTSTART;TZID=Fixed:20240115T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:M\r\n"
		"DTSTART;TZID=Mars/Olympus:20240115T100000\r\n"
		"DTEND;TZID=Mars/Olympus:20240115T101500\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:Floating &amp; free\xC2\xA0 \r\n"
		"DTSTART:20240115T100000\r\nDTEND:20240115T110000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:All day\r\n"
		"DTSTART;VALUE=DATE:20240115\r\nEND:VEVENT\r\n"
		/* Google's VTIMEZONE of an IANA name: that zone, read through
		 * the zone database (libical's reading of the VTIMEZONE put
		 * 01:30 on the fall-back night in its second occurrence and
		 * 02:30 in the spring gap at 01:30 EST). */
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
		"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
		"DTSTART:19700308T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
		"BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
		"DTSTART:19701101T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:fall\r\nSUMMARY:Fall\r\n"
		"DTSTART;TZID=America/New_York:20241103T013000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:spring\r\nSUMMARY:Spring\r\n"
		"DTSTART;TZID=America/New_York:20240310T023000\r\nEND:VEVENT\r\n"
		), &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "fall")->start.s, "2024-11-03T05:30:00Z");
	assert_string_equal(by_id(f, "spring")->start.s, "2024-03-10T07:30:00Z");
	assert_string_equal(f->conference.timezone.s, "Europe/Dublin");
	/* A Windows name: Europe/Berlin, UTC+1 in January; the DURATION
	 * as written, for the builder. */
	assert_string_equal(by_id(f, "w")->start.s, "2024-01-15T09:00:00Z");
	assert_string_equal(by_id(f, "w")->duration.s, "PT1H30M");
	assert_null(by_id(f, "w")->end.s);
	/* The file's VTIMEZONE; no end: zero length. */
	assert_string_equal(by_id(f, "v")->start.s, "2024-01-15T07:00:00Z");
	assert_string_equal(by_id(f, "v")->end.s, "2024-01-15T07:00:00Z");
	/* Unknown: a wall time, with a warning at the DTSTART value. */
	assert_string_equal(by_id(f, "m")->start.s, "2024-01-15T10:00");
	assert_string_equal(by_id(f, "m")->end.s, "2024-01-15T10:15");
	assert_true(has_message("unknown time zone \"Mars/Olympus\"", 26, 27));
	assert_string_equal(by_id(f, "f")->start.s, "2024-01-15T10:00");
	/* A no-break space at its end (JRES 2022's titles) is trimmed. */
	assert_string_equal(by_id(f, "f")->title.s, "Floating & free");
	/* All day: unscheduled, with a warning. */
	assert_null(by_id(f, "a")->start.s);
	assert_true(has_message("all-day event", 38, 20));
	assert_int_equal(d.errors, 0);
	feed_destroy(f);
}

/* A VTIMEZONE whose TZID is an IANA name but whose offsets are not that
 * zone's: "EST" with summer rules (IANA EST is UTC-5 all year). The
 * file's is used, with a warning at the first time in it; read as the
 * IANA zone, July's 10:00 was 15:00Z, an hour late, without a word. */
static void
test_zone_name_not_the_zone(void **state)
{
	(void)state;
	bool ok;
	static const char *const rules =
		"BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"
		"TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
		"BEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"
		"TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\n";
	char text[4096];
	snprintf(text, sizeof(text), CAL(
		"BEGIN:VTIMEZONE\r\nTZID:EST\r\n%s"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:S\r\n"
		"DTSTART;TZID=EST:20240710T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:W\r\n"
		"DTSTART;TZID=EST:20240110T100000\r\nEND:VEVENT\r\n"), rules);
	struct feed *f = read_str(text, &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "s")->start.s, "2024-07-10T14:00:00Z");
	assert_string_equal(by_id(f, "w")->start.s, "2024-01-10T15:00:00Z");
	assert_true(has_message("VTIMEZONE \"EST\" is not the time zone EST "
				"(at 2024-07-10 10:00 its offset is UTC-04:00, "
				"the zone's UTC-05:00): the file's is used",
				21, 18));
	feed_destroy(f);
	/* January first, where the two agree: July still tells them apart,
	 * at its own DTSTART. */
	snprintf(text, sizeof(text), CAL(
		"BEGIN:VTIMEZONE\r\nTZID:EST\r\n%s"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:W\r\n"
		"DTSTART;TZID=EST:20240110T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:S\r\n"
		"DTSTART;TZID=EST:20240710T100000\r\nEND:VEVENT\r\n"), rules);
	f = read_str(text, &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "w")->start.s, "2024-01-10T15:00:00Z");
	assert_string_equal(by_id(f, "s")->start.s, "2024-07-10T14:00:00Z");
	assert_true(has_message("VTIMEZONE \"EST\" is not the time zone EST "
				"(at 2024-07-10 10:00", 26, 18));
	assert_int_equal(d.n, 1);
	feed_destroy(f);
	/* The same rules as America/New_York's: that zone, no warning. */
	snprintf(text, sizeof(text), CAL(
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n%s"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:S\r\n"
		"DTSTART;TZID=America/New_York:20240710T100000\r\n"
		"END:VEVENT\r\n"), rules);
	f = read_str(text, &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "s")->start.s, "2024-07-10T14:00:00Z");
	assert_false(has_message("VTIMEZONE", 0, 0));
	feed_destroy(f);
}

/* A VTIMEZONE of an IANA name that holds only the changes in force over
 * its events (RFC 5545 asks no more; sked's export writes them so): it is
 * that zone where it is used, read without a word. It was compared with
 * the zone over the whole year of its first time and said to differ
 * about every calendar sked exported. */
static void
test_zone_truncated_vtimezone(void **state)
{
	(void)state;
	bool ok;
	/* sked's export of LPC 2023 (13-15 November): New York's one change
	 * before, none during. */
	struct feed *f = read_str(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
		"BEGIN:STANDARD\r\nDTSTART:20231105T020000\r\n"
		"TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=America/New_York:20231113T094000\r\n"
		"DTEND;TZID=America/New_York:20231113T100500\r\nEND:VEVENT\r\n"),
		&ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2023-11-13T14:40:00Z");
	assert_string_equal(by_id(f, "a")->end.s, "2023-11-13T15:05:00Z");
	assert_int_equal(d.n, 0);
	feed_destroy(f);
	/* Berlin in March 2023, before the change: last October's only. */
	f = read_str(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
		"BEGIN:STANDARD\r\nDTSTART:20221030T030000\r\n"
		"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=Europe/Berlin:20230320T100000\r\nEND:VEVENT\r\n"),
		&ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2023-03-20T09:00:00Z");
	assert_int_equal(d.n, 0);
	feed_destroy(f);
	/* Berlin across the last Sunday of October 2023: both changes. */
	f = read_str(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
		"BEGIN:DAYLIGHT\r\nDTSTART:20230326T020000\r\n"
		"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
		"BEGIN:STANDARD\r\nDTSTART:20231029T030000\r\n"
		"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=Europe/Berlin:20231027T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\n"
		"DTSTART;TZID=Europe/Berlin:20231030T100000\r\nEND:VEVENT\r\n"),
		&ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2023-10-27T08:00:00Z");
	assert_string_equal(by_id(f, "b")->start.s, "2023-10-30T09:00:00Z");
	assert_int_equal(d.n, 0);
	feed_destroy(f);
}

/* A VTIMEZONE of an IANA name that differs where it is used still warns,
 * and is used: a wrong offset in a cut-down one; the United States' rules
 * before 2007 (back on the last Sunday of October) for 1 November 2023,
 * which New York spent in summer time. The same rules for 13 November,
 * where they give the zone's offset, are that zone. */
static void
test_zone_wrong_where_used(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
		"BEGIN:STANDARD\r\nDTSTART:20231105T020000\r\n"
		"TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0600\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=America/New_York:20231113T094000\r\nEND:VEVENT\r\n"),
		&ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2023-11-13T15:40:00Z");
	assert_true(has_message("VTIMEZONE \"America/New_York\" is not the "
				"time zone America/New_York (at 2023-11-13 09:40 "
				"its offset is UTC-06:00, the zone's UTC-05:00): "
				"the file's is used", 14, 31));
	feed_destroy(f);
	static const char *const old_rules =
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
		"BEGIN:STANDARD\r\nDTSTART:19701025T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
		"TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
		"BEGIN:DAYLIGHT\r\nDTSTART:19700405T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\n"
		"TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\n"
		"END:VTIMEZONE\r\n";
	char text[4096];
	snprintf(text, sizeof(text), CAL(
		"%s"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=America/New_York:20231101T100000\r\n"
		"END:VEVENT\r\n"), old_rules);
	f = read_str(text, &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2023-11-01T15:00:00Z");
	assert_true(has_message("VTIMEZONE \"America/New_York\" is not the "
				"time zone America/New_York (at 2023-11-01 10:00 "
				"its offset is UTC-05:00, the zone's UTC-04:00)",
				0, 0));
	feed_destroy(f);
	snprintf(text, sizeof(text), CAL(
		"%s"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=America/New_York:20231113T100000\r\n"
		"END:VEVENT\r\n"), old_rules);
	f = read_str(text, &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2023-11-13T15:00:00Z");
	assert_int_equal(d.n, 0);
	feed_destroy(f);
	/* Google's VTIMEZONE holds today's US rules from 1970: wrong for a
	 * weekly series begun in March 2006 (before the 2007 change), and
	 * for its EXDATE then, but neither time is a session's: nothing is
	 * said, and the series' occurrence on the days is read right. */
	f = read_str(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
		"BEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"
		"TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\n"
		"BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"
		"TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:M\r\n"
		"DTSTART;TZID=America/New_York:20231106T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:W\r\n"
		"DTSTART;TZID=America/New_York:20060320T190000\r\n"
		"EXDATE;TZID=America/New_York:20060327T190000\r\n"
		"RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_int_equal(d.n, 0);
	assert_int_equal(f->n_sessions, 2);
	assert_string_equal(by_id(f, "m")->start.s, "2023-11-06T15:00:00Z");
	assert_string_equal(f->sessions[1].start.s, "2023-11-07T00:00:00Z");
	feed_destroy(f);
	/* An occurrence past the days (July 2024, where this VTIMEZONE's
	 * offset is wrong) is never made: it judges nothing (it switched to
	 * the file's VTIMEZONE without a word), and the wrong change at noon
	 * on 15 November, where an event is, is said there. */
	f = read_str(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
		"BEGIN:STANDARD\r\nDTSTART:20231105T020000\r\n"
		"TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n"
		"BEGIN:STANDARD\r\nDTSTART:20231115T120000\r\n"
		"TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nEND:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=America/New_York:20231113T100000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:C\r\n"
		"DTSTART;TZID=America/New_York:20231115T090000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:y\r\nSUMMARY:Y\r\n"
		"DTSTART;TZID=America/New_York:20231113T120000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=7,11;BYMONTHDAY=13;COUNT=2\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\n"
		"DTSTART;TZID=America/New_York:20231115T140000\r\n"
		"RRULE:FREQ=DAILY;COUNT=1\r\nEND:VEVENT\r\n"),
		&ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 4);
	assert_string_equal(f->sessions[0].start.s, "2023-11-13T15:00:00Z");
	assert_string_equal(f->sessions[1].start.s, "2023-11-15T14:00:00Z");
	assert_string_equal(f->sessions[2].start.s, "2023-11-13T17:00:00Z");
	assert_string_equal(f->sessions[3].start.s, "2023-11-15T20:00:00Z");
	assert_true(has_message("(at 2023-11-15 14:00 its offset is UTC-06:00, "
				"the zone's UTC-05:00)", 0, 0));
	feed_destroy(f);
}

/* DTSTART and DTEND, one with a zone (or in UTC) and the other none (a
 * zone misspelt on one, a generator that drops it): the one without is
 * read in the other's zone, with a warning at DTEND. The wall time less
 * the instant was hours out (10:00-10:30 for 10:00-11:30), or an end
 * "before the start" that refused the file. */
static void
test_start_and_end_zoned_apart(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"X-WR-TIMEZONE:Europe/Berlin\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART:20240329T100000\r\n"
		"DTEND;TZID=Europe/Berlin:20240329T113000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\n"
		"DTSTART:20240329T090000Z\r\n"
		"DTEND:20240329T113000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:C\r\n"
		"DTSTART;TZID=Europe/Berlinn:20240329T140000\r\n"
		"DTEND;TZID=Europe/Berlin:20240329T153000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:D\r\n"
		"DTSTART;TZID=America/New_York:20240329T100000\r\n"
		"DTEND:20240329T104500\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "a")->start.s, "2024-03-29T10:00");
	assert_string_equal(by_id(f, "a")->end.s, "2024-03-29T11:30");
	assert_true(has_message("DTEND has a time zone (Europe/Berlin) and "
				"DTSTART none", 8, 26));
	assert_string_equal(by_id(f, "b")->start.s, "2024-03-29T09:00:00Z");
	assert_string_equal(by_id(f, "b")->end.s, "2024-03-29T11:30:00Z");
	assert_true(has_message("DTSTART has a time zone (UTC) and DTEND none",
				14, 7));
	assert_string_equal(by_id(f, "c")->start.s, "2024-03-29T14:00");
	assert_string_equal(by_id(f, "c")->end.s, "2024-03-29T15:30");
	/* New York is UTC-4 on 29 March 2024 (its clocks went forward on
	 * 10 March): 14:00 to 14:45 UTC. */
	assert_string_equal(by_id(f, "d")->start.s, "2024-03-29T14:00:00Z");
	assert_string_equal(by_id(f, "d")->end.s, "2024-03-29T14:45:00Z");
	assert_int_equal(d.errors, 0);
	feed_destroy(f);
}

/* An X-WR-TIMEZONE that names no zone is as good as none: the zone the
 * events name is the conference's (it was UTC, every time shown an hour
 * or two off what the file meant), with a warning naming the value. */
static void
test_calendar_zone_misspelt(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"X-WR-TIMEZONE:Europe/Berlinn\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=Europe/Berlin:20240329T100000\r\n"
		"END:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_non_null(f->conference.timezone.s);
	assert_string_equal(f->conference.timezone.s, "Europe/Berlin");
	assert_true(has_message("X-WR-TIMEZONE: unknown time zone "
				"\"Europe/Berlinn\" (expected an IANA name "
				"such as Europe/Berlin): the events' zone is "
				"used, Europe/Berlin", 3, 1));
	feed_destroy(f);
}

/* A line with no colon is said at its own line, not its VEVENT's
 * BEGIN (libical quotes the line; it was found by the component). */
static void
test_line_without_colon(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY First talk\r\n"
		"DTSTART:20240329T100000Z\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_true(has_message("could not find a property name or component "
				"begin tag: SUMMARY First talk", 5, 1));
	feed_destroy(f);
}

/* Dates and times that do not exist are not rolled over (libical keeps
 * the fields as written: 20240230 would be 1 March, T250000 the next
 * day): a warning names the value as written, and the property is left
 * out; a leap second is the minute's last. */
static void
test_no_such_time(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:feb30\r\nSUMMARY:A\r\n"
		"DTSTART;TZID=Europe/Berlin:20240230T100000\r\n"
		"DTEND;TZID=Europe/Berlin:20240301T110000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:h25\r\nSUMMARY:B\r\n"
		"DTSTART;TZID=Europe/Berlin:20240510T100000\r\n"
		"DTEND;TZID=Europe/Berlin:20240510T250000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:s99\r\nSUMMARY:C\r\n"
		"DTSTART:20240510T100099Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:m13\r\nSUMMARY:D\r\n"
		"DTSTART;VALUE=DATE:20241310\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:y1899\r\nSUMMARY:E\r\n"
		"DTSTART:18990510T100000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:leap\r\nSUMMARY:F\r\n"
		"DTSTART:20161231T235960Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:nodur\r\nSUMMARY:G\r\n"
		"DTSTART:20240510T100000Z\r\nDURATION:P\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_null(by_id(f, "feb30")->start.s);
	assert_true(has_message("DTSTART: no such date or time 20240230T100000: "
				"the event kept unscheduled", 0, 0));
	assert_string_equal(by_id(f, "h25")->start.s, "2024-05-10T08:00:00Z");
	assert_string_equal(by_id(f, "h25")->end.s, "2024-05-10T08:00:00Z");
	assert_true(has_message("DTEND: no such date or time 20240510T250000: "
				"read as no end (zero length)", 0, 0));
	assert_null(by_id(f, "s99")->start.s);
	assert_true(has_message("no such date or time 20240510T100099", 0, 0));
	assert_null(by_id(f, "m13")->start.s);
	assert_true(has_message("DTSTART: no such date 20241310: the event "
				"kept unscheduled", 0, 0));
	assert_null(by_id(f, "y1899")->start.s);
	assert_true(has_message("18990510T100000 (sked reads the years "
				"1900-2200)", 0, 0));
	assert_string_equal(by_id(f, "leap")->start.s, "2016-12-31T23:59:59Z");
	/* A DURATION of no duration ("P"): as libical reads "PTH", a
	 * warning and no end, not the whole file refused by the builder. */
	assert_null(by_id(f, "nodur")->duration.s);
	assert_true(has_message("DURATION: no duration in \"P\": read as no "
				"end (zero length)", 0, 0));
	assert_int_equal(d.errors, 0);
	feed_destroy(f);
}

static void
test_recurrence(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:talk\r\nSUMMARY:Talk\r\n"
		"DTSTART;TZID=Europe/Berlin:20240325T140000\r\n"
		"DURATION:PT1H\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:last\r\nSUMMARY:Last\r\n"
		"DTSTART;TZID=Europe/Berlin:20240329T140000\r\n"
		"DURATION:PT1H\r\nEND:VEVENT\r\n"
		/* Daily from long before, without end: only the conference's
		 * five days, the DST change on the 31st not reached; EXDATE
		 * and a moved occurrence honoured. */
		"BEGIN:VEVENT\r\nUID:coffee\r\nSUMMARY:Coffee\r\n"
		"DTSTART;TZID=Europe/Berlin:20200101T083000\r\n"
		"DURATION:PT30M\r\nRRULE:FREQ=DAILY\r\n"
		"EXDATE;TZID=Europe/Berlin:20240327T083000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:coffee\r\nSUMMARY:Late coffee\r\n"
		"RECURRENCE-ID;TZID=Europe/Berlin:20240328T083000\r\n"
		"DTSTART;TZID=Europe/Berlin:20240328T093000\r\n"
		"DURATION:PT30M\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_int_equal(d.errors + d.warnings, 0);
	/* talk, last, the moved one, and the 25th, 26th, 29th. */
	assert_int_equal(f->n_sessions, 6);
	const struct feed_session *s = by_id(f, "coffee-20240325T073000Z");
	assert_string_equal(s->title.s, "Coffee");
	assert_string_equal(s->start.s, "2024-03-25T07:30:00Z");
	assert_string_equal(s->duration.s, "PT30M");
	assert_null(s->guid.s);
	by_id(f, "coffee-20240326T073000Z");
	by_id(f, "coffee-20240329T073000Z");
	s = by_id(f, "coffee-20240328T073000Z");
	assert_string_equal(s->title.s, "Late coffee");
	assert_string_equal(s->start.s, "2024-03-28T08:30:00Z");
	for (size_t i = 0; i < f->n_sessions; i++)
		assert_null(strstr(f->sessions[i].id.s, "20240327"));
	feed_destroy(f);
}

/* DTSTART is always the first occurrence and one of COUNT's (RFC 5545
 * 3.8.5.3), even where the rule would not make it, which libical then
 * leaves out: a Friday start of a Monday rule, an UNTIL before the
 * start (the event vanished without a word). */
static void
test_recurrence_keeps_dtstart(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:anchor\r\nSUMMARY:A\r\n"
		"DTSTART:20240510T080000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:anchor2\r\nSUMMARY:A\r\n"
		"DTSTART:20240521T080000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:until\r\nSUMMARY:U\r\n"
		"DTSTART:20240510T100000Z\r\n"
		"RRULE:FREQ=DAILY;UNTIL=20240509T000000Z\r\nEND:VEVENT\r\n"
		/* Friday the 10th, then Mondays: the 10th, the 13th; COUNT=2
		 * counts the 10th. */
		"BEGIN:VEVENT\r\nUID:mon\r\nSUMMARY:M\r\n"
		"DTSTART:20240510T110000Z\r\n"
		"RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\r\nEND:VEVENT\r\n"
		/* In step: the 13th, the 20th, nothing added. */
		"BEGIN:VEVENT\r\nUID:sync\r\nSUMMARY:S\r\n"
		"DTSTART:20240513T120000Z\r\n"
		"RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\r\nEND:VEVENT\r\n"
		/* Out of step and excluded: only the rule's. */
		"BEGIN:VEVENT\r\nUID:ex\r\nSUMMARY:E\r\n"
		"DTSTART:20240510T130000Z\r\n"
		"RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\r\n"
		"EXDATE:20240510T130000Z\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_string_equal(by_id(f, "until-20240510T100000Z")->start.s,
			    "2024-05-10T10:00:00Z");
	by_id(f, "mon-20240510T110000Z");
	by_id(f, "mon-20240513T110000Z");
	by_id(f, "sync-20240513T120000Z");
	by_id(f, "sync-20240520T120000Z");
	by_id(f, "ex-20240513T130000Z");
	by_id(f, "ex-20240520T130000Z");
	/* 2 anchors, 1 + 2 + 2 + 2 occurrences. */
	assert_int_equal(f->n_sessions, 9);
	assert_int_equal(d.errors, 0);
	feed_destroy(f);
}

/* A recurring event none of whose occurrences is on the days of the
 * calendar's other events is left out with a warning at its RRULE: it
 * vanished without a word. One with an occurrence on them is kept
 * without one. */
static void
test_recurrence_off_the_days(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:day\r\nSUMMARY:D\r\n"
		"DTSTART:20240329T080000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:later\r\nSUMMARY:L\r\n"
		"DTSTART:20240330T080000Z\r\n"
		"RRULE:FREQ=WEEKLY;COUNT=1\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:E\r\n"
		"DTSTART:20240328T090000Z\r\n"
		"RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
		/* Ended years before (the rule is jumped to the days). */
		"BEGIN:VEVENT\r\nUID:old\r\nSUMMARY:O\r\n"
		"DTSTART:20220104T090000Z\r\n"
		"RRULE:FREQ=WEEKLY;UNTIL=20230101T000000Z\r\nEND:VEVENT\r\n"
		/* Its one occurrence there excluded, or moved: it has one. */
		"BEGIN:VEVENT\r\nUID:ex\r\nSUMMARY:X\r\n"
		"DTSTART:20240328T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"
		"EXDATE:20240329T100000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:mv\r\nSUMMARY:M\r\n"
		"DTSTART:20240328T110000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:mv\r\nSUMMARY:M moved\r\n"
		"RECURRENCE-ID:20240329T110000Z\r\n"
		"DTSTART:20240329T150000Z\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	by_id(f, "day");
	by_id(f, "daily-20240329T090000Z");
	assert_int_equal(f->n_sessions, 3); /* and M moved */
	assert_true(has_message("RRULE: no occurrence on the conference's "
				"days (those of the calendar's other events, "
				"2024-03-29 to 2024-03-29): the event is left "
				"out", 12, 7));
	assert_true(has_message("RRULE: no occurrence on the conference's "
				"days", 24, 7));
	/* The three daily rules' 30 March, past the other events' days,
	 * said at each RRULE (none for "later", whose one occurrence is
	 * said above). */
	static const unsigned lines[] = {18, 30, 37};
	for (size_t k = 0; k < 3; k++)
		assert_true(has_message("RRULE: the occurrences after "
					"2024-03-29 (the last day of the "
					"calendar's other events) are left "
					"out", lines[k], 7));
	size_t rrule = 0;
	for (size_t i = 0; i < d.n; i++)
		rrule += strstr(d.v[i].message, "RRULE") != NULL;
	assert_int_equal(rrule, 5);
	feed_destroy(f);
}

/* Every event recurs: the program's days are 31 from the first
 * occurrence, and the occurrences after them are said to be left out
 * (they were dropped without a word). */
static void
test_recurrence_past_the_days(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:a@z\r\nSUMMARY:Seminar\r\n"
		"DTSTART;TZID=Europe/Berlin:20240601T090000\r\n"
		"DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\n"
		"END:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 5); /* 1, 8, 15, 22, 29 June */
	assert_int_equal(d.warnings, 1);
	assert_true(has_message("RRULE: the occurrences after 2024-07-01 are "
				"left out (a program spans at most 31 days)",
				8, 7));
	feed_destroy(f);
}

static size_t
count_messages(const char *part)
{
	size_t n = 0;
	for (size_t i = 0; i < d.n; i++)
		n += strstr(d.v[i].message, part) != NULL;
	return n;
}

/* An occurrence past the days that an EXDATE excludes or a RECURRENCE-ID
 * moves is not left out: no warning when no other one is (the last one
 * past them, excluded, was said to be left out). */
static void
test_recurrence_excluded_past_the_days(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART:20240329T100000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\n"
		"DTSTART:20240331T100000Z\r\nEND:VEVENT\r\n"
		/* 29 March to 1 April, the 1st excluded: none left out. */
		"BEGIN:VEVENT\r\nUID:ex\r\nSUMMARY:E\r\n"
		"DTSTART:20240329T080000Z\r\nRRULE:FREQ=DAILY;COUNT=4\r\n"
		"EXDATE:20240401T080000Z\r\nEND:VEVENT\r\n"
		/* The same by UNTIL, the 1st excluded as a day. */
		"BEGIN:VEVENT\r\nUID:day\r\nSUMMARY:D\r\n"
		"DTSTART:20240329T090000Z\r\n"
		"RRULE:FREQ=DAILY;UNTIL=20240401T235959Z\r\n"
		"EXDATE;VALUE=DATE:20240401\r\nEND:VEVENT\r\n"
		/* The 1st moved onto the 31st. */
		"BEGIN:VEVENT\r\nUID:mv\r\nSUMMARY:M\r\n"
		"DTSTART:20240329T110000Z\r\nRRULE:FREQ=DAILY;COUNT=4\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:mv\r\nSUMMARY:M moved\r\n"
		"RECURRENCE-ID:20240401T110000Z\r\n"
		"DTSTART:20240331T150000Z\r\nEND:VEVENT\r\n"
		/* The 1st excluded, the 2nd left out: said. */
		"BEGIN:VEVENT\r\nUID:more\r\nSUMMARY:X\r\n"
		"DTSTART:20240329T120000Z\r\nRRULE:FREQ=DAILY;COUNT=5\r\n"
		"EXDATE:20240401T120000Z\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	/* a, b; 3 of each rule; M moved. */
	assert_int_equal(f->n_sessions, 2 + 4 * 3 + 1);
	assert_true(has_message("RRULE: the occurrences after 2024-03-31 (the "
				"last day of the calendar's other events) are "
				"left out", 43, 7));
	assert_int_equal(count_messages("left out"), 1);
	feed_destroy(f);

	/* Every event recurs: the 6 July, past the 31 days, excluded. */
	f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:W\r\n"
		"DTSTART:20240601T090000Z\r\nDURATION:PT1H\r\n"
		"RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE:20240706T090000Z\r\n"
		"END:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 5);
	assert_int_equal(count_messages("left out"), 0);
	feed_destroy(f);
	/* ... and the 13th not: said. */
	f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:W\r\n"
		"DTSTART:20240601T090000Z\r\nDURATION:PT1H\r\n"
		"RRULE:FREQ=WEEKLY;COUNT=7\r\nEXDATE:20240706T090000Z\r\n"
		"END:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 5);
	assert_true(has_message("RRULE: the occurrences after 2024-07-01 are "
				"left out (a program spans at most 31 days)",
				8, 7));
	assert_int_equal(count_messages("left out"), 1);
	feed_destroy(f);
}

/* The Speakers: line's names: in quotes (as sked's export writes one
 * with a comma) taken whole and trimmed, a blank one dropped; a name
 * that only starts with a quote ("Weird Al" Yankovic) as written. */
static void
test_speakers_quoted(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART:20240601T090000Z\r\nDURATION:PT1H\r\n"
		"DESCRIPTION:Speakers: \"Ewers\\, Lorbeer\"\\, \"  \"\\, "
		"\" Ann \"\"Q\"\" \" (Org (EU))\\, \"Weird Al\" Yankovic\\, "
		"Bob\\nText.\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	const struct feed_session *s = by_id(f, "a");
	assert_int_equal(s->speakers.n, 4);
	assert_string_equal(s->speakers.v[0].name.s, "Ewers, Lorbeer");
	assert_string_equal(s->speakers.v[1].name.s, "Ann \"Q\"");
	assert_string_equal(s->speakers.v[1].affiliation.s, "Org (EU)");
	assert_string_equal(s->speakers.v[2].name.s, "\"Weird Al\" Yankovic");
	assert_null(s->speakers.v[2].affiliation.s);
	assert_string_equal(s->speakers.v[3].name.s, "Bob");
	assert_string_equal(s->abstract.s, "Text.");
	feed_destroy(f);
}

static double
seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A byte order mark is no character: a bad byte on line 1 is at the
 * column it has without it (it was one too many). */
static void
test_positions_after_bom(void **state)
{
	(void)state;
#define LINE1(bad) "\xEF\xBB\xBF" "BEGIN:VCALENDAR " bad "\r\nEND:VCALENDAR\r\n"
	static const struct {
		const char *text; /* with the BOM */
		size_t len;
		const char *said;
	} cases[] = {
		{LINE1("\xe9"), sizeof(LINE1("\xe9")) - 1,
		 "invalid UTF-8 byte 0xe9"},
		{LINE1("\0"), sizeof(LINE1("\0")) - 1, "NUL byte in file"},
	};
#undef LINE1
	for (size_t i = 0; i < 2; i++)
		for (size_t skip = 0; skip <= 3; skip += 3) {
			bool ok;
			struct feed *f = read_text("t.ics", cases[i].text + skip,
						   cases[i].len - skip, &ok);
			assert_false(ok);
			if (!has_message(cases[i].said, 1, 17))
				fail_msg("%s (%s BOM): %u:%u %s", cases[i].said,
					 skip ? "without" : "with",
					 d.n ? d.v[0].line : 0,
					 d.n ? d.v[0].column : 0,
					 d.n ? d.v[0].message : "");
			feed_destroy(f);
		}
}

/* The hostile cases in tests/bad/ics: each read in bounded time, with the
 * error or warning it deserves at its place. */
static void
test_hostile(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		bool ok;
		const char *message;
		unsigned line, column;
	} cases[] = {
		{"deep-nesting", false, "nested deeper than 32 levels", 34, 1},
		{"invalid-utf8", false, "invalid UTF-8 byte 0xe9", 5, 12},
		{"bom-invalid-utf8", false, "invalid UTF-8 byte 0xe9", 1, 20},
		{"nul", false, "NUL byte", 5, 10},
		{"unclosed", false, "BEGIN:VEVENT is never closed", 3, 1},
		{"mismatched-end", false, "expected END:VEVENT (for the BEGIN "
					  "on line 3), got END:VTODO", 6, 5},
		{"rrule-secondly", true, "only the first 1000 occurrences", 14, 7},
		{"rrule-count-huge", true, "stopped after 100000 steps", 14, 7},
		{"rrule-impossible", true, "RRULE could not be read", 14, 7},
		{"vtimezone-secondly", true, "do not repeat yearly", 3, 1},
		{"many-vtimezones", true, NULL, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *rel = xasprintf("tests/bad/ics/%s.ics", cases[i].file);
		bool ok;
		double t0 = seconds();
		struct feed *f = read_file(rel, &ok);
		if (seconds() - t0 > 5)
			fail_msg("%s took %.1f s", rel, seconds() - t0);
		if (ok != cases[i].ok || (ok && d.errors) || (!ok && !d.errors))
			fail_msg("%s: ok %d with %zu errors", rel, ok, d.errors);
		if (cases[i].message &&
		    !has_message(cases[i].message, cases[i].line,
				 cases[i].column))
			fail_msg("%s: no \"%s\" at %u:%u (first: %u:%u %s)", rel,
				 cases[i].message, cases[i].line,
				 cases[i].column, d.n ? d.v[0].line : 0,
				 d.n ? d.v[0].column : 0,
				 d.n ? d.v[0].message : "");
		feed_destroy(f);
		free(rel);
	}
}

/* Limits that need big inputs, made here: a line over ICS_MAX_LINE, more
 * VTIMEZONEs than anyone writes, too many events. */
static void
test_limits(void **state)
{
	(void)state;
	size_t cap = (size_t)ICS_MAX_LINE + 4096;
	char *t = xmalloc(cap);
	int n = snprintf(t, cap, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:");
	memset(t + n, 'x', (size_t)ICS_MAX_LINE);
	strcpy(t + n + ICS_MAX_LINE, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	bool ok;
	struct feed *f = read_text("t.ics", t, strlen(t), &ok);
	assert_false(ok);
	assert_true(has_message("line longer than 1 MiB", 3, 1));
	feed_destroy(f);
	free(t);

	/* 20000 VTIMEZONEs: read in linear time. */
#define ZONE                                                                   \
	"BEGIN:VTIMEZONE\r\nTZID:Z%d\r\nBEGIN:STANDARD\r\n"                      \
	"DTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"                      \
	"TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	size_t zones = 20000;
	cap = zones * 200 + 1024;
	t = xmalloc(cap);
	size_t len = (size_t)snprintf(t, cap, "BEGIN:VCALENDAR\r\n");
	for (size_t i = 0; i < zones; i++)
		len += (size_t)snprintf(t + len, cap - len, ZONE, (int)i);
	len += (size_t)snprintf(t + len, cap - len,
				"BEGIN:VEVENT\r\nSUMMARY:s\r\n"
				"DTSTART;TZID=Z19999:20240101T120000\r\n"
				"END:VEVENT\r\nEND:VCALENDAR\r\n");
	double t0 = seconds();
	f = read_text("t.ics", t, len, &ok);
	assert_true(ok);
	assert_true(seconds() - t0 < 5);
	assert_string_equal(f->sessions[0].start.s, "2024-01-01T11:00:00Z");
	feed_destroy(f);
	free(t);

	/* One event more than ICS_MAX_EVENTS. */
	const char *ev = "BEGIN:VEVENT\r\nEND:VEVENT\r\n";
	cap = ((size_t)ICS_MAX_EVENTS + 1) * strlen(ev) + 64;
	t = xmalloc(cap);
	len = (size_t)snprintf(t, cap, "BEGIN:VCALENDAR\r\n");
	for (size_t i = 0; i <= ICS_MAX_EVENTS; i++) {
		memcpy(t + len, ev, strlen(ev));
		len += strlen(ev);
	}
	f = read_text("t.ics", t, len, &ok);
	assert_false(ok);
	assert_true(has_message("more than 100000 events",
				2 + 2 * ICS_MAX_EVENTS, 1));
	feed_destroy(f);
	free(t);
}

/* A text built piece by piece: the big hostile files below. */
struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(t->s ? t->s + t->len : NULL,
				  t->s ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (t->s != NULL && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->s = xreallocarray(t->s, t->cap, 1);
	}
}

/* The fastest of three readings of t, in seconds: with the same machine
 * under the same load, two of them compared say how the reader scales,
 * where one time alone would say how busy the machine is. */
static double
read_time(const struct text *t)
{
	double best = 1e9;
	for (int i = 0; i < 3; i++) {
		bool ok;
		double t0 = seconds();
		struct feed *f = read_text("t.ics", t->s, t->len, &ok);
		double dt = seconds() - t0;
		assert_true(ok);
		feed_destroy(f);
		best = dt < best ? dt : best;
	}
	return best;
}

/* 4000 EXDATEs of one MINUTELY rule: read once, not once per occurrence
 * (which took a minute); the first 4000 minutes and the whole of
 * 4 January excluded, so the 1000 occurrences kept run from 3 January
 * 18:40 (minute 4000) to 5 January 11:19. */
static void
test_exdate_flood(void **state)
{
	(void)state;
	struct text t = {0};
	put(&t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
		"UID:r\r\nSUMMARY:R\r\nDTSTART:20240101T000000Z\r\n"
		"DURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\n"
		"EXDATE;VALUE=DATE:20240104\r\n");
	for (int i = 3999; i >= 0; i--) /* in no particular order */
		put(&t, "EXDATE:202401%02dT%02d%02d00Z\r\n", 1 + i / 1440,
		    i / 60 % 24, i % 60);
	put(&t, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	bool ok;
	double t0 = seconds();
	struct feed *f = read_text("t.ics", t.s, t.len, &ok);
	double dt = seconds() - t0;
	if (dt > 5)
		fail_msg("4000 EXDATEs took %.1f s", dt);
	assert_true(ok);
	assert_true(has_message("only the first 1000 occurrences", 8, 7));
	assert_int_equal(f->n_sessions, 1000);
	assert_string_equal(f->sessions[0].start.s, "2024-01-03T18:40:00Z");
	assert_string_equal(f->sessions[319].start.s, "2024-01-03T23:59:00Z");
	assert_string_equal(f->sessions[320].start.s, "2024-01-05T00:00:00Z");
	assert_string_equal(f->sessions[999].start.s, "2024-01-05T11:19:00Z");
	feed_destroy(f);
	free(t.s);
}

/* 20 events of 9990 ATTENDEEs with a CN each: each speaker's place found
 * in one sorted look-up, not a walk over the event's lines (quadratic:
 * 40 times the time the same events without CN take). */
static void
test_attendee_flood(void **state)
{
	(void)state;
	struct text with = {0}, without = {0};
	struct text *both[] = {&with, &without};
	for (int k = 0; k < 2; k++) {
		put(both[k], "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
		for (int e = 0; e < 20; e++) {
			put(both[k], "BEGIN:VEVENT\r\nUID:e%d\r\nSUMMARY:E\r\n"
				     "DTSTART:20240101T100000Z\r\n",
			    e);
			for (int i = 0; i < 9990; i++)
				put(both[k], "ATTENDEE%s:mailto:p%d@example.org\r\n",
				    k ? "" : ";CN=Person", i);
			put(both[k], "END:VEVENT\r\n");
		}
		put(both[k], "END:VCALENDAR\r\n");
	}
	double a = read_time(&with), b = read_time(&without);
	if (a > 8 * b)
		fail_msg("ATTENDEEs with CN took %.2f s, without %.2f s", a, b);
	bool ok;
	struct feed *f = read_text("t.ics", with.s, with.len, &ok);
	assert_int_equal(f->sessions[19].speakers.n, 9990);
	/* Event 20 begins on line 3 + 19 * 9995; its last ATTENDEE is its
	 * 9994th line. */
	const struct feed_person *p = &f->sessions[19].speakers.v[9989];
	assert_int_equal(p->name.pos.line, 3 + 19 * 9995 + 9993);
	assert_int_equal(p->name.pos.column, 20);
	feed_destroy(f);
	free(with.s);
	free(without.s);
}

/* 20000 recurring events and 20000 events that replace an occurrence
 * (RECURRENCE-ID): each occurrence looked up among the replaced ones by
 * binary search, not a walk over them all. The same events without
 * RECURRENCE-ID are the measure. */
static void
test_override_flood(void **state)
{
	(void)state;
	struct text with = {0}, without = {0};
	struct text *both[] = {&with, &without};
	for (int k = 0; k < 2; k++) {
		put(both[k], "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
		for (int e = 0; e < 20000; e++)
			put(both[k], "BEGIN:VEVENT\r\nUID:m%d\r\nSUMMARY:M\r\n"
				     "DTSTART:20240101T100000Z\r\n"
				     "RRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n",
			    e);
		for (int e = 0; e < 20000; e++)
			put(both[k], "BEGIN:VEVENT\r\nUID:o%d\r\nSUMMARY:O\r\n"
				     "%s:20240101T100000Z\r\n"
				     "DTSTART:20240101T110000Z\r\nEND:VEVENT\r\n",
			    e, k ? "X-RECURRENCE-ID" : "RECURRENCE-ID");
		put(both[k], "END:VCALENDAR\r\n");
	}
	double a = read_time(&with), b = read_time(&without);
	if (a > 3 * b)
		fail_msg("with RECURRENCE-IDs %.2f s, without %.2f s", a, b);
	free(with.s);
	free(without.s);
}

/* libical's messages at the line each is about: the second and third bad
 * DTEND at their own lines, not all at the first's; a message that names
 * no line of the event ("in X property") at the event. */
static void
test_libical_messages(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
		"DTSTART:20240101T100000Z\r\n"
		"DTEND:one\r\nDTEND:two\r\nX-FOO;VALUE=DATE-TIME:x\r\n"
		"DTEND:three\r\nEND:VEVENT\r\n"), &ok);
	assert_true(ok);
	assert_true(has_message("DTEND property. Removing entire property: one",
				7, 7));
	assert_true(has_message("DTEND property. Removing entire property: two",
				8, 7));
	assert_true(has_message("Removing entire property: x", 3, 1));
	assert_true(has_message("DTEND property. Removing entire property: three",
				10, 7));
	feed_destroy(f);
}

/* DURATION reaches the builder as the file writes it (folded lines
 * joined, RFC 5545's "+" dropped), at its value: the builder parses every
 * format's durations and names the value when it is too long, where
 * libical's int overflowed (P99999999W "ended" in 1969). */
static void
test_duration(void **state)
{
	(void)state;
	bool ok;
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:long\r\nSUMMARY:L\r\n"
		"DTSTART:20240101T100000Z\r\nDURATION:P99999999W\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:plus\r\nSUMMARY:P\r\n"
		"DTSTART:20240101T100000Z\r\nDURATION:+PT1H\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:folded\r\nSUMMARY:F\r\n"
		"DTSTART:20240101T100000Z\r\nDURATION:PT1\r\n H30M \r\n"
		"END:VEVENT\r\n"), &ok);
	assert_true(ok);
	const struct feed_session *s = by_id(f, "long");
	assert_string_equal(s->duration.s, "P99999999W");
	assert_int_equal(s->duration.pos.line, 7);
	assert_int_equal(s->duration.pos.column, 10);
	assert_null(s->end.s);
	assert_string_equal(by_id(f, "plus")->duration.s, "PT1H");
	assert_string_equal(by_id(f, "folded")->duration.s, "PT1H30M");
	assert_int_equal(d.errors + d.warnings, 0);
	feed_destroy(f);
}

/* What the reader's fast paths must not change: the UTF-8 check reads
 * ASCII eight bytes at a time and counts lines only for a message, lines
 * are found by memchr, times are formatted by hand, an event's few
 * properties are walked where many are sorted. Each the same as the slow
 * way: positions after long ASCII runs and a character folded in two,
 * lone and doubled CRs, floating and UTC times with and without seconds,
 * a property found among few and among many. */
static void
test_fast_paths(void **state)
{
	(void)state;
	bool ok;
	/* A bad byte after 8-byte runs, past a character folded in two. */
	struct feed *f = read_str(CAL(
		"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:caf\xC3\r\n \xA9 and more text\r\n"
		"DESCRIPTION:abcdefghijklmnopqrstuvw\xE9xyz\r\nEND:VEVENT\r\n"), &ok);
	assert_false(ok);
	assert_true(has_message("invalid UTF-8 byte 0xe9", 7, 36));
	feed_destroy(f);
	static const char nul[] = CAL("BEGIN:VEVENT\r\nUID:abcdefghijklmnop"
				      "\0q\r\nEND:VEVENT\r\n");
	f = read_text("t.ics", nul, sizeof(nul) - 1, &ok);
	assert_false(ok);
	assert_true(has_message("NUL byte", 4, 21));
	feed_destroy(f);

	/* Lone CRs and CR CR LF end lines; floating times keep their
	 * seconds only when not 0; UTC times always have them. */
	f = read_str(CAL(
		"BEGIN:VEVENT\rUID:float\rSUMMARY:F\r\r\n"
		"DTSTART:20240101T100005\r\r\nDTEND:20240101T110000\r"
		"LOCATION:Hall \r\n 2\rEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:utc\r\nSUMMARY:U\r\n"
		"DTSTART:20240101T100000Z\r\nDURATION:PT0S\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:wall\r\nSUMMARY:W\r\n"
		"DTSTART:00010101T000000\r\nDTEND:99991231T235959\r\n"
		"END:VEVENT\r\n"), &ok);
	assert_true(ok);
	const struct feed_session *s = by_id(f, "float");
	assert_string_equal(s->start.s, "2024-01-01T10:00:05");
	assert_string_equal(s->end.s, "2024-01-01T11:00");
	assert_int_equal(s->start.pos.line, 6);
	assert_int_equal(s->start.pos.column, 9);
	assert_string_equal(s->room.s, "Hall 2");
	assert_int_equal(s->room.pos.line, 8);
	assert_string_equal(by_id(f, "utc")->start.s, "2024-01-01T10:00:00Z");
	/* Years sked does not read: said, and the event unscheduled. */
	s = by_id(f, "wall");
	assert_null(s->start.s);
	assert_true(has_message("DTSTART: no such date or time 00010101T000000 "
				"(sked reads the years 1900-2200)", 0, 0));
	feed_destroy(f);

	/* A property among few and among many (sorted) found alike. */
	for (int many = 0; many < 2; many++) {
		char *xs = xstrdup("");
		for (int k = 0; k < (many ? 3 * ICS_PROPS_LINEAR_TEST : 2); k++) {
			char *t = xasprintf("%sX-N%d:%d\r\n", xs, k, k);
			free(xs);
			xs = t;
		}
		char *text = xasprintf(
			"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n%s"
			"uid:r\r\nSUMMARY:R\r\nDTSTART:20240101T100000Z\r\n"
			"DTEND:20240101T100000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\n"
			"END:VEVENT\r\nEND:VCALENDAR\r\n", xs);
		f = read_str(text, &ok);
		assert_true(ok);
		unsigned line = 4 + (unsigned)(many ? 3 * ICS_PROPS_LINEAR_TEST : 2);
		s = by_id(f, "r-20240101T100000Z");
		assert_int_equal(s->title.pos.line, line + 1);
		assert_int_equal(s->start.pos.line, line + 2);
		assert_int_equal(s->start.pos.column, 9);
		assert_string_equal(by_id(f, "r-20240102T100000Z")->start.s,
				    "2024-01-02T10:00:00Z");
		feed_destroy(f);
		free(text);
		free(xs);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_jres),
		cmocka_unit_test(test_kielux),
		cmocka_unit_test(test_sched),
		cmocka_unit_test(test_indico),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_zone_name_not_the_zone),
		cmocka_unit_test(test_zone_truncated_vtimezone),
		cmocka_unit_test(test_zone_wrong_where_used),
		cmocka_unit_test(test_left_out_dates_said),
		cmocka_unit_test(test_start_and_end_zoned_apart),
		cmocka_unit_test(test_calendar_zone_misspelt),
		cmocka_unit_test(test_line_without_colon),
		cmocka_unit_test(test_no_such_time),
		cmocka_unit_test(test_recurrence_keeps_dtstart),
		cmocka_unit_test(test_recurrence_off_the_days),
		cmocka_unit_test(test_recurrence),
		cmocka_unit_test(test_speakers_quoted),
		cmocka_unit_test(test_recurrence_past_the_days),
		cmocka_unit_test(test_recurrence_excluded_past_the_days),
		cmocka_unit_test(test_positions_after_bom),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_exdate_flood),
		cmocka_unit_test(test_attendee_flood),
		cmocka_unit_test(test_override_flood),
		cmocka_unit_test(test_libical_messages),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_fast_paths),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	diag_list_finish(&d);
	return r;
}
