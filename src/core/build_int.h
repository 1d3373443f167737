/* build_int: the builder's pieces, shared by build.c (the conference,
 * tracks and rooms, sessions, the order, the entry points), build_values.c
 * (messages, and values checked and copied: strings, URLs, ids),
 * build_time.c (times, durations, the zone, dates and days) and
 * build_ids.c (session ids, and the string map they and references use).
 * Private to the builder. */
#ifndef SKED_BUILD_INT_H
#define SKED_BUILD_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/build.h"
#include "sked/tz.h"

struct arena;

/* A map from strings (which must outlive it) to indices, by hash. */
struct bd_map {
	const char **k;
	int *v;
	size_t cap, n;
};

/* FNV-1a: the same in every process, for what must be stable (derived
 * ids); never for a table (the map uses strset_hash, keyed). */
uint64_t bd_hash(const char *s, size_t n);
void bd_map_init(struct bd_map *m, size_t expect);
void bd_map_finish(struct bd_map *m);
/* The value of key, or -1. */
int bd_map_get(const struct bd_map *m, const char *key);
/* Sets key to v. */
void bd_map_put(struct bd_map *m, const char *key, int v);
/* The value of key (which must outlive the map), added as -1 when absent:
 * valid until the next key is added. */
int *bd_map_ref(struct bd_map *m, const char *key);

/* A time as the feed gave it, parsed. */
struct bd_time {
	bool ok;
	bool absolute;  /* with Z or an offset: utc is the instant */
	struct tz_wall wall; /* as written (absolute: in its own offset) */
	int offset;     /* seconds east of UTC, when absolute */
	int64_t utc;
};

/* A session while it is being built: one for each session, alive with
 * the feed and the program. Its end and the local time beside an instant
 * are parsed again where they are used (bd_place_times), which most
 * sessions never reach: keeping them was 8 MB of a 100,000-session
 * load's peak. */
struct bd_session {
	struct bd_time start;
	int duration; /* minutes; -1: not given (or reported) */
	bool duration_reported;
	/* Over PROGRAM_MAX_DURATION in a feed not held to sked's rules
	 * (FEED_STRICT): kept unscheduled, with a warning. */
	bool too_long;
};

/* Warnings a feed may repeat for every session (and the URLs in them): the
 * first BD_WARN_FULL of each kind are reported in full, the rest counted
 * and summed up in one line at the end (bd_warn_summaries), so that one
 * quirk of a feed does not bury everything else. */
enum bd_warn_kind {
	BD_WARN_LOCAL_TIME, /* the local time is not the instant */
	BD_WARN_GAP,        /* a start in a daylight-saving gap */
	BD_WARN_TWICE,      /* a start that occurs twice */
	BD_WARN_URL,        /* a URL dropped */
	BD_WARN_URL_WWW,    /* "www.x.org" taken as https://www.x.org */
	BD_WARN_DAY,        /* listed under a day no day_change gives it */
	BD_WARN_UNTITLED,   /* a session without a title: "(untitled)" */
	BD_WARN_NAMELESS,   /* a person without a name, left out */
	BD_WARN_KINDS
};
enum { BD_WARN_FULL = 3 };

struct bd {
	const struct feed *f;
	const struct build_options *o;
	struct diag_list *diags;
	size_t errors_before;
	struct program *p;
	bool shared; /* the feed's strings are in the program's arena */
	struct bd_session *bs;
	/* Tracks and rooms grow as sessions create them. */
	size_t cap_tracks, cap_rooms;
	struct bd_map track_ids, track_names, room_ids, room_names;
	/* The last number bd_name_id gave after each slug ("-2", "-3"...). */
	struct bd_map name_last;
	size_t warned[BD_WARN_KINDS]; /* warnings of each kind so far */
	/* The feed's base_url, when it is an http(s) URL with a host: what
	 * relative references resolve against (bd_url). */
	const char *base_url;
};

/* "base.name[i]" (or "name[i]" when base is NULL) in buf, cut to size:
 * the path messages name a value by. Made for every session, link and
 * person, most of which never have a message: no snprintf. Returns buf. */
char *bd_path(char *buf, size_t size, const char *base, const char *name,
	      size_t i);

/* An error or warning at pos about path.key (path or key may be NULL). */
__attribute__((format(printf, 5, 6))) void
bd_error(struct bd *bd, struct feed_pos pos, const char *path, const char *key,
	 const char *fmt, ...);
__attribute__((format(printf, 5, 6))) void
bd_warn(struct bd *bd, struct feed_pos pos, const char *path, const char *key,
	const char *fmt, ...);
/* A warning of a kind that repeats: reported as bd_warn does while fewer
 * than BD_WARN_FULL of its kind were, else only counted. */
__attribute__((format(printf, 6, 7))) void
bd_warn_kind(struct bd *bd, enum bd_warn_kind kind, struct feed_pos pos,
	     const char *path, const char *key, const char *fmt, ...);
/* One line for each kind with warnings left out: "... and 33 more
 * sessions whose local time is not their instant". */
void bd_warn_summaries(struct bd *bd);
/* A value the reader found, could not use and reported (build.h). */
bool bd_reported(const struct bd *bd, const struct feed_str *v);

/* Values checked and copied into the program (build_values.c). */
/* The program's copy of a value, or NULL; text that is not UTF-8 is an
 * error. */
const char *bd_str(struct bd *bd, const struct feed_str *v, const char *path,
		   const char *key);
/* A long text: its copy, marked HTML when the format's long texts are
 * (FEED_HTML_TEXTS) and it holds markup. */
struct program_text bd_text(struct bd *bd, const struct feed_str *v,
			    const char *path, const char *key);
/* A required value: its copy, or NULL with an error (unless reported). */
/* s is empty or only white space (text_trim's). */
bool bd_blank(const char *s);
/* v holds a value: a feed's empty or blank one is none. */
bool bd_given(const struct bd *bd, const struct feed_str *v);
const char *bd_required(struct bd *bd, const struct feed_str *v,
			struct feed_pos at, const char *path, const char *key);
/* Whether the feed is held to every rule (FEED_STRICT). */
bool bd_strict(const struct bd *bd);
/* A URL, checked (and, unless strict, resolved or encoded), or NULL. */
const char *bd_url(struct bd *bd, const struct feed_str *v, const char *path,
		   const char *key);
/* An id as given, checked (or, unless strict, made one with bd_slug). */
const char *bd_id(struct bd *bd, const struct feed_str *v, struct feed_pos at,
		  const char *path, bool lowercase_only);
/* An id made from a name, stable; `prefix` starts one made from a hash. */
char *bd_slug(struct bd *bd, const char *name, char prefix);

enum bd_parse { BD_OK, BD_NO_SUCH, BD_BAD };
/* Parses a start or end (build_time.c). */
enum bd_parse bd_parse_time(const char *s, struct bd_time *t);
/* The same, reporting a bad value at path.key. */
void bd_time(struct bd *bd, const struct feed_str *v, const char *path,
	     const char *key, struct bd_time *t);
/* A session's duration into s, or reported. */
void bd_duration(struct bd *bd, const struct feed_str *v, const char *path,
		 struct bd_session *s);
/* The passes after the sessions' values (build.c's bd_build). */
void bd_derive_zone(struct bd *bd);
void bd_place_times(struct bd *bd);
void bd_dates(struct bd *bd);
void bd_day_change(struct bd *bd);
void bd_days(struct bd *bd);
void bd_derive_ids(struct bd *bd);
void bd_unique_ids(struct bd *bd);

#endif
