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
};

/* Runs the browser over programs (at least one) until the user quits.
 * The array is the caller's, as are the programs in it when the browser
 * ends; but U replaces a followed program in it by its new version (and
 * destroys the old one), so the caller destroys what the array holds
 * then. Returns an exit status: 0, or 128 + a signal number. */
int tui_run(struct program **programs, size_t n, const struct tui_options *o);

#endif
