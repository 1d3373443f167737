/* sked convert FILE [-o OUT]: a program, from any format sked reads, as a
 * sked YAML file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/yamlout.h"

int
cli_convert(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("convert");
	const char *output = "-";
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0)
		if (c == 'o')
			output = op.value;
	if (c < 0)
		return op.status;
	if (argc == optind)
		return cli_usage_error(cmd, "expected the FILE to convert");
	if (argc - optind > 1)
		return cli_usage_error(cmd, "expected one FILE, got %d",
				       argc - optind);
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind, 1, true);
	if (status != 0)
		return status;
	const struct program *p = set.v[0];
	if (cli_output_is_input(&set, output) != NULL) {
		cli_programs_finish(&set);
		return cli_usage_error(cmd, "-o %s: that is the file converted "
				       "(it would be replaced)", output);
	}
	char *error = NULL;
	bool to_stdout = strcmp(output, "-") == 0;
	if (to_stdout) {
		yamlout_write(p, stdout);
		if (!cli_stdout_flushed("writing the program failed"))
			status = EX_IOERR;
	} else if (!yamlout_file(p, output, &error)) {
		cli_error("%s", error);
		free(error);
		status = EX_CANTCREAT;
	}
	if (status == 0)
		cli_error("wrote %zu session%s of %s to %s",
			p->n_sessions, p->n_sessions == 1 ? "" : "s",
			p->conference.id, to_stdout ? "standard output" : output);
	cli_programs_finish(&set);
	return status;
}
