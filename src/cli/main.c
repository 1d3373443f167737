/* sked: a terminal browser for conference programs (command-line entry). */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/fetch.h"
#include "sked/tz.h"

static const struct cli_command cli_commands[] = {
	{"browse", cli_browse, "[--now \"YYYY-MM-DD HH:MM\"] [FILE...]",
	 "Browse the programs in the terminal (the default command)."},
	{"check", cli_check, "[-q] [FILE...]",
	 "Validate schedule files; print warnings and errors."},
	{"list", cli_list,
	 "[--day DATE] [--track ID|NAME] [--tz ZONE|local] "
	 "[--format text|tsv|json] [FILE...]",
	 "Print the program in time order, grouped by day."},
	{"search", cli_search,
	 "[--tz ZONE|local] [--format text|tsv|json] QUERY [FILE...]",
	 "Print the sessions matching a query (regular expressions)."},
	{"star", cli_star, "FILE ID...", "Add sessions to your agenda."},
	{"unstar", cli_unstar, "FILE ID...", "Remove sessions from your agenda."},
	{"agenda", cli_agenda, "[--tz ZONE|local] [--format text|tsv|json] [FILE...]",
	 "Print your agenda, naming conflicts."},
	{"export", cli_export,
	 "[--agenda | --all | --query QUERY] [--alarm MINUTES] [-o FILE|-] [FILE...]",
	 "Write an iCalendar file of your agenda (or more)."},
	{"convert", cli_convert, "[-o FILE|-] FILE",
	 "Write a program, from any format sked reads, as a sked file."},
	{"add", cli_add, "URL [--name ID]",
	 "Follow the schedule at URL: download, validate and keep it."},
	{"update", cli_update, "[ID...]",
	 "Refresh the followed programs (all, or those named)."},
	{"programs", cli_programs_cmd, "[--format text|json]",
	 "List the bundled and followed programs."},
	{"remove", cli_remove, "ID", "Stop following a program (its agenda stays)."},
	{"changes", cli_changes, "ID",
	 "What changed for your starred sessions in the last update."},
	{"config", cli_config_cmd, "",
	 "Print the configuration in force (the config file and defaults)."},
};

const struct cli_command cli_top = {
	"", cli_browse,
	"[--now \"YYYY-MM-DD HH:MM\"] [FILE...]\n"
	"       sked COMMAND [OPTIONS] [ARGS...]",
	"Browse the programs, or run a command."};

const struct cli_command *
cli_find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

void
cli_usage(FILE *fp)
{
	fprintf(fp,
		"usage: sked [--now \"YYYY-MM-DD HH:MM\"] [FILE|URL...]\n"
		"       sked COMMAND [OPTIONS] [FILE...]\n"
		"       sked --help | --version\n\n"
		"sked browses conference programs. With no command it opens "
		"the terminal\nbrowser on the given programs (press ? there "
		"for its keys); when stdin or\nstdout is not a terminal it "
		"prints them as 'sked list' does. --now pretends\nthe time "
		"(a wall time, read in each program's zone). With no FILE, "
		"it uses\nthe bundled and the followed programs. A URL "
		"(http or https) is followed\nfirst, as 'sked add URL' does, "
		"then opened.\n\n"
		"A FILE is a sked file (sked(5)) or a schedule as conferences "
		"publish it:\nfrab/pretalx XML, c3voc schedule.json, Indico "
		"timetable JSON or iCalendar,\nrecognized from its content.\n"
		"Every FILE may also be the id of a bundled or followed "
		"program (lpc2023);\nan existing file of that name wins. "
		"Options may follow the other\narguments; '--' ends them "
		"(sked search -- '-title:x track:rt').\n"
		"Every command takes --timezone ZONE: the zone of a schedule "
		"file that names\nnone (else one is derived from its times, "
		"with a warning).\n"
		"Settings (theme, colours, time zone, alarm, first view, keys) "
		"come from\n$XDG_CONFIG_HOME/sked/config, else "
		"~/.config/sked/config: see sked(5)\nand 'sked config'.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		fprintf(fp, "  %-8s %s\n", cli_commands[i].name,
			cli_commands[i].summary);
	fprintf(fp, "\n'sked COMMAND --help' describes a command's options; "
		    "sked(1) and sked(5)\n(the file format) describe "
		    "everything.\n\n"
		    "Exit status: 0 success, 64 usage error, 65 invalid data, "
		    "66 unreadable file,\n73 a file could not be written, 74 "
		    "output error; sked search: 0 matches,\n1 none, 2 bad or too "
		    "costly query (also sked export --query); sked add and\n"
		    "update: 75 a download failed (the copy is kept), 65 it "
		    "is no valid schedule.\n"
		    "sked config: 78 the config file has errors.\n");
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	opterr = 0; /* option errors are reported in sked's own words */
	/* libcurl's set-up is not thread-safe: once, before anything runs. */
	const struct cli_command *cmd =
		argc >= 2 ? cli_find_command(argv[1]) : NULL;
	int status;
	if (cmd ? cli_take_build_options(cmd, &(int){argc - 1}, argv + 1) == 0
		: cli_take_build_options(&cli_top, &argc, argv) == 0) {
		/* argv is NULL-terminated again after what was taken. */
		int n = 0;
		while (argv[n] != NULL)
			n++;
		status = cmd ? cmd->run(n - 1, argv + 1) : cli_browse(n, argv);
	} else {
		status = EX_USAGE;
	}
	tz_cleanup();
	fetch_global_cleanup();
	return status;
}
