/* export: sessions as an iCalendar file (RFC 5545).
 *
 * One VTIMEZONE per zone used, its TZID the plain IANA name, holding only
 * the offsets in force over the exported events; each VEVENT has a UID made
 * of the conference and session ids (stable across exports and machines,
 * so a re-import updates), DTSTART/DTEND in its zone (in UTC for a wall
 * time that occurs twice, so the instant is exact), SUMMARY, DESCRIPTION
 * (speakers, abstract, URL), LOCATION, CATEGORIES (the track, one
 * category), URL, and a VALARM when asked. Unscheduled sessions are skipped
 * and counted. sked writes the text itself (libical's serializer folds
 * badly in some versions): every value escaped for its type, lines ending
 * in CRLF, folded at 75 octets and never inside a UTF-8 sequence. */
#ifndef SKED_EXPORT_H
#define SKED_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/program.h"

struct export_item {
	const struct program *program;
	const struct program_session *session;
};

struct export_options {
	int alarm;          /* minutes before the start; < 0: no alarm */
	int64_t dtstamp;    /* DTSTAMP instant (the export's time) */
	const char *name;   /* X-WR-CALNAME */
};

/* Where the calendar text goes: write(arg, data, len) takes its next len
 * bytes (pieces of up to about 64 KiB, in order) and returns false when
 * it cannot (a full disk...), which ends the export; the sink keeps why
 * (errno, its own state). The caller owns the sink and what arg points
 * to; export_calendar() only calls write, and keeps neither. */
struct export_sink {
	bool (*write)(void *arg, const char *data, size_t len);
	void *arg;
};

/* Writes the calendar of the items (in their order) to sink: the
 * VTIMEZONEs of the zones used first (from a first pass over the items),
 * then each VEVENT as it is made. What it holds at once is one event's
 * text and one piece not yet written, never the calendar. *exported and
 * *skipped count the events written and the unscheduled sessions left
 * out. False when the sink failed: the text stopped there, and is to be
 * thrown away (outfile_discard). */
bool export_calendar(const struct export_item *items, size_t n,
		     const struct export_options *o,
		     const struct export_sink *sink, size_t *exported,
		     size_t *skipped);

/* export_calendar() into the file at path, written as outfile.h says (the
 * one way the CLI's -o and the browser's export key write): a file
 * replaced changes only once the whole calendar is written. False, with
 * *error (the caller frees) naming the path and the reason, when it could
 * not be opened or written; the old file is then as it was, with no
 * temporary file left. */
bool export_file(const char *path, const struct export_item *items,
		 size_t n, const struct export_options *o, size_t *exported,
		 size_t *skipped, char **error);

/* The UID of a session's event: "<session-id>@<conference-id>.sked". */
char *export_uid(const struct program *p, const struct program_session *s);

/* RFC 5545 3.1: content lines are folded at 75 octets. */
enum { EXPORT_LINE_OCTETS = 75 };

/* One unfolded content line made a physical one, which the caller frees:
 * folded (CRLF and a space) so that no physical line exceeds 75 octets
 * and no UTF-8 sequence is split, ended by CRLF. A control character
 * (C0 other than TAB, DEL, C1), which no escaped value holds, and every
 * byte that is not valid UTF-8 become U+FFFD: nothing given here can end
 * the line early. */
char *export_fold(const char *line);

/* s as an RFC 5545 TEXT value, which the caller frees: '\\', ';' and ','
 * escaped, line breaks as "\n", other control characters U+FFFD. */
char *export_escape_text(const char *s);

#endif
