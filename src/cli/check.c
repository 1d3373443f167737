/* sked check FILE...: validates files, printing warnings and errors. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/diag.h"
#include "sked/load.h"
#include "sked/text.h"

int
cli_check(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("check");
	bool quiet = false;
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0)
		if (c == 'q')
			quiet = true;
	if (c < 0)
		return op.status;
	struct cli_programs set;
	int status = cli_programs_load_partial(&set, argv + optind,
					       (size_t)(argc - optind), true);
	/* A followed program left out (its copy broken or gone) is a
	 * program that did not check. */
	if (status == 0 && set.left_out != NULL)
		status = set.left_out_status;
	for (size_t i = 0; i < set.n && !quiet; i++) {
		const struct program *p = set.v[i];
		/* A file's name reaches the terminal made safe, as in the
		 * messages: "ok\e[2J.yaml" cleared the screen. */
		char *path = text_sanitize(p->path, strlen(p->path), 0);
		char *id = text_sanitize(p->conference.id,
					 strlen(p->conference.id), 0);
		printf("%s: ok: %s, %zu session%s (%zu scheduled), %zu "
		       "track%s, %zu room%s\n",
		       path, id, p->n_sessions,
		       p->n_sessions == 1 ? "" : "s", p->n_scheduled,
		       p->n_tracks, p->n_tracks == 1 ? "" : "s", p->n_rooms,
		       p->n_rooms == 1 ? "" : "s");
		free(path);
		free(id);
	}
	cli_programs_finish(&set);
	if (!quiet && !cli_stdout_flushed("writing the results failed") &&
	    status == 0)
		status = EX_IOERR;
	return status;
}
