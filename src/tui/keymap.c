#include "keymap.h"

#include <assert.h>
#include <stdbool.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "sked/config.h"
#include "sked/tui.h"

#define CTRL(c) ((c) & 0x1f)

/* The default bindings (keymap_apply puts the user's in). */
struct keymap_entry keymap[] = {
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
	 "grid: hide the selected session's room, or track in a grid of "
	 "tracks (remembered)"},
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
	 "your agenda: starred sessions, ! marks clashes"},
	{ACT_EXPORT, "export", {'e'}, NULL,
	 "export your agenda as an iCalendar file"},
	{ACT_NEXT_RESULT, "next-result", {'n'}, NULL,
	 "next search result; with no search, the now view: what runs now "
	 "and next"},
	{ACT_PREV_RESULT, "previous-result", {'N'}, NULL,
	 "previous search result"},
	{ACT_ZONE, "time-zone", {'z'}, NULL,
	 "show times in the conference zone or yours (the config's "
	 "timezone, else the local zone)"},
	{ACT_PROGRAM, "next-program", {'c'}, NULL,
	 "next loaded program (conference)"},
	{ACT_PREV_PROGRAM, "previous-program", {'C'}, NULL,
	 "previous loaded program"},
	{ACT_PICK_PROGRAM, "programs", {'P'}, NULL,
	 "the programs, with their dates: Enter switches"},
	{ACT_UPDATE, "update", {'U'}, NULL,
	 "update a followed program from its URL (and show what changed)"},
	{ACT_CHANGES, "changes", {'w'}, NULL,
	 "the last changes an update made to your starred sessions"},
	{ACT_FILTER, "filter", {'f'}, NULL,
	 "filters: show only some tracks, rooms, languages, types"},
	{ACT_FILTER_CLEAR, "clear-filters", {'F'}, NULL,
	 "clear every filter (show all sessions)"},
	{ACT_REDRAW, "redraw", {CTRL('l')}, NULL, "redraw; read stars saved elsewhere"},
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
	/* An action the user's keys left without one. */
	snprintf(buf, (size_t)size, "%s", e->keys[0] ? "" : "(no key)");
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

int
keymap_key_index(enum tui_action a, int key)
{
	for (int i = 0; i < keymap_size; i++)
		if (keymap[i].action == a)
			for (int k = 0; k < KEYMAP_KEYS && keymap[i].keys[k]; k++)
				if (keymap[i].keys[k] == key)
					return k;
	return -1;
}

/* Config key codes beyond ASCII and their curses codes. */
static const struct {
	int config, curses;
} keymap_named[] = {
	{CONFIG_KEY_UP, KEY_UP},       {CONFIG_KEY_DOWN, KEY_DOWN},
	{CONFIG_KEY_LEFT, KEY_LEFT},   {CONFIG_KEY_RIGHT, KEY_RIGHT},
	{CONFIG_KEY_PGUP, KEY_PPAGE},  {CONFIG_KEY_PGDN, KEY_NPAGE},
	{CONFIG_KEY_HOME, KEY_HOME},   {CONFIG_KEY_END, KEY_END},
	{CONFIG_KEY_INSERT, KEY_IC},   {CONFIG_KEY_DELETE, KEY_DC},
	{CONFIG_KEY_BTAB, KEY_BTAB},
};

int
keymap_from_config(int key, int out[3])
{
	if (key == '\n') {
		out[0] = '\n', out[1] = '\r', out[2] = KEY_ENTER;
		return 3;
	}
	if (key == 127) {
		out[0] = KEY_BACKSPACE, out[1] = 127;
		return 2;
	}
	if (key >= CONFIG_KEY_F1 && key <= CONFIG_KEY_LAST) {
		out[0] = KEY_F(key - CONFIG_KEY_F1 + 1);
		return 1;
	}
	for (size_t i = 0; i < sizeof(keymap_named) / sizeof(keymap_named[0]); i++)
		if (keymap_named[i].config == key) {
			out[0] = keymap_named[i].curses;
			return 1;
		}
	if (key > 0 && key < 128) {
		out[0] = key;
		return 1;
	}
	return 0;
}

int
keymap_to_config(int key)
{
	if (key == '\r' || key == KEY_ENTER || key == 127)
		return -1; /* beside Enter, Backspace */
	if (key == KEY_BACKSPACE)
		return 127;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		return CONFIG_KEY_F1 + key - KEY_F(1);
	for (size_t i = 0; i < sizeof(keymap_named) / sizeof(keymap_named[0]); i++)
		if (keymap_named[i].curses == key)
			return keymap_named[i].config;
	return key > 0 && key < 128 ? key : -1;
}

/* The entries that lost a default key to the user's keys of another. */
static bool keymap_lost[ACT_COUNT];

/* Takes key out of entry e's keys. */
static void
keymap_drop(struct keymap_entry *e, int key)
{
	int n = 0;
	for (int k = 0; k < KEYMAP_KEYS && e->keys[k]; k++)
		if (e->keys[k] != key)
			e->keys[n++] = e->keys[k];
		else
			keymap_lost[e - keymap] = true;
	while (n < KEYMAP_KEYS)
		e->keys[n++] = 0;
}

void
keymap_apply(const struct config *c)
{
	bool user[ACT_COUNT] = {false};
	for (size_t b = 0; b < c->n_keys; b++)
		for (int i = 0; i < keymap_size; i++)
			if (strcmp(keymap[i].name, c->keys[b].action) == 0)
				user[i] = true;
	for (size_t b = 0; b < c->n_keys; b++) {
		const struct config_binding *cb = &c->keys[b];
		int i = 0;
		while (i < keymap_size && strcmp(keymap[i].name, cb->action) != 0)
			i++;
		if (i == keymap_size)
			continue; /* config_load checked the names */
		int keys[KEYMAP_KEYS] = {0}, n = 0;
		for (int k = 0; k < cb->n; k++) {
			int codes[3];
			int m = keymap_from_config(cb->keys[k], codes);
			for (int j = 0; j < m && n < KEYMAP_KEYS; j++) {
				keys[n++] = codes[j];
				/* The user's key is no longer another's. */
				for (int o = 0; o < keymap_size; o++)
					if (!user[o])
						keymap_drop(&keymap[o], codes[j]);
			}
		}
		memcpy(keymap[i].keys, keys, sizeof(keys));
		keymap[i].label = NULL; /* "1-9" no longer says them */
	}
}

const char *const *
tui_action_names(size_t *n)
{
	static const char *names[ACT_COUNT];
	for (int i = 0; i < keymap_size; i++)
		names[i] = keymap[i].name;
	*n = (size_t)keymap_size;
	return names;
}

void
tui_keys_apply(const struct config *c)
{
	keymap_apply(c);
}

bool
tui_action_lost_keys(size_t i)
{
	return i < (size_t)keymap_size && keymap_lost[i];
}

size_t
tui_action_keys(size_t i, int *keys, size_t max)
{
	size_t n = 0;
	if (i >= (size_t)keymap_size)
		return 0;
	for (int k = 0; k < KEYMAP_KEYS && keymap[i].keys[k] && n < max; k++) {
		int key = keymap_to_config(keymap[i].keys[k]);
		if (key >= 0)
			keys[n++] = key;
	}
	return n;
}
