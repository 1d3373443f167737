/* agenda: the sessions a user starred in one conference, kept in
 * $XDG_DATA_HOME/sked/<conference-id>.agenda and replaced atomically on
 * every save (statefile.h), so no crash leaves it broken or empty.
 *
 * The file is text: a first line "# sked agenda 1 <conference-id>", then
 * one session id per line, each followed by a note of what its session is
 * ("215  # TITLE, Tue 14 November, 10:00-10:30 Europe/Berlin in ROOM"), a
 * comment to the format: a star whose session an update removed still
 * says what it was. Notes are written while the file stays within the
 * size it is read up to (16 MiB): a huge agenda keeps all its stars. Changes
 * go through agenda_update, which locks <file>.lock, so that two sked
 * processes never lose each other's stars. A file that is not that is set
 * aside (renamed to <name>.corrupt-<time>) with a notice, never
 * overwritten. */
#ifndef SKED_AGENDA_H
#define SKED_AGENDA_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/program.h"
#include "sked/statefile.h"
#include "sked/strset.h"

struct agenda {
	char *conference; /* the conference id */
	char *path;       /* where it is saved; NULL: nowhere (no HOME) */
	/* Starred session ids, in the order starred; each the agenda's own,
	 * allocated with its note beside it (agenda_note). */
	char **ids;
	size_t n;
	/* Private: the room ids has (grown by doubling), and the ids by hash, so that a lookup
	 * costs the same at 100,000 ids as at ten. */
	size_t cap;
	struct strset index;
	/* The token of the last star moves taken (agenda_moves_finish), as
	 * the file keeps it; NULL: none. */
	char *moved;
};

/* Loads (or starts empty) the agenda of a conference. *notice (caller
 * frees, may stay NULL) tells of a file set aside; *error (caller frees)
 * of a file that exists but cannot be read, in which case NULL is
 * returned so that nothing overwrites it. */
struct agenda *agenda_load(const char *conference, char **notice,
			   char **error);
/* The same from an explicit path (tests). */
struct agenda *agenda_load_path(const char *conference, const char *path,
				char **notice, char **error);
/* An agenda from a file's text (not kept anywhere); NULL when the text is
 * not an agenda of that conference. */
struct agenda *agenda_parse(const char *conference, const char *text,
			    size_t len);
/* The agenda of a conference as its file holds it, read only: NULL when
 * there is none, or it cannot be read or is not an agenda (nothing is set
 * aside: for commands that only show stars, such as sked list, and the
 * shell completions). Not for changes (agenda_update). */
struct agenda *agenda_peek(const char *conference);
void agenda_destroy(struct agenda *a);

/* Whether id is starred: constant time on average. */
bool agenda_has(const struct agenda *a, const char *id);
/* The note kept beside starred id: what its session was when sked last
 * saved the agenda with a program that had it (agenda_update), or what a
 * person wrote there; NULL when none or id is not starred. Text from a
 * file: sanitize it before showing it (text.h). Constant time on
 * average. */
const char *agenda_note(const struct agenda *a, const char *id);
/* The same made safe to show (text.h's text_sanitize): a copy the caller
 * frees, or NULL. */
char *agenda_note_shown(const struct agenda *a, const char *id);
/* Adds or removes an id (in memory); returns whether the agenda changed.
 * Adding is constant time on average, removing linear in a->n. */
bool agenda_add(struct agenda *a, const char *id);
bool agenda_remove(struct agenda *a, const char *id);
/* Writes the agenda to its file, atomically, as it is in memory; false
 * with *error. What another process saved meanwhile is lost: to star or
 * unstar, use agenda_update. */
bool agenda_save(const struct agenda *a, char **error);
/* Stars (star) or unstars ids[0..n) in the agenda's file as it is now,
 * for the command line and the browser alike: takes the lock beside the
 * file (statefile_lock, waiting as wait says; NULL: as long as it takes;
 * when wait gives up, *error says "the agenda is locked by another sked
 * (pid N)"), re-reads the file into a (so that a then also
 * holds what other sked processes saved since a was loaded), applies the
 * change, with p (may be NULL) sets the note of every starred id p has a
 * session of to what that session is (its title, when in p's zone, named,
 * and its room; at most 240 bytes),
 * saves when anything changed (a star or a note), and unlocks. changed (n
 * entries,
 * may be NULL) tells which ids changed state. *notice (caller frees, may
 * stay NULL) tells of a corrupt file set aside as agenda_load does. On
 * failure returns false with *error; a then holds what the file holds
 * (without this change) or, when the file could not be re-read, what it
 * held before. */
bool agenda_update(struct agenda *a, const char *const *ids, size_t n,
		   bool star, const struct program *p, bool *changed,
		   struct statefile_wait *wait, char **notice, char **error);

/* Star moves made exactly once, after a change only the caller can see
 * (a followed program's new copy: follow.h). agenda_moves_begin, before
 * the change, saves the moves of the ids starred then in a journal beside
 * the agenda, <file>.moves (atomically, as the agenda): a first line
 * "# sked moves 1 <conference-id>", then "key KEY" (what the change makes
 * current: for a followed program, its new copy's hash), "token TOKEN"
 * (new each time) and one "OLD NEW" per move. agenda_moves_finish, once
 * the caller finds KEY current, takes them: in one save of the agenda,
 * every id still starred among the OLD ones has its star (and its note)
 * moved to its NEW id (an OLD id that is also the NEW id of a star moved
 * stays starred: two sessions that swapped ids), and the file keeps the
 * token (a line "# sked moved TOKEN" after the first); then the journal
 * is removed. An agenda that holds the token took those moves already.
 * So a kill at any moment leaves the stars as they were before all of the
 * moves or after all of them, and whichever sked comes next completes
 * them, never twice (a star moved from A to B is never moved back to A).
 * Every step that reads or changes the journal holds the agenda's lock
 * (agenda_update's). A journal that is not as sked writes it (damaged or
 * not sked's) is set aside (<file>.moves.corrupt-<time>) with a notice,
 * never applied. */
struct agenda_journal {
	char *key, *token;
	char **from, **to; /* the moves: from[i] to to[i], i < n */
	size_t n;
};
/* Reads a journal's text (as agenda_moves_finish reads its file): false,
 * j empty, when it is not exactly what agenda_moves_begin writes for
 * conference (a header, key, token, at least one move, ids as an agenda
 * has them, no old id twice, each line ended). j owns its strings. */
bool agenda_journal_parse(const char *conference, const char *text,
			  size_t len, struct agenda_journal *j);
void agenda_journal_free(struct agenda_journal *j);
/* Whether conference has a journal of moves not taken yet (a cheap test,
 * without the lock: agenda_moves_finish says for sure). */
bool agenda_moves_pending(const char *conference);
/* Saves the moves from[i] -> to[i] (i < n) of the ids starred now (under
 * the lock, the agenda as its file holds it) as conference's journal, for
 * key; *kept says how many it holds (0: none starred, and no journal is
 * written). *stars (unless stars is NULL; the caller destroys it; NULL
 * when there is no agenda or on failure) is that agenda: the stars before
 * the moves, which another sked may make as soon as the change is in
 * place (a report of what changed for them is made from these). False with *error when the journal cannot be written or the
 * agenda read, or when a journal not taken yet is there (its moves would
 * be lost): then nothing is written. *notice (caller frees, may stay
 * NULL) tells of an agenda set aside as agenda_load does. */
bool agenda_moves_begin(const char *conference, const char *key,
			const char *const *from, const char *const *to,
			size_t n, size_t *kept, struct agenda **stars,
			struct statefile_wait *wait, char **notice,
			char **error);
enum agenda_moves {
	AGENDA_MOVES_NONE,    /* no journal (or one set aside, or discarded) */
	AGENDA_MOVES_TAKEN,   /* its moves are made (now or before), and the
			       * journal removed */
	AGENDA_MOVES_WAITING, /* a journal for another key than key */
	AGENDA_MOVES_FAILED,  /* *error: the agenda or the journal could not
			       * be read or written; the journal stays */
};
/* What is current, as the caller sees it: a key (the caller frees) to
 * compare with a journal's; NULL for none (nothing is current), or NULL
 * with *error (the caller frees) when what is current cannot be told (a
 * copy there that cannot be read): then the journal is kept, whatever
 * final says. */
typedef char *(*agenda_moves_key_fn)(void *arg, char **error);
/* Completes conference's journal when key(arg), asked under the lock
 * (a journal is begun under it: so the key cannot be of a change that
 * came and went meanwhile) and only when there is a journal, is its key,
 * as told above, *moved saying how many stars moved (0 when they had
 * moved already). A journal for another key is left for later, unless
 * final: the caller knows that key will not come (follow's program lock
 * held: a copy that was never renamed into place), and the journal is
 * removed. Both wait for the lock as wait says (as agenda_update: NULL,
 * as long as it takes; when wait gives up, failing with "the agenda is
 * locked by another sked (pid N)": the journal stays). *notice (caller frees,
 * may stay NULL) tells of a journal or an agenda set aside. */
enum agenda_moves agenda_moves_finish(const char *conference,
				      agenda_moves_key_fn key, void *arg,
				      bool final, size_t *moved,
				      struct statefile_wait *wait,
				      char **notice, char **error);

/* Per session of p: starred[i] and conflict[i] (a starred scheduled
 * session overlapping another starred one). Arrays of p->n_sessions the
 * caller frees. Returns the number of sessions in conflict. Linear in the
 * sessions and ids, but for sorting the starred sessions by time. */
size_t agenda_mark(const struct agenda *a, const struct program *p,
		   bool **starred, bool **conflict);
/* Conflicts across programs: marks in conflict (agenda_mark's array for
 * p, starred by a) each starred scheduled session of p that overlaps a
 * starred scheduled session of one of the other programs others[0..n),
 * starred by their agendas oa[0..n) (p and a are not among them); NULL
 * entries are left out. Returns how many it marked that were not marked
 * before. Two attendees' conferences on the same days (co-located
 * events, an online one beside) clash as one's own sessions do.
 * O((k + m) log m) for k starred sessions of p and m of the others. */
size_t agenda_mark_others(const struct agenda *a, const struct program *p,
			  bool *conflict, const struct agenda *const *oa,
			  const struct program *const *others, size_t n);
/* Whether sessions s and o overlap as agenda_mark counts it: each starts
 * before the other ends (a zero-length one at another's start does
 * not). Both scheduled. */
bool agenda_overlap(const struct program_session *s,
		    const struct program_session *o);

/* The starred ids that p has no session for, in the agenda's order;
 * returns how many and sets *ids to an array (caller frees the array, not
 * the strings). Linear in the sessions and ids. */
size_t agenda_missing(const struct agenda *a, const struct program *p,
		      const char ***ids);

#endif
