/* A search result's row saying why it matched, as mutt's and less's
 * lines do. The usual row (draw_session_row) shows the title, cut last,
 * then the speakers as they fit: a match past the title's cut, in a
 * speaker left out, or in a field the row never shows (an abstract, a
 * tag, an author...) was nowhere to be seen. Such a row shows instead,
 * highlighted as any match is: the title from a little before its match
 * ("…with per-cpu spinlocks"); else the title shortened to leave room
 * for the speakers who matched; else the title shortened and, after it,
 * a snippet of the field around its first match ("abstract: …the
 * migration of…"). Only the rows drawn pay for it, and a row whose usual
 * line shows a match pays only for finding that out. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/search.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

/* A value made safe for the terminal, as put_match makes it, and where
 * the query matches it (in the safe text). */
struct why_value {
	char *text;
	size_t len;
	int width;
	struct search_span *spans;
	size_t n;
};

/* Value s of field made safe, matched only when `match` (a field no
 * term matched has no spans to find). */
enum {
	/* Bytes of a value a row looks at: each row drawn makes its value
	 * safe, matches and measures it at every redraw, and a hostile
	 * file's abstracts may be megabytes (25 rows of 1 MB took 0.25 s a
	 * key). A match past them shows the plain row. */
	WHY_MAX_TEXT = 16 * 1024
};

static void
why_value_make(const struct tui *t, int field, const char *s, bool match,
	       struct why_value *v)
{
	size_t n = strnlen(s, WHY_MAX_TEXT);
	if (n == WHY_MAX_TEXT) /* s[n] is there: cut between characters */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	v->text = text_sanitize(s, n, 0);
	v->len = strlen(v->text);
	v->width = text_width(v->text, v->len);
	v->spans = NULL;
	v->n = match ? search_spans(t->query, (enum search_field)field,
				    v->text, v->len, &v->spans)
		     : 0;
}

/* The offsets of v's spans, one after the other: start, end, start... */
static size_t *
why_span_offset(struct why_value *v, size_t m)
{
	return m % 2 ? &v->spans[m / 2].end : &v->spans[m / 2].start;
}

/* Runs of spaces in v made one (an abstract's line breaks and blank
 * lines, made spaces by text_sanitize) and those it starts with dropped
 * (after "abstract: "), its spans moved with its text; unless a span
 * would then be empty (a match of the spaces dropped). */
static void
why_value_squeeze(struct why_value *v)
{
	char *out = xmalloc(v->len + 1 + TEXT_PAD);
	struct search_span *spans = xmalloc((v->n ? v->n : 1) * sizeof(*spans));
	memcpy(spans, v->spans, v->n * sizeof(*spans));
	struct why_value was = *v;
	v->spans = spans;
	size_t o = 0, m = 0;
	for (size_t i = 0; i <= v->len; i++) {
		for (; m < 2 * v->n && *why_span_offset(v, m) == i; m++)
			*why_span_offset(v, m) = o;
		if (i < v->len && !(v->text[i] == ' ' &&
				    (o == 0 || out[o - 1] == ' ')))
			out[o++] = v->text[i];
	}
	bool empty = false;
	for (size_t k = 0; k < v->n; k++)
		empty |= v->spans[k].start == v->spans[k].end;
	if (empty || o == v->len) {
		free(out);
		free(spans);
		*v = was;
		return;
	}
	memset(out + o, 0, 1 + TEXT_PAD);
	free(was.text);
	free(was.spans);
	v->text = out;
	v->len = o;
	v->width = text_width(out, o);
}

static void
why_value_free(struct why_value *v)
{
	free(v->text);
	free(v->spans);
}

static int
why_min(int a, int b)
{
	return a < b ? a : b;
}

/* Whether v's first match shows whole when v is drawn in `width`
 * columns, cut with an ellipsis when it does not fit. */
static bool
why_shows(const struct why_value *v, int width)
{
	if (v->n == 0 || width <= 0)
		return false;
	if (v->width > width)
		width--;
	return text_width(v->text, v->spans[0].end) <= width;
}

/* Whether value s of field shows a match in a column `width` wide. */
static bool
why_column_shows(const struct tui *t, int field, const char *s, int width)
{
	struct why_value v;
	why_value_make(t, field, s, true, &v);
	bool shows = why_shows(&v, width);
	why_value_free(&v);
	return shows;
}

/* Whether the usual row, its title and speakers in `full` columns,
 * shows a match: in the title, the track's or the room's column, or a
 * speaker's name before the speakers are cut (as draw_session_row lays
 * them out). */
static bool
why_plain_shows(const struct tui *t, const struct program_session *s,
		const struct draw_row_cols *c, unsigned fields,
		const struct why_value *title, int full)
{
	const struct program *p = tui_program(t);
	if (why_shows(title, full))
		return true;
	if (c->track_w > 0 && s->track >= 0 && (fields & 1u << SEARCH_TRACK) &&
	    why_column_shows(t, SEARCH_TRACK, p->tracks[s->track].id,
			     c->track_w))
		return true;
	if (c->room_w > 0 && s->room >= 0 && (fields & 1u << SEARCH_ROOM) &&
	    why_column_shows(t, SEARCH_ROOM, p->rooms[s->room].name,
			     c->room_w))
		return true;
	if (!(fields & 1u << SEARCH_SPEAKER))
		return false;
	int x = why_min(title->width, full);
	for (size_t i = 0; i < s->speakers.n; i++) {
		int sep = i ? 2 : 3, room = full - x - sep;
		if (room < 4)
			break;
		struct why_value name;
		why_value_make(t, SEARCH_SPEAKER, s->speakers.v[i].name, true,
			       &name);
		bool shows = why_shows(&name, room);
		x += sep + why_min(name.width, room);
		why_value_free(&name);
		if (shows)
			return true;
	}
	return false;
}

/* Where to start measuring back from byte a of s for `cols` columns: an
 * ASCII character's byte (which starts a grapheme cluster) a few times
 * those columns' bytes before a, else the text's start. An abstract may
 * be long, and text_cluster_before walks from the start each time. */
static size_t
why_scan_from(const char *s, size_t a, int cols)
{
	size_t back = 4 * (size_t)(cols > 0 ? cols : 0) + 64;
	if (a <= back)
		return 0;
	for (size_t i = a - back; i < a; i++)
		if ((unsigned char)s[i] < 0x80)
			return i;
	return 0;
}

/* The first byte of v to show in w columns for its first match to show:
 * 0 when it shows from the start; else (an ellipsis before it) the
 * match, what follows it up to a quarter of w, and as much as fits
 * before it from a word's start. A grapheme cluster's start: a letter
 * keeps its accents, a wide character both its columns. */
static size_t
why_window(const struct why_value *v, int w)
{
	size_t a = v->spans[0].start, b = v->spans[0].end;
	if (v->width <= w || text_width(v->text, b) <= w - 1)
		return 0;
	int after = text_width(v->text + b, v->len - b);
	/* The match and what is before it: after an ellipsis, and before
	 * one unless the rest fits. */
	int room = after <= w / 4 ? w - 1 - after : w - 2 - w / 4;
	size_t from = why_scan_from(v->text, a, room);
	size_t pos = from; /* the start of the cluster the match starts in */
	int before = 0;
	while (pos < a) {
		int cw;
		size_t l = text_cluster(v->text + pos, v->len - pos, &cw, NULL);
		if (pos + l > a)
			break;
		before += cw;
		pos += l;
	}
	int match = text_width(v->text + pos, b - pos);
	size_t start = from;
	while (start < pos && before + match > room) {
		int cw;
		start += text_cluster(v->text + start, v->len - start, &cw,
				      NULL);
		before -= cw;
	}
	if (start > 0 && v->text[start - 1] != ' ') {
		const char *sp = memchr(v->text + start, ' ', pos - start);
		if (sp != NULL)
			start = (size_t)(sp - v->text) + 1;
	}
	while (start < pos && v->text[start] == ' ')
		start++;
	return start;
}

/* Draws v in w columns at y, x so that its first match shows (an
 * ellipsis before a part left out); returns the columns used. */
static int
why_put_window(int y, int x, int w, const struct why_value *v, int attr)
{
	size_t start = v->n > 0 ? why_window(v, w) : 0;
	if (start == 0)
		return put_spans(y, x, w, v->text, v->len, 0, attr, v->spans,
				 v->n);
	int a = theme_fix_attr(attr);
	attron(a);
	put_ellipsis(y, x);
	attroff(a);
	return 1 + put_spans(y, x + 1, w - 1, v->text + start, v->len - start,
			     start, attr, v->spans, v->n);
}

/* The columns the title keeps when `need` columns of `full` go after
 * it: all it needs when that leaves them, else at least a third of
 * `full` (a title cut to nothing says nothing of the session). */
static int
why_title_cols(const struct why_value *title, int full, int need)
{
	int least = why_min(title->width, full / 3);
	int keep = why_min(full - need, title->width);
	return keep > least ? keep : least;
}

/* The speakers listed after the title: each one's name made safe and
 * matched; in order through the last who matched when that leaves the
 * title its third, else those who matched alone. */
struct why_speakers {
	struct why_value *names;
	size_t n;
	bool *listed;
	bool left_out; /* a speaker not listed: " …" after them */
	int width;     /* of " — " and the names listed, ", " between */
};

/* The width of the names ws lists (listed), with their separators and
 * the " …" of those left out. */
static int
why_speakers_width(struct why_speakers *ws)
{
	int w = 0;
	size_t k = 0;
	ws->left_out = false;
	for (size_t i = 0; i < ws->n; i++) {
		if (!ws->listed[i]) {
			ws->left_out = true;
			continue;
		}
		w += (k++ ? 2 : 3) + ws->names[i].width;
	}
	return w + (ws->left_out ? 2 : 0);
}

static void
why_speakers_free(struct why_speakers *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		why_value_free(&ws->names[i]);
	free(ws->names);
	free(ws->listed);
}

/* ws for s's speakers; false when no name matches (ws freed). */
static bool
why_speakers_make(const struct tui *t, const struct program_session *s,
		  const struct why_value *title, int full,
		  struct why_speakers *ws)
{
	ws->n = s->speakers.n;
	ws->names = xcalloc(ws->n ? ws->n : 1, sizeof(*ws->names));
	ws->listed = xcalloc(ws->n ? ws->n : 1, sizeof(*ws->listed));
	size_t last = ws->n;
	for (size_t i = 0; i < ws->n; i++) {
		why_value_make(t, SEARCH_SPEAKER, s->speakers.v[i].name, true,
			       &ws->names[i]);
		if (ws->names[i].n > 0)
			last = i;
	}
	if (last == ws->n) {
		why_speakers_free(ws);
		return false;
	}
	for (size_t i = 0; i <= last; i++)
		ws->listed[i] = true;
	ws->width = why_speakers_width(ws);
	if (full - ws->width < why_min(title->width, full / 3)) {
		for (size_t i = 0; i <= last; i++)
			ws->listed[i] = ws->names[i].n > 0;
		ws->width = why_speakers_width(ws);
	}
	return true;
}

/* The title shortened, then the speakers who matched (ws). */
static void
why_put_speakers(int y, int x, int end, const struct why_value *title,
		 struct why_speakers *ws, int attr, int title_attr)
{
	x += put_spans(y, x, why_title_cols(title, end - x, ws->width),
		       title->text, title->len, 0, title_attr, title->spans,
		       title->n);
	bool left_out = ws->left_out;
	size_t k = 0;
	for (size_t i = 0; i < ws->n; i++) {
		if (!ws->listed[i])
			continue;
		const char *sep = k ? ", " : " \u2014 ";
		if (end - x - (k ? 2 : 3) < 4) {
			left_out = true;
			break;
		}
		k++;
		x += put_str(y, x, end - x, sep, attr);
		x += why_put_window(y, x, end - x, &ws->names[i], attr);
	}
	if (left_out && end - x >= 2)
		put_str(y, x, 2, " \u2026", attr);
}

/* The first value of a field that the query matches (search_values). */
struct why_find {
	const struct tui *t;
	int field;
	struct why_value v;
};

static bool
why_find_value(const char *value, void *arg)
{
	struct why_find *f = arg;
	why_value_make(f->t, f->field, value, true, &f->v);
	if (f->v.n > 0) {
		why_value_squeeze(&f->v);
		return true;
	}
	why_value_free(&f->v);
	return false;
}

/* The title shortened, then "field: " and the snippet of v around its
 * first match (the label left out where it would leave the snippet too
 * little room). */
static void
why_put_snippet(int y, int x, int end, const struct why_value *title,
		int field, const struct why_value *v, int attr, int title_attr)
{
	char label[32];
	snprintf(label, sizeof(label), "%s: ", search_field_name(field));
	int lw = (int)strlen(label);
	x += put_spans(y, x, why_title_cols(title, end - x, 2 + lw + v->width),
		       title->text, title->len, 0, title_attr, title->spans,
		       title->n);
	if (end - x < 4)
		return;
	x += put_str(y, x, 2, "  ", attr);
	if (end - x >= lw + 12)
		x += put_str(y, x, lw, label, attr);
	why_put_window(y, x, end - x, v, attr);
}

/* The title shortened and a snippet of the first field (in the order of
 * enum search_field) with a value the query matches; false when none
 * has (the search's own matching stopped by its time limit). */
static bool
why_put_field(const struct tui *t, int y, int x, int end, size_t i,
	      unsigned fields, const struct why_value *title, int attr,
	      int title_attr)
{
	for (int f = 0; f < SEARCH_NFIELDS; f++) {
		if (!(fields & 1u << f))
			continue;
		struct why_find find = {.t = t, .field = f};
		if (!search_values(tui_program(t), i, (enum search_field)f,
				   why_find_value, &find))
			continue;
		why_put_snippet(y, x, end, title, f, &find.v, attr, title_attr);
		why_value_free(&find.v);
		return true;
	}
	return false;
}

bool
why_draw(const struct tui *t, int y, int x, int end, size_t i,
	 const struct draw_row_cols *c, int attr, int title_attr)
{
	/* A day is told by the list's day headings: "day: 2023-11-13
	 * Monday" on every row would only take the titles' room. */
	unsigned fields = tui_match_fields(t, i) & ~(1u << SEARCH_DAY);
	int full = end - x;
	if (fields == 0 || full < 8)
		return false;
	const struct program_session *s = &tui_program(t)->sessions[i];
	struct why_value title;
	why_value_make(t, SEARCH_TITLE, s->title,
		       (fields & 1u << SEARCH_TITLE) != 0, &title);
	bool drawn = false;
	struct why_speakers ws;
	if (why_plain_shows(t, s, c, fields, &title, full)) {
		drawn = false;
	} else if (title.n > 0) {
		why_put_window(y, x, full, &title, title_attr);
		drawn = true;
	} else if ((fields & 1u << SEARCH_SPEAKER) &&
		   why_speakers_make(t, s, &title, full, &ws)) {
		why_put_speakers(y, x, end, &title, &ws, attr, title_attr);
		why_speakers_free(&ws);
		drawn = true;
	} else {
		drawn = why_put_field(t, y, x, end, i, fields, &title, attr,
				      title_attr);
	}
	why_value_free(&title);
	return drawn;
}
