/* The browser's loop: one place owns input; every frame is drawn from
 * state. Handlers change state and never draw. Here: the start and the
 * end, the view stack, the keys and the mouse; moves between views and
 * through them are in nav.c, stars and the export prompt in star.c. */
#include "sked/tui.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sked/agenda.h"
#include "sked/arena.h"
#include "sked/config.h"
#include "sked/follow.h"
#include "sked/search.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "grid.h"
#include "tui.h"

volatile sig_atomic_t tui_signal;
static bool tui_active;

static void
tui_on_signal(int sig)
{
	tui_signal = sig;
}

void
tui_detach(void)
{
	tui_active = false;
}

/* Restores the terminal on every way out, including fatal errors. */
static void
tui_restore(void)
{
	if (tui_active) {
		tui_active = false;
		endwin();
	}
}

/* ---- views ---- */

static void
tui_clear_stack(struct tui *t)
{
	for (int i = 0; i < t->depth; i++)
		view_free(&t->stack[i]);
	t->depth = 0;
}

struct view *
tui_push(struct tui *t, enum view_kind kind, size_t arg)
{
	if (t->depth == TUI_MAX_DEPTH) {
		/* Forget the oldest view but the top level. */
		view_free(&t->stack[1]);
		memmove(&t->stack[1], &t->stack[2],
			(TUI_MAX_DEPTH - 2) * sizeof(t->stack[0]));
		t->depth--;
	}
	struct view *v = &t->stack[t->depth++];
	*v = (struct view){.kind = kind, .arg = arg};
	if (kind == VIEW_DAY || kind == VIEW_GRID) {
		t->day_shown = arg;
		t->day_unseen = false;
	}
	view_build(t, v, t->cols);
	return v;
}

struct view *
tui_top(struct tui *t, enum view_kind kind, size_t arg)
{
	const struct view *day = &t->stack[0];
	if (t->depth > 0 && (day->kind == VIEW_DAY || day->kind == VIEW_GRID) &&
	    day->n_rows && day->rows[day->sel].kind == ROW_SESSION &&
	    day->rows[day->sel].prog == 0) {
		t->day_sel = day->rows[day->sel].index + 1;
		t->day_sel_prog = t->cur;
	}
	tui_clear_stack(t);
	return tui_push(t, kind, arg);
}

void
tui_rebuild_all(struct tui *t)
{
	for (int i = 0; i < t->depth; i++)
		view_build(t, &t->stack[i], t->cols);
}

int64_t
tui_now(const struct tui *t)
{
	if (!t->now_given)
		return (int64_t)time(NULL);
	int64_t now;
	tz_to_utc(tui_program(t)->conference.zone, &t->now, &now);
	return now;
}

/* Goes to what runs now, else what starts next, else the first day. */
static void
tui_now_next(struct tui *t)
{
	const struct program *p = tui_program(t);
	int64_t now = tui_now(t);
	const struct program_session *running = NULL, *next = NULL;
	for (size_t k = 0; k < p->n_scheduled; k++) {
		const struct program_session *s = &p->sessions[p->order[k]];
		if (!tui_shown(t, p->order[k]))
			continue; /* not in the lists: the filters hide it */
		if (s->start_utc <= now && now < program_session_end(s)) {
			/* The one that began last: the list opens at the
			 * line of now, not at an all-day session's start
			 * (order: the first of those starting together). */
			if (running == NULL || s->start_utc > running->start_utc)
				running = s;
		} else if (s->start_utc > now && next == NULL) {
			next = s;
		}
	}
	const struct program_session *go = running ? running : next;
	int today = program_instant_day(p, now);
	char when[FORMAT_WHEN_MAX];
	if (go != NULL && (running || today >= 0 || now >= p->sessions[p->order[0]].start_utc)) {
		struct view *v = tui_top(t, VIEW_DAY, (size_t)go->day);
		view_select_session(v, (size_t)(go - p->sessions));
		snprintf(t->message, sizeof(t->message), "%s %s",
			 running ? "Now:" : "Next:",
			 format_when(when, p, go, tui_zone(t), FORMAT_WHEN_TIME));
	} else if (today >= 0) {
		/* On, but nothing scheduled from now on (a program of
		 * unscheduled sessions): today, saying so. */
		tui_top(t, VIEW_DAY, (size_t)today);
		snprintf(t->message, sizeof(t->message),
			 "Nothing scheduled from now on");
	} else {
		tui_top(t, VIEW_DAY, 0);
		snprintf(t->message, sizeof(t->message),
			 "Outside the conference: its first day");
	}
}

void
tui_open(struct tui *t)
{
	struct view *v = tui_view(t);
	if (v->n_rows == 0 || !view_selectable(&v->rows[v->sel]))
		return;
	const struct row *r = &v->rows[v->sel];
	switch (r->kind) {
	case ROW_SESSION:
		if (r->prog)
			tui_open_in(t, r->prog - 1, r->index);
		else
			tui_push(t, VIEW_DETAIL, r->index);
		break;
	case ROW_TRACK: tui_push(t, VIEW_TRACK, r->index); break;
	case ROW_PERSON: tui_push(t, VIEW_SPEAKER, r->index); break;
	case ROW_FILTER: tui_filter_toggle(t, r->index); break;
	case ROW_CHOICE: tui_choose(t, r); break;
	case ROW_ROOM: tui_push(t, VIEW_ROOM, r->index); break;
	default: break;
	}
}

/* Leaves the prompt open, if any, as Esc does: the query line or the
 * export path. Returns whether there was one. */
bool
tui_prompt_cancel(struct tui *t)
{
	if (t->typing) {
		tui_search_leave(t);
		return true;
	}
	if (t->exporting) {
		t->exporting = false;
		snprintf(t->message, sizeof(t->message), "Export cancelled");
		return true;
	}
	return false;
}

/* Whether the zone z switches to is the config's timezone (a zone
 * named there, not "local"): tui_config_zone(). */
static bool
tui_zone_from_config(const struct tui *t)
{
	const char *zone = t->config ? t->config->timezone : NULL;
	return zone && strcmp(zone, "conference") != 0 &&
	       strcmp(zone, "local") != 0 && tz_find(zone) != NULL;
}

/* Returns false to quit. */
static bool
tui_act(struct tui *t, enum tui_action a, int key)
{
	int page = draw_body_lines(t) > 1 ? draw_body_lines(t) - 1 : 1;
	struct view *v = tui_view(t);
	if (v->kind == VIEW_GRID && grid_act(t, a, key))
		return true;
	switch (a) {
	case ACT_NONE: break;
	case ACT_UP: tui_move(t, -1); break;
	case ACT_DOWN: tui_move(t, 1); break;
	case ACT_PAGE_UP: tui_move(t, -page); break;
	case ACT_PAGE_DOWN: tui_move(t, page); break;
	case ACT_HALF_UP: tui_move(t, -page / 2); break;
	case ACT_HALF_DOWN: tui_move(t, page / 2); break;
	case ACT_TOP:
		view_select_first(v);
		v->top = 0;
		v->follow = false;
		break;
	case ACT_BOTTOM:
		view_select_last(v);
		v->follow = true;
		if (!(v->n_rows && view_selectable(&v->rows[v->sel])))
			v->top = v->n_rows;
		break;
	case ACT_OPEN: tui_open(t); break;
	case ACT_BACK:
		if (!tui_back(t) && t->query != NULL) {
			tui_search_clear(t);
			tui_rebuild_all(t);
			snprintf(t->message, sizeof(t->message),
				 "Search ended: n shows what runs now");
		}
		break;
	case ACT_QUIT: return tui_back(t);
	case ACT_QUIT_NOW: return false;
	case ACT_TRACK_INFO: tui_track_info(t); break;
	case ACT_NEXT_DAY:
	case ACT_PREV_DAY: {
		/* The day a program opened under another view first (its
		 * unscheduled sessions): not the day after it. */
		long day = tui_current_day(t) +
			   (t->day_unseen ? 0 : a == ACT_NEXT_DAY ? 1 : -1);
		int n = tui_program(t)->conference.n_days;
		if (n > 0 && (day < 0 || day >= n)) {
			snprintf(t->message, sizeof(t->message),
				 "Already on the %s day", day < 0 ? "first"
								  : "last");
			break;
		}
		tui_go_day(t, day);
		break;
	}
	case ACT_DAY_N: tui_go_day(t, keymap_key_index(a, key)); break;
	case ACT_NEXT_SESSION: tui_step_session(t, 1); break;
	case ACT_PREV_SESSION: tui_step_session(t, -1); break;
	case ACT_DAY_VIEW:
	case ACT_GRID: {
		/* The list or the grid of the day, at the same session; g
		 * in the grid goes back to the list. */
		tui_day_at(t, a == ACT_GRID && v->kind != VIEW_GRID ? VIEW_GRID
								   : VIEW_DAY);
		break;
	}
	case ACT_HIDE_ROOM:
	case ACT_SHOW_ROOMS:
		snprintf(t->message, sizeof(t->message),
			 "Rooms are hidden in the grid: press g");
		break;
	case ACT_TRACKS: tui_top(t, VIEW_TRACKS, 0); break;
	case ACT_SPEAKERS: tui_top(t, VIEW_SPEAKERS, 0); break;
	case ACT_UNSCHEDULED: tui_top(t, VIEW_UNSCHEDULED, 0); break;
	case ACT_SEARCH: tui_search_open(t); break;
	case ACT_STAR:
		/* Space toggles a filter's value as Enter does. */
		if (v->kind == VIEW_FILTER)
			tui_open(t);
		else
			tui_star(t);
		break;
	case ACT_AGENDA:
		tui_agendas_reread(t);
		tui_top(t, VIEW_AGENDA, 0);
		break;
	case ACT_ROOMS: tui_top(t, VIEW_ROOMS, 0); break;
	case ACT_NOW_GROUP:
		/* A key of the now view only: elsewhere it says where. */
		if (v->kind == VIEW_NOW)
			now_toggle(t);
		else
			snprintf(t->message, sizeof(t->message),
				 "b groups the now view (n) by room or by "
				 "track");
		break;
	case ACT_EXPORT:
		tui_agendas_reread(t);
		tui_export_open(t);
		break;
	case ACT_NEXT_RESULT: tui_step_result(t, 1); break;
	case ACT_PREV_RESULT: tui_step_result(t, -1); break;
	case ACT_ZONE:
		t->local_zone = !t->local_zone;
		tui_rebuild_all(t);
		snprintf(t->message, sizeof(t->message), "Times in %s%s",
			 tz_label(tui_zone(t)),
			 !t->local_zone ? " (the conference's)"
			 : tui_zone_from_config(t) ? " (the config's timezone)"
			 : " (your local zone)");
		break;
	case ACT_UPDATE: tui_update_start(t); break;
	case ACT_CHANGES:
		if (v->kind == VIEW_CHANGES)
			break; /* shown: not twice on the stack */
		if (t->changes_text != NULL)
			tui_push(t, VIEW_CHANGES, 0);
		else
			snprintf(t->message, sizeof(t->message),
				 "No update has changed your starred sessions "
				 "yet (U updates a followed program)");
		break;
	case ACT_FILTER: tui_filter_open(t); break;
	case ACT_FILTER_CLEAR: tui_filter_clear(t); break;
	case ACT_PROGRAM: tui_switch_program(t, t->cur + 1); break;
	case ACT_PREV_PROGRAM:
		tui_switch_program(t, t->cur + t->n_programs - 1);
		break;
	case ACT_PICK_PROGRAM:
		if (v->kind != VIEW_PROGRAMS) {
			v = tui_push(t, VIEW_PROGRAMS, 0);
			v->sel = t->cur; /* its rows come first, one a program */
		}
		break;
	case ACT_OPEN_LINK: tui_open_link(t); break;
	case ACT_GO_TRACK: tui_go_track(t); break;
	case ACT_GO_ROOM: tui_go_room(t); break;
	case ACT_GO_SPEAKER: tui_go_speaker(t); break;
	case ACT_REDRAW:
		if (tui_agendas_reread(t))
			snprintf(t->message, sizeof(t->message), "%s",
				 "Stars read again: another sked changed them");
		clearok(curscr, TRUE);
		break;
	case ACT_HELP:
		if (v->kind != VIEW_HELP)
			tui_push(t, VIEW_HELP, (size_t)v->kind);
		break;
	case ACT_COUNT: break;
	}
	return true;
}

/* The row under screen line y, if any. */
static bool
tui_row_at(struct tui *t, int y, size_t *row)
{
	struct view *v = tui_view(t);
	if (y < 2 || y >= 2 + draw_body_lines(t))
		return false;
	size_t i = v->top + (size_t)(y - 2);
	if (i >= v->n_rows || !view_selectable(&v->rows[i]))
		return false;
	*row = i;
	return true;
}

/* A click on the header: on a day tab, its day; on "<" or ">", a day
 * back or on, as [ and ] (two for a double click, which curses reports
 * for two clicks in quick succession). */
static void
tui_mouse_tabs(struct tui *t, const MEVENT *ev)
{
	for (int i = 0; i < t->n_tabs; i++)
		if (ev->x >= t->tab_x[i] && ev->x < t->tab_x[i] + t->tab_w[i])
			tui_go_day(t, t->tab_day[i]);
	if (ev->x != t->tab_less_x && ev->x != t->tab_more_x)
		return;
	enum tui_action a = ev->x == t->tab_less_x ? ACT_PREV_DAY : ACT_NEXT_DAY;
	tui_act(t, a, 0);
	if (ev->bstate & BUTTON1_DOUBLE_CLICKED)
		tui_act(t, a, 0);
}

static void
tui_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	size_t row;
	/* A click on the lines a long message covered only takes it away,
	 * as any key does: the rows under it were not to be seen. */
	if (t->above > 0 && ev.y >= t->lines - 1 - t->above &&
	    ev.y < t->lines - 1)
		return;
	if (tui_view(t)->kind == VIEW_GRID && ev.y > 0) {
		grid_mouse(t, &ev);
	} else if (ev.bstate & BUTTON4_PRESSED) {
		tui_move(t, -3);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		tui_move(t, 3);
	} else if (ev.y == 0 && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
					      BUTTON1_DOUBLE_CLICKED))) {
		tui_mouse_tabs(t, &ev);
	} else if (tui_row_at(t, ev.y, &row)) {
		tui_view(t)->sel = row;
		tui_view(t)->follow = true;
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			tui_open(t);
	}
}

/* The config's zone: z then switches between it and the conference's. */
static void
tui_config_zone(struct tui *t)
{
	const char *zone = t->config ? t->config->timezone : NULL;
	if (zone == NULL || strcmp(zone, "conference") == 0)
		return;
	if (strcmp(zone, "local") != 0) {
		const struct tz_zone *z = tz_find(zone);
		if (z == NULL)
			return; /* config_load checked it */
		t->local = z;
	}
	t->local_zone = true;
}

/* The config's first view, over the day list (where q and Esc go back
 * to). A program none of whose sessions has a time yet (LPC 2022's and
 * 2019's, as published early) has nothing on any day: it opens on the
 * list of its sessions without a time. */
static void
tui_first_view(struct tui *t)
{
	const struct program *p = tui_program(t);
	switch (t->config ? t->config->view : CONFIG_VIEW_DAY) {
	case CONFIG_VIEW_DAY:
	case CONFIG_VIEW_COUNT:
		if (p->n_scheduled == 0 && p->n_sessions > 0)
			tui_act(t, ACT_UNSCHEDULED, 0);
		break;
	case CONFIG_VIEW_GRID: tui_act(t, ACT_GRID, 0); break;
	/* Not n's action: with a search in force (c switching programs),
	 * it goes to the next result. */
	case CONFIG_VIEW_NOW: tui_top(t, VIEW_NOW, 0); break;
	case CONFIG_VIEW_AGENDA: tui_act(t, ACT_AGENDA, 0); break;
	case CONFIG_VIEW_TRACKS: tui_act(t, ACT_TRACKS, 0); break;
	case CONFIG_VIEW_SPEAKERS: tui_act(t, ACT_SPEAKERS, 0); break;
	case CONFIG_VIEW_ROOMS: tui_act(t, ACT_ROOMS, 0); break;
	case CONFIG_VIEW_UNSCHEDULED: tui_act(t, ACT_UNSCHEDULED, 0); break;
	}
}

/* The day a program opens on when the conference is not on: its first
 * with a session in the lists (the filters'), not an empty first day;
 * else its first. */
static size_t
tui_start_day(const struct tui *t)
{
	const struct program *p = tui_program(t);
	for (size_t k = 0; k < p->n_scheduled; k++)
		if (tui_shown(t, p->order[k]))
			return (size_t)p->sessions[p->order[k]].day;
	return 0;
}

void
tui_open_program(struct tui *t)
{
	int today = program_instant_day(tui_program(t), tui_now(t));
	/* Not tui_top: the selection it keeps is another program's. */
	tui_clear_stack(t);
	tui_push(t, VIEW_DAY, today >= 0 ? (size_t)today : tui_start_day(t));
	if (today >= 0)
		tui_now_next(t);
	tui_first_view(t);
	t->day_unseen = t->stack[0].kind != VIEW_DAY &&
			t->stack[0].kind != VIEW_GRID;
}

void
tui_init(struct tui *t, struct program **programs, size_t n,
	 const struct tui_options *o)
{
	*t = (struct tui){.programs = programs, .n_programs = n,
			  .now = o->now, .now_given = o->now_given,
			  .build = o->build};
	t->local = tz_local();
	t->config = o->config;
	tui_config_zone(t);
	t->people = xcalloc(n, sizeof(*t->people));
	t->track_rank = xcalloc(n, sizeof(*t->track_rank));
	t->index = xcalloc(n, sizeof(*t->index));
	t->prepared = xcalloc(n, sizeof(*t->prepared));
	t->arena = arena_create();
	tui_history_load(t);
	tui_agendas_load(t);
	tui_views_load(t);
	tui_update_init(t);
	t->hyperlinks = links_hyperlinks_supported();
	draw_init_colors(t);
	getmaxyx(stdscr, t->lines, t->cols);
	/* Open the program that is on, else the next, else the newest. */
	t->cur = program_pick(programs, n, o->now_given ? &o->now : NULL,
			      (int64_t)time(NULL));
	tui_open_program(t);
	/* Said on stderr already (browse.c). */
	for (size_t i = 0; i < o->n_messages; i++)
		tui_startup_notice(t, o->messages[i], false);
	if (t->n_startup > 1) {
		/* The count first, where a narrow status line keeps it. */
		char first[sizeof(t->message)];
		memcpy(first, t->message, sizeof(first));
		tui_say(t, "(+%zu more when sked quits) %s", t->n_startup - 1,
			first);
	}
}

void
tui_startup_notice(struct tui *t, const char *msg, bool again)
{
	if (t->n_startup++ == 0)
		snprintf(t->message, sizeof(t->message), "%s", msg);
	if (again) {
		t->notices = xreallocarray(t->notices, t->n_notices + 1,
					   sizeof(*t->notices));
		t->notices[t->n_notices++] = xstrdup(msg);
	}
}

void
tui_say(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	tui_cut(t->message, sizeof(t->message), n);
}

void
tui_cut(char *buf, size_t size, int n)
{
	static const char more[] = "\u2026";
	if (n < (int)size || size < sizeof(more))
		return;
	/* Not in the middle of a character, and room for the mark. */
	size_t at = text_char_before(buf, size - sizeof(more) + 1);
	memcpy(buf + at, more, sizeof(more));
}

void
tui_finish(struct tui *t)
{
	/* After the screen is restored (tui_run): the notices of the
	 * start, when there was more than the status line showed. */
	for (size_t i = 0; i < t->n_notices && t->n_startup > 1; i++) {
		char *s = text_sanitize(t->notices[i], strlen(t->notices[i]), 0);
		fprintf(stderr, "sked: %s\n", s);
		free(s);
	}
	for (size_t i = 0; i < t->n_notices; i++)
		free(t->notices[i]);
	free(t->notices);
	tui_update_finish(t);
	links_reap(t, true);
	tui_clear_stack(t);
	for (size_t i = 0; i < t->n_programs; i++) {
		free(t->people[i].v);
		free(t->track_rank[i]);
	}
	free(t->people);
	free(t->track_rank);
	tui_search_clear(t);
	for (size_t i = 0; i < t->n_programs; i++)
		search_index_destroy(t->index[i]);
	free(t->index);
	free(t->prepared);
	for (size_t i = 0; i < t->n_history; i++)
		free(t->history[i]);
	free(t->history);
	free(t->history_path);
	for (size_t k = 0; k < t->n_programs; k++) {
		agenda_destroy(t->agendas[k]);
		free(t->starred[k]);
		free(t->conflict[k]);
	}
	free(t->agendas);
	free(t->starred);
	free(t->conflict);
	free(t->conflicts);
	tui_views_finish(t);
	arena_destroy(t->arena);
}

bool
tui_key(struct tui *t, int key)
{
	/* A new size is no key the user typed: a message stays. */
	if (key == KEY_RESIZE) {
		getmaxyx(stdscr, t->lines, t->cols);
		tui_rebuild_all(t);
		return true;
	}
	t->message[0] = '\0';
	/* Ctrl-C in a prompt cancels it, as in less and mutt. With the
	 * terminal's ISIG on it comes as SIGINT (see tui_run); this is for
	 * when it comes as a key. */
	if (key == 3 && tui_prompt_cancel(t))
		return true;
	if (t->typing) {
		if (key != KEY_MOUSE)
			tui_input_key(t, key);
		return true;
	}
	if (t->exporting) {
		if (key != KEY_MOUSE)
			tui_export_key(t, key);
		return true;
	}
	if (t->cols < TUI_MIN_COLS || t->lines < TUI_MIN_LINES)
		return key != 'q' && key != 'Q';
	if (key == KEY_MOUSE) {
		tui_mouse(t);
		return true;
	}
	bool go_on = tui_act(t, keymap_lookup(key), key);
	tui_search_resume(t);
	return go_on;
}

/* The Home and End keys of terminals whose terminfo entry TERM does not
 * name: tmux, screen, rxvt and PuTTY send \e[1~ and \e[4~ (or \e[7~ and
 * \e[8~) where TERM=xterm-256color expects \eOH and \eOF, and unknown,
 * they were read as Esc, '[', a digit and '~': a day's number. */
static void
tui_define_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = {
		{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME},
		{"\033[H", KEY_HOME},  {"\033OH", KEY_HOME},
		{"\033[4~", KEY_END},  {"\033[8~", KEY_END},
		{"\033[F", KEY_END},   {"\033OF", KEY_END},
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

int
tui_run(struct program **programs, size_t n, const struct tui_options *o)
{
	cells_set_ascii(o->ascii);
	initscr();
	tui_active = true;
	atexit(tui_restore);
	xalloc_set_fatal_hook(tui_restore);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	tui_define_keys();
	set_escdelay(25);
	curs_set(0);
	timeout(250); /* wake up to notice signals */
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED |
			  BUTTON4_PRESSED | BUTTON5_PRESSED,
		  NULL);
	mouseinterval(250);
	struct sigaction sa = {.sa_handler = tui_on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Star moves (a followed program loaded again) wait for the agenda
	 * lock no longer than a star does: not made, they are said, and a
	 * later sked makes them. */
	struct statefile_wait moves = {.go_on = tui_lock_wait};
	struct statefile_wait *was = follow_set_moves_wait(&moves);

	struct tui t;
	/* After initscr: the first use of libical (the local zone, in
	 * tui_init) is made with the screen set up, so that a libical that
	 * cannot load exits through tui_restore (tests/tui_test.py's
	 * a_library_that_cannot_load_restores_the_terminal relies on it). */
	tui_init(&t, programs, n, o);
	bool running = true;
	while (running) {
		/* SIGINT (Ctrl-C) in a prompt cancels the prompt; elsewhere
		 * it ends sked, as every signal handled here does. */
		if (tui_signal == SIGINT && tui_prompt_cancel(&t))
			tui_signal = 0;
		if (tui_signal)
			break;
		tui_update_poll(&t);
		links_reap(&t, false);
		now_tick(&t);
		draw_screen(&t);
		/* While an update runs, its progress is shown as it comes;
		 * while a search runs, it goes on whenever no key is
		 * waiting. */
		timeout(t.searching ? 0 : tui_update_running(&t) ? 100 : 250);
		int key = getch();
		if (key != ERR)
			running = tui_key(&t, key);
		else
			tui_search_step(&t, 12.0);
	}
	tui_restore();
	xalloc_set_fatal_hook(NULL);
	tui_finish(&t);
	follow_set_moves_wait(was);
	return tui_signal ? 128 + tui_signal : 0;
}
