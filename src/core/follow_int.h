/* follow's private pieces, shared by follow.c, follow_store.c and
 * follow_add.c. */
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
/* The key of a copy's bytes for the star moves that lead to it
 * (agenda.h's journal): their hash and length (the caller frees). */
char *follow_key(const char *body, size_t len);
/* Completes the star moves of followed program id not made yet
 * (agenda_moves_finish, with the key of the copy there now). final: the
 * caller holds the program's lock, so moves toward a copy that is not
 * there never will be made, and are dropped. *notice (caller frees, may
 * stay NULL) tells of a journal or an agenda set aside; false with
 * *error (caller frees) when the moves could not be made. */
bool follow_finish_moves(const char *id, bool final, char **notice,
			 char **error);

struct statefile_wait;

/* The wait follow_set_moves_wait set (NULL: none), ready for one more
 * lock. */
struct statefile_wait *follow_moves_wait(void);

/* follow_store.c's steps, which follow_add.c's add takes too. */
/* Sets r's outcome o and its error (which it takes, freeing one there);
 * returns o. */
enum follow_outcome follow_fail(struct follow_report *r,
				enum follow_outcome o, char *error);
/* The time now, in seconds since the epoch (a state's attempted). */
int64_t follow_now(void);
/* Downloads url with validators v (NULL: none) through o's fetch
 * function (fetch_url unless a test gives another) into f. */
enum fetch_status follow_download(const char *url,
				  const struct fetch_validators *v,
				  const struct follow_options *o,
				  struct fetch_result *f);
/* Validates a download: the program, or NULL with the first error in
 * r->error (all of them in o->diags, at the redacted URL). */
struct program *follow_validate(const char *url, const struct fetch_result *f,
				const char *zone,
				const struct follow_options *o,
				struct follow_report *r);
/* Stores a validated download (p, which it takes) as the copy of id.
 * fresh: id is being added, so a copy there is no earlier version of it
 * (a kill's leftover from an earlier add). zone: the entry's, to read
 * the copy kept. s: the cache state, updated and saved. */
enum follow_outcome follow_store(const char *id, const char *zone,
				 const struct fetch_result *f,
				 struct program *p, bool fresh,
				 struct follow_state *s,
				 const struct follow_options *o,
				 struct follow_report *r);
/* Takes the lock of followed program id (wait: as statefile_lock's) and
 * completes its star moves not made yet (follow_finish_moves, final):
 * -1 with r filled when either fails (the lock is then not held). What
 * there is to tell is r's notice. */
int follow_lock_program(const char *id, struct statefile_wait *wait,
			struct follow_report *r);
/* Keeps zone (its --timezone) and url (the same feed with other
 * credentials), each unless NULL, as followed program id's, in the list
 * read again under its lock; an error is r's. */
void follow_set_entry(const char *id, const char *zone, const char *url,
		      struct follow_report *r);
/* Refreshes followed program e, first keeping --timezone for it when it
 * gives another zone (sked add of a URL followed already, sked update
 * ID): the copy is read in that zone from then on. url, unless NULL, is
 * e's URL with other credentials (a password changed): downloaded
 * instead, and kept as e's only when the refresh went through. */
void follow_zone_and_refresh(const struct follow_entry *e, const char *url,
			     const struct follow_options *o,
			     struct follow_report *r);

#endif
