/* sked check FILE...: validates files, printing warnings and errors. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/diag.h"
#include "sked/load.h"

int
cli_check(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("check");
	static const struct option longopts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q': quiet = true; break;
		case 'h':
			return cli_command_help(cmd,
				"Checks each FILE against the sked file format "
				"(sked(5)) and prints every error\n"
				"and warning as file:line:column: message on "
				"stderr; with no FILE, checks the\n"
				"bundled programs. Exits 0 when every file is "
				"valid, 65 when one is not,\n"
				"66 when one cannot be read.\n\n"
				"  -q, --quiet   print nothing for valid files\n"
				"  -h, --help    show this help\n");
		default:
			return cli_option_error(cmd, c, argv);
		}
	}
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), true);
	for (size_t i = 0; i < set.n && !quiet; i++) {
		const struct program *p = set.v[i];
		printf("%s: ok: %s, %zu sessions (%zu scheduled), %zu tracks, "
		       "%zu rooms\n",
		       p->path, p->conference.id, p->n_sessions, p->n_scheduled,
		       p->n_tracks, p->n_rooms);
	}
	cli_programs_finish(&set);
	return status;
}
