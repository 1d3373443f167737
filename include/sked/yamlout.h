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
 * - Tracks, rooms and sessions keep the program's order. */
#ifndef SKED_YAMLOUT_H
#define SKED_YAMLOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sked/program.h"

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
