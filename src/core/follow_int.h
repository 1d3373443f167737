/* follow's private pieces, shared by follow.c and follow_store.c. */
#ifndef SKED_FOLLOW_INT_H
#define SKED_FOLLOW_INT_H

#include "sked/follow.h"

/* Writes the list (mode 0600: it holds credentials); false with *error. */
bool follow_list_save(const struct follow_list *l, char **error);
/* Writes the cache state of id; false with *error. */
bool follow_state_save(const char *id, const struct follow_state *s,
		       char **error);
/* Makes a followed program's conference id its id. */
void follow_set_id(struct program *p, const char *id);

#endif
