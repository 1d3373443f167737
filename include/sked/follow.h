/* follow: the programs a user follows from a URL (sked add, update,
 * programs, remove, changes), and their files.
 *
 * Every file is named from the followed program's id (FOLLOW_MAX_ID bytes
 * of [a-z0-9-], checked by follow_id_ok), never from the URL or the feed:
 *   $XDG_CONFIG_HOME/sked/programs    the list: "# sked programs 1", then
 *       "ID URL [ZONE]" per line (ZONE: the --timezone it was added with).
 *       Mode 0600: the one file that holds a URL with its credentials.
 *   $XDG_DATA_HOME/sked/programs/ID   the last good copy, as downloaded
 *       (any format the loader reads)
 *   $XDG_DATA_HOME/sked/programs/ID.previous   the version before it
 *   $XDG_CACHE_HOME/sked/ID.fetch     the validators of the copy (ETag,
 *       Last-Modified) and the URL they came from (redacted: no
 *       credentials), the times of the last attempt and of the last
 *       success, and the last attempt's error. Validators of another URL
 *       than the entry's (a list edited by hand) are not sent.
 * A server that gives neither validator (Indico) sends the whole body each
 * time: it is compared with the copy itself, byte for byte (exact, where
 * a stored hash would only be probable), and the same body is unchanged
 * and not rewritten.
 *
 * Nothing is lost: a download that fails, is cut short, is not a schedule
 * or does not validate never replaces the copy. A new copy is written
 * whole under ID.new, the copy is linked to ID.previous (through a
 * temporary name, so .previous too is always whole), then ID.new is renamed
 * over ID: a kill at any moment leaves the old or the new version at ID.
 * The validators are saved after the rename, so they never describe a copy
 * that is not there. Updates of one program take its lock
 * (statefile_lock on the copy's path); changes to the list take the list's
 * lock, always before a program's, and the agenda's is taken after both.
 *
 * Stars follow sessions whose id the new version changed (changes.h), and
 * a kill between the rename and their moves must not leave a star on an
 * id that now names another session (two sessions that swapped ids). So
 * the moves of the ids starred are saved before the copy is replaced, in
 * the agenda's journal (agenda.h: ID.agenda.moves), keyed by the new
 * copy's hash and length (follow_key), and made once that copy is in
 * place: by the update, else by the next sked to load the program
 * (follow_load) or to take its lock (an update, an add, a remove), before
 * anything reads the stars. Under the lock, moves toward a copy that never
 * came (a kill before the rename) are dropped. Moves that cannot be made
 * (an agenda that cannot be read or written) stop the next update and
 * remove, which keep the copy, rather than strand the stars.
 *
 * A followed program is loaded with its id as its conference id (so its
 * agenda is $XDG_DATA_HOME/sked/ID.agenda whatever the feed calls itself).
 *
 * Ownership: lists, entries, states and reports own their strings. */
#ifndef SKED_FOLLOW_H
#define SKED_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/build.h"
#include "sked/changes.h"
#include "sked/diag.h"
#include "sked/fetch.h"
#include "sked/load.h"
#include "sked/program.h"
#include "sked/statefile.h"

enum { FOLLOW_MAX_ID = 64 };

/* Whether s is an id a followed program may have: 1 to FOLLOW_MAX_ID of
 * [a-z0-9-] (what sked(5) allows a conference id), the first not '-' (an
 * id is a command's argument: "--help" would be taken for an option). */
bool follow_id_ok(const char *s);

struct follow_entry {
	char *id;
	char *url;      /* as given, with any credentials */
	char *timezone; /* the --timezone it was added with; NULL: none */
};

struct follow_list {
	struct follow_entry *v;
	size_t n;
};

/* Reads the list (empty when there is no file); false with *error (caller
 * frees) when it cannot be read or is not a list of programs. Lines that
 * are not "ID URL [ZONE]" with a valid id and an http(s) URL make the
 * whole file refused rather than silently dropped, and so does a ZONE
 * that is no time zone sked knows (tz_find): its error names file:line. */
bool follow_list_load(struct follow_list *l, char **error);
void follow_list_free(struct follow_list *l);
const struct follow_entry *follow_list_find(const struct follow_list *l,
					    const char *id);

/* The files of followed program id (caller frees; NULL without HOME). */
enum follow_file {
	FOLLOW_COPY,     /* $XDG_DATA_HOME/sked/programs/ID */
	FOLLOW_PREVIOUS, /* $XDG_DATA_HOME/sked/programs/ID.previous */
	FOLLOW_STATE,    /* $XDG_CACHE_HOME/sked/ID.fetch */
};
char *follow_path(enum follow_file which, const char *id);
/* $XDG_CONFIG_HOME/sked/programs (caller frees; NULL without HOME). */
char *follow_list_path(void);

/* What the cache says of a program's downloads. */
struct follow_state {
	struct fetch_validators validators;
	int64_t attempted; /* UTC seconds of the last attempt; 0: none */
	int64_t succeeded; /* of the last one that went through; 0: none */
	char *error;       /* the last attempt's, NULL when it went through */
	char *url;         /* the URL the validators came from, redacted
			    * (fetch_redact); NULL: unknown */
};
/* Reads the state of id (all empty when there is none: it is a cache). */
void follow_state_load(const char *id, struct follow_state *s);
void follow_state_free(struct follow_state *s);
/* When the copy of id was last known current: the last success, else the
 * copy's modification time; 0 when there is no copy. */
int64_t follow_copy_time(const char *id);

/* How the star moves (agenda.h: follow_load's, an update's) wait for the
 * agenda's lock another sked holds, from now on in this process: as
 * agenda_update's wait (kept, not copied; NULL, the default: as long as
 * it takes, silently). A command says it waits; the browser gives up
 * (the moves are made by a later sked). Returns the one set before. */
struct statefile_wait;
struct statefile_wait *follow_set_moves_wait(struct statefile_wait *wait);

/* Loads the copy of followed program e, with its zone (else o's), as a
 * program whose conference id is e->id; as load_file_with otherwise.
 * First makes the star moves toward that copy not made yet (a sked killed
 * after saving it): what could not be done, or a journal set aside, is an
 * error in diags (at e->id), though the copy is loaded. */
struct program *follow_load(const struct follow_entry *e,
			    const struct build_options *o,
			    struct diag_list *diags, enum load_status *status);
/* Loads the version before the copy (ID.previous): NULL with status
 * LOAD_UNREADABLE when there is none. */
struct program *follow_load_previous(const struct follow_entry *e,
				     struct diag_list *diags,
				     enum load_status *status);

/* The download: fetch_url, or a test's. */
typedef enum fetch_status (*follow_fetch_fn)(const char *url,
					     const struct fetch_options *o,
					     struct fetch_result *r);

/* Steps of saving a new copy, for tests that kill sked between them. */
enum follow_step {
	FOLLOW_STEP_NEW_WRITTEN, /* ID.new is whole */
	FOLLOW_STEP_PREVIOUS,    /* ID.previous is the old copy */
	FOLLOW_STEP_RENAMED,     /* ID is the new copy */
};

struct follow_options {
	follow_fetch_fn fetch;      /* NULL: fetch_url */
	fetch_progress_fn progress; /* NULL: none */
	void *progress_arg;
	/* Diagnostics of the download's validation, at file:line:column
	 * with the (redacted) URL as the file. Required. */
	struct diag_list *diags;
	/* follow_add and follow_update: --timezone, kept in the list with
	 * the entry. */
	const char *timezone;
	/* follow_update: how to wait for the program's lock, which
	 * another sked's update of it holds (statefile.h); NULL: as long as
	 * it takes, unsaid. */
	struct statefile_wait *wait;
	/* follow_add only: ids that are taken (the bundled programs'). */
	const char *const *reserved;
	size_t n_reserved;
	/* Tests only: called after each step of a save. */
	void (*step)(void *arg, enum follow_step step);
	void *step_arg;
};

enum follow_outcome {
	FOLLOW_UNCHANGED, /* 304, or the same bytes as the copy */
	FOLLOW_UPDATED,   /* a new copy is saved (or, by add, the first) */
	FOLLOW_FAILED,    /* the download failed: the copy is kept */
	FOLLOW_INVALID,   /* what came is no valid schedule: the copy is kept */
	FOLLOW_REFUSED,   /* add: the id is taken, or not an id */
	FOLLOW_ERROR,     /* a file could not be read or written */
};

struct follow_report {
	enum follow_outcome outcome;
	char *id;          /* the program's id (add: the one chosen) */
	char *error;       /* unless UNCHANGED or UPDATED: a sentence */
	int64_t copy_time; /* FAILED, INVALID: follow_copy_time of the copy
			    * kept; 0 when there is none */
	/* UPDATED over an earlier copy: the changes to starred sessions
	 * (changes.h), whose stars followed them (the journal, above). */
	struct changes changes;
	/* UPDATED, and UNCHANGED when the body came again: the program of
	 * the copy now held; else NULL. */
	struct program *program;
	/* Something to tell that did not stop the update (an agenda set
	 * aside, stars that could not follow, a cache not written); NULL. */
	char *notice;
};
void follow_report_free(struct follow_report *r);

/* Follows url (http or https, with any credentials): downloads it,
 * validates it with the loader (o->timezone as --timezone), and stores it
 * as id (NULL: the program's conference id, without any leading '-').
 * Refused (FOLLOW_REFUSED):
 * an id that is reserved or followed from another URL, a URL followed
 * under another id. The same URL under the same id is updated as
 * follow_update does. Fills *r; returns r->outcome. */
enum follow_outcome follow_add(const char *url, const char *id,
			       const struct follow_options *o,
			       struct follow_report *r);
/* Refreshes followed program id: a conditional download (the validators
 * of the copy held), then as follow_add stores it. An id not followed is
 * FOLLOW_REFUSED. */
enum follow_outcome follow_update(const char *id,
				  const struct follow_options *o,
				  struct follow_report *r);
/* Stops following id: makes the star moves of its last update not made
 * yet (as an update first does), then removes its entry, its copies and
 * its cache; its agenda stays. False with *error (caller frees) when id
 * is not followed, those moves cannot be made (nothing is removed) or
 * the list cannot be written. *notice (caller frees, may stay NULL)
 * tells of a journal or an agenda set aside. */
bool follow_remove(const char *id, char **notice, char **error);

#endif
