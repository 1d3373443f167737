/* Pickers: the programs (P), with their dates; Enter on a choice. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

/* "13–15 Nov 2023", "30 Oct – 2 Nov 2023", "30 Dec 2023 – 2 Jan 2024". */
static void
picker_dates(char *buf, size_t size, const struct tz_date *a,
	     const struct tz_date *b)
{
	char m1[4], m2[4];
	snprintf(m1, sizeof(m1), "%s", tz_month_name(a->month));
	snprintf(m2, sizeof(m2), "%s", tz_month_name(b->month));
	if (a->year == b->year && a->month == b->month && a->day == b->day)
		snprintf(buf, size, "%d %s %d", a->day, m1, a->year);
	else if (a->year == b->year && a->month == b->month)
		snprintf(buf, size, "%d\u2013%d %s %d", a->day, b->day, m1,
			 a->year);
	else if (a->year == b->year)
		snprintf(buf, size, "%d %s \u2013 %d %s %d", a->day, m1, b->day,
			 m2, a->year);
	else
		snprintf(buf, size, "%d %s %d \u2013 %d %s %d", a->day, m1,
			 a->year, b->day, m2, b->year);
}

/* s in `cols` columns (to the right when right), then two spaces. */
static void
picker_col(char *buf, size_t size, const char *s, int cols, bool right)
{
	size_t n = strlen(buf);
	int pad = cols - text_width(s, strlen(s));
	if (right)
		snprintf(buf + n, size - n, "%*s%s  ", pad, "", s);
	else
		snprintf(buf + n, size - n, "%s%*s", s, pad + 2, "");
}

/* One line per program, in columns sized from the data: id, dates,
 * sessions, how it is here (bundled, followed, a file), title. */
void
view_build_programs(struct tui *t, struct view *v)
{
	enum { F_ID, F_DATES, F_COUNT, F_HOW, F_N };
	char (*f)[F_N][96] = xcalloc(t->n_programs, sizeof(*f));
	int w[F_N] = {0};
	for (size_t k = 0; k < t->n_programs; k++) {
		const struct program *p = t->programs[k];
		const struct program_conference *c = &p->conference;
		snprintf(f[k][F_ID], 96, "%.64s", c->id);
		picker_dates(f[k][F_DATES], 96, &c->start, &c->end);
		snprintf(f[k][F_COUNT], 96, "%zu session%s", p->n_sessions,
			 p->n_sessions == 1 ? "" : "s");
		snprintf(f[k][F_HOW], 96, "%s",
			 t->followed[k] ? "followed"
			 : t->bundled[k] ? "bundled"
					 : "file");
		for (int i = 0; i < F_N; i++) {
			int cw = text_width(f[k][i], strlen(f[k][i]));
			w[i] = cw > w[i] ? cw : w[i];
		}
	}
	/* The title tells the programs apart (with the id): when the line
	 * is too wide, the counts go first, then how each is here (which
	 * says whether U can update it); then the title is cut, its year
	 * kept. */
	int title_w = 0;
	for (size_t k = 0; k < t->n_programs; k++) {
		const char *title = t->programs[k]->conference.title;
		int tw = text_width(title, strlen(title));
		title_w = tw > title_w ? tw : title_w;
	}
	bool shown[F_N] = {true, true, true, true};
	int line_w = 3 + title_w;
	for (int i = 0; i < F_N; i++)
		line_w += w[i] + 2;
	static const int drop[] = {F_COUNT, F_HOW};
	for (size_t i = 0; i < 2 && line_w > v->width - 2; i++) {
		shown[drop[i]] = false;
		line_w -= w[drop[i]] + 2;
	}
	for (size_t k = 0; k < t->n_programs; k++) {
		/* Ids and titles come from files: the drawing sanitizes. */
		char line[1024] = "";
		picker_col(line, sizeof(line), k == t->cur ? ">" : " ", 0, false);
		for (int i = 0; i < F_N; i++)
			if (shown[i])
				picker_col(line, sizeof(line), f[k][i], w[i],
					   i == F_COUNT);
		const char *title = t->programs[k]->conference.title;
		view_addf(v, ROW_CHOICE, TEXT_ATTR_PLAIN, "%s%s", line, title);
		v->rows[v->n_rows - 1].index = k;
		/* The title's year kept when it is cut, if the title's
		 * column has room for it and some of the title: else the
		 * year would be drawn over the dates. */
		size_t tail = text_year_tail(title, strlen(title));
		int room = v->width - 2 - text_width(line, strlen(line));
		v->rows[v->n_rows - 1].count =
			room >= text_width(title + strlen(title) - tail, tail) + 8
				? tail : 0;
		if (k == t->cur)
			v->sel = v->n_rows - 1;
	}
	free(f);
	/* Why an update failed, whole (the status and title lines cut it). */
	bool first = true;
	for (size_t k = 0; k < t->n_programs; k++) {
		if (t->update_error[k] == NULL)
			continue;
		char *line = xasprintf("%s: the last update failed: %s",
				       t->programs[k]->conference.id,
				       t->update_error[k]);
		if (first)
			view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
		first = false;
		view_add_wrapped(v, line, 0, TEXT_ATTR_PLAIN, -1);
		free(line);
	}
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	view_add_wrapped(v,
			 "Enter shows the program (> the one shown); c and C "
			 "go to the next and previous one from anywhere.",
			 0, TEXT_ATTR_DIM, -1);
}

void
tui_switch_program(struct tui *t, size_t k)
{
	t->cur = k % t->n_programs;
	/* As the browser opened: c on LPC 2019 opened on its first day,
	 * empty, not on its sessions without a time. */
	tui_open_program(t);
	snprintf(t->message, sizeof(t->message), "Program %zu of %zu: %s",
		 t->cur + 1, t->n_programs, tui_program(t)->conference.id);
}

/* Enter on a search result of another program: that program shown, on
 * the session's day, with the results above the session's detail. */
void
tui_open_in(struct tui *t, size_t k, size_t session)
{
	tui_switch_program(t, k);
	const struct program_session *s = &tui_program(t)->sessions[session];
	/* Over a day list, whatever view the program opened on. */
	struct view *v = tui_view(t);
	if (v->kind != VIEW_DAY || (s->scheduled && v->arg != (size_t)s->day))
		v = tui_top(t, VIEW_DAY, s->scheduled ? (size_t)s->day
						       : t->day_shown);
	view_select_session(v, session);
	view_select_session(tui_push(t, VIEW_RESULTS, 0), session);
	tui_push(t, VIEW_DETAIL, session);
}

void
tui_choose(struct tui *t, const struct row *r)
{
	struct view *v = tui_view(t);
	if (v->kind == VIEW_PROGRAMS) {
		tui_switch_program(t, r->index);
	} else if (v->kind == VIEW_LINKS) {
		struct tui_link links[64];
		const struct program *p = tui_program(t);
		size_t n = links_of(p, &p->sessions[v->arg], links, 64);
		if (r->index < n)
			links_open(t, links[r->index].url);
	}
}
