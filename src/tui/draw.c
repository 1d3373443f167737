/* Drawing: every frame is drawn again from state; nothing draws elsewhere.
 * Text from a program goes through text_sanitize() before it is drawn. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"
#include "grid.h"
#include "tui.h"

enum {
	PAIR_HEADER = 1,
	PAIR_TAB,
	PAIR_HEADING,
	PAIR_DIM,
	PAIR_STATUS,
	PAIR_MATCH,
	PAIR_STAR,
	PAIR_CONFLICT,
	PAIR_NOW,
	PAIR_TRACK0, /* track colours follow */
};

static int attr_header, attr_tab, attr_heading, attr_dim, attr_status,
	attr_title, attr_select, attr_match, attr_star, attr_conflict, attr_now;

void
draw_init_colors(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR");
	t->colors = has_colors() && !(no_color && *no_color);
	attr_select = A_REVERSE;
	attr_title = A_BOLD;
	if (!t->colors) {
		/* Monochrome: attributes alone keep things apart. */
		attr_header = A_REVERSE;
		attr_tab = A_BOLD | A_UNDERLINE;
		attr_heading = A_BOLD | A_UNDERLINE;
		attr_dim = A_DIM;
		attr_status = A_REVERSE;
		attr_match = A_BOLD | A_UNDERLINE;
		/* Starred and conflicting sessions: their mark (* or !) in
		 * bold, their title underlined. */
		attr_star = A_BOLD | A_UNDERLINE;
		attr_conflict = A_BOLD | A_UNDERLINE;
		attr_now = A_BOLD;
		t->track_colors = 0;
		return;
	}
	start_color();
	use_default_colors();
	init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_TAB, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_HEADING, COLOR_YELLOW, -1);
	init_pair(PAIR_DIM, COLORS >= 256 ? 245 : COLOR_CYAN, -1);
	init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_WHITE);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
	/* Stars gold, conflicts red: told apart from the track hues. */
	init_pair(PAIR_STAR, COLORS >= 256 ? 214 : COLOR_YELLOW, -1);
	init_pair(PAIR_CONFLICT, COLORS >= 256 ? 196 : COLOR_RED, -1);
	init_pair(PAIR_NOW, COLORS >= 256 ? 199 : COLOR_MAGENTA, -1);
	attr_header = COLOR_PAIR(PAIR_HEADER) | A_BOLD;
	attr_tab = COLOR_PAIR(PAIR_TAB) | A_BOLD;
	attr_heading = COLOR_PAIR(PAIR_HEADING) | A_BOLD;
	attr_dim = COLOR_PAIR(PAIR_DIM);
	attr_status = COLOR_PAIR(PAIR_STATUS);
	attr_match = COLOR_PAIR(PAIR_MATCH) | A_BOLD;
	attr_star = COLOR_PAIR(PAIR_STAR) | A_BOLD;
	attr_conflict = COLOR_PAIR(PAIR_CONFLICT) | A_BOLD;
	attr_now = COLOR_PAIR(PAIR_NOW) | A_BOLD;
	/* Track tags: distinct hues from the 256-colour cube when there,
	 * else the six basic colours. */
	static const short basic[] = {COLOR_RED, COLOR_GREEN, COLOR_YELLOW,
				      COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN};
	static const short rich[] = {203, 114, 221, 75, 177, 80, 215, 150,
				     141, 210, 117, 186};
	int n = COLORS >= 256 ? 12 : 6;
	if (COLOR_PAIRS < PAIR_TRACK0 + n)
		n = COLOR_PAIRS - PAIR_TRACK0 > 0 ? COLOR_PAIRS - PAIR_TRACK0 : 0;
	for (int i = 0; i < n; i++)
		init_pair((short)(PAIR_TRACK0 + i),
			  COLORS >= 256 ? rich[i] : basic[i % 6], -1);
	t->track_colors = n;
}

static int
track_attr(const struct tui *t, int track)
{
	if (t->track_colors == 0 || track < 0)
		return A_BOLD;
	return COLOR_PAIR(PAIR_TRACK0 + track % t->track_colors);
}

int
draw_body_lines(const struct tui *t)
{
	return t->lines - 3; /* header, view title, status */
}

int
draw_text(int y, int x, int width, const char *s, size_t n, int attr)
{
	/* Cut short, as it always was: its callers say the cut. */
	return put_text_cut(y, x, width, s, n, attr, false);
}

int
draw_mark(const struct tui *t, size_t i, const char **mark)
{
	if (tui_conflict(t, i)) {
		*mark = "!";
		return attr_conflict;
	}
	if (tui_starred(t, i)) {
		*mark = "*";
		return attr_star;
	}
	*mark = " ";
	return 0;
}

int
draw_style(enum draw_style s)
{
	switch (s) {
	case DRAW_DIM: return attr_dim;
	case DRAW_HEADING: return attr_heading;
	case DRAW_SELECT: return attr_select;
	}
	return 0;
}

/* Like put_text, with what of s[0..n) spans sp[0..k) cover highlighted.
 * The spans (sorted, disjoint) are offsets in a text s starts at offset
 * `base` of (a row is a line of a wrapped text). */
static int
put_spans(int y, int x, int width, const char *s, size_t n, size_t base,
	  int attr, const struct search_span *sp, size_t k)
{
	/* Cut: the pieces in a column less, then the ellipsis. */
	bool cut = text_width(s, n) > width;
	if (cut)
		width--;
	int used = 0;
	size_t pos = 0;
	for (size_t i = 0; i < k && pos < n && used < width; i++) {
		size_t a = sp[i].start > base ? sp[i].start - base : 0;
		size_t b = sp[i].end > base ? sp[i].end - base : 0;
		if (b <= pos)
			continue;
		if (a >= n)
			break;
		a = a > pos ? a : pos;
		b = b < n ? b : n;
		used += put_text_cut(y, x + used, width - used, s + pos, a - pos,
				     attr, false);
		if (used < width)
			used += put_text_cut(y, x + used, width - used, s + a,
					     b - a, attr | attr_match, false);
		pos = b;
	}
	if (pos < n && used < width)
		used += put_text_cut(y, x + used, width - used, s + pos, n - pos,
				     attr, false);
	if (cut && width >= 0) {
		attron(attr);
		mvaddstr(y, x + used, "\u2026");
		attroff(attr);
		used++;
	}
	return used;
}

/* Like put_text, with the search's matches in `field` highlighted: s is
 * one value of the field (a title, a name). */
static int
put_match(const struct tui *t, int y, int x, int width, const char *s,
	  size_t n, int attr, int field)
{
	if (t->query == NULL || field < 0 || width <= 0 || n == 0)
		return put_text(y, x, width, s, n, attr);
	char *clean = text_sanitize(s, n, 0);
	size_t len = strlen(clean);
	struct search_span *spans;
	size_t k = search_spans(t->query, (enum search_field)field, clean, len,
				&spans);
	int used = put_spans(y, x, width, clean, len, 0, attr, spans, k);
	free(spans);
	free(clean);
	return used;
}

/* A text row with the search's matches in its values highlighted: each
 * value is matched whole (a row may be one line of it), labels never. */
static int
put_row_match(const struct tui *t, int y, int x, int width,
	      const struct row *r, int attr)
{
	if (t->query == NULL || r->field < 0 || r->n_values == 0)
		return put_text(y, x, width, r->text, r->len, attr);
	struct search_span *all = NULL;
	size_t n_all = 0;
	for (size_t i = 0; i < r->n_values; i++) {
		const struct row_value *v = &r->values[i];
		struct search_span *sp;
		size_t k = search_spans(t->query, (enum search_field)r->field,
					r->line + v->off, v->len, &sp);
		all = xreallocarray(all, n_all + k + 1, sizeof(*all));
		for (size_t j = 0; j < k; j++)
			all[n_all++] = (struct search_span){
				v->off + sp[j].start, v->off + sp[j].end};
		free(sp);
	}
	int used = put_spans(y, x, width, r->text, r->len,
			     (size_t)(r->text - r->line), attr, all, n_all);
	free(all);
	return used;
}

static int
put_str(int y, int x, int width, const char *s, int attr)
{
	return put_text(y, x, width, s, strlen(s), attr);
}

/* Fills the rest of line y from column x with spaces in attr. */
static void
fill_line(int y, int x, int attr, int cols)
{
	attron(attr);
	for (int i = x; i < cols; i++)
		mvaddch(y, i, ' ');
	attroff(attr);
}

/* The header: "sked", the conference, [i/n], day tabs, the zone. When
 * room is short the tabs come first, then the zone, then the title. */
static void
draw_header(struct tui *t)
{
	const struct program *p = tui_program(t);
	fill_line(0, 0, attr_header, t->cols);
	int day = -1;
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].kind == VIEW_DAY ||
		    t->stack[i].kind == VIEW_GRID) {
			day = (int)t->stack[i].arg;
			break;
		}
	char tabs[32][24];
	int n_tabs = p->conference.n_days < 32 ? p->conference.n_days : 32;
	int tabs_w = 0;
	for (int d = 0; d < n_tabs; d++) {
		struct tz_date date;
		program_day_date(p, d, &date);
		snprintf(tabs[d], sizeof(tabs[d]), " %s %d ",
			 tz_weekday_abbr(tz_weekday(tz_days_from_civil(
				 date.year, date.month, date.day))),
			 date.day);
		tabs_w += (int)strlen(tabs[d]);
	}
	char count[32] = "";
	if (t->n_programs > 1)
		snprintf(count, sizeof(count), " [%zu/%zu]", t->cur + 1,
			 t->n_programs);
	const char *zone = tz_name(tui_zone(t));
	int zone_w = (int)strlen(zone) + 1;
	int fixed = 7 + (int)strlen(count) + 2 + tabs_w;
	if (t->cols - fixed - zone_w < 12)
		zone_w = 0; /* no room: the zone goes */
	int title_w = t->cols - fixed - zone_w;
	int x = 1;
	x += put_str(0, x, t->cols - x, "sked", attr_header);
	x += 2;
	/* A year that ends the title tells editions apart: kept. */
	const char *title = p->conference.title;
	size_t tn = strlen(title), tail = text_year_tail(title, tn);
	x += put_text_tail(0, x, title_w, title, tn, tail, attr_header);
	x += put_str(0, x, t->cols - x, count, attr_header);
	x += 2;
	t->n_tabs = 0;
	for (int d = 0; d < n_tabs; d++) {
		int w = (int)strlen(tabs[d]);
		if (x + w > t->cols - zone_w)
			break;
		put_str(0, x, w, tabs[d], d == day ? attr_tab : attr_header);
		t->tab_x[t->n_tabs] = x;
		t->tab_w[t->n_tabs++] = w;
		x += w;
	}
	if (zone_w && t->cols - zone_w >= x)
		put_str(0, t->cols - zone_w, zone_w - 1, zone, attr_header);
}

static const char *
view_title(const struct tui *t, const struct view *v, char *buf, size_t size)
{
	const struct program *p = tui_program(t);
	struct tz_date d;
	switch (v->kind) {
	case VIEW_DAY: {
		char date[FORMAT_WHEN_MAX];
		program_day_date(p, (int)v->arg, &d);
		snprintf(buf, size, "Day %zu: %s", v->arg + 1,
			 format_date(date, &d));
		return buf;
	}
	case VIEW_TRACKS: return "Tracks";
	case VIEW_TRACK: return p->tracks[v->arg].name;
	case VIEW_TRACK_INFO:
		snprintf(buf, size, "%s: description", p->tracks[v->arg].name);
		return buf;
	case VIEW_SPEAKERS: return "Speakers and authors";
	case VIEW_SPEAKER: return t->people[t->cur].v[v->arg].name;
	case VIEW_UNSCHEDULED: return "Unscheduled sessions";
	case VIEW_DETAIL: return "Session";
	case VIEW_HELP: return "Help";
	case VIEW_RESULTS:
		snprintf(buf, size, "Search: %zu session%s", t->n_results,
			 t->n_results == 1 ? "" : "s");
		return buf;
	case VIEW_CHANGES: return "Changes";
	case VIEW_FILTER: return "Filters";
	case VIEW_GRID: grid_title(t, v, buf, size); return buf;
	case VIEW_PROGRAMS: return "Programs";
	case VIEW_LINKS: return "Links of the session";
	case VIEW_PEOPLE_OF: return "Speakers and authors of the session";
	case VIEW_NOW: return now_title(t, v, buf, size);
	case VIEW_ROOMS: return "Rooms";
	case VIEW_ROOM: return p->rooms[v->arg].name;
	case VIEW_AGENDA: {
		size_t n = 0, shown = 0;
		for (size_t i = 0; i < p->n_sessions; i++) {
			n += tui_starred(t, i);
			shown += tui_starred(t, i) && tui_shown(t, i);
		}
		if (shown < n) /* the filters hide some */
			snprintf(buf, size, "Agenda: %zu of %zu starred shown, "
				 "%zu in conflict", shown, n, t->conflicts[t->cur]);
		else
			snprintf(buf, size, "Agenda: %zu starred, %zu in conflict",
				 n, t->conflicts[t->cur]);
		return buf;
	}
	}
	return "";
}

/* The widest of n names (the i-th from name(p, i)) within [lo, hi]; 0
 * when there are none. */
static int
names_width(const struct program *p, size_t n,
	    const char *(*name)(const struct program *, size_t), int lo, int hi)
{
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = name(p, i);
		int nw = text_width(s, strlen(s));
		if (nw > w)
			w = nw;
	}
	if (n == 0)
		return 0;
	return w < lo ? lo : w > hi ? hi : w;
}

static const char *
track_id(const struct program *p, size_t i)
{
	return p->tracks[i].id;
}

static const char *
room_name(const struct program *p, size_t i)
{
	return p->rooms[i].name;
}

/* The widest track id of the program, capped, for the tag column. */
static int
tag_width(const struct program *p)
{
	return names_width(p, p->n_tracks, track_id, 2, 12);
}

/* The columns of a view's session rows: sized from the program's data
 * within a minimum and a maximum, then to the screen (the room goes
 * first, then the track: the title and the first speaker go last). */
struct row_cols {
	int time_w; /* 0: no time */
	enum format_when_style style;
	bool grouped; /* the time once per group, with the group's count */
	int track_w, room_w; /* 0: not shown */
};

enum { COUNT_W = 3 }; /* "x12": sessions starting together */

static void
row_cols(const struct tui *t, const struct view *v, struct row_cols *c)
{
	const struct program *p = tui_program(t);
	c->style = view_row_when(t, v, &c->time_w);
	if (v->kind == VIEW_UNSCHEDULED)
		c->time_w = 0;
	c->grouped = v->time_headings;
	c->track_w = tag_width(p);
	c->room_w = names_width(p, p->n_rooms, room_name, 4, 18);
	/* A list of sessions: as wide as its own need, in those bounds. */
	if (v->track_w >= 0)
		c->track_w = v->track_w ? (v->track_w < 2 ? 2 : v->track_w > 12 ? 12 : v->track_w) : 0;
	if (v->room_w >= 0)
		c->room_w = v->room_w ? (v->room_w < 4 ? 4 : v->room_w > 18 ? 18 : v->room_w) : 0;
	/* Not the column the title or the headings already say: a room's
	 * sessions, a track's, the now view's groups. */
	if (v->kind == VIEW_ROOM ||
	    (v->kind == VIEW_NOW && !now_grouped_by_track(t)))
		c->room_w = 0;
	if (v->kind == VIEW_TRACK ||
	    (v->kind == VIEW_NOW && now_grouped_by_track(t)))
		c->track_w = 0;
	/* The now view's notes come first (see draw_row). */
	int x = 1 + (v->note_w ? v->note_w + 4 : 0) +
		(c->time_w ? c->time_w + 1 : 0) +
		(c->grouped ? COUNT_W + 1 : c->time_w ? 1 : 0);
	int title = t->cols - 1 - x - (c->track_w ? c->track_w + 2 : 0);
	if (c->room_w && title - (c->room_w + 2) < 30)
		c->room_w = 0;
	else if (c->room_w)
		title -= c->room_w + 2;
	if (c->track_w && title < 24)
		c->track_w = 0;
}

static void
draw_session_row(struct tui *t, int y, int x, const struct row *r,
		 const struct row_cols *c, int attr_row)
{
	const struct program *p = tui_program(t);
	const struct program_session *s = &p->sessions[r->index];
	int cols = t->cols;
	char when[FORMAT_WHEN_MAX];
	/* Column 0: '*' starred, '!' starred and overlapping another; the
	 * title in their colour (underlined without colours). */
	const char *sign;
	int mark = draw_mark(t, r->index, &sign);
	if (mark)
		put_str(y, 0, 1, sign, attr_row | mark);
	if (c->time_w > 0) {
		if (s->scheduled) {
			format_when(when, p, s, tui_zone(t), c->style);
			/* After the first of a group, its start goes
			 * without saying: the end alone, under it. */
			const char *from = when;
			const char *dash = strstr(when, "\u2013");
			if (c->grouped && r->count == 0 && dash)
				from = dash;
			int skip = text_width(when, (size_t)(from - when));
			put_str(y, x + skip, cols - x - skip, from,
				attr_row | (from != when ? attr_dim : 0));
		}
		x += c->time_w + 1;
	}
	if (c->grouped) {
		if (r->count > 1) {
			char count[24];
			snprintf(count, sizeof(count), "x%zu", r->count);
			put_str(y, x, COUNT_W, count, attr_row | attr_dim);
		}
		x += COUNT_W + 1;
	} else if (c->time_w > 0) {
		x += 1;
	}
	if (c->track_w > 0) {
		if (s->track >= 0) {
			const char *id = p->tracks[s->track].id;
			put_match(t, y, x, c->track_w, id, strlen(id),
				  attr_row | track_attr(t, s->track), SEARCH_TRACK);
		}
		x += c->track_w + 2;
	}
	if (c->room_w > 0) {
		if (s->room >= 0) {
			const char *room = p->rooms[s->room].name;
			put_match(t, y, x, c->room_w, room, strlen(room),
				  attr_row | attr_dim, SEARCH_ROOM);
		}
		x += c->room_w + 2;
	}
	/* The title, cut last; then the speakers as they fit, the first
	 * one before the others. */
	x += put_match(t, y, x, cols - x - 1, s->title, strlen(s->title),
		       attr_row | A_BOLD | mark, SEARCH_TITLE);
	for (size_t i = 0; i < s->speakers.n; i++) {
		const char *sep = i ? ", " : " \u2014 ";
		int room = cols - x - 1 - text_width(sep, strlen(sep));
		if (room < 4) {
			if (cols - x - 1 >= 2)
				put_str(y, x, 2, " \u2026", attr_row | attr_dim);
			break;
		}
		x += put_str(y, x, cols - x - 1, sep, attr_row | attr_dim);
		const char *name = s->speakers.v[i].name;
		x += put_match(t, y, x, cols - x - 1, name, strlen(name),
			       attr_row | attr_dim, SEARCH_SPEAKER);
	}
}

/* The line of the current time across a list. */
static void
draw_now_line(const struct tui *t, int y, const struct row *r)
{
	attron(attr_now);
	mvhline(y, 0, ACS_HLINE, t->cols);
	attroff(attr_now);
	put_str(y, 1, 1, " ", attr_now);
	int w = put_text(y, 2, t->cols - 4, r->text, r->len, attr_now);
	put_str(y, 2 + w, 1, " ", attr_now);
}

static void
draw_row(struct tui *t, const struct view *v, size_t i, int y,
	 const struct row_cols *c, int tw)
{
	const struct program *p = tui_program(t);
	const struct row *r = &v->rows[i];
	bool selected = i == v->sel && view_selectable(r);
	int attr_row = selected ? attr_select : 0;
	if (selected)
		fill_line(y, 0, attr_select, t->cols);
	char buf[64];
	switch (r->kind) {
	case ROW_HEADING:
		if (r->attr == TEXT_ATTR_NOW) {
			draw_now_line(t, y, r);
			break;
		}
		put_text(y, 1 + r->indent, t->cols - 2 - r->indent, r->text,
			 r->len, attr_heading);
		break;
	case ROW_TEXT: {
		int a = 0;
		if (r->attr == TEXT_ATTR_BOLD)
			a = (int)A_BOLD;
		else if (r->attr == TEXT_ATTR_TITLE)
			a = attr_title | (int)A_BOLD;
		else if (r->attr == TEXT_ATTR_DIM)
			a = attr_dim;
		/* A detail's title: starred or in conflict, as in lists. */
		if (v->kind == VIEW_DETAIL && r->attr == TEXT_ATTR_TITLE &&
		    r->field == SEARCH_TITLE) {
			if (tui_conflict(t, v->arg)) {
				a |= attr_conflict;
				put_str(y, 0, 1, "!", attr_conflict);
			} else if (tui_starred(t, v->arg)) {
				a |= attr_star;
				put_str(y, 0, 1, "*", attr_star);
			}
		}
		put_row_match(t, y, 1 + r->indent, t->cols - 2 - r->indent, r,
			      a);
		break;
	}
	case ROW_SESSION: {
		/* A search result of another program: drawn as that
		 * program's, its stars, zone and tracks. */
		size_t cur = t->cur;
		if (r->prog)
			t->cur = r->prog - 1;
		/* The now view's note ("12 min left") comes first. */
		int x = 1;
		if (r->note) {
			put_str(y, x + r->indent, v->note_w, r->note,
				attr_row | (r->attr == TEXT_ATTR_DIM
						    ? attr_dim : attr_heading));
			x += r->indent + v->note_w + 2;
		}
		draw_session_row(t, y, x, r, c, attr_row);
		t->cur = cur;
		break;
	}
	case ROW_CHOICE:
		put_text_tail(y, 1 + r->indent, t->cols - 2 - r->indent,
			      r->text, r->len, r->count, attr_row);
		break;
	case ROW_TRACK: {
		const struct program_track *tr = &p->tracks[r->index];
		put_text(y, 1, tw, tr->id, strlen(tr->id),
			 attr_row | track_attr(t, (int)r->index));
		int x = 3 + tw;
		x += put_text(y, x, t->cols - x - 16, tr->name, strlen(tr->name),
			      attr_row | A_BOLD);
		snprintf(buf, sizeof(buf), "  %zu session%s", r->count,
			 r->count == 1 ? "" : "s");
		x += put_str(y, x, t->cols - x - 1, buf, attr_row);
		for (size_t k = 0; k < tr->leads.n && x < t->cols - 4; k++) {
			x += put_str(y, x, t->cols - x - 1, k ? ", " : "  \u2014 ",
				     attr_row | attr_dim);
			x += put_text(y, x, t->cols - x - 1, tr->leads.v[k],
				      strlen(tr->leads.v[k]), attr_row | attr_dim);
		}
		break;
	}
	case ROW_FILTER: {
		/* "[x] value  name          12 sessions" */
		int on = r->attr == TEXT_ATTR_BOLD ? (int)A_BOLD : 0;
		snprintf(buf, sizeof(buf), "%zu session%s", r->count,
			 r->count == 1 ? "" : "s");
		int w = (int)strlen(buf);
		put_str(y, 2, 3, on ? "[x]" : "[ ]", attr_row | on);
		int room = t->cols - 6 - w - 3;
		if (r->line) {
			/* The label in its column (note_w, at most a third
			 * of the room), cut before the name is. */
			int lw = v->note_w < room / 3 ? v->note_w : room / 3;
			put_text(y, 6, lw, r->text, r->len, attr_row | on);
			put_text(y, 6 + lw + 2, room - lw - 2, r->line,
				 strlen(r->line), attr_row | on);
		} else {
			put_text(y, 6, room, r->text, r->len, attr_row | on);
		}
		if (t->cols - w - 1 > 10)
			put_str(y, t->cols - w - 1, w, buf, attr_row | attr_dim);
		break;
	}
	case ROW_ROOM: {
		/* The names in a column (note_w wide, see rooms.c), then the
		 * counts. */
		const char *name = p->rooms[r->index].name;
		int w = v->note_w < t->cols - 18 ? v->note_w : t->cols - 18;
		put_text(y, 1, w, name, strlen(name), attr_row | A_BOLD);
		snprintf(buf, sizeof(buf), "%5zu session%s", r->count,
			 r->count == 1 ? "" : "s");
		put_str(y, 1 + w + 1, t->cols - w - 3, buf, attr_row);
		break;
	}
	case ROW_PERSON: {
		const struct person *who = &t->people[t->cur].v[r->index];
		int x = 1;
		x += put_text(y, x, t->cols / 2, who->name, strlen(who->name),
			      attr_row | A_BOLD);
		if (who->affiliation) {
			x += put_str(y, x, t->cols - x - 14, " (", attr_row | attr_dim);
			x += put_text(y, x, t->cols - x - 14, who->affiliation,
				      strlen(who->affiliation), attr_row | attr_dim);
			x += put_str(y, x, t->cols - x - 12, ")", attr_row | attr_dim);
		}
		snprintf(buf, sizeof(buf), "%zu session%s", r->count,
			 r->count == 1 ? "" : "s");
		int w = (int)strlen(buf);
		if (t->cols - w - 1 > x + 1)
			put_str(y, t->cols - w - 1, w, buf, attr_row);
		break;
	}
	}
}

/* Scrolls so that the selection, and the heading just above it, show. */
static void
draw_scroll(const struct tui *t, struct view *v)
{
	size_t body = (size_t)draw_body_lines(t);
	bool list = v->n_rows && view_selectable(&v->rows[v->sel]);
	if (list && v->follow) {
		size_t want = v->sel;
		while (want > 0 && !view_selectable(&v->rows[want - 1]) &&
		       v->sel - (want - 1) < body)
			want--;
		if (want < v->top)
			v->top = want;
		if (v->sel >= v->top + body)
			v->top = v->sel - body + 1;
	}
	size_t max_top = v->n_rows > body ? v->n_rows - body : 0;
	if (v->top > max_top)
		v->top = max_top;
}

/* The query line: "/" and the query, the cursor after it, and at the
 * right the count of results or the query's error. */
static void
draw_query_line(struct tui *t)
{
	int y = t->lines - 1;
	char right[340];
	if (t->input_error[0])
		snprintf(right, sizeof(right), "%s", t->input_error);
	else
		snprintf(right, sizeof(right), "%zu match%s%s", t->n_results,
			 t->n_results == 1 ? "" : "es",
			 t->searching ? " so far" : "");
	int rw = text_width(right, strlen(right));
	if (rw > t->cols / 2)
		rw = t->cols / 2;
	int room = t->cols - rw - 4;
	/* Show the end of a long query. */
	size_t start = 0;
	while (text_width(t->input + start, t->input_len - start) > room - 2) {
		start++;
		while (start < t->input_len &&
		       ((unsigned char)t->input[start] & 0xC0) == 0x80)
			start++;
	}
	mvaddstr(y, 0, "/");
	int x = 1 + put_text(y, 1, room, t->input + start, t->input_len - start, 0);
	put_str(y, t->cols - rw - 1, rw, right,
		t->input_error[0] ? attr_heading : attr_dim);
	move(y, x);
}

static void
draw_status(struct tui *t)
{
	struct view *v = tui_view(t);
	int y = t->lines - 1;
	if (t->typing) {
		draw_query_line(t);
		return;
	}
	if (t->exporting) {
		int x = put_str(y, 0, t->cols, "Export agenda to: ", A_BOLD);
		x += put_text(y, x, t->cols - x - 1, t->export_path, t->export_len, 0);
		move(y, x);
		return;
	}
	fill_line(y, 0, attr_status, t->cols);
	char left[256];
	if (t->message[0]) {
		snprintf(left, sizeof(left), "%s", t->message);
	} else if (v->kind == VIEW_DETAIL || v->kind == VIEW_HELP ||
		   v->kind == VIEW_CHANGES || v->kind == VIEW_TRACK_INFO) {
		size_t body = (size_t)draw_body_lines(t);
		snprintf(left, sizeof(left), "lines %zu-%zu of %zu",
			 v->n_rows ? v->top + 1 : 0,
			 v->top + body < v->n_rows ? v->top + body : v->n_rows,
			 v->n_rows);
	} else {
		/* The conflicts of the sessions listed, not of the whole
		 * program: the count matches the ! marks one can see. */
		size_t pos = 0, total = 0, clashes = 0;
		for (size_t i = 0; i < v->n_rows; i++) {
			const struct row *r = &v->rows[i];
			if (r->kind == ROW_SESSION) {
				size_t k = r->prog ? r->prog - 1 : t->cur;
				clashes += t->conflict[k] != NULL &&
					   t->conflict[k][r->index];
			}
			if (view_selectable(r)) {
				total++;
				if (i <= v->sel)
					pos++;
			}
		}
		/* The grid's blocks go room after room: its count is the
		 * day list's, in time order. */
		if (v->kind == VIEW_GRID && v->grid && v->grid->n_cols)
			pos = v->grid->rank[v->sel] + 1;
		snprintf(left, sizeof(left), "%zu/%zu", total ? pos : 0, total);
		if (clashes)
			snprintf(left + strlen(left), sizeof(left) - strlen(left),
				 "  %zu in conflict (!)", clashes);
	}
	/* An update's progress, before what the view says. */
	if (!t->message[0] && tui_update_running(t)) {
		char progress[128];
		tui_update_progress(t, progress, sizeof(progress));
		size_t n = strlen(progress);
		if (n + 2 < sizeof(left)) {
			memmove(left + n + 2, left, sizeof(left) - n - 2);
			left[sizeof(left) - 1] = '\0';
			memcpy(left, progress, n);
			memcpy(left + n, "  ", 2);
		}
	}
	const char *hints = v->kind == VIEW_DETAIL
				    ? "o link  S/T/R speaker/track/room  J/K  "
				      "? help"
			    : v->kind == VIEW_FILTER
				    ? "Space toggle  F clear all  q back"
			    : v->kind == VIEW_GRID
				    ? "hjkl move  Enter open  x hide room  "
				      "X show all  ? help"
			    : t->depth == 1 && v->kind == VIEW_DAY
				    ? "Enter open  s star  a agenda  / search  "
				      "? help  q quit"
				    : "Enter open  s star  a agenda  / search  "
				      "? help  q back";
	int x = 1 + put_text(y, 1, t->cols - 2, left, strlen(left), attr_status);
	int hw = text_width(hints, strlen(hints));
	if (t->cols - hw - 1 > x + 2)
		put_str(y, t->cols - hw - 1, hw, hints, attr_status);
}

static void
draw_too_small(const struct tui *t)
{
	char buf[96];
	snprintf(buf, sizeof(buf), "Terminal too small: %dx%d",
		 t->cols, t->lines);
	char need[64];
	snprintf(need, sizeof(need), "sked needs %dx%d", TUI_MIN_COLS,
		 TUI_MIN_LINES);
	int y = t->lines / 2 - 1;
	put_str(y > 0 ? y : 0, 0, t->cols, buf, A_BOLD);
	if (y + 1 < t->lines)
		put_str(y + 1, 0, t->cols, need, 0);
}

void
draw_screen(struct tui *t)
{
	erase();
	if (t->cols < TUI_MIN_COLS || t->lines < TUI_MIN_LINES) {
		draw_too_small(t);
		refresh();
		return;
	}
	struct view *v = tui_view(t);
	if (v->width != t->cols)
		view_build(t, v, t->cols);
	draw_header(t);
	char title[160];
	int x = put_str(1, 1, t->cols - 2, view_title(t, v, title, sizeof(title)),
			attr_title);
	/* A followed program's copy: how old, and a last update that
	 * failed (text from the network: put_str sanitizes it). */
	char age[600];
	tui_update_age(t, age, sizeof(age), t->cols - x - 4);
	int aw = text_width(age, strlen(age));
	if (age[0] && x + 3 + aw < t->cols)
		put_str(1, t->cols - aw - 1, aw, age, attr_dim);
	else
		aw = 0;
	/* The filters in force, between the title and the age (room and
	 * track names from the program: put_str sanitizes them). */
	char filter[512];
	tui_filter_describe(t, filter, sizeof(filter));
	if (filter[0])
		x += 3 + put_str(1, x + 3, t->cols - x - 4 - (aw ? aw + 2 : 0),
				 filter, attr_heading);
	/* The search in force, once its results are left: n and N go
	 * through its matches in any list; Esc in the day list ends it
	 * (the query typed: put_str sanitizes it). */
	if (t->query != NULL && !t->typing && v->kind != VIEW_RESULTS) {
		char search[SEARCH_MAX_QUERY + 64];
		snprintf(search, sizeof(search), "search: %s (%s)", t->input,
			 t->depth == 1 && v->kind == VIEW_DAY ? "Esc ends"
							      : "n next");
		put_str(1, x + 3, t->cols - x - 4 - (aw ? aw + 2 : 0), search,
			attr_heading);
	}
	if (v->kind == VIEW_GRID) {
		grid_draw(t, v);
	} else {
		draw_scroll(t, v);
		int body = draw_body_lines(t);
		int tw = tag_width(tui_program(t));
		struct row_cols c;
		row_cols(t, v, &c);
		for (int k = 0; k < body && v->top + (size_t)k < v->n_rows; k++)
			draw_row(t, v, v->top + (size_t)k, 2 + k, &c, tw);
	}
	draw_status(t);
	curs_set(t->typing || t->exporting ? 1 : 0);
	refresh();
	links_draw_hyperlinks(t);
}
