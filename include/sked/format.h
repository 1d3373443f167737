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
	/* State of the text layout. */
	const struct program *program;
	int day;        /* last day heading written; -2 none, -1 unscheduled */
	bool started;
};

/* Parses "text", "tsv" or "json". */
bool format_parse(const char *name, enum format_kind *kind);
void format_init(struct format_writer *w, FILE *fp, enum format_kind kind,
		 const struct tz_zone *zone, bool sanitize);
void format_session(struct format_writer *w, const struct program *p,
		    const struct program_session *s);
/* Writes "YYYY-MM-DDTHH:MM:SS+HH:MM" for instant t in zone z (24 bytes + NUL). */
void format_iso8601(char buf[32], const struct tz_zone *z, int64_t t);

#endif
