/* program: the in-memory model of one conference program (a sked file,
 * or any feed the builder, build.h, made into a program).
 *
 * A program owns everything it points to: all strings and arrays live in its
 * arena and die with program_destroy(). Pointers into a program stay valid
 * until then; nothing in it changes after loading but one thing: a text a
 * feed wrote as HTML (struct program_text) is kept as the file has it and
 * made plain text the first time program_text() reads it, which keeps the
 * result in the program's arena for every later read (so a program, even
 * a const one, is not to be read from two threads at once). */
#ifndef SKED_PROGRAM_H
#define SKED_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/tz.h"

struct arena;

/* Limits the builder enforces (documented in sked(5)). */
enum {
	PROGRAM_MAX_DURATION = 24 * 60, /* minutes */
	PROGRAM_MAX_DAYS = 31,
	PROGRAM_MAX_ID = 64,            /* bytes in an id */
	PROGRAM_MAX_SESSIONS = 1 << 20,
	PROGRAM_MAX_NAMED = 1 << 16,    /* tracks, rooms */
};

struct program_strv {
	const char **v;
	size_t n;
};

/* A long text (an abstract, a description) that may still be HTML:
 * opening a program does not need it as text, and turning FOSDEM's HTML
 * into text cost more than reading its XML. Read it only through
 * program_text(). raw is the file's text (CR LF made LF; NULL when not
 * given) while html is true: markup to convert (the format writes HTML,
 * feed.h's FEED_HTML_TEXTS, and html.h's html_is_markup said so when the
 * program was built); once program_text() has converted it,
 * its plain text, and html false. */
struct program_text {
	const char *raw;
	bool html;
};

struct program_person {
	const char *name;
	const char *affiliation; /* NULL when not given */
	const char *id;          /* the feed's person id; NULL when not given */
	const char *url;         /* NULL when not given */
};

struct program_people {
	struct program_person *v;
	size_t n;
};

/* Tracks and rooms begin with id and name, in this order (the loader
 * relies on it). */
struct program_track {
	const char *id;
	const char *name;
	struct program_text description_text; /* program_text() */
	struct program_strv leads;
};

struct program_room {
	const char *id;
	const char *name;
};

struct program_link {
	const char *url;
	const char *title; /* NULL when not given */
};

struct program_links {
	struct program_link *v;
	size_t n;
};

struct program_session {
	const char *id;
	const char *title;
	const char *type;     /* NULL when not given */
	struct program_text abstract_text;    /* program_text() */
	struct program_text description_text; /* the long text beside the
					       * abstract: program_text() */
	const char *url;      /* NULL when not given */
	/* Also NULL when not given: */
	const char *subtitle;
	const char *feedback_url;
	const char *guid;         /* the feed's globally unique id */
	struct program_strv languages; /* codes such as "en", "pt-BR" */
	struct program_links links;
	int track;            /* index into program.tracks, or -1 */
	int room;             /* index into program.rooms, or -1 */
	/* When scheduled is false (no start time), start and start_utc
	 * are 0, day is -1 and duration is how long it will be, or 0. */
	struct tz_wall start; /* wall time in the conference zone */
	int duration;         /* minutes */
	int day;              /* conference day index (day_change applied) */
	bool scheduled;
	bool do_not_record;
	int64_t start_utc;    /* start's instant, seconds since the epoch */
	struct program_people speakers;
	struct program_people authors;
	struct program_strv tags;
};

struct program_conference {
	const char *id;
	const char *title;
	const char *timezone;
	const struct tz_zone *zone;
	/* The file names no zone (nor did --timezone): zone is the builder's
	 * guess from its times (build.h), which every command says. */
	bool zone_derived;
	/* zone_derived, and every time in the file was an instant (UTC or
	 * with its offset): only the zone they are shown in is a guess, not
	 * the times. */
	bool times_exact;
	struct tz_date start, end;
	int n_days;
	int day_change; /* minutes after midnight */
	const char *location; /* NULL when not given */
	const char *url;      /* NULL when not given */
};

/* The file a program was read from, as the loader's fstat saw it when it
 * opened it: a file replaced since, or changed, has other values (the
 * browser's check that another sked saved a newer copy). */
struct program_source {
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec;
	bool known; /* false: not read from a regular file */
};

struct program {
	char *path; /* the file it was loaded from, as given */
	struct program_source source;
	struct program_conference conference;
	struct program_track *tracks;
	size_t n_tracks;
	struct program_room *rooms;
	size_t n_rooms;
	struct program_session *sessions; /* in file order */
	size_t n_sessions;
	/* Indices into sessions: scheduled ones by start, end, file order;
	 * then unscheduled ones by track, file order. */
	size_t *order;
	size_t n_scheduled;
	struct arena *arena;
};

/* Frees p and everything it owns; NULL is a no-op. */
void program_destroy(struct program *p);

/* The plain text of t, a text of p (a session's abstract_text or
 * description_text, a track's description_text), or NULL when it has none:
 * HTML is made text (html.h) on the first call, and that call's result,
 * owned by p, is what every later call returns. The one way to read such
 * a text. */
const char *program_text(const struct program *p,
			 const struct program_text *t);

/* The session with this id, or NULL. */
const struct program_session *program_find_session(const struct program *p,
						   const char *id);
/* The program of v[0..n) (NULL entries skipped) read from the regular
 * file path is (the same file, through any link), or NULL: a file an
 * output would replace. A path that does not exist is none. */
const struct program *program_read_from(const struct program *const *v,
					size_t n, const char *path);
/* Index of the track whose id, or name (case-insensitively), is `key`;
 * else whose id is key in any case, else whose name is key with accents
 * folded (fold.h: securite for Sécurité); -1 if none. */
int program_find_track(const struct program *p, const char *key);
/* The calendar date of conference day `day` (0-based). */
void program_day_date(const struct program *p, int day, struct tz_date *d);
/* The conference day index of a date, or -1 when outside the conference. */
int program_date_day(const struct program *p, const struct tz_date *d);
/* The conference day a wall time in the conference zone belongs to, or -1
 * when outside the conference: a time before day_change belongs to the
 * day before (with day_change 04:00, 01:00 on the 5th is on the 4th's
 * program). The one place this mapping is made. */
int program_wall_day(const struct program *p, const struct tz_wall *w);
/* The same for an instant, read in the conference zone. */
int program_instant_day(const struct program *p, int64_t t);
/* The instants the conference begins and ends: its first day's and the
 * day after its last day's day_change, in its zone. */
int64_t program_begins(const struct program *p);
int64_t program_ends(const struct program *p);
/* Which of the programs v[0..n) (n > 0) to show at a moment: the first one
 * that is on then, else the one to come soonest, else the newest (the last
 * to end). The moment is the wall time *wall read in each program's own
 * zone, or, when wall is NULL, the instant now. */
size_t program_pick(struct program *const *v, size_t n,
		    const struct tz_wall *wall, int64_t now);
/* End instant of a scheduled session. */
int64_t program_session_end(const struct program_session *s);

#endif
