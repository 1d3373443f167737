/* sked star/unstar FILE ID... and sked agenda: the personal agenda. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/format.h"
#include "sked/text.h"
#include "sked/tz.h"

/* Loads a program's agenda, reporting a file set aside; NULL on error. */
struct agenda *
cli_agenda_load(const struct program *p)
{
	char *notice, *error;
	struct agenda *a = agenda_load(p->conference.id, &notice, &error);
	if (notice) {
		cli_error("%s", notice);
		free(notice);
	}
	if (error) {
		cli_error("%s", error);
		free(error);
	}
	return a;
}

static int
cli_star_common(int argc, char **argv, bool star)
{
	const struct cli_command *cmd = cli_find_command(star ? "star" : "unstar");
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h')
			return cli_command_help(cmd, star
				? "Stars sessions of the program in FILE: adds "
				  "them to its agenda, kept in\n"
				  "$XDG_DATA_HOME/sked/<conference-id>.agenda.\n"
				: "Removes sessions from the agenda of the program "
				  "in FILE (also ids the\nprogram no longer has).\n");
		return cli_option_error(cmd, c, argv);
	}
	if (argc - optind < 2)
		return cli_usage_error(cmd, "a FILE and at least one ID are needed");
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind, 1, false);
	if (status != 0) {
		cli_programs_finish(&set);
		return status;
	}
	const struct program *p = set.v[0];
	struct agenda *a = cli_agenda_load(p);
	if (a == NULL) {
		cli_programs_finish(&set);
		return EX_CANTCREAT;
	}
	bool changed = false;
	for (int i = optind + 1; i < argc; i++) {
		const char *id = argv[i];
		if (star && program_find_session(p, id) == NULL) {
			char *safe = text_sanitize(id, strlen(id), 0);
			cli_error("%s has no session '%s'", p->path, safe);
			free(safe);
			status = EX_USAGE;
		} else if (star) {
			changed |= agenda_add(a, id);
		} else if (!agenda_remove(a, id)) {
			char *safe = text_sanitize(id, strlen(id), 0);
			cli_error("'%s' was not starred", safe);
			free(safe);
		} else {
			changed = true;
		}
	}
	char *error;
	if (changed && !agenda_save(a, &error)) {
		cli_error("%s", error);
		free(error);
		status = EX_CANTCREAT;
	}
	agenda_destroy(a);
	cli_programs_finish(&set);
	return status;
}

int
cli_star(int argc, char **argv)
{
	return cli_star_common(argc, argv, true);
}

int
cli_unstar(int argc, char **argv)
{
	return cli_star_common(argc, argv, false);
}

static const char agenda_help[] =
	"Prints the starred sessions of each program in time order, in the\n"
	"formats of 'sked list'. The text format then names every conflict\n"
	"(starred sessions that overlap) and the starred ids a program no\n"
	"longer has. With no FILE, the bundled programs.\n\n"
	"  -z, --tz ZONE|local    show times in an IANA zone or the local one\n"
	"  -f, --format FORMAT    text (default), tsv, or json (JSON Lines)\n"
	"  -h, --help             show this help\n";

int
cli_agenda(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("agenda");
	static const struct option longopts[] = {
		{"tz", required_argument, NULL, 'z'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct tz_zone *zone = NULL;
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
		case 'h': return cli_command_help(cmd, agenda_help);
		default: return cli_option_error(cmd, c, argv);
		}
	}
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0) {
		cli_programs_finish(&set);
		return status;
	}
	bool tty = isatty(STDOUT_FILENO);
	struct format_writer w;
	format_init(&w, stdout, kind, zone, tty);
	for (size_t i = 0; i < set.n; i++) {
		const struct program *p = set.v[i];
		struct agenda *a = cli_agenda_load(p);
		if (a == NULL) {
			status = EX_NOINPUT;
			continue;
		}
		bool *starred, *conflict;
		size_t conflicts = agenda_mark(a, p, &starred, &conflict);
		for (size_t k = 0; k < p->n_sessions; k++)
			if (starred[p->order[k]])
				format_session(&w, p, &p->sessions[p->order[k]]);
		if (kind == FORMAT_TEXT && conflicts) {
			/* Name each overlapping pair, in time order. */
			printf("\nConflicts:\n");
			const struct tz_zone *z = zone ? zone : p->conference.zone;
			for (size_t x = 0; x < p->n_scheduled; x++) {
				const struct program_session *s =
					&p->sessions[p->order[x]];
				if (!conflict[p->order[x]])
					continue;
				for (size_t y = x + 1; y < p->n_scheduled; y++) {
					const struct program_session *o =
						&p->sessions[p->order[y]];
					if (o->start_utc >= program_session_end(s))
						break;
					if (!conflict[p->order[y]])
						continue;
					struct tz_wall a1, a2;
					tz_from_utc(z, s->start_utc, &a1, NULL);
					tz_from_utc(z, o->start_utc, &a2, NULL);
					char *t1 = text_sanitize(s->title, strlen(s->title), 0);
					char *t2 = text_sanitize(o->title, strlen(o->title), 0);
					printf("  %02d:%02d %s (%s) overlaps %02d:%02d %s (%s)\n",
					       a1.hour, a1.minute, t1, s->id,
					       a2.hour, a2.minute, t2, o->id);
					free(t1);
					free(t2);
				}
			}
		}
		const char **missing;
		size_t n_missing = agenda_missing(a, p, &missing);
		for (size_t k = 0; k < n_missing; k++)
			cli_error("%s: starred session '%s' is no longer in the "
				  "program (kept)", p->conference.id, missing[k]);
		free(missing);
		free(starred);
		free(conflict);
		agenda_destroy(a);
	}
	cli_programs_finish(&set);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("writing the agenda failed");
		return EX_IOERR;
	}
	return status;
}
