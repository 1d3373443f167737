/* The search index and the runs over it (search.h): each session's texts
 * by slot, made when a query first reads them, and matched a block of
 * sessions at a time; the one-shot search of the command line, which
 * keeps no index. The queries themselves are search_query.c's. */
#include "search_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/buf.h"
#include "sked/fold.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

/* ---- the index ---- */

struct search_text {
	const char *text, *folded; /* folded: NULL when equal to text */
	uint32_t len, flen;
};

/* A growing string for joining a field's values, NUL between two (see
 * search_add_term in search_query.c). */
struct search_buf {
	struct buf b;
	size_t values; /* how many were added */
};

struct search_index {
	const struct program *p;
	/* Per field, its text of each session (n_sessions), allocated when
	 * a query first reads the field: a query of titles touches the
	 * titles' array only, not every session's ten slots. NULL for a
	 * one-shot search (search_once), which keeps nothing. */
	struct search_text *v[SEARCH_NFIELDS];
	/* Per session: its SEARCH_NMORE further texts, or NULL for none. */
	struct search_text **more;
	/* Per session, a bit for each slot whose text is in: a slot is
	 * filled the first time a query reads it, so `title:x` folds titles
	 * only, and only a query of the abstract reads the abstracts (which
	 * may turn HTML into text, program_text). */
	uint16_t *filled;
	/* Scratch memory reused from text to text: a field's values joined
	 * (see search_add_term in search_query.c), a text folded. */
	struct search_buf join;
	struct buf fold;
	/* Each conference day's "YYYY-MM-DD Weekday", made once: every
	 * session of the day has the same (snprintf per session was 8 % of
	 * a search of all fields). */
	const char **day_text;
	struct arena *arena;
};

_Static_assert(SEARCH_NSLOTS <= 16, "a slot is a bit of filled[]");

static void
search_buf_add(struct search_buf *b, const char *s)
{
	if (b->values++)
		buf_put(&b->b, "", 1); /* the NUL that ends "" */
	buf_puts(&b->b, s);
}

/* The JIT may read a few bytes past a subject's end, which must have been
 * written (memcheck would say so otherwise, and that would hide a real
 * error): a copy in the index's arena is followed by initialized bytes
 * (arena.h), a text in the scratch by TEXT_PAD zeros. */

/* A copy of a text in x's arena. */
static const char *
search_copy(struct search_index *x, const char *text, size_t len)
{
	return arena_strndup(x->arena, text, len);
}

/* TEXT_PAD zeros onto b's end. */
static void
search_pad(struct buf *b)
{
	memset(buf_room(b, TEXT_PAD), 0, TEXT_PAD);
	b->n += TEXT_PAD;
}

/* The folded text of text[0..len) onto b from its end: true when folding
 * changes the text, else false with b as it was. */
static bool
search_fold(struct buf *b, const char *text, size_t len)
{
	size_t ascii = text_ascii_prefix(text, len);
	if (ascii == len)
		return false;
	size_t start = b->n;
	/* ASCII stays as it is: the prefix is copied, the rest folded. */
	buf_put(b, text, ascii);
	size_t flen = ascii + fold_append(b, text + ascii, len - ascii);
	if (flen == len && memcmp(b->v + start + ascii, text + ascii,
				  len - ascii) == 0) {
		b->n = start;
		return false;
	}
	return true;
}

static void
search_people(struct search_buf *b, const struct program_people *pp)
{
	for (size_t i = 0; i < pp->n; i++) {
		search_buf_add(b, pp->v[i].name);
		if (pp->v[i].affiliation)
			search_buf_add(b, pp->v[i].affiliation);
	}
}

static struct search_index *
search_index_new(const struct program *p, bool keep)
{
	struct search_index *x = xcalloc(1, sizeof(*x));
	x->p = p;
	x->arena = arena_create();
	if (keep) {
		size_t n = p->n_sessions ? p->n_sessions : 1;
		x->more = xcalloc(n, sizeof(*x->more));
		x->filled = xcalloc(n, sizeof(*x->filled));
	}
	return x;
}

struct search_index *
search_index_create(const struct program *p)
{
	return search_index_new(p, true);
}

enum { SEARCH_DAY_TEXT = 40 };

/* The text of conference day `day` of p ("YYYY-MM-DD Weekday") into
 * text; its length. */
static size_t
search_day_format(const struct program *p, int day,
		  char text[SEARCH_DAY_TEXT])
{
	struct tz_date d;
	program_day_date(p, day, &d);
	int n = snprintf(text, SEARCH_DAY_TEXT, "%04d-%02d-%02d %s", d.year,
			 d.month, d.day,
			 tz_weekday_name(tz_weekday(
				 tz_days_from_civil(d.year, d.month, d.day))));
	size_t len = n < 0 ? 0 : (size_t)n;
	return len < SEARCH_DAY_TEXT ? len : SEARCH_DAY_TEXT - 1;
}

/* The text of conference day `day` (a scheduled session's). */
static const char *
search_day_text(struct search_index *x, int day)
{
	const struct program *p = x->p;
	if (x->day_text == NULL) {
		size_t size = (size_t)p->conference.n_days * sizeof(*x->day_text);
		x->day_text = arena_alloc(x->arena, size); /* zeros */
	}
	if (x->day_text[day] == NULL) {
		char text[SEARCH_DAY_TEXT];
		size_t len = search_day_format(p, day, text);
		x->day_text[day] = search_copy(x, text, len);
	}
	return x->day_text[day];
}

/* The text of slot f of session i when the program holds it as one
 * string; else NULL, its values (when it has any) joined onto b from b's
 * end. */
static const char *
search_slot_text(struct search_index *x, size_t i, int f,
		 struct search_buf *b)
{
	const struct program *p = x->p;
	const struct program_session *s = &p->sessions[i];
	const char *direct = NULL;
	b->values = 0;
	switch (f) {
	case SEARCH_TITLE: direct = s->title; break;
	case SEARCH_TYPE: direct = s->type; break;
	case SEARCH_ID: direct = s->id; break;
	case SEARCH_SLOT_SUBTITLE: direct = s->subtitle; break;
	case SEARCH_ABSTRACT:
		direct = program_text(p, &s->abstract_text);
		break;
	case SEARCH_SLOT_DESCRIPTION:
		direct = program_text(p, &s->description_text);
		break;
	case SEARCH_SPEAKER:
		search_people(b, &s->speakers);
		search_people(b, &s->authors);
		break;
	case SEARCH_TRACK:
		if (s->track >= 0) {
			search_buf_add(b, p->tracks[s->track].id);
			search_buf_add(b, p->tracks[s->track].name);
		}
		break;
	case SEARCH_ROOM:
		if (s->room >= 0) {
			search_buf_add(b, p->rooms[s->room].id);
			search_buf_add(b, p->rooms[s->room].name);
		}
		break;
	case SEARCH_TAG:
		for (size_t k = 0; k < s->tags.n; k++)
			search_buf_add(b, s->tags.v[k]);
		break;
	case SEARCH_DAY:
		if (s->scheduled)
			direct = search_day_text(x, s->day);
		break;
	case SEARCH_LANG:
		/* One value needs no joining: the program's string is the
		 * text (most sessions have one language). */
		if (s->languages.n == 1)
			direct = s->languages.v[0];
		else
			for (size_t k = 0; k < s->languages.n; k++)
				search_buf_add(b, s->languages.v[k]);
		break;
	case SEARCH_SLOT_LINKS:
		if (s->links.n == 1)
			direct = s->links.v[0].title;
		else
			for (size_t k = 0; k < s->links.n; k++)
				if (s->links.v[k].title)
					search_buf_add(b, s->links.v[k].title);
		break;
	default:
		break;
	}
	return direct;
}

/* ---- a field's values, one by one ---- */

/* fn on each of v[0..n) that is there (not NULL nor empty) until it
 * returns true; whether it did. */
static bool
search_each(const char *const *v, size_t n,
	    bool (*fn)(const char *value, void *arg), void *arg)
{
	for (size_t k = 0; k < n; k++)
		if (v[k] != NULL && v[k][0] != '\0' && fn(v[k], arg))
			return true;
	return false;
}

static bool
search_each_person(const struct program_people *pp,
		   bool (*fn)(const char *value, void *arg), void *arg)
{
	for (size_t k = 0; k < pp->n; k++) {
		const char *v[] = {pp->v[k].name, pp->v[k].affiliation};
		if (search_each(v, 2, fn, arg))
			return true;
	}
	return false;
}

bool
search_values(const struct program *p, size_t i, enum search_field f,
	      bool (*fn)(const char *value, void *arg), void *arg)
{
	const struct program_session *s = &p->sessions[i];
	const char *v[2] = {NULL, NULL};
	char day[SEARCH_DAY_TEXT];
	switch (f) {
	case SEARCH_TITLE:
		v[0] = s->title;
		v[1] = s->subtitle;
		break;
	case SEARCH_SPEAKER:
		return search_each_person(&s->speakers, fn, arg) ||
		       search_each_person(&s->authors, fn, arg);
	case SEARCH_ABSTRACT:
		v[0] = program_text(p, &s->abstract_text);
		v[1] = program_text(p, &s->description_text);
		if (search_each(v, 2, fn, arg))
			return true;
		for (size_t k = 0; k < s->links.n; k++)
			if (search_each(&s->links.v[k].title, 1, fn, arg))
				return true;
		return false;
	case SEARCH_TRACK:
		if (s->track >= 0) {
			v[0] = p->tracks[s->track].id;
			v[1] = p->tracks[s->track].name;
		}
		break;
	case SEARCH_ROOM:
		if (s->room >= 0) {
			v[0] = p->rooms[s->room].id;
			v[1] = p->rooms[s->room].name;
		}
		break;
	case SEARCH_TAG:
		return search_each(s->tags.v, s->tags.n, fn, arg);
	case SEARCH_TYPE: v[0] = s->type; break;
	case SEARCH_ID: v[0] = s->id; break;
	case SEARCH_DAY:
		if (s->scheduled) {
			search_day_format(p, s->day, day);
			v[0] = day;
		}
		break;
	case SEARCH_LANG:
		return search_each(s->languages.v, s->languages.n, fn, arg);
	default:
		break;
	}
	return search_each(v, 2, fn, arg);
}

/* Slot f of session i made searchable, into *t: its text, the program's
 * own string or its values joined onto x->join from its end (*joined, at
 * *join_at), and its folded text, when folding changes it, onto x->fold
 * from its end (at *fold_at); both made ones padded. The scratch may move
 * as it grows: a made text's pointer in *t holds until the next call.
 * False when the slot has no text. */
static bool
search_slot_make(struct search_index *x, size_t i, int f,
		 struct search_text *t, bool *joined, size_t *join_at,
		 size_t *fold_at)
{
	*join_at = x->join.b.n;
	const char *text = search_slot_text(x, i, f, &x->join);
	size_t len;
	*joined = text == NULL;
	if (*joined) {
		len = x->join.b.n - *join_at;
		if (len == 0)
			return false;
		search_pad(&x->join.b);
		text = x->join.b.v + *join_at;
	} else {
		len = strlen(text);
	}
	*t = (struct search_text){.text = text, .len = (uint32_t)len};
	*fold_at = x->fold.n;
	if (search_fold(&x->fold, text, len)) {
		t->flen = (uint32_t)(x->fold.n - *fold_at);
		search_pad(&x->fold);
		t->folded = x->fold.v + *fold_at;
	}
	return true;
}

/* Session i's slots of `need` into x, those not in yet: a program of
 * 100,000 sessions costs nothing until searched, a search run a part at a
 * time (search_run_range) pays for its part only, and a query of one
 * field for that field only. */
static void
search_index_fill(struct search_index *x, size_t i, unsigned need)
{
	need &= ~(unsigned)x->filled[i];
	if (need == 0)
		return;
	x->filled[i] |= (uint16_t)need;
	for (int f = 0; f < SEARCH_NSLOTS; f++) {
		if (!(need & 1u << f))
			continue;
		if (f < SEARCH_NFIELDS && x->v[f] == NULL)
			x->v[f] = xcalloc(x->p->n_sessions, sizeof(*x->v[f]));
		struct search_text made;
		bool joined;
		size_t join_at, fold_at;
		x->join.b.n = 0;
		x->fold.n = 0;
		if (!search_slot_make(x, i, f, &made, &joined, &join_at,
				      &fold_at))
			continue;
		struct search_text *t;
		if (f < SEARCH_NFIELDS) {
			t = &x->v[f][i];
		} else {
			/* Further texts: allocated for a session that has
			 * one, a pointer for one that has none. */
			if (x->more[i] == NULL) {
				size_t size = SEARCH_NMORE * sizeof(**x->more);
				/* Zeros, as an arena's memory is. */
				x->more[i] = arena_alloc(x->arena, size);
			}
			t = &x->more[i][f - SEARCH_NFIELDS];
		}
		/* What was made in the scratch is copied to the index. */
		*t = made;
		if (joined)
			t->text = search_copy(x, made.text, made.len);
		if (made.folded != NULL)
			t->folded = search_copy(x, made.folded, made.flen);
	}
}

/* The texts of the slots of `need` of session i as the index holds
 * them, into txt (the other slots left as they are). */
static void
search_index_get(const struct search_index *x, size_t i, unsigned need,
		 struct search_text *txt)
{
	const struct search_text *more = x->more[i];
	for (; need != 0; need &= need - 1) {
		int f = __builtin_ctz(need);
		if (f < SEARCH_NFIELDS)
			txt[f] = x->v[f][i];
		else if (more != NULL)
			txt[f] = more[f - SEARCH_NFIELDS];
	}
}

/* The texts of the slots of `need` of session i into txt (whose slots
 * are all empty) for a one-shot search: the texts the program does not
 * hold (joined, folded) made in x's scratch memory, which the next
 * session's reuse. */
static void
search_once_texts(struct search_index *x, size_t i, unsigned need,
		  struct search_text *txt)
{
	/* Where in the scratch each made text is: the scratch may move
	 * as it grows, so pointers are taken once all are made. */
	size_t joined_at[SEARCH_NSLOTS], folded_at[SEARCH_NSLOTS];
	unsigned joined = 0, folded = 0;
	x->join.b.n = 0;
	x->fold.n = 0;
	for (unsigned m = need; m != 0; m &= m - 1) {
		int f = __builtin_ctz(m);
		bool made_joined;
		if (!search_slot_make(x, i, f, &txt[f], &made_joined,
				      &joined_at[f], &folded_at[f]))
			continue;
		joined |= (unsigned)made_joined << f;
		folded |= (unsigned)(txt[f].folded != NULL) << f;
	}
	for (; joined != 0; joined &= joined - 1) {
		int f = __builtin_ctz(joined);
		txt[f].text = x->join.b.v + joined_at[f];
	}
	for (; folded != 0; folded &= folded - 1) {
		int f = __builtin_ctz(folded);
		txt[f].folded = x->fold.v + folded_at[f];
	}
}

/* The slots a query reads. */
static unsigned
search_query_slots(const struct search_query *q)
{
	unsigned m = 0;
	for (size_t ti = 0; ti < q->n; ti++)
		m |= q->terms[ti].slots;
	return m;
}

void
search_index_destroy(struct search_index *x)
{
	if (x == NULL)
		return;
	for (int f = 0; f < SEARCH_NFIELDS; f++)
		free(x->v[f]);
	free(x->more);
	free(x->filled);
	free(x->join.b.v);
	free(x->fold.v);
	arena_destroy(x->arena);
	free(x);
}

/* ---- matching ---- */

/* Whether term t matches field f of a session's texts: an ASCII term
 * the folded text or the original (`[^\x00-\x7f]` and `T\x{f6}pel` are
 * ASCII patterns that only the original can match). */
static int
search_term_field(struct search_query *q, const struct search_term *t,
		  const struct search_text *txt, struct search_error *err)
{
	if (txt->text == NULL)
		return 0;
	if (t->folded && txt->folded) {
		int r = search_match(q, t, txt->folded, txt->flen, 0, err);
		if (r != 0)
			return r;
	}
	return search_match(q, t, txt->text, txt->len, 0, err);
}

/* Whether a session's texts (txt, by slot; those q reads) match every
 * term of q: 1 with a bit in *fields for each field a term matched, 0,
 * or -1 when a limit stopped it (err set). */
static int
search_session(struct search_query *q, const struct search_text *txt,
	       unsigned *fields, struct search_error *err)
{
	*fields = 0;
	for (size_t ti = 0; ti < q->n; ti++) {
		const struct search_term *t = &q->terms[ti];
		bool hit = false;
		for (unsigned m = t->slots; m != 0; m &= m - 1) {
			int slot = __builtin_ctz(m);
			int r = search_term_field(q, t, &txt[slot], err);
			if (r < 0)
				return -1;
			if (r) {
				hit = true;
				if (t->negate)
					break;
				*fields |= 1u << search_slot_field(slot);
			}
		}
		if (hit == t->negate)
			return 0;
	}
	return 1;
}

/* Session i into *results (n of cap) when it matches q: 0, or -1 when a
 * limit stopped the search (err set, *results freed). */
static int
search_add_result(struct search_query *q, size_t i,
		  const struct search_text *txt, struct search_result **results,
		  size_t *n, size_t *cap, struct search_error *err)
{
	unsigned fields;
	int r = search_session(q, txt, &fields, err);
	if (r < 0) {
		free(*results);
		*results = NULL;
		return -1;
	}
	if (r == 0)
		return 0;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*results = xreallocarray(*results, *cap, sizeof(**results));
	}
	(*results)[(*n)++] = (struct search_result){i, fields};
	return 0;
}

long
search_run(struct search_query *q, struct search_index *x,
	   struct search_result **results, struct search_error *err)
{
	return search_run_range(q, x, 0, x->p->n_sessions, results, err);
}

void
search_index_prepare(struct search_index *x, size_t begin, size_t end)
{
	if (end > x->p->n_sessions)
		end = x->p->n_sessions;
	for (size_t k = begin; k < end; k++)
		search_index_fill(x, x->p->order[k], (1u << SEARCH_NSLOTS) - 1);
}

/* Sessions filled, then matched, this many at a time: a block's texts
 * are still in the cache when they are matched (filling the whole range
 * first read every text twice from memory). */
enum { SEARCH_BLOCK = 32 };

long
search_run_range(struct search_query *q, struct search_index *x, size_t begin,
		 size_t end, struct search_result **results,
		 struct search_error *err)
{
	const struct program *p = x->p;
	size_t n = 0, cap = 0;
	*results = NULL;
	unsigned slots = search_query_slots(q);
	if (end > p->n_sessions)
		end = p->n_sessions;
	for (size_t k0 = begin; k0 < end; k0 += SEARCH_BLOCK) {
		size_t k1 = end - k0 < SEARCH_BLOCK ? end : k0 + SEARCH_BLOCK;
		/* The block's texts in first, then searched: what the JIT
		 * reads past a text's end was written before (TEXT_PAD). */
		for (size_t k = k0; k < k1; k++)
			search_index_fill(x, p->order[k], slots);
		for (size_t k = k0; k < k1; k++) {
			size_t i = p->order[k];
			struct search_text txt[SEARCH_NSLOTS] = {0};
			search_index_get(x, i, slots, txt);
			if (search_add_result(q, i, txt, results, &n, &cap,
					      err) < 0)
				return -1;
		}
	}
	return (long)n;
}

long
search_once(struct search_query *q, const struct program *p,
	    struct search_result **results, struct search_error *err)
{
	struct search_index *x = search_index_new(p, false);
	size_t n = 0, cap = 0;
	*results = NULL;
	unsigned slots = search_query_slots(q);
	long ret = 0;
	for (size_t k = 0; k < p->n_sessions && ret == 0; k++) {
		size_t i = p->order[k];
		struct search_text txt[SEARCH_NSLOTS] = {0};
		search_once_texts(x, i, slots, txt);
		ret = search_add_result(q, i, txt, results, &n, &cap, err);
	}
	search_index_destroy(x);
	return ret < 0 ? -1 : (long)n;
}

