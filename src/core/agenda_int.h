/* agenda's private pieces, shared by agenda.c and agenda_moves.c. */
#ifndef SKED_AGENDA_INT_H
#define SKED_AGENDA_INT_H

#include <stdbool.h>

#include "sked/agenda.h"

/* An id as the loader accepts them: 1-64 of [A-Za-z0-9._-]. */
bool agenda_valid_id(const char *s);
/* Where the agenda of conference is kept (the caller frees), or NULL. */
char *agenda_path(const char *conference);
/* Sets the note of starred id to note (taken; NULL: none); a note for an
 * id not starred is freed. */
void agenda_set_note(struct agenda *a, const char *id, char *note);

#endif
