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

/* The latest instant iCalendar's DTSTAMP can say: 9999-12-31T23:59:59Z. */
#define EXPORT_STAMP_MAX 253402300799LL

/* DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible output (seconds
 * since 1970, up to the year 9999); false, said, when that is set to
 * anything else (reproducible-builds.org: a malformed value is an
 * error, not the time now). */
static bool
export_stamp(int64_t *stamp)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	*stamp = (int64_t)time(NULL);
	if (env == NULL || *env == '\0')
		return true;
	char *end;
	errno = 0;
	long long v = strtoll(env, &end, 10);
	if (*end == '\0' && errno == 0 && *env >= '0' && *env <= '9' &&
	    v <= EXPORT_STAMP_MAX) {
		*stamp = v;
		return true;
	}
	cli_error("SOURCE_DATE_EPOCH: expected seconds since 1970-01-01 "
		  "(0 to %lld, the end of the year 9999), got '%.40s'",
		  EXPORT_STAMP_MAX, env);
	return false;
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

/* Whether any of items[0..n) has a time: an unscheduled one is no
 * calendar event. */
static bool
cli_export_any_scheduled(const struct export_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].session->scheduled)
			return true;
	return false;
}

int
cli_export(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("export");
	enum { AGENDA, ALL, QUERY } what = AGENDA;
	const char *query = NULL, *output = "-";
	int whats = 0; /* of --agenda, --all and --query given */
	int alarm = cli_config_alarm(), c; /* --alarm wins */
	struct cli_opts op;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0) {
		switch (c) {
		case CLI_KEY_AGENDA: what = AGENDA; whats++; break;
		case CLI_KEY_ALL: what = ALL; whats++; break;
		case 'q':
			what = QUERY;
			query = op.value;
			whats++;
			break;
		case 'a': {
			long v = -1; /* none: no reminder, whatever the config says */
			if (strcmp(op.value, "none") != 0) {
				char *end;
				v = strtol(op.value, &end, 10);
				if (*end || end == op.value || v < 0 ||
				    v > 7 * 24 * 60)
					return cli_usage_error(cmd, "--alarm: "
						"expected minutes from 0 to 10080, "
						"or none, got '%s'", op.value);
			}
			alarm = (int)v;
			break;
		}
		case 'o': output = op.value; break;
		}
	}
	if (c < 0)
		return op.status;
	if (whats > 1)
		return cli_usage_error(cmd, "--agenda, --all and --query each "
				       "say what to export: give one");
	if (*output == '\0')
		return cli_usage_error(cmd, "-o: expected a file name, or - "
				       "for standard output");
	int64_t stamp;
	if (!export_stamp(&stamp))
		return EX_CONFIG;
	struct search_query *q = NULL;
	if (what == QUERY && (q = cli_query_compile(cmd, query)) == NULL)
		return 2;
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0) {
		search_destroy(q);
		return status;
	}
	size_t n = 0, cap = 16, gone = 0;
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
				const char **ids;
				gone += agenda_missing(a, p, &ids);
				free(ids);
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
	const struct program *in = cli_output_is_input(&set, output);
	if (status == 0 && in != NULL) {
		status = cli_usage_error(cmd, "-o %s: that is the program %s's "
					 "file (it would be replaced)", output,
					 in->conference.id);
	} else if (status == 0 && what == QUERY && n == 0) {
		/* As sked search says it; an existing calendar is not
		 * replaced by an empty one. */
		fprintf(stderr, "sked: no session matches: nothing exported\n");
		status = 1;
	} else if (status == 0 && what == AGENDA && n == 0 && gone > 0) {
		/* Nor by stars whose sessions are gone. */
		cli_error("%zu starred session%s no longer in %s: nothing "
			  "exported", gone, gone == 1 ? " is" : "s are",
			  set.n == 1 ? set.v[0]->conference.id
				     : "these programs");
		status = 1;
	} else if (status == 0 && what == AGENDA && n == 0) {
		/* Nor by an empty agenda (the wrong program named). */
		if (set.n == 1)
			cli_error("nothing starred in %s: nothing exported "
				  "(sked star FILE ID... stars sessions)",
				  set.v[0]->conference.id);
		else
			cli_error("nothing starred in these programs: nothing "
				  "exported (sked star FILE ID... stars "
				  "sessions)");
		status = 1;
	} else if (status == 0 && n == 0) {
		cli_error("no session to export: nothing exported");
		status = 1;
	} else if (status == 0 && !cli_export_any_scheduled(items, n)) {
		cli_error("no scheduled session among the %zu to export: "
			  "nothing exported (a calendar needs a time)", n);
		status = 1;
	}
	if (status == 0) {
		char *name = set.n == 1
			? xasprintf("%s%s", set.v[0]->conference.title,
				    what == AGENDA ? " (my agenda)" : "")
			: xstrdup(what == AGENDA ? "sked: my agenda" : "sked");
		struct export_options o = {.alarm = alarm,
					   .dtstamp = stamp,
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
			cli_error("exported %zu session%s to %s", exported,
				  exported == 1 ? "" : "s",
				  strcmp(output, "-") ? output
						      : "standard output");
		if (status == 0 && skipped)
			fprintf(stderr, "sked: %zu unscheduled session%s skipped\n",
				skipped, skipped == 1 ? "" : "s");
	}
	free(items);
	search_destroy(q);
	cli_programs_finish(&set);
	return status;
}
