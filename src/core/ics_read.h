/* ics_read: what the iCalendar reader's files share (private to
 * src/core/read_ics.c, which reads the calendar, each VEVENT and their
 * text, src/core/ics_event.c, which makes a VEVENT a session,
 * src/core/ics_recur.c, which expands recurring events, and
 * src/core/ics_time.c, which reads their times and zones). */
#ifndef SKED_ICS_READ_H
#define SKED_ICS_READ_H

#include <libical/ical.h>
#include <stdbool.h>
#include <stdint.h>

#include "ics_scan.h"
#include "sked/feed.h"
#include "sked/ics.h"
#include "sked/tz.h"

/* A TZID as events use it, resolved once: times are read through tz
 * when it is set, else through ical. */
struct ics_zone {
	char *name;                /* as in the file */
	const struct tz_zone *tz;  /* an IANA zone of that (mapped) name */
	icaltimezone *ical;        /* the file's VTIMEZONE: beside tz, checked
				    * at each time read (ics_time.c) */
};

/* A time as a property gives it. */
struct ics_when {
	bool date;       /* a DATE: an all-day event */
	bool floating;   /* no zone: a wall time in the conference zone */
	int64_t t;       /* the instant; floating: the wall time read as UTC */
	struct ics_zone *zone; /* the TZID's zone, if any */
};

/* A recurrence instance that a VEVENT with RECURRENCE-ID replaces. */
struct ics_override {
	char *uid;
	int64_t t;
};

struct ics_master {
	icalcomponent *c;
	size_t ev; /* its index in scan.events */
};

struct rd {
	struct feed *f;
	const char *buf;
	struct diag_list *diags;
	struct ics_scan sc;
	bool sched;   /* sched.com: CATEGORIES are types, LOCATION has the
		       * address after the room */
	/* sked's own export (PRODID -//sked//): a UID ID@CONFERENCE.sked
	 * gives back the session's id and the conference's, so that stars
	 * carry over. */
	bool sked;
	struct ics_zone zones[ICS_MAX_ZONES];
	size_t n_zones;
	struct ics_zone *one_zone; /* the one zone all TZIDs name */
	bool many_zones;
	struct ics_master *masters;
	size_t n_masters, cap_masters;
	struct ics_override *ovr;
	size_t n_ovr, cap_ovr;
	int64_t first_day, last_day; /* the dates of the non-recurring events */
	bool have_days;
	size_t n_occurrences;
	/* Reading times that never become a session's (occurrences past
	 * the program's days, a series' DTSTART before them, EXDATEs, the
	 * occurrence a RECURRENCE-ID replaces): they judge no VTIMEZONE. */
	bool unmade;
	bool failed;
};

/* The zone a TZID names, resolved once per name, at its first time: the
 * IANA zone of that name, else the file's VTIMEZONE of that TZID when
 * usable (with a warning when there is neither; ics_time.c). With both,
 * each time is read through the IANA zone unless the VTIMEZONE gives
 * another offset there: from then on, that VTIMEZONE, with a warning.
 * NULL when too many zones are in use (an error; rd->failed). */
struct ics_zone *ics_zone_for(struct rd *rd, const char *tzid,
			      struct feed_pos pos);
/* The IANA zone a TZID or X-WR-TIMEZONE names: the name, a path ending in
 * one (libical's "/freeassociation.sourceforge.net/Tzfile/Europe/Paris"),
 * or a Windows name; NULL when none of these is known. */
const struct tz_zone *ics_zone_by_name(const char *name);
/* Reads the time t of property p (DTSTART, DTEND, RECURRENCE-ID...) at
 * pos; false when it is null. */
bool ics_resolve(struct rd *rd, icalproperty *p, struct icaltimetype t,
		 struct feed_pos pos, struct ics_when *w);
/* The instant at which the clocks of w's zone (w zoned, or in UTC) show
 * the wall time `wall` (seconds, read as UTC): for a property without a
 * zone beside one with. */
int64_t ics_wall_in(const struct ics_when *w, int64_t wall);
/* The time t read like w, as feed.h wants it: an instant in UTC
 * ("...Z"), or a wall time when w is floating. */
struct feed_str ics_when_str(struct rd *rd, const struct ics_when *w,
			     int64_t t, struct feed_pos pos);
/* The same, compact, for derived ids: "20240309T120000Z". */
void ics_when_key(const struct ics_when *w, int64_t t, char *s, size_t n);
/* The wall-clock day of a time, in its own zone (days since 1970). */
int64_t ics_day_of(struct icaltimetype t);

/* When an event is: its start, duration in seconds, and where they are.
 * ok is false for an event sked keeps unscheduled (no DTSTART, or an
 * all-day one). */
struct ics_times {
	bool ok;
	icalproperty *dtstart;
	struct icaltimetype t; /* DTSTART as the file states it */
	struct ics_when start;
	int64_t dur;
	struct feed_str duration; /* DURATION as the file writes it */
	struct feed_pos spos, epos;
};

/* ---- read_ics.c: text ---- */

/* The text of a property's value (unescaped by libical), or NULL. */
const char *ics_prop_text(icalproperty *p);
/* Text as a reader stores it (feed.h): line endings made LF, HTML
 * entities decoded, html markup made text (when html), trimmed; NULL
 * when nothing is left. The caller frees it. */
char *ics_clean_text(const char *s, bool html);
/* n bytes of s as a string of the feed, at pos. */
struct feed_str ics_fstr(struct rd *rd, const char *s, size_t n,
			 struct feed_pos pos);

/* ---- ics_event.c: one event ---- */

/* When the VEVENT c is, into tm. */
void ics_times_of(struct rd *rd, icalcomponent *c, const struct ics_props *px,
		  struct ics_times *tm);
/* The session s's start and end (or duration), tm's read like w. */
void ics_set_times(struct rd *rd, struct feed_session *s,
		   const struct ics_times *tm, const struct ics_when *w);
/* A new session from the VEVENT c, without its times: its index. */
size_t ics_make_session(struct rd *rd, icalcomponent *c,
			const struct ics_props *px);
/* A copy of session i sharing its strings (an occurrence of a recurring
 * event): its index. */
size_t ics_copy_session(struct rd *rd, size_t i);
/* The id of one occurrence: the UID and the occurrence's start. */
void ics_occurrence_id(struct rd *rd, struct feed_session *s, const char *uid,
		       const struct ics_when *w);

/* ---- ics_recur.c: recurring events ---- */

/* Orders overrides (RECURRENCE-IDs) by UID, then instant: rd->ovr is
 * sorted with it once all events are read. */
int ics_override_cmp(const void *va, const void *vb);
/* One session per occurrence of the recurring event m within the
 * conference's dates. */
void ics_expand(struct rd *rd, const struct ics_master *m);

#endif
