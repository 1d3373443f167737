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
#include "sked/strset.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

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
	int parsed = cli_opts_common(cmd, argc, argv);
	if (parsed >= 0)
		return parsed;
	if (argc - optind < 2)
		return cli_usage_error(cmd, "a FILE and at least one ID are needed");
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind, 1, false);
	if (status != 0)
		return status;
	const struct program *p = set.v[0];
	/* Each id once, in the order first given: `star F 66 66` stars one
	 * session, and says so, not that one was already starred. */
	size_t given = (size_t)(argc - optind - 1);
	const char **ids = xcalloc(given, sizeof(*ids));
	size_t n = 0;
	struct strset seen;
	strset_init(&seen, given);
	for (size_t i = 0; i < given; i++)
		if (strset_add(&seen, argv[optind + 1 + i]) == NULL)
			ids[n++] = argv[optind + 1 + i];
	strset_finish(&seen);
	/* All or nothing: every id is checked before anything is saved,
	 * through a set of the program's ids (a search of the sessions per
	 * id took 50 s for 100,000 ids). */
	size_t unknown = 0;
	struct strset known;
	strset_init(&known, star ? p->n_sessions : 0);
	for (size_t k = 0; star && k < p->n_sessions; k++)
		strset_add(&known, p->sessions[k].id);
	for (size_t i = 0; star && i < n; i++)
		if (strset_find(&known, ids[i]) == NULL) {
			char *safe = text_sanitize(ids[i], strlen(ids[i]), 0);
			/* Named as given: a conference id, not its file. */
			cli_error("%s has no session '%s'", argv[optind],
				  safe);
			free(safe);
			unknown++;
		}
	strset_finish(&known);
	if (unknown) {
		cli_error("nothing starred in %s: %s", p->conference.id,
			  unknown == 1 ? "an id is unknown" : "ids are unknown");
		free(ids);
		cli_programs_finish(&set);
		return EX_USAGE;
	}
	struct agenda *a = cli_agenda_load(p);
	if (a == NULL) {
		free(ids);
		cli_programs_finish(&set);
		return EX_CANTCREAT;
	}
	bool *changed = xcalloc(n + 1, sizeof(bool));
	char *notice, *error;
	struct cli_wait said = {.what = "the agenda lock"};
	struct statefile_wait wait = {.go_on = cli_wait_said, .arg = &said};
	bool ok = agenda_update(a, ids, n, star, p, changed, &wait, &notice,
				&error);
	if (notice) {
		cli_error("%s", notice);
		free(notice);
	}
	if (!ok) {
		cli_error("%s", error);
		free(error);
		status = EX_CANTCREAT;
	} else {
		/* Say what happened, on stderr: stdout stays for data. */
		size_t done = 0;
		for (size_t i = 0; i < n; i++)
			done += changed[i];
		const char *conf = p->conference.id;
		if (star && done == n)
			cli_error("starred %zu session%s in %s", done,
				  done == 1 ? "" : "s", conf);
		else if (star && done == 0)
			cli_error("nothing new starred in %s (%s already "
				  "starred)", conf, n == 1 ? "it was" : "all were");
		else if (star)
			cli_error("starred %zu session%s in %s (%zu %s already "
				  "starred)", done, done == 1 ? "" : "s", conf,
				  n - done, n - done == 1 ? "was" : "were");
		else
			cli_error("unstarred %zu session%s in %s", done,
				  done == 1 ? "" : "s", conf);
		if (!star && done < n) {
			/* The ids that were not in the agenda, in one line. */
			size_t len = 0;
			char **safe = xcalloc(n, sizeof(*safe));
			for (size_t i = 0; i < n; i++)
				if (!changed[i]) {
					safe[i] = text_sanitize(ids[i],
								strlen(ids[i]), 0);
					len += strlen(safe[i]) + 2;
				}
			char *list = xmalloc(len + 1), *o = list;
			for (size_t i = 0; i < n; i++)
				if (safe[i]) {
					o += sprintf(o, "%s%s", o == list ? "" : ", ",
						     safe[i]);
					free(safe[i]);
				}
			*o = '\0';
			cli_error("not starred: %s", list);
			free(list);
			free(safe);
		}
	}
	free(changed);
	free(ids);
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

/* A starred scheduled session of program k, for cli_agenda_across. */
struct cli_star_span {
	const struct program_session *s;
	size_t k;
};

static int
cli_star_span_cmp(const void *x, const void *y)
{
	const struct cli_star_span *a = x, *b = y;
	return a->s->start_utc < b->s->start_utc   ? -1
	       : a->s->start_utc > b->s->start_utc ? 1
	       : a->k < b->k			   ? -1
						   : a->k > b->k;
}

/* The zone the conflicts between programs are told in: zone (--tz) if
 * given, else the one every program with a starred session of v[0..n)
 * shares, else the first such program's, which *which names. Not simply
 * the first program's: with no FILE that is lpc2019, which may list
 * nothing, and the clashes read hours off from the listing above them. */
static const struct tz_zone *
cli_agenda_across_zone(const struct cli_programs *set,
		       const struct cli_star_span *v, size_t n,
		       const struct tz_zone *zone, const char **which)
{
	*which = NULL;
	if (zone != NULL || n == 0)
		return zone;
	size_t first = v[0].k;
	for (size_t i = 1; i < n; i++)
		if (v[i].k < first)
			first = v[i].k;
	const struct tz_zone *z = set->v[first]->conference.zone;
	for (size_t i = 0; i < n; i++)
		if (strcmp(tz_label(set->v[v[i].k]->conference.zone),
			   tz_label(z)) != 0) {
			*which = set->v[first]->conference.id;
			break;
		}
	return z;
}

/* The conflicts between programs (co-located conferences, an online one
 * beside): every pair of starred sessions of two programs that overlap,
 * in time order, the times in one zone (cli_agenda_across_zone), which
 * the heading names. stars[k]: program k's starred sessions. */
static void
cli_agenda_across(const struct cli_programs *set, bool **stars,
		  const struct tz_zone *zone)
{
	if (set->n < 2)
		return;
	size_t total = 0, n = 0;
	for (size_t k = 0; k < set->n; k++)
		total += set->v[k]->n_scheduled;
	struct cli_star_span *v = xcalloc(total + 1, sizeof(*v));
	for (size_t k = 0; k < set->n; k++) {
		const struct program *p = set->v[k];
		for (size_t x = 0; stars[k] && x < p->n_scheduled; x++)
			if (stars[k][p->order[x]])
				v[n++] = (struct cli_star_span){
					&p->sessions[p->order[x]], k};
	}
	xqsort(v, n, sizeof(*v), cli_star_span_cmp);
	const char *which;
	const struct tz_zone *z = cli_agenda_across_zone(set, v, n, zone, &which);
	bool heading = false;
	/* Each against those starting before it ends: a sweep, so the cost
	 * is the sessions and the pairs printed. */
	for (size_t i = 0; i < n; i++) {
		int64_t end = program_session_end(v[i].s);
		for (size_t j = i + 1; j < n && v[j].s->start_utc < end; j++) {
			if (v[j].k == v[i].k || !agenda_overlap(v[i].s, v[j].s))
				continue;
			if (!heading && which != NULL)
				printf("\nConflicts between programs (times in "
				       "%s, %s's zone):\n", tz_label(z), which);
			else if (!heading)
				printf("\nConflicts between programs (times in "
				       "%s):\n", tz_label(z));
			heading = true;
			const struct program *p = set->v[v[i].k],
					     *q = set->v[v[j].k];
			struct tz_wall a;
			tz_from_utc(z, v[i].s->start_utc, &a, NULL);
			int wd = tz_weekday(tz_days_from_civil(a.year, a.month,
							       a.day));
			char w1[FORMAT_WHEN_MAX], w2[FORMAT_WHEN_MAX];
			char *t1 = text_sanitize(v[i].s->title,
						 strlen(v[i].s->title), 0);
			char *t2 = text_sanitize(v[j].s->title,
						 strlen(v[j].s->title), 0);
			printf("  %s %d %s: %s %s (%s %s) overlaps %s %s (%s "
			       "%s)\n",
			       tz_weekday_abbr(wd), a.day, tz_month_name(a.month),
			       format_when(w1, p, v[i].s, z, FORMAT_WHEN_RANGE),
			       t1, p->conference.id, v[i].s->id,
			       format_when(w2, q, v[j].s, z, FORMAT_WHEN_RANGE),
			       t2, q->conference.id, v[j].s->id);
			free(t1);
			free(t2);
		}
	}
	free(v);
}

int
cli_agenda(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("agenda");
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
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0)
		return status;
	bool tty = isatty(STDOUT_FILENO);
	struct format_writer w;
	format_init(&w, stdout, kind, zone, tty);
	w.mark_stars = false; /* every one is */
	bool **stars = xcalloc(set.n + 1, sizeof(*stars));
	for (size_t i = 0; i < set.n; i++) {
		const struct program *p = set.v[i];
		struct agenda *a = cli_agenda_load(p);
		if (a == NULL) {
			status = EX_NOINPUT;
			continue;
		}
		if (a->n == 0)
			/* Silence would look like a failure: say so, on stderr
			 * (stdout stays empty for scripts). */
			cli_error("nothing starred in %s (sked star FILE ID... "
				  "stars sessions)", p->conference.id);
		bool *starred, *conflict;
		size_t conflicts = agenda_mark(a, p, &starred, &conflict);
		for (size_t k = 0; k < p->n_sessions; k++)
			if (starred[p->order[k]])
				format_session(&w, p, &p->sessions[p->order[k]], true);
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
					char w1[FORMAT_WHEN_MAX], w2[FORMAT_WHEN_MAX];
					char *t1 = text_sanitize(s->title, strlen(s->title), 0);
					char *t2 = text_sanitize(o->title, strlen(o->title), 0);
					/* The day it is on the program of: an
					 * agenda has many. */
					struct tz_date d;
					program_day_date(p, s->day, &d);
					int wd = tz_weekday(tz_days_from_civil(
						d.year, d.month, d.day));
					printf("  %s %d %s: %s %s (%s) overlaps %s %s (%s)\n",
					       tz_weekday_abbr(wd), d.day,
					       tz_month_name(d.month),
					       format_when(w1, p, s, z, FORMAT_WHEN_START),
					       t1, s->id,
					       format_when(w2, p, o, z, FORMAT_WHEN_START),
					       t2, o->id);
					free(t1);
					free(t2);
				}
			}
		}
		const char **missing;
		size_t n_missing = agenda_missing(a, p, &missing);
		for (size_t k = 0; k < n_missing; k++) {
			/* What it was, as the agenda's note says. */
			char *safe = agenda_note_shown(a, missing[k]);
			cli_error("%s: starred session '%s'%s%s%s is no longer "
				  "in the program (kept)", p->conference.id,
				  missing[k], safe ? " (" : "", safe ? safe : "",
				  safe ? ")" : "");
			free(safe);
		}
		free(missing);
		stars[i] = starred;
		free(conflict);
		agenda_destroy(a);
	}
	if (kind == FORMAT_TEXT)
		cli_agenda_across(&set, stars, zone);
	for (size_t i = 0; i < set.n; i++)
		free(stars[i]);
	free(stars);
	cli_programs_finish(&set);
	if (!cli_stdout_flushed("writing the agenda failed"))
		return EX_IOERR;
	return status;
}
