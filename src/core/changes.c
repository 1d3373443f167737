/* changes: what changed for the starred sessions between two versions of
 * a program, and stars that follow sessions whose id changed (changes.h).
 *
 * Both programs and the agenda may hold 100,000 entries and come from
 * files anyone may have written: sessions are found through hash indexes
 * (keyed by strset_hash, so no input floods them), and the sessions of new
 * that share a guid are sorted by start once, so that finding the nearest
 * slot of a guid costs a binary search, not a scan of every slot. */
#include "sked/changes.h"

#include <stdlib.h>
#include <string.h>

#include "sked/format.h"
#include "sked/strset.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* ---- an index from strings to numbers (open addressing) ---- */

struct ch_index {
	const char **k; /* cap slots, NULL when empty; borrowed strings */
	size_t *v;
	size_t cap;
};

static void
ch_index_init(struct ch_index *x, size_t expect)
{
	x->cap = 16;
	while (x->cap < expect * 2)
		x->cap *= 2;
	x->k = xcalloc(x->cap, sizeof(*x->k));
	x->v = xcalloc(x->cap, sizeof(*x->v));
}

static void
ch_index_finish(struct ch_index *x)
{
	free(x->k);
	free(x->v);
}

static size_t
ch_index_slot(const struct ch_index *x, const char *key)
{
	size_t i = strset_hash(key) & (x->cap - 1);
	while (x->k[i] != NULL && strcmp(x->k[i], key) != 0)
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* Adds key (which must outlive the index) with v, unless it is there:
 * sized by ch_index_init for every key, it never fills. */
static void
ch_index_put(struct ch_index *x, const char *key, size_t v)
{
	size_t i = ch_index_slot(x, key);
	if (x->k[i] == NULL) {
		x->k[i] = key;
		x->v[i] = v;
	}
}

static bool
ch_index_get(const struct ch_index *x, const char *key, size_t *v)
{
	size_t i = ch_index_slot(x, key);
	if (x->k[i] == NULL)
		return false;
	*v = x->v[i];
	return true;
}

/* ---- the sessions of new, by id and by guid ---- */

/* A session of new that has a guid, for sorting: by guid, then the
 * scheduled ones by start, then the unscheduled ones, each in file order. */
struct ch_slot {
	const char *guid;
	bool scheduled;
	int64_t start;
	size_t session;
};

static int
ch_slot_cmp(const void *x, const void *y)
{
	const struct ch_slot *a = x, *b = y;
	int c = strcmp(a->guid, b->guid);
	if (c != 0)
		return c;
	if (a->scheduled != b->scheduled)
		return a->scheduled ? -1 : 1;
	if (a->scheduled && a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->session < b->session ? -1 : a->session > b->session;
}

/* The slots of one guid: slots[first..first+n), the first n_scheduled of
 * them scheduled. */
struct ch_group {
	size_t first, n, n_scheduled;
};

struct ch_new {
	const struct program *p;
	struct ch_index by_id;   /* id -> session */
	struct ch_index by_guid; /* guid -> group */
	struct ch_slot *slots;
	struct ch_group *groups;
};

static void
ch_new_init(struct ch_new *x, const struct program *p)
{
	size_t n = p->n_sessions;
	x->p = p;
	ch_index_init(&x->by_id, n);
	for (size_t i = 0; i < n; i++)
		ch_index_put(&x->by_id, p->sessions[i].id, i);
	x->slots = xcalloc(n + 1, sizeof(*x->slots));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct program_session *s = &p->sessions[i];
		if (s->guid != NULL && s->guid[0] != '\0')
			x->slots[k++] = (struct ch_slot){s->guid, s->scheduled,
							 s->start_utc, i};
	}
	xqsort(x->slots, k, sizeof(*x->slots), ch_slot_cmp);
	x->groups = xcalloc(k + 1, sizeof(*x->groups));
	ch_index_init(&x->by_guid, k);
	size_t g = 0;
	for (size_t i = 0; i < k; g++) {
		struct ch_group *gr = &x->groups[g];
		gr->first = i;
		for (; i < k && strcmp(x->slots[i].guid,
				       x->slots[gr->first].guid) == 0; i++) {
			gr->n++;
			gr->n_scheduled += x->slots[i].scheduled;
		}
		ch_index_put(&x->by_guid, x->slots[gr->first].guid, g);
	}
}

static void
ch_new_finish(struct ch_new *x)
{
	ch_index_finish(&x->by_id);
	ch_index_finish(&x->by_guid);
	free(x->slots);
	free(x->groups);
}

/* The session of new that old session o became. Its guid says which,
 * when new has it: the session of o's id when that one has the guid too,
 * else the slot of the guid that starts nearest o (the earlier of two as
 * near); an unscheduled o goes to the guid's first unscheduled slot, and
 * where the kind asked for is missing, the other kind's first slot is
 * taken. A guid new lacks (a feed that has none, or makes them anew each
 * export) leaves the id: the session of o's id. NULL when neither way
 * finds one. The guid first: two sessions whose ids were swapped are
 * each followed to itself, not to the other's talk. */
static const struct program_session *
ch_follow(const struct ch_new *x, const struct program_session *o)
{
	size_t i;
	bool by_id = ch_index_get(&x->by_id, o->id, &i);
	const struct program_session *same = by_id ? &x->p->sessions[i] : NULL;
	if (o->guid == NULL || o->guid[0] == '\0' ||
	    !ch_index_get(&x->by_guid, o->guid, &i))
		return same;
	if (same != NULL && same->guid != NULL &&
	    strcmp(same->guid, o->guid) == 0)
		return same;
	const struct ch_group *g = &x->groups[i];
	const struct ch_slot *v = x->slots + g->first;
	size_t pick = 0; /* the earliest slot, or the first unscheduled one */
	if (!o->scheduled && g->n_scheduled < g->n)
		pick = g->n_scheduled;
	else if (o->scheduled && g->n_scheduled > 1) {
		/* The first scheduled slot starting at or after o, and the
		 * one before it: the nearer of the two. */
		size_t lo = 0, hi = g->n_scheduled;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (v[mid].start < o->start_utc)
				lo = mid + 1;
			else
				hi = mid;
		}
		pick = lo < g->n_scheduled ? lo : lo - 1;
		if (lo > 0 && lo < g->n_scheduled &&
		    o->start_utc - v[lo - 1].start <= v[lo].start - o->start_utc)
			pick = lo - 1;
	}
	return &x->p->sessions[v[pick].session];
}

/* ---- computing ---- */

static const char *
ch_room(const struct program *p, const struct program_session *s)
{
	return s->room >= 0 ? p->rooms[s->room].name : NULL;
}

static bool
ch_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static char *
ch_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The two versions compared, and the stars. */
struct ch_pair {
	struct ch_new old, new;
	struct ch_index starred;
	int how; /* CHANGES_WITH_* */
};

/* What the star on id tells of: *o, the old session, and *s, the session
 * of new that o became (NULL: cancelled); or, *back, a session new has
 * that no old one becomes, back (*o and *s both it). False when it tells
 * of nothing: an id neither version has, a session new in this version
 * (not back), or one another star tells of.
 * Before the stars moved, an id old has is old's session; after, an id
 * new has is new's: the two differ where ids were reused (two sessions
 * that swapped ids), and taking one for the other would report each star
 * with the other session's change. */
static bool
ch_star(const struct ch_pair *c, const char *id,
	const struct program_session **o, const struct program_session **s,
	bool *back)
{
	bool moved = c->how & CHANGES_WITH_STARS_MOVED;
	size_t i, j;
	const struct program_session *os = NULL, *ns = NULL;
	if (ch_index_get(&c->old.by_id, id, &i))
		os = &c->old.p->sessions[i];
	if (ch_index_get(&c->new.by_id, id, &i))
		ns = &c->new.p->sessions[i];
	*back = false;
	if (os != NULL && (!moved || ns == NULL)) {
		*o = os;
		*s = ch_follow(&c->new, os);
		/* After the moves, a star left on an id new lacks (both ids
		 * starred by a move cut short): told under the new id. */
		return !moved || *s == NULL ||
		       !ch_index_get(&c->starred, (*s)->id, &j);
	}
	if (ns == NULL)
		return false; /* in neither version compared */
	/* A star on new's session: reported as the old session that became
	 * it, the one its guid leads to (the nearest in time of the guid's)
	 * when that one leads back to it. Before the moves, such a star on
	 * an id only new has already followed its session (sked update
	 * moves them before sked changes asks); not told twice when its old
	 * id is starred too. */
	*s = ns;
	*o = ch_follow(&c->old, ns);
	if (*o == NULL) {
		/* No old session leads to it: a session that was not in the
		 * old version is back (cancelled before, its star kept). */
		*o = ns;
		*back = true;
		return c->how & CHANGES_WITH_BACK;
	}
	return ch_follow(&c->new, *o) == ns &&
	       (moved || !ch_index_get(&c->starred, (*o)->id, &j));
}

void
changes_compute(const struct program *old, const struct program *new,
		const struct agenda *a, int how, struct changes *out)
{
	out->v = NULL;
	out->n = 0;
	const char *oz = tz_name(old->conference.zone),
		   *nz = tz_name(new->conference.zone);
	out->old_zone = strcmp(oz, nz) != 0 ? xstrdup(oz) : NULL;
	/* Both ways: old's sessions by id and guid too, for the stars on
	 * new's ids (ch_star). */
	struct ch_pair c = {.how = how};
	ch_new_init(&c.old, old);
	ch_new_init(&c.new, new);
	ch_index_init(&c.starred, a->n);
	for (size_t k = 0; k < a->n; k++)
		ch_index_put(&c.starred, a->ids[k], k);
	size_t cap = 0;
	for (size_t k = 0; k < a->n; k++) {
		const struct program_session *o, *s;
		bool back;
		if (!ch_star(&c, a->ids[k], &o, &s, &back))
			continue;
		const char *old_room = back ? ch_room(new, o) : ch_room(old, o);
		const char *new_room = s ? ch_room(new, s) : NULL;
		int what = 0;
		if (s == NULL) {
			what = CHANGES_CANCELLED;
		} else if (back) {
			what = CHANGES_BACK;
		} else {
			if (o->scheduled != s->scheduled ||
			    o->start_utc != s->start_utc ||
			    o->duration != s->duration ||
			    !ch_same(old_room, new_room))
				what |= CHANGES_MOVED;
			if (strcmp(o->title, s->title) != 0)
				what |= CHANGES_RETITLED;
			if (strcmp(o->id, s->id) != 0)
				what |= CHANGES_ID;
		}
		if (what == 0)
			continue;
		if (out->n == cap) {
			cap = cap ? 2 * cap : 16;
			out->v = xreallocarray(out->v, cap, sizeof(*out->v));
		}
		out->v[out->n++] = (struct changes_item){
			.what = what,
			.id = xstrdup(o->id),
			.new_id = s ? xstrdup(s->id) : NULL,
			.old_title = xstrdup(o->title),
			.new_title = s ? xstrdup(s->title) : NULL,
			.old_start = o->scheduled ? o->start_utc : 0,
			.new_start = s && s->scheduled ? s->start_utc : 0,
			.old_duration = o->duration,
			.new_duration = s ? s->duration : 0,
			.old_room = ch_dup(old_room),
			.new_room = ch_dup(new_room),
		};
	}
	ch_new_finish(&c.new);
	ch_new_finish(&c.old);
	ch_index_finish(&c.starred);
}

size_t
changes_id_map(const struct program *old, const struct program *new,
	       const char ***from, const char ***to)
{
	struct ch_new x;
	ch_new_init(&x, new);
	*from = xcalloc(old->n_sessions + 1, sizeof(**from));
	*to = xcalloc(old->n_sessions + 1, sizeof(**to));
	size_t n = 0;
	for (size_t i = 0; i < old->n_sessions; i++) {
		const struct program_session *o = &old->sessions[i];
		const struct program_session *s = ch_follow(&x, o);
		if (s != NULL && strcmp(s->id, o->id) != 0) {
			(*from)[n] = o->id;
			(*to)[n++] = s->id;
		}
	}
	ch_new_finish(&x);
	return n;
}

void
changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct changes_item *it = &c->v[i];
		free(it->id);
		free(it->new_id);
		free(it->old_title);
		free(it->new_title);
		free(it->old_room);
		free(it->new_room);
	}
	free(c->v);
	free(c->old_zone);
	c->v = NULL;
	c->n = 0;
	c->old_zone = NULL;
}

enum {
	CH_NEWS = CHANGES_MOVED | CHANGES_RETITLED | CHANGES_CANCELLED |
		  CHANGES_BACK
};

size_t
changes_count(const struct changes *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += (c->v[i].what & CH_NEWS) != 0;
	return n;
}

/* ---- stars ---- */

/* One agenda_update, its notice taken as an error: an agenda set aside
 * as corrupt meanwhile is no agenda to move stars in. */
static bool
ch_update(struct agenda *a, const char *const *ids, size_t n, bool star,
	  char **error)
{
	char *notice = NULL;
	if (!agenda_update(a, ids, n, star, NULL, NULL, NULL, &notice, error)) {
		free(notice);
		return false;
	}
	if (notice != NULL) {
		*error = xasprintf("%s; no stars moved", notice);
		free(notice);
		return false;
	}
	return true;
}

long
changes_follow_stars(const struct changes *c, struct agenda *a, char **error)
{
	*error = NULL;
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += (c->v[i].what & CHANGES_ID) != 0;
	if (n == 0)
		return 0;
	/* What the file holds now (n == 0: nothing changes), so that a star
	 * another sked removed since a was loaded does not come back. */
	if (!ch_update(a, NULL, 0, true, error))
		return -1;
	const char **to = xcalloc(n + 1, sizeof(*to));
	const char **from = xcalloc(n + 1, sizeof(*from));
	struct strset targets;
	strset_init(&targets, n);
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct changes_item *it = &c->v[i];
		if (!(it->what & CHANGES_ID) || !agenda_has(a, it->id))
			continue;
		to[k] = it->new_id;
		from[k++] = it->id;
		strset_add(&targets, it->new_id);
	}
	/* Star first: a crash or a failure before the unstarring leaves the
	 * session starred twice (under both ids), which the next update
	 * cleans; the other order could leave it starred under neither. An
	 * old id that another item's session now holds keeps its star. */
	long moved = -1;
	if (k > 0 && ch_update(a, to, k, true, error)) {
		size_t m = 0;
		for (size_t i = 0; i < k; i++)
			if (strset_find(&targets, from[i]) == NULL)
				from[m++] = from[i];
		if (ch_update(a, from, m, false, error))
			moved = (long)k;
	} else if (k == 0) {
		moved = 0;
	}
	strset_finish(&targets);
	free(to);
	free(from);
	return moved;
}

/* ---- printing ---- */

static void
ch_put(FILE *fp, const char *s)
{
	char *clean = text_sanitize(s, strlen(s), 0);
	fputs(clean, fp);
	free(clean);
}

/* "Tue 5 March, 10:00–10:30 in Room A", in zone z (p's, or the old
 * version's), named when named is set. */
static void
ch_put_when(FILE *fp, const struct program *p, const struct tz_zone *z,
	    bool named, int64_t start, int duration, const char *room)
{
	if (start == 0) {
		fputs("unscheduled", fp);
	} else {
		/* format_when says a session's time: one made of the item's. */
		struct program_session s = {
			.scheduled = true,
			.start_utc = start,
			.duration = duration,
			.day = program_instant_day(p, start),
		};
		char buf[FORMAT_WHEN_MAX];
		fputs(format_when(buf, p, &s, z, FORMAT_WHEN_SHORT), fp);
		if (named) {
			fputc(' ', fp);
			ch_put(fp, tz_label(z));
		}
	}
	if (room != NULL) {
		fputs(" in ", fp);
		ch_put(fp, room);
	}
}

void
changes_print(FILE *fp, const struct changes *c, const struct program *p,
	      const char *indent)
{
	/* A zone that changed: the old times in the old zone, as they were
	 * shown, each side naming its zone. */
	const struct tz_zone *nz = p->conference.zone,
			     *oz = c->old_zone ? tz_find(c->old_zone) : NULL;
	bool named = oz != NULL;
	if (oz == NULL)
		oz = nz;
	for (size_t i = 0; i < c->n; i++) {
		const struct changes_item *it = &c->v[i];
		bool moved = it->what & CHANGES_MOVED;
		bool retitled = it->what & CHANGES_RETITLED;
		if (!(it->what & CH_NEWS))
			continue; /* only the id changed */
		fputs(indent, fp);
		if (it->what & (CHANGES_CANCELLED | CHANGES_BACK)) {
			fputs(it->what & CHANGES_BACK ? "back: " : "cancelled: ",
			      fp);
			ch_put(fp, it->old_title);
			fputs(": ", fp);
			/* A session back is the new version's. */
			ch_put_when(fp, p, it->what & CHANGES_BACK ? nz : oz,
				    named, it->old_start, it->old_duration,
				    it->old_room);
			fputc('\n', fp);
			continue;
		}
		fputs(moved && retitled ? "moved and retitled: "
		      : moved	  ? "moved: "
				  : "retitled: ",
		      fp);
		ch_put(fp, it->old_title);
		if (retitled) {
			fputs(" -> ", fp);
			ch_put(fp, it->new_title);
		}
		if (moved) {
			fputs(": ", fp);
			ch_put_when(fp, p, oz, named, it->old_start,
				    it->old_duration, it->old_room);
			fputs(" -> ", fp);
			ch_put_when(fp, p, nz, named, it->new_start,
				    it->new_duration, it->new_room);
		}
		fputc('\n', fp);
	}
}
