/* The builder: a feed, from any reader, checked and made into a program.
 *
 * It works in passes over the feed, because values depend on each other:
 *  1. the conference's own values, tracks and rooms (sessions refer to
 *     them), then each session's values, with its times parsed but not yet
 *     placed (a wall time needs the zone, which may be derived from the
 *     sessions' absolute times);
 *  2. the zone, then every session's instant, wall time and duration;
 *  3. the dates (derived from the sessions when the feed has none), then
 *     every session's day;
 *  4. session ids derived (FEED_DERIVE_IDS) or checked, and the order.
 * Strings are copied into the program's arena, checked to be UTF-8. */
#include "sked/build.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/uri.h"
#include "sked/xalloc.h"

/* ---- a map from strings to indices (open addressing) ---- */

struct bd_map {
	const char **k;
	int *v;
	size_t cap, n;
};

static uint64_t
bd_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

static void
bd_map_init(struct bd_map *m, size_t expect)
{
	m->cap = 16;
	while (m->cap < expect * 2)
		m->cap *= 2;
	m->k = xcalloc(m->cap, sizeof(*m->k));
	m->v = xcalloc(m->cap, sizeof(*m->v));
	m->n = 0;
}

static void
bd_map_finish(struct bd_map *m)
{
	free(m->k);
	free(m->v);
}

/* The slot of key: where it is, or where it would go. */
static size_t
bd_map_slot(const struct bd_map *m, const char *key)
{
	size_t i = bd_hash(key, strlen(key)) & (m->cap - 1);
	while (m->k[i] != NULL && strcmp(m->k[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of key, or -1. */
static int
bd_map_get(const struct bd_map *m, const char *key)
{
	size_t i = bd_map_slot(m, key);
	return m->k[i] ? m->v[i] : -1;
}

/* Sets key (which must outlive the map) to v. */
static void
bd_map_put(struct bd_map *m, const char *key, int v)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct bd_map g;
		bd_map_init(&g, m->cap);
		for (size_t i = 0; i < m->cap; i++)
			if (m->k[i]) {
				size_t j = bd_map_slot(&g, m->k[i]);
				g.k[j] = m->k[i];
				g.v[j] = m->v[i];
				g.n++;
			}
		bd_map_finish(m);
		*m = g;
	}
	size_t i = bd_map_slot(m, key);
	if (m->k[i] == NULL)
		m->n++;
	m->k[i] = key;
	m->v[i] = v;
}

/* Zeroed memory from the program's arena: nothing in a program is left
 * uninitialized, not even the slot past an array's end (PCRE2's JIT reads
 * a little past the strings it matches, which may be such a slot). */
static void *
bd_alloc(struct arena *a, size_t size)
{
	void *v = arena_alloc(a, size);
	memset(v, 0, size);
	return v;
}

/* A copy of s[0..n) in the program's arena, zero-padded to the arena's
 * alignment so that no uninitialized byte follows it (see bd_alloc). */
static char *
bd_strndup(struct arena *a, const char *s, size_t n)
{
	const size_t align = alignof(max_align_t);
	char *p = bd_alloc(a, (n + align) & ~(align - 1));
	memcpy(p, s, n);
	return p;
}

/* ---- state and messages ---- */

/* A time as the feed gave it, parsed. */
struct bd_time {
	bool ok;
	bool absolute;  /* with Z or an offset: utc is the instant */
	struct tz_wall wall; /* as written (absolute: in its own offset) */
	int offset;     /* seconds east of UTC, when absolute */
	int64_t utc;
};

/* A session while it is being built. */
struct bd_session {
	struct bd_time start, end, local;
	int duration; /* minutes; -1: not given (or reported) */
	bool duration_reported;
};

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
};

__attribute__((format(printf, 6, 0))) static void
bd_vreport(struct bd *bd, enum diag_severity sev, struct feed_pos pos,
	   const char *path, const char *key, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	const char *file = bd->f->file;
	if (path && *path && key)
		diag_add(bd->diags, sev, file, pos.line, pos.column,
			 "%s.%s: %s", path, key, msg);
	else if ((path && *path) || key)
		diag_add(bd->diags, sev, file, pos.line, pos.column, "%s: %s",
			 path && *path ? path : key, msg);
	else
		diag_add(bd->diags, sev, file, pos.line, pos.column, "%s", msg);
}

/* An error at pos about path.key (path or key may be NULL). */
__attribute__((format(printf, 5, 6))) static void
bd_error(struct bd *bd, struct feed_pos pos, const char *path, const char *key,
	 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bd_vreport(bd, DIAG_ERROR, pos, path, key, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 5, 6))) static void
bd_warn(struct bd *bd, struct feed_pos pos, const char *path, const char *key,
	const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bd_vreport(bd, DIAG_WARNING, pos, path, key, fmt, ap);
	va_end(ap);
}

/* A short, printable, quoted rendering of a value for messages. */
static const char *
bd_quote(const char *s, char *buf, size_t size)
{
	size_t o = 0, len = strlen(s);
	buf[o++] = '"';
	for (size_t i = 0; i < len && o + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		} else if (c == 0xC2 && i + 1 < len &&
			   (unsigned char)s[i + 1] < 0xA0) {
			/* C1 controls */
			o += (size_t)snprintf(buf + o, size - o, "\\u%04x",
					      (unsigned char)s[i + 1]);
			i++;
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* A value the reader found, could not use and reported (build.h). Only
 * once something was reported: a reader that forgot leaves no silent
 * hole. */
static bool
bd_reported(const struct bd *bd, const struct feed_str *v)
{
	return v->s == NULL && v->pos.line != 0 && bd->diags->errors > 0;
}

/* The program's copy of a value, or NULL; text that is not UTF-8 is an
 * error (readers should have said so; this is the last guard). */
static const char *
bd_str(struct bd *bd, const struct feed_str *v, const char *path,
       const char *key)
{
	if (v->s == NULL)
		return NULL;
	size_t n = strlen(v->s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = (unsigned char)v->s[i] < 0x80
				     ? 1
				     : text_utf8_decode((const unsigned char *)v->s + i,
							n - i, &cp);
		if (len == 0) {
			bd_error(bd, v->pos, path, key,
				 "invalid UTF-8 byte 0x%02x at byte %zu "
				 "(expected UTF-8 text)",
				 (unsigned char)v->s[i], i + 1);
			return NULL;
		}
		i += len;
	}
	return bd->shared ? v->s : bd_strndup(bd->p->arena, v->s, n);
}

/* A required value: its copy, or NULL with an error (unless reported). */
static const char *
bd_required(struct bd *bd, const struct feed_str *v, struct feed_pos at,
	    const char *path, const char *key)
{
	if (v->s == NULL) {
		if (!bd_reported(bd, v))
			bd_error(bd, at, path, NULL,
				 "missing required key \"%s\"", key);
		return NULL;
	}
	if (v->s[0] == '\0') {
		bd_error(bd, v->pos, path, key, "expected a non-empty string");
		return NULL;
	}
	return bd_str(bd, v, path, key);
}

/* A URL reaches calendars and terminals: only an absolute URI, with what
 * a URI cannot hold (controls, spaces, ...) refused, not encoded. */
static const char *
bd_url(struct bd *bd, const struct feed_str *v, const char *path,
       const char *key)
{
	char why[96], got[128];
	size_t at;
	if (v->s == NULL || uri_check(v->s, &at, why, sizeof(why)))
		return bd_str(bd, v, path, key);
	bd_error(bd, v->pos, path, key,
		 "expected a URL such as https://example.org/ (RFC 3986), got "
		 "%s: %s",
		 bd_quote(v->s, got, sizeof(got)), why);
	return NULL;
}

/* Ids of sessions, tracks and rooms: 1-64 of [A-Za-z0-9._-]; conference
 * ids: [a-z0-9-]. */
static bool
bd_id_valid(const char *s, bool lowercase_only)
{
	bool ok = *s != '\0' && strlen(s) <= PROGRAM_MAX_ID;
	for (const char *c = s; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		     *c == '-' ||
		     (!lowercase_only &&
		      ((*c >= 'A' && *c <= 'Z') || *c == '.' || *c == '_'));
	return ok;
}

static const char *
bd_id(struct bd *bd, const struct feed_str *v, struct feed_pos at,
      const char *path, bool lowercase_only)
{
	const char *s = bd_required(bd, v, at, path, "id");
	if (s == NULL || bd_id_valid(s, lowercase_only))
		return s;
	char got[128];
	bd_error(bd, v->pos, path, "id",
		 "expected an id of up to %d characters %s, got %s",
		 PROGRAM_MAX_ID, lowercase_only ? "[a-z0-9-]" : "[A-Za-z0-9._-]",
		 bd_quote(s, got, sizeof(got)));
	return NULL;
}

/* An id made from a name: lower case, every run of other characters than
 * [a-z0-9] one "-", at most PROGRAM_MAX_ID bytes (a long one ends in a
 * hash of the whole); a name with nothing of [a-z0-9] is `prefix` and a
 * hash. Stable: the name alone decides. */
static char *
bd_slug(struct bd *bd, const char *name, char prefix)
{
	char buf[PROGRAM_MAX_ID + 1];
	size_t o = 0, len = strlen(name);
	bool dash = false, cut = false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o > 0 && o < PROGRAM_MAX_ID)
				buf[o++] = '-';
			dash = false;
			if (o == PROGRAM_MAX_ID) {
				cut = true;
				break;
			}
			buf[o++] = c;
		} else {
			dash = true;
		}
	}
	uint64_t h = bd_hash(name, len);
	if (o == 0) {
		snprintf(buf, sizeof(buf), "%c%016llx", prefix,
			 (unsigned long long)h);
	} else if (cut) {
		snprintf(buf + 47, sizeof(buf) - 47, "-%016llx",
			 (unsigned long long)h);
	} else {
		buf[o] = '\0';
	}
	return bd_strndup(bd->p->arena, buf, strlen(buf));
}

/* ---- the conference ---- */

static bool
bd_shape(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (*shape == '9' ? !(*s >= '0' && *s <= '9') : *s != *shape)
			return false;
	return *s == '\0';
}

static bool
bd_date(struct bd *bd, const struct feed_str *v, const char *key,
	struct tz_date *d)
{
	char got[128];
	if (tz_parse_date(v->s, d))
		return true;
	bd_error(bd, v->pos, "conference", key,
		 bd_shape(v->s, "9999-99-99") ? "no such date %s"
					      : "expected a date YYYY-MM-DD, got %s",
		 bd_quote(v->s, got, sizeof(got)));
	return false;
}

static void
bd_conference(struct bd *bd)
{
	const struct feed_conference *fc = &bd->f->conference;
	struct program_conference *c = &bd->p->conference;
	char got[128];
	c->title = bd_required(bd, &fc->title, fc->pos, "conference", "title");
	if (fc->id.s != NULL || bd_reported(bd, &fc->id))
		c->id = bd_id(bd, &fc->id, fc->pos, "conference", true);
	else if (c->title != NULL)
		c->id = bd_slug(bd, c->title, 'c');
	c->location = bd_str(bd, &fc->location, "conference", "location");
	c->url = bd_url(bd, &fc->url, "conference", "url");
	if (fc->day_change.s != NULL &&
	    (!tz_parse_clock(fc->day_change.s, &c->day_change) ||
	     c->day_change > 12 * 60)) {
		bd_error(bd, fc->day_change.pos, "conference", "day_change",
			 "expected a time of day HH:MM from 00:00 to 12:00, "
			 "got %s",
			 bd_quote(fc->day_change.s, got, sizeof(got)));
		c->day_change = 0;
	}
	if (fc->timezone.s != NULL) {
		c->zone = tz_find(fc->timezone.s);
		if (c->zone == NULL)
			bd_error(bd, fc->timezone.pos, "conference", "timezone",
				 "unknown time zone %s (expected an IANA name "
				 "such as Europe/Dublin)",
				 bd_quote(fc->timezone.s, got, sizeof(got)));
		else
			c->timezone = bd_str(bd, &fc->timezone, NULL, NULL);
	} else if (!bd_reported(bd, &fc->timezone) && bd->o &&
		   bd->o->timezone) {
		c->zone = tz_find(bd->o->timezone);
		if (c->zone == NULL)
			bd_error(bd, (struct feed_pos){0, 0}, "--timezone", NULL,
				 "unknown time zone %s (expected an IANA name "
				 "such as Europe/Dublin)",
				 bd_quote(bd->o->timezone, got, sizeof(got)));
		else
			c->timezone = bd_strndup(bd->p->arena,
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
	if (id->s != NULL || bd_reported(bd, id) ||
	    !(bd->f->flags & FEED_CREATE_REFERENCES))
		named->id = bd_id(bd, id, pos, path, false);
	if (named->id != NULL) {
		if (bd_map_get(ids, named->id) >= 0) {
			bd_error(bd, pos, path, "id", "duplicate %s id \"%s\"",
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
	for (int k = 2; bd_map_get(ids, id) >= 0; k++) {
		char buf[PROGRAM_MAX_ID + 16];
		size_t n = strlen(base);
		if (n > PROGRAM_MAX_ID - 8)
			n = PROGRAM_MAX_ID - 8;
		snprintf(buf, sizeof(buf), "%.*s-%d", (int)n, base, k);
		id = bd_strndup(bd->p->arena, buf, strlen(buf));
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
		return;
	}
	bd->cap_tracks = f->n_tracks + 8;
	p->tracks = xcalloc(bd->cap_tracks, sizeof(*p->tracks));
	for (size_t i = 0; i < f->n_tracks; i++) {
		const struct feed_track *ft = &f->tracks[i];
		struct program_track *t = &p->tracks[p->n_tracks++];
		snprintf(path, sizeof(path), "tracks[%zu]", i);
		bd_declare(bd, (struct bd_named *)t, &ft->id, &ft->name, ft->pos,
			   path, &bd->track_ids, &bd->track_names, (int)i,
			   "track");
		t->description = bd_str(bd, &ft->description, path,
					"description");
		t->leads.v = bd_alloc(p->arena, (ft->leads.n + 1) *
							   sizeof(*t->leads.v));
		for (size_t j = 0; j < ft->leads.n; j++) {
			char key[32];
			snprintf(key, sizeof(key), "leads[%zu]", j);
			const char *s = bd_str(bd, &ft->leads.v[j], path, key);
			if (s)
				t->leads.v[t->leads.n++] = s;
		}
	}
	bd->cap_rooms = f->n_rooms + 8;
	p->rooms = xcalloc(bd->cap_rooms, sizeof(*p->rooms));
	for (size_t i = 0; i < f->n_rooms; i++) {
		const struct feed_room *fr = &f->rooms[i];
		snprintf(path, sizeof(path), "rooms[%zu]", i);
		bd_declare(bd, (struct bd_named *)&p->rooms[p->n_rooms++],
			   &fr->id, &fr->name, fr->pos, path, &bd->room_ids,
			   &bd->room_names, (int)i, "room");
	}
	/* Ids from names after every declared id is known, so a declared
	 * id never moves. */
	for (size_t i = 0; i < p->n_tracks; i++)
		if (p->tracks[i].id == NULL && p->tracks[i].name != NULL &&
		    f->tracks[i].id.s == NULL && !bd_reported(bd, &f->tracks[i].id))
			bd_name_id(bd, (struct bd_named *)&p->tracks[i],
				   &bd->track_ids, (int)i, 't');
	for (size_t i = 0; i < p->n_rooms; i++)
		if (p->rooms[i].id == NULL && p->rooms[i].name != NULL &&
		    f->rooms[i].id.s == NULL && !bd_reported(bd, &f->rooms[i].id))
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
			 bd_quote(v->s, got, sizeof(got)), what);
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
		*cap *= 2;
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

/* ---- times ---- */

static bool
bd_digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return false;
		*v = *v * 10 + (**p - '0');
	}
	return true;
}

enum bd_parse { BD_OK, BD_NO_SUCH, BD_BAD };

/* "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]" and, for an instant, "Z", "+HH:MM",
 * "+HHMM" or "+HH" (or "-"). Seconds are dropped: sked counts minutes. */
static enum bd_parse
bd_parse_time(const char *s, struct bd_time *t)
{
	const char *p = s;
	int y, mo, d, h, mi, sec = 0;
	*t = (struct bd_time){0};
	if (!bd_digits(&p, 4, &y) || *p++ != '-' || !bd_digits(&p, 2, &mo) ||
	    *p++ != '-' || !bd_digits(&p, 2, &d) || (*p != 'T' && *p != ' ') ||
	    (p++, !bd_digits(&p, 2, &h)) || *p++ != ':' ||
	    !bd_digits(&p, 2, &mi))
		return BD_BAD;
	if (*p == ':') {
		p++;
		if (!bd_digits(&p, 2, &sec))
			return BD_BAD;
		if (*p == '.' || *p == ',') {
			p++;
			if (*p < '0' || *p > '9')
				return BD_BAD;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'Z') {
		t->absolute = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
		if (!bd_digits(&p, 2, &oh))
			return BD_BAD;
		if (*p == ':')
			p++;
		if (*p != '\0' && !bd_digits(&p, 2, &om))
			return BD_BAD;
		if (oh > 23 || om > 59)
			return BD_NO_SUCH;
		t->absolute = true;
		t->offset = sign * (oh * 3600 + om * 60);
	}
	if (*p != '\0')
		return BD_BAD;
	if (!tz_date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return BD_NO_SUCH;
	t->wall = (struct tz_wall){y, mo, d, h, mi};
	if (t->absolute)
		t->utc = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 +
			 mi * 60 - t->offset;
	t->ok = true;
	return BD_OK;
}

static void
bd_time(struct bd *bd, const struct feed_str *v, const char *path,
	const char *key, struct bd_time *t)
{
	char got[128];
	if (v->s == NULL)
		return;
	switch (bd_parse_time(v->s, t)) {
	case BD_OK:
		break;
	case BD_NO_SUCH:
		bd_error(bd, v->pos, path, key, "no such date or time %s",
			 bd_quote(v->s, got, sizeof(got)));
		break;
	case BD_BAD:
		bd_error(bd, v->pos, path, key,
			 "expected a wall-clock time YYYY-MM-DDTHH:MM in the "
			 "conference time zone (or an instant, ending in Z or "
			 "an offset such as +01:00), got %s",
			 bd_quote(v->s, got, sizeof(got)));
		break;
	}
}

/* Minutes from "M", "H:MM", "HH:MM:SS" or an ISO 8601 duration
 * ("PT1H30M", "P1D", "PT0S"); seconds are dropped. */
static enum bd_parse
bd_parse_duration(const char *s, int64_t *minutes, bool *negative)
{
	*negative = s[0] == '-';
	const char *p = *negative ? s + 1 : s;
	size_t nd = strspn(p, "0123456789");
	if (nd > 9)
		return BD_NO_SUCH; /* more than 24 hours, whatever it is */
	if (nd > 0 && p[nd] == '\0') {
		*minutes = strtol(p, NULL, 10);
		return BD_OK;
	}
	if (nd > 0 && nd <= 4 && p[nd] == ':') {
		const char *q = p + nd + 1;
		int mm, ss = 0;
		if (!bd_digits(&q, 2, &mm) || mm > 59)
			return BD_BAD;
		if (*q == ':' && (q++, !bd_digits(&q, 2, &ss) || ss > 59))
			return BD_BAD;
		if (*q != '\0')
			return BD_BAD;
		*minutes = strtol(p, NULL, 10) * 60 + mm;
		return BD_OK;
	}
	if (*p != 'P' || p[1] == '\0')
		return BD_BAD;
	/* ISO 8601: P[nW][nD][T[nH][nM][nS]], each part once, in order. */
	static const char units[] = "WDHMS";
	static const int64_t per[] = {7 * 1440, 1440, 60, 1, 0};
	int64_t total = 0, secs = 0;
	size_t next = 0;
	bool time = false, any = false;
	for (p++; *p;) {
		if (*p == 'T') {
			if (time)
				return BD_BAD;
			time = true;
			next = 2;
			p++;
			if (*p == '\0')
				return BD_BAD;
			continue;
		}
		nd = strspn(p, "0123456789");
		if (nd == 0 || nd > 9)
			return nd ? BD_NO_SUCH : BD_BAD;
		int64_t n = strtol(p, NULL, 10);
		p += nd;
		const char *u = strchr(units + next, *p);
		if (*p == '\0' || u == NULL)
			return BD_BAD;
		size_t k = (size_t)(u - units);
		if ((k >= 2) != time)
			return BD_BAD;
		if (k == 4)
			secs = n;
		else
			total += n * per[k];
		next = k + 1;
		any = true;
		p++;
	}
	if (!any)
		return BD_BAD;
	*minutes = total + secs / 60;
	return BD_OK;
}

static void
bd_duration(struct bd *bd, const struct feed_str *v, const char *path,
	    struct bd_session *s)
{
	char got[128];
	int64_t minutes = 0;
	bool negative;
	enum bd_parse r = bd_parse_duration(v->s, &minutes, &negative);
	if (r == BD_BAD) {
		bd_error(bd, v->pos, path, "duration",
			 "expected minutes or H:MM, got %s",
			 bd_quote(v->s, got, sizeof(got)));
	} else if (negative) {
		bd_error(bd, v->pos, path, "duration",
			 "expected a duration of zero or more minutes, got %s",
			 bd_quote(v->s, got, sizeof(got)));
	} else if (r == BD_NO_SUCH || minutes > PROGRAM_MAX_DURATION) {
		bd_error(bd, v->pos, path, "duration",
			 "duration over 24 hours (%d minutes), got %s",
			 PROGRAM_MAX_DURATION, bd_quote(v->s, got, sizeof(got)));
	} else {
		s->duration = (int)minutes;
		return;
	}
	s->duration_reported = true;
}

/* ---- sessions ---- */

static void
bd_people(struct bd *bd, const struct feed_people *in,
	  struct program_people *out, const char *path, const char *key)
{
	out->v = bd_alloc(bd->p->arena, (in->n + 1) * sizeof(*out->v));
	for (size_t i = 0; i < in->n; i++) {
		const struct feed_person *fp = &in->v[i];
		char pp[96];
		snprintf(pp, sizeof(pp), "%s.%s[%zu]", path, key, i);
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
	snprintf(path, sizeof(path), "sessions[%zu]", i);
	*s = (struct program_session){.track = -1, .room = -1, .day = -1,
				      .line = fs->pos.line};
	bs->duration = -1;
	if (!(bd->f->flags & FEED_DERIVE_IDS))
		s->id = bd_id(bd, &fs->id, fs->pos, path, false);
	s->title = bd_required(bd, &fs->title, fs->pos, path, "title");
	s->subtitle = bd_str(bd, &fs->subtitle, path, "subtitle");
	s->type = bd_str(bd, &fs->type, path, "type");
	s->abstract = bd_str(bd, &fs->abstract, path, "abstract");
	s->description = bd_str(bd, &fs->description, path, "description");
	s->url = bd_url(bd, &fs->url, path, "url");
	s->feedback_url = bd_url(bd, &fs->feedback_url, path, "feedback_url");
	s->guid = bd_str(bd, &fs->guid, path, "guid");
	s->do_not_record = fs->do_not_record;
	s->track = bd_reference(bd, &fs->track, path, "track");
	s->room = bd_reference(bd, &fs->room, path, "room");

	struct arena *a = bd->p->arena;
	s->languages.v = bd_alloc(a, (fs->languages.n + 1) *
						sizeof(*s->languages.v));
	for (size_t j = 0; j < fs->languages.n; j++) {
		const struct feed_str *v = &fs->languages.v[j];
		char key[32], got[128];
		if (fs->languages.n == 1)
			snprintf(key, sizeof(key), "language");
		else
			snprintf(key, sizeof(key), "language[%zu]", j);
		if (v->s == NULL)
			continue;
		if (!bd_language_valid(v->s)) {
			bd_error(bd, v->pos, path, key,
				 "expected a language code such as en or "
				 "pt-BR, got %s",
				 bd_quote(v->s, got, sizeof(got)));
			continue;
		}
		s->languages.v[s->languages.n++] = bd_str(bd, v, path, key);
	}
	s->links.v = bd_alloc(a, (fs->links.n + 1) * sizeof(*s->links.v));
	for (size_t j = 0; j < fs->links.n; j++) {
		const struct feed_link *l = &fs->links.v[j];
		char lp[80];
		snprintf(lp, sizeof(lp), "%s.links[%zu]", path, j);
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
	s->tags.v = bd_alloc(a, (fs->tags.n + 1) * sizeof(*s->tags.v));
	for (size_t j = 0; j < fs->tags.n; j++) {
		char key[32];
		snprintf(key, sizeof(key), "tags[%zu]", j);
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
	bd_time(bd, &fs->end, path, "end", &bs->end);
	if (fs->start_local.s && bs->start.absolute &&
	    bd_parse_time(fs->start_local.s, &bs->local) != BD_OK)
		bs->local.ok = false; /* only a cross-check: never an error */
	if (fs->duration.s != NULL || bs->duration_reported)
		return;
	if (fs->end.s == NULL && !bd_reported(bd, &fs->end))
		bd_error(bd, fs->pos, path, NULL,
			 "a session with a start needs a duration (minutes or "
			 "H:MM)");
	else if (!bs->end.ok)
		bs->duration_reported = true;
}

/* ---- the zone ---- */

/* With no zone in the feed nor from the user: the one offset every
 * absolute time in the feed has, as a fixed zone, else UTC; with a
 * warning that says how to name the real one. */
static void
bd_derive_zone(struct bd *bd)
{
	struct program_conference *c = &bd->p->conference;
	const struct feed *f = bd->f;
	bool any = false, mixed = false;
	int offset = 0;
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct bd_time *t = &bd->bs[i].start;
		if (!t->ok || !t->absolute)
			continue;
		if (any && t->offset != offset)
			mixed = true;
		offset = t->offset;
		any = true;
	}
	char name[16] = "UTC";
	int h = offset / 3600;
	bool fits = offset % 3600 == 0 && h >= -12 && h <= 14;
	if (any && !mixed && offset != 0 && fits)
		/* POSIX's sign: Etc/GMT-1 is one hour east of UTC. */
		snprintf(name, sizeof(name), "Etc/GMT%c%d", h > 0 ? '-' : '+',
			 h > 0 ? h : -h);
	c->zone = tz_find(name);
	c->timezone = bd_strndup(bd->p->arena, name, strlen(name));
	const char *why;
	char buf[96];
	int a = offset < 0 ? -offset : offset;
	if (!any) {
		why = "its times are read as UTC";
	} else if (mixed) {
		why = "its times have different offsets from UTC: they are "
		      "shown in UTC";
	} else if (offset == 0 || !fits) {
		snprintf(buf, sizeof(buf), "its times are %s: they are shown "
			 "in UTC", offset == 0 ? "in UTC" : "at an odd offset");
		why = buf;
	} else {
		snprintf(buf, sizeof(buf), "every time in it is at UTC%c%02d:%02d: "
			 "taken as %s, which has no daylight saving",
			 offset < 0 ? '-' : '+', a / 3600, a % 3600 / 60, name);
		why = buf;
	}
	bd_warn(bd, f->conference.pos, NULL, NULL,
		"the file names no time zone; %s; name the conference's own "
		"with --timezone ZONE (such as --timezone Europe/Berlin)",
		why);
}

/* Each scheduled session's instant, wall time and duration. */
static void
bd_place_times(struct bd *bd)
{
	const struct feed *f = bd->f;
	struct program_conference *c = &bd->p->conference;
	const char *zname = c->timezone ? c->timezone : tz_name(c->zone);
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct feed_session *fs = &f->sessions[i];
		struct bd_session *bs = &bd->bs[i];
		struct program_session *s = &bd->p->sessions[i];
		char path[48];
		snprintf(path, sizeof(path), "sessions[%zu]", i);
		if (!bs->start.ok)
			continue;
		s->scheduled = true;
		if (bs->start.absolute) {
			s->start_utc = bs->start.utc;
			tz_from_utc(c->zone, s->start_utc, &s->start, NULL);
			const struct tz_wall *l = &bs->local.wall, *w = &s->start;
			if (bs->local.ok && !bs->local.absolute &&
			    (l->year != w->year || l->month != w->month ||
			     l->day != w->day || l->hour != w->hour ||
			     l->minute != w->minute))
				bd_warn(bd, fs->start_local.pos, path, "start",
					"the local time %04d-%02d-%02d %02d:%02d "
					"is not the instant %s, which is "
					"%04d-%02d-%02d %02d:%02d in %s; the "
					"instant is taken",
					l->year, l->month, l->day, l->hour,
					l->minute, fs->start.s, w->year, w->month,
					w->day, w->hour, w->minute, zname);
		} else {
			s->start = bs->start.wall;
			enum tz_occurs occurs =
				tz_resolve(c->zone, &s->start, &s->start_utc);
			if (occurs == TZ_NEVER) {
				struct tz_wall real;
				tz_from_utc(c->zone, s->start_utc, &real, NULL);
				bd_warn(bd, fs->start.pos, path, "start",
					"%02d:%02d does not exist in %s on that "
					"day (daylight-saving gap); taken as "
					"%02d:%02d",
					s->start.hour, s->start.minute, zname,
					real.hour, real.minute);
			} else if (occurs == TZ_TWICE) {
				/* Say which one, with its offset: the file
				 * cannot. */
				int off = tz_offset(c->zone, s->start_utc);
				int a = off < 0 ? -off : off;
				bd_warn(bd, fs->start.pos, path, "start",
					"%02d:%02d occurs twice in %s on that day "
					"(clocks go back); taken as the first, at "
					"UTC%c%02d:%02d",
					s->start.hour, s->start.minute, zname,
					off < 0 ? '-' : '+', a / 3600,
					a % 3600 / 60);
			}
		}
		if (bs->duration < 0 && bs->end.ok) {
			int64_t end = bs->end.utc;
			if (!bs->end.absolute)
				tz_to_utc(c->zone, &bs->end.wall, &end);
			char got[128];
			if (end < s->start_utc)
				bd_error(bd, fs->end.pos, path, "end",
					 "the session ends before it starts, "
					 "got %s",
					 bd_quote(fs->end.s, got, sizeof(got)));
			else if ((end - s->start_utc) / 60 > PROGRAM_MAX_DURATION)
				bd_error(bd, fs->end.pos, path, "end",
					 "duration over 24 hours (%d minutes), "
					 "got %s",
					 PROGRAM_MAX_DURATION,
					 bd_quote(fs->end.s, got, sizeof(got)));
			else
				bs->duration = (int)((end - s->start_utc) / 60);
		}
		s->duration = bs->duration > 0 ? bs->duration : 0;
	}
}

/* ---- dates and days ---- */

/* The conference day a wall time is on, as days since the epoch: before
 * day_change it is the day before's. */
static int64_t
bd_wall_day(const struct tz_wall *w, int day_change)
{
	int64_t minutes = tz_days_from_civil(w->year, w->month, w->day) * 1440 +
			  w->hour * 60 + w->minute - day_change;
	return minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
}

static void
bd_dates(struct bd *bd)
{
	const struct feed_conference *fc = &bd->f->conference;
	struct program_conference *c = &bd->p->conference;
	bool has_start = fc->start.s != NULL, has_end = fc->end.s != NULL;
	bool ok = true;
	if (has_start)
		ok &= bd_date(bd, &fc->start, "start", &c->start);
	if (has_end)
		ok &= bd_date(bd, &fc->end, "end", &c->end);
	if (bd_reported(bd, &fc->start) || bd_reported(bd, &fc->end) || !ok)
		return;
	if (!has_start || !has_end) {
		if (c->zone == NULL)
			return; /* reported: the sessions have no place */
		/* From the sessions: the first and last conference days any
		 * session is on. */
		int64_t lo = INT64_MAX, hi = INT64_MIN;
		for (size_t i = 0; i < bd->p->n_sessions; i++) {
			const struct program_session *s = &bd->p->sessions[i];
			if (!s->scheduled)
				continue;
			int64_t d = bd_wall_day(&s->start, c->day_change);
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
		}
		if (lo == INT64_MAX) {
			bd_error(bd, fc->pos, "conference", NULL,
				 "no dates: expected the conference's start and "
				 "end, or sessions with times");
			return;
		}
		if (!has_start)
			tz_civil_from_days(lo, &c->start);
		if (!has_end)
			tz_civil_from_days(hi, &c->end);
	}
	int64_t days = tz_days_from_civil(c->end.year, c->end.month, c->end.day) -
		       tz_days_from_civil(c->start.year, c->start.month,
					  c->start.day) +
		       1;
	if (days < 1 || days > PROGRAM_MAX_DAYS) {
		bd_error(bd, has_end ? fc->end.pos : fc->pos, "conference",
			 has_end ? "end" : NULL,
			 days < 1 ? "the conference ends before it starts"
			 : has_end ? "the conference lasts more than %d days"
				   : "the sessions span more than %d days",
			 PROGRAM_MAX_DAYS);
		return;
	}
	c->n_days = (int)days;
}

static void
bd_days(struct bd *bd)
{
	const struct program_conference *c = &bd->p->conference;
	for (size_t i = 0; i < bd->p->n_sessions; i++) {
		const struct feed_session *fs = &bd->f->sessions[i];
		struct program_session *s = &bd->p->sessions[i];
		char path[48];
		snprintf(path, sizeof(path), "sessions[%zu]", i);
		if (!s->scheduled)
			continue;
		if (fs->day >= 0) {
			/* The feed's day wins: frab lists a session after
			 * midnight under the day before. */
			if (fs->day >= c->n_days)
				bd_error(bd, fs->pos, path, NULL,
					 "listed under day %d, but the conference "
					 "has %d",
					 fs->day + 1, c->n_days);
			s->day = fs->day;
			continue;
		}
		s->day = program_wall_day(bd->p, &s->start);
		if (s->day < 0)
			bd_error(bd, fs->start.pos, path, "start",
				 "%04d-%02d-%02d %02d:%02d is outside the "
				 "conference (%04d-%02d-%02d to %04d-%02d-%02d)",
				 s->start.year, s->start.month, s->start.day,
				 s->start.hour, s->start.minute, c->start.year,
				 c->start.month, c->start.day, c->end.year,
				 c->end.month, c->end.day);
	}
}

/* ---- session ids ---- */

/* A base id: s with characters an id may not hold as "_", and, when
 * longer than `room` bytes, its first room-17 and "-" and a hash. */
static void
bd_id_fit(const char *s, size_t room, char *out)
{
	size_t n = strlen(s);
	size_t keep = n <= room ? n : room - 17;
	for (size_t i = 0; i < keep; i++) {
		char c = s[i];
		out[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '-' ||
				 c == '.' || c == '_'
			 ? c
			 : '_';
	}
	if (n > room)
		snprintf(out + keep, 18, "-%016llx",
			 (unsigned long long)bd_hash(s, n));
	else
		out[keep] = '\0';
}

/* Each session's id, stable (see build.h). */
static void
bd_derive_ids(struct bd *bd)
{
	struct program *p = bd->p;
	const struct feed *f = bd->f;
	size_t n = p->n_sessions;
	char **base = xcalloc(n + 1, sizeof(*base));
	struct bd_map count;
	bd_map_init(&count, n);
	for (size_t i = 0; i < n; i++) {
		const struct feed_session *fs = &f->sessions[i];
		char buf[PROGRAM_MAX_ID + 1];
		if (fs->id.s && fs->id.s[0]) {
			bd_id_fit(fs->id.s, PROGRAM_MAX_ID, buf);
		} else if (fs->guid.s && fs->guid.s[0]) {
			bd_id_fit(fs->guid.s, PROGRAM_MAX_ID, buf);
		} else {
			/* What identifies a session with no id: its title
			 * and start, as the feed wrote them. */
			const char *t = fs->title.s ? fs->title.s : "";
			const char *st = fs->start.s ? fs->start.s : "";
			size_t lt = strlen(t), ls = strlen(st);
			char *key = xmalloc(lt + ls + 2);
			memcpy(key, t, lt);
			key[lt] = '\n';
			memcpy(key + lt + 1, st, ls + 1);
			snprintf(buf, sizeof(buf), "h%016llx",
				 (unsigned long long)bd_hash(key, lt + 1 + ls));
			free(key);
		}
		base[i] = bd_strndup(p->arena, buf, strlen(buf));
		int c = bd_map_get(&count, base[i]);
		bd_map_put(&count, base[i], c < 0 ? 1 : c + 1);
	}
	/* A repeated base: its slots told apart by start, then room. */
	struct bd_map taken;
	bd_map_init(&taken, n);
	char **want = xcalloc(n + 1, sizeof(*want));
	for (size_t i = 0; i < n; i++) {
		const struct program_session *s = &p->sessions[i];
		if (bd_map_get(&count, base[i]) == 1) {
			want[i] = base[i];
			continue;
		}
		char suffix[PROGRAM_MAX_ID + 1] = "", buf[PROGRAM_MAX_ID + 1];
		if (s->scheduled) {
			/* The instant in UTC when the feed gave one, else
			 * the wall time: never the zone's choice. */
			struct tz_wall w = s->start;
			char z = '\0';
			if (bd->bs[i].start.absolute) {
				int64_t t = s->start_utc;
				int64_t days = (t >= 0 ? t : t - 86399) / 86400;
				struct tz_date d;
				tz_civil_from_days(days, &d);
				int64_t r = t - days * 86400;
				w = (struct tz_wall){d.year, d.month, d.day,
						     (int)(r / 3600),
						     (int)(r % 3600 / 60)};
				z = 'Z';
			}
			snprintf(suffix, sizeof(suffix),
				 "-%04d%02d%02dT%02d%02d%c", w.year, w.month,
				 w.day, w.hour, w.minute, z);
		}
		if (s->room >= 0 && p->rooms[s->room].id) {
			size_t o = strlen(suffix);
			snprintf(suffix + o, sizeof(suffix) - o, "-%s",
				 p->rooms[s->room].id);
		}
		if (suffix[0] == '\0') {
			want[i] = base[i];
			continue;
		}
		size_t ls = strlen(suffix);
		if (ls > 40)
			ls = 40, suffix[40] = '\0';
		bd_id_fit(base[i], PROGRAM_MAX_ID - ls, buf);
		strcat(buf, suffix);
		want[i] = bd_strndup(p->arena, buf, strlen(buf));
	}
	/* Still taken: ".2", ".3"... in feed order. */
	for (size_t i = 0; i < n; i++) {
		const char *id = want[i];
		for (int k = 2; bd_map_get(&taken, id) >= 0; k++) {
			char buf[PROGRAM_MAX_ID + 1], num[16];
			snprintf(num, sizeof(num), ".%d", k);
			bd_id_fit(want[i], PROGRAM_MAX_ID - strlen(num), buf);
			strcat(buf, num);
			id = bd_strndup(p->arena, buf, strlen(buf));
		}
		p->sessions[i].id = id;
		bd_map_put(&taken, id, (int)i);
	}
	bd_map_finish(&taken);
	bd_map_finish(&count);
	free(want);
	free(base);
}

static void
bd_unique_ids(struct bd *bd)
{
	struct bd_map ids;
	bd_map_init(&ids, bd->p->n_sessions);
	for (size_t i = 0; i < bd->p->n_sessions; i++) {
		const char *id = bd->p->sessions[i].id;
		if (id == NULL)
			continue;
		if (bd_map_get(&ids, id) >= 0) {
			char path[48];
			snprintf(path, sizeof(path), "sessions[%zu]", i);
			bd_error(bd, bd->f->sessions[i].pos, path, "id",
				 "duplicate session id \"%s\"", id);
		} else {
			bd_map_put(&ids, id, (int)i);
		}
	}
	bd_map_finish(&ids);
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
	qsort(keys, p->n_sessions, sizeof(*keys), bd_order_cmp);
	p->order = bd_alloc(p->arena, (p->n_sessions ? p->n_sessions : 1) *
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
	void *a = bd_alloc(p->arena, (n ? n : 1) * size);
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

	bd_conference(&bd);
	bd_tracks_rooms(&bd);
	if (f->n_sessions > PROGRAM_MAX_SESSIONS) {
		bd_error(&bd, f->sessions[PROGRAM_MAX_SESSIONS].pos, "sessions",
			 NULL, "too many sessions (the limit is %d)",
			 PROGRAM_MAX_SESSIONS);
	} else {
		p->n_sessions = f->n_sessions;
		p->sessions = bd_alloc(p->arena, (f->n_sessions + 1) *
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
		if (p->conference.zone != NULL && p->conference.n_days > 0)
			bd_days(&bd);
		if (f->flags & FEED_DERIVE_IDS)
			bd_derive_ids(&bd);
		bd_unique_ids(&bd);
	}
	p->tracks = bd_to_arena(p, p->tracks, p->n_tracks, sizeof(*p->tracks));
	p->rooms = bd_to_arena(p, p->rooms, p->n_rooms, sizeof(*p->rooms));
	free(bd.bs);
	bd_map_finish(&bd.track_ids);
	bd_map_finish(&bd.track_names);
	bd_map_finish(&bd.room_ids);
	bd_map_finish(&bd.room_names);
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
