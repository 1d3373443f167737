/* Whether the terminal can show the browser (tui.h). Apart from the rest
 * of the browser: term.h's capability macros (columns, lines...) would
 * take the names of its fields. */
#include "sked/tui.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sked/text.h"
#include "sked/xalloc.h"

/* Last: term.h's macros would rename what the headers above declare. */
#include <curses.h>
#include <term.h>

bool
tui_terminal_usable(char **why)
{
	*why = NULL;
	const char *term = getenv("TERM");
	if (term == NULL || *term == '\0') {
		*why = xstrdup(term ? "TERM is empty" : "TERM is not set");
		return false;
	}
	/* As the user's text, made harmless: TERM is any bytes. */
	char shown[3 * 32 + 1];
	shown[text_sanitize_into(shown, term, strnlen(term, 32), 0)] = '\0';
	int err = 0;
	/* ncurses: ERR with err 1 for a hardcopy terminal, 0 for one it
	 * does not know or a generic one. */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*why = err == -1  ? xasprintf("TERM=%s: no terminfo database",
					      shown)
		       : err == 1 ? xasprintf("TERM=%s is a hardcopy terminal",
					      shown)
				  : xasprintf("TERM=%s: no such terminal in "
					      "terminfo, or a generic one",
					      shown);
		return false;
	}
	/* One that cannot move its cursor (TERM=dumb) cannot be drawn on. */
	const char *cup = tigetstr("cup");
	bool usable = cup != NULL && cup != (char *)-1;
	if (!usable)
		*why = xasprintf("TERM=%s cannot move its cursor", shown);
	del_curterm(cur_term);
	return usable;
}
