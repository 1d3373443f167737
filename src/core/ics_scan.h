/* ics_scan: the iCalendar reader's own pass over the raw text (private to
 * src/core/read_ics.c). libical says neither where a component or a
 * property was nor copes with hostile nesting, so this pass checks the
 * bytes (UTF-8, no NUL), the BEGIN/END structure and the limits of ics.h,
 * and records where each top-level VEVENT and VTIMEZONE is, with the
 * positions of the VEVENT's properties, so that the reader hands libical
 * one component at a time and names file:line:column in its messages. */
#ifndef SKED_ICS_SCAN_H
#define SKED_ICS_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

/* A property line directly inside a VEVENT: its name and where its value
 * begins (its line when the value is on a continuation line). */
struct ics_prop {
	size_t name, name_len; /* byte offset and length in the text */
	size_t value, end;     /* its value: after the colon, to the end of
				* its last continuation line */
	struct feed_pos pos;
};

/* A top-level component (a VEVENT or VTIMEZONE in a VCALENDAR). */
struct ics_comp {
	size_t off, end;       /* its text: BEGIN line to END line, inclusive */
	struct feed_pos pos;   /* its BEGIN line */
	size_t prop, n_props;  /* VEVENT: its properties, scan.props[prop..] */
	size_t tzid, tzid_len; /* VTIMEZONE: its TZID value's bytes */
	bool bad_rule;         /* VTIMEZONE: a rule other than FREQ=YEARLY,
				* which libical would expand for ever */
};

/* A property line directly inside a VCALENDAR. */
struct ics_line {
	size_t off, end;
	struct feed_pos pos;
};

struct ics_scan {
	struct ics_comp *events, *zones;
	size_t n_events, n_zones;
	struct ics_prop *props;
	size_t n_props;
	struct ics_line *cal; /* the calendar's properties the reader uses */
	size_t n_cal;
	size_t cap_events, cap_zones, cap_props, cap_cal;
};

/* Scans buf[0..len); false (errors reported at file:line:column) when the
 * text is not UTF-8, holds a NUL, nests BEGIN/END wrongly or passes a
 * limit. The caller frees the scan with ics_scan_free() either way. */
bool ics_scan(const char *buf, size_t len, const char *file,
	      struct ics_scan *scan, struct diag_list *diags);
void ics_scan_free(struct ics_scan *scan);

/* A copy of buf[off..end), NUL-terminated, with every line ending (CR LF,
 * LF, lone or doubled CRs) made one LF: what libical is given. The caller
 * frees it. */
char *ics_scan_copy(const char *buf, size_t off, size_t end);

/* The properties of one VEVENT by name, sorted once, so that finding the
 * one a value or a message names costs O(log n) and never a walk over
 * them all: an event of 10,000 ATTENDEEs, EXDATEs or broken lines, each
 * looked up by a walk, took 10,000^2 steps. An event of at most
 * ICS_PROPS_LINEAR properties (most are) is walked instead: sorting its
 * few cost more than the walks it saved. */
enum { ICS_PROPS_LINEAR = 24 };
struct ics_prop_key {
	const char *name;
	size_t len;
	size_t i; /* the property's index in its event */
};

struct ics_props {
	const struct ics_scan *sc;
	const char *buf;
	const struct ics_comp *ev;
	struct ics_prop_key *by_name; /* by name (any case), then in file
				       * order; NULL: at most
				       * ICS_PROPS_LINEAR, walked */
};

/* Sorts the properties of ev; free with ics_props_free(). */
void ics_props_init(struct ics_props *px, const struct ics_scan *scan,
		    const char *buf, const struct ics_comp *ev);
void ics_props_free(struct ics_props *px);
/* The first property named name (any case) among the event's properties
 * *at, *at + 1, ... (0: its first), and *at moved past it; NULL when
 * there is none (*at unchanged). Walking the k properties of one name, or
 * libical's messages in file order, with one *at costs k lookups. */
const struct ics_prop *ics_props_next(const struct ics_props *px,
				      const char *name, size_t *at);
/* The position of the first property named name, or the event's own
 * when it has none. */
struct feed_pos ics_props_pos(const struct ics_props *px, const char *name);
/* The value of p as one line: folded lines joined (RFC 5545 3.1), white
 * space around it removed. The caller frees it. */
char *ics_props_value(const struct ics_props *px, const struct ics_prop *p);

#endif
