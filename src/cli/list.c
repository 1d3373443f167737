/* sked list: the program in time order, grouped by day. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/format.h"
#include "sked/program.h"
#include "sked/text.h"
#include "sked/tz.h"

/* Whether conference day `day` of p is one a --day value names: its date,
 * or its weekday (every such day of a conference longer than a week, as
 * search's day:mon). */
static bool
list_on_day(const struct program *p, const char *arg, int day)
{
	struct tz_date d, want;
	program_day_date(p, day, &d);
	if (tz_parse_date(arg, &want))
		return d.year == want.year && d.month == want.month &&
		       d.day == want.day;
	int wd = tz_parse_weekday(arg);
	return wd >= 0 &&
	       tz_weekday(tz_days_from_civil(d.year, d.month, d.day)) == wd;
}

/* Whether p has a day a --day value names. */
static bool
list_has_day(const struct program *p, const char *arg)
{
	for (int day = 0; day < p->conference.n_days; day++)
		if (list_on_day(p, arg, day))
			return true;
	return false;
}

int
cli_list(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("list");
	const char *day_arg = NULL, *track_arg = NULL;
	const struct tz_zone *zone = cli_config_zone(); /* --tz wins */
	enum format_kind kind = FORMAT_TEXT;
	struct tz_date date;
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0) {
		switch (c) {
		case 'd':
			if (!tz_parse_date(op.value, &date) &&
			    tz_parse_weekday(op.value) < 0)
				return cli_usage_error(cmd, "--day: expected "
					"YYYY-MM-DD or a weekday, got '%s'", op.value);
			day_arg = op.value;
			break;
		case 't': track_arg = op.value; break;
		case 'z':
		case 'f': {
			int r = cli_output_option(cmd, c, op.value, &zone, &kind);
			if (r)
				return r;
			break;
		}
		}
	}
	if (c < 0)
		return op.status;
	cli_zone_settled();
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0)
		return status;
	/* Check the filters before printing anything. */
	bool day_found = day_arg == NULL, track_found = track_arg == NULL;
	for (size_t i = 0; i < set.n; i++) {
		day_found |= day_arg && list_has_day(set.v[i], day_arg);
		track_found |= track_arg &&
			       program_find_track(set.v[i], track_arg) >= 0;
	}
	if (!day_found || !track_found) {
		if (!day_found)
			cli_error("no conference has the day '%s'", day_arg);
		if (!track_found)
			cli_error("no track has the id or name '%s'", track_arg);
		cli_programs_finish(&set);
		return EX_USAGE;
	}
	struct format_writer w;
	format_init(&w, stdout, kind, zone, isatty(STDOUT_FILENO));
	size_t listed = 0;
	for (size_t i = 0; i < set.n; i++) {
		const struct program *p = set.v[i];
		int track = track_arg ? program_find_track(p, track_arg) : -1;
		if ((day_arg && !list_has_day(p, day_arg)) ||
		    (track_arg && track < 0))
			continue;
		struct agenda *a = agenda_peek(p->conference.id);
		for (size_t k = 0; k < p->n_sessions; k++) {
			const struct program_session *s =
				&p->sessions[p->order[k]];
			if (day_arg && (!s->scheduled ||
					!list_on_day(p, day_arg, s->day)))
				continue;
			if (track_arg && s->track != track)
				continue;
			format_session(&w, p, s, a && agenda_has(a, s->id));
			listed++;
		}
		agenda_destroy(a);
	}
	size_t set_n = set.n;
	cli_programs_finish(&set);
	if (!cli_stdout_flushed("writing the list failed"))
		return EX_IOERR;
	/* Silence is no answer; standard output stays clean for scripts. */
	if (listed == 0 && (day_arg || track_arg)) {
		char *d = text_sanitize(day_arg ? day_arg : "", day_arg ?
					strlen(day_arg) : 0, 0);
		char *t = text_sanitize(track_arg ? track_arg : "", track_arg ?
					strlen(track_arg) : 0, 0);
		cli_error("no session matches%s%s%s%s", day_arg ? " --day " : "",
			  d, track_arg ? " --track " : "", t);
		free(d);
		free(t);
	} else if (listed == 0) {
		cli_error("no sessions: the program%s empty",
			  set_n == 1 ? " is" : "s are");
	}
	return 0;
}
