/* sked search QUERY [FILE...]: the sessions matching a query. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "sked/format.h"
#include "sked/search.h"
#include "sked/text.h"
#include "sked/tz.h"

static const char search_help[] =
	"Prints the sessions matching QUERY, in time order (unscheduled last),\n"
	"in the formats of 'sked list'. With no FILE, the bundled programs.\n"
	"QUERY: terms separated by spaces, all of which must match; each a\n"
	"PCRE2 pattern, as field:pattern to search one field (title, with the\n"
	"subtitle; speaker; abstract, with the description and the links'\n"
	"titles; track, room, tag, type, id, day; lang, the language codes),\n"
	"-term to exclude, \"quoted words\" to keep spaces. Caseless unless a\n"
	"term has an uppercase letter; plain letters also match accented and\n"
	"foreign ones (transliterated). ^ and $ apply to each speaker, author,\n"
	"tag, subtitle, language... of a field. A QUERY that starts with '-'\n"
	"goes after '--'. See sked(1).\n\n"
	"  -z, --tz ZONE|local    show times in an IANA zone or the local one\n"
	"                         (default: the config's timezone)\n"
	"  -f, --format FORMAT    text (default), tsv, or json (JSON Lines)\n"
	"  -h, --help             show this help\n\n"
	"Exit status: 0 a session matched, 1 none did (said on standard error),\n"
	"2 the query is invalid or too costly; 65 and 66 as for other commands.\n";

int
cli_search(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("search");
	static const struct option longopts[] = {
		{"tz", required_argument, NULL, 'z'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct tz_zone *zone = cli_config_zone(); /* --tz wins */
	enum format_kind kind = FORMAT_TEXT;
	int c;
	while ((c = getopt_long(argc, argv, ":z:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'z':
		case 'f': {
			int r = cli_output_option(cmd, c, optarg, &zone, &kind);
			if (r)
				return r;
			break;
		}
		case 'h': return cli_command_help(cmd, search_help);
		default: {
			int r = cli_option_error(cmd, c, argv);
			/* An unknown short option is most likely a query
			 * that excludes (-title:x). */
			if (c == '?' && optopt != 0)
				fprintf(stderr, "A QUERY that starts with '-' "
					"goes after '--': sked search -- "
					"'-term'\n");
			return r;
		}
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "a QUERY is needed");
	const char *query = argv[optind++];
	struct search_query *q = cli_query_compile(cmd, query);
	if (q == NULL)
		return 2;
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0) {
		cli_programs_finish(&set);
		search_destroy(q);
		return status;
	}
	struct format_writer w;
	format_init(&w, stdout, kind, zone, isatty(STDOUT_FILENO));
	long total = 0;
	for (size_t i = 0; i < set.n && status == 0; i++) {
		struct search_result *r;
		long n = cli_query_run(cmd, q, set.v[i], &r);
		if (n < 0)
			status = 2;
		for (long k = 0; k < n; k++)
			format_session(&w, set.v[i], &set.v[i]->sessions[r[k].session]);
		total += n > 0 ? n : 0;
		free(r);
	}
	cli_programs_finish(&set);
	search_destroy(q);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("writing the results failed");
		return EX_IOERR;
	}
	/* Silence is no answer; standard output stays clean for scripts. */
	if (status == 0 && total == 0) {
		char *safe = text_sanitize(query, strlen(query), 0);
		cli_error("no session matches '%s'", safe);
		free(safe);
	}
	return status ? status : total > 0 ? 0 : 1;
}
