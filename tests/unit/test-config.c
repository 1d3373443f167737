/* Unit tests of the config file's reader: a good file, each kind of error
 * at its file:line:column with what was expected, the defaults kept for
 * what was bad (and the rest of the file still read), key names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sked/config.h"
#include "sked/diag.h"
#include "sked/tz.h"

static const char *const actions[] = {"down", "up", "star", "grid",
				      "hide-room", "quit"};
enum { N_ACTIONS = sizeof(actions) / sizeof(actions[0]) };

/* Parses text as file "cfg"; the diagnostics into diags (caller
 * finishes). */
static bool
parse(struct config *c, struct diag_list *diags, const char *text)
{
	config_init(c);
	diag_list_init(diags);
	return config_parse(c, "cfg", text, strlen(text), actions, N_ACTIONS,
			    diags);
}

/* Whether diagnostic i is an error at line:col saying `says`. */
static void
expect(const struct diag_list *d, size_t i, unsigned line, unsigned col,
       const char *says)
{
	assert_true(i < d->n);
	char *s = diag_format(&d->v[i]);
	char at[32];
	snprintf(at, sizeof(at), "cfg:%u:%u: ", line, col);
	if (strncmp(s, at, strlen(at)) != 0 || strstr(s, says) == NULL)
		fail_msg("diagnostic %zu is \"%s\", expected %s...%s", i, s,
			 at, says);
	assert_int_equal(d->v[i].severity, DIAG_ERROR);
	free(s);
}

static void
good_file(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d;
	assert_true(parse(&c, &d,
		"# my settings\n"
		"theme: light\n"
		"colors:\n"
		"  star: \"black on yellow bold\"\n"
		"  conflict: 160\n"
		"  selection: reverse underline\n"
		"  tracks: [red, 28, bright-blue]\n"
		"timezone: Europe/Berlin\n"
		"alarm: 10\n"
		"view: now\n"
		"keys:\n"
		"  star: [x, Space]\n"
		"  quit: Ctrl-x\n"
		"  grid: []\n"));
	assert_int_equal(d.n, 0);
	assert_int_equal(c.theme, CONFIG_THEME_LIGHT);
	assert_int_equal(c.theme_line, 2);
	assert_int_equal(c.colors[CONFIG_EL_STAR].fg, 0);
	assert_int_equal(c.colors[CONFIG_EL_STAR].bg, 3);
	assert_int_equal(c.colors[CONFIG_EL_STAR].attrs, CONFIG_ATTR_BOLD);
	assert_int_equal(c.color_line[CONFIG_EL_STAR], 4);
	assert_int_equal(c.colors[CONFIG_EL_CONFLICT].fg, 160);
	assert_int_equal(c.colors[CONFIG_EL_CONFLICT].bg, CONFIG_COLOR_UNSET);
	assert_int_equal(c.colors[CONFIG_EL_SELECTION].attrs,
			 CONFIG_ATTR_REVERSE | CONFIG_ATTR_UNDERLINE);
	assert_int_equal(c.color_line[CONFIG_EL_HEADER], 0);
	assert_int_equal(c.n_tracks, 3);
	assert_int_equal(c.tracks[0], 1);
	assert_int_equal(c.tracks[1], 28);
	assert_int_equal(c.tracks[2], 12);
	assert_string_equal(c.timezone, "Europe/Berlin");
	assert_int_equal(c.alarm, 10);
	assert_int_equal(c.view, CONFIG_VIEW_NOW);
	assert_int_equal(c.n_keys, 3);
	assert_string_equal(c.keys[0].action, "star");
	assert_int_equal(c.keys[0].n, 2);
	assert_int_equal(c.keys[0].keys[0], 'x');
	assert_int_equal(c.keys[0].keys[1], ' ');
	assert_int_equal(c.keys[1].keys[0], 24); /* Ctrl-x */
	assert_string_equal(c.keys[2].action, "grid");
	assert_int_equal(c.keys[2].n, 0); /* left without a key */
	char buf[64];
	config_style_format(&c.colors[CONFIG_EL_STAR], buf, sizeof(buf));
	assert_string_equal(buf, "black on yellow bold");
	diag_list_finish(&d);
	config_finish(&c);
}

static void
empty_and_missing_files_are_the_defaults(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d;
	assert_true(parse(&c, &d, "# nothing yet\n"));
	assert_int_equal(d.n, 0);
	assert_int_equal(c.theme, CONFIG_THEME_DEFAULT);
	assert_int_equal(c.alarm, -1);
	assert_null(c.timezone);
	assert_int_equal(c.view, CONFIG_VIEW_DAY);
	diag_list_finish(&d);
	config_finish(&c);
	config_init(&c);
	diag_list_init(&d);
	char path[64];
	snprintf(path, sizeof(path), "/tmp/sked-config-test-%d/none",
		 (int)getpid());
	assert_true(config_load(&c, path, actions, N_ACTIONS, &d));
	assert_false(c.found);
	assert_int_equal(d.n, 0);
	diag_list_finish(&d);
	config_finish(&c);
}

static void
syntax_error_at_its_place(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d;
	assert_false(parse(&c, &d, "theme: light\nkeys: [a, b\n"));
	assert_true(d.errors >= 1);
	assert_true(d.v[0].line >= 2);
	assert_true(d.v[0].column >= 1);
	assert_string_equal(d.v[0].file, "cfg");
	diag_list_finish(&d);
	config_finish(&c);
	/* Not a mapping at all. */
	assert_false(parse(&c, &d, "- theme\n- light\n"));
	expect(&d, 0, 1, 1, "expected a mapping of settings");
	diag_list_finish(&d);
	config_finish(&c);
	/* Not UTF-8, two documents, an alias: said of a config file, not
	 * of a sked file. */
	assert_false(parse(&c, &d, "theme: light\nview: gr\xe9" "d\n"));
	expect(&d, 0, 2, 9, "invalid UTF-8 byte 0xe9 (a config file is UTF-8 "
	       "text)");
	diag_list_finish(&d);
	config_finish(&c);
	assert_false(parse(&c, &d, "theme: light\n---\nview: grid\n"));
	expect(&d, 0, 2, 1, "a second YAML document (a config file holds "
	       "exactly one)");
	diag_list_finish(&d);
	config_finish(&c);
	assert_false(parse(&c, &d, "theme: light\nview: *t\n"));
	expect(&d, 0, 2, 7, "aliases are not allowed in a config file");
	diag_list_finish(&d);
	config_finish(&c);
	/* An anchor or a tag took the value's first word: "light". */
	assert_false(parse(&c, &d, "theme: &t light\n"));
	expect(&d, 0, 1, 8, "YAML anchor &t: anchors are not allowed in a "
	       "config file (a value that begins with '&' is written in "
	       "quotes)");
	diag_list_finish(&d);
	config_finish(&c);
	assert_false(parse(&c, &d, "theme: !t light\n"));
	expect(&d, 0, 1, 8, "YAML tag !t: tags are not allowed in a config "
	       "file");
	diag_list_finish(&d);
	config_finish(&c);
	/* YAML's own tags say what the value is anyway. */
	assert_true(parse(&c, &d, "theme: !!str light\n"));
	assert_int_equal(d.n, 0);
	diag_list_finish(&d);
	config_finish(&c);
}

static void
each_error_keeps_its_default_and_the_rest_counts(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d;
	assert_false(parse(&c, &d,
		"theme: sepia\n"                 /* 1 bad value */
		"colors:\n"
		"  star: purplish\n"             /* 3 bad colour */
		"  header: red on\n"             /* 4 */
		"  conflict: 300\n"              /* 5 */
		"  sparkle: red\n"               /* 6 unknown element */
		"  now: magenta\n"               /* 7 good */
		"timezone: Mars/Olympus\n"       /* 8 */
		"alarm: soon\n"                  /* 9 */
		"view: calendar\n"               /* 10 */
		"keys:\n"
		"  star: x\n"                    /* 12 good */
		"  grid: [g, x]\n"               /* 13 bound twice */
		"  teleport: t\n"                /* 14 unknown action */
		"  quit: Hyper-q\n"              /* 15 bad key */
		"  up: [k, k]\n"                 /* 16 twice in one */
		"fonts: big\n"                   /* 17 unknown setting */
		"view: grid\n"));                /* 18 given twice */
	expect(&d, 0, 1, 8, "theme: expected default, dark, light or mono, "
	       "got \"sepia\"");
	expect(&d, 1, 3, 9, "colors.star: expected [COLOUR] [on COLOUR] "
	       "[bold] [underline] [reverse] [dim], a colour being a name such "
	       "as red, default, or 0-255, got \"purplish\"");
	expect(&d, 2, 4, 11, "colors.header: expected a colour after \"on\"");
	expect(&d, 3, 5, 13, "colors.conflict: expected");
	expect(&d, 4, 6, 3, "colors: unknown element \"sparkle\": expected "
	       "header, tab");
	expect(&d, 5, 8, 11, "timezone: expected conference, local or an "
	       "IANA zone name");
	expect(&d, 6, 9, 8, "alarm: expected minutes from 0 to 10080, or "
	       "none, got \"soon\"");
	expect(&d, 7, 10, 7, "view: expected day, grid, now");
	expect(&d, 8, 13, 13, "keys.grid: x is bound already, to star");
	expect(&d, 9, 14, 3, "keys: unknown action \"teleport\"");
	expect(&d, 10, 15, 9, "keys.quit: expected a key");
	expect(&d, 11, 16, 11, "keys.up: k is bound already, to up");
	expect(&d, 12, 17, 1, "unknown setting \"fonts\": expected theme, "
	       "colors, timezone, alarm, view or keys");
	expect(&d, 13, 18, 1, "view given twice (line 10)");
	assert_int_equal(d.n, 14);
	/* The defaults stay where the file was wrong... */
	assert_int_equal(c.theme, CONFIG_THEME_DEFAULT);
	assert_int_equal(c.color_line[CONFIG_EL_STAR], 0);
	assert_int_equal(c.color_line[CONFIG_EL_HEADER], 0);
	assert_int_equal(c.color_line[CONFIG_EL_CONFLICT], 0);
	assert_null(c.timezone);
	assert_int_equal(c.alarm, -1);
	assert_int_equal(c.view, CONFIG_VIEW_DAY);
	/* ...and what was right counts. */
	assert_int_equal(c.colors[CONFIG_EL_NOW].fg, 5);
	assert_int_equal(c.n_keys, 1);
	assert_string_equal(c.keys[0].action, "star");
	diag_list_finish(&d);
	config_finish(&c);
}

static void
wrong_kinds_of_values(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d;
	assert_false(parse(&c, &d,
		"theme: [dark]\n"
		"colors: red\n"
		"keys:\n"
		"  star: {a: b}\n"
		"alarm: 99999\n"));
	expect(&d, 0, 1, 8, "theme: expected default, dark, light or mono, "
	       "got a list");
	expect(&d, 1, 2, 9, "colors: expected a mapping of elements");
	expect(&d, 2, 4, 9, "keys.star: expected a key or a list of keys, "
	       "got a mapping");
	expect(&d, 3, 5, 8, "alarm: expected minutes from 0 to 10080");
	diag_list_finish(&d);
	config_finish(&c);
}

static void
key_names_round_trip(void **state)
{
	(void)state;
	static const char *const names[] = {
		"j", "J", "/", "#", "\"", "Enter", "Esc", "Tab", "Shift-Tab",
		"Space", "Backspace", "Up", "Down", "Left", "Right", "PgUp",
		"PgDn", "Home", "End", "F1", "F12", "Ctrl-d", "Insert",
		"Delete"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int key = config_key_parse(names[i]);
		assert_true(key > 0);
		char buf[16];
		assert_string_equal(config_key_name(key, buf), names[i]);
	}
	assert_int_equal(config_key_parse("enter"), '\n');
	assert_int_equal(config_key_parse("Ctrl-D"), 4);
	assert_int_equal(config_key_parse("F13"), -1);
	assert_int_equal(config_key_parse("F0"), -1);
	assert_int_equal(config_key_parse("jj"), -1);
	assert_int_equal(config_key_parse(""), -1);
	assert_int_equal(config_key_parse("é"), -1);
}

/* The Ctrl keys the terminal keeps (cbreak mode: signals, flow control)
 * and those that are a named key's byte are refused at their place, and
 * the action keeps its default keys. */
static void
keys_the_terminal_keeps_or_aliases_are_refused(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d;
	assert_false(parse(&c, &d,
		"keys:\n"
		"  star: Ctrl-s\n"
		"  down: [j, \"Ctrl-\\\\\"]\n"
		"  up: [k, ctrl-Q]\n"
		"  grid: Ctrl-m\n"
		"  hide-room: [Ctrl-i, Ctrl-x]\n"
		"  quit: [Ctrl-z, Ctrl-c, Ctrl-j, \"Ctrl-[\"]\n"));
	assert_int_equal(d.n, 6);
	expect(&d, 0, 2, 9, "keys.star: Ctrl-s: the terminal keeps it (flow "
	       "control");
	expect(&d, 1, 3, 13, "keys.down: Ctrl-\\: the terminal keeps it "
	       "(quit)");
	expect(&d, 2, 4, 11, "keys.up: ctrl-Q: the terminal keeps it (flow "
	       "control");
	expect(&d, 3, 5, 9, "keys.grid: Ctrl-m: it is Enter to the terminal: "
	       "write Enter");
	expect(&d, 4, 6, 15, "keys.hide-room: Ctrl-i: it is Tab to the "
	       "terminal: write Tab");
	expect(&d, 5, 7, 10, "keys.quit: Ctrl-z: the terminal keeps it "
	       "(suspend)");
	assert_int_equal(c.n_keys, 0);
	diag_list_finish(&d);
	config_finish(&c);
	static const char *const refused[] = {"Ctrl-c", "Ctrl-j", "Ctrl-[",
					      "CTRL-Z"};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_non_null(config_key_refused(refused[i]));
	assert_null(config_key_refused("Ctrl-d"));
	assert_null(config_key_refused("Ctrl-l"));
	assert_null(config_key_refused("s"));
	assert_null(config_key_refused("Enter"));
}

static void
default_path_follows_xdg(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/tmp/xdg-here", 1);
	char *p = config_default_path();
	assert_string_equal(p, "/tmp/xdg-here/sked/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/tmp/home-here", 1);
	p = config_default_path();
	assert_string_equal(p, "/tmp/home-here/.config/sked/config");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_file),
		cmocka_unit_test(empty_and_missing_files_are_the_defaults),
		cmocka_unit_test(syntax_error_at_its_place),
		cmocka_unit_test(each_error_keeps_its_default_and_the_rest_counts),
		cmocka_unit_test(wrong_kinds_of_values),
		cmocka_unit_test(key_names_round_trip),
		cmocka_unit_test(keys_the_terminal_keeps_or_aliases_are_refused),
		cmocka_unit_test(default_path_follows_xdg),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return r;
}
