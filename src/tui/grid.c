/* The grid view (g): its layout, and moving through it (grid.h). */
#include "grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sked/xalloc.h"

static int
gcd(int a, int b)
{
	while (b) {
		int r = a % b;
		a = b;
		b = r;
	}
	return a;
}

/* What a column's key names in the program: a room, or a track. */
static const char *
grid_key_id(const struct program *p, bool by_track, int key)
{
	if (key < 0)
		return NULL;
	return by_track ? p->tracks[key].id : p->rooms[key].id;
}

static const char *
grid_key_name(const struct program *p, bool by_track, int key)
{
	if (key < 0)
		return by_track ? "(no track)" : "(no room)";
	return by_track ? p->tracks[key].name : p->rooms[key].name;
}

void
grid_build(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	const struct tz_zone *z = tui_zone(t);
	struct grid *g = arena_alloc(v->arena, sizeof(*g));
	*g = (struct grid){.by_track = p->n_rooms == 0, .step = 15, .goal = -1};
	v->grid = g;
	size_t n_keys = g->by_track ? p->n_tracks : p->n_rooms;
	/* Slot n_keys: the sessions without a room (or track). */
	size_t *count = xcalloc(n_keys + 1, sizeof(*count));
	bool *hidden = xcalloc(n_keys + 1, sizeof(*hidden));
	bool *had = xcalloc(n_keys + 1, sizeof(*had));
	for (size_t k = 0; k < n_keys; k++)
		hidden[k] = grid_hidden(t, grid_key_id(p, g->by_track, (int)k));
	size_t *kept = xcalloc(p->n_scheduled + 1, sizeof(*kept));
	size_t n = 0;
	int step = 0;
	int64_t first = 0;
	int first_minute = 0;
	for (size_t k = 0; k < p->n_scheduled; k++) {
		size_t i = p->order[k];
		const struct program_session *s = &p->sessions[i];
		if ((size_t)s->day != v->arg)
			continue;
		if (!tui_shown(t, i)) {
			g->filtered++;
			continue;
		}
		int key = g->by_track ? s->track : s->room;
		size_t slot = key < 0 ? n_keys : (size_t)key;
		had[slot] = true;
		if (hidden[slot])
			continue;
		/* Lines as long as every start and length on the day allow
		 * (a multiple of 5 minutes, at most 15): then blocks begin
		 * and end on their lines. */
		struct tz_wall w;
		tz_from_utc(z, s->start_utc, &w, NULL);
		int minute = w.hour * 60 + w.minute;
		step = gcd(gcd(step, minute), s->duration);
		if (n == 0) {
			first = s->start_utc;
			first_minute = minute;
		}
		count[slot]++;
		kept[n++] = i;
	}
	for (size_t k = 0; k <= n_keys; k++)
		g->hidden += had[k] && hidden[k];
	g->step = step % 15 == 0 ? 15 : step % 10 == 0 ? 10 : 5;
	g->t0 = first - (int64_t)(first_minute % g->step) * 60;

	/* Columns in the program's order of rooms, the one of sessions
	 * without a room last; the rows column after column. */
	size_t *col_of = xcalloc(n_keys + 1, sizeof(*col_of));
	size_t *next = xcalloc(n_keys + 1, sizeof(*next));
	for (size_t k = 0; k <= n_keys; k++)
		g->n_cols += count[k] > 0;
	g->cols = arena_alloc(v->arena, (g->n_cols + 1) * sizeof(*g->cols));
	size_t c = 0, at = 0;
	for (size_t k = 0; k <= n_keys; k++) {
		if (count[k] == 0)
			continue;
		int key = k == n_keys ? -1 : (int)k;
		g->cols[c] = (struct grid_column){
			.key = key, .name = grid_key_name(p, g->by_track, key),
			.first = at, .n = count[k]};
		col_of[k] = c++;
		next[k] = at;
		at += count[k];
	}
	v->cap_rows = n + 1;
	v->rows = xreallocarray(NULL, v->cap_rows, sizeof(*v->rows));
	g->blocks = arena_alloc(v->arena, (n + 1) * sizeof(*g->blocks));
	g->rank = arena_alloc(v->arena, (n + 1) * sizeof(*g->rank));
	int64_t line = (int64_t)g->step * 60;
	for (size_t j = 0; j < n; j++) {
		const struct program_session *s = &p->sessions[kept[j]];
		int key = g->by_track ? s->track : s->room;
		size_t slot = key < 0 ? n_keys : (size_t)key;
		size_t r = next[slot]++;
		v->rows[r] = (struct row){.kind = ROW_SESSION, .index = kept[j],
					  .field = -1};
		g->rank[r] = j;
		int64_t from = s->start_utc - g->t0;
		int64_t to = program_session_end(s) - g->t0;
		struct grid_block *b = &g->blocks[r];
		b->col = col_of[slot];
		b->y0 = (int)(from / line);
		b->y1 = (int)((to + line - 1) / line);
		/* Every block keeps its first line, when sessions of a room
		 * overlap or start within one line. */
		if (r > g->cols[b->col].first && b->y0 <= b[-1].y0) {
			b->y0 = b[-1].y0 + 1;
			b->moved = true;
		}
		if (b->y1 <= b->y0)
			b->y1 = b->y0 + 1;
		if (b->y1 > g->n_lines)
			g->n_lines = b->y1;
	}
	v->n_rows = n;
	if (n == 0) {
		/* Nothing to select: the text the grid shows instead. */
		static const char none[] = "No sessions on this day.";
		v->rows[0] = (struct row){.kind = ROW_TEXT, .text = none,
					  .len = sizeof(none) - 1, .field = -1,
					  .attr = TEXT_ATTR_DIM};
		v->n_rows = 1;
	}
	free(count);
	free(hidden);
	free(had);
	free(kept);
	free(col_of);
	free(next);
}

void
grid_geometry(const struct tui *t, const struct grid *g, int *cw,
	      size_t *visible)
{
	int avail = t->cols - GRID_GUTTER;
	size_t fit = (size_t)(avail / GRID_MIN_COL);
	if (fit == 0)
		fit = 1;
	if (g->n_cols <= fit) {
		*visible = g->n_cols;
		*cw = g->n_cols ? avail / (int)g->n_cols : avail;
		if (*cw > GRID_MAX_COL)
			*cw = GRID_MAX_COL;
	} else {
		*visible = fit;
		*cw = avail / (int)fit;
	}
}

int
grid_body_lines(const struct tui *t)
{
	int h = draw_body_lines(t) - 1;
	return h > 1 ? h : 1;
}

/* Where block r of its column ends on screen: where it ends, or where
 * the next block of the column begins. */
static int
grid_block_end(const struct grid *g, size_t r)
{
	const struct grid_block *b = &g->blocks[r];
	const struct grid_column *c = &g->cols[b->col];
	if (r + 1 < c->first + c->n && b[1].y0 < b->y1)
		return b[1].y0;
	return b->y1;
}

void
grid_scroll(const struct tui *t, struct view *v)
{
	const struct grid *g = v->grid;
	if (g == NULL || g->n_cols == 0) {
		v->top = v->left = 0;
		return;
	}
	int cw;
	size_t vis;
	grid_geometry(t, g, &cw, &vis);
	size_t h = (size_t)grid_body_lines(t);
	if (v->follow) {
		const struct grid_block *b = &g->blocks[v->sel];
		if (b->col < v->left)
			v->left = b->col;
		else if (b->col >= v->left + vis)
			v->left = b->col - vis + 1;
		size_t y0 = (size_t)b->y0, y1 = (size_t)grid_block_end(g, v->sel);
		if (y0 < v->top)
			v->top = y0;
		else if (y1 > v->top + h)
			v->top = y1 - h < y0 ? y1 - h : y0;
	}
	size_t max_top = (size_t)g->n_lines > h ? (size_t)g->n_lines - h : 0;
	if (v->top > max_top)
		v->top = max_top;
	if (v->left + vis > g->n_cols)
		v->left = g->n_cols - vis;
}

static size_t grid_nearest(const struct grid *g, size_t c, int y);

void
grid_opened(const struct tui *t, struct view *v, bool first)
{
	struct grid *g = v->grid;
	if (g == NULL || g->n_cols == 0)
		return;
	int cw;
	size_t vis;
	grid_geometry(t, g, &cw, &vis);
	const struct grid_block *sel = &g->blocks[v->sel];
	if (first && sel->col >= vis) {
		size_t best = v->sel;
		int best_d = -1;
		for (size_t c = 0; c < vis; c++) {
			size_t r = grid_nearest(g, c, sel->y0);
			int d = abs(g->blocks[r].y0 - sel->y0);
			if (best_d < 0 || d < best_d) {
				best = r;
				best_d = d;
			}
		}
		v->sel = best;
	}
	int64_t line = (int64_t)g->step * 60;
	int64_t now = tui_now(t);
	if (now < g->t0 || now >= g->t0 + g->n_lines * line)
		return;
	int y = (int)((now - g->t0) / line);
	int h = grid_body_lines(t);
	v->top = y > h / 4 ? (size_t)(y - h / 4) : 0;
	/* The selected block keeps its place on screen when it can. */
	const struct grid_block *b = &g->blocks[v->sel];
	if (b->y0 < (int)v->top && (int)v->top - b->y0 < h / 2)
		v->top = (size_t)b->y0;
	grid_scroll(t, v);
}

/* The block of column c nearest to line y: one over it, else the one
 * closest in time (the earlier on a tie). */
static size_t
grid_nearest(const struct grid *g, size_t c, int y)
{
	const struct grid_column *col = &g->cols[c];
	size_t best = col->first;
	int best_d = -1;
	for (size_t r = col->first; r < col->first + col->n; r++) {
		int y0 = g->blocks[r].y0, y1 = grid_block_end(g, r);
		int d = y < y0 ? y0 - y : y >= y1 ? y - y1 + 1 : 0;
		if (best_d < 0 || d < best_d) {
			best = r;
			best_d = d;
		}
	}
	return best;
}

static void
grid_select(struct view *v, size_t r)
{
	v->sel = r;
	v->follow = true;
	v->grid->goal = -1;
}

/* Across rooms: to the block of the next column (dir 1) or the previous
 * one (-1) that runs at the time the selected one begins. */
static void
grid_across(struct tui *t, struct view *v, int dir)
{
	struct grid *g = v->grid;
	const struct grid_block *b = &g->blocks[v->sel];
	if ((dir < 0 && b->col == 0) || (dir > 0 && b->col + 1 >= g->n_cols)) {
		snprintf(t->message, sizeof(t->message), "%s column",
			 dir < 0 ? "First" : "Last");
		return;
	}
	if (g->goal < 0)
		g->goal = b->y0;
	int goal = g->goal;
	grid_select(v, grid_nearest(g, b->col + (size_t)(long)dir, goal));
	g->goal = goal; /* a move in time (grid_select) sets it afresh */
}

/* Scrolls the time by `lines` (a page), the selection staying where it
 * is: past a room's last block, the rooms beside it and the empty time
 * still show. */
static void
grid_scroll_by(struct tui *t, struct view *v, long lines)
{
	const struct grid *g = v->grid;
	long h = grid_body_lines(t);
	long max_top = g->n_lines > h ? g->n_lines - h : 0;
	long top = (long)v->top + lines;
	top = top < 0 ? 0 : top > max_top ? max_top : top;
	if (top == (long)v->top) {
		snprintf(t->message, sizeof(t->message), "%s of the day",
			 lines > 0 ? "End" : "Start");
		return;
	}
	v->top = (size_t)top;
	v->follow = false;
}

/* Whether the selected block shows: a page or the wheel may have
 * scrolled it away. */
static bool
grid_sel_in_sight(const struct tui *t, const struct view *v)
{
	const struct grid *g = v->grid;
	int h = grid_body_lines(t);
	return v->follow || (grid_block_end(g, v->sel) > (int)v->top &&
			     g->blocks[v->sel].y0 < (int)v->top + h);
}

/* Past the last block of a room (dir 1) or before its first (-1): the
 * block that starts next (or last before) in time, in a room in sight
 * when one has it (the nearest room on a tie), else in any room. Blocks
 * on the selected one's line come first, in the day list's order (rank):
 * what starts with it in another room is next to it, and k says "first
 * of the day" only on the day list's first. With the view scrolled away
 * from the selection, from the time in sight. */
static bool
grid_next_in_time(struct tui *t, struct view *v, int dir)
{
	const struct grid *g = v->grid;
	const struct grid_block *b = &g->blocks[v->sel];
	int h = grid_body_lines(t);
	int ref = b->y0;
	bool same_line = grid_sel_in_sight(t, v);
	if (!same_line)
		ref = dir > 0 ? (int)v->top - 1 : (int)v->top + h;
	size_t rank = g->rank[v->sel];
	int cw;
	size_t vis;
	grid_geometry(t, g, &cw, &vis);
	for (int pass = 0; pass < 2; pass++) {
		size_t from = pass ? 0 : v->left;
		size_t to = pass ? g->n_cols : v->left + vis;
		if (to > g->n_cols)
			to = g->n_cols;
		if (from >= to)
			continue;
		size_t best = (size_t)-1;
		size_t best_d = 0;
		/* The rows are column after column. */
		for (size_t r = g->cols[from].first;
		     r < g->cols[to - 1].first + g->cols[to - 1].n; r++) {
			const struct grid_block *o = &g->blocks[r];
			bool beside = same_line && o->y0 == ref &&
				      (dir > 0 ? g->rank[r] > rank
					       : g->rank[r] < rank);
			if (!beside && (dir > 0 ? o->y0 <= ref : o->y0 >= ref))
				continue;
			size_t d = o->col > b->col ? o->col - b->col
						   : b->col - o->col;
			const struct grid_block *bb =
				best == (size_t)-1 ? NULL : &g->blocks[best];
			/* On the selected one's line, the nearest in the
			 * day list's order; on another, the nearest room. */
			bool closer = bb != NULL && o->y0 == bb->y0 &&
				      (beside ? (dir > 0 ? g->rank[r] < g->rank[best]
							 : g->rank[r] > g->rank[best])
					      : d < best_d);
			if (bb == NULL ||
			    (dir > 0 ? o->y0 < bb->y0 : o->y0 > bb->y0) ||
			    closer) {
				best = r;
				best_d = d;
			}
		}
		if (best != (size_t)-1) {
			grid_select(v, best);
			return true;
		}
	}
	snprintf(t->message, sizeof(t->message), "%s session of the day",
		 dir > 0 ? "Last" : "First");
	return false;
}

/* In time, within the room: by `blocks` blocks, or to the block at
 * `lines` lines from the selected one (a page). At the end of the room,
 * j and k go on in the rooms beside it, a page scrolls the time. */
static void
grid_down(struct tui *t, struct view *v, long blocks, long lines)
{
	const struct grid *g = v->grid;
	const struct grid_block *b = &g->blocks[v->sel];
	const struct grid_column *c = &g->cols[b->col];
	size_t r = v->sel;
	size_t last = c->first + c->n - 1;
	if (lines) {
		r = grid_nearest(g, b->col, b->y0 + (int)lines);
		if (r == v->sel) {
			/* A page moves at least one block of the room,
			 * and past its end scrolls. */
			if (lines > 0 ? r == last : r == c->first) {
				grid_scroll_by(t, v, lines);
				return;
			}
			blocks = lines > 0 ? 1 : -1;
		}
	} else if (blocks > 0 && (r == last || !grid_sel_in_sight(t, v))) {
		grid_next_in_time(t, v, 1);
		return;
	} else if (blocks < 0 && (r == c->first || !grid_sel_in_sight(t, v))) {
		grid_next_in_time(t, v, -1);
		return;
	}
	if (blocks > 0)
		r = r + (size_t)blocks < c->first + c->n ? r + (size_t)blocks
							 : last;
	else if (blocks < 0)
		r = r >= c->first + (size_t)-blocks ? r - (size_t)-blocks
						    : c->first;
	grid_select(v, r);
}

/* x hides the selected block's room (its track, in a program without
 * rooms): the selection goes to the next room at that time. */
static void
grid_hide(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	const struct grid *g = v->grid;
	const struct grid_block *b = &g->blocks[v->sel];
	const struct grid_column *c = &g->cols[b->col];
	const char *id = grid_key_id(p, g->by_track, c->key);
	if (id == NULL) {
		snprintf(t->message, sizeof(t->message),
			 "The sessions without a %s cannot be hidden",
			 g->by_track ? "track" : "room");
		return;
	}
	size_t go = (size_t)-1;
	if (b->col + 1 < g->n_cols)
		go = v->rows[grid_nearest(g, b->col + 1, b->y0)].index;
	else if (b->col > 0)
		go = v->rows[grid_nearest(g, b->col - 1, b->y0)].index;
	/* The grid dies with the rebuild: what the message needs, first. */
	char name[64];
	snprintf(name, sizeof(name), "%s", c->name);
	bool by_track = g->by_track;
	grid_hide_key(t, id);
	tui_rebuild_all(t);
	if (go != (size_t)-1)
		view_select_session(v, go);
	if (!t->message[0]) /* else: why it could not be saved */
		snprintf(t->message, sizeof(t->message),
		 "%s %s hidden (X shows every %s again)",
		 by_track ? "Track" : "Room", name, by_track ? "track" : "room");
}

bool
grid_act(struct tui *t, enum tui_action a, int key)
{
	struct view *v = tui_view(t);
	const struct grid *g = v->grid;
	int page = grid_body_lines(t) > 1 ? grid_body_lines(t) - 1 : 1;
	bool blocks = g != NULL && g->n_cols > 0;
	switch (a) {
	case ACT_UP: case ACT_DOWN: case ACT_PAGE_UP: case ACT_PAGE_DOWN:
	case ACT_HALF_UP: case ACT_HALF_DOWN: case ACT_TOP: case ACT_BOTTOM:
		if (!blocks)
			return true;
		break;
	case ACT_OPEN:
		if (key != 'l' && key != KEY_RIGHT)
			return false;
		if (blocks)
			grid_across(t, v, 1);
		return true;
	case ACT_BACK:
		if (key != 'h' && key != KEY_LEFT)
			return false;
		if (blocks)
			grid_across(t, v, -1);
		return true;
	case ACT_HIDE_ROOM:
		if (blocks)
			grid_hide(t, v);
		return true;
	case ACT_SHOW_ROOMS: {
		size_t n = grid_show_all(t);
		tui_rebuild_all(t);
		v->follow = true;
		if (!t->message[0]) /* else: why it could not be saved */
		{
			/* The grid as rebuilt (g was the one before). */
			const char *what = v->grid && v->grid->by_track
						   ? "track"
						   : "room";
			if (n)
				snprintf(t->message, sizeof(t->message),
					 "%zu hidden %s%s shown again", n, what,
					 n == 1 ? "" : "s");
			else
				snprintf(t->message, sizeof(t->message),
					 "Nothing hidden: x hides the selected "
					 "%s", what);
		}
		return true;
	}
	default: return false;
	}
	const struct grid_column *c = &g->cols[g->blocks[v->sel].col];
	switch (a) {
	case ACT_UP: grid_down(t, v, -1, 0); break;
	case ACT_DOWN: grid_down(t, v, 1, 0); break;
	case ACT_PAGE_UP: grid_down(t, v, 0, -page); break;
	case ACT_PAGE_DOWN: grid_down(t, v, 0, page); break;
	case ACT_HALF_UP: grid_down(t, v, 0, -page / 2); break;
	case ACT_HALF_DOWN: grid_down(t, v, 0, page / 2); break;
	case ACT_TOP: grid_select(v, c->first); break;
	case ACT_BOTTOM: grid_select(v, c->first + c->n - 1); break;
	default: break;
	}
	return true;
}

void
grid_mouse(struct tui *t, const MEVENT *ev)
{
	struct view *v = tui_view(t);
	const struct grid *g = v->grid;
	if (ev->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		if (ev->bstate & BUTTON4_PRESSED)
			v->top = v->top > 3 ? v->top - 3 : 0;
		else
			v->top += 3; /* drawing keeps it in range */
		v->follow = false;
		return;
	}
	if (g == NULL || g->n_cols == 0 || ev->y < 3 ||
	    ev->y >= 3 + grid_body_lines(t) || ev->x < GRID_GUTTER)
		return;
	int cw;
	size_t vis;
	grid_geometry(t, g, &cw, &vis);
	size_t c = v->left + (size_t)((ev->x - GRID_GUTTER) / cw);
	if (c >= g->n_cols || c >= v->left + vis)
		return;
	int y = (int)v->top + ev->y - 3;
	size_t r = grid_nearest(g, c, y);
	if (y < g->blocks[r].y0 || y >= grid_block_end(g, r))
		return; /* an empty place */
	v->sel = r;
	if (ev->bstate & BUTTON1_DOUBLE_CLICKED)
		tui_open(t);
}

/* ---- hidden rooms: the current program's view state (viewstate.h) ---- */

/* Saves the current program's view state, unless its file could not be
 * read (then the change lasts this session, and the status says so). */
static void
grid_views_save(struct tui *t)
{
	if (!t->views_keep[t->cur]) {
		snprintf(t->message, sizeof(t->message),
			 "The view file could not be read: not changing it");
		return;
	}
	char *error;
	if (!viewstate_save(tui_program(t)->conference.id, &t->views[t->cur],
			    &error)) {
		snprintf(t->message, sizeof(t->message), "%s", error);
		free(error);
	}
}

bool
grid_hidden(const struct tui *t, const char *id)
{
	return id != NULL && viewstate_has(&t->views[t->cur].hidden_rooms, id);
}

void
grid_hide_key(struct tui *t, const char *id)
{
	struct viewstate_set *s = &t->views[t->cur].hidden_rooms;
	if (!viewstate_has(s, id))
		viewstate_toggle(s, id);
	grid_views_save(t);
}

size_t
grid_show_all(struct tui *t)
{
	struct viewstate_set *s = &t->views[t->cur].hidden_rooms;
	size_t n = s->n;
	viewstate_clear(s);
	if (n)
		grid_views_save(t);
	return n;
}
