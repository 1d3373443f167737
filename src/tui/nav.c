/* The browser's moves between views and through them: a day, the next
 * session or search result, back. Handlers change state and never draw
 * (tui.c's loop draws). */
#include <stdio.h>

#include "grid.h"
#include "tui.h"

void
tui_step_session(struct tui *t, long delta)
{
	if (t->depth < 2 || tui_view(t)->kind != VIEW_DETAIL) {
		/* Not a dead key: say where it acts. */
		snprintf(t->message, sizeof(t->message),
			 "J and K step through a list from a session's "
			 "detail (Enter)");
		return;
	}
	struct view *parent = &t->stack[t->depth - 2];
	size_t before = parent->sel;
	view_move(parent, delta);
	if (parent->sel == before ||
	    parent->rows[parent->sel].kind != ROW_SESSION ||
	    parent->rows[parent->sel].prog != 0) {
		parent->sel = before;
		snprintf(t->message, sizeof(t->message), "%s",
			 delta > 0 ? "Last session of the list"
				   : "First session of the list");
		return;
	}
	struct view *v = tui_view(t);
	v->arg = parent->rows[parent->sel].index;
	v->top = 0;
	view_build(t, v, t->cols);
}

struct view *
tui_go_day_as(struct tui *t, long day, enum view_kind kind)
{
	const struct program *p = tui_program(t);
	if (day < 0 || day >= p->conference.n_days) {
		snprintf(t->message, sizeof(t->message),
			 "The conference has %d day%s", p->conference.n_days,
			 p->conference.n_days == 1 ? "" : "s");
		return NULL;
	}
	struct view *v = tui_top(t, kind, (size_t)day);
	v->follow = kind == VIEW_GRID; /* the grid shows its selection */
	return v;
}

void
tui_go_day(struct tui *t, long day)
{
	tui_go_day_as(t, day, t->stack[0].kind == VIEW_GRID ? VIEW_GRID
							     : VIEW_DAY);
}

long
tui_current_day(const struct tui *t)
{
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].kind == VIEW_DAY || t->stack[i].kind == VIEW_GRID)
			return (long)t->stack[i].arg;
	/* Another program's day may be past this one's end. */
	return t->day_shown < (size_t)tui_program(t)->conference.n_days
		       ? (long)t->day_shown
		       : 0;
}

void
tui_move(struct tui *t, long delta)
{
	struct view *v = tui_view(t);
	bool list = v->n_rows && view_selectable(&v->rows[v->sel]);
	if (list) {
		size_t body = (size_t)draw_body_lines(t);
		bool visible = v->sel >= v->top && v->sel < v->top + body;
		if (!v->follow && !visible && delta > 0) {
			v->follow = true;
			return;
		}
		size_t before = v->sel;
		view_move(v, delta);
		v->follow = true;
		if (v->sel == before && delta < 0 && v->top > 0) {
			size_t up = (size_t)-delta;
			v->top = v->top > up ? v->top - up : 0;
			v->follow = false;
		}
		return;
	}
	long top = (long)v->top + delta;
	v->top = top < 0 ? 0 : (size_t)top; /* drawing clamps the end */
}

/* n and N in the grid, whose rows go room by room: the next match in
 * time order, as the day list's and the status line's count go, and
 * "wrapped" only past the last (first). False when no session is
 * selected (an empty slot: the rows' order is taken). */
static bool
tui_grid_step_result(struct tui *t, struct view *v, const struct program *p,
		     long dir)
{
	if (v->sel >= v->n_rows || v->rows[v->sel].kind != ROW_SESSION ||
	    v->rows[v->sel].prog != 0)
		return false;
	size_t n = p->n_sessions, pos = 0;
	while (pos < n && p->order[pos] != v->rows[v->sel].index)
		pos++;
	if (pos == n)
		return false;
	for (size_t k = 1; k <= n; k++) {
		bool wrapped = dir > 0 ? pos + k >= n : k > pos;
		size_t i = p->order[(pos + n + (size_t)dir * k) % n];
		size_t row;
		if (!tui_matches(t, i) ||
		    (row = view_session_row(v, i)) == v->n_rows)
			continue;
		if (wrapped)
			snprintf(t->message, sizeof(t->message),
				 "Search wrapped");
		v->sel = row;
		v->follow = true;
		return true;
	}
	snprintf(t->message, sizeof(t->message), "No match in this list");
	return true;
}

void
tui_step_result(struct tui *t, long dir)
{
	if (t->query == NULL) {
		if (dir > 0)
			tui_top(t, VIEW_NOW, 0);
		else
			snprintf(t->message, sizeof(t->message),
				 "No search: press / to search");
		return;
	}
	struct view *v = tui_view(t);
	const struct program *p = tui_program(t);
	if (v->kind == VIEW_DETAIL) {
		size_t pos = 0;
		while (pos < p->n_sessions && p->order[pos] != v->arg)
			pos++;
		for (size_t k = 1; k <= p->n_sessions; k++) {
			size_t i = p->order[(pos + p->n_sessions +
					     (size_t)dir * k) % p->n_sessions];
			if (tui_matches(t, i) && tui_shown(t, i)) {
				v->arg = i;
				v->top = 0;
				view_build(t, v, t->cols);
				if (t->depth > 1)
					view_select_session(&t->stack[t->depth - 2], i);
				return;
			}
		}
		return;
	}
	if (v->kind == VIEW_GRID && tui_grid_step_result(t, v, p, dir))
		return;
	size_t n = v->n_rows;
	for (size_t k = 1; k <= n; k++) {
		size_t i = (v->sel + n + (size_t)dir * k) % n;
		const struct row *r = &v->rows[i];
		if (r->kind == ROW_SESSION && r->prog == 0 &&
		    tui_matches(t, r->index)) {
			if ((dir > 0) != (i > v->sel))
				snprintf(t->message, sizeof(t->message),
					 "Search wrapped");
			v->sel = i;
			v->follow = true;
			return;
		}
	}
	snprintf(t->message, sizeof(t->message), "No match in this list");
}

struct view *
tui_day_at(struct tui *t, enum view_kind kind)
{
	const struct program_session *s = tui_selected_session(t);
	/* The day list still at its first session: no choice made. */
	struct view *v = tui_view(t);
	bool first = v->kind == VIEW_DAY;
	for (size_t i = 0; first && i < v->sel; i++)
		first = !view_selectable(&v->rows[i]);
	long day = tui_current_day(t);
	struct view *nv = tui_go_day_as(t, day, kind);
	const struct program *p = tui_program(t);
	if (nv && s && s->scheduled && s->day == day)
		view_select_session(nv, (size_t)(s - p->sessions));
	else if (nv && t->day_sel && t->day_sel_prog == t->cur &&
		 t->day_sel - 1 < p->n_sessions)
		view_select_session(nv, t->day_sel - 1); /* if on that day */
	if (nv && kind == VIEW_GRID)
		grid_opened(t, nv, first);
	return nv;
}

bool
tui_back(struct tui *t)
{
	if (t->depth > 1) {
		view_free(&t->stack[--t->depth]);
		return true;
	}
	if (tui_view(t)->kind != VIEW_DAY) {
		tui_day_at(t, VIEW_DAY);
		return true;
	}
	return false;
}
