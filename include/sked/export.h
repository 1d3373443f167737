/* export: sessions as an iCalendar file (RFC 5545), built with libical.
 *
 * One VTIMEZONE per zone used, its TZID the plain IANA name, holding only
 * the offsets in force over the exported events; each VEVENT has a UID made
 * of the conference and session ids (stable across exports and machines,
 * so a re-import updates), DTSTART/DTEND in its zone, SUMMARY, DESCRIPTION
 * (speakers, abstract, URL), LOCATION, CATEGORIES, URL, and a VALARM when
 * asked. Unscheduled sessions are skipped and counted. Lines end in CRLF
 * and are folded at 75 octets by libical. */
#ifndef SKED_EXPORT_H
#define SKED_EXPORT_H

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

/* The calendar text for the items (in their order); the caller frees it.
 * *exported and *skipped count the events written and the unscheduled
 * sessions left out. */
char *export_calendar(const struct export_item *items, size_t n,
		      const struct export_options *o, size_t *exported,
		      size_t *skipped);

/* The UID of a session's event: "<session-id>@<conference-id>.sked". */
char *export_uid(const struct program *p, const struct program_session *s);

#endif
