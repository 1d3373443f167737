/* The help screen: the keys of the view it was opened from first, then
 * every key (from the keymap table, as the dispatcher has them), then the
 * search's syntax. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "sked/search.h"
#include "tui.h"

/* The keys that matter most in each kind of view, in the order shown. */
static const enum tui_action help_list[] = {
	ACT_OPEN, ACT_STAR, ACT_SEARCH, ACT_NEXT_RESULT, ACT_BACK, ACT_NONE};
static const enum tui_action help_day[] = {
	ACT_OPEN, ACT_STAR, ACT_NEXT_DAY, ACT_PREV_DAY, ACT_DAY_N, ACT_GRID,
	ACT_NEXT_RESULT, ACT_AGENDA, ACT_UNSCHEDULED, ACT_TRACKS, ACT_SPEAKERS,
	ACT_ROOMS, ACT_SEARCH, ACT_FILTER, ACT_PROGRAM, ACT_PREV_PROGRAM,
	ACT_PICK_PROGRAM, ACT_NONE};
static const enum tui_action help_detail[] = {
	ACT_STAR, ACT_OPEN_LINK, ACT_GO_SPEAKER, ACT_GO_TRACK, ACT_GO_ROOM,
	ACT_NEXT_SESSION, ACT_PREV_SESSION, ACT_BACK, ACT_NONE};
static const enum tui_action help_results[] = {
	ACT_OPEN, ACT_SEARCH, ACT_NEXT_RESULT, ACT_PREV_RESULT, ACT_STAR,
	ACT_BACK, ACT_NONE};
static const enum tui_action help_track[] = {
	ACT_OPEN, ACT_TRACK_INFO, ACT_STAR, ACT_SEARCH, ACT_NEXT_RESULT,
	ACT_BACK, ACT_NONE};
static const enum tui_action help_track_info[] = {
	ACT_TRACK_INFO, ACT_DOWN, ACT_UP, ACT_BACK, ACT_NONE};
static const enum tui_action help_index[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_BACK, ACT_NONE};
/* The filters: the keys that toggle a value first (help_filter_toggle). */
static const enum tui_action help_filter[] = {
	ACT_UP, ACT_DOWN, ACT_FILTER_CLEAR, ACT_BACK, ACT_NONE};
static const enum tui_action help_picker[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PROGRAM, ACT_PREV_PROGRAM, ACT_BACK,
	ACT_NONE};

/* The grid's keys, as they act there: h and l (Left, Right) move across
 * rooms, not back and into; Esc and q go back to the day list. The keys
 * come from the keymap (HELP_ACROSS: only those of an action that move
 * across, HELP_NOT_ACROSS: only the others), the text says the grid's
 * meaning (NULL: the keymap's). */
enum { HELP_ALL, HELP_ACROSS, HELP_NOT_ACROSS };
static const struct {
	enum tui_action a;
	int keys;
	const char *help;
} help_grid[] = {
	{ACT_DOWN, HELP_ALL, "the next in the room, then the next in time"},
	{ACT_UP, HELP_ALL, "the previous in the room, then the one before"},
	{ACT_OPEN, HELP_ACROSS, "the session in the room to the right"},
	{ACT_BACK, HELP_ACROSS, "the session in the room to the left"},
	{ACT_OPEN, HELP_NOT_ACROSS, "open the session"},
	{ACT_PAGE_DOWN, HELP_ALL, "a page later (past the room's end: scrolls)"},
	{ACT_PAGE_UP, HELP_ALL, "a page earlier"},
	{ACT_HALF_DOWN, HELP_ALL, NULL},
	{ACT_HALF_UP, HELP_ALL, NULL},
	{ACT_TOP, HELP_ALL, "the room's first session"},
	{ACT_BOTTOM, HELP_ALL, "the room's last session"},
	{ACT_HIDE_ROOM, HELP_ALL, NULL},
	{ACT_SHOW_ROOMS, HELP_ALL, NULL},
	{ACT_STAR, HELP_ALL, NULL},
	{ACT_NEXT_DAY, HELP_ALL, "next day, in the grid"},
	{ACT_PREV_DAY, HELP_ALL, "previous day, in the grid"},
	{ACT_DAY_N, HELP_ALL, "day N, in the grid"},
	{ACT_GRID, HELP_ALL, "the day as a list, at the same session"},
	{ACT_DAY_VIEW, HELP_ALL, "the day as a list"},
	{ACT_BACK, HELP_NOT_ACROSS, "back to the day list"},
	{ACT_QUIT, HELP_ALL, "back to the day list"},
};

static bool
help_across(int key)
{
	return key == 'h' || key == 'l' || key == KEY_LEFT || key == KEY_RIGHT;
}

static void help_key(struct view *v, const struct keymap_entry *e);

/* The grid's lines: each a copy of its keymap entry, its keys picked. */
static void
help_grid_keys(struct view *v)
{
	for (size_t k = 0; k < sizeof(help_grid) / sizeof(help_grid[0]); k++)
		for (int i = 0; i < keymap_size; i++) {
			if (keymap[i].action != help_grid[k].a)
				continue;
			struct keymap_entry e = keymap[i];
			if (help_grid[k].keys != HELP_ALL) {
				int n = 0;
				for (int j = 0; j < KEYMAP_KEYS && keymap[i].keys[j]; j++)
					if (help_across(keymap[i].keys[j]) ==
					    (help_grid[k].keys == HELP_ACROSS))
						e.keys[n++] = keymap[i].keys[j];
				for (int j = n; j < KEYMAP_KEYS; j++)
					e.keys[j] = 0;
				e.label = NULL;
			}
			if (help_grid[k].help)
				e.help = help_grid[k].help;
			help_key(v, &e);
		}
}

/* The filters' first line: the keys that toggle a value, from the
 * keymap (the star's and open's, which tui_act turns into a toggle
 * there), Space and Enter first. */
static void
help_filter_toggle(struct view *v)
{
	struct keymap_entry e = {.action = ACT_NONE,
				 .help = "toggle the selected value"};
	int n = 0;
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < keymap_size; i++) {
			if (keymap[i].action != ACT_STAR &&
			    keymap[i].action != ACT_OPEN)
				continue;
			for (int j = 0; j < KEYMAP_KEYS && keymap[i].keys[j]; j++) {
				int key = keymap[i].keys[j];
				int rank = key == ' ' ? 0 : key == '\n' ? 1 : 2;
				if (rank == pass && n < KEYMAP_KEYS)
					e.keys[n++] = key;
			}
		}
	help_key(v, &e);
}

static const enum tui_action help_now[] = {
	ACT_OPEN, ACT_NOW_GROUP, ACT_STAR, ACT_NEXT_RESULT, ACT_ROOMS, ACT_NONE};

static const enum tui_action *
help_for(enum view_kind kind)
{
	switch (kind) {
	case VIEW_DAY: return help_day;
	case VIEW_DETAIL: return help_detail;
	case VIEW_RESULTS: return help_results;
	case VIEW_TRACK: return help_track;
	case VIEW_TRACK_INFO: return help_track_info;
	case VIEW_TRACKS:
	case VIEW_SPEAKERS:
	case VIEW_PEOPLE_OF:
	case VIEW_LINKS: return help_index;
	case VIEW_PROGRAMS: return help_picker;
	case VIEW_FILTER: return help_filter;
	case VIEW_NOW: return help_now;
	case VIEW_ROOMS: return help_index;
	case VIEW_HELP:
	case VIEW_CHANGES: return NULL;
	default: return help_list;
	}
}

/* "keys   what they do": what they do wraps under itself, never cut. On
 * a screen too narrow for the keys' column beside 20 columns of text, the
 * keys go on a line of their own and what they do under them. */
enum { HELP_KEYS_W = 28 };
static void
help_pair(struct view *v, const char *keys, const char *what)
{
	if (v->width - 2 - 2 - (HELP_KEYS_W + 1) < 20) {
		view_add_wrapped(v, keys, 2, TEXT_ATTR_PLAIN, -1);
		size_t first = v->n_rows;
		view_add_wrapped(v, what, 6, TEXT_ATTR_PLAIN, -1);
		for (size_t i = first; i < v->n_rows; i++)
			v->rows[i].joined = true;
		return;
	}
	char col[128];
	snprintf(col, sizeof(col), "%-*s ", HELP_KEYS_W, keys);
	struct piece pc[] = {{col, false}, {what, true}};
	view_add_pieces(v, pc, 2, 2, TEXT_ATTR_PLAIN, -1);
}

static void
help_key(struct view *v, const struct keymap_entry *e)
{
	char keys[96];
	keymap_keys_label(e, keys, sizeof(keys));
	help_pair(v, keys, e->help);
}

/* A line of text, wrapped to the width. */
static void
help_line(struct view *v, int attr, const char *text)
{
	view_add_wrapped(v, text, 2, attr, -1);
}

static const char *const view_names[] = {
	[VIEW_DAY] = "the day program",
	[VIEW_TRACKS] = "the tracks",
	[VIEW_TRACK] = "a track",
	[VIEW_SPEAKERS] = "the speakers",
	[VIEW_SPEAKER] = "a speaker's sessions",
	[VIEW_UNSCHEDULED] = "the unscheduled sessions",
	[VIEW_DETAIL] = "a session",
	[VIEW_RESULTS] = "the search results",
	[VIEW_AGENDA] = "your agenda",
	[VIEW_PROGRAMS] = "the programs",
	[VIEW_LINKS] = "a session's links",
	[VIEW_PEOPLE_OF] = "a session's people",
	[VIEW_ROOM] = "a room's sessions",
	[VIEW_FILTER] = "the filters",
	[VIEW_NOW] = "the now view",
	[VIEW_ROOMS] = "the rooms",
	[VIEW_TRACK_INFO] = "a track's description",
};

void
view_build_help(struct tui *t, struct view *v)
{
	(void)t;
	const enum tui_action *here = help_for((enum view_kind)v->arg);
	if ((enum view_kind)v->arg == VIEW_GRID) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "Keys in the grid");
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
		help_grid_keys(v);
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	} else if (here != NULL) {
		const char *name = v->arg < sizeof(view_names) / sizeof(view_names[0]) &&
						   view_names[v->arg]
					   ? view_names[v->arg]
					   : "this view";
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "Keys in %s", name);
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
		if ((enum view_kind)v->arg == VIEW_FILTER)
			help_filter_toggle(v);
		for (size_t k = 0; here[k] != ACT_NONE; k++)
			for (int i = 0; i < keymap_size; i++)
				if (keymap[i].action == here[k])
					help_key(v, &keymap[i]);
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	}
	view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "All keys");
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	for (int i = 0; i < keymap_size; i++)
		help_key(v, &keymap[i]);
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	help_line(v, TEXT_ATTR_DIM,
		  "Mouse: click selects, double-click opens, the wheel scrolls.");
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");

	/* The query language of src/core/search_query.c, as README says it. */
	view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "Search syntax");
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	char fields[200] = "Fields:";
	for (int f = 0; search_field_name((enum search_field)f); f++)
		snprintf(fields + strlen(fields), sizeof(fields) - strlen(fields),
			 " %s", search_field_name((enum search_field)f));
	static const char *const lines[][2] = {
		{"kunit", "a regular expression (PCRE2), in any field"},
		{"field:pattern", "in one field (below): speaker:gleixner"},
		{"a b", "terms separated by spaces must all match"},
		{"-term", "must not match: track:risc -title:intro"},
		{"\"two words\"", "quotes keep spaces: title:\"proxy execution\""},
		{"^ $", "apply to each value of a field: speaker:^Mathieu"},
		{"day:", "a date or a weekday: day:mon, day:2023-11-14"},
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		help_pair(v, lines[i][0], lines[i][1]);
	help_line(v, TEXT_ATTR_PLAIN, fields);
	help_line(v, TEXT_ATTR_PLAIN,
		  "Caseless unless a term has an uppercase letter; accents "
		  "fold (rodel finds Rödel).");
	help_line(v, TEXT_ATTR_PLAIN,
		  "The search covers every open program, results grouped by "
		  "program.");
	help_line(v, TEXT_ATTR_PLAIN,
		  "On the query line: Enter opens, Tab keeps the list, Esc "
		  "leaves, Up/Down the history, F1 shows this syntax (? is "
		  "a character of the query there). It edits at its cursor: "
		  "Left/Right, Home/End (Ctrl-A/E), Backspace, Delete, "
		  "Ctrl-W a word, Ctrl-U all before, Ctrl-K all after.");
}
