/* tui: the full-screen terminal browser (ncursesw). */
#ifndef SKED_TUI_H
#define SKED_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/program.h"

struct tui_options {
	bool now_given;
	/* The wall time --now names, when given: each program reads it in
	 * its own zone. */
	struct tz_wall now;
};

/* Runs the browser over programs (borrowed, at least one) until the user
 * quits. Returns an exit status: 0, or 128 + a signal number. */
int tui_run(struct program **programs, size_t n, const struct tui_options *o);

#endif
