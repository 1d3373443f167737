/* changes: what changed for the starred sessions between two versions of
 * a followed program, and how stars follow sessions whose id changed.
 *
 * A starred session is followed from the old version to the new one by
 * its guid (program.h) when the new version has it, which may now stand
 * under another id (a feed that gained a second slot of a session
 * derives ids from guids; two sessions whose ids were swapped); else by
 * its id. A starred session found neither way is cancelled: it stays
 * starred (agenda.h) and is reported, never dropped.
 *
 * Ownership: a changes list owns its items and their strings. */
#ifndef SKED_CHANGES_H
#define SKED_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sked/agenda.h"
#include "sked/program.h"

enum {
	CHANGES_MOVED = 1,     /* start, duration or room changed */
	CHANGES_RETITLED = 2,  /* title changed */
	CHANGES_CANCELLED = 4, /* not in the new version */
	/* The id changed (followed by guid: new_id differs from id). Alone,
	 * it is no news for a person (changes_count and changes_print skip
	 * it), but the item is listed so that changes_follow_stars moves
	 * its star. */
	CHANGES_ID = 8,
	/* Back: a starred id the old version has no session for, which the
	 * new one has (not by guid from an old one): a session reported
	 * cancelled before, in the program again. Its old fields are the
	 * new ones. Only told by the update that brings it (changes_compute's
	 * CHANGES_WITH_BACK): later, a star made since on a session new in that version
	 * would look the same. */
	CHANGES_BACK = 16,
};

struct changes_item {
	int what;             /* CHANGES_* bits */
	char *id;             /* the starred id (the old version's) */
	char *new_id;         /* the id in the new version: NULL when cancelled;
			       * differs from id when followed by guid */
	char *old_title, *new_title;     /* new_title NULL when cancelled */
	int64_t old_start, new_start;    /* UTC seconds; 0 when unscheduled */
	int old_duration, new_duration;  /* minutes */
	char *old_room, *new_room;       /* room names; NULL when none */
};

struct changes {
	struct changes_item *v;
	size_t n;
	/* The old version's time zone (an IANA name, owned) when the new
	 * one is in another, else NULL: its times are said in it, the zone
	 * named beside them (what the attendee saw is the old wall time). */
	char *old_zone;
};

/* How changes_compute reads the agenda (flags, or 0). */
enum {
	/* An update's own report: a starred id new has that no session of
	 * old becomes is back (CHANGES_BACK). Without, it is not listed:
	 * later, a star made since on a session new in that version would
	 * look the same. */
	CHANGES_WITH_BACK = 1,
	/* The stars followed their sessions to new's ids already (the
	 * agenda after an update: sked changes), so a starred id new has is
	 * new's session. Without, the agenda is the one before the update
	 * moved its stars, and a starred id old has is old's session. The
	 * two differ where an id now names another session (two that
	 * swapped ids). */
	CHANGES_WITH_STARS_MOVED = 2,
};

/* The changes between old and new that touch the ids starred in a, in
 * the order of a's ids, a read as how says (CHANGES_WITH_*). A starred
 * session of old is compared with the session of new it becomes (followed
 * as above); a starred session of new with the session of old that
 * becomes it: the one its guid leads to (the nearest in start of the
 * guid's) when that one becomes it, else the old session of its id. So a
 * star that followed its session to a new id is listed as that session's
 * change (id the old id, new_id the starred one), whichever session held
 * its new id before. A session starred under both ids (a move cut short)
 * is listed once. Sessions that did not change are not listed; nor are
 * starred ids neither version has, nor sessions new in this version
 * (unless back). So `sked changes` after `sked update` moved the stars
 * tells of the same sessions the update did, and changes_follow_stars
 * over the same versions again moves nothing more.
 * When new has several sessions of the old one's guid (the slots of one
 * event), the one followed is the one starting nearest the old start.
 * Takes time about linear in the sessions and ids (hash indexes; sorting
 * the sessions that share a guid), whatever the files hold. */
void changes_compute(const struct program *old, const struct program *new,
		     const struct agenda *a, int how, struct changes *out);
void changes_free(struct changes *c);
/* How many of c's items a person is told of (moved, retitled, cancelled
 * or back): the count for "N changes to starred sessions". */
size_t changes_count(const struct changes *c);

/* Every session of old that new has under another id, followed as
 * changes_compute follows a starred one (by guid, else by id), as the
 * move from[i] -> to[i] of a star on it, i below the count returned:
 * arrays the caller frees, of old's and new's strings. Linear in the
 * sessions but for sorting new's by guid. */
size_t changes_id_map(const struct program *old, const struct program *new,
		      const char ***from, const char ***to);

/* Moves the stars of c's items whose session now has another id
 * (new_id differs from id) to the new id, through agenda_update (locked,
 * re-read: nothing another sked saved is lost). Only the ids still starred
 * in the file move (one unstarred meanwhile stays unstarred). The new ids
 * are starred first, then the old ones unstarred: a crash or an error in
 * between leaves both starred, never neither. Cancelled sessions keep
 * their stars. Returns how many moved, or -1 with *error (also when the
 * agenda file turned out corrupt and was set aside: *error says so). */
long changes_follow_stars(const struct changes *c, struct agenda *a,
			  char **error);
/* Prints c for a person, one line per item changes_count counts, in c's
 * order, times in p's zone (the new version, for both times), with the
 * day, as format_when's FORMAT_WHEN_SHORT says them; titles and room
 * names sanitized for the terminal (text.h):
 *   moved: TITLE: Tue 5 March, 10:00–10:30 in Room A -> Wed 6 March,
 *     11:00–11:45 in Room B (one line)
 *   retitled: OLD -> NEW
 *   moved and retitled: OLD -> NEW: WHEN in ROOM -> WHEN in ROOM
 *   cancelled: TITLE: WHEN in ROOM
 *   back: TITLE: WHEN in ROOM
 * ("unscheduled" for no time; " in ROOM" only when there is a room),
 * each line after indent ("" for none). */
void changes_print(FILE *fp, const struct changes *c,
		   const struct program *p, const char *indent);

#endif
