/* format: writes sessions as text for people, TSV or JSON Lines.
 *
 * A writer holds only borrowed pointers; programs and the stream must
 * outlive it. Text output groups sessions under program and day headings,
 * so feed each program's sessions in its order (program.order). */
#ifndef SKED_FORMAT_H
#define SKED_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "sked/program.h"
#include "sked/tz.h"

enum format_kind { FORMAT_TEXT, FORMAT_TSV, FORMAT_JSON };

struct format_writer {
	FILE *fp;
	enum format_kind kind;
	const struct tz_zone *zone; /* NULL: each conference's own zone */
	bool sanitize;  /* replace control characters and escape sequences */
	/* Text: a '*' before a starred session's time (format_init sets
	 * it; sked agenda, all of whose sessions are starred, clears it). */
	bool mark_stars;
	/* State of the text layout. */
	const struct program *program;
	int day;        /* last day heading written; -2 none, -1 unscheduled */
	bool started;
};

/* Parses "text", "tsv" or "json". */
bool format_parse(const char *name, enum format_kind *kind);
void format_init(struct format_writer *w, FILE *fp, enum format_kind kind,
		 const struct tz_zone *zone, bool sanitize);
/* Writes s as a JSON string ("null" for NULL), escaping what a reader
 * could take for anything but text: control characters (C0, DEL, C1),
 * the invisible format characters that reorder or hide text
 * (text_is_unsafe), and U+2028 and U+2029, which some readers split
 * lines at (JSON Lines read by splitlines()). The text stays the same
 * once decoded. */
void format_json_string(FILE *fp, const char *s);
/* Writes session s of p; starred: whether it is in the user's agenda
 * (text: a '*' before its time; TSV and JSON: a "starred" column and
 * member). */
void format_session(struct format_writer *w, const struct program *p,
		    const struct program_session *s, bool starred);
/* How format_when() says when a session is. "The date" is the calendar
 * date of its start in the zone asked for, which is not its conference
 * day's date for a session after midnight (day_change) or in another zone. */
enum format_when_style {
	/* "01:00–02:00"; an end on a later date than the start says how
	 * many days later: "23:30–00:15+1" (every style with the end; an
	 * end at midnight is the start day's: "22:00–00:00"). Where the
	 * wall times would mislead, their UTC offsets (format_offset) are
	 * said: a time in an hour that occurs twice, "01:15–01:45 UTC-5";
	 * a session across a change of offset, each end's, "01:30 UTC-4 –
	 * 01:00 UTC-5" (30 minutes on the night clocks go back), "01:30
	 * UTC-5 – 03:30 UTC-4" (an hour on the night they go forward).
	 * FORMAT_WHEN_START says the start's when it occurs twice. */
	FORMAT_WHEN_RANGE,
	FORMAT_WHEN_TIME,  /* the same, and " (Tue)" when the date is not the
			      conference day's: for lists under day headings */
	/* FORMAT_WHEN_TIME with the offsets brief, for a narrow column:
	 * "01:15–01:45 -5", "01:30 -4–01:00 -5" (a space still before
	 * each offset: "00:15+1 -5" ends the next day, in UTC-5). */
	FORMAT_WHEN_BRIEF,
	FORMAT_WHEN_START, /* "01:00", and " (Tue)" the same way */
	FORMAT_WHEN_DATE,  /* "Tuesday 5 March 2024, 01:00–02:00" */
	FORMAT_WHEN_SHORT, /* "Tue 5 March, 01:00–02:00" */
};
enum { FORMAT_WHEN_MAX = 96 };
/* Says when scheduled session s of p is, in zone z, into buf (empty for an
 * unscheduled one); returns buf. The one place a session's time is put in
 * words, for the browser and the command line alike. */
const char *format_when(char buf[FORMAT_WHEN_MAX], const struct program *p,
			const struct program_session *s,
			const struct tz_zone *z, enum format_when_style style);
enum { FORMAT_CLOCK_MAX = 24 };
/* A UTC offset of `seconds` as people read it, into buf: "UTC-5",
 * "UTC+5:30", "UTC+0"; returns buf. */
const char *format_offset(char buf[FORMAT_CLOCK_MAX], int seconds);
/* The wall time of instant t in zone z, "01:30", into buf, with its
 * offset when that wall time occurs twice there (clocks going back):
 * "01:30 UTC-5"; returns buf. */
const char *format_clock(char buf[FORMAT_CLOCK_MAX], const struct tz_zone *z,
			 int64_t t);
/* Writes "Monday 4 March 2024" for date d into buf; returns buf. */
const char *format_date(char buf[FORMAT_WHEN_MAX], const struct tz_date *d);
/* Writes "YYYY-MM-DDTHH:MM:SS+HH:MM" for instant t in zone z (24 bytes + NUL). */
void format_iso8601(char buf[32], const struct tz_zone *z, int64_t t);

#endif
