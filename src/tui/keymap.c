#include "keymap.h"

#include <assert.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

/* The default bindings. */
const struct keymap_entry keymap[] = {
	{ACT_UP, "up", {KEY_UP, 'k'}, NULL, "move up"},
	{ACT_DOWN, "down", {KEY_DOWN, 'j'}, NULL, "move down"},
	{ACT_PAGE_UP, "page-up", {KEY_PPAGE}, NULL, "page up"},
	{ACT_PAGE_DOWN, "page-down", {KEY_NPAGE}, NULL, "page down"},
	{ACT_HALF_UP, "half-up", {CTRL('u')}, NULL, "half a page up"},
	{ACT_HALF_DOWN, "half-down", {CTRL('d')}, NULL, "half a page down"},
	{ACT_TOP, "top", {KEY_HOME}, NULL, "first line"},
	{ACT_BOTTOM, "bottom", {'G', KEY_END}, NULL, "last line"},
	{ACT_OPEN, "open", {'\n', '\r', KEY_ENTER, 'l', KEY_RIGHT}, NULL,
	 "open the selected item"},
	{ACT_BACK, "back", {27, 'h', KEY_BACKSPACE, 127, KEY_LEFT}, NULL,
	 "go back; in the day list, end the search in force"},
	{ACT_NEXT_DAY, "next-day", {'\t', ']'}, NULL, "next day"},
	{ACT_PREV_DAY, "previous-day", {KEY_BTAB, '['}, NULL, "previous day"},
	{ACT_DAY_N, "day-n", {'1', '2', '3', '4', '5', '6', '7', '8', '9'},
	 "1-9", "day N of the conference"},
	{ACT_NEXT_SESSION, "next-session", {'J'}, NULL,
	 "session detail: the next session of its list"},
	{ACT_PREV_SESSION, "previous-session", {'K'}, NULL,
	 "session detail: the previous session of its list"},
	{ACT_GO_SPEAKER, "go-speaker", {'S'}, NULL,
	 "session detail: its speaker's sessions (a choice of speakers)"},
	{ACT_GO_TRACK, "go-track", {'T'}, NULL,
	 "session detail: its track"},
	{ACT_GO_ROOM, "go-room", {'R'}, NULL,
	 "session detail: its room's sessions"},
	{ACT_OPEN_LINK, "open-link", {'o'}, NULL,
	 "open a link of the session in the web browser (a choice of links)"},
	{ACT_DAY_VIEW, "day-program", {'d'}, NULL, "day program"},
	{ACT_GRID, "grid", {'g'}, NULL,
	 "the day as a grid: rooms across, time down (g again: the list)"},
	{ACT_HIDE_ROOM, "hide-room", {'x'}, NULL,
	 "grid: hide the selected session's room (remembered)"},
	{ACT_SHOW_ROOMS, "show-rooms", {'X'}, NULL,
	 "grid: show every hidden room again"},
	{ACT_TRACKS, "tracks", {'t'}, NULL, "tracks"},
	{ACT_SPEAKERS, "speakers", {'p'}, NULL, "speakers (people)"},
	{ACT_UNSCHEDULED, "unscheduled", {'u'}, NULL, "unscheduled sessions"},
	{ACT_ROOMS, "rooms", {'r'}, NULL, "rooms, with their sessions"},
	{ACT_NOW_GROUP, "now-by", {'b'}, NULL,
	 "now view: by room or by track"},
	{ACT_TRACK_INFO, "track-info", {'i'}, NULL,
	 "a track's description and leads (in a track or the tracks)"},
	{ACT_SEARCH, "search", {'/'}, NULL,
	 "search (regular expressions; Esc leaves the search)"},
	{ACT_STAR, "star", {'s', ' '}, NULL,
	 "star or unstar the session (your agenda)"},
	{ACT_AGENDA, "agenda", {'a'}, NULL,
	 "your agenda: starred sessions, conflicts marked !"},
	{ACT_EXPORT, "export", {'e'}, NULL,
	 "export your agenda as an iCalendar file"},
	{ACT_NEXT_RESULT, "next-result", {'n'}, NULL,
	 "next search result; with no search, the now view: what runs now "
	 "and next"},
	{ACT_PREV_RESULT, "previous-result", {'N'}, NULL,
	 "previous search result"},
	{ACT_ZONE, "time-zone", {'z'}, NULL,
	 "show times in the conference zone or your local zone"},
	{ACT_PROGRAM, "next-program", {'c'}, NULL,
	 "next loaded program (conference)"},
	{ACT_PREV_PROGRAM, "previous-program", {'C'}, NULL,
	 "previous loaded program"},
	{ACT_PICK_PROGRAM, "programs", {'P'}, NULL,
	 "the programs, with their dates: Enter switches"},
	{ACT_UPDATE, "update", {'U'}, NULL,
	 "update a followed program from its URL (and show what changed)"},
	{ACT_FILTER, "filter", {'f'}, NULL,
	 "filters: show only some tracks, rooms, languages, types"},
	{ACT_FILTER_CLEAR, "clear-filters", {'F'}, NULL,
	 "clear every filter (show all sessions)"},
	{ACT_REDRAW, "redraw", {CTRL('l')}, NULL, "redraw the screen"},
	{ACT_HELP, "help", {'?', KEY_F(1)}, NULL, "this help"},
	{ACT_QUIT, "back-or-quit", {'q'}, NULL,
	 "go back, as Esc; in the day list, quit"},
	{ACT_QUIT_NOW, "quit", {'Q'}, NULL, "quit at once"},
};

const int keymap_size = (int)(sizeof(keymap) / sizeof(keymap[0]));

/* Every action but ACT_NONE has exactly one entry. */
static_assert(sizeof(keymap) / sizeof(keymap[0]) == ACT_COUNT - 1,
	      "the keymap must cover every action");

enum tui_action
keymap_lookup(int key)
{
	for (int i = 0; i < keymap_size; i++)
		for (int k = 0; k < KEYMAP_KEYS && keymap[i].keys[k]; k++)
			if (keymap[i].keys[k] == key)
				return keymap[i].action;
	return ACT_NONE;
}

const char *
keymap_key_name(int key, char buf[16])
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{KEY_UP, "Up"},         {KEY_DOWN, "Down"},
		{KEY_LEFT, "Left"},     {KEY_RIGHT, "Right"},
		{KEY_PPAGE, "PgUp"},    {KEY_NPAGE, "PgDn"},
		{KEY_HOME, "Home"},     {KEY_END, "End"},
		{KEY_ENTER, NULL},      {'\n', "Enter"},
		{'\r', NULL},           {27, "Esc"},
		{KEY_BACKSPACE, "Backspace"}, {127, NULL},
		{'\t', "Tab"},          {KEY_BTAB, "Shift-Tab"},
		{KEY_F(1), "F1"},       {' ', "Space"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key)
			return names[i].name; /* NULL: a duplicate not shown */
	if (key > 0 && key < 32) {
		snprintf(buf, 16, "Ctrl-%c", key + 'a' - 1);
		return buf;
	}
	snprintf(buf, 16, "%c", key);
	return buf;
}

void
keymap_keys_label(const struct keymap_entry *e, char *buf, int size)
{
	if (e->label) {
		snprintf(buf, (size_t)size, "%s", e->label);
		return;
	}
	int o = 0;
	buf[0] = '\0';
	for (int k = 0; k < KEYMAP_KEYS && e->keys[k]; k++) {
		char tmp[16];
		const char *name = keymap_key_name(e->keys[k], tmp);
		if (name == NULL)
			continue;
		int n = snprintf(buf + o, (size_t)(size - o), "%s%s",
				 o ? ", " : "", name);
		if (n < 0 || n >= size - o)
			break;
		o += n;
	}
}
