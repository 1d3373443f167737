/* sked export: an iCalendar file of the agenda, all sessions, or a query. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/export.h"
#include "sked/search.h"
#include "sked/xalloc.h"

static const char export_help[] =
	"Writes an iCalendar file (RFC 5545) of the agenda (the default), of\n"
	"all sessions, or of the sessions matching a query (see 'sked search').\n"
	"Unscheduled sessions are skipped and counted. With no FILE, the\n"
	"bundled programs.\n\n"
	"      --agenda           the starred sessions (default)\n"
	"      --all              every session\n"
	"  -q, --query QUERY      the sessions matching QUERY\n"
	"  -a, --alarm MINUTES    a reminder MINUTES before each session (none:\n"
	"                         no reminder; default: the config's alarm)\n"
	"  -o, --output FILE|-    where to write (default: standard output)\n"
	"  -h, --help             show this help\n\n"
	"An output file is replaced only once the new one is complete, and keeps\n"
	"its mode (a new one gets 0666 less the umask); a symbolic link is\n"
	"followed (one to nothing is refused); a device or FIFO is written into.\n\n"
	"SOURCE_DATE_EPOCH, when set, fixes the DTSTAMP of the events.\n";

/* DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible output. */
static int64_t
export_stamp(void)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	if (env && *env) {
		char *end;
		long long v = strtoll(env, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return (int64_t)time(NULL);
}

/* The calendar to standard output, through stdio's buffer; arg: where
 * the errno of a failure goes. */
static bool
export_stdout_write(void *arg, const char *data, size_t len)
{
	if (fwrite(data, 1, len, stdout) == len)
		return true;
	*(int *)arg = errno;
	return false;
}

int
cli_export(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("export");
	static const struct option longopts[] = {
		{"agenda", no_argument, NULL, 'A'},
		{"all", no_argument, NULL, 'L'},
		{"query", required_argument, NULL, 'q'},
		{"alarm", required_argument, NULL, 'a'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum { AGENDA, ALL, QUERY } what = AGENDA;
	const char *query = NULL, *output = "-";
	int alarm = cli_config_alarm(), c; /* --alarm wins */
	while ((c = getopt_long(argc, argv, ":q:a:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'A': what = AGENDA; break;
		case 'L': what = ALL; break;
		case 'q':
			what = QUERY;
			query = optarg;
			break;
		case 'a': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (strcmp(optarg, "none") == 0)
				v = -1, end = optarg + 4;
			else if (*end || end == optarg || v < 0 || v > 7 * 24 * 60)
				return cli_usage_error(cmd, "--alarm: expected "
					"minutes from 0 to 10080, or none, got "
					"'%s'", optarg);
			alarm = (int)v;
			break;
		}
		case 'o': output = optarg; break;
		case 'h': return cli_command_help(cmd, export_help);
		default: return cli_option_error(cmd, c, argv);
		}
	}
	struct search_query *q = NULL;
	if (what == QUERY && (q = cli_query_compile(cmd, query)) == NULL)
		return 2;
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0) {
		cli_programs_finish(&set);
		search_destroy(q);
		return status;
	}
	size_t n = 0, cap = 16;
	struct export_item *items = xcalloc(cap, sizeof(*items));
	for (size_t i = 0; i < set.n && status == 0; i++) {
		const struct program *p = set.v[i];
		bool *keep = xcalloc(p->n_sessions + 1, sizeof(bool));
		if (what == ALL) {
			for (size_t k = 0; k < p->n_sessions; k++)
				keep[k] = true;
		} else if (what == QUERY) {
			struct search_result *r;
			long m = cli_query_run(cmd, q, p, &r);
			if (m < 0)
				status = 2;
			for (long k = 0; k < m; k++)
				keep[r[k].session] = true;
			free(r);
		} else {
			struct agenda *a = cli_agenda_load(p);
			if (a == NULL) {
				status = EX_NOINPUT;
			} else {
				bool *conflict;
				free(keep);
				agenda_mark(a, p, &keep, &conflict);
				free(conflict);
				agenda_destroy(a);
			}
		}
		for (size_t k = 0; k < p->n_sessions; k++) {
			size_t idx = p->order[k];
			if (!keep[idx])
				continue;
			if (n == cap) {
				cap *= 2;
				items = xreallocarray(items, cap, sizeof(*items));
			}
			items[n++] = (struct export_item){p, &p->sessions[idx]};
		}
		free(keep);
	}
	if (status == 0) {
		char *name = set.n == 1
			? xasprintf("%s%s", set.v[0]->conference.title,
				    what == AGENDA ? " (my agenda)" : "")
			: xstrdup(what == AGENDA ? "sked: my agenda" : "sked");
		struct export_options o = {.alarm = alarm,
					   .dtstamp = export_stamp(),
					   .name = name};
		size_t exported, skipped;
		char *error = NULL;
		if (strcmp(output, "-") == 0) {
			int err = 0;
			struct export_sink sink = {export_stdout_write, &err};
			bool ok = export_calendar(items, n, &o, &sink,
						  &exported, &skipped);
			if (ok && fflush(stdout) != 0) {
				ok = false;
				err = errno;
			}
			if (!ok || ferror(stdout)) {
				cli_error("writing the calendar failed%s%s",
					  err ? ": " : "",
					  err ? strerror(err) : "");
				status = EX_IOERR;
			}
		} else if (!export_file(output, items, n, &o, &exported,
					&skipped, &error)) {
			cli_error("%s", error);
			free(error);
			status = EX_CANTCREAT;
		}
		free(name);
		if (status == 0)
			fprintf(stderr, "sked: exported %zu session%s to %s%s\n",
				exported, exported == 1 ? "" : "s",
				strcmp(output, "-") ? output : "standard output",
				skipped ? "" : "");
		if (status == 0 && skipped)
			fprintf(stderr, "sked: %zu unscheduled session%s skipped\n",
				skipped, skipped == 1 ? "" : "s");
	}
	free(items);
	search_destroy(q);
	cli_programs_finish(&set);
	return status;
}
