/* keymap: every action the browser has, its keys and its help, in one table
 * that drives both the dispatcher and the help screen. */
#ifndef SKED_TUI_KEYMAP_H
#define SKED_TUI_KEYMAP_H

enum tui_action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HALF_UP,
	ACT_HALF_DOWN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_OPEN,
	ACT_BACK,
	ACT_NEXT_DAY,
	ACT_PREV_DAY,
	ACT_DAY_N,
	ACT_NEXT_SESSION,
	ACT_PREV_SESSION,
	ACT_DAY_VIEW,
	ACT_TRACKS,
	ACT_SPEAKERS,
	ACT_UNSCHEDULED,
	ACT_SEARCH,
	ACT_STAR,
	ACT_AGENDA,
	ACT_EXPORT,
	ACT_NEXT_RESULT,
	ACT_PREV_RESULT,
	ACT_ZONE,
	ACT_PROGRAM,
	ACT_UPDATE,
	ACT_FILTER,
	ACT_FILTER_CLEAR,
	ACT_REDRAW,
	ACT_HELP,
	ACT_QUIT,
	ACT_QUIT_NOW,
	ACT_GRID,
	ACT_HIDE_ROOM,
	ACT_SHOW_ROOMS,
	ACT_PREV_PROGRAM,
	ACT_PICK_PROGRAM,
	ACT_OPEN_LINK,
	ACT_GO_TRACK,
	ACT_GO_ROOM,
	ACT_GO_SPEAKER,
	ACT_ROOMS,
	ACT_NOW_GROUP,
	ACT_TRACK_INFO,
	ACT_CHANGES,
	ACT_COUNT
};

enum { KEYMAP_KEYS = 9 };

struct keymap_entry {
	enum tui_action action;
	const char *name;       /* for docs: "move-down" */
	int keys[KEYMAP_KEYS];  /* curses key codes, 0-terminated */
	const char *label;      /* how help shows the keys; NULL: from keys */
	const char *help;
};

/* The table: the defaults, then the config file's keys once
 * keymap_apply() ran (every reader sees the user's keys). */
extern struct keymap_entry keymap[];
extern const int keymap_size;

/* The action bound to a key, or ACT_NONE. */
enum tui_action keymap_lookup(int key);
/* A key's name as help shows it ("j", "Down", "Ctrl-d"); a static string
 * or buf. */
const char *keymap_key_name(int key, char buf[16]);
/* The keys of an entry as help shows them, into buf. */
void keymap_keys_label(const struct keymap_entry *e, char *buf, int size);
/* The position of key among action a's keys (day-n: 0 for its first,
 * "1"), or -1. */
int keymap_key_index(enum tui_action a, int key);

struct config;
/* Gives each action the config binds the user's keys instead of its
 * defaults; a key the user gives one action is taken from the action
 * that had it by default (config_load refused a key given twice). Once,
 * before the browser starts. */
void keymap_apply(const struct config *c);
/* The curses codes of a config key code (config.h) into out: Enter is
 * also Return and the keypad's Enter, Backspace also KEY_BACKSPACE.
 * Returns how many (0: none). */
int keymap_from_config(int key, int out[3]);
/* The config key code of a curses code, or -1 for the curses codes that
 * only repeat another (KEY_ENTER beside Enter) or have no name. */
int keymap_to_config(int key);

#endif
