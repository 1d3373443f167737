/* The builder: a feed, from any reader, checked and made into a program.
 *
 * It works in passes over the feed, because values depend on each other:
 *  1. the conference's own values, tracks and rooms (sessions refer to
 *     them), then each session's values, with its times parsed but not yet
 *     placed (a wall time needs the zone, which may be derived from the
 *     sessions' absolute times);
 *  2. the zone, then every session's instant, wall time and duration;
 *  3. the dates (derived from the sessions when the feed has none), the
 *     day_change the feed's day listings need, then every session's day;
 *  4. session ids derived (FEED_DERIVE_IDS) or checked, and the order.
 * Strings are copied into the program's arena, checked to be UTF-8 (or,
 * from build_program_take, kept where they are). Messages and the checks
 * of single values (strings, URLs, ids) are build_values.c's, times
 * build_time.c's, session ids build_ids.c's. */
#include "sked/build.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/arena.h"
#include "sked/tz.h"
#include "sked/uri.h"
#include "sked/xalloc.h"
#include "build_int.h"

/* ---- the conference ---- */

/* The feed's base_url, when it can resolve references: an http or https
 * URL with a host; else a warning, and relative links stay dropped. */
static void
bd_base_url(struct bd *bd)
{
	const struct feed_str *v = &bd->f->conference.base_url;
	char why[96], got[128];
	size_t at, n = v->s ? uri_scheme(v->s) : 0;
	if (v->s == NULL || v->s[0] == '\0')
		return;
	if (uri_scheme_allowed(v->s) && strncasecmp(v->s, "mailto", n) != 0 &&
	    strncmp(v->s + n, "://", 3) == 0 && v->s[n + 3] != '/' &&
	    uri_check(v->s, &at, why, sizeof(why)))
		bd->base_url = v->s;
	else
		bd_warn(bd, v->pos, "conference", "base_url",
			"expected an http: or https: URL such as "
			"https://example.org/schedule/, got %s: relative links "
			"are dropped",
			diag_quote(v->s, got, sizeof(got)));
}

static void
bd_conference(struct bd *bd)
{
	const struct feed_conference *fc = &bd->f->conference;
	struct program_conference *c = &bd->p->conference;
	char got[128];
	c->title = bd_required(bd, &fc->title, fc->pos, "conference", "title");
	if (bd_given(bd, &fc->id) || bd_reported(bd, &fc->id))
		c->id = bd_id(bd, &fc->id, fc->pos, "conference", true);
	else if (c->title != NULL)
		c->id = bd_slug(bd, c->title, 'c');
	c->location = bd_str(bd, &fc->location, "conference", "location");
	c->url = bd_url(bd, &fc->url, "conference", "url");
	bd_base_url(bd);
	/* frab's base_url is where the schedule's pages are: the
	 * conference's page when the feed names none (XML and JSON alike). */
	if (fc->url.s == NULL && bd->base_url != NULL)
		c->url = bd_url(bd, &fc->base_url, "conference", "base_url");
	if (fc->day_change.s != NULL &&
	    (!tz_parse_clock(fc->day_change.s, &c->day_change) ||
	     c->day_change > 12 * 60)) {
		bd_error(bd, fc->day_change.pos, "conference", "day_change",
			 "expected a time of day HH:MM from 00:00 to 12:00, "
			 "got %s",
			 diag_quote(fc->day_change.s, got, sizeof(got)));
		c->day_change = 0;
	}
	if (fc->timezone.s != NULL) {
		c->zone = tz_find(fc->timezone.s);
		if (c->zone == NULL)
			bd_error(bd, fc->timezone.pos, "conference", "timezone",
				 "unknown time zone %s (expected an IANA name "
				 "such as Europe/Dublin)",
				 diag_quote(fc->timezone.s, got, sizeof(got)));
		else
			c->timezone = bd_str(bd, &fc->timezone, NULL, NULL);
	} else if (!bd_reported(bd, &fc->timezone) && bd->o &&
		   bd->o->timezone) {
		c->zone = tz_find(bd->o->timezone);
		if (c->zone == NULL)
			bd_error(bd, (struct feed_pos){0, 0}, "--timezone", NULL,
				 "unknown time zone %s (expected an IANA name "
				 "such as Europe/Dublin)",
				 diag_quote(bd->o->timezone, got, sizeof(got)));
		else
			c->timezone = arena_strndup(bd->p->arena,
						    bd->o->timezone,
						    strlen(bd->o->timezone));
	}
	/* Dates once the sessions are known: see bd_dates(). */
}

/* ---- tracks and rooms ---- */

/* Tracks and rooms have the same shape for this: id and name first. */
struct bd_named {
	const char *id;
	const char *name;
};

/* Registers a declared track or room; `what` is "track" or "room". */
static void
bd_declare(struct bd *bd, struct bd_named *named, const struct feed_str *id,
	   const struct feed_str *name, struct feed_pos pos, const char *path,
	   struct bd_map *ids, struct bd_map *names, int index,
	   const char *what)
{
	named->name = bd_required(bd, name, pos, path, "name");
	if (bd_given(bd, id) || bd_reported(bd, id) ||
	    !(bd->f->flags & FEED_CREATE_REFERENCES))
		named->id = bd_id(bd, id, pos, path, false);
	if (named->id != NULL) {
		if (bd_map_get(ids, named->id) >= 0) {
			/* A feed's: given an id from its name instead. */
			if (bd_strict(bd))
				bd_error(bd, id->pos.line ? id->pos : pos,
					 path, "id", "duplicate %s id \"%s\"",
					 what, named->id);
			named->id = NULL;
		} else {
			bd_map_put(ids, named->id, index);
		}
	}
	if (named->name != NULL && bd_map_get(names, named->name) < 0)
		bd_map_put(names, named->name, index);
}

/* Gives a track or room without an id one from its name, unique. */
static void
bd_name_id(struct bd *bd, struct bd_named *named, struct bd_map *ids,
	   int index, char prefix)
{
	const char *base = bd_slug(bd, named->name, prefix);
	const char *id = base;
	if (bd_map_get(ids, id) >= 0) {
		/* From the last number this slug gave, each try on the
		 * stack: n names of one slug are n steps, not n*n/2 (and as
		 * many strings). Track and room slugs differ by prefix. */
		int *last = bd_map_ref(&bd->name_last, base);
		int k = *last < 2 ? 2 : *last + 1;
		char buf[PROGRAM_MAX_ID + 16];
		size_t n = strlen(base);
		if (n > PROGRAM_MAX_ID - 8)
			n = PROGRAM_MAX_ID - 8;
		for (;; k++) {
			snprintf(buf, sizeof(buf), "%.*s-%d", (int)n, base, k);
			if (bd_map_get(ids, buf) < 0)
				break;
		}
		*last = k;
		id = arena_strndup(bd->p->arena, buf, strlen(buf));
	}
	named->id = id;
	bd_map_put(ids, id, index);
}

static void
bd_tracks_rooms(struct bd *bd)
{
	const struct feed *f = bd->f;
	struct program *p = bd->p;
	char path[64];
	if (f->n_tracks > PROGRAM_MAX_NAMED || f->n_rooms > PROGRAM_MAX_NAMED) {
		bd_error(bd, (struct feed_pos){0, 0}, NULL, NULL,
			 "too many tracks or rooms (the limit is %d of each)",
			 PROGRAM_MAX_NAMED);
		/* None declared; the sessions' references are still looked
		 * up (and made, in a feed), into arrays that exist: with none
		 * at all, the first was written past a 1-byte allocation. */
		bd->cap_tracks = bd->cap_rooms = 8;
		p->tracks = xcalloc(bd->cap_tracks, sizeof(*p->tracks));
		p->rooms = xcalloc(bd->cap_rooms, sizeof(*p->rooms));
		return;
	}
	bd->cap_tracks = f->n_tracks + 8;
	p->tracks = xcalloc(bd->cap_tracks, sizeof(*p->tracks));
	for (size_t i = 0; i < f->n_tracks; i++) {
		const struct feed_track *ft = &f->tracks[i];
		struct program_track *t = &p->tracks[p->n_tracks++];
		bd_path(path, sizeof(path), NULL, "tracks", i);
		bd_declare(bd, (struct bd_named *)t, &ft->id, &ft->name, ft->pos,
			   path, &bd->track_ids, &bd->track_names, (int)i,
			   "track");
		t->description_text = bd_text(bd, &ft->description, path,
					      "description");
		t->leads.v = arena_array(p->arena, ft->leads.n,
					 sizeof(*t->leads.v));
		for (size_t j = 0; j < ft->leads.n; j++) {
			char key[32];
			bd_path(key, sizeof(key), NULL, "leads", j);
			const char *s = bd_str(bd, &ft->leads.v[j], path, key);
			if (s)
				t->leads.v[t->leads.n++] = s;
		}
	}
	bd->cap_rooms = f->n_rooms + 8;
	p->rooms = xcalloc(bd->cap_rooms, sizeof(*p->rooms));
	for (size_t i = 0; i < f->n_rooms; i++) {
		const struct feed_room *fr = &f->rooms[i];
		bd_path(path, sizeof(path), NULL, "rooms", i);
		bd_declare(bd, (struct bd_named *)&p->rooms[p->n_rooms++],
			   &fr->id, &fr->name, fr->pos, path, &bd->room_ids,
			   &bd->room_names, (int)i, "room");
	}
	/* Ids from names after every declared id is known, so a declared
	 * id never moves. */
	bool strict = bd_strict(bd);
	for (size_t i = 0; i < p->n_tracks; i++)
		if (p->tracks[i].id == NULL && p->tracks[i].name != NULL &&
		    (f->tracks[i].id.s == NULL || !strict) &&
		    !bd_reported(bd, &f->tracks[i].id))
			bd_name_id(bd, (struct bd_named *)&p->tracks[i],
				   &bd->track_ids, (int)i, 't');
	for (size_t i = 0; i < p->n_rooms; i++)
		if (p->rooms[i].id == NULL && p->rooms[i].name != NULL &&
		    (f->rooms[i].id.s == NULL || !strict) &&
		    !bd_reported(bd, &f->rooms[i].id))
			bd_name_id(bd, (struct bd_named *)&p->rooms[i],
				   &bd->room_ids, (int)i, 'r');
}

/* The index of the track or room a session names, or -1 (with an error,
 * or, with FEED_CREATE_REFERENCES, created). */
static int
bd_reference(struct bd *bd, const struct feed_str *v, const char *path,
	     const char *what)
{
	bool track = what[0] == 't';
	struct program *p = bd->p;
	struct bd_map *ids = track ? &bd->track_ids : &bd->room_ids;
	struct bd_map *names = track ? &bd->track_names : &bd->room_names;
	if (v->s == NULL)
		return -1;
	int i = bd_map_get(ids, v->s);
	if (i >= 0)
		return i;
	char got[128];
	if (!(bd->f->flags & FEED_CREATE_REFERENCES)) {
		bd_error(bd, v->pos, path, what,
			 "no %s has the id %s (expected an id from %ss)", what,
			 diag_quote(v->s, got, sizeof(got)), what);
		return -1;
	}
	if ((i = bd_map_get(names, v->s)) >= 0)
		return i;
	const char *name = bd_str(bd, v, path, what);
	if (name == NULL || *name == '\0')
		return -1;
	size_t *n = track ? &p->n_tracks : &p->n_rooms;
	size_t *cap = track ? &bd->cap_tracks : &bd->cap_rooms;
	if (*n >= PROGRAM_MAX_NAMED) {
		bd_error(bd, v->pos, path, what, "too many %ss (the limit is %d)",
			 what, PROGRAM_MAX_NAMED);
		return -1;
	}
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		if (track)
			p->tracks = xreallocarray(p->tracks, *cap,
						  sizeof(*p->tracks));
		else
			p->rooms = xreallocarray(p->rooms, *cap,
						 sizeof(*p->rooms));
	}
	i = (int)(*n)++;
	struct bd_named *named;
	if (track) {
		p->tracks[i] = (struct program_track){.name = name};
		named = (struct bd_named *)&p->tracks[i];
	} else {
		p->rooms[i] = (struct program_room){.name = name};
		named = (struct bd_named *)&p->rooms[i];
	}
	bd_map_put(names, name, i);
	bd_name_id(bd, named, ids, i, track ? 't' : 'r');
	return i;
}

/* ---- sessions ---- */

static void
bd_people(struct bd *bd, const struct feed_people *in,
	  struct program_people *out, const char *path, const char *key)
{
	out->v = arena_array(bd->p->arena, in->n, sizeof(*out->v));
	for (size_t i = 0; i < in->n; i++) {
		const struct feed_person *fp = &in->v[i];
		char pp[96];
		bd_path(pp, sizeof(pp), path, key, i);
		if ((fp->name.s == NULL || bd_blank(fp->name.s)) &&
		    !bd_reported(bd, &fp->name) && !bd_strict(bd)) {
			/* A feed's person without a name (an account
			 * deleted since): said and left out, not the
			 * whole program refused (a sked file's is an
			 * error). */
			bd_warn_kind(bd, BD_WARN_NAMELESS,
				     fp->name.s ? fp->name.pos : fp->pos, pp,
				     fp->name.s ? "name" : NULL,
				     "no name: left out");
			continue;
		}
		struct program_person person = {
			.name = bd_required(bd, &fp->name, fp->pos, pp, "name"),
			.affiliation = bd_str(bd, &fp->affiliation, pp,
					      "affiliation"),
			.id = bd_str(bd, &fp->id, pp, "id"),
			.url = bd_url(bd, &fp->url, pp, "url"),
		};
		if (person.name)
			out->v[out->n++] = person;
	}
}

/* A language code (BCP 47's shape): 2-3 letters, then "-" and 1-8 letters
 * or digits, any number of times ("en", "pt-BR", "zh-Hant-TW"). */
static bool
bd_language_valid(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n < 2 || n > 3)
		return false;
	for (s += n; *s == '-'; s += n) {
		s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
			      "VWXYZ0123456789");
		if (n < 1 || n > 8)
			return false;
	}
	return *s == '\0';
}

static void
bd_session(struct bd *bd, size_t i)
{
	const struct feed_session *fs = &bd->f->sessions[i];
	struct program_session *s = &bd->p->sessions[i];
	struct bd_session *bs = &bd->bs[i];
	char path[48];
	bd_path(path, sizeof(path), NULL, "sessions", i);
	*s = (struct program_session){.track = -1, .room = -1, .day = -1};
	bs->duration = -1;
	if (!(bd->f->flags & FEED_DERIVE_IDS))
		s->id = bd_id(bd, &fs->id, fs->pos, path, false);
	if ((fs->title.s == NULL || bd_blank(fs->title.s)) &&
	    !bd_reported(bd, &fs->title) && !bd_strict(bd)) {
		/* A feed's event without a title: said, not the file
		 * refused (a sked file's is an error). */
		bd_warn_kind(bd, BD_WARN_UNTITLED,
			     fs->title.s ? fs->title.pos : fs->pos, path,
			     fs->title.s ? "title" : NULL,
			     "no title: shown as \"(untitled)\"");
		/* In the arena, as every string: followed by its zeros. */
		s->title = arena_strndup(bd->p->arena, "(untitled)", 10);
	} else {
		s->title = bd_required(bd, &fs->title, fs->pos, path,
				       "title");
	}
	s->subtitle = bd_str(bd, &fs->subtitle, path, "subtitle");
	s->type = bd_str(bd, &fs->type, path, "type");
	s->abstract_text = bd_text(bd, &fs->abstract, path, "abstract");
	s->description_text = bd_text(bd, &fs->description, path,
				      "description");
	s->url = bd_url(bd, &fs->url, path, "url");
	s->feedback_url = bd_url(bd, &fs->feedback_url, path, "feedback_url");
	s->guid = bd_str(bd, &fs->guid, path, "guid");
	s->do_not_record = fs->do_not_record;
	s->track = bd_reference(bd, &fs->track, path, "track");
	s->room = bd_reference(bd, &fs->room, path, "room");

	struct arena *a = bd->p->arena;
	s->languages.v = arena_array(a, fs->languages.n,
				     sizeof(*s->languages.v));
	for (size_t j = 0; j < fs->languages.n; j++) {
		const struct feed_str *v = &fs->languages.v[j];
		char got[128], buf[32];
		if (v->s == NULL)
			continue;
		const char *key =
			fs->languages.n == 1
				? "language"
				: bd_path(buf, sizeof(buf), NULL, "language", j);
		if (!bd_language_valid(v->s)) {
			bd_error(bd, v->pos, path, key,
				 "expected a language code such as en or "
				 "pt-BR, got %s",
				 diag_quote(v->s, got, sizeof(got)));
			continue;
		}
		s->languages.v[s->languages.n++] = bd_str(bd, v, path, key);
	}
	s->links.v = arena_array(a, fs->links.n, sizeof(*s->links.v));
	for (size_t j = 0; j < fs->links.n; j++) {
		const struct feed_link *l = &fs->links.v[j];
		char lp[80];
		bd_path(lp, sizeof(lp), path, "links", j);
		struct program_link link = {
			.url = l->url.s ? bd_url(bd, &l->url, lp, "url")
					: bd_required(bd, &l->url, l->url.pos, lp,
						      "url"),
			.title = bd_str(bd, &l->title, lp, "title"),
		};
		if (link.url)
			s->links.v[s->links.n++] = link;
	}
	bd_people(bd, &fs->speakers, &s->speakers, path, "speakers");
	bd_people(bd, &fs->authors, &s->authors, path, "authors");
	s->tags.v = arena_array(a, fs->tags.n, sizeof(*s->tags.v));
	for (size_t j = 0; j < fs->tags.n; j++) {
		char key[32];
		bd_path(key, sizeof(key), NULL, "tags", j);
		const char *t = bd_str(bd, &fs->tags.v[j], path, key);
		if (t)
			s->tags.v[s->tags.n++] = t;
	}

	/* Times: parsed now, placed once the zone is known. An unscheduled
	 * session may say how long it will be. */
	if (fs->duration.s != NULL)
		bd_duration(bd, &fs->duration, path, bs);
	else if (bd_reported(bd, &fs->duration))
		bs->duration_reported = true;
	s->duration = bs->duration > 0 ? bs->duration : 0;
	bd_time(bd, &fs->start, path, "start", &bs->start);
	if (!bs->start.ok)
		return;
	/* Reported here; parsed again when placed (struct bd_session). */
	struct bd_time end = {0};
	bd_time(bd, &fs->end, path, "end", &end);
	if (fs->duration.s != NULL || bs->duration_reported)
		return;
	if (fs->end.s == NULL && !bd_reported(bd, &fs->end) &&
	    !bd_strict(bd)) {
		/* A feed's event without its length: at its time, of none
		 * (as a zero-length event), rather than the file refused. */
		bd_warn(bd, fs->pos, path, NULL,
			"no duration nor end: shown at its start, with no "
			"length");
		bs->duration = 0;
	} else if (fs->end.s == NULL && !bd_reported(bd, &fs->end))
		bd_error(bd, fs->pos, path, NULL,
			 "a session with a start needs a duration (minutes or "
			 "H:MM)");
	else if (!end.ok)
		bs->duration_reported = true;
}

/* ---- order ---- */

struct bd_order_key {
	bool scheduled;
	int64_t start, end;
	int track;
	size_t index;
};

static int
bd_order_cmp(const void *a, const void *b)
{
	const struct bd_order_key *x = a, *y = b;
	if (x->scheduled != y->scheduled)
		return x->scheduled ? -1 : 1;
	if (x->scheduled) {
		if (x->start != y->start)
			return x->start < y->start ? -1 : 1;
		if (x->end != y->end)
			return x->end < y->end ? -1 : 1;
	} else if (x->track != y->track) {
		/* Sessions without a track after those with one. */
		unsigned tx = (unsigned)x->track, ty = (unsigned)y->track;
		return tx < ty ? -1 : 1;
	}
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
bd_order(struct program *p)
{
	struct bd_order_key *keys = xcalloc(p->n_sessions + 1, sizeof(*keys));
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		keys[i] = (struct bd_order_key){
			s->scheduled, s->start_utc,
			s->scheduled ? program_session_end(s) : 0, s->track, i};
		p->n_scheduled += s->scheduled;
	}
	xqsort(keys, p->n_sessions, sizeof(*keys), bd_order_cmp);
	p->order = arena_alloc(p->arena, (p->n_sessions ? p->n_sessions : 1) *
						 sizeof(*p->order));
	for (size_t i = 0; i < p->n_sessions; i++)
		p->order[i] = keys[i].index;
	free(keys);
}

/* ---- entry point ---- */

/* Tracks and rooms were grown with realloc: into the arena with the rest. */
static void *
bd_to_arena(struct program *p, void *v, size_t n, size_t size)
{
	void *a = arena_alloc(p->arena, (n ? n : 1) * size);
	if (n)
		memcpy(a, v, n * size);
	free(v);
	return a;
}

static struct program *
bd_build(const struct feed *f, struct arena *arena,
	 const struct build_options *o, struct diag_list *diags)
{
	struct bd bd = {.f = f, .o = o, .diags = diags,
			.errors_before = diags->errors,
			.shared = arena == f->arena};
	struct program *p = bd.p = xcalloc(1, sizeof(*p));
	p->arena = arena;
	p->path = xstrdup(f->file);
	bd_map_init(&bd.track_ids, f->n_tracks);
	bd_map_init(&bd.track_names, f->n_tracks);
	bd_map_init(&bd.room_ids, f->n_rooms);
	bd_map_init(&bd.room_names, f->n_rooms);
	bd_map_init(&bd.name_last, 8);

	bd_conference(&bd);
	bd_tracks_rooms(&bd);
	if (f->n_sessions > PROGRAM_MAX_SESSIONS) {
		bd_error(&bd, f->sessions[PROGRAM_MAX_SESSIONS].pos, "sessions",
			 NULL, "too many sessions (the limit is %d)",
			 PROGRAM_MAX_SESSIONS);
	} else {
		p->n_sessions = f->n_sessions;
		p->sessions = arena_alloc(p->arena, (f->n_sessions + 1) *
							    sizeof(*p->sessions));
		bd.bs = xcalloc(f->n_sessions + 1, sizeof(*bd.bs));
		for (size_t i = 0; i < f->n_sessions; i++)
			bd_session(&bd, i);
		const struct feed_str *tz = &f->conference.timezone;
		if (p->conference.zone == NULL && tz->s == NULL &&
		    !bd_reported(&bd, tz) && !(o && o->timezone))
			bd_derive_zone(&bd);
		if (p->conference.zone != NULL)
			bd_place_times(&bd);
		bd_dates(&bd);
		if (p->conference.zone != NULL && p->conference.n_days > 0) {
			bd_day_change(&bd);
			bd_days(&bd);
		}
		if (f->flags & FEED_DERIVE_IDS)
			bd_derive_ids(&bd);
		bd_unique_ids(&bd);
	}
	bd_warn_summaries(&bd);
	p->tracks = bd_to_arena(p, p->tracks, p->n_tracks, sizeof(*p->tracks));
	p->rooms = bd_to_arena(p, p->rooms, p->n_rooms, sizeof(*p->rooms));
	free(bd.bs);
	bd_map_finish(&bd.track_ids);
	bd_map_finish(&bd.track_names);
	bd_map_finish(&bd.room_ids);
	bd_map_finish(&bd.room_names);
	bd_map_finish(&bd.name_last);
	if (diags->errors > bd.errors_before) {
		program_destroy(p);
		return NULL;
	}
	bd_order(p);
	return p;
}

struct program *
build_program(const struct feed *f, const struct build_options *o,
	      struct diag_list *diags)
{
	return bd_build(f, arena_create(), o, diags);
}

struct program *
build_program_take(struct feed *f, const struct build_options *o,
		   struct diag_list *diags)
{
	/* The feed's arena becomes the program's: its strings are kept where
	 * they are, and the feed goes on with an empty one. */
	struct program *p = bd_build(f, f->arena, o, diags);
	f->arena = arena_create();
	return p;
}
