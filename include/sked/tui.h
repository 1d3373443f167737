/* tui: the full-screen terminal browser (ncursesw). */
#ifndef SKED_TUI_H
#define SKED_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/build.h"
#include "sked/program.h"

struct tui_options {
	bool now_given;
	/* The wall time --now names, when given: each program reads it in
	 * its own zone. */
	struct tz_wall now;
	/* How programs are read (--timezone), for the new version of a
	 * followed program that U brings; NULL: the defaults. */
	const struct build_options *build;
	/* The user's settings (config.h: theme, colours, zone, first view;
	 * its keys are applied with tui_keys_apply first), NULL: the
	 * defaults. */
	const struct config *config;
	/* Said at the start (a bad config, each guessed zone): the status
	 * line shows the first and counts the others. */
	const char *const *messages;
	size_t n_messages;
	/* Draw ASCII only: the user's locale is not UTF-8, so neither may
	 * the terminal be (as tmux, mutt and htop take it). */
	bool ascii;
};

struct config;
/* The names of the browser's actions (its keymap table's), n of them,
 * for config_load. */
const char *const *tui_action_names(size_t *n);
/* Gives the actions the config binds its keys (the defaults otherwise):
 * once, before tui_run and tui_action_keys. */
void tui_keys_apply(const struct config *c);
/* The keys of action i (of tui_action_names) as config key codes, into
 * keys (at most max); returns how many. */
size_t tui_action_keys(size_t i, int *keys, size_t max);
/* Whether action i lost a default key to the config's keys of another. */
bool tui_action_lost_keys(size_t i);
struct config_style;
/* The look theme (enum config_theme) gives element (enum config_element)
 * on a terminal of 256 colours (rich) or 8, into out; and its track
 * colours into tracks (at most max; with 8 colours, their foregrounds),
 * returning how many. */
void tui_theme_style(int theme, int element, bool rich,
		     struct config_style *out);
int tui_theme_tracks(int theme, bool rich, short *tracks, int max);

/* Whether the terminal TERM names can show the browser (its terminfo
 * entry found, able to move the cursor): else false, with *why (the
 * caller frees) saying what is wrong, and the caller prints instead. */
bool tui_terminal_usable(char **why);

/* Runs the browser over programs (at least one) until the user quits.
 * The array is the caller's, as are the programs in it when the browser
 * ends; but U replaces a followed program in it by its new version (and
 * destroys the old one), so the caller destroys what the array holds
 * then. Returns an exit status: 0, or 128 + a signal number. */
int tui_run(struct program **programs, size_t n, const struct tui_options *o);

#endif
