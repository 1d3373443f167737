/* The grid view (g): a day's sessions as blocks, rooms as columns, time
 * running down. grid.c lays it out and moves through it, grid_draw.c
 * draws it.
 *
 * The view's rows are its blocks (ROW_SESSION), column after column and
 * in time order within one, so that what works on a list of sessions
 * (Enter, s, J/K in the detail, n/N, keeping the selection across a
 * rebuild) works on the grid as it is; struct grid says where each
 * block is. It lives in the view's arena and dies with its rows. */
#ifndef SKED_TUI_GRID_H
#define SKED_TUI_GRID_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui.h"

/* A column: a room, or in a program that names no rooms a track; or the
 * sessions that have none (key -1). */
struct grid_column {
	int key;          /* room (or track) index, or -1 */
	const char *name; /* its head (untrusted: from the program) */
	size_t first, n;  /* its blocks: rows[first .. first + n) */
};

/* Where a block is: lines [y0, y1) of the grid (a later block of its
 * column may cover its end), in column col. */
struct grid_block {
	int y0, y1;
	size_t col;
	/* Put below its line: it starts with (or within a line of) the
	 * block before it in its column. Its text then begins with its
	 * start time, which the line's time does not say. */
	bool moved;
};

struct grid {
	bool by_track;  /* the columns are tracks (no rooms in the program) */
	struct grid_column *cols;
	size_t n_cols;
	struct grid_block *blocks; /* one per row of the view */
	size_t *rank;   /* per row, its place in the day list's order */
	int64_t t0;     /* the instant line 0 begins at */
	int step;       /* minutes a line stands for */
	int n_lines;
	size_t hidden;  /* columns with sessions on this day, hidden */
	size_t filtered; /* sessions of the day the filters leave out */
	/* The line moves across rooms aim at (-1: the selected block's
	 * first): kept from one such move to the next, so that going
	 * across many rooms does not drift in time. */
	int goal;
};

/* The gutter of times at the left of the columns. */
enum { GRID_GUTTER = 6, GRID_MIN_COL = 18, GRID_MAX_COL = 40 };

/* Builds the grid of day v->arg into v (view_build calls it). */
void grid_build(struct tui *t, struct view *v);
/* The width of a column and how many show at a time, at t->cols. */
void grid_geometry(const struct tui *t, const struct grid *g, int *cw,
		   size_t *visible);
/* Scrolls v (its top line, its first column) so that the selected block
 * shows, when it is to follow the selection; keeps both in range. */
void grid_scroll(const struct tui *t, struct view *v);
/* A grid just opened at the selected session: on the day of now,
 * scrolled to the line of now (a quarter down) as far as the selection
 * still shows. `first`: the selection is the day's first session, no
 * choice of the user's; when its room is out of the first rooms in
 * sight, the nearest block in time among those is selected instead, so
 * that the grid opens on its first rooms. */
void grid_opened(const struct tui *t, struct view *v, bool first);
/* The lines of the body the blocks have (the heads take one). */
int grid_body_lines(const struct tui *t);

/* A key's action in the grid; false when the grid leaves it to the
 * browser's ordinary handling. */
bool grid_act(struct tui *t, enum tui_action a, int key);
/* A mouse event: a click selects a block (a double click opens it), the
 * wheel scrolls. */
void grid_mouse(struct tui *t, const MEVENT *ev);

/* Hidden rooms (tracks, when the columns are tracks) of the current
 * program, by id, kept in its view state: whether one is hidden; hiding
 * one; showing all again (returns how many were hidden). */
bool grid_hidden(const struct tui *t, const char *id);
void grid_hide_key(struct tui *t, const char *id);
size_t grid_show_all(struct tui *t);

/* grid_draw.c: the body of the grid, lines 2 to the status line; the
 * view's title ("Grid, day 1: ...", which columns show, how many are
 * hidden). */
void grid_draw(struct tui *t, struct view *v);
void grid_title(const struct tui *t, const struct view *v, char *buf,
		size_t size);

#endif
