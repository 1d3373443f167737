/* sked: a terminal browser for conference programs (command-line entry). */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/tz.h"

static const struct cli_command cli_commands[] = {
	{"check", cli_check, "[-q] [FILE...]",
	 "Validate sked files; print warnings and errors."},
	{"list", cli_list,
	 "[--day DATE] [--track ID|NAME] [--tz ZONE|local] "
	 "[--format text|tsv|json] [FILE...]",
	 "Print the program in time order, grouped by day."},
};

const struct cli_command *
cli_find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static void
usage(FILE *fp)
{
	fprintf(fp,
		"usage: sked [FILE...]\n"
		"       sked COMMAND [OPTIONS] [FILE...]\n"
		"       sked --help | --version\n\n"
		"sked browses conference programs. With no command it shows "
		"the given programs\n"
		"(the terminal browser is not built yet: for now it prints "
		"them as 'sked list'\n"
		"does). With no FILE, it uses the bundled programs.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		fprintf(fp, "  %-7s %s\n", cli_commands[i].name,
			cli_commands[i].summary);
	fprintf(fp, "\n'sked COMMAND --help' describes a command's options; "
		    "sked(1) and sked(5)\n(the file format) describe "
		    "everything.\n\n"
		    "Exit status: 0 success, 64 usage error, 65 invalid data, "
		    "66 unreadable file.\n");
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	opterr = 0; /* option errors are reported in sked's own words */
	int status;
	if (argc >= 2 && cli_find_command(argv[1]) != NULL) {
		const struct cli_command *cmd = cli_find_command(argv[1]);
		status = cmd->run(argc - 1, argv + 1);
	} else {
		static const struct option longopts[] = {
			{"help", no_argument, NULL, 'h'},
			{"version", no_argument, NULL, 'V'},
			{NULL, 0, NULL, 0},
		};
		int c;
		while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
			switch (c) {
			case 'h': usage(stdout); return 0;
			case 'V': printf("sked %s\n", SKED_VERSION); return 0;
			default:
				cli_error("unknown option '%s'\n"
					  "usage: sked [FILE...] | sked COMMAND "
					  "[OPTIONS] [FILE...]\n"
					  "Try 'sked --help'.",
					  argv[optind - 1]);
				return EX_USAGE;
			}
		}
		/* The browser comes with the next milestone; until then the
		 * default action prints the program. */
		char **args = argv + optind - 1;
		args[0] = "list";
		optind = 1;
		status = cli_list(argc - (int)(args - argv), args);
	}
	tz_cleanup();
	return status;
}
