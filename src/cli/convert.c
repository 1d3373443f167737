/* sked convert FILE [-o OUT]: a program, from any format sked reads, as a
 * sked YAML file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/diag.h"
#include "sked/tz.h"
#include "sked/yamlout.h"

/* Whether a session on date d is to be named for not fitting the
 * conference's days from..to: when far is set, the days could not hold
 * it even alone; else when it is outside them at all. */
static bool
cv_named(int64_t d, int64_t from, int64_t to, bool far)
{
	if (far)
		return d > from + PROGRAM_MAX_DAYS - 1 ||
		       d < to - (PROGRAM_MAX_DAYS - 1);
	return d < from || d > to;
}

/* How many sessions cv_named picks (by far); when say is set, each of
 * the first three is named with its start, and the rest counted. */
static size_t
cv_name_sessions(const struct program *p, const char *file, bool far,
		 bool say)
{
	const struct program_conference *c = &p->conference;
	int64_t from = tz_days_from_civil(c->start.year, c->start.month,
					  c->start.day);
	int64_t to = tz_days_from_civil(c->end.year, c->end.month, c->end.day);
	size_t n = 0;
	char id[64], title[64];
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		if (!s->scheduled ||
		    !cv_named(yamlout_session_day(p, s), from, to, far) ||
		    n++ >= 3 || !say)
			continue;
		cli_error("%s: session %s (%s), listed under day %d, starts "
			  "%04d-%02d-%02d %02d:%02d, outside the conference's "
			  "days (%04d-%02d-%02d to %04d-%02d-%02d)",
			  file, diag_quote(s->id, id, sizeof(id)),
			  diag_quote(s->title ? s->title : "", title,
				     sizeof(title)),
			  s->day + 1, s->start.year, s->start.month,
			  s->start.day, s->start.hour, s->start.minute,
			  c->start.year, c->start.month, c->start.day,
			  c->end.year, c->end.month, c->end.day);
	}
	if (say && n > 3)
		cli_error("%s: ... and %zu more such sessions", file, n - 3);
	return n;
}

/* Says why p cannot be converted (yamlout_fits): the sessions a feed
 * listed under the conference's days (the import keeps them there, with
 * a warning) whose starts are too far from them, each alone when any is,
 * else all outside them; and the days a file would need. */
static void
cv_too_long(const struct program *p, const char *file)
{
	bool far = cv_name_sessions(p, file, true, false) > 0;
	size_t n = cv_name_sessions(p, file, far, true);
	int64_t first, last;
	struct tz_date a, b;
	yamlout_days(p, &first, &last);
	tz_civil_from_days(first, &a);
	tz_civil_from_days(last, &b);
	cli_error("%s: not converted: a sked file puts each session on the "
		  "day of its start, and its conference would run from "
		  "%04d-%02d-%02d to %04d-%02d-%02d, %lld days (sked(5) allows "
		  "%d); correct the %s in the file",
		  file, a.year, a.month, a.day, b.year, b.month, b.day,
		  (long long)(last - first + 1), PROGRAM_MAX_DAYS,
		  n == 1 ? "session's date" : "sessions' dates");
}

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
	if (!yamlout_fits(p)) {
		/* Nothing written: sked would not open the file. */
		cv_too_long(p, argv[optind]);
		cli_programs_finish(&set);
		return EX_DATAERR;
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
