/* The browser's internal pieces: state, views, drawing. */
#ifndef SKED_TUI_INTERNAL_H
#define SKED_TUI_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "sked/agenda.h"
#include "sked/arena.h"
#include "sked/build.h"
#include "sked/follow.h"
#include "sked/format.h"
#include "sked/tui.h"
#include "sked/program.h"
#include "sked/search.h"
#include "sked/tz.h"
#include "sked/viewstate.h"

/* Minimum terminal size; below it a "too small" screen is shown. */
enum { TUI_MIN_COLS = 40, TUI_MIN_LINES = 10 };

enum view_kind {
	VIEW_DAY,
	VIEW_TRACKS,
	VIEW_TRACK,
	VIEW_SPEAKERS,
	VIEW_SPEAKER,
	VIEW_UNSCHEDULED,
	VIEW_DETAIL,
	VIEW_HELP,
	VIEW_RESULTS,
	VIEW_AGENDA,
	VIEW_CHANGES, /* what the last update changed (update.c) */
	VIEW_FILTER,  /* the filters' kinds and values (filter.c) */
	VIEW_GRID,    /* a day as a grid of rooms and times (grid.c) */
	VIEW_PROGRAMS, /* the programs picker (picker.c) */
	VIEW_LINKS,    /* a session's links, to open one (arg: session) */
	VIEW_PEOPLE_OF, /* a session's speakers and authors (arg: session) */
	VIEW_ROOM,     /* a room's sessions (arg: room; detail.c) */
	VIEW_NOW,     /* what runs now and next, per room or track (now.c) */
	VIEW_ROOMS,   /* the rooms and their session counts (rooms.c) */
	VIEW_TRACK_INFO, /* a track's description and leads (arg: track;
			  * track.c) */
};

enum row_kind {
	/* A time, day or group heading (not selectable); count: its last
	 * bytes kept when it is cut (a group's session count). */
	ROW_HEADING,
	ROW_TEXT,    /* wrapped text (not selectable) */
	ROW_SESSION, /* index: a session of the program */
	ROW_TRACK,   /* index: a track */
	ROW_PERSON,  /* index: a person of the people index */
	/* index: a value of the filter view's list (filter.c); text its
	 * label, line the name beside it (a track's) or NULL, count its
	 * sessions, attr TEXT_ATTR_BOLD when in force; the view's note_w:
	 * the labels' column beside names. */
	ROW_FILTER,
	/* index: a choice of a picker (text: what it says; count: its last
	 * bytes kept when it is cut, a year) */
	ROW_CHOICE,
	ROW_ROOM,    /* index: a room */
	/* A star on an id the program no longer has (the agenda view): text
	 * what it says, line the id (NUL-terminated); s unstars it. */
	ROW_GONE,
};

/* A value of a search field within a text (bytes). */
struct row_value {
	size_t off, len;
};

struct row {
	enum row_kind kind;
	int attr;          /* ROW_TEXT/HEADING: TEXT_ATTR_* */
	size_t index;      /* what the row shows (see row_kind) */
	const char *text;  /* ROW_TEXT/HEADING: not NUL-terminated */
	size_t len;
	int indent;
	size_t count;      /* ROW_TRACK/PERSON: their sessions; ROW_SESSION in
			    * a view with time_headings: the sessions
			    * starting with it when it is the first of them
			    * (its time shown), else 0 */
	int field;         /* ROW_TEXT: the search_field it shows, or -1 */
	/* ROW_TEXT with a field: the whole text the row is a line of, and
	 * where in it the field's values are (matched one by one). */
	const char *line;
	const struct row_value *values;
	size_t n_values;
	/* ROW_SESSION in a search across programs: 1 + the program the
	 * session is of; 0: the current program. */
	size_t prog;
	/* ROW_SESSION: what is said before the session ("12 min left"), in
	 * a column of the view's note_w (the now view), or NULL. */
	const char *note;
	/* The row goes on with the line of text of the row before, though
	 * wrapped apart (help's keys over what they do, on a narrow
	 * screen): one line where a new width keeps the line at the top. */
	bool joined;
};

enum { TEXT_ATTR_PLAIN, TEXT_ATTR_BOLD, TEXT_ATTR_DIM, TEXT_ATTR_TITLE,
       TEXT_ATTR_NOW /* a heading drawn as the line of the current time */ };

/* Everyone who speaks or writes in a program, sorted by family name. */
struct person {
	const char *name;
	const char *id;          /* the feed's person id: namesakes stay apart */
	const char *affiliation; /* the first one given, or NULL */
	/* Family name and given names, folded (fold_key): the order. */
	const char *sort_family, *sort_given;
	size_t sessions;
	const size_t *session_list; /* their sessions' indices, ascending */
};

struct people {
	struct person *v;
	size_t n;
};

/* A view: what it shows, its rows and where the cursor is. */
struct view {
	enum view_kind kind;
	size_t arg;   /* day, track, person or session index */
	struct row *rows;
	size_t n_rows;
	size_t sel;   /* selected row (a selectable one, when any) */
	size_t top;   /* first row shown */
	bool follow;  /* keep the selection on screen (set once it moves) */
	bool time_headings; /* sessions grouped by start time, the time
			     * said once per group, in its first row */
	size_t cap_rows;
	struct arena *arena; /* text the rows point into, owned */
	int width;    /* the width it was built for */
	/* Session rows: the widest track id, room name and time among them
	 * (-1: not measured, the program's widest then); and the widest
	 * time with its offsets brief (FORMAT_WHEN_BRIEF), for a narrow
	 * screen. */
	int track_w, room_w, time_w, time_brief_w;
	/* VIEW_GRID: its layout (grid.h; in the arena) and the first column
	 * shown (top is its first line shown). */
	struct grid *grid;
	size_t left;
	int note_w;   /* the columns of the session rows' notes; VIEW_TRACKS:
		       * of its widest track name */
	int count_w;  /* VIEW_TRACKS: the digits of its largest count */
	int64_t built_minute; /* the now view: the minute it says (now.c) */
};

enum { TUI_MAX_DEPTH = 16 };

struct tui_update;

/* The most day tabs the header line shows at once. */
enum { TUI_MAX_TABS = 32 };
/* A session that matches the search, in tui.matches (beside its fields'
 * bits). */
enum { TUI_MATCHED = 1 << SEARCH_NFIELDS };
_Static_assert(TUI_MATCHED <= UINT16_MAX, "tui.matches holds 16 bits");

struct tui {
	struct program **programs;
	size_t n_programs;
	size_t cur;           /* current program */
	struct people *people; /* per program, built on first use */
	struct arena *arena;  /* lives as long as the browser */
	bool local_zone;      /* show times in the user's zone */
	const struct tz_zone *local;
	struct view stack[TUI_MAX_DEPTH];
	int depth;
	struct tz_wall now;   /* --now, read in the current program's zone */
	bool now_given;
	char message[1024];   /* one-shot status message */
	int above;            /* lines over the body's last rows that a long
			       * message (or the export's reason) holds in
			       * the frame drawn last (draw.c) */
	/* What opening the programs had to say (tui_startup_notice): the
	 * first shows in the status line, with a count of the others; those
	 * kept here are said again on standard error when the browser
	 * ends. */
	char **notices;
	size_t n_notices, n_startup;
	bool colors;
	int track_colors;     /* colour pairs for tracks */
	/* Per program, built on first use (theme.c): each track's rank
	 * among those with sessions, -1 for the others. */
	int **track_rank;
	/* The user's settings (config.h), NULL: the defaults. */
	const struct config *config;
	/* Day tabs on the header line, for mouse clicks: where each is,
	 * and its day. */
	int tab_x[TUI_MAX_TABS], tab_w[TUI_MAX_TABS], tab_day[TUI_MAX_TABS];
	int n_tabs;
	/* The columns of the tabs' "<" and ">" (more days before and
	 * after those shown), -1 when not drawn: a click goes a day back
	 * or on, as [ and ] do. */
	int tab_less_x, tab_more_x;
	int lines, cols;
	/* Search: the query in force (the last valid one), its results in
	 * the current program, and the query line while it is open. */
	struct search_query *query;
	struct search_index **index; /* per program, built on first use */
	/* Per program: its sessions (in its order) below this are in its
	 * index already (tui_search_open fills ahead). */
	size_t *prepared;
	/* Per program, per session: the search covers every program. A
	 * session's entry: 0, or TUI_MATCHED with a bit (1 << field) for
	 * each field a term of the query matched (search_result.fields),
	 * which its row in the results shows (why.c). */
	uint16_t **matches;
	size_t n_results;            /* in all programs */
	/* A query typed runs a part at a time (search.c), so that a large
	 * program's search never holds a keystroke's frame: while searching,
	 * program search_k is searched from position search_pos of its
	 * order on, the programs before it are done and matches holds the
	 * results so far. */
	bool searching;
	size_t search_k, search_pos;
	/* Meanwhile, the query in force before and its results: back in
	 * force when a limit stops the new one (as with a query that does
	 * not compile), freed when it ends. */
	struct search_query *prev_query;
	uint16_t **prev_matches;
	size_t prev_results;
	double search_shown_ms; /* when the results view was last rebuilt */
	bool typing;
	char input[SEARCH_MAX_QUERY + 1];
	size_t input_len;
	size_t input_pos;  /* the cursor, in bytes (tui_edit) */
	size_t input_scroll; /* the first byte shown (draw.c) */
	char input_error[300];
	/* Where in the query its error is (bytes), marked on the line;
	 * SIZE_MAX: nowhere in particular (a limit that stopped a search). */
	size_t input_error_at;
	bool help_resumes;           /* help opened from the line (F1) */
	char **history;              /* oldest first */
	size_t n_history;
	size_t history_pos;          /* == n_history: the line being typed */
	/* The line being typed when Up left it for the history: Down past
	 * the newest entry brings it back (readline, mutt). */
	char history_draft[SEARCH_MAX_QUERY + 1];
	char *history_path;
	/* Agendas, per program: NULL when the file could not be read (then
	 * nothing may overwrite it); stars and conflicts per session. */
	struct agenda **agendas;
	bool **starred, **conflict;
	size_t *conflicts;
	/* The export prompt. */
	bool exporting;
	char export_path[4096];
	size_t export_len, export_pos, export_scroll;
	/* Why the last Enter wrote nothing (the prompt stays open, the
	 * path to mend), or "". */
	char export_error[512];
	/* The path the last export of this run went to, and its program's
	 * id: what the prompt offers again for that program. */
	char export_last[4096];
	char export_last_id[PROGRAM_MAX_ID + 1];
	/* Updates (update.c): how programs are read (--timezone); the
	 * followed programs' list; per program, its entry there (NULL: a
	 * bundled program or a file, which U cannot update), whether it is
	 * bundled, when its copy was last known current and the last
	 * update's error (NULL: it went through). */
	const struct build_options *build;
	struct follow_list follows;
	const struct follow_entry **followed;
	bool *bundled;
	int64_t *copy_time;
	char **update_error; /* the last update's failure, without its URL */
	struct tui_update *update; /* the update running, or NULL */
	/* The changes view's text (changes_print's lines) and program id. */
	char *changes_text;
	char changes_id[FOLLOW_MAX_ID + 1];
	/* Per program, what is remembered of it between runs (viewstate.h:
	 * the grid's hidden rooms, filters), loaded by filter.c; views_keep[k]
	 * false when its file could not be read (nothing overwrites it then).
	 * shown[k]: per session, whether it passes the filters, NULL when no
	 * filter is in force (tui_shown asks it). */
	struct viewstate *views;
	bool *views_keep;
	bool **shown;
	/* Links (links.c): whether the terminal shows OSC 8 hyperlinks;
	 * the link openers started, reaped as they end. */
	bool hyperlinks;
	int *openers;
	size_t n_openers;
	bool now_by_track; /* the now view groups by track, not by room */
	/* The day the day list or the grid showed last: where q, Esc and
	 * h go back to from the views at the top (tracks, now...). */
	size_t day_shown;
	/* The program opened on another view than day_shown's list (its
	 * sessions without a time, the config's view): Tab and Shift-Tab
	 * go to day_shown first, not past it. */
	bool day_unseen;
	/* The session selected in the day list or the grid when a view at
	 * the top replaced it (+1; 0: none), in program day_sel_prog: where
	 * going back puts the selection when the view left has no session
	 * of that day (the rooms, the now view's heading). */
	size_t day_sel;
	size_t day_sel_prog;
};

static inline struct program *
tui_program(const struct tui *t)
{
	return t->programs[t->cur];
}

static inline struct view *
tui_view(struct tui *t)
{
	return &t->stack[t->depth - 1];
}

/* tui.c: the state on an initialised curses screen, its first view
 * built; keys; and the end. tui_key() returns false to quit. */
void tui_init(struct tui *t, struct program **programs, size_t n,
	      const struct tui_options *o);
bool tui_key(struct tui *t, int key);
/* The one-shot status message, cut to its buffer where it must be (a
 * notice of any length after a program's id), never inside a
 * character, and then ending in "…" (the whole of a long message is
 * shown: a cut should say so; messages written with snprintf of short,
 * bounded text do not need it). */
void tui_say(struct tui *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* buf[0..size), which a vsnprintf of n bytes (its return) filled, cut
 * as tui_say cuts when n did not fit. */
void tui_cut(char *buf, size_t size, int n);
/* A notice while the browser opens (an agenda or a view file set
 * aside, a bad config): shown first if none was, else counted in the
 * status line. When there is more than one, those given with again
 * (not printed before the screen was set up) are said on standard
 * error when the browser ends. */
void tui_startup_notice(struct tui *t, const char *msg, bool again);
void tui_finish(struct tui *t);
/* Opens the current program as the browser starts: on today's day at
 * what runs now or next when the conference is on, else on its first day
 * with sessions; then the config's first view, or the sessions without a
 * time when none has one. */
void tui_open_program(struct tui *t);

/* The zone times are shown in. */
const struct tz_zone *tui_zone(const struct tui *t);

/* view.c */
void view_build(struct tui *t, struct view *v, int width);
/* A new row at the end of v (filter.c builds its view with it). */
struct row *view_add(struct view *v, enum row_kind kind);
void view_free(struct view *v);
bool view_selectable(const struct row *r);
/* Moves the selection by delta selectable rows (clamped). */
void view_move(struct view *v, long delta);
void view_select_first(struct view *v);
void view_select_last(struct view *v);
/* Whether session i of the current program is starred / in conflict. */
bool tui_starred(const struct tui *t, size_t i);
/* Whether session i of the current program passes the filters in force
 * (every view lists only the sessions it passes; with no filter, all). */
bool tui_shown(const struct tui *t, size_t i);
/* The same for session i of program k (the search covers them all). */
bool tui_shown_in(const struct tui *t, size_t k, size_t i);
bool tui_conflict(const struct tui *t, size_t i);
/* Whether session i of the current program matches the search. */
bool tui_matches(const struct tui *t, size_t i);
/* The fields the search's terms matched in session i of the current
 * program: a bit (1 << field) each; 0 when none or it does not match. */
unsigned tui_match_fields(const struct tui *t, size_t i);

/* view.c: building rows, for the views built in other files. */
struct row *view_add(struct view *v, enum row_kind kind);
__attribute__((format(printf, 4, 5))) void
view_addf(struct view *v, enum row_kind kind, int attr, const char *fmt, ...);
/* A piece of a text line: a value of the line's search field, which the
 * search matches and highlights on its own (a title, a name, an
 * affiliation), or not (a label, punctuation). */
struct piece {
	const char *s;
	bool value;
};
void view_add_pieces(struct view *v, const struct piece *pc, size_t n_pc,
		     int indent, int attr, int field);
/* The same for a value that is one line (a name, a room, a URL): a line
 * break in it shows as a space, as in the lists, and only the width
 * wraps it. */
void view_add_one_line(struct view *v, const struct piece *pc, size_t n_pc,
		       int indent, int attr, int field);
void view_add_wrapped(struct view *v, const char *text, int indent, int attr,
		      int field);
void view_add_labelled(struct view *v, const char *label, const char *value,
		       int attr, int field);
void view_sessions(struct tui *t, struct view *v,
		   bool (*keep)(const struct program_session *, size_t,
				const void *),
		   size_t arg, const void *ctx, bool day_headings,
		   bool time_headings);

/* track.c: a track's description and leads (i), and the line that
 * says so at the top of the track's sessions; whether it has either. */
bool track_has_info(const struct program_track *tr, const struct program *p);
void track_info_hint(const struct program_track *tr, const struct program *p,
		     struct view *v);
void track_info_build(struct tui *t, struct view *v);
void tui_track_info(struct tui *t);

/* detail.c: a session's detail, a room's sessions, the people of a
 * session. */
void view_build_detail(struct tui *t, struct view *v);
void view_build_room(struct tui *t, struct view *v);
void view_build_people_of(struct tui *t, struct view *v);
/* The person of the people index that is who, or (size_t)-1. */
size_t tui_person_index(struct tui *t, const struct program_person *who);
/* T, R, S in a session's detail: its track, its room, its speakers'
 * sessions (a choice of them when several). */
void tui_go_track(struct tui *t);
void tui_go_room(struct tui *t);
void tui_go_speaker(struct tui *t);

/* help.c: the keys, those of the view help was opened from first, and
 * the search's syntax (arg: the view kind it was opened from). */
void view_build_help(struct tui *t, struct view *v);

/* picker.c: the programs, with their dates; c, C and Enter switch. */
void view_build_programs(struct tui *t, struct view *v);
/* Shows program k as tui_open_program does (the search stays in
 * force). */
void tui_switch_program(struct tui *t, size_t k);
/* Enter on a search result of program k (not the current one). */
void tui_open_in(struct tui *t, size_t k, size_t session);
/* Enter on a choice of a picker. */
void tui_choose(struct tui *t, const struct row *r);

/* links.c: a session's links, opened with o (through $BROWSER or
 * xdg-open, never a shell), and drawn as OSC 8 hyperlinks. */
struct tui_link {
	const char *label; /* "URL", "Slides", a speaker's name... */
	const char *url;
};
/* The links of session s of program p, into out (at most max). */
size_t links_of(const struct program *p, const struct program_session *s,
		struct tui_link *out, size_t max);
void view_build_links(struct tui *t, struct view *v);
/* o: the link of the session shown or selected, a choice when several. */
void tui_open_link(struct tui *t);
/* Starts $BROWSER (else xdg-open) on url, an http, https or mailto URL,
 * and says so in the status line. */
void links_open(struct tui *t, const char *url);
/* Whether the terminal shows OSC 8 hyperlinks (from the environment). */
bool links_hyperlinks_supported(void);
/* After a frame is drawn: the links on screen made hyperlinks. */
void links_draw_hyperlinks(struct tui *t);
/* Reaps the openers that ended (never waits); all == at the end. */
void links_reap(struct tui *t, bool all);
/* The OSC 8 sequence opening a hyperlink to url into buf (size at
 * least 16 + 3 * strlen(url)), every byte a URI cannot hold (ESC, any
 * control, space, quote) percent-encoded; "" when url is no http, https
 * or mailto URL. */
void links_osc8_open(const char *url, char *buf, size_t size);

/* tui.c: the view stack, shared with the search. */
struct view *tui_push(struct tui *t, enum view_kind kind, size_t arg);
/* Replaces the whole stack with one top-level view. */
struct view *tui_top(struct tui *t, enum view_kind kind, size_t arg);
void tui_rebuild_all(struct tui *t);
void tui_open(struct tui *t);
/* Closes the prompt open (query line or export path), as Esc does;
 * returns whether there was one. */
bool tui_prompt_cancel(struct tui *t);

/* nav.c: moves between views and through them. */
/* In a session's detail: the next or previous session of the list it was
 * opened from. */
void tui_step_session(struct tui *t, long delta);
/* Opens day `day` as a list (VIEW_DAY) or a grid (VIEW_GRID). */
struct view *tui_go_day_as(struct tui *t, long day, enum view_kind kind);
/* Another day, in the grid when the grid is what is open. */
void tui_go_day(struct tui *t, long day);
/* The day shown, or the one the views below come from, else the one
 * shown last (a view at the top: the tracks, the now view...). */
long tui_current_day(const struct tui *t);
/* Moves through a view: lists move the selection, texts scroll. A list
 * opens at its top (a track's description first); the first move brings
 * the selection into view, and moving up past the first item scrolls back
 * to the text above it. */
void tui_move(struct tui *t, long delta);
/* n and N: the next or previous session that matches, in the list shown
 * (wrapping around), or in a detail, among the results of the program. */
void tui_step_result(struct tui *t, long dir);
/* The day list (kind VIEW_DAY) or the grid (VIEW_GRID) of the day shown,
 * at the session selected when it is on that day, else where that list
 * was when a view at the top replaced it. */
struct view *tui_day_at(struct tui *t, enum view_kind kind);
/* q, Esc, h: back to the view below; from a view at the top (the grid,
 * tracks, the now view...) to the day list, the home view, as in mutt
 * and htop. In the day list, Esc ends the search in force (the header
 * shows it); returns false there: q quits only from the day list. */
bool tui_back(struct tui *t);

/* search.c: the query line and its history. */
bool tui_search_run(struct tui *t, struct search_query *q,
		    struct search_error *err);
void tui_search_clear(struct tui *t);
/* Goes on with a search running (t->searching) for about budget_ms, and
 * rebuilds the results view with what it found; the browser's loop calls
 * it while no key comes. */
void tui_search_step(struct tui *t, double budget_ms);
void tui_search_open(struct tui *t);
void tui_search_leave(struct tui *t);
void tui_history_load(struct tui *t);
void tui_input_key(struct tui *t, int key);
/* After a key: back from the help F1 opened on the query line, the line
 * open again. */
void tui_search_resume(struct tui *t);
/* Edits a line of input buf[0..*len) whose cursor is at byte *pos (a
 * character's start) with a key: typed bytes go in at the cursor;
 * Backspace and Delete (Ctrl-D) take the character before and at it,
 * Ctrl-W the word before it, Ctrl-U all before it, Ctrl-K all after it;
 * Left and Right (Ctrl-B, Ctrl-F) move it a character, Home and End
 * (Ctrl-A, Ctrl-E) to the ends. */
enum tui_edit { TUI_EDIT_NONE, TUI_EDIT_MOVED, TUI_EDIT_CHANGED };
enum tui_edit tui_edit(char *buf, size_t *len, size_t *pos, size_t cap,
		       int key);
/* Selects the row showing session s of the current program; false if
 * none does. */
bool view_select_session(struct view *v, size_t s);
/* The row of session s of the current program (a row's prog 0) in v, or
 * v->n_rows when it has none. */
size_t view_session_row(const struct view *v, size_t s);
/* What an empty day says after "No sessions on this day.": where the
 * sessions are (u and how many without a time; Tab and 1-9 to the other
 * days), the day list's and the grid's same words. Fills up to two lines
 * of buf (each TUI_EMPTY_DAY_LINE bytes); returns how many. */
enum { TUI_EMPTY_DAY_LINE = 96 };
size_t view_empty_day_hints(struct tui *t, char buf[][TUI_EMPTY_DAY_LINE]);
/* people.c: the current program's people, built on first use (owned by
 * t); whether who is one of pp (the same name and feed id). */
const struct people *tui_people(struct tui *t);
/* The index in pp of the person of that name and id (NULL: none), or
 * (size_t)-1: a binary search in pp's order. */
size_t people_find(const struct people *pp, const char *name, const char *id);
bool tui_person_in(const struct program_people *pp, const struct person *who);
/* The id of the gone star selected in the agenda (ROW_GONE), or NULL. */
const char *tui_selected_gone(const struct tui *t);
/* How session rows of view v say their time (format_when), and the
 * columns that takes. */
/* v's time column (time_w, at least "HH:MM-HH:MM" wide) made as wide as
 * the times of its sessions from row first on need (a time across a
 * change of UTC offset names the offsets), for a view that lists sessions
 * of the current program; time_brief_w the same with the offsets brief. */
void view_measure_times(const struct tui *t, struct view *v, size_t first);
enum format_when_style view_row_when(const struct tui *t, const struct view *v,
				     int *cols);

/* update.c: U, the update of a followed program in a child process
 * that writes its progress and result to a pipe; the loop polls it, so
 * the screen never freezes. */
void tui_update_init(struct tui *t);
void tui_update_start(struct tui *t);
bool tui_update_running(const struct tui *t);
/* Reads what the child wrote; on its result, reloads the program (the
 * views keep their place) and says what changed. Never blocks. */
void tui_update_poll(struct tui *t);
/* Kills and reaps an update still running, and frees the state. */
void tui_update_finish(struct tui *t);
/* Whether followed program k's copy is another than the one shown, or
 * has changed since it was read (the loader's fstat when it opened it:
 * another sked's `sked update` replaces the copy, and U then shows the
 * new one even when its own download finds nothing new). */
bool tui_update_copy_replaced(const struct tui *t, size_t k);
/* The status line's progress ("Updating ID: 12 kB of 40 kB"), or "". */
void tui_update_progress(const struct tui *t, char *buf, size_t size);
/* How old the current program's copy is, for the title line: "" unless
 * it is followed; that the last update failed (with room, why) before
 * the age. */
void tui_update_age(const struct tui *t, char *buf, size_t size, int room);
/* reload.c: puts p in place of program k (destroying the old one): its
 * people, search index, agenda and stars afresh, and when it is the one
 * shown, every view on it again at the same session, track or person if
 * it is still there, else at the nearest row. */
void tui_replace_program(struct tui *t, size_t k, struct program *p);
/* tui.c: forgets the terminal (the update's child, which must never
 * touch it, not even on a fatal error). */
void tui_detach(void);
/* The signal caught (SIGINT, SIGTERM, SIGHUP), 0 when none: the loop
 * ends on it; the star's wait for the agenda lock gives up on it. */
extern volatile sig_atomic_t tui_signal;

/* star.c: stars and the export prompt. Stars and conflicts of every
 * program, from its agenda: a starred session of one program clashes
 * with the starred ones of the others too (co-located conferences). */
void tui_agendas_mark(struct tui *t);
/* Calls each(t, k, j, arg) for every starred scheduled session j of
 * program k (any open program) that overlaps session s of the current
 * program, s itself left out: in program order, by time within each.
 * Returns how many. */
size_t tui_clashes(struct tui *t, const struct program_session *s,
		   void (*each)(struct tui *t, size_t k, size_t j, void *arg),
		   void *arg);
/* Every program's agenda, the first notice or error in the status line. */
void tui_agendas_load(struct tui *t);
/* The agendas read again from their files, for stars another sked saved
 * since (sked star, another browser): before the agenda view, an export
 * and a redraw (^L), so that what they show or write holds every star.
 * Marks and views made again when one changed; returns whether one did.
 * One that cannot be read now keeps what was read before. */
bool tui_agendas_reread(struct tui *t);
/* The session a key acts on: the detail's, or the selected row's; NULL
 * when there is none. tui_selected_at says the same as program k's
 * session i (false for none): a search result may be another program's. */
const struct program_session *tui_selected_session(struct tui *t);
bool tui_selected_at(const struct tui *t, size_t *k, size_t *i);
/* s: toggles the star of that session, in its program's agenda. */
void tui_star(struct tui *t);
/* statefile_wait's go_on for the agenda lock in the browser: until a
 * signal (Ctrl-C gives up the wait) or a few seconds. */
bool tui_lock_wait(void *arg, long holder, unsigned waited_ms);
/* E: opens the export prompt, and a key typed in it. */
void tui_export_open(struct tui *t);
void tui_export_key(struct tui *t, int key);

/* cells.c: draws s[0..n) (untrusted) at y, x in at most `width`
 * columns, cut with an ellipsis when `ellipsis` (put_text: always), or
 * keeping its last `tail` bytes (a year) when cut (put_text_tail);
 * return the columns used. */
int put_text_cut(int y, int x, int width, const char *s, size_t n, int attr,
		 bool ellipsis);
int put_text(int y, int x, int width, const char *s, size_t n, int attr);
int put_text_tail(int y, int x, int width, const char *s, size_t n,
		  size_t tail, int attr);
/* The bytes of a year that ends s (" 2023"), kept when it is cut: 5, or
 * 0 when there is none. */
size_t text_year_tail(const char *s, size_t n);
/* The terminal takes ASCII only (the locale is not UTF-8): every text
 * drawn through cells.c is then its ASCII stand-in, of the same columns
 * ("–" "-", "…" "~", "ö" "o", a character of none "?"). */
void cells_set_ascii(bool on);
bool cells_ascii_only(void);
/* The mark of text cut short, at y, x (one column): "…" or "~". */
void put_ellipsis(int y, int x);

/* filter.c: the filters (f) and the view state kept per conference. */
void tui_views_load(struct tui *t);
void tui_views_finish(struct tui *t);
/* Saves program k's view state; false, saying why in the status line,
 * when it cannot (or must not: its file could not be read). */
bool tui_views_save(struct tui *t, size_t k);
/* Computes which sessions of program k pass its filters (shown[k]): after
 * a load, a change, a reload. */
void tui_filter_update(struct tui *t, size_t k);
void tui_filter_open(struct tui *t);
/* Toggles value `index` of the filter view's list; clears every filter. */
void tui_filter_toggle(struct tui *t, size_t index);
void tui_filter_clear(struct tui *t);
/* "filter: track kernel, room Hall A" for the header, or "" when no
 * filter is in force (untrusted text: draw it sanitized). */
void tui_filter_describe(const struct tui *t, char *buf, size_t size);
void filter_build_view(struct tui *t, struct view *v);

/* tui.c: the time it is (--now, read in the current program's zone). */
int64_t tui_now(const struct tui *t);

/* view.c: rows, shared with the views of their own files. */
struct row *view_add(struct view *v, enum row_kind kind);
__attribute__((format(printf, 4, 5))) void
view_addf(struct view *v, enum row_kind kind, int attr, const char *fmt, ...);
/* The sessions for which keep() holds, under day headings and time
 * headings as asked, the unscheduled last. */
void view_sessions(struct tui *t, struct view *v,
		   bool (*keep)(const struct program_session *, size_t,
				const void *),
		   size_t arg, const void *ctx, bool day_headings,
		   bool time_headings);

/* now.c: the now view (n): what runs now and what comes next, per room
 * (or per track: now_by_track), said in minutes from tui_now(). */
void now_build(struct tui *t, struct view *v);
/* Rebuilds a now view shown on real time when the minute has changed. */
void now_tick(struct tui *t);
/* Switches the now view between rooms and tracks. */
void now_toggle(struct tui *t);
/* Whether the now view groups by track (else by room). */
bool now_grouped_by_track(const struct tui *t);
/* The now view's title. */
const char *now_title(const struct tui *t, const struct view *v, char *buf,
		      size_t size);

/* rooms.c: the rooms (r); Enter opens VIEW_ROOM (detail.c). */
void rooms_build(struct tui *t, struct view *v);

/* theme.c: the theme and the config's colours for the terminal (256
 * colours, 8, or none: attributes only, as under NO_COLOR and the mono
 * theme) into attrs, one per config element (config.h); sets t->colors
 * and t->track_colors. */
void theme_init(struct tui *t, int attrs[]);
/* attr with the selected row's colours in place of any other pair ORed
 * into them (drawing a selected row ORs each piece's attribute into the
 * selection's): what every attron() of a text takes. */
int theme_fix_attr(int attr);

/* draw.c */
void draw_init_colors(struct tui *t);
void draw_screen(struct tui *t);
/* Rows of the body (between header and status). */
int draw_body_lines(const struct tui *t);
/* For views drawn in files of their own (grid_draw.c): text s[0..n) at
 * y, x in at most width columns, made safe (it may come from a program),
 * cut short without an ellipsis (the caller says the cut: put_text adds
 * one), returning the columns used; and the attributes the browser draws
 * with (colours, or attributes alone under NO_COLOR). */
int draw_text(int y, int x, int width, const char *s, size_t n, int attr);
enum draw_style { DRAW_DIM, DRAW_HEADING, DRAW_SELECT };
int draw_style(enum draw_style s);
/* How session i of the current program is marked in every view: "!"
 * (in conflict) in red, "*" (starred) in gold, else " " and 0; without
 * colours, bold and underlined. Returns the attribute. */
int draw_mark(const struct tui *t, size_t i, const char **mark);
/* The attributes of draw_init_colors() the rows are drawn with too; the
 * colour of a track's tag; text s drawn as put_text() does; line y
 * filled from column x to cols with spaces in attr. */
extern int draw_attr_heading, draw_attr_dim, draw_attr_title,
	draw_attr_select, draw_attr_match, draw_attr_star, draw_attr_conflict,
	draw_attr_now;
int draw_track_attr(struct tui *t, int track);
int put_str(int y, int x, int width, const char *s, int attr);
void draw_fill_line(int y, int x, int attr, int cols);

/* footer.c: the keys of the status line, those that act in the view
 * shown ("Enter open  s star  ? help"), into buf: as many as fit in
 * `room` columns, the least needed left out first. */
void footer_hints(struct tui *t, char *buf, size_t size, int room);

/* draw_rows.c: the rows of a list. */
/* The columns of a view's session rows: sized from the program's data
 * within a minimum and a maximum, then to the screen (the room goes
 * first, then the track: the title and the first speaker go last). */
struct draw_row_cols {
	int time_w; /* 0: no time */
	enum format_when_style style; /* FORMAT_WHEN_BRIEF: to fit */
	bool grouped; /* the time once per group, with the group's count */
	int track_w, room_w; /* 0: not shown */
	bool why; /* search results: each shows why it matched (why.c) */
};

/* The widest track id of the program, capped, for the tag column. */
int draw_tag_width(const struct program *p);
void draw_row_cols(const struct tui *t, const struct view *v,
		   struct draw_row_cols *c);
/* Forgets the matches kept from one row to the next (a value's, for its
 * other lines): after drawing the rows, before the query or the rows
 * change. */
void draw_rows_forget(void);
/* Draws row i of v at screen line y (tw: the tag column's width). */
void draw_row(struct tui *t, const struct view *v, size_t i, int y,
	      const struct draw_row_cols *c, int tw);
/* Scrolls so that the selection, and the heading just above it, show. */
void draw_scroll(const struct tui *t, struct view *v);
/* Like put_text, with what of s[0..n) spans sp[0..k) (sorted, disjoint)
 * cover highlighted; the spans are offsets in a text s starts at offset
 * `base` of. */
int put_spans(int y, int x, int width, const char *s, size_t n, size_t base,
	      int attr, const struct search_span *sp, size_t k);

/* why.c: a search result's row that would hide its match (cut off, or
 * in a field the row does not show) says why it matched: its title and
 * what follows it drawn from column x to end (attr: the speakers', dim;
 * title_attr: the title's), true; false when the usual row shows a
 * match (draw_session_row draws it). Session i of the current program. */
bool why_draw(const struct tui *t, int y, int x, int end, size_t i,
	      const struct draw_row_cols *c, int attr, int title_attr);

#endif
