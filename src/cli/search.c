/* sked search QUERY [FILE...]: the sessions matching a query. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/format.h"
#include "sked/search.h"
#include "sked/text.h"
#include "sked/tz.h"

/* After a search that found nothing: a term "word:..." whose word is no
 * field was searched for as text, which is seldom what was meant: said,
 * with the fields there are. */
static void
cli_search_field_hint(const struct search_query *q)
{
	const char *word = search_unknown_field(q);
	if (word == NULL)
		return;
	char fields[256] = "";
	for (int f = 0; search_field_name((enum search_field)f); f++)
		snprintf(fields + strlen(fields), sizeof(fields) - strlen(fields),
			 "%s%s:", *fields ? ", " : "",
			 search_field_name((enum search_field)f));
	cli_error("(%s: is no field, so it was searched for as text; the "
		  "fields are %s)", word, fields);
}

int
cli_search(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("search");
	const struct tz_zone *zone = cli_config_zone(); /* --tz wins */
	enum format_kind kind = FORMAT_TEXT;
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0) {
		int r = cli_output_option(cmd, c, op.value, &zone, &kind);
		if (r)
			return r;
	}
	if (c < 0)
		return op.status;
	cli_zone_settled();
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
		/* `sked search FILE QUERY`: the query was taken for a file
		 * that could not be opened; the file it named is one. */
		struct stat st;
		if (optind < argc && stat(query, &st) == 0 &&
		    S_ISREG(st.st_mode))
			fprintf(stderr, "sked search: the query comes first: "
					"sked search QUERY [FILE...]\n");
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
		struct agenda *a = n > 0 ? agenda_peek(set.v[i]->conference.id)
				       : NULL;
		for (long k = 0; k < n; k++) {
			const struct program_session *s =
				&set.v[i]->sessions[r[k].session];
			format_session(&w, set.v[i], s, a && agenda_has(a, s->id));
		}
		agenda_destroy(a);
		total += n > 0 ? n : 0;
		free(r);
	}
	cli_programs_finish(&set);
	if (!cli_stdout_flushed("writing the results failed")) {
		search_destroy(q);
		return EX_IOERR;
	}
	/* Silence is no answer; standard output stays clean for scripts. */
	if (status == 0 && total == 0) {
		char *safe = text_sanitize(query, strlen(query), 0);
		cli_error("no session matches '%s'", safe);
		free(safe);
		cli_search_field_hint(q);
	}
	search_destroy(q);
	return status ? status : total > 0 ? 0 : 1;
}
