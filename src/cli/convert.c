/* sked convert FILE [-o OUT]: a program, from any format sked reads, as a
 * sked YAML file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/outfile.h"
#include "sked/yamlout.h"

static const char convert_help[] =
	"Reads FILE in any format sked reads (sked YAML, frab/pretalx XML,\n"
	"c3voc schedule.json, Indico timetable JSON, iCalendar) and writes the\n"
	"program as a sked YAML file (sked(5)) with everything sked knows of it:\n"
	"opening that file gives the same program, with the same session ids\n"
	"(so your stars carry over). Warnings about FILE are printed.\n\n"
	"  -o, --output FILE|-    where to write (default: standard output)\n"
	"  -h, --help             show this help\n\n"
	"An output file is replaced only once the new one is complete, and keeps\n"
	"its mode (a new one gets 0666 less the umask); a symbolic link is\n"
	"followed (one to nothing is refused); a device or FIFO is written into.\n";

int
cli_convert(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("convert");
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *output = "-";
	int c;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'h': return cli_command_help(cmd, convert_help);
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (argc == optind)
		return cli_usage_error(cmd, "expected the FILE to convert");
	if (argc - optind > 1)
		return cli_usage_error(cmd, "expected one FILE, got %d",
				       argc - optind);
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind, 1, true);
	if (status != 0) {
		cli_programs_finish(&set);
		return status;
	}
	const struct program *p = set.v[0];
	size_t len;
	char *text = yamlout_program(p, &len);
	char *error = NULL;
	bool to_stdout = strcmp(output, "-") == 0;
	if (to_stdout) {
		fwrite(text, 1, len, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error("writing the program failed");
			status = EX_IOERR;
		}
	} else if (!outfile_write(output, text, len, &error)) {
		cli_error("%s", error);
		free(error);
		status = EX_CANTCREAT;
	}
	if (status == 0)
		fprintf(stderr, "sked: wrote %zu session%s of %s to %s\n",
			p->n_sessions, p->n_sessions == 1 ? "" : "s",
			p->conference.id, to_stdout ? "standard output" : output);
	free(text);
	cli_programs_finish(&set);
	return status;
}
