/* build: makes a program (program.h) of a feed (feed.h), whatever format
 * the feed was read from, checking everything a reader does not: ids,
 * references to tracks and rooms, the zone, dates, times and durations,
 * days, URLs, language codes, limits. Every problem becomes a diagnostic
 * at the value's file:line:column with its path (sessions[3].duration)
 * and what was expected, in the same words for every format.
 *
 * Session ids (sked(5), "Imported schedules"): without FEED_DERIVE_IDS an
 * id is required, 1-64 of [A-Za-z0-9._-] and unique. With it, each session
 * gets an id that is unique and stable, made from what the session itself
 * says, never from its position in the feed:
 *  - the feed's id when no other session of the feed has it; else
 *  - for a repeated id (a pretalx id: one for each slot), the slot's guid
 *    when no other session has that guid; else the feed's id, "-" and its
 *    start as YYYYMMDDTHHMM, plus "-" and its room's id when that is not
 *    enough;
 *  - a missing id is the guid's, else "h" and a hash of its title and
 *    start;
 *  - characters an id may not hold become "_", and an id longer than 64
 *    bytes keeps its first 47 and "-" and a hash of the whole;
 *  - an id that is still taken gets ".2", ".3"... in feed order.
 * Tracks and rooms a feed names without declaring them (with
 * FEED_CREATE_REFERENCES) get an id from their name: lower case, every run
 * of other characters than [a-z0-9] one "-" (Main Stage: main-stage).
 *
 * A value a reader found but could not use, and has reported, is NULL with
 * a position (feed_str.pos.line != 0): the builder says nothing more about
 * it and derives nothing in its place. */
#ifndef SKED_BUILD_H
#define SKED_BUILD_H

#include "sked/diag.h"
#include "sked/feed.h"
#include "sked/program.h"

struct build_options {
	/* --timezone: the zone to use when the feed names none; NULL:
	 * derive one from the feed's absolute times (a fixed offset such as
	 * Etc/GMT-1 when every time has +01:00, else UTC), with a warning. */
	const char *timezone;
};

/* The program f describes, which the caller destroys, or NULL when it has
 * errors (appended to diags, as are warnings). o may be NULL (defaults).
 * The program copies what it keeps: f may be destroyed at once. The
 * program's path is f->file. */
struct program *build_program(const struct feed *f,
			      const struct build_options *o,
			      struct diag_list *diags);
/* The same, without copying: the program takes over the feed's memory
 * (its strings), which saves a copy of every text in the file. f's values
 * then live as long as the program (or, when NULL is returned, not at
 * all); f itself must still be destroyed, and only that. */
struct program *build_program_take(struct feed *f,
				   const struct build_options *o,
				   struct diag_list *diags);

#endif
