/* Drawing the rows of a list: sessions in their columns (time, count,
 * track, room, title, speakers) with the search's matches highlighted,
 * headings, the line of now, tracks, rooms, people, filter values and
 * choices; and the scrolling that keeps the selection in view. Out of
 * draw.c (past 800 lines), which keeps the colours, the header, the
 * view's title line, the status line and the frame. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

/* Like put_text, with what of s[0..n) spans sp[0..k) cover highlighted.
 * The spans (sorted, disjoint) are offsets in a text s starts at offset
 * `base` of (a row is a line of a wrapped text). */
int
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
					     b - a, attr | draw_attr_match, false);
		pos = b;
	}
	if (pos < n && used < width)
		used += put_text_cut(y, x + used, width - used, s + pos, n - pos,
				     attr, false);
	if (cut && width >= 0) {
		attr = theme_fix_attr(attr);
		attron(attr);
		put_ellipsis(y, x + used);
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

/* The matches of the value last highlighted, for the next rows of the
 * same value (the lines of a wrapped abstract each matched it whole: a
 * slow pattern took its time again for every line). Valid for one
 * drawing of the rows (draw_rows_forget), the query unchanged. */
static struct {
	const char *text;
	size_t len;
	int field;
	struct search_span *spans;
	size_t n;
} draw_spans_seen;

void
draw_rows_forget(void)
{
	free(draw_spans_seen.spans);
	draw_spans_seen.spans = NULL;
	draw_spans_seen.text = NULL;
}

/* The matches of t's search in value text[0..len) of field (the caller
 * does not free them: kept for the next row). */
static const struct search_span *
draw_value_spans(const struct tui *t, int field, const char *text,
		 size_t len, size_t *n)
{
	if (draw_spans_seen.text != text || draw_spans_seen.len != len ||
	    draw_spans_seen.field != field) {
		draw_rows_forget();
		draw_spans_seen.n = search_spans(t->query,
						 (enum search_field)field, text,
						 len, &draw_spans_seen.spans);
		draw_spans_seen.text = text;
		draw_spans_seen.len = len;
		draw_spans_seen.field = field;
	}
	*n = draw_spans_seen.n;
	return draw_spans_seen.spans;
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
		size_t k;
		const struct search_span *sp = draw_value_spans(
			t, r->field, r->line + v->off, v->len, &k);
		all = xreallocarray(all, n_all + k + 1, sizeof(*all));
		for (size_t j = 0; j < k; j++)
			all[n_all++] = (struct search_span){
				v->off + sp[j].start, v->off + sp[j].end};
	}
	int used = put_spans(y, x, width, r->text, r->len,
			     (size_t)(r->text - r->line), attr, all, n_all);
	free(all);
	return used;
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
int
draw_tag_width(const struct program *p)
{
	return names_width(p, p->n_tracks, track_id, 2, 12);
}

enum { COUNT_W = 3 }; /* "x12": sessions starting together */

/* The columns c leaves the title and the room (the now view's notes, the
 * time, the count and the track taken). */
static int
draw_title_width(const struct tui *t, const struct view *v,
		 const struct draw_row_cols *c)
{
	int x = 1 + (v->note_w ? v->note_w + 4 : 0) +
		(c->time_w ? c->time_w + 1 : 0) +
		(c->grouped ? COUNT_W + 1 : c->time_w ? 1 : 0);
	return t->cols - 1 - x - (c->track_w ? c->track_w + 2 : 0);
}

void
draw_row_cols(const struct tui *t, const struct view *v,
	      struct draw_row_cols *c)
{
	const struct program *p = tui_program(t);
	c->style = view_row_when(t, v, &c->time_w);
	if (v->kind == VIEW_UNSCHEDULED)
		c->time_w = 0;
	c->grouped = v->time_headings;
	c->track_w = draw_tag_width(p);
	c->room_w = names_width(p, p->n_rooms, room_name, 4, 18);
	/* A list of sessions: as wide as its own need, in those bounds. */
	if (v->track_w >= 0)
		c->track_w = v->track_w ? (v->track_w < 2 ? 2 : v->track_w > 12 ? 12 : v->track_w) : 0;
	if (v->room_w >= 0)
		c->room_w = v->room_w ? (v->room_w < 4 ? 4 : v->room_w > 18 ? 18 : v->room_w) : 0;
	/* Not the column the title or the headings already say: a room's
	 * sessions, a track's, the now view's groups, the unscheduled
	 * sessions' track headings. */
	if (v->kind == VIEW_ROOM ||
	    (v->kind == VIEW_NOW && !now_grouped_by_track(t)))
		c->room_w = 0;
	if (v->kind == VIEW_TRACK || v->kind == VIEW_UNSCHEDULED ||
	    (v->kind == VIEW_NOW && now_grouped_by_track(t)))
		c->track_w = 0;
	/* Offsets in full while they leave the title the columns that keep
	 * the room's and the track's (below), else brief ("+10:30"): a
	 * column of "01:00 UTC+11 – 01:30 UTC+10:30 (Sun)" took the room's
	 * place at 80 columns. The brief ones still tell a repeated hour's
	 * two passes apart. */
	int need = c->room_w ? 30 + c->room_w + 2 : 24;
	if (c->time_w > 0 && v->time_brief_w >= 0 &&
	    v->time_brief_w < c->time_w && draw_title_width(t, v, c) < need) {
		c->time_w = v->time_brief_w;
		c->style = FORMAT_WHEN_BRIEF;
	}
	int title = draw_title_width(t, v, c);
	if (c->room_w && title - (c->room_w + 2) < 30) {
		/* Narrower track and room columns (8 and 12) before no room
		 * at all: where a session is matters most at a conference
		 * of many rooms (36C3's, at 80 columns). */
		int over = 30 - (title - (c->room_w + 2));
		int track_w = c->track_w;
		int cut = c->track_w > 8 ? c->track_w - 8 : 0;
		cut = cut < over ? cut : over;
		c->track_w -= cut, title += cut, over -= cut;
		cut = c->room_w > 12 ? c->room_w - 12 : 0;
		cut = cut < over ? cut : over;
		c->room_w -= cut, over -= cut;
		if (over > 0) { /* no room then, and the track as it was */
			title -= track_w - c->track_w;
			c->track_w = track_w;
			c->room_w = 0;
		}
	}
	if (c->room_w)
		title -= c->room_w + 2;
	if (c->track_w && title < 24)
		c->track_w = 0;
	c->why = v->kind == VIEW_RESULTS && t->query != NULL;
}

static void
draw_session_row(struct tui *t, int y, int x, const struct row *r,
		 const struct draw_row_cols *c, int attr_row)
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
				attr_row | (from != when ? draw_attr_dim : 0));
		}
		x += c->time_w + 1;
	}
	if (c->grouped) {
		if (r->count > 1) {
			char count[24];
			snprintf(count, sizeof(count), "x%zu", r->count);
			put_str(y, x, COUNT_W, count, attr_row | draw_attr_dim);
		}
		x += COUNT_W + 1;
	} else if (c->time_w > 0) {
		x += 1;
	}
	if (c->track_w > 0) {
		if (s->track >= 0) {
			const char *id = p->tracks[s->track].id;
			put_match(t, y, x, c->track_w, id, strlen(id),
				  attr_row | draw_track_attr(t, s->track),
				  SEARCH_TRACK);
		}
		x += c->track_w + 2;
	}
	if (c->room_w > 0) {
		if (s->room >= 0) {
			const char *room = p->rooms[s->room].name;
			put_match(t, y, x, c->room_w, room, strlen(room),
				  attr_row | draw_attr_dim, SEARCH_ROOM);
		}
		x += c->room_w + 2;
	}
	/* The title, cut last; then the speakers as they fit, the first
	 * one before the others. Where speakers are left out, " …" says
	 * so when there is room for it, or the title's own "…" when it is
	 * cut: a title that fits is shown whole, even where the " …" then
	 * has no room (it was cut short of those two columns, which stayed
	 * empty). */
	int end = cols - 1, full = end - x;
	/* A search result whose usual line would hide its match shows why
	 * it matched instead (why.c). */
	if (c->why && why_draw(t, y, x, end, r->index, c,
			       attr_row | draw_attr_dim,
			       attr_row | A_BOLD | mark))
		return;
	int tw = text_width(s->title, strlen(s->title));
	int used = put_match(t, y, x, full, s->title, strlen(s->title),
			     attr_row | A_BOLD | mark, SEARCH_TITLE);
	bool title_cut = tw > full;
	x += used;
	for (size_t i = 0; i < s->speakers.n; i++) {
		const char *sep = i ? ", " : " \u2014 ";
		int room = end - x - text_width(sep, strlen(sep));
		if (room < 4) {
			/* " …", else, after a speaker, "…" in the last
			 * column (the name ends a column sooner): a speaker
			 * left out beside one shown is never unsaid. */
			if (!title_cut && end - x >= 2)
				put_str(y, x, 2, " \u2026",
					attr_row | draw_attr_dim);
			else if (!title_cut && i > 0)
				put_str(y, end - 1, 1, "\u2026",
					attr_row | draw_attr_dim);
			break;
		}
		x += put_str(y, x, end - x, sep, attr_row | draw_attr_dim);
		const char *name = s->speakers.v[i].name;
		x += put_match(t, y, x, end - x, name, strlen(name),
			       attr_row | draw_attr_dim, SEARCH_SPEAKER);
	}
}

/* The widest "N sessions" of v's filter rows. */
static int
filter_count_width(const struct view *v)
{
	size_t most = 0;
	for (size_t i = 0; i < v->n_rows; i++)
		if (v->rows[i].kind == ROW_FILTER && v->rows[i].count > most)
			most = v->rows[i].count;
	char buf[32];
	return snprintf(buf, sizeof(buf), "%zu sessions", most);
}

/* The line of the current time across a list. */
static void
draw_now_line(const struct tui *t, int y, const struct row *r)
{
	attron(draw_attr_now);
	mvhline(y, 0, cells_ascii_only() ? '-' : ACS_HLINE, t->cols);
	attroff(draw_attr_now);
	put_str(y, 1, 1, " ", draw_attr_now);
	int w = put_text(y, 2, t->cols - 4, r->text, r->len, draw_attr_now);
	put_str(y, 2 + w, 1, " ", draw_attr_now);
}

void
draw_row(struct tui *t, const struct view *v, size_t i, int y,
	 const struct draw_row_cols *c, int tw)
{
	const struct program *p = tui_program(t);
	const struct row *r = &v->rows[i];
	bool selected = i == v->sel && view_selectable(r);
	int attr_row = selected ? draw_attr_select : 0;
	if (selected)
		draw_fill_line(y, 0, draw_attr_select, t->cols);
	char buf[64];
	switch (r->kind) {
	case ROW_HEADING:
		if (r->attr == TEXT_ATTR_NOW) {
			draw_now_line(t, y, r);
			break;
		}
		put_text_tail(y, 1 + r->indent, t->cols - 2 - r->indent,
			      r->text, r->len, r->count, draw_attr_heading);
		break;
	case ROW_TEXT: {
		int a = 0;
		if (r->attr == TEXT_ATTR_BOLD)
			a = (int)A_BOLD;
		else if (r->attr == TEXT_ATTR_TITLE)
			a = draw_attr_title | (int)A_BOLD;
		else if (r->attr == TEXT_ATTR_DIM)
			a = draw_attr_dim;
		/* A detail's title: starred or in conflict, as in lists;
		 * the mark on its first line only (one on each line of a
		 * wrapped title read as one item each). */
		if (v->kind == VIEW_DETAIL && r->attr == TEXT_ATTR_TITLE &&
		    r->field == SEARCH_TITLE) {
			bool first = i == 0 || v->rows[i - 1].line != r->line;
			if (tui_conflict(t, v->arg)) {
				a |= draw_attr_conflict;
				if (first)
					put_str(y, 0, 1, "!", draw_attr_conflict);
			} else if (tui_starred(t, v->arg)) {
				a |= draw_attr_star;
				if (first)
					put_str(y, 0, 1, "*", draw_attr_star);
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
						    ? draw_attr_dim
						    : draw_attr_heading));
			x += r->indent + v->note_w + 2;
		}
		draw_session_row(t, y, x, r, c, attr_row);
		t->cur = cur;
		break;
	}
	case ROW_GONE:
		put_text(y, 2 + r->indent, t->cols - 3 - r->indent, r->text,
			 r->len, attr_row | draw_attr_dim);
		break;
	case ROW_CHOICE:
		put_text_tail(y, 1 + r->indent, t->cols - 2 - r->indent,
			      r->text, r->len, r->count, attr_row);
		break;
	case ROW_TRACK: {
		const struct program_track *tr = &p->tracks[r->index];
		put_text(y, 1, tw, tr->id, strlen(tr->id),
			 attr_row | draw_track_attr(t, (int)r->index));
		int x = 3 + tw;
		/* The names in a column (the widest, as far as it fits), the
		 * counts aligned after it (view_build_tracks measured both),
		 * then the leads; at most 60% of the line's rest: the leads
		 * keep room. */
		int nw = v->note_w, cw = v->count_w;
		if (nw > (t->cols - x) * 3 / 5)
			nw = (t->cols - x) * 3 / 5;
		if (nw > t->cols - x - 16)
			nw = t->cols - x - 16;
		/* A track without sessions (its description and leads
		 * only) dimmed: those with sessions stand out. */
		int a = attr_row | (r->count ? 0 : draw_attr_dim);
		put_text(y, x, nw, tr->name, strlen(tr->name),
			 a | (r->count ? (int)A_BOLD : 0));
		x += nw > 0 ? nw : 0;
		snprintf(buf, sizeof(buf), "  %*zu session%s", cw, r->count,
			 r->count == 1 ? "" : "s");
		x += put_str(y, x, t->cols - x - 1, buf, a);
		for (size_t k = 0; k < tr->leads.n && x < t->cols - 4; k++) {
			x += put_str(y, x, t->cols - x - 1, k ? ", " : "  \u2014 ",
				     attr_row | draw_attr_dim);
			x += put_text(y, x, t->cols - x - 1, tr->leads.v[k],
				      strlen(tr->leads.v[k]),
				      attr_row | draw_attr_dim);
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
		/* The columns from the widest count, the same on every row
		 * (a two-digit count moved its row's name). */
		int room = t->cols - 6 - filter_count_width(v) - 3;
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
			put_str(y, t->cols - w - 1, w, buf,
				attr_row | draw_attr_dim);
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
			x += put_str(y, x, t->cols - x - 14, " (",
				     attr_row | draw_attr_dim);
			x += put_text(y, x, t->cols - x - 14, who->affiliation,
				      strlen(who->affiliation),
				      attr_row | draw_attr_dim);
			x += put_str(y, x, t->cols - x - 12, ")",
				     attr_row | draw_attr_dim);
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

/* Scrolls so that the selection, and the heading just above it, show;
 * and the line of now just below it (the session that runs now is
 * selected, and the line says it is now); above the lines a long
 * message covers (t->above) while it is shown. */
void
draw_scroll(const struct tui *t, struct view *v)
{
	int shown = draw_body_lines(t) - t->above;
	size_t body = shown > 1 ? (size_t)shown : 1;
	bool list = v->n_rows && view_selectable(&v->rows[v->sel]);
	if (list && v->follow) {
		size_t want = v->sel, last = v->sel;
		while (want > 0 && !view_selectable(&v->rows[want - 1]) &&
		       v->sel - (want - 1) < body)
			want--;
		if (last + 1 < v->n_rows &&
		    v->rows[last + 1].kind == ROW_HEADING &&
		    v->rows[last + 1].attr == TEXT_ATTR_NOW &&
		    last + 1 - want < body)
			last++;
		if (want < v->top)
			v->top = want;
		if (last >= v->top + body)
			v->top = last - body + 1;
	}
	size_t max_top = v->n_rows > body ? v->n_rows - body : 0;
	if (v->top > max_top)
		v->top = max_top;
}
