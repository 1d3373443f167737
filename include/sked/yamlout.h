/* yamlout: a program written as a sked YAML file (sked(5)), for
 * `sked convert`: whatever format the program was read from, the file
 * holds everything the model has, and reading it back gives the same
 * program (the same `sked list --format json`, byte for byte).
 *
 * - Every string is a double-quoted scalar on one line, with JSON-style
 *   escapes (valid YAML): nothing in a value can end it, start a comment,
 *   be read as a number, boolean or null, or be folded by a YAML reader.
 * - Starts are wall times in the conference zone ("YYYY-MM-DDTHH:MM"),
 *   except one that is ambiguous (clocks go back) or in a gap (clocks go
 *   forward): that one is the instant with its offset, so that every
 *   instant is exact and the file loads without a warning about it.
 * - Durations are minutes; session, track, room and conference ids are the
 *   program's (derived ones included), so stars carry over.
 * - Tracks, rooms and sessions keep the program's order.
 * - The conference's dates are widened to hold every session on the day
 *   of its start; a program they cannot hold within sked(5)'s 31 days is
 *   not to be written (yamlout_fits). */
#ifndef SKED_YAMLOUT_H
#define SKED_YAMLOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sked/program.h"

/* The date (tz_days_from_civil's count) of the day a sked file puts s
 * (scheduled) on: its start's, or the day before's when it starts before
 * the conference's day_change. A feed may list it under another day. */
int64_t yamlout_session_day(const struct program *p,
			    const struct program_session *s);
/* The first and last dates of the file of p: the conference's own,
 * widened to hold every scheduled session on its yamlout_session_day
 * (the builder's warning BD_WARN_DAY says which sessions need it). */
void yamlout_days(const struct program *p, int64_t *first, int64_t *last);
/* Whether those days number at most PROGRAM_MAX_DAYS, as sked(5) allows:
 * a file of a program that does not fit would not open, so none is to be
 * written (sked convert refuses it). */
bool yamlout_fits(const struct program *p);

/* Writes the sked YAML text of p to fp, as it is made (never held
 * whole); the caller checks fp's errors. */
void yamlout_write(const struct program *p, FILE *fp);
/* The same text, which the caller frees; *len (may be NULL) gets its
 * length. */
char *yamlout_program(const struct program *p, size_t *len);
/* The same text written to path as outfile.h says (a regular file
 * replaced only once all of it was written), a piece at a time. False,
 * with *error (the caller frees) naming the path, when it cannot be. */
bool yamlout_file(const struct program *p, const char *path, char **error);

/* Writes s[0..n) to fp as a YAML double-quoted scalar, quotes included:
 * '"' and '\\' escaped, line breaks and tabs as \n, \r and \t, every
 * other character a YAML reader would not keep as it is (C0 and C1
 * controls, DEL, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF) as \uXXXX, and
 * a byte that is not UTF-8 (which no program holds) as U+FFFD. The one
 * place sked quotes a YAML string. */
void yamlout_quote(FILE *fp, const char *s, size_t n);

#endif
