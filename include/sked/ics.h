/* ics: the iCalendar reader (RFC 5545; sched.com's all.ics, pretalx and
 * frab .ics files, Indico's event.ics?detail=contributions, conference
 * sites), on libical.
 *
 * One VEVENT is one session (a recurring one, one session per occurrence):
 *   SUMMARY the title (Indico's " [label]" suffix becomes a tag);
 *   DESCRIPTION the abstract (markup made text by html.h), after a
 *     leading "Speakers:" (Indico), "Speaker:" or "von:" line, which
 *     names the speakers, and Indico's trailing copy of the URL;
 *   DTSTART, DTEND or DURATION absolute instants (UTC, or a TZID: the
 *     file's VTIMEZONE, else the IANA zone of that name; libical's
 *     "/freeassociation.sourceforge.net/" prefixes and common Windows names
 *     are mapped) or floating wall times (in the conference zone),
 *     DURATION handed to the builder as written (feed.h); an
 *     all-day event (a DATE) is kept unscheduled, with a warning;
 *   LOCATION the room (sched.com's "room, address" and Indico's
 *     "room (venue)": the room alone);
 *   CATEGORIES the track and tags (sched.com: the session type);
 *   speakers: the "Speakers:" line, else each ATTENDEE's CN, else the
 *     ORGANIZER's CN;
 *   UID the guid and id (Indico's "indico-contribution-<id>@host": <id>).
 * The conference: X-WR-CALNAME (else the file's name) and X-WR-TIMEZONE
 * (else the one zone every TZID names, else none: the builder decides).
 *
 * Hostile input stays bounded: see the limits below; nothing recurses on
 * the file's structure, and libical sees one component at a time. */
#ifndef SKED_ICS_H
#define SKED_ICS_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

enum {
	ICS_MAX_DEPTH = 32,            /* nested BEGIN:...END */
	ICS_MAX_LINES = 10000,         /* lines in one top-level component */
	ICS_MAX_LINE = 1024 * 1024,    /* bytes in one (unfolded) line */
	ICS_MAX_EVENTS = 100000,       /* sessions, occurrences included */
	ICS_MAX_ZONES = 100,           /* distinct TZIDs that events use */
	ICS_MAX_OCCURRENCES = 1000,    /* sessions one RRULE makes */
	ICS_MAX_ALL_OCCURRENCES = 10000, /* sessions all RRULEs make */
	ICS_MAX_RECUR_STEPS = 100000,  /* iterations of one RRULE */
};

/* True when head (the first n bytes of a file, n <= 4096) begins, after
 * an optional BOM and blank lines, with BEGIN:VCALENDAR. */
bool ics_sniff(const char *head, size_t n);

/* Fills f from the iCalendar text buf[0..len) (see feed.h); every problem
 * goes to diags at f->file:line:column. Returns false when the file cannot
 * be read as iCalendar (invalid UTF-8, a NUL, broken BEGIN/END nesting, a
 * limit passed), true otherwise (warnings may have been reported). */
bool ics_read(struct feed *f, const char *buf, size_t len,
	      struct diag_list *diags);

#endif
