/* A new version of a program in place of the old one (U brings it): the
 * browser's caches of it built afresh, and the views on it kept where they
 * were, by the ids of what they showed, since the indices of sessions,
 * tracks and people change between versions. */
#include <stdlib.h>
#include <string.h>

#include "sked/agenda.h"
#include "sked/search.h"
#include "sked/xalloc.h"
#include "tui.h"

/* What a view showed, by ids, to find it again in the new version. */
struct reload_place {
	char *session; /* the selected session, or the detail's */
	char *guid;    /* its guid (its id may change: guids stay), or NULL */
	int64_t start; /* its start (UTC; 0: unscheduled) */
	char *track;   /* the track view's, or the selected track */
	char *person, *person_id; /* the person view's, or the selected one */
	char *room;    /* the room view's, or the selected room */
	size_t sel;    /* the selected row */
};

static void
reload_place_save(struct tui *t, const struct view *v, struct reload_place *pl)
{
	const struct program *p = tui_program(t);
	*pl = (struct reload_place){.sel = v->sel};
	/* A row of another program (a search across programs) names
	 * nothing of this one: its index is of its own program. */
	const struct row *r = v->n_rows && view_selectable(&v->rows[v->sel]) &&
					      v->rows[v->sel].prog == 0
				      ? &v->rows[v->sel] : NULL;
	size_t session = v->kind == VIEW_DETAIL ? v->arg
			 : r && r->kind == ROW_SESSION ? r->index : (size_t)-1;
	size_t track = v->kind == VIEW_TRACK ? v->arg
		       : r && r->kind == ROW_TRACK ? r->index : (size_t)-1;
	size_t person = v->kind == VIEW_SPEAKER ? v->arg
			: r && r->kind == ROW_PERSON ? r->index : (size_t)-1;
	size_t room = v->kind == VIEW_ROOM ? v->arg
		      : r && r->kind == ROW_ROOM ? r->index : (size_t)-1;
	if (room != (size_t)-1)
		pl->room = xstrdup(p->rooms[room].id);
	if (session != (size_t)-1) {
		pl->session = xstrdup(p->sessions[session].id);
		if (p->sessions[session].guid != NULL)
			pl->guid = xstrdup(p->sessions[session].guid);
		pl->start = p->sessions[session].scheduled
				    ? p->sessions[session].start_utc : 0;
	}
	if (track != (size_t)-1)
		pl->track = xstrdup(p->tracks[track].id);
	if (person != (size_t)-1) {
		const struct person *who = &tui_people(t)->v[person];
		pl->person = xstrdup(who->name);
		pl->person_id = who->id ? xstrdup(who->id) : NULL;
	}
}

static void
reload_place_free(struct reload_place *pl)
{
	free(pl->session);
	free(pl->guid);
	free(pl->track);
	free(pl->person);
	free(pl->person_id);
	free(pl->room);
}

/* The session shown, found as changes.h follows a star: by its guid when
 * the program has it (the session of its id when that one has the guid
 * too, else the one of the guid nearest in start to the one shown: a
 * feed that changed a session's id keeps its guid), else by its id. */
static size_t
reload_find_session(const struct program *p, const struct reload_place *pl)
{
	size_t by_id = (size_t)-1;
	for (size_t i = 0; pl->session && i < p->n_sessions; i++)
		if (strcmp(p->sessions[i].id, pl->session) == 0) {
			by_id = i;
			break;
		}
	if (pl->guid == NULL)
		return by_id;
	if (by_id != (size_t)-1 && p->sessions[by_id].guid != NULL &&
	    strcmp(p->sessions[by_id].guid, pl->guid) == 0)
		return by_id;
	size_t best = (size_t)-1;
	uint64_t best_d = UINT64_MAX;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		if (s->guid == NULL || strcmp(s->guid, pl->guid) != 0)
			continue;
		int64_t t = s->scheduled ? s->start_utc : 0;
		uint64_t d = t > pl->start ? (uint64_t)t - (uint64_t)pl->start
					   : (uint64_t)pl->start - (uint64_t)t;
		if (d < best_d)
			best = i, best_d = d;
	}
	return best != (size_t)-1 ? best : by_id;
}

static size_t
reload_find_track(const struct program *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_tracks; i++)
		if (strcmp(p->tracks[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

static size_t
reload_find_room(const struct program *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_rooms; i++)
		if (strcmp(p->rooms[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

static size_t
reload_find_person(struct tui *t, const struct reload_place *pl)
{
	if (pl->person == NULL)
		return (size_t)-1;
	const struct people *pp = tui_people(t);
	for (size_t i = 0; i < pp->n; i++)
		if (strcmp(pp->v[i].name, pl->person) == 0 &&
		    (pp->v[i].id == NULL) == (pl->person_id == NULL) &&
		    (pl->person_id == NULL ||
		     strcmp(pp->v[i].id, pl->person_id) == 0))
			return i;
	return (size_t)-1;
}

/* Builds view v over the new version and selects what pl names, else the
 * row nearest to the one selected; false when what v itself shows (a
 * session, a track, a person) is gone. */
static bool
reload_place_restore(struct tui *t, struct view *v,
		     const struct reload_place *pl)
{
	const struct program *p = tui_program(t);
	size_t s = reload_find_session(p, pl);
	size_t tr = reload_find_track(p, pl->track);
	size_t who = reload_find_person(t, pl);
	size_t room = reload_find_room(p, pl->room);
	switch (v->kind) {
	case VIEW_DETAIL:
		if (s == (size_t)-1)
			return false;
		v->arg = s;
		break;
	case VIEW_TRACK:
	case VIEW_TRACK_INFO:
		if (tr == (size_t)-1)
			return false;
		v->arg = tr;
		break;
	case VIEW_SPEAKER:
		if (who == (size_t)-1)
			return false;
		v->arg = who;
		break;
	case VIEW_ROOM:
		if (room == (size_t)-1)
			return false;
		v->arg = room;
		break;
	case VIEW_DAY:
	case VIEW_GRID:
		/* The session selected, on the day it now has. */
		if (s != (size_t)-1 && p->sessions[s].scheduled)
			v->arg = (size_t)p->sessions[s].day;
		if (v->arg >= (size_t)p->conference.n_days)
			v->arg = p->conference.n_days > 0
					 ? (size_t)p->conference.n_days - 1 : 0;
		/* The day shown now, where a view at the top that replaces
		 * this one comes back to (tui_push's). */
		t->day_shown = v->arg;
		break;
	default: break;
	}
	view_free(v); /* no rows: nothing to keep by index */
	view_build(t, v, t->cols);
	if (s != (size_t)-1 && view_select_session(v, s))
		return true;
	for (size_t i = 0; i < v->n_rows; i++) {
		const struct row *r = &v->rows[i];
		if ((r->kind == ROW_TRACK && r->index == tr) ||
		    (r->kind == ROW_PERSON && r->index == who) ||
		    (r->kind == ROW_ROOM && r->index == room)) {
			v->sel = i;
			v->follow = true;
			return true;
		}
	}
	/* Gone: the row that took its place, else the one before. */
	if (v->n_rows && view_selectable(&v->rows[v->sel])) {
		size_t at = pl->sel < v->n_rows ? pl->sel : v->n_rows - 1;
		size_t i = at;
		while (i < v->n_rows && !view_selectable(&v->rows[i]))
			i++;
		if (i == v->n_rows)
			for (i = at; i > 0 && !view_selectable(&v->rows[i]); i--)
				;
		if (view_selectable(&v->rows[i])) {
			v->sel = i;
			v->follow = true;
		}
	}
	return true;
}

/* Puts the new version p in place of program k: its caches, agenda and
 * stars afresh, and (when it is the one shown) every view on it again,
 * each at the same session, track or person when it is still there. */
void
tui_replace_program(struct tui *t, size_t k, struct program *p)
{
	bool shown = k == t->cur;
	struct reload_place places[TUI_MAX_DEPTH];
	for (int i = 0; shown && i < t->depth; i++)
		reload_place_save(t, &t->stack[i], &places[i]);
	struct program *old = t->programs[k];
	t->programs[k] = p;
	/* The people index's texts stay in t->arena until the end. */
	free(t->people[k].v);
	t->people[k] = (struct people){0};
	free(t->track_rank[k]);
	t->track_rank[k] = NULL;
	search_index_destroy(t->index[k]);
	t->index[k] = NULL;
	t->prepared[k] = 0;
	/* The stars may have followed sessions to new ids: read them again
	 * (an agenda that could not be read stays unread). */
	if (t->agendas[k] != NULL) {
		char *notice, *error;
		agenda_destroy(t->agendas[k]);
		t->agendas[k] = agenda_load(p->conference.id, &notice, &error);
		free(notice);
		free(error);
	}
	tui_agendas_mark(t);
	/* The filters hold ids: they pass the new version's sessions. */
	tui_filter_update(t, k);
	/* The search covers every program: its results in p too. */
	struct search_error err;
	if (t->query != NULL && !tui_search_run(t, t->query, &err))
		tui_search_clear(t);
	/* Results list sessions of other programs too: those of p anew. */
	for (int i = 0; !shown && i < t->depth; i++)
		if (t->stack[i].kind == VIEW_RESULTS)
			view_build(t, &t->stack[i], t->cols);
	if (shown) {
		int depth = t->depth;
		for (int i = 0; i < depth; i++) {
			if (i < t->depth && !reload_place_restore(t, &t->stack[i],
								  &places[i])) {
				for (int j = i; j < t->depth; j++)
					view_free(&t->stack[j]);
				t->depth = i;
			}
			reload_place_free(&places[i]);
		}
	}
	program_destroy(old);
}
