/* Drawing the grid view (grid.h): room heads, a gutter of times, blocks,
 * the line of the current time. Text from the program goes through
 * draw_text, which makes it safe. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* The first line of the body (the heads take line 2). */
enum { GRID_Y = 3 };

/* Draws text s (untrusted) in at most width columns, ending with an
 * ellipsis when it does not fit; returns the columns used. */
static int
grid_fit(int y, int x, int width, const char *s, size_t n, int attr,
	 bool more)
{
	if (width <= 0)
		return 0;
	if (!more && text_width(s, n) <= width)
		return draw_text(y, x, width, s, n, attr);
	int used = draw_text(y, x, width - 1, s, n, attr);
	return used + draw_text(y, x + used, 1, "\u2026", 3, attr);
}

/* A block's text: its title, then its speakers, wrapped to width and cut
 * to the lines it has (the last one said cut with an ellipsis). */
static void
grid_block_text(const struct tui *t, const struct program_session *s, int y,
		int x, int width, int lines, int attr, int attr_people,
		bool moved)
{
	char *title = text_sanitize(s->title, strlen(s->title), 0);
	if (moved) {
		/* Below the line of its start, or on a line the gutter does
		 * not name (grid_gutter): the start said first. */
		char when[FORMAT_CLOCK_MAX];
		format_clock(when, tui_zone(t), s->start_utc);
		char *timed = xasprintf("%s %s", when, title);
		free(title);
		title = timed;
	}
	struct text_line *tl;
	size_t nt = text_wrap(title, width, &tl);
	char *people = NULL;
	size_t len = 0;
	for (size_t i = 0; i < s->speakers.n; i++)
		len += strlen(s->speakers.v[i].name) + 2;
	if (len) {
		people = xmalloc(len + 1);
		people[0] = '\0';
		for (size_t i = 0; i < s->speakers.n; i++) {
			if (i)
				strcat(people, ", ");
			strcat(people, s->speakers.v[i].name);
		}
		char *clean = text_sanitize(people, strlen(people), 0);
		free(people);
		people = clean;
	}
	struct text_line *pl = NULL;
	size_t np = people ? text_wrap(people, width, &pl) : 0;
	int k = 0;
	if (lines == 1 && nt > 1) {
		/* One line for a title that wraps: cut inside its words,
		 * not at them ("11:55 PathAudit…", not "11:55…"). */
		grid_fit(y, x, width, title, strlen(title), attr, false);
		k = lines;
	}
	for (size_t i = 0; i < nt && k < lines; i++, k++)
		grid_fit(y + k, x, width, title + tl[i].off, tl[i].len, attr,
			 k == lines - 1 && i + 1 < nt);
	for (size_t i = 0; i < np && k < lines; i++, k++)
		grid_fit(y + k, x, width, people + pl[i].off, pl[i].len,
			 attr_people, k == lines - 1 && i + 1 < np);
	free(title);
	free(people);
	free(tl);
	free(pl);
}

/* Whether instant u is in the second pass of an hour that occurs
 * twice (clocks gone back): its wall time was said above it. */
static bool
grid_again(const struct tz_zone *z, int64_t u)
{
	bool first;
	return tz_repeated(z, u, &first) && !first;
}

/* The gutter's text for the line beginning at instant u (`line` seconds
 * long), into when; its length, 0 for none. A time every quarter of an
 * hour, going only forward: in an hour that occurs twice, its second
 * pass is not named again (its blocks say their starts, grid_draw), but
 * its first line says the new offset, "UTC-5", as the lists' times do
 * (format_when): without "UTC" when that is too wide ("+10:30"). */
static int
grid_gutter(const struct tz_zone *z, int64_t u, int64_t line,
	    char when[FORMAT_CLOCK_MAX])
{
	struct tz_wall w;
	int off;
	tz_from_utc(z, u, &w, &off);
	if (grid_again(z, u)) {
		if (grid_again(z, u - line) && tz_offset(z, u - line) == off)
			return 0;
		format_offset(when, off);
		int n = (int)strlen(when);
		if (n > GRID_GUTTER) {
			memmove(when, when + 3, (size_t)n - 2);
			n -= 3;
		}
		return n;
	}
	if (w.minute % 15 != 0)
		return 0;
	return snprintf(when, FORMAT_CLOCK_MAX, "%02d:%02d", w.hour, w.minute);
}

static void
grid_fill(int y, int x, int width, int attr, const char *ch)
{
	for (int i = 0; i < width; i++)
		draw_text(y, x + i, 1, ch, strlen(ch), attr);
}

/* The rule at the left of a column on one line: heavy beside a block,
 * down all its lines, so that a session going on past its text is told
 * from free time, which has the light one (in ASCII "|" and ":"). */
static void
grid_rule(int y, int x, bool block, int attr)
{
	const char *ch = block ? "\u2503" : cells_ascii_only() ? ":" : "\u2502";
	draw_text(y, x, 1, ch, strlen(ch), attr);
}

void
grid_title(const struct tui *t, const struct view *v, char *buf, size_t size)
{
	const struct program *p = tui_program(t);
	const struct grid *g = v->grid;
	struct tz_date d;
	char date[FORMAT_WHEN_MAX];
	program_day_date(p, (int)v->arg, &d);
	/* Which columns show and how many are hidden, said whole: on a
	 * narrow screen the date goes first (the header's tabs say the
	 * day). */
	char tail[128] = "";
	int n = 0;
	if (g != NULL) {
		const char *what = g->by_track ? "tracks" : "rooms";
		int cw;
		size_t vis;
		grid_geometry(t, g, &cw, &vis);
		if (g->n_cols > vis)
			n = snprintf(tail, sizeof(tail),
				     " \u00b7 %s %zu\u2013%zu of %zu", what,
				     v->left + 1, v->left + vis, g->n_cols);
		if (g->hidden && n >= 0 && (size_t)n < sizeof(tail))
			snprintf(tail + n, sizeof(tail) - (size_t)n,
				 " \u00b7 %zu hidden (X)", g->hidden);
	}
	snprintf(buf, size, "Grid, day %zu: %s%s", v->arg + 1,
		 format_date(date, &d), tail);
	if (text_width(buf, strlen(buf)) > t->cols - 2)
		snprintf(buf, size, "Grid, day %zu%s", v->arg + 1, tail);
}

void
grid_draw(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	const struct grid *g = v->grid;
	grid_scroll(t, v);
	int h = grid_body_lines(t);
	if (g == NULL || g->n_cols == 0) {
		/* Why nothing shows, and what shows it: the rooms hidden,
		 * the filters (as the lists say it), or an empty day. */
		const char *say[4];
		size_t n = 0;
		char buf[96], hint[2][TUI_EMPTY_DAY_LINE];
		bool filters = t->shown[t->cur] != NULL;
		if (g && (g->hidden || g->filtered)) {
			say[n++] = "None of this day's sessions shows:";
		} else {
			/* An empty day: where the sessions are, as the
			 * day list says it. */
			say[n++] = "No sessions on this day.";
			size_t k = view_empty_day_hints(t, hint);
			for (size_t j = 0; j < k; j++)
				say[n++] = hint[j];
		}
		if (g && g->hidden) {
			snprintf(buf, sizeof(buf), "%zu %s%s hidden: X shows them.",
				 g->hidden, g->by_track ? "track" : "room",
				 g->hidden == 1 ? "" : "s");
			say[n++] = buf;
		}
		if (filters)
			say[n++] = "Filters are in force: f changes them, F "
				   "clears them.";
		for (size_t k = 0; k < n; k++)
			put_text(GRID_Y - 1 + (int)k, 1, t->cols - 2, say[k],
				 strlen(say[k]), draw_style(DRAW_DIM));
		return;
	}
	int cw;
	size_t vis;
	grid_geometry(t, g, &cw, &vis);
	int dim = draw_style(DRAW_DIM), bar = draw_style(DRAW_HEADING);
	const struct tz_zone *z = tui_zone(t);
	int64_t line = (int64_t)g->step * 60;
	/* The line of the current time, when the day's grid has it. */
	int64_t now = tui_now(t);
	long now_y = now >= g->t0 && now < g->t0 + g->n_lines * line
			     ? (long)((now - g->t0) / line) - (long)v->top
			     : -1;
	if (now_y >= h)
		now_y = -1;

	/* The heads: "<" and ">" say more columns are out of sight. */
	for (size_t c = v->left; c < v->left + vis; c++) {
		int x = GRID_GUTTER + (int)(c - v->left) * cw;
		draw_text(GRID_Y - 1, x, 1, "\u2502", 3, dim);
		const char *name = g->cols[c].name;
		grid_fit(GRID_Y - 1, x + 1, cw - 1, name, strlen(name),
			 (int)A_BOLD, false);
	}
	if (v->left > 0)
		draw_text(GRID_Y - 1, 0, 1, "<", 1, bar);
	if (v->left + vis < g->n_cols)
		draw_text(GRID_Y - 1, GRID_GUTTER - 1, 1, ">", 1, bar);

	/* The gutter: a time every quarter of an hour, on every line of the
	 * screen, below the day's last block too; the separators. */
	for (int k = 0; k < h; k++) {
		char when[FORMAT_CLOCK_MAX];
		int len = grid_gutter(z, g->t0 + ((int64_t)v->top + k) * line,
				      line, when);
		if (k == now_y) {
			struct tz_wall nw;
			tz_from_utc(z, now, &nw, NULL);
			snprintf(when, sizeof(when), "%02d:%02d", nw.hour,
				 nw.minute);
			draw_text(GRID_Y + k, 0, 5, when, 5, bar | A_REVERSE);
			grid_fill(GRID_Y + k, 5, t->cols - 5, bar, "\u2500");
		} else if (len > 0) {
			draw_text(GRID_Y + k, 0, GRID_GUTTER, when,
				  (size_t)len, dim);
		}
		for (size_t c = v->left; c < v->left + vis; c++) {
			int x = GRID_GUTTER + (int)(c - v->left) * cw;
			if (k == now_y)
				draw_text(GRID_Y + k, x, 1, "\u253c", 3, bar);
			else
				grid_rule(GRID_Y + k, x, false, dim);
		}
	}

	/* The blocks of the columns in sight. */
	for (size_t c = v->left; c < v->left + vis; c++) {
		const struct grid_column *col = &g->cols[c];
		int x = GRID_GUTTER + (int)(c - v->left) * cw + 1;
		for (size_t r = col->first; r < col->first + col->n; r++) {
			const struct grid_block *b = &g->blocks[r];
			int y0 = b->y0, y1 = b->y1;
			if (r + 1 < col->first + col->n && b[1].y0 < y1)
				y1 = b[1].y0;
			if (y1 <= (int)v->top || y0 >= (int)v->top + h)
				continue;
			/* From its first line in sight: a block scrolled
			 * half out keeps its title. */
			int from = y0 > (int)v->top ? y0 : (int)v->top;
			int to = y1 < (int)v->top + h ? y1 : (int)v->top + h;
			size_t i = v->rows[r].index;
			bool sel = r == v->sel;
			int base = sel ? draw_style(DRAW_SELECT) : 0;
			for (int y = from; y < to; y++) {
				int k = y - (int)v->top;
				grid_fill(GRID_Y + k, x, cw - 1,
					  base | (k == now_y ? (int)A_UNDERLINE
							     : 0),
					  " ");
				if (k != now_y)
					grid_rule(GRID_Y + k, x - 1, true, 0);
			}
			/* Starred and conflicting blocks: a mark, and the
			 * lists' colour (underlined without colours). */
			const char *mark;
			int marked = draw_mark(t, i, &mark);
			int ya = GRID_Y + from - (int)v->top;
			draw_text(ya, x, 1, mark, 1, base | marked | (int)A_BOLD);
			const struct program_session *s = &p->sessions[i];
			int title = base | (int)A_BOLD | marked;
			grid_block_text(t, s, ya, x + 1, cw - 2, to - from,
					title, base | (sel ? 0 : dim),
					b->moved || grid_again(z, s->start_utc));
		}
	}
}
