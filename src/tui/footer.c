/* The keys the status line offers: those that act in the view shown and
 * on what is selected there, never one that would do nothing. Their keys
 * come from the keymap table (keymap.c), as the help screen's do; what
 * each says and when it acts, from the table below. */
#include <stdio.h>
#include <string.h>

#include "sked/text.h"
#include "grid.h"
#include "tui.h"

/* Predicates: whether a key acts in view v (the view shown). */

static bool
footer_opens(struct tui *t, const struct view *v)
{
	(void)t;
	if (v->kind == VIEW_FILTER || v->n_rows == 0 ||
	    !view_selectable(&v->rows[v->sel]))
		return false;
	switch (v->rows[v->sel].kind) {
	case ROW_SESSION: case ROW_TRACK: case ROW_PERSON: case ROW_CHOICE:
	case ROW_ROOM:
		return true;
	default:
		return false;
	}
}

static bool
footer_toggles(struct tui *t, const struct view *v)
{
	(void)t;
	return v->kind == VIEW_FILTER && v->n_rows &&
	       v->rows[v->sel].kind == ROW_FILTER;
}

static const struct program_session *
footer_session(struct tui *t, const struct view *v)
{
	if (v->kind == VIEW_FILTER)
		return NULL;
	return tui_selected_session(t);
}

/* Whether the session a key acts on (tui_selected_session's) is starred
 * in its own program's agenda. */
static bool
footer_starred(const struct tui *t)
{
	size_t k, i;
	return tui_selected_at(t, &k, &i) && t->starred[k] != NULL &&
	       t->starred[k][i];
}

static bool
footer_stars(struct tui *t, const struct view *v)
{
	return footer_session(t, v) != NULL && !footer_starred(t);
}

static bool
footer_unstars(struct tui *t, const struct view *v)
{
	return (footer_session(t, v) != NULL && footer_starred(t)) ||
	       tui_selected_gone(t) != NULL;
}

static bool
footer_detail_link(struct tui *t, const struct view *v)
{
	const struct program_session *s = footer_session(t, v);
	struct tui_link links[1];
	return v->kind == VIEW_DETAIL && s &&
	       links_of(tui_program(t), s, links, 1) > 0;
}

static bool
footer_detail_speaker(struct tui *t, const struct view *v)
{
	const struct program_session *s = footer_session(t, v);
	return v->kind == VIEW_DETAIL && s && s->speakers.n + s->authors.n > 0;
}

static bool
footer_detail_track(struct tui *t, const struct view *v)
{
	const struct program_session *s = footer_session(t, v);
	return v->kind == VIEW_DETAIL && s && s->track >= 0;
}

static bool
footer_detail_room(struct tui *t, const struct view *v)
{
	const struct program_session *s = footer_session(t, v);
	return v->kind == VIEW_DETAIL && s && s->room >= 0;
}

/* J and K: the list the detail was opened from has another session. */
static bool
footer_detail_steps(struct tui *t, const struct view *v)
{
	if (v->kind != VIEW_DETAIL || t->depth < 2)
		return false;
	const struct view *list = &t->stack[t->depth - 2];
	size_t n = 0;
	for (size_t i = 0; i < list->n_rows && n < 2; i++)
		n += list->rows[i].kind == ROW_SESSION && list->rows[i].prog == 0;
	return n > 1;
}

static bool
footer_grid_blocks(struct tui *t, const struct view *v)
{
	(void)t;
	return v->kind == VIEW_GRID && v->grid && v->grid->n_cols > 0;
}

/* x: the selected block has a room (or track, in a grid of tracks) to
 * hide. */
static bool
footer_grid_hides(struct tui *t, const struct view *v)
{
	return footer_grid_blocks(t, v) &&
	       v->grid->cols[v->grid->blocks[v->sel].col].key >= 0;
}

static bool
footer_grid_hides_room(struct tui *t, const struct view *v)
{
	return footer_grid_hides(t, v) && !v->grid->by_track;
}

static bool
footer_grid_hides_track(struct tui *t, const struct view *v)
{
	return footer_grid_hides(t, v) && v->grid->by_track;
}

static bool
footer_grid_hidden(struct tui *t, const struct view *v)
{
	(void)t;
	return v->kind == VIEW_GRID && v->grid && v->grid->hidden > 0;
}

static bool
footer_filters_on(struct tui *t, const struct view *v)
{
	return v->kind == VIEW_FILTER && t->shown[t->cur] != NULL;
}

/* i: in a track that has a description or leads (in the description,
 * i goes back as q does, which is offered). */
static bool
footer_track_info(struct tui *t, const struct view *v)
{
	const struct program *p = tui_program(t);
	if (v->kind != VIEW_TRACK && !(v->kind == VIEW_TRACKS && v->n_rows &&
				       v->rows[v->sel].kind == ROW_TRACK))
		return false;
	const struct program_track *tr =
		&p->tracks[v->kind == VIEW_TRACK ? v->arg
						  : v->rows[v->sel].index];
	return program_text(p, &tr->description_text) || tr->leads.n;
}

/* b: the now view by track when it is by room, and back (a program
 * that names no rooms has it by track alone). */
static bool
footer_now_by_room(struct tui *t, const struct view *v)
{
	return v->kind == VIEW_NOW && !now_grouped_by_track(t);
}

static bool
footer_now_by_track(struct tui *t, const struct view *v)
{
	return v->kind == VIEW_NOW && now_grouped_by_track(t) &&
	       tui_program(t)->n_rooms > 0;
}

/* The lists of sessions and their like, where / and a are offered. */
static bool
footer_list(struct tui *t, const struct view *v)
{
	(void)t;
	switch (v->kind) {
	case VIEW_DETAIL: case VIEW_HELP: case VIEW_FILTER: case VIEW_GRID:
	case VIEW_TRACK_INFO: case VIEW_CHANGES: case VIEW_PROGRAMS:
	case VIEW_LINKS: case VIEW_PEOPLE_OF:
		return false;
	default:
		return true;
	}
}

static bool
footer_agenda(struct tui *t, const struct view *v)
{
	return footer_list(t, v) && v->kind != VIEW_AGENDA;
}

static bool
footer_help(struct tui *t, const struct view *v)
{
	(void)t;
	return v->kind != VIEW_HELP;
}

static bool
footer_quits(struct tui *t, const struct view *v)
{
	return t->depth == 1 && v->kind == VIEW_DAY;
}

static bool
footer_goes_back(struct tui *t, const struct view *v)
{
	return !footer_quits(t, v);
}

/* What the status line may offer, in its order. A key is shown as the
 * keymap names it: `key` when it is one of the action's keys (Space, to
 * toggle), else the action's first key; an entry of several actions
 * joins their one-letter keys ("J/K", "hjkl"). Where they do not all
 * fit, those of the lowest `prio` go first (the last of them first);
 * FOOTER_KEPT ones stay. */
enum { FOOTER_KEPT = 9 };
static const struct footer_entry {
	enum tui_action a[4];
	int key;
	const char *word;
	bool (*acts)(struct tui *t, const struct view *v);
	int prio;
} footer[] = {
	{{ACT_BACK, ACT_DOWN, ACT_UP, ACT_OPEN}, 0, "move",
	 footer_grid_blocks, 3},
	{{ACT_STAR}, ' ', "toggle", footer_toggles, FOOTER_KEPT},
	{{ACT_OPEN}, 0, "open", footer_opens, FOOTER_KEPT},
	{{ACT_STAR}, 0, "star", footer_stars, 2},
	{{ACT_STAR}, 0, "unstar", footer_unstars, 2},
	{{ACT_OPEN_LINK}, 0, "link", footer_detail_link, 2},
	{{ACT_GO_SPEAKER}, 0, "speaker", footer_detail_speaker, 1},
	{{ACT_GO_TRACK}, 0, "track", footer_detail_track, 1},
	{{ACT_GO_ROOM}, 0, "room", footer_detail_room, 1},
	{{ACT_NEXT_SESSION, ACT_PREV_SESSION}, 0, "next/prev",
	 footer_detail_steps, 0},
	{{ACT_TRACK_INFO}, 0, "description", footer_track_info, 2},
	{{ACT_NOW_GROUP}, 0, "by track", footer_now_by_room, 2},
	{{ACT_NOW_GROUP}, 0, "by room", footer_now_by_track, 2},
	{{ACT_HIDE_ROOM}, 0, "hide room", footer_grid_hides_room, 2},
	{{ACT_HIDE_ROOM}, 0, "hide track", footer_grid_hides_track, 2},
	{{ACT_SHOW_ROOMS}, 0, "show all", footer_grid_hidden, 2},
	{{ACT_FILTER_CLEAR}, 0, "clear all", footer_filters_on, 2},
	{{ACT_AGENDA}, 0, "agenda", footer_agenda, 0},
	{{ACT_SEARCH}, 0, "search", footer_list, 1},
	{{ACT_HELP}, 0, "help", footer_help, FOOTER_KEPT},
	{{ACT_QUIT}, 0, "quit", footer_quits, FOOTER_KEPT},
	{{ACT_QUIT}, 0, "back", footer_goes_back, 1},
};

enum { FOOTER_N = sizeof(footer) / sizeof(footer[0]) };

/* The key of action a to show: `want` when it is one of its keys, else
 * its first key with a name (one_char: with a one-character name, for a
 * joined label); 0 when it has none. */
static int
footer_key(enum tui_action a, int want, bool one_char)
{
	int first = 0;
	for (int i = 0; i < keymap_size; i++) {
		if (keymap[i].action != a)
			continue;
		for (int k = 0; k < KEYMAP_KEYS && keymap[i].keys[k]; k++) {
			int key = keymap[i].keys[k];
			char tmp[16];
			const char *name = keymap_key_name(key, tmp);
			if (name == NULL || (one_char && strlen(name) != 1))
				continue;
			if (key == want)
				return key;
			if (first == 0)
				first = key;
		}
	}
	return first;
}

/* One entry as it shows: "Enter open", "J/K next/prev". */
static void
footer_label(const struct footer_entry *e, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	int n = 0;
	while (n < 4 && e->a[n] != ACT_NONE)
		n++;
	for (int k = 0; k < n; k++) {
		int key = footer_key(e->a[k], e->key, n > 1);
		char tmp[16];
		const char *name = key ? keymap_key_name(key, tmp) : NULL;
		if (name == NULL)
			continue;
		/* A joined label: its one-letter keys, "/" between two. */
		int w = snprintf(buf + o, size - o, "%s%s",
				 o && n == 2 ? "/" : "", name);
		if (w < 0 || (size_t)w >= size - o)
			return;
		o += (size_t)w;
	}
	snprintf(buf + o, size - o, " %s", e->word);
}

void
footer_hints(struct tui *t, char *buf, size_t size, int room)
{
	struct view *v = tui_view(t);
	char label[FOOTER_N][48];
	bool on[FOOTER_N];
	int width = 0, n = 0;
	for (size_t i = 0; i < FOOTER_N; i++) {
		on[i] = footer[i].acts(t, v);
		if (!on[i])
			continue;
		footer_label(&footer[i], label[i], sizeof(label[i]));
		width += (n++ ? 2 : 0) + text_width(label[i], strlen(label[i]));
	}
	/* Too wide: the least needed go, the last of them first. */
	for (int prio = 0; prio < FOOTER_KEPT && width > room; prio++)
		for (size_t i = FOOTER_N; i-- > 0 && width > room;) {
			if (!on[i] || footer[i].prio != prio)
				continue;
			on[i] = false;
			width -= 2 + text_width(label[i], strlen(label[i]));
		}
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < FOOTER_N; i++) {
		if (!on[i])
			continue;
		int w = snprintf(buf + o, size - o, "%s%s", o ? "  " : "",
				 label[i]);
		if (w < 0 || (size_t)w >= size - o)
			break;
		o += (size_t)w;
	}
}
