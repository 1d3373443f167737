/* The builder's session ids: checked unique, or derived (FEED_DERIVE_IDS)
 * so that they are stable (build.h); and the string map they, tracks and
 * rooms use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_int.h"
#include "sked/arena.h"
#include "sked/strset.h"
#include "sked/xalloc.h"

/* ---- a map from strings to indices (open addressing) ---- */

uint64_t
bd_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

void
bd_map_init(struct bd_map *m, size_t expect)
{
	m->cap = 16;
	while (m->cap < expect * 2)
		m->cap *= 2;
	m->k = xcalloc(m->cap, sizeof(*m->k));
	m->v = xcalloc(m->cap, sizeof(*m->v));
	m->n = 0;
}

void
bd_map_finish(struct bd_map *m)
{
	free(m->k);
	free(m->v);
}

/* The slot of key: where it is, or where it would go. */
static size_t
bd_map_slot(const struct bd_map *m, const char *key)
{
	/* The process's keyed hash: ids and names come from the file, and
	 * must not be able to make the map quadratic. */
	size_t i = strset_hash(key) & (m->cap - 1);
	while (m->k[i] != NULL && strcmp(m->k[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of key, or -1. */
int
bd_map_get(const struct bd_map *m, const char *key)
{
	size_t i = bd_map_slot(m, key);
	return m->k[i] ? m->v[i] : -1;
}

/* The value of key (which must outlive the map), added as -1 when
 * absent: one look-up where a get and a put took two. The pointer is
 * valid until the next key is added. */
int *
bd_map_ref(struct bd_map *m, const char *key)
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
	if (m->k[i] == NULL) {
		m->n++;
		m->k[i] = key;
		m->v[i] = -1;
	}
	return &m->v[i];
}

/* Sets key (which must outlive the map) to v. */
void
bd_map_put(struct bd_map *m, const char *key, int v)
{
	*bd_map_ref(m, key) = v;
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
void
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
		base[i] = arena_strndup(p->arena, buf, strlen(buf));
		int *c = bd_map_ref(&count, base[i]);
		*c = *c < 0 ? 1 : *c + 1;
	}
	/* Guids that no other session of the feed has: each identifies one
	 * slot (the frab XSD: a pretalx id repeats for the slots of one
	 * submission, the guid is the event's). */
	struct bd_map guids;
	bd_map_init(&guids, n);
	for (size_t i = 0; i < n; i++) {
		const char *g = f->sessions[i].guid.s;
		if (g && g[0]) {
			int *c = bd_map_ref(&guids, g);
			*c = *c < 0 ? 1 : *c + 1;
		}
	}
	/* A repeated base: each slot its own guid, which stays when the slot
	 * moves; without one, its slots told apart by start; then, only
	 * where the start is not enough, by room (so a slot that changes
	 * room keeps its id). */
	struct bd_map taken;
	bd_map_init(&taken, n);
	char **want = xcalloc(n + 1, sizeof(*want));
	bool *by_guid = xcalloc(n + 1, sizeof(*by_guid));
	for (size_t i = 0; i < n; i++) {
		const struct program_session *s = &p->sessions[i];
		const char *g = f->sessions[i].guid.s;
		want[i] = base[i];
		if (bd_map_get(&count, base[i]) == 1)
			continue;
		if (g && g[0] && bd_map_get(&guids, g) == 1) {
			char buf[PROGRAM_MAX_ID + 1];
			bd_id_fit(g, PROGRAM_MAX_ID, buf);
			want[i] = arena_strndup(p->arena, buf, strlen(buf));
			by_guid[i] = true;
			continue;
		}
		if (!s->scheduled)
			continue;
		/* The instant in UTC when the feed gave one, else the wall
		 * time: never the zone's choice. */
		struct tz_wall w = s->start;
		char z = '\0', suffix[24], buf[PROGRAM_MAX_ID + 1];
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
		snprintf(suffix, sizeof(suffix), "-%04d%02d%02dT%02d%02d%c",
			 w.year, w.month, w.day, w.hour, w.minute, z);
		bd_id_fit(base[i], PROGRAM_MAX_ID - strlen(suffix), buf);
		strcat(buf, suffix);
		want[i] = arena_strndup(p->arena, buf, strlen(buf));
	}
	struct bd_map timed;
	bd_map_init(&timed, n);
	for (size_t i = 0; i < n; i++) {
		int *c = bd_map_ref(&timed, want[i]);
		*c = *c < 0 ? 1 : *c + 1;
	}
	/* Guids that are one id once made ids ("a b" and "a_b"): each the
	 * id and a hash of its guid as written, but for one that is the id
	 * as written; not ".2" in the feed's order, which a feed that
	 * reorders its events would give to the other session, and the
	 * star with it. */
	for (size_t i = 0; i < n; i++) {
		if (!by_guid[i] || bd_map_get(&timed, want[i]) < 2)
			continue;
		/* One that is an id as written keeps it: a session added
		 * with a guid that cleans to it does not rename it. */
		const char *g = f->sessions[i].guid.s;
		if (strcmp(g, want[i]) == 0)
			continue;
		char suffix[24], buf[PROGRAM_MAX_ID + 1];
		snprintf(suffix, sizeof(suffix), "-%08llx",
			 (unsigned long long)(bd_hash(g, strlen(g)) & 0xffffffffu));
		bd_id_fit(want[i], PROGRAM_MAX_ID - strlen(suffix), buf);
		strcat(buf, suffix);
		want[i] = arena_strndup(p->arena, buf, strlen(buf));
	}
	for (size_t i = 0; i < n; i++) {
		const struct program_session *s = &p->sessions[i];
		if (bd_map_get(&count, base[i]) == 1 || by_guid[i] ||
		    bd_map_get(&timed, want[i]) == 1 || s->room < 0 ||
		    p->rooms[s->room].id == NULL)
			continue;
		char suffix[PROGRAM_MAX_ID + 1], buf[PROGRAM_MAX_ID + 1];
		snprintf(suffix, sizeof(suffix), "-%s", p->rooms[s->room].id);
		if (strlen(suffix) > 24)
			suffix[24] = '\0';
		bd_id_fit(want[i], PROGRAM_MAX_ID - strlen(suffix), buf);
		strcat(buf, suffix);
		want[i] = arena_strndup(p->arena, buf, strlen(buf));
	}
	bd_map_finish(&timed);
	/* Still taken: ".2", ".3"... in feed order. Each id remembers the
	 * last number it gave: n sessions of one id are n steps, not n*n/2
	 * (and as many strings: 16,000 of one UID took 3 GB). */
	struct bd_map last;
	bd_map_init(&last, n);
	for (size_t i = 0; i < n; i++) {
		const char *id = want[i];
		if (bd_map_get(&taken, id) >= 0) {
			int *k = bd_map_ref(&last, want[i]);
			int num = *k < 2 ? 2 : *k + 1;
			char buf[PROGRAM_MAX_ID + 1], suffix[16];
			for (;; num++) {
				snprintf(suffix, sizeof(suffix), ".%d", num);
				bd_id_fit(want[i], PROGRAM_MAX_ID - strlen(suffix),
					  buf);
				strcat(buf, suffix);
				if (bd_map_get(&taken, buf) < 0)
					break;
			}
			*k = num;
			id = arena_strndup(p->arena, buf, strlen(buf));
		}
		bd_map_put(&taken, id, (int)i);
		p->sessions[i].id = id;
	}
	bd_map_finish(&last);
	bd_map_finish(&taken);
	bd_map_finish(&guids);
	bd_map_finish(&count);
	free(by_guid);
	free(want);
	free(base);
}

void
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
			bd_path(path, sizeof(path), NULL, "sessions", i);
			/* At the id's value; a derived id has none. */
			const struct feed_session *fs = &bd->f->sessions[i];
			bd_error(bd, fs->id.pos.line ? fs->id.pos : fs->pos,
				 path, "id", "duplicate session id \"%s\"", id);
		} else {
			bd_map_put(&ids, id, (int)i);
		}
	}
	bd_map_finish(&ids);
}
