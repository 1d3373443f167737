/* agenda: one session starred in two programs (agenda_same_session), found
 * by agenda_twin in a program's starred sessions sorted by time and id. */
#include <stdlib.h>
#include <string.h>

#include "sked/agenda.h"
#include "sked/xalloc.h"

bool
agenda_same_session(const struct program_session *s,
		    const struct program_session *o)
{
	return s->scheduled && o->scheduled && s->start_utc == o->start_utc &&
	       program_session_end(s) == program_session_end(o) &&
	       strcmp(s->id, o->id) == 0 && strcmp(s->title, o->title) == 0;
}

/* By start, end, id and title: twins are next to each other, and in one
 * program (whose ids are unique) a key finds at most one. */
static int
agenda_twin_cmp(const void *x, const void *y)
{
	const struct program_session *a = *(const struct program_session *const *)x,
				     *b = *(const struct program_session *const *)y;
	int64_t ae = program_session_end(a), be = program_session_end(b);
	if (a->start_utc != b->start_utc)
		return a->start_utc < b->start_utc ? -1 : 1;
	if (ae != be)
		return ae < be ? -1 : 1;
	int c = strcmp(a->id, b->id);
	return c ? c : strcmp(a->title, b->title);
}

/* The scheduled sessions of p, those starred by a unless all. */
static void
agenda_twins_of(struct agenda_twins *t, const struct agenda *a, bool all,
		const struct program *p)
{
	t->v = xcalloc(p->n_sessions + 1, sizeof(*t->v));
	t->n = 0;
	for (size_t i = 0; i < p->n_sessions; i++)
		if (p->sessions[i].scheduled &&
		    (all || (a != NULL && agenda_has(a, p->sessions[i].id))))
			t->v[t->n++] = &p->sessions[i];
	xqsort(t->v, t->n, sizeof(*t->v), agenda_twin_cmp);
}

void
agenda_twins_init(struct agenda_twins *t, const struct agenda *a,
		  const struct program *p)
{
	agenda_twins_of(t, a, false, p);
}

void
agenda_twins_all(struct agenda_twins *t, const struct program *p)
{
	agenda_twins_of(t, NULL, true, p);
}

void
agenda_twins_finish(struct agenda_twins *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

bool
agenda_twin(const struct agenda_twins *t, const struct program_session *s)
{
	if (!s->scheduled || t->n == 0)
		return false;
	const struct program_session *const *o =
		bsearch(&s, t->v, t->n, sizeof(*t->v), agenda_twin_cmp);
	return o != NULL && agenda_same_session(*o, s);
}

size_t
agenda_distinct(const struct program_session **v, size_t n)
{
	xqsort(v, n, sizeof(*v), agenda_twin_cmp);
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += i == 0 || !agenda_same_session(v[i - 1], v[i]);
	return count;
}
