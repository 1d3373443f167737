/* Drawing: every frame is drawn again from state; nothing draws elsewhere.
 * Text from a program goes through text_sanitize() before it is drawn.
 * Here: the colours, the header, the view's title line, the status line
 * and the frame; a list's rows are drawn in draw_rows.c. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/config.h"
#include "sked/text.h"
#include "grid.h"
#include "tui.h"

static int attr_header, attr_tab, attr_status;
/* Shared with the rows' drawing (draw_rows.c). */
int draw_attr_heading, draw_attr_dim, draw_attr_title, draw_attr_select,
	draw_attr_match, draw_attr_star, draw_attr_conflict, draw_attr_now;

void
draw_init_colors(struct tui *t)
{
	/* The theme and the user's colours (theme.c). */
	int a[CONFIG_EL_COUNT];
	theme_init(t, a);
	attr_header = a[CONFIG_EL_HEADER];
	attr_tab = a[CONFIG_EL_TAB];
	attr_status = a[CONFIG_EL_FOOTER];
	draw_attr_heading = a[CONFIG_EL_HEADING];
	draw_attr_dim = a[CONFIG_EL_DIM];
	draw_attr_select = a[CONFIG_EL_SELECTION];
	draw_attr_match = a[CONFIG_EL_HIGHLIGHT];
	draw_attr_star = a[CONFIG_EL_STAR];
	draw_attr_conflict = a[CONFIG_EL_CONFLICT];
	draw_attr_now = a[CONFIG_EL_NOW];
	draw_attr_title = A_BOLD;
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
		return draw_attr_conflict;
	}
	if (tui_starred(t, i)) {
		*mark = "*";
		return draw_attr_star;
	}
	*mark = " ";
	return 0;
}

int
draw_style(enum draw_style s)
{
	switch (s) {
	case DRAW_DIM: return draw_attr_dim;
	case DRAW_HEADING: return draw_attr_heading;
	case DRAW_SELECT: return draw_attr_select;
	}
	return 0;
}

int
put_str(int y, int x, int width, const char *s, int attr)
{
	return put_text(y, x, width, s, strlen(s), attr);
}

/* Fills the rest of line y from column x with spaces in attr. */
void
draw_fill_line(int y, int x, int attr, int cols)
{
	attr = theme_fix_attr(attr);
	attron(attr);
	for (int i = x; i < cols; i++)
		mvaddch(y, i, ' ');
	attroff(attr);
}

/* Day d's tab, " Mon 13 ", into buf; its width (ASCII). */
static int
draw_tab_label(const struct program *p, int d, char *buf, size_t size)
{
	struct tz_date date;
	program_day_date(p, d, &date);
	int w = snprintf(buf, size, " %s %d ",
			 tz_weekday_abbr(tz_weekday(tz_days_from_civil(
				 date.year, date.month, date.day))),
			 date.day);
	return w < 0 ? 0 : w < (int)size ? w : (int)size - 1;
}

static int
draw_tab_width(const struct program *p, int d)
{
	char buf[24];
	return draw_tab_label(p, d, buf, sizeof(buf));
}

/* The marks of days left out before and after the tabs shown: "<" and
 * "> " (a space before what follows). */
static int
draw_tab_marks(int n, int s, int e)
{
	return (s > 0) + 2 * (e < n - 1);
}

/* The days [*first, *last] whose tabs fit in room with the day focus
 * among them, with their marks: as many as fit, those after focus first.
 * Returns their width with the marks, or -1 when not even focus's tab
 * fits. */
static int
draw_tab_window(const struct program *p, int focus, int room, int *first,
		int *last)
{
	int n = p->conference.n_days, s = focus, e = focus;
	int w = draw_tab_width(p, focus);
	if (w + draw_tab_marks(n, s, e) > room)
		return -1;
	for (bool grew = true; grew;) {
		grew = false;
		if (e + 1 < n) {
			int nw = w + draw_tab_width(p, e + 1);
			if (nw + draw_tab_marks(n, s, e + 1) <= room)
				w = nw, e++, grew = true;
		}
		if (s > 0) {
			int nw = w + draw_tab_width(p, s - 1);
			if (nw + draw_tab_marks(n, s - 1, e) <= room)
				w = nw, s--, grew = true;
		}
	}
	*first = s;
	*last = e;
	return w + draw_tab_marks(n, s, e);
}

/* The header: "sked", the conference, [i/n], day tabs, the zone. The
 * tabs of all days when they fit; else of the days around the one shown
 * (or the first), with "<" and ">" where there are more, as many as fit
 * beside the title's first columns and the zone. When even that is too
 * wide the zone goes, then the title. */
static void
draw_header(struct tui *t)
{
	const struct program *p = tui_program(t);
	draw_fill_line(0, 0, attr_header, t->cols);
	int day = -1;
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].kind == VIEW_DAY ||
		    t->stack[i].kind == VIEW_GRID) {
			day = (int)t->stack[i].arg;
			break;
		}
	int n = p->conference.n_days;
	int all_w = 0;
	for (int d = 0; d < n; d++)
		all_w += draw_tab_width(p, d);
	char count[32] = "";
	if (t->n_programs > 1)
		snprintf(count, sizeof(count), " [%zu/%zu]", t->cur + 1,
			 t->n_programs);
	const char *zone = tz_label(tui_zone(t));
	const char *title = p->conference.title;
	size_t tn = strlen(title), tail = text_year_tail(title, tn);
	int title_full = text_width(title, tn);
	int head = 7 + (int)strlen(count) + 2;
	int zone_w = (int)strlen(zone) + 1;
	/* What the tabs may have: the title's first columns (a year kept,
	 * put_text_tail) and the zone come first, unless no tab fits. */
	int title_min = title_full < 16 ? title_full : 16;
	int first = 0, last = n - 1, tabs_w = all_w;
	if (n > 0 && head + title_min + all_w + zone_w > t->cols) {
		int focus = day >= 0 && day < n ? day : 0;
		int room = t->cols - head - title_min - zone_w;
		tabs_w = draw_tab_window(p, focus, room, &first, &last);
		if (tabs_w < 0 && zone_w) {
			zone_w = 0;
			room = t->cols - head - title_min;
			tabs_w = draw_tab_window(p, focus, room, &first, &last);
		}
		if (tabs_w < 0) /* the title's columns go too */
			tabs_w = draw_tab_window(p, focus, t->cols - head,
						 &first, &last);
		if (tabs_w < 0)
			tabs_w = 0, first = 0, last = -1;
	}
	/* All the tabs, and too little of the title left beside the zone:
	 * the zone goes. */
	if (tabs_w == all_w &&
	    t->cols - head - tabs_w - zone_w < (title_full < 12 ? title_full : 12))
		zone_w = 0;
	int title_w = t->cols - head - tabs_w - zone_w;
	int x = 1;
	x += put_str(0, x, t->cols - x, "sked", attr_header);
	x += 2;
	if (title_w > 0)
		x += put_text_tail(0, x, title_w, title, tn, tail, attr_header);
	x += put_str(0, x, t->cols - x, count, attr_header);
	x += 2;
	t->tab_less_x = t->tab_more_x = -1;
	if (first > 0 && last >= first) {
		t->tab_less_x = x;
		x += put_str(0, x, 1, "<", attr_header);
	}
	t->n_tabs = 0;
	for (int d = first; d <= last && t->n_tabs < TUI_MAX_TABS; d++) {
		char tab[24];
		int w = draw_tab_label(p, d, tab, sizeof(tab));
		if (x + w > t->cols - zone_w)
			break;
		put_str(0, x, w, tab, d == day ? attr_tab : attr_header);
		t->tab_x[t->n_tabs] = x;
		t->tab_w[t->n_tabs] = w;
		t->tab_day[t->n_tabs++] = d;
		x += w;
	}
	if (last < n - 1 && last >= first && x < t->cols - zone_w) {
		t->tab_more_x = x;
		x += put_str(0, x, 1, ">", attr_header) + 1;
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
		size_t n = 0, shown = 0, clash = 0;
		for (size_t i = 0; i < p->n_sessions; i++) {
			n += tui_starred(t, i);
			shown += tui_starred(t, i) && tui_shown(t, i);
			clash += tui_starred(t, i) && tui_shown(t, i) &&
				 tui_conflict(t, i);
		}
		/* The filters hide some: the conflicts of those shown, as
		 * the status line and the ! marks count them. */
		if (shown < n)
			snprintf(buf, size, "Agenda: %zu of %zu starred shown, "
				 "%zu in conflict", shown, n, clash);
		else
			snprintf(buf, size, "Agenda: %zu starred, %zu in conflict",
				 n, t->conflicts[t->cur]);
		/* Stars on ids the program no longer has (listed last). */
		const struct agenda *a = t->agendas[t->cur];
		if (a != NULL && a->n > n) {
			size_t len = strlen(buf);
			snprintf(buf + len, size - len, ", %zu gone", a->n - n);
		}
		return buf;
	}
	}
	return "";
}

/* Where a line of input shown in `room` columns starts so that its
 * cursor (byte pos) is in sight: where it started last time (*scroll),
 * moved back to the cursor when the cursor went before it, or on to the
 * first character from which the text up to the cursor fits; and back
 * while the rest of the line (len bytes in all) fits. Moving the cursor
 * within what is shown scrolls nothing. */
static size_t
draw_line_start(const char *s, size_t len, size_t pos, int room,
		size_t *scroll)
{
	/* The start of the cluster *scroll is in (s[len] is NUL). */
	size_t start = text_cluster_before(s, len,
					   (*scroll <= pos ? *scroll : pos) + 1);
	while (start < pos && text_width(s + start, pos - start) > room)
		start = text_cluster_after(s, len, start);
	while (start > 0) {
		size_t prev = text_cluster_before(s, len, start);
		if (text_width(s + prev, len - prev) > room)
			break;
		start = prev;
	}
	*scroll = start;
	return start;
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
	/* An error takes the room the query does not need (PCRE2's
	 * messages are long), the query keeping a third of the line at
	 * least: the '/', the query, two columns to spare and the gaps. */
	int qw = text_width(t->input, t->input_len) + 6;
	int most = t->input_error[0] ? t->cols - (qw > t->cols / 3 ? t->cols / 3 : qw)
				     : t->cols / 2;
	if (rw > most)
		rw = most;
	if (rw < 0)
		rw = 0;
	int room = t->cols - rw - 4;
	/* A long query: what ends at the cursor (at its end, the query's
	 * end). */
	size_t pos = t->input_pos <= t->input_len ? t->input_pos : t->input_len;
	size_t start = draw_line_start(t->input, t->input_len, pos, room - 2,
				       &t->input_scroll);
	mvaddstr(y, 0, "/");
	size_t at = t->input_error[0] ? t->input_error_at : SIZE_MAX;
	int x = 1;
	if (at >= start && at < t->input_len) {
		/* The character where the error is, in reverse video. */
		size_t end = text_char_after(t->input, t->input_len, at);
		x += put_text(y, x, room, t->input + start, at - start, 0);
		x += put_text(y, x, room - (x - 1), t->input + at, end - at,
			      A_REVERSE);
		x += put_text(y, x, room - (x - 1), t->input + end,
			      t->input_len - end, 0);
	} else {
		x += put_text(y, x, room, t->input + start, t->input_len - start, 0);
	}
	put_str(y, t->cols - rw - 1, rw, right,
		t->input_error[0] ? draw_attr_heading : draw_attr_dim);
	move(y, 1 + text_width(t->input + start, pos - start));
}

/* A message longer than the status line has room for, wrapped on the
 * lines just above it, over the body's last rows until the next key
 * (as a pager's prompt does): a path or a reason cut at the screen's
 * edge said nothing. DRAW_ABOVE_LINES at most; the last cut in its
 * middle with "…", keeping the message's end.
 * The lines it covers are in t->above: the list scrolls its selection
 * clear of them, the mouse and the hyperlinks leave them alone. */
enum { DRAW_ABOVE_LINES = 4 };

struct draw_above {
	const char *msg; /* NULL: none this frame */
	int attr;
	int lines;
};

/* msg's lines above the status line: 0 when its width is room or less.
 * Measured and wrapped as it is shown: made safe first (a control
 * character is one column, an escape sequence none of its bytes). With
 * draw, it is drawn too. */
static int
draw_above_lines(const struct tui *t, const char *msg, int room, bool draw,
		 int attr)
{
	char *safe = text_sanitize(msg, strlen(msg), 0);
	size_t n = strlen(safe);
	if (text_width(safe, n) <= room) {
		free(safe);
		return 0;
	}
	struct text_line *lines;
	size_t k = text_wrap(safe, t->cols - 2, &lines);
	int show = k < DRAW_ABOVE_LINES ? (int)k : DRAW_ABOVE_LINES;
	int y0 = t->lines - 1 - show;
	for (int i = 0; draw && i < show; i++) {
		draw_fill_line(y0 + i, 0, attr, t->cols);
		if (i + 1 < show || k == (size_t)show) {
			put_text(y0 + i, 1, t->cols - 2, safe + lines[i].off,
				 lines[i].len, attr);
			continue;
		}
		/* The last line shown holds the rest, cut in its middle:
		 * a message's end (an exported file's name) says as much
		 * as its start. */
		size_t off = lines[i].off, from = n;
		int cols = 0;
		while (from > off) {
			size_t c = text_cluster_before(safe, n, from);
			cols += text_width(safe + c, from - c);
			if (cols > (t->cols - 2) / 2)
				break;
			from = c;
		}
		put_text_tail(y0 + i, 1, t->cols - 2, safe + off, n - off,
			      n - from, attr);
	}
	free(lines);
	free(safe);
	return show;
}

/* What goes above the status line this frame: a message that came
 * while a prompt is open (an update's result: the prompt covers the
 * status line), else the export prompt's reason when longer than half
 * the line, else a message longer than the line. */
static struct draw_above
draw_above_plan(const struct tui *t)
{
	struct draw_above a = {NULL, 0, 0};
	if ((t->typing || t->exporting) && t->message[0]) {
		a = (struct draw_above){t->message, attr_status, 0};
		a.lines = draw_above_lines(t, a.msg, 0, false, 0);
	} else if (t->exporting && t->export_error[0]) {
		a = (struct draw_above){t->export_error, draw_attr_dim, 0};
		a.lines = draw_above_lines(t, a.msg, t->cols / 2, false, 0);
	} else if (!t->typing && !t->exporting && t->message[0]) {
		a = (struct draw_above){t->message, attr_status, 0};
		a.lines = draw_above_lines(t, a.msg, t->cols - 2, false, 0);
	}
	if (a.lines == 0)
		a.msg = NULL;
	return a;
}

/* The status line, and above it what above says (draw_above_plan, for
 * this frame). */
static void
draw_status(struct tui *t, const struct draw_above *above)
{
	struct view *v = tui_view(t);
	int y = t->lines - 1;
	if (above->msg != NULL)
		(void)draw_above_lines(t, above->msg, -1, true, above->attr);
	if (t->typing) {
		draw_query_line(t);
		return;
	}
	if (t->exporting) {
		int x = 0;
		if (t->export_error[0] && above->msg != t->export_error) {
			x = put_text(y, 0, t->cols / 2, t->export_error,
				     strlen(t->export_error), draw_attr_dim);
			x += put_str(y, x, t->cols - x, ". ", draw_attr_dim);
		}
		x += put_str(y, x, t->cols - x,
			     t->export_error[0] ? "Export to: "
						: "Export agenda to: ",
			     A_BOLD);
		size_t pos = t->export_pos <= t->export_len ? t->export_pos
							    : t->export_len;
		size_t start = draw_line_start(t->export_path, t->export_len,
					       pos, t->cols - x - 2,
					       &t->export_scroll);
		put_text(y, x, t->cols - x - 1, t->export_path + start,
			 t->export_len - start, 0);
		move(y, x + text_width(t->export_path + start, pos - start));
		return;
	}
	draw_fill_line(y, 0, attr_status, t->cols);
	char left[sizeof(t->message)];
	/* What of left is kept when the keys that stay (footer.c) would not
	 * fit beside it all: a list's position, without its count of
	 * conflicts (the rows' marks say them). 0: all of it. */
	size_t essential = 0;
	/* A message too long for this line is above it; this line says
	 * what it says without one. */
	bool message = t->message[0] && above->msg != t->message;
	if (message) {
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
		essential = strlen(left);
		if (clashes)
			snprintf(left + strlen(left), sizeof(left) - strlen(left),
				 "  %zu in conflict (!)", clashes);
	}
	/* An update's progress, before what the view says. */
	if (!message && tui_update_running(t)) {
		char progress[128];
		tui_update_progress(t, progress, sizeof(progress));
		size_t n = strlen(progress);
		if (n + 2 < sizeof(left)) {
			memmove(left + n + 2, left, sizeof(left) - n - 2);
			left[sizeof(left) - 1] = '\0';
			memcpy(left, progress, n);
			memcpy(left + n, "  ", 2);
			essential = 0; /* no longer at its start */
		}
	}
	/* The keys that act here, as many as fit (footer.c). */
	char hints[512];
	size_t ln = strlen(left);
	int x = 1 + text_width(left, ln);
	footer_hints(t, hints, sizeof(hints), t->cols - x - 4);
	int hw = text_width(hints, strlen(hints));
	if (t->cols - hw - 1 <= x + 2 && essential > 0 && essential < ln) {
		ln = essential;
		x = 1 + text_width(left, ln);
		footer_hints(t, hints, sizeof(hints), t->cols - x - 4);
		hw = text_width(hints, strlen(hints));
	}
	x = 1 + put_text(y, 1, t->cols - 2, left, ln, attr_status);
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
		t->above = 0;
		draw_too_small(t);
		refresh();
		return;
	}
	struct view *v = tui_view(t);
	if (v->width != t->cols)
		view_build(t, v, t->cols);
	/* What goes above the status line, first: the list scrolls its
	 * selection clear of it, the mouse and the hyperlinks leave it. */
	struct draw_above above = draw_above_plan(t);
	t->above = above.lines;
	draw_header(t);
	/* The grid scrolled to its selection before its title says which
	 * columns show (it said the last frame's). */
	if (v->kind == VIEW_GRID)
		grid_scroll(t, v);
	char title[160];
	int x = put_str(1, 1, t->cols - 2, view_title(t, v, title, sizeof(title)),
			draw_attr_title);
	/* A followed program's copy: how old, and a last update that
	 * failed (text from the network: put_str sanitizes it). */
	char age[600];
	tui_update_age(t, age, sizeof(age), t->cols - x - 4);
	int aw = text_width(age, strlen(age));
	if (age[0] && x + 3 + aw < t->cols)
		put_str(1, t->cols - aw - 1, aw, age, draw_attr_dim);
	else
		aw = 0;
	/* The filters in force, between the title and the age (room and
	 * track names from the program: put_str sanitizes them). */
	char filter[512];
	tui_filter_describe(t, filter, sizeof(filter));
	if (filter[0])
		x += 3 + put_str(1, x + 3, t->cols - x - 4 - (aw ? aw + 2 : 0),
				 filter, draw_attr_heading);
	/* The search in force, once its results are left: n and N go
	 * through its matches in any list; Esc in the day list ends it
	 * (the query typed: put_str sanitizes it). */
	if (t->query != NULL && !t->typing && v->kind != VIEW_RESULTS) {
		char search[SEARCH_MAX_QUERY + 64];
		snprintf(search, sizeof(search), "search: %s (%s)", t->input,
			 t->depth == 1 && v->kind == VIEW_DAY ? "Esc ends"
							      : "n next");
		put_str(1, x + 3, t->cols - x - 4 - (aw ? aw + 2 : 0), search,
			draw_attr_heading);
	}
	if (v->kind == VIEW_GRID) {
		grid_draw(t, v);
	} else {
		draw_scroll(t, v);
		int body = draw_body_lines(t);
		int tw = draw_tag_width(tui_program(t));
		struct draw_row_cols c;
		draw_row_cols(t, v, &c);
		for (int k = 0; k < body && v->top + (size_t)k < v->n_rows; k++)
			draw_row(t, v, v->top + (size_t)k, 2 + k, &c, tw);
		draw_rows_forget();
	}
	draw_status(t, &above);
	curs_set(t->typing || t->exporting ? 1 : 0);
	refresh();
	links_draw_hyperlinks(t);
}
