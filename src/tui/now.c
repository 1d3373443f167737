/* The now view (n): what runs now in each room (or track) and what comes
 * next there, each said in minutes: "12 min left", "in 35 min", or the day
 * when the next one is not today. The time is tui_now(): --now when given
 * (a wall time in the program's zone), else the clock, and the view is
 * built again as the minute turns. Outside the conference it says when the
 * conference starts, or that it is over, above its first sessions. Only
 * sessions the filters pass (tui_shown) are listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

/* Whole minutes to go, rounded up: a session ending at 10:15 has 8 min
 * left at 10:07 and at 10:07:30 alike. */
static void
now_minutes(char *buf, size_t size, int64_t seconds)
{
	int64_t m = (seconds + 59) / 60;
	if (m < 60)
		snprintf(buf, size, "%lld min", (long long)m);
	else
		snprintf(buf, size, "%lld h %02lld min", (long long)(m / 60),
			 (long long)(m % 60));
}

static int64_t
now_days(const struct tz_zone *z, int64_t t)
{
	struct tz_wall w;
	tz_from_utc(z, t, &w, NULL);
	return tz_days_from_civil(w.year, w.month, w.day);
}

/* "Wed 15 Nov": the day of an instant in zone z. */
static void
now_day(char *buf, size_t size, const struct tz_zone *z, int64_t t)
{
	struct tz_wall w;
	tz_from_utc(z, t, &w, NULL);
	snprintf(buf, size, "%s %d %.3s",
		 tz_weekday_abbr(tz_weekday(tz_days_from_civil(w.year, w.month,
							       w.day))),
		 w.day, tz_month_name(w.month));
}

/* Session i, in its group, with a note before it. */
static void
now_add(struct view *v, size_t i, const char *note, bool running)
{
	struct row *r = view_add(v, ROW_SESSION);
	r->index = i;
	r->indent = 2;
	r->attr = running ? TEXT_ATTR_BOLD : TEXT_ATTR_DIM;
	r->note = arena_strndup(v->arena, note, strlen(note));
	int w = text_width(note, strlen(note));
	if (w > v->note_w)
		v->note_w = w;
}

/* Says when the conference starts or that it is over; returns the instant
 * "next" counts from: now, or, once it is over, its very beginning (its
 * first sessions are then what comes next). */
static int64_t
now_outside(struct tui *t, struct view *v, int64_t now, int64_t last_end)
{
	const struct program *p = tui_program(t);
	const struct tz_zone *cz = p->conference.zone;
	char date[FORMAT_WHEN_MAX];
	int64_t begins = program_begins(p);
	if (now < begins) {
		int64_t days = now_days(cz, begins) - now_days(cz, now);
		char in[48];
		if (days <= 0)
			snprintf(in, sizeof(in), "later today");
		else if (days == 1)
			snprintf(in, sizeof(in), "tomorrow");
		else
			snprintf(in, sizeof(in), "in %lld days", (long long)days);
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD,
			  "The conference starts on %s, %s.",
			  format_date(date, &p->conference.start), in);
	} else if (now >= last_end) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD,
			  "The conference is over: it ended on %s.",
			  format_date(date, &p->conference.end));
		now = INT64_MIN;
	} else {
		return now;
	}
	v->rows[v->n_rows - 1].indent = 1;
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "Its first sessions:");
	v->rows[v->n_rows - 1].indent = 1;
	return now;
}

void
now_build(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	const struct tz_zone *z = tui_zone(t);
	int64_t now = tui_now(t);
	v->built_minute = now / 60;
	v->note_w = 0;
	if (p->n_scheduled == 0) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
			  "No session of this program has a time: u lists them.");
		return;
	}
	bool by_track = now_grouped_by_track(t);
	size_t n_groups = by_track ? p->n_tracks : p->n_rooms;
	int64_t last_end = INT64_MIN;
	for (size_t k = 0; k < p->n_scheduled; k++) {
		int64_t end = program_session_end(&p->sessions[p->order[k]]);
		if (end > last_end)
			last_end = end;
	}
	int64_t from = now_outside(t, v, now, last_end);
	/* One pass in time order: per group (the last, n_groups, is "no
	 * room" or "no track"), the sessions running and the first after. */
	size_t *next = xcalloc(n_groups + 1, sizeof(*next));
	size_t *n_running = xcalloc(n_groups + 1, sizeof(*n_running));
	/* The sessions running, in time order (a few at a time). */
	size_t *running = xcalloc(p->n_scheduled + 1, sizeof(*running));
	size_t n_run = 0;
	for (size_t g = 0; g <= n_groups; g++)
		next[g] = (size_t)-1;
	for (size_t k = 0; k < p->n_scheduled; k++) {
		size_t i = p->order[k];
		const struct program_session *s = &p->sessions[i];
		if (!tui_shown(t, i))
			continue;
		int g = by_track ? s->track : s->room;
		size_t gi = g >= 0 ? (size_t)g : n_groups;
		if (s->start_utc <= from && from < program_session_end(s)) {
			running[n_run++] = i;
			n_running[gi]++;
		} else if (s->start_utc > from && next[gi] == (size_t)-1) {
			next[gi] = i;
		}
	}
	bool any = false;
	for (size_t g = 0; g <= n_groups; g++) {
		if (n_running[g] == 0 && next[g] == (size_t)-1)
			continue;
		any = true;
		struct row *h = view_add(v, ROW_HEADING);
		h->attr = TEXT_ATTR_BOLD;
		h->indent = 0;
		if (g < n_groups) {
			h->text = by_track ? p->tracks[g].name : p->rooms[g].name;
			h->len = strlen(h->text);
		} else {
			h->text = by_track ? "No track" : "No room";
			h->len = strlen(h->text);
		}
		char note[64], m[32];
		for (size_t k = 0; n_running[g] && k < n_run; k++) {
			size_t i = running[k];
			const struct program_session *s = &p->sessions[i];
			int sg = by_track ? s->track : s->room;
			if ((sg >= 0 ? (size_t)sg : n_groups) != g)
				continue;
			now_minutes(m, sizeof(m), program_session_end(s) - now);
			snprintf(note, sizeof(note), "%s left", m);
			now_add(v, i, note, true);
		}
		if (next[g] != (size_t)-1) {
			const struct program_session *s = &p->sessions[next[g]];
			/* Today: how long until it starts; else which day. */
			if (from != INT64_MIN &&
			    now_days(z, s->start_utc) == now_days(z, now)) {
				now_minutes(m, sizeof(m), s->start_utc - now);
				snprintf(note, sizeof(note), "in %s", m);
			} else {
				now_day(note, sizeof(note), z, s->start_utc);
			}
			now_add(v, next[g], note, false);
		}
	}
	if (!any)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "%s",
			  "Nothing runs now and nothing comes next.");
	free(next);
	free(n_running);
	free(running);
	/* Plain times keep the now view's column; one across a change of
	 * UTC offset (the fall-back night) makes room for its offsets. */
	int plain = v->time_w;
	view_measure_times(t, v, 0);
	if (v->time_w <= 11)
		v->time_w = v->time_brief_w = plain;
}

const char *
now_title(const struct tui *t, const struct view *v, char *buf, size_t size)
{
	const struct program *p = tui_program(t);
	struct tz_wall w;
	tz_from_utc(tui_zone(t), v->built_minute * 60, &w, NULL);
	struct tz_date d = {w.year, w.month, w.day};
	char date[FORMAT_WHEN_MAX];
	size_t running = 0;
	for (size_t i = 0; i < v->n_rows; i++)
		running += v->rows[i].kind == ROW_SESSION &&
			   v->rows[i].attr == TEXT_ATTR_BOLD;
	char clock[FORMAT_CLOCK_MAX];
	snprintf(buf, size, "Now: %s, %s \u00b7 %zu running, by %s",
		 format_date(date, &d),
		 format_clock(clock, tui_zone(t), v->built_minute * 60), running,
		 t->now_by_track || p->n_rooms == 0 ? "track" : "room");
	return buf;
}

/* By room, unless the program names none: then by track. */
bool
now_grouped_by_track(const struct tui *t)
{
	return t->now_by_track || tui_program(t)->n_rooms == 0;
}

void
now_tick(struct tui *t)
{
	if (t->now_given)
		return;
	int64_t minute = tui_now(t) / 60;
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].kind == VIEW_NOW &&
		    t->stack[i].built_minute != minute)
			view_build(t, &t->stack[i], t->cols);
}

void
now_toggle(struct tui *t)
{
	if (tui_program(t)->n_rooms == 0) {
		snprintf(t->message, sizeof(t->message),
			 "This program names no rooms: the now view is by track");
	} else {
		t->now_by_track = !t->now_by_track;
		snprintf(t->message, sizeof(t->message), "Now: by %s",
			 t->now_by_track ? "track" : "room");
	}
	struct view *v = tui_view(t);
	if (v->kind == VIEW_NOW)
		view_build(t, v, t->cols);
	else
		tui_push(t, VIEW_NOW, 0);
}
