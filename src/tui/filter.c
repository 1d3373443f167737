/* Filters (f): the sessions every view lists, by track, room, language and
 * type (AND across kinds, OR within one), kept per conference with the
 * rest of the view state (viewstate.h) and shown in the header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/fold.h"
#include "sked/strset.h"
#include "sked/text.h"
#include "sked/viewstate.h"
#include "sked/xalloc.h"
#include "tui.h"

enum filter_kind { FILTER_TRACK, FILTER_ROOM, FILTER_LANGUAGE, FILTER_TYPE,
		   FILTER_KINDS };

/* How the view and the header name each kind. */
static const char *const filter_heading[FILTER_KINDS] = {
	"Tracks", "Rooms", "Languages", "Types"};
static const char *const filter_word[FILTER_KINDS] = {
	"track", "room", "language", "type"};

static struct viewstate_set *
filter_set(struct viewstate *vs, enum filter_kind k)
{
	switch (k) {
	case FILTER_TRACK: return &vs->tracks;
	case FILTER_ROOM: return &vs->rooms;
	case FILTER_LANGUAGE: return &vs->languages;
	default: return &vs->types;
	}
}

/* ---- the state, per program ---- */

void
tui_views_load(struct tui *t)
{
	t->views = xcalloc(t->n_programs, sizeof(*t->views));
	t->views_keep = xcalloc(t->n_programs, sizeof(*t->views_keep));
	t->shown = xcalloc(t->n_programs, sizeof(*t->shown));
	for (size_t k = 0; k < t->n_programs; k++) {
		char *notice, *error;
		t->views_keep[k] = viewstate_load(t->programs[k]->conference.id,
						  &t->views[k], &notice, &error);
		const char *msg = error ? error : notice;
		if (msg)
			tui_startup_notice(t, msg, true);
		free(notice);
		free(error);
		tui_filter_update(t, k);
	}
}

void
tui_views_finish(struct tui *t)
{
	for (size_t k = 0; t->views && k < t->n_programs; k++) {
		viewstate_free(&t->views[k]);
		free(t->shown[k]);
	}
	free(t->views);
	free(t->views_keep);
	free(t->shown);
	t->views = NULL;
	t->views_keep = NULL;
	t->shown = NULL;
}

bool
tui_views_save(struct tui *t, size_t k)
{
	if (!t->views_keep[k]) {
		snprintf(t->message, sizeof(t->message),
			 "The view file could not be read: not saving over it");
		return false;
	}
	char *error;
	if (viewstate_save(t->programs[k]->conference.id, &t->views[k],
			   &error))
		return true;
	snprintf(t->message, sizeof(t->message), "Not saved: %s", error);
	free(error);
	return false;
}

/* Whether a session passes: for every kind with values chosen, one of
 * them. Tracks and rooms were looked up once per track and room. */
static bool
filter_pass(const struct viewstate *vs, const bool *track_in,
	    const bool *room_in, const struct program_session *s)
{
	if (vs->tracks.n && (s->track < 0 || !track_in[s->track]))
		return false;
	if (vs->rooms.n && (s->room < 0 || !room_in[s->room]))
		return false;
	if (vs->types.n && (s->type == NULL || !viewstate_has(&vs->types, s->type)))
		return false;
	if (vs->languages.n) {
		bool any = false;
		for (size_t i = 0; i < s->languages.n && !any; i++)
			any = viewstate_has(&vs->languages, s->languages.v[i]);
		if (!any)
			return false;
	}
	return true;
}

void
tui_filter_update(struct tui *t, size_t k)
{
	const struct program *p = t->programs[k];
	struct viewstate *vs = &t->views[k];
	free(t->shown[k]);
	t->shown[k] = NULL;
	if (viewstate_filtering(vs)) {
		/* Once here, so that the views ask a bool per session. */
		bool *track_in = xcalloc(p->n_tracks + 1, sizeof(bool));
		bool *room_in = xcalloc(p->n_rooms + 1, sizeof(bool));
		for (size_t i = 0; i < p->n_tracks; i++)
			track_in[i] = viewstate_has(&vs->tracks, p->tracks[i].id);
		for (size_t i = 0; i < p->n_rooms; i++)
			room_in[i] = viewstate_has(&vs->rooms, p->rooms[i].id);
		t->shown[k] = xcalloc(p->n_sessions + 1, sizeof(bool));
		for (size_t i = 0; i < p->n_sessions; i++)
			t->shown[k][i] = filter_pass(vs, track_in, room_in,
						     &p->sessions[i]);
		free(track_in);
		free(room_in);
	}
}

/* ---- the values a filter can take ---- */

struct filter_value {
	enum filter_kind kind;
	const char *id;    /* what the set holds */
	const char *label; /* what the list shows first */
	const char *name;  /* and after it, or NULL */
	size_t count;      /* sessions of the program with it */
};

struct filter_list {
	struct filter_value *v;
	size_t n, cap;
};

static void
filter_push(struct filter_list *l, struct filter_value fv)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = fv;
}

static int
filter_value_cmp(const void *a, const void *b)
{
	const struct filter_value *x = a, *y = b;
	return strcmp(x->id, y->id);
}

/* A value and its key (fold_key): the order the view shows them in. */
struct filter_keyed {
	char *key;
	struct filter_value fv;
};

static int
filter_keyed_cmp(const void *a, const void *b)
{
	const struct filter_keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->fv.id, y->fv.id);
}

/* Sorts v[0..n) as a reader looks for a value, accents and case aside
 * ("Lecture", "lightning", "Talk"), the bytes breaking ties. */
static void
filter_sort_folded(struct filter_value *v, size_t n)
{
	struct filter_keyed *k = xcalloc(n + 1, sizeof(*k));
	for (size_t i = 0; i < n; i++)
		k[i] = (struct filter_keyed){fold_key(v[i].id, strlen(v[i].id)),
					     v[i]};
	xqsort(k, n, sizeof(*k), filter_keyed_cmp);
	for (size_t i = 0; i < n; i++) {
		v[i] = k[i].fv;
		free(k[i].key);
	}
	free(k);
}

/* The distinct languages or types of the sessions, sorted, counted. */
static void
filter_strings(const struct program *p, enum filter_kind kind,
	       struct filter_list *l)
{
	struct strset seen;
	strset_init(&seen, 16);
	size_t first = l->n;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		const char *one = s->type;
		const char *const *v = kind == FILTER_TYPE ? &one : s->languages.v;
		size_t n = kind == FILTER_TYPE ? s->type != NULL : s->languages.n;
		for (size_t j = 0; j < n; j++) {
			if (strset_add(&seen, v[j]) == NULL)
				filter_push(l, (struct filter_value){kind, v[j], v[j],
								     NULL, 0});
		}
	}
	xqsort(l->v + first, l->n - first, sizeof(*l->v), filter_value_cmp);
	/* Counted in a second pass, by binary search in the sorted run; a
	 * language given twice counts the session once: each value keeps
	 * the last session it counted (comparing with the session's other
	 * languages was quadratic in them). */
	size_t run = l->n - first;
	size_t *last = xcalloc(run + 1, sizeof(*last));
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		const char *one = s->type;
		const char *const *v = kind == FILTER_TYPE ? &one : s->languages.v;
		size_t n = kind == FILTER_TYPE ? s->type != NULL : s->languages.n;
		for (size_t j = 0; j < n; j++) {
			struct filter_value key = {.id = v[j]};
			struct filter_value *fv =
				bsearch(&key, l->v + first, run,
					sizeof(*l->v), filter_value_cmp);
			if (fv == NULL)
				continue;
			size_t k = (size_t)(fv - (l->v + first));
			if (last[k] != i + 1) { /* 0: none counted yet */
				last[k] = i + 1;
				fv->count++;
			}
		}
	}
	free(last);
	strset_finish(&seen);
	/* Sorted by bytes to be counted (bsearch); shown folded. */
	filter_sort_folded(l->v + first, run);
}

/* The list the filter view shows: each kind's values in the program, then
 * those chosen that it no longer has (after an update), so that they can
 * be seen and dropped. Strings point into the program and vs. */
static void
filter_values(const struct program *p, struct viewstate *vs,
	      struct filter_list *l)
{
	*l = (struct filter_list){0};
	size_t *tracks = xcalloc(p->n_tracks + 1, sizeof(size_t));
	size_t *rooms = xcalloc(p->n_rooms + 1, sizeof(size_t));
	for (size_t i = 0; i < p->n_sessions; i++) {
		if (p->sessions[i].track >= 0)
			tracks[p->sessions[i].track]++;
		if (p->sessions[i].room >= 0)
			rooms[p->sessions[i].room]++;
	}
	for (enum filter_kind k = 0; k < FILTER_KINDS; k++) {
		size_t first = l->n;
		if (k == FILTER_TRACK)
			for (size_t i = 0; i < p->n_tracks; i++)
				filter_push(l, (struct filter_value){
						       k, p->tracks[i].id,
						       p->tracks[i].id,
						       p->tracks[i].name, tracks[i]});
		else if (k == FILTER_ROOM)
			for (size_t i = 0; i < p->n_rooms; i++)
				filter_push(l, (struct filter_value){
						       k, p->rooms[i].id,
						       p->rooms[i].name, NULL,
						       rooms[i]});
		else
			filter_strings(p, k, l);
		const struct viewstate_set *set = filter_set(vs, k);
		for (size_t j = 0; j < set->n; j++) {
			bool there = false;
			for (size_t i = first; i < l->n && !there; i++)
				there = strcmp(l->v[i].id, set->v[j]) == 0;
			if (!there)
				filter_push(l, (struct filter_value){
						       k, set->v[j], set->v[j],
						       "(not in this program)", 0});
		}
	}
	free(tracks);
	free(rooms);
}

void
filter_build_view(struct tui *t, struct view *v)
{
	struct viewstate *vs = &t->views[t->cur];
	struct filter_list l;
	filter_values(tui_program(t), vs, &l);
	/* What the keys do and what the filters mean, in two short rows. */
	static const char *const help[] = {
		"Space or Enter toggles a value; F clears all; q goes back.",
		"Shown: sessions with a chosen value in each kind chosen.",
	};
	struct row *r = NULL;
	for (size_t i = 0; i < 2; i++) {
		r = view_add(v, ROW_TEXT);
		r->attr = TEXT_ATTR_DIM;
		r->text = help[i];
		r->len = strlen(help[i]);
	}
	/* A column for the labels beside names (track ids), capped: the
	 * drawing cuts a longer one, and narrows the column in a narrow
	 * terminal, for the name, which says what the value is. */
	int label_w = 0;
	for (size_t i = 0; i < l.n; i++) {
		int w = text_width(l.v[i].label, strlen(l.v[i].label));
		if (l.v[i].name && w > label_w)
			label_w = w;
	}
	v->note_w = label_w > 16 ? 16 : label_w;
	size_t unlisted = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct filter_value *fv = &l.v[i];
		if (i == 0 || fv->kind != l.v[i - 1].kind) {
			r = view_add(v, ROW_HEADING);
			r->attr = TEXT_ATTR_TITLE;
			r->text = filter_heading[fv->kind];
			r->len = strlen(r->text);
		}
		bool on = viewstate_has(filter_set(vs, fv->kind), fv->id);
		/* A value no session has would empty every view: not
		 * offered (unless chosen, to be dropped), and said so. */
		if (fv->count == 0 && !on) {
			unlisted++;
		} else {
			/* Copied: a value that is not in the program lives in
			 * vs, which a toggle changes. Sanitized when drawn. */
			r = view_add(v, ROW_FILTER);
			r->index = i;
			r->count = fv->count;
			r->attr = on ? TEXT_ATTR_BOLD : TEXT_ATTR_PLAIN;
			r->len = strlen(fv->label);
			r->text = arena_strndup(v->arena, fv->label, r->len);
			if (fv->name)
				r->line = arena_strndup(v->arena, fv->name,
							strlen(fv->name));
		}
		if (unlisted && (i + 1 == l.n || l.v[i + 1].kind != fv->kind)) {
			char *text = xasprintf(
				"  %zu %s%s with no sessions not listed.",
				unlisted, filter_word[fv->kind],
				unlisted == 1 ? "" : "s");
			r = view_add(v, ROW_TEXT);
			r->attr = TEXT_ATTR_DIM;
			r->len = strlen(text);
			r->text = arena_strndup(v->arena, text, r->len);
			free(text);
			unlisted = 0;
		}
	}
	if (l.n == 0) {
		static const char none[] =
			"This program has no tracks, rooms, languages or types "
			"to filter by.";
		r = view_add(v, ROW_TEXT);
		r->attr = TEXT_ATTR_DIM;
		r->text = none;
		r->len = strlen(none);
	}
	free(l.v);
}

/* ---- changes ---- */

/* After a change of the current program's filters: who passes, the file
 * (false when it could not be saved, said in the status line), every
 * view. */
static bool
filter_changed(struct tui *t)
{
	tui_filter_update(t, t->cur);
	/* The search counts the results the views list, in every program. */
	if (t->matches != NULL) {
		t->n_results = 0;
		for (size_t k = 0; k < t->n_programs; k++)
			for (size_t i = 0; t->matches[k] &&
					   i < t->programs[k]->n_sessions; i++)
				t->n_results += t->matches[k][i] &&
						tui_shown_in(t, k, i);
	}
	bool saved = tui_views_save(t, t->cur);
	tui_rebuild_all(t);
	return saved;
}

void
tui_filter_open(struct tui *t)
{
	if (tui_view(t)->kind != VIEW_FILTER)
		tui_push(t, VIEW_FILTER, 0);
}

void
tui_filter_toggle(struct tui *t, size_t index)
{
	struct viewstate *vs = &t->views[t->cur];
	struct filter_list l;
	filter_values(tui_program(t), vs, &l);
	if (index >= l.n) {
		free(l.v);
		return;
	}
	enum filter_kind kind = l.v[index].kind;
	/* Copies: the id may be vs's own, which toggling frees. */
	char *id = xstrdup(l.v[index].id);
	char *label = xstrdup(l.v[index].label);
	free(l.v);
	bool on = viewstate_toggle(filter_set(vs, kind), id);
	if (filter_changed(t)) {
		const struct program *p = tui_program(t);
		size_t shown = 0;
		for (size_t i = 0; i < p->n_sessions; i++)
			shown += tui_shown(t, i);
		snprintf(t->message, sizeof(t->message), "%s %s %.100s: %zu of "
			 "%zu sessions shown", on ? "Filtering by" : "Dropped",
			 filter_word[kind], label, shown, p->n_sessions);
	}
	free(id);
	free(label);
}

void
tui_filter_clear(struct tui *t)
{
	struct viewstate *vs = &t->views[t->cur];
	if (!viewstate_filtering(vs)) {
		snprintf(t->message, sizeof(t->message), "No filter in force");
		return;
	}
	for (enum filter_kind k = 0; k < FILTER_KINDS; k++)
		viewstate_clear(filter_set(vs, k));
	if (filter_changed(t))
		snprintf(t->message, sizeof(t->message),
			 "Filters cleared: every session shown");
}

void
tui_filter_describe(const struct tui *t, char *buf, size_t size)
{
	const struct program *p = tui_program(t);
	struct viewstate *vs = &t->views[t->cur];
	size_t o = 0;
	buf[0] = '\0';
	for (enum filter_kind k = 0; k < FILTER_KINDS; k++) {
		const struct viewstate_set *set = filter_set(vs, k);
		for (size_t j = 0; j < set->n && o < size; j++) {
			const char *value = set->v[j];
			/* Rooms by name: their ids may be opaque numbers. */
			for (size_t i = 0; k == FILTER_ROOM && i < p->n_rooms; i++)
				if (strcmp(p->rooms[i].id, value) == 0)
					value = p->rooms[i].name;
			int n = snprintf(buf + o, size - o, "%s%s%s",
					 j ? " or " : o ? ", " : "filter: ",
					 j ? "" : filter_word[k], "");
			o += n > 0 ? (size_t)n : 0;
			if (o < size) {
				n = snprintf(buf + o, size - o, "%s%s",
					     j ? "" : " ", value);
				o += n > 0 ? (size_t)n : 0;
			}
		}
	}
	if (o >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
}
