/* config: the user's settings, read from $XDG_CONFIG_HOME/sked/config (else
 * ~/.config/sked/config), a YAML mapping read with libyaml (sked(5),
 * CONFIGURATION). No curses here: colours are numbers (-1 the terminal's
 * own), keys are config key codes, actions are names the caller gives;
 * the browser maps them onto its keymap table and colour pairs.
 *
 * A bad file never stops sked: each error is reported at file:line:column
 * with what was expected, and the setting it was about keeps its default
 * (the rest of the file still counts). */
#ifndef SKED_CONFIG_H
#define SKED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"

enum config_theme {
	CONFIG_THEME_DEFAULT, /* readable on light and dark terminals alike */
	CONFIG_THEME_DARK,
	CONFIG_THEME_LIGHT,
	CONFIG_THEME_MONO,    /* attributes only: bold, reverse, underline */
	CONFIG_THEME_COUNT
};

/* What the browser colours, by the names the file gives them. */
enum config_element {
	CONFIG_EL_HEADER,    /* the top line */
	CONFIG_EL_TAB,       /* the current day's tab in it */
	CONFIG_EL_HEADING,   /* day, time and group headings */
	CONFIG_EL_DIM,       /* secondary text: rooms, speakers, counts */
	CONFIG_EL_FOOTER,    /* the status line at the bottom */
	CONFIG_EL_SELECTION, /* the selected row */
	CONFIG_EL_HIGHLIGHT, /* search matches */
	CONFIG_EL_STAR,      /* starred sessions' mark */
	CONFIG_EL_CONFLICT,  /* conflicting sessions' mark */
	CONFIG_EL_NOW,       /* the line of the current time */
	CONFIG_EL_COUNT
};

/* Colours: 0-255 (0-7 the basic eight, 8-15 their bright forms), or the
 * terminal's default foreground or background. */
enum { CONFIG_COLOR_UNSET = -2, CONFIG_COLOR_DEFAULT = -1 };
enum {
	CONFIG_ATTR_BOLD = 1,
	CONFIG_ATTR_UNDERLINE = 2,
	CONFIG_ATTR_REVERSE = 4,
	CONFIG_ATTR_DIM = 8,
};

/* An element's look, written "[FG] [on BG] [bold] [underline] [reverse]
 * [dim]" ("black on yellow bold", "214", "reverse"). */
struct config_style {
	short fg, bg; /* CONFIG_COLOR_UNSET: not said */
	int attrs;    /* CONFIG_ATTR_* */
};

enum config_view {
	CONFIG_VIEW_DAY, /* the default */
	CONFIG_VIEW_GRID,
	CONFIG_VIEW_NOW,
	CONFIG_VIEW_AGENDA,
	CONFIG_VIEW_TRACKS,
	CONFIG_VIEW_SPEAKERS,
	CONFIG_VIEW_ROOMS,
	CONFIG_VIEW_UNSCHEDULED,
	CONFIG_VIEW_COUNT
};

/* Key codes: ASCII as itself (Ctrl-a..Ctrl-z 1-26, Tab 9, Enter 10,
 * Esc 27, Space 32, Backspace 127), then the named keys. */
enum {
	CONFIG_KEY_UP = 256,
	CONFIG_KEY_DOWN,
	CONFIG_KEY_LEFT,
	CONFIG_KEY_RIGHT,
	CONFIG_KEY_PGUP,
	CONFIG_KEY_PGDN,
	CONFIG_KEY_HOME,
	CONFIG_KEY_END,
	CONFIG_KEY_INSERT,
	CONFIG_KEY_DELETE,
	CONFIG_KEY_BTAB, /* Shift-Tab */
	CONFIG_KEY_F1,   /* F1..F12 follow */
	CONFIG_KEY_LAST = CONFIG_KEY_F1 + 11,
};

enum { CONFIG_MAX_KEYS = 9, CONFIG_MAX_TRACKS = 32 };

/* An action's keys as the file gives them (they replace its defaults). */
struct config_binding {
	char *action; /* owned; one of the names config_load was given */
	int keys[CONFIG_MAX_KEYS];
	int n;        /* 0: the action is left without a key */
	unsigned line;
};

/* Where a value came from: 0 the default, else its line in the file. */
struct config {
	char *path;  /* the file looked for (owned), NULL: no home directory */
	bool found;  /* the file was there and read */
	enum config_theme theme;
	unsigned theme_line;
	struct config_style colors[CONFIG_EL_COUNT];
	unsigned color_line[CONFIG_EL_COUNT];
	short tracks[CONFIG_MAX_TRACKS]; /* track colours, in order */
	int n_tracks;                    /* 0: the theme's */
	unsigned tracks_line;
	char *timezone; /* owned: "conference", "local" or an IANA name
			 * (checked); NULL: the default, the conference's */
	unsigned timezone_line;
	int alarm;      /* minutes before each session; -1: none */
	unsigned alarm_line;
	enum config_view view;
	unsigned view_line;
	struct config_binding *keys; /* owned */
	size_t n_keys;
};

/* The defaults: no file read. */
void config_init(struct config *c);
void config_finish(struct config *c);

/* Where the file is: $XDG_CONFIG_HOME/sked/config, else
 * ~/.config/sked/config; a string the caller frees, or NULL when neither
 * variable is set to an absolute path. */
char *config_default_path(void);

/* Reads the file at path into c (from config_init). A missing file is no
 * error (c->found stays false). Each error goes to diags at
 * file:line:column and leaves that setting at its default. actions (n of
 * them) are the names keys may bind. Returns false when the file had
 * errors (or could not be read). */
bool config_load(struct config *c, const char *path,
		 const char *const *actions, size_t n_actions,
		 struct diag_list *diags);
/* The same over text already in memory (file names it in messages). */
bool config_parse(struct config *c, const char *file, const char *text,
		  size_t len, const char *const *actions, size_t n_actions,
		  struct diag_list *diags);

const char *config_theme_name(enum config_theme t);
const char *config_element_name(enum config_element e);
const char *config_view_name(enum config_view v);

/* A key's name as the file and the help screen spell it ("j", "Down",
 * "Ctrl-d", "Space"), in buf or a static string. */
const char *config_key_name(int key, char buf[16]);
/* A key name's code, or -1. */
int config_key_parse(const char *name);
/* Why a binding cannot have key name `name` (a static string), or NULL:
 * a Ctrl key the terminal keeps (Ctrl-c, Ctrl-z, Ctrl-\\, Ctrl-s, Ctrl-q)
 * or one that is a named key's byte (Ctrl-m and Ctrl-j: Enter; Ctrl-i:
 * Tab; Ctrl-[: Esc). */
const char *config_key_refused(const char *name);
/* A colour's name ("red", "214", "default"), in buf or a static string. */
const char *config_color_name(short color, char buf[8]);
/* A style as the file writes it, into buf; "" for none. */
void config_style_format(const struct config_style *s, char *buf,
			 size_t size);

/* The alarm's bounds (export.h's): minutes before a session. */
enum { CONFIG_ALARM_MAX = 10080 };

#endif
