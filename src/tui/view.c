/* Views as lists of rows, built from the program; drawing reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sked/arena.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "grid.h"
#include "tui.h"

const struct tz_zone *
tui_zone(const struct tui *t)
{
	return t->local_zone ? t->local : tui_program(t)->conference.zone;
}

/* Whether a session of p ends on a later date than it starts, read in
 * zone z (an end at midnight is its day's, as format_when has it). Worked
 * out once for a program and zone: every drawing of rows asks. */
static bool
view_overnight(const struct program *p, const struct tz_zone *z)
{
	static const struct program *cached_p;
	static const struct tz_zone *cached_z;
	static size_t cached_n;
	static bool cached;
	if (p == cached_p && z == cached_z && p->n_sessions == cached_n)
		return cached;
	bool any = false;
	for (size_t i = 0; !any && i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		if (!s->scheduled || s->duration == 0)
			continue;
		int64_t a = s->start_utc + tz_offset(z, s->start_utc);
		int64_t e = program_session_end(s);
		int64_t b = e + tz_offset(z, e) - 1; /* midnight: the day's */
		any = tz_utc_day(b) > tz_utc_day(a);
	}
	cached_p = p, cached_z = z, cached_n = p->n_sessions, cached = any;
	return any;
}

enum format_when_style
view_row_when(const struct tui *t, const struct view *v, int *cols)
{
	/* A list of sessions: as wide as its own times (view_measure), so
	 * that a day of plain times is not as wide as another day's. */
	if (v->time_w >= 0) {
		*cols = v->time_w;
		return FORMAT_WHEN_TIME;
	}
	/* Under day headings the row must name another date. That can
	 * happen only after midnight (day_change) or in a zone other than
	 * the conference's: only then the column makes room for " (Tue)". */
	const struct program *p = tui_program(t);
	const struct tz_zone *z = tui_zone(t);
	bool marks = p->conference.day_change != 0 || z != p->conference.zone;
	/* An end after midnight is "+1" (format_when): two more columns,
	 * or the count of sessions starting together ran over them. */
	*cols = (marks ? 17 : 11) + (view_overnight(p, z) ? 2 : 0);
	return marks ? FORMAT_WHEN_TIME : FORMAT_WHEN_RANGE;
}

static void
view_add_session(struct view *v, size_t s)
{
	view_add(v, ROW_SESSION)->index = s;
}

static void
view_day_heading(struct tui *t, struct view *v, int day)
{
	struct tz_date d;
	char date[FORMAT_WHEN_MAX];
	program_day_date(tui_program(t), day, &d);
	view_addf(v, ROW_HEADING, TEXT_ATTR_TITLE, "%s", format_date(date, &d));
}

/* The instant the lists mark as now: --now, else the clock. */
static int64_t
view_now(const struct tui *t)
{
	if (!t->now_given)
		return (int64_t)time(NULL);
	int64_t now;
	tz_to_utc(tui_program(t)->conference.zone, &t->now, &now);
	return now;
}

/* The line of the current time: a heading row "10:07 now". */
static void
view_now_line(struct tui *t, struct view *v, int64_t now)
{
	char when[FORMAT_CLOCK_MAX];
	view_addf(v, ROW_HEADING, TEXT_ATTR_NOW, "%s now",
		  format_clock(when, tui_zone(t), now));
}

/* Whether session s of p reads "HH:MM–HH:MM" in zone z (format_when's
 * FORMAT_WHEN_TIME): no "+1", no other date, no offsets. Told by
 * arithmetic, for every session of a list: format_when costs more.
 * day0: the days since 1970 of the conference's first day. */
static bool
view_time_plain(const struct tz_zone *z, const struct program_session *s,
		int64_t day0)
{
	int64_t e = program_session_end(s);
	int oa = tz_offset(z, s->start_utc), ob = tz_offset(z, e);
	int64_t a = tz_utc_day(s->start_utc + oa);
	/* An end at midnight is its start's day, as format_when has it. */
	return oa == ob && tz_utc_day(e + ob - 1) <= a && a == day0 + s->day &&
	       !tz_repeated(z, s->start_utc, NULL) && !tz_repeated(z, e, NULL);
}

void
view_measure_times(const struct tui *t, struct view *v, size_t first)
{
	const struct program *p = tui_program(t);
	if (v->time_w < 0)
		v->time_w = v->time_brief_w = 11;
	const struct tz_zone *z = tui_zone(t);
	const struct tz_date *c = &p->conference.start;
	int64_t day0 = tz_days_from_civil(c->year, c->month, c->day);
	for (size_t i = first; i < v->n_rows; i++) {
		if (v->rows[i].kind != ROW_SESSION || v->rows[i].prog != 0)
			continue;
		const struct program_session *s = &p->sessions[v->rows[i].index];
		if (s->scheduled && !view_time_plain(z, s, day0)) {
			char when[FORMAT_WHEN_MAX];
			format_when(when, p, s, z, FORMAT_WHEN_TIME);
			int w = text_width(when, strlen(when));
			v->time_w = w > v->time_w ? w : v->time_w;
			format_when(when, p, s, z, FORMAT_WHEN_BRIEF);
			w = text_width(when, strlen(when));
			v->time_brief_w = w > v->time_brief_w ? w
							      : v->time_brief_w;
		}
	}
}

/* The widest track id, room name and time (as view_row_when has it) of
 * the view's sessions from row `first` on (of the current program: a
 * search across programs adds the rows of each in turn), each track and
 * room measured once. The time column is at least "HH:MM–HH:MM" wide. */
static void
view_measure(const struct tui *t, struct view *v, size_t first)
{
	const struct program *p = tui_program(t);
	bool *track = xcalloc(p->n_tracks + 1, 1), *room = xcalloc(p->n_rooms + 1, 1);
	if (v->track_w < 0)
		v->track_w = v->room_w = 0;
	view_measure_times(t, v, first);
	for (size_t i = first; i < v->n_rows; i++) {
		if (v->rows[i].kind != ROW_SESSION)
			continue;
		const struct program_session *s = &p->sessions[v->rows[i].index];
		if (s->track >= 0 && !track[s->track]) {
			const char *id = p->tracks[s->track].id;
			int w = text_width(id, strlen(id));
			v->track_w = w > v->track_w ? w : v->track_w;
			track[s->track] = true;
		}
		if (s->room >= 0 && !room[s->room]) {
			const char *name = p->rooms[s->room].name;
			int w = text_width(name, strlen(name));
			v->room_w = w > v->room_w ? w : v->room_w;
			room[s->room] = true;
		}
	}
	free(track);
	free(room);
}

/* The sessions for which keep() holds: scheduled ones under day headings,
 * then unscheduled ones. With time_headings, one line per session still,
 * sessions starting together a group whose first row says the time and
 * how many start then; and a line marks the current time among the
 * sessions of its day. */
void
view_sessions(struct tui *t, struct view *v,
	      bool (*keep)(const struct program_session *, size_t, const void *),
	      size_t arg, const void *ctx, bool day_headings, bool time_headings)
{
	const struct program *p = tui_program(t);
	int day = -1;
	int64_t last_start = INT64_MIN;
	bool unscheduled = false;
	size_t first = v->n_rows;
	v->time_headings = time_headings;
	int64_t now = time_headings ? view_now(t) : 0;
	int now_day = time_headings ? program_instant_day(p, now) : -1;
	bool now_drawn = now_day < 0;
	for (size_t k = 0; k < p->n_sessions; k++) {
		size_t i = p->order[k];
		const struct program_session *s = &p->sessions[i];
		if (!tui_shown(t, i) || !keep(s, arg, ctx))
			continue;
		/* The now line: after the last session of its day, or
		 * (below) before the first one of its day starting later. */
		if (!now_drawn && (!s->scheduled || s->day > now_day)) {
			if (day == now_day)
				view_now_line(t, v, now);
			now_drawn = true;
		}
		if (s->scheduled && day_headings && s->day != day)
			view_day_heading(t, v, s->day);
		if (!now_drawn && s->scheduled && s->day == now_day &&
		    s->start_utc > now) {
			view_now_line(t, v, now);
			now_drawn = true;
		}
		if (s->scheduled)
			day = s->day;
		if (!s->scheduled && !unscheduled && day_headings) {
			view_addf(v, ROW_HEADING, TEXT_ATTR_TITLE, "Unscheduled");
			unscheduled = true;
		}
		size_t parallel = 0;
		if (s->scheduled && time_headings && s->start_utc != last_start) {
			/* Sessions starting together are parallel: the
			 * first row says how many. */
			for (size_t j = k; j < p->n_scheduled; j++) {
				const struct program_session *o =
					&p->sessions[p->order[j]];
				if (o->start_utc != s->start_utc)
					break;
				parallel += tui_shown(t, p->order[j]) &&
					    keep(o, arg, ctx);
			}
			last_start = s->start_utc;
		}
		view_add_session(v, i);
		v->rows[v->n_rows - 1].count = parallel;
	}
	if (!now_drawn && day == now_day)
		view_now_line(t, v, now);
	view_measure(t, v, first);
}

static bool
keep_day(const struct program_session *s, size_t day, const void *ctx)
{
	(void)ctx;
	return s->scheduled && (size_t)s->day == day;
}

static bool
keep_track(const struct program_session *s, size_t track, const void *ctx)
{
	(void)ctx;
	return s->track >= 0 && (size_t)s->track == track;
}

static bool
keep_person(const struct program_session *s, size_t person, const void *ctx)
{
	const struct person *who = &((const struct people *)ctx)->v[person];
	return tui_person_in(&s->speakers, who) ||
	       tui_person_in(&s->authors, who);
}

static void
view_build_day(struct tui *t, struct view *v)
{
	view_sessions(t, v, keep_day, v->arg, NULL, false, true);
	if (v->n_rows > 0)
		return;
	view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "No sessions on this day.");
	char hint[2][TUI_EMPTY_DAY_LINE];
	size_t n = view_empty_day_hints(t, hint);
	for (size_t k = 0; k < n; k++)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "%s", hint[k]);
}

size_t
view_empty_day_hints(struct tui *t, char buf[][TUI_EMPTY_DAY_LINE])
{
	/* Where the sessions are, then: without a time, or on other days. */
	const struct program *p = tui_program(t);
	size_t unscheduled = 0, n = 0;
	for (size_t k = p->n_scheduled; k < p->n_sessions; k++)
		unscheduled += tui_shown(t, p->order[k]);
	if (unscheduled)
		snprintf(buf[n++], TUI_EMPTY_DAY_LINE,
			 "u lists the %zu session%s without a time.",
			 unscheduled, unscheduled == 1 ? "" : "s");
	if (p->conference.n_days > 1)
		snprintf(buf[n++], TUI_EMPTY_DAY_LINE,
			 "Tab and Shift-Tab go to the next and previous day, "
			 "1-9 to a day.");
	return n;
}

static void
view_build_tracks(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	size_t *count = xcalloc(p->n_tracks + 1, sizeof(*count));
	for (size_t i = 0; i < p->n_sessions; i++)
		if (p->sessions[i].track >= 0 && tui_shown(t, i))
			count[p->sessions[i].track]++;
	bool filtering = t->shown[t->cur] != NULL;
	for (size_t i = 0; i < p->n_tracks; i++) {
		/* Under filters, the tracks that have sessions to show;
		 * without, a track with none stays when it has a description
		 * or leads to show (i), else it is a dead end, left out as
		 * the rooms view leaves such a room. */
		if (count[i] == 0 &&
		    (filtering || !track_has_info(&p->tracks[i], p)))
			continue;
		struct row *r = view_add(v, ROW_TRACK);
		r->index = i;
		r->count = count[i];
		/* The names a column, the counts aligned after it. */
		const char *name = p->tracks[i].name;
		int w = text_width(name, strlen(name));
		v->note_w = w > v->note_w ? w : v->note_w;
		int digits = 1;
		for (size_t c = count[i]; c >= 10; c /= 10)
			digits++;
		v->count_w = digits > v->count_w ? digits : v->count_w;
	}
	free(count);
	if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "%s",
			  p->n_tracks == 0 ? "This program has no tracks."
			  : filtering ? "No session in any track passes the "
					"filters."
				      : "No track has sessions.");
}

/* A track opens on its sessions; its description and leads are a key
 * away (track.c). */
static void
view_build_track(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	track_info_hint(&p->tracks[v->arg], p, v);
	size_t before = v->n_rows;
	view_sessions(t, v, keep_track, v->arg, NULL, true, false);
	if (v->n_rows == before)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "No sessions in this track.");
}

static bool
keep_result(const struct program_session *s, size_t arg, const void *ctx)
{
	(void)arg;
	const struct tui *t = ctx;
	return tui_matches(t, (size_t)(s - tui_program(t)->sessions));
}

static bool
keep_starred(const struct program_session *s, size_t arg, const void *ctx)
{
	(void)arg;
	const struct tui *t = ctx;
	return tui_starred(t, (size_t)(s - tui_program(t)->sessions));
}

static void
view_build_agenda(struct tui *t, struct view *v)
{
	view_sessions(t, v, keep_starred, 0, t, true, true);
	/* Stars kept on sessions the program no longer has (cancelled by
	 * an update, or starred in another version): said, not hidden. */
	const struct agenda *a = t->agendas[t->cur];
	const char **gone = NULL;
	size_t n_gone = a ? agenda_missing(a, tui_program(t), &gone) : 0;
	if (n_gone > 0) {
		/* Selectable: s unstars one. */
		view_addf(v, ROW_HEADING, TEXT_ATTR_TITLE,
			  "Starred, no longer in the program (s unstars one)");
		for (size_t i = 0; i < n_gone; i++) {
			/* What it was, as the agenda file's note says (from
			 * the last save with a program that had it). */
			char *safe = agenda_note_shown(a, gone[i]);
			if (safe)
				view_addf(v, ROW_GONE, TEXT_ATTR_DIM,
					  "id %s: %s", gone[i], safe);
			else
				view_addf(v, ROW_GONE, TEXT_ATTR_DIM, "id %s",
					  gone[i]);
			free(safe);
			struct row *r = &v->rows[v->n_rows - 1];
			r->index = i;
			r->line = arena_strndup(v->arena, gone[i],
						strlen(gone[i]));
		}
	}
	free(gone);
	if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
			  "Nothing starred yet: press s on a session.");
}

/* The results of the search in every program: the current one first,
 * then the others, each under a heading of its own when there are
 * several programs (the rows of another program say which: prog). */
static void
view_build_results(struct tui *t, struct view *v)
{
	size_t cur = t->cur;
	for (size_t n = 0; t->query != NULL && n < t->n_programs; n++) {
		size_t k = n == 0 ? cur : n - (n <= cur);
		const struct program *p = t->programs[k];
		size_t count = 0;
		for (size_t i = 0; t->matches[k] && i < p->n_sessions; i++)
			count += t->matches[k][i] && tui_shown_in(t, k, i);
		if (count == 0)
			continue;
		if (t->n_programs > 1) {
			/* Two programs of one title (one feed followed
			 * twice) are told apart by their ids. */
			bool twin = false;
			for (size_t j = 0; j < t->n_programs; j++)
				twin |= j != k &&
					strcmp(t->programs[j]->conference.title,
					       p->conference.title) == 0;
			view_addf(v, ROW_HEADING, TEXT_ATTR_TITLE,
				  "%s%s%s%s \u2014 %zu session%s",
				  p->conference.title, twin ? " (" : "",
				  twin ? p->conference.id : "", twin ? ")" : "",
				  count, count == 1 ? "" : "s");
			/* A long title is cut, not the count after it (nor
			 * the id). */
			struct row *h = &v->rows[v->n_rows - 1];
			h->count = h->len - strlen(p->conference.title);
		}
		size_t before = v->n_rows;
		t->cur = k;
		view_sessions(t, v, keep_result, 0, t, true, false);
		t->cur = cur;
		for (size_t r = before; r < v->n_rows; r++) {
			v->rows[r].prog = k == cur ? 0 : k + 1;
			if (t->n_programs > 1)
				v->rows[r].indent += v->rows[r].kind == ROW_HEADING;
		}
	}
	/* F1, not ?: on the query line ? is a character of the query.
	 * Wrapped, never cut. */
	if (v->n_rows == 0)
		view_add_wrapped(v,
				 t->query && !t->typing
					 ? "No session matches: / searches again "
					   "(Up recalls the query), Esc goes "
					   "back, ? shows the syntax."
				 : t->query ? "No session matches: Backspace edits "
					    "the query, Esc leaves the search, "
					    "F1 shows the syntax."
					  : "Type a search: words, field:pattern, "
					    "-term, \"quoted words\" (F1 shows "
					    "the syntax).",
				 0, TEXT_ATTR_DIM, -1);
}

static void
view_build_speakers(struct tui *t, struct view *v)
{
	const struct people *pp = tui_people(t);
	bool filtering = t->shown[t->cur] != NULL;
	for (size_t i = 0; i < pp->n; i++) {
		/* Under filters, the sessions they show, and only the people
		 * who have any. */
		size_t count = pp->v[i].sessions;
		if (filtering) {
			count = 0;
			for (size_t k = 0; k < pp->v[i].sessions; k++)
				count += tui_shown(t, pp->v[i].session_list[k]);
			if (count == 0)
				continue;
		}
		struct row *r = view_add(v, ROW_PERSON);
		r->index = i;
		r->count = count;
	}
	if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "This program names nobody.");
}

static void
view_build_speaker(struct tui *t, struct view *v)
{
	view_sessions(t, v, keep_person, v->arg, tui_people(t), true, false);
}

static void
view_build_unscheduled(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	int track = -2;
	for (size_t k = p->n_scheduled; k < p->n_sessions; k++) {
		size_t i = p->order[k];
		const struct program_session *s = &p->sessions[i];
		if (!tui_shown(t, i))
			continue;
		if (s->track != track) {
			track = s->track;
			if (track >= 0) {
				struct row *r = view_add(v, ROW_HEADING);
				r->attr = TEXT_ATTR_TITLE;
				r->text = p->tracks[track].name;
				r->len = strlen(r->text);
			} else {
				view_addf(v, ROW_HEADING, TEXT_ATTR_TITLE,
					  "No track");
			}
		}
		view_add_session(v, i);
	}
	/* The room column as wide as these sessions' rooms need. */
	view_measure(t, v, 0);
	size_t n = p->n_sessions - p->n_scheduled;
	if (v->n_rows == 0 && n)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
			  "The filters hide the %zu session%s without a time.",
			  n, n == 1 ? "" : "s");
	else if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
			  "Every session of this program has a time.");
}

/* The changes the last update (U) brought, as `sked changes` says them
 * (sanitized there; and again as rows, as every text from a feed). */
static void
view_build_changes(struct tui *t, struct view *v)
{
	view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD,
		  "Changes to your starred sessions in %s", t->changes_id);
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	const char *s = t->changes_text ? t->changes_text : "";
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = xasprintf("%.*s", (int)n, s);
		view_add_wrapped(v, line, 1, TEXT_ATTR_PLAIN, -1);
		free(line);
		s += n + (s[n] == '\n');
	}
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
		  "sked changes %s lists them again. q goes back.",
		  t->changes_id);
}

void
view_free(struct view *v)
{
	free(v->rows);
	arena_destroy(v->arena);
	v->rows = NULL;
	v->arena = NULL;
	v->grid = NULL; /* it was in the arena */
	v->n_rows = v->cap_rows = 0;
}

/* Where a row is in a view's text whatever the width it is wrapped to:
 * the lines before its own (a text wrapped over rows is one line) and
 * its offset in its line. */
struct view_anchor {
	size_t line, off;
};

static bool
view_new_line(const struct view *v, size_t i)
{
	return i == 0 || (!v->rows[i].joined &&
			  (v->rows[i].line == NULL ||
			   v->rows[i].line != v->rows[i - 1].line));
}

static struct view_anchor
view_anchor_of(const struct view *v, size_t row)
{
	struct view_anchor a = {0, 0};
	for (size_t i = 1; i <= row; i++)
		a.line += view_new_line(v, i);
	const struct row *r = &v->rows[row];
	a.off = r->line ? (size_t)(r->text - r->line) : 0;
	return a;
}

/* The row at anchor a: the one of its line that holds its offset (or
 * the last before it, when the view has fewer lines now). */
static size_t
view_anchor_row(const struct view *v, struct view_anchor a)
{
	size_t line = 0, found = 0;
	for (size_t i = 0; i < v->n_rows; i++) {
		line += i > 0 && view_new_line(v, i);
		if (line > a.line)
			break;
		const struct row *r = &v->rows[i];
		/* Within the line, the row that holds the offset; the
		 * line's start is its first row, also where the rows wrapped
		 * apart (joined) each count from their own start. */
		if (line < a.line || view_new_line(v, i) ||
		    (a.off > 0 && r->line &&
		     (size_t)(r->text - r->line) <= a.off))
			found = i;
	}
	return found;
}

/* The first row shown after a rebuild: the anchored one, else the
 * same row number while there is one. */
static void
view_build_top(struct view *v, bool anchored, struct view_anchor top)
{
	if (anchored)
		v->top = view_anchor_row(v, top);
	if (v->top >= v->n_rows)
		v->top = 0;
}

void
view_build(struct tui *t, struct view *v, int width)
{
	/* A new width wraps the text anew: the line at the top stays
	 * there (as in less), not the row number. */
	bool anchored = v->rows != NULL && v->width != width &&
			v->top > 0 && v->top < v->n_rows;
	struct view_anchor top = {0, 0};
	if (anchored)
		top = view_anchor_of(v, v->top);
	size_t old_sel = v->sel;
	bool had_rows = v->rows != NULL;
	size_t sel_index = had_rows && old_sel < v->n_rows
				   ? v->rows[old_sel].index
				   : (size_t)-1;
	enum row_kind sel_kind = had_rows && old_sel < v->n_rows
					 ? v->rows[old_sel].kind
					 : ROW_TEXT;
	size_t sel_prog = had_rows && old_sel < v->n_rows ? v->rows[old_sel].prog
							  : 0;
	view_free(v);
	v->arena = arena_create();
	v->width = width;
	v->track_w = v->room_w = v->time_w = v->time_brief_w = -1;
	v->note_w = v->count_w = 0; /* measured by the views that use them */
	switch (v->kind) {
	case VIEW_DAY: view_build_day(t, v); break;
	case VIEW_TRACKS: view_build_tracks(t, v); break;
	case VIEW_TRACK: view_build_track(t, v); break;
	case VIEW_TRACK_INFO: track_info_build(t, v); break;
	case VIEW_SPEAKERS: view_build_speakers(t, v); break;
	case VIEW_SPEAKER: view_build_speaker(t, v); break;
	case VIEW_UNSCHEDULED: view_build_unscheduled(t, v); break;
	case VIEW_DETAIL: view_build_detail(t, v); break;
	case VIEW_HELP: view_build_help(t, v); break;
	case VIEW_RESULTS: view_build_results(t, v); break;
	case VIEW_AGENDA: view_build_agenda(t, v); break;
	case VIEW_CHANGES: view_build_changes(t, v); break;
	case VIEW_FILTER: filter_build_view(t, v); break;
	case VIEW_GRID: grid_build(t, v); break;
	case VIEW_PROGRAMS: view_build_programs(t, v); break;
	case VIEW_LINKS: view_build_links(t, v); break;
	case VIEW_PEOPLE_OF: view_build_people_of(t, v); break;
	case VIEW_ROOM: view_build_room(t, v); break;
	case VIEW_NOW: now_build(t, v); break;
	case VIEW_ROOMS: rooms_build(t, v); break;
	}
	/* A list the filters emptied says so, and how to undo it. */
	if (t->shown[t->cur] != NULL && v->kind != VIEW_FILTER &&
	    v->kind != VIEW_DETAIL && v->kind != VIEW_HELP &&
	    v->kind != VIEW_CHANGES && v->kind != VIEW_GRID &&
	    v->kind != VIEW_TRACK_INFO) {
		bool any = false;
		for (size_t i = 0; i < v->n_rows && !any; i++)
			any = view_selectable(&v->rows[i]);
		if (!any)
			view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
				  "Filters are in force: f changes them, F "
				  "clears them.");
	}
	/* Keep the same item selected across rebuilds. */
	v->sel = 0;
	if (had_rows && sel_index != (size_t)-1) {
		for (size_t i = 0; i < v->n_rows; i++)
			if (v->rows[i].kind == sel_kind &&
			    v->rows[i].index == sel_index &&
			    v->rows[i].prog == sel_prog &&
			    view_selectable(&v->rows[i])) {
				v->sel = i;
				view_build_top(v, anchored, top);
				return;
			}
	}
	if (!had_rows || !view_selectable(&v->rows[v->sel < v->n_rows ? v->sel : 0]))
		view_select_first(v);
	view_build_top(v, anchored, top);
}
