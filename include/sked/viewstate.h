/* viewstate: what the browser remembers per conference between runs: the
 * rooms hidden in the grid and the filters in force. Kept in
 * $XDG_STATE_HOME/sked/<conference-id>.view (statefile.h: replaced
 * atomically, sked's own directory), a small text file; a file that is
 * not one is set aside with a notice, never overwritten silently.
 *
 * The file is text: a first line "# sked view 1 <conference-id>", then one
 * line per member of a set, "<set> <value>", the set one of hidden-room,
 * track, room, language, type, and the value with every byte that is a
 * space, a control, DEL or '%' written as %XX: ids and types may hold any
 * of them, and a line is one value whatever it holds.
 *
 * Ownership: a viewstate owns its sets and their strings. */
#ifndef SKED_VIEWSTATE_H
#define SKED_VIEWSTATE_H

#include <stdbool.h>
#include <stddef.h>

/* A set of ids (room, track ids; language codes; session types), in the
 * order they were added. Small (what a user picks): lookups are linear. */
struct viewstate_set {
	char **v;
	size_t n;
};

struct viewstate {
	struct viewstate_set hidden_rooms; /* room ids hidden in the grid */
	/* Filters: a session passes when, for every kind whose set is not
	 * empty, its value is in the set (any of them, for languages). */
	struct viewstate_set tracks, rooms, languages, types;
};

/* Loads the state of a conference (empty when there is none, or when
 * neither XDG_STATE_HOME nor HOME says where it would be); false with
 * *error (caller frees) when the file exists and cannot be read, vs then
 * empty. *notice (caller frees, may stay NULL) tells of a file set aside
 * (renamed to <name>.corrupt-<time>), vs then empty too. vs need not be
 * initialised; viewstate_free it in every case. */
bool viewstate_load(const char *conference, struct viewstate *vs,
		    char **notice, char **error);
/* Saves it (creating the directory), replacing the file atomically; false
 * with *error (caller frees). */
bool viewstate_save(const char *conference, const struct viewstate *vs,
		    char **error);
void viewstate_free(struct viewstate *vs);

bool viewstate_has(const struct viewstate_set *s, const char *id);
/* Adds id when absent, else removes it; returns whether it is now in. */
bool viewstate_toggle(struct viewstate_set *s, const char *id);
void viewstate_clear(struct viewstate_set *s);
/* Whether any filter set is not empty. */
bool viewstate_filtering(const struct viewstate *vs);

#endif
