/* The speakers' index of a program: every person named as a speaker or
 * an author, once, with the sessions they are in; built on first use. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/fold.h"
#include "sked/xalloc.h"
#include "tui.h"

/* Two ids, either of which may be missing, compared as strings. */
static int
person_id_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* One person: the same name and the same feed id (two people of one
 * name, told apart by the feed, stay two). */
bool
tui_person_in(const struct program_people *pp, const struct person *who)
{
	for (size_t i = 0; i < pp->n; i++)
		if (strcmp(pp->v[i].name, who->name) == 0 &&
		    person_id_cmp(pp->v[i].id, who->id) == 0)
			return true;
	return false;
}

struct person_ref {
	const char *name;
	const char *id;
	const char *affiliation;
	size_t session;
};

/* The length of name without a parenthesized part at its end (a handle,
 * an affiliation written into the name), when something is before it. */
static int
people_name_len(const char *name)
{
	size_t n = strlen(name);
	if (n > 0 && name[n - 1] == ')') {
		const char *open = strrchr(name, '(');
		if (open != NULL && open > name) {
			size_t k = (size_t)(open - name);
			while (k > 0 && name[k - 1] == ' ')
				k--;
			if (k > 0)
				n = k;
		}
	}
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* The last space of name[0..len), or NULL. */
static const char *
people_last_space(const char *name, int len)
{
	for (int i = len - 1; i > 0; i--)
		if (name[i] == ' ')
			return name + i;
	return NULL;
}

/* The sort keys of name: its family name (the last word, without a
 * handle after the name) and the given names before it, each folded with
 * its case (fold_key), so that "Björn Töpel" sorts as "topel" and
 * "philip Li" as "li". The caller frees both. */
static void
people_sort_keys(const char *name, char **family, char **given)
{
	int len = people_name_len(name);
	const char *last = people_last_space(name, len);
	if (last == NULL) {
		*family = fold_key(name, (size_t)len);
		*given = fold_key("", 0);
		return;
	}
	*family = fold_key(last + 1, (size_t)(name + len - last - 1));
	*given = fold_key(name, (size_t)(last - name));
}

static int
person_ref_cmp(const void *a, const void *b)
{
	const struct person_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c == 0)
		c = person_id_cmp(x->id, y->id);
	if (c)
		return c;
	return x->session < y->session ? -1 : x->session > y->session;
}

static int
person_cmp(const void *a, const void *b)
{
	const struct person *x = a, *y = b;
	/* The folded names, then the bytes: a total order, so that
	 * people_find finds by it and namesakes always come alike. */
	int c = strcmp(x->sort_family, y->sort_family);
	if (c == 0)
		c = strcmp(x->sort_given, y->sort_given);
	if (c == 0)
		c = strcmp(x->name, y->name);
	return c ? c : person_id_cmp(x->id, y->id);
}

static void
people_build(const struct program *p, struct people *out, struct arena *arena)
{
	size_t n = 0, cap = 0;
	struct person_ref *refs = NULL;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_people *lists[2] = {&p->sessions[i].speakers,
							 &p->sessions[i].authors};
		for (int l = 0; l < 2; l++)
			for (size_t k = 0; k < lists[l]->n; k++) {
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					refs = xreallocarray(refs, cap,
							     sizeof(*refs));
				}
				refs[n++] = (struct person_ref){
					lists[l]->v[k].name, lists[l]->v[k].id,
					lists[l]->v[k].affiliation, i};
			}
	}
	xqsort(refs, n, sizeof(*refs), person_ref_cmp);
	out->v = xcalloc(n + 1, sizeof(*out->v));
	/* Each person's sessions, a run of this array (the refs of one
	 * person are together, by session). */
	size_t *lists = arena_alloc(arena, (n + 1) * sizeof(*lists)), used = 0;
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		bool same = out->n &&
			    strcmp(out->v[out->n - 1].name, refs[i].name) == 0 &&
			    person_id_cmp(out->v[out->n - 1].id, refs[i].id) == 0;
		if (!same) {
			/* "First Middle Last" sorts as "Last, First Middle";
			 * a handle after the name ("Fabien Benetou
			 * (@Utopiah)") is not its last word. */
			const char *name = refs[i].name;
			char *family, *given;
			people_sort_keys(name, &family, &given);
			out->v[out->n++] = (struct person){
				.name = name,
				.id = refs[i].id,
				.affiliation = refs[i].affiliation,
				.sort_family = arena_strndup(arena, family,
							     strlen(family)),
				.sort_given = arena_strndup(arena, given,
							    strlen(given)),
				.sessions = 1,
				.session_list = lists + used};
			lists[used++] = refs[i].session;
			free(family);
			free(given);
		} else {
			struct person *pp = &out->v[out->n - 1];
			if (pp->affiliation == NULL)
				pp->affiliation = refs[i].affiliation;
			if (refs[i].session != refs[i - 1].session) {
				pp->sessions++;
				lists[used++] = refs[i].session;
			}
		}
	}
	free(refs);
	xqsort(out->v, out->n, sizeof(*out->v), person_cmp);
}

size_t
people_find(const struct people *pp, const char *name, const char *id)
{
	char *family, *given;
	people_sort_keys(name, &family, &given);
	struct person want = {.name = name, .id = id, .sort_family = family,
			      .sort_given = given};
	const struct person *o = pp->n ? bsearch(&want, pp->v, pp->n,
						 sizeof(*pp->v), person_cmp)
				       : NULL;
	free(family);
	free(given);
	return o ? (size_t)(o - pp->v) : (size_t)-1;
}

const struct people *
tui_people(struct tui *t)
{
	struct people *pp = &t->people[t->cur];
	if (pp->v == NULL)
		people_build(tui_program(t), pp, t->arena);
	return pp;
}
