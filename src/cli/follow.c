/* sked add, update, programs, remove, changes: the followed programs
 * (follow.h), and sked URL's first step. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/bundle.h"
#include "sked/changes.h"
#include "sked/follow.h"
#include "sked/format.h"
#include "sked/load.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* "3 hours ago" for an instant then, at now. */
static void
cli_age(char buf[48], int64_t then, int64_t now)
{
	int64_t d = now > then ? now - then : 0;
	static const struct {
		int64_t secs;
		const char *unit;
	} units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (d >= units[i].secs || units[i].secs == 1) {
			long long k = (long long)(d / units[i].secs);
			snprintf(buf, 48, "%lld %s%s ago", k, units[i].unit,
				 k == 1 ? "" : "s");
			return;
		}
}

/* Progress of a download on a terminal: after the first half second,
 * "sked: downloading ID: 1.2 MB of 3.4 MB" on one line of stderr,
 * redrawn at most ten times a second and cleared when done. */
struct cli_progress {
	const char *id; /* NULL while not known (sked add) */
	struct timespec start, last;
	bool shown;
};

static double
cli_seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
cli_bytes(char buf[32], long long n)
{
	if (n < 1000 * 1000)
		snprintf(buf, 32, "%lld kB", (n + 999) / 1000);
	else
		snprintf(buf, 32, "%.1f MB", (double)n / 1e6);
}

static bool
cli_progress_show(void *arg, long long received, long long total)
{
	struct cli_progress *p = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (cli_seconds(&p->start, &now) < 0.5 ||
	    (p->shown && cli_seconds(&p->last, &now) < 0.1))
		return true;
	p->last = now;
	p->shown = true;
	char got[32], all[32];
	cli_bytes(got, received);
	if (total > 0)
		cli_bytes(all, total);
	/* \r and erase-line: sked's own control of its own line. */
	fprintf(stderr, "\rsked: downloading%s%s: %s%s%s\033[K",
		p->id ? " " : "", p->id ? p->id : "", got,
		total > 0 ? " of " : "", total > 0 ? all : "");
	fflush(stderr);
	return true;
}

/* Ctrl-C (or a kill) while the line is shown: the line cleared, then the
 * signal's own end (exit status 130 for SIGINT, as before). */
static struct sigaction cli_progress_old[2];
static const int cli_progress_signals[2] = {SIGINT, SIGTERM};

static void
cli_progress_signal(int sig)
{
	static const char clear[] = "\r\033[K";
	ssize_t r = write(STDERR_FILENO, clear, sizeof(clear) - 1);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
cli_progress_init(struct cli_progress *p, struct follow_options *o,
		  const char *id)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	if (isatty(STDERR_FILENO)) {
		o->progress = cli_progress_show;
		o->progress_arg = p;
		struct sigaction sa = {.sa_handler = cli_progress_signal};
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < 2; i++)
			sigaction(cli_progress_signals[i], &sa,
				  &cli_progress_old[i]);
	}
}

static void
cli_progress_done(struct cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
	if (isatty(STDERR_FILENO))
		for (size_t i = 0; i < 2; i++)
			sigaction(cli_progress_signals[i], &cli_progress_old[i],
				  NULL);
}

/* Prints the errors of a validation, as the loader's messages, and with
 * `warnings` its warnings too (a program just added or changed: the one
 * time they can be acted on, as sked check says them). A report's error
 * is the first of them (follow_validate): so that no message is said
 * twice, returns whether one is `report` (NULL: none), and prints that one
 * only when `print_report`. */
static bool
cli_print_errors(const struct diag_list *d, const char *report,
		 bool print_report, bool warnings)
{
	bool found = false;
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].severity != DIAG_ERROR && !warnings)
			continue;
		char *s = diag_format(&d->v[i]);
		bool is = !found && report != NULL && strcmp(s, report) == 0;
		found = found || is;
		if (!is || print_report)
			cli_say(stderr, "%s", s);
		free(s);
	}
	return found;
}

/* The exit status of an outcome (0 when it went through). */
static int
cli_follow_status(enum follow_outcome o)
{
	switch (o) {
	case FOLLOW_UNCHANGED:
	case FOLLOW_UPDATED: return 0;
	case FOLLOW_FAILED: return EX_TEMPFAIL;
	case FOLLOW_INVALID: return EX_DATAERR;
	case FOLLOW_REFUSED: return EX_USAGE;
	case FOLLOW_ERROR: return EX_CANTCREAT;
	}
	return EX_SOFTWARE;
}

/* "ID: TITLE, START to END, N sessions" */
static void
cli_program_summary(FILE *fp, const struct program *p)
{
	const struct tz_date *s = &p->conference.start, *e = &p->conference.end;
	cli_say(fp, "%s: %s, %04d-%02d-%02d to %04d-%02d-%02d, %zu session%s",
		p->conference.id, p->conference.title, s->year, s->month, s->day,
		e->year, e->month, e->day, p->n_sessions,
		p->n_sessions == 1 ? "" : "s");
}

int
cli_follow_url(const char *url, const char *name, FILE *summary, char **id)
{
	*id = NULL;
	char **reserved;
	size_t n_reserved = cli_bundled_ids(&reserved);
	struct diag_list diags;
	diag_list_init(&diags);
	struct follow_options o = {
		.diags = &diags,
		.timezone = cli_timezone(),
		.reserved = (const char *const *)reserved,
		.n_reserved = n_reserved,
	};
	struct cli_progress progress;
	cli_progress_init(&progress, &o, NULL);
	struct follow_report r;
	enum follow_outcome out = follow_add(url, name, &o, &r);
	cli_progress_done(&progress);
	/* The loader's messages; the report's error below unless it is
	 * one of them. */
	bool told = cli_print_errors(&diags, r.error, true,
				     out == FOLLOW_UPDATED);
	diag_list_finish(&diags);
	for (size_t i = 0; i < n_reserved; i++)
		free(reserved[i]);
	free(reserved);
	if (r.notice)
		cli_error("%s: %s", r.id, r.notice);
	int status = cli_follow_status(out);
	if (status == 0) {
		*id = xstrdup(r.id);
		if (r.program)
			cli_program_summary(summary, r.program);
		else
			cli_say(summary, "%s: unchanged", r.id);
	} else {
		if (!told)
			cli_error("%s", r.error);
		if (r.id && r.copy_time) {
			/* Followed already: its copy is kept, and usable. */
			char age[48];
			cli_age(age, r.copy_time, (int64_t)time(NULL));
			cli_error("%s: keeping the copy from %s", r.id,
				age);
			*id = xstrdup(r.id);
		}
	}
	follow_report_free(&r);
	return status;
}

int
cli_add(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("add");
	const char *name = NULL;
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0)
		if (c == 'n')
			name = op.value;
	if (c < 0)
		return op.status;
	if (argc - optind != 1)
		return cli_usage_error(cmd, "one URL is needed");
	char *id;
	int status = cli_follow_url(argv[optind], name, stdout, &id);
	free(id);
	return status;
}

/* Names the followed ids that are not, with the known ones; returns
 * whether all are. */
static bool
cli_followed_check(const struct follow_list *l, char **ids, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (follow_list_find(l, ids[i]) != NULL)
			continue;
		char *known = xstrdup("");
		for (size_t k = 0; k < l->n; k++) {
			char *more = xasprintf("%s%s%s", known, *known ? ", " : "",
					       l->v[k].id);
			free(known);
			known = more;
		}
		cli_error("%s is not a followed program (%s%s)",
			ids[i], *known ? "followed: " : "none followed: sked add URL",
			known);
		free(known);
		ok = false;
	}
	return ok;
}

/* Loads the list of followed programs into *l and checks that it holds
 * ids[0..n): 0, or the exit status after saying what is wrong (l then
 * holds nothing to free). */
static int
cli_followed_load(struct follow_list *l, char **ids, size_t n)
{
	char *error;
	if (!follow_list_load(l, &error)) {
		cli_error("%s", error);
		free(error);
		return EX_DATAERR;
	}
	if (!cli_followed_check(l, ids, n)) {
		follow_list_free(l);
		return EX_NOINPUT;
	}
	return 0;
}

/* With --timezone: whether followed program id's copy (p, or read
 * again) uses it, or names its own zone (then it is not used). */
static void
cli_update_zone_note(const struct follow_list *l, const char *id,
		     const struct program *p)
{
	const struct follow_entry *e = follow_list_find(l, id);
	if (cli_timezone() == NULL || e == NULL)
		return;
	struct program *own = NULL;
	if (p == NULL) {
		struct follow_entry now = *e;
		now.timezone = (char *)cli_timezone();
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		p = own = follow_load(&now, NULL, &d, &st);
		diag_list_finish(&d);
	}
	char *note = p != NULL ? cli_zone_note(p, id, false) : NULL;
	if (note != NULL)
		cli_error("warning: %s", note);
	free(note);
	program_destroy(own);
}

int
cli_update(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("update");
	int parsed = cli_opts_common(cmd, argc, argv);
	if (parsed >= 0)
		return parsed;
	struct follow_list l;
	char **ids = argv + optind;
	size_t n = (size_t)(argc - optind);
	int loaded = cli_followed_load(&l, ids, n);
	if (loaded != 0)
		return loaded;
	char **all = NULL;
	if (n == 0 && cli_timezone() != NULL) {
		/* One zone is not every program's. */
		follow_list_free(&l);
		return cli_usage_error(cmd, "--timezone names the zone of the "
				       "programs named: give their IDs");
	}
	if (n == 0) {
		all = xcalloc(l.n + 1, sizeof(*all));
		for (size_t i = 0; i < l.n; i++)
			all[i] = l.v[i].id;
		ids = all;
		n = l.n;
		if (n == 0)
			cli_error("no followed programs (sked add URL)");
	}
	int status = 0;
	for (size_t i = 0; i < n; i++) {
		struct diag_list diags;
		diag_list_init(&diags);
		/* Another sked's update of it may take two minutes. */
		char *what = xasprintf("the update lock of %s", ids[i]);
		struct cli_wait said = {.what = what};
		struct statefile_wait wait = {.go_on = cli_wait_said,
					      .arg = &said};
		struct follow_options o = {.diags = &diags,
					   .timezone = cli_timezone(),
					   .wait = &wait};
		struct cli_progress progress;
		cli_progress_init(&progress, &o, ids[i]);
		struct follow_report r;
		enum follow_outcome out = follow_update(ids[i], &o, &r);
		free(what);
		cli_progress_done(&progress);
		/* The report's error is told in the program's line below. */
		cli_print_errors(&diags, r.error, false, false);
		diag_list_finish(&diags);
		if (out == FOLLOW_UNCHANGED) {
			cli_say(stdout, "%s: unchanged", ids[i]);
		} else if (out == FOLLOW_UPDATED) {
			size_t k = changes_count(&r.changes);
			cli_say(stdout, "%s: updated (%zu change%s to starred "
				"sessions)", ids[i], k, k == 1 ? "" : "s");
			/* Said here, under it: a session back is known only
			 * now (sked changes, later, cannot tell it from a star
			 * made since). */
			if (k > 0 && r.program != NULL)
				changes_print(stdout, &r.changes, r.program,
					      "  ");
		} else {
			/* As old as it is now, after the download's time. */
			char age[48] = "";
			if (r.copy_time)
				cli_age(age, r.copy_time, (int64_t)time(NULL));
			cli_say(stdout, "%s: failed: %s (%s%s)", ids[i], r.error,
				r.copy_time ? "keeping the copy from " : "no copy kept",
				age);
		}
		if (r.notice)
			cli_error("%s: %s", ids[i], r.notice);
		if (out == FOLLOW_UNCHANGED || out == FOLLOW_UPDATED)
			cli_update_zone_note(&l, ids[i], r.program);
		if (status == 0)
			status = cli_follow_status(out);
		follow_report_free(&r);
	}
	fflush(stdout);
	free(all);
	follow_list_free(&l);
	return status;
}

/* One program of 'sked programs'. e: the followed entry, NULL for a
 * bundled program; p: NULL when it does not load. */
static void
cli_programs_show(bool json, const struct program *p, const char *id,
		  const struct follow_entry *e, int64_t now)
{
	char *source = e ? fetch_redact(e->url) : xstrdup("bundled");
	struct follow_state s = {0};
	int64_t updated = 0;
	if (e) {
		follow_state_load(e->id, &s);
		updated = follow_copy_time(e->id);
	}
	char start[16] = "", end[16] = "";
	if (p) {
		const struct tz_date *a = &p->conference.start,
				     *b = &p->conference.end;
		snprintf(start, sizeof(start), "%04d-%02d-%02d", a->year,
			 a->month, a->day);
		snprintf(end, sizeof(end), "%04d-%02d-%02d", b->year, b->month,
			 b->day);
	}
	char when[32] = "", age[48] = "", tried[48] = "";
	if (updated) {
		time_t t = (time_t)updated;
		struct tm tm;
		strftime(when, sizeof(when), json ? "%Y-%m-%dT%H:%M:%SZ"
						  : "%Y-%m-%d %H:%M",
			 json ? gmtime_r(&t, &tm) : localtime_r(&t, &tm));
		cli_age(age, updated, now);
	}
	if (s.error && s.attempted)
		cli_age(tried, s.attempted, now);
	if (json) {
		/* A key each, its value a string, a number or null. */
		printf("{\"id\":");
		format_json_string(stdout, id);
		printf(",\"title\":");
		format_json_string(stdout, p ? p->conference.title : NULL);
		printf(",\"start\":");
		format_json_string(stdout, p ? start : NULL);
		printf(",\"end\":");
		format_json_string(stdout, p ? end : NULL);
		if (p)
			printf(",\"sessions\":%zu", p->n_sessions);
		else
			printf(",\"sessions\":null");
		printf(",\"source\":");
		format_json_string(stdout, source);
		printf(",\"updated\":");
		format_json_string(stdout, updated ? when : NULL);
		if (updated)
			printf(",\"age_seconds\":%lld", (long long)(now - updated));
		else
			printf(",\"age_seconds\":null");
		printf(",\"error\":");
		format_json_string(stdout, s.error);
		printf("}\n");
	} else {
		/* One line per program (a line each below for a followed
		 * one's update), and cli_say keeps no line breaks. */
		if (p)
			cli_say(stdout, "%s  %s  %s to %s, %zu session%s, %s",
				id, p->conference.title, start, end,
				p->n_sessions, p->n_sessions == 1 ? "" : "s",
				source);
		else
			cli_say(stdout, "%s  (its copy cannot be read: sked "
				"update %s)  %s", id, id, source);
		if (e && updated)
			cli_say(stdout, "    updated %s (%s)", when, age);
		if (s.error)
			cli_say(stdout, "    last update failed %s: %s", tried,
				s.error);
	}
	follow_state_free(&s);
	free(source);
}

int
cli_programs_cmd(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("programs");
	bool json = false;
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0)
		if (c == 'f')
			json = strcmp(op.value, "json") == 0;
	if (c < 0)
		return op.status;
	if (optind < argc)
		return cli_usage_error(cmd, "no arguments are expected");
	int64_t now = (int64_t)time(NULL);
	int status = 0;
	char **paths;
	size_t n = bundle_files(&paths);
	for (size_t i = 0; i < n; i++) {
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		struct program *p = load_file(paths[i], &d, &st);
		diag_list_finish(&d);
		if (p)
			cli_programs_show(json, p, p->conference.id, NULL, now);
		else
			status = EX_DATAERR;
		program_destroy(p);
		free(paths[i]);
	}
	free(paths);
	struct follow_list l;
	char *error;
	if (!follow_list_load(&l, &error)) {
		cli_error("%s", error);
		free(error);
		return EX_DATAERR;
	}
	for (size_t i = 0; i < l.n; i++) {
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		struct program *p = follow_load(&l.v[i], NULL, &d, &st);
		diag_list_finish(&d);
		cli_programs_show(json, p, l.v[i].id, &l.v[i], now);
		program_destroy(p);
	}
	follow_list_free(&l);
	if (!cli_stdout_flushed("writing the list of programs failed"))
		return EX_IOERR;
	return status;
}

int
cli_remove(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("remove");
	int parsed = cli_opts_common(cmd, argc, argv);
	if (parsed >= 0)
		return parsed;
	if (argc - optind != 1)
		return cli_usage_error(cmd, "one ID is needed");
	const char *id = argv[optind];
	struct follow_list l;
	int loaded = cli_followed_load(&l, argv + optind, 1);
	if (loaded != 0)
		return loaded;
	follow_list_free(&l);
	char *notice, *error;
	bool removed = follow_remove(id, &notice, &error);
	if (notice) {
		cli_error("%s", notice);
		free(notice);
	}
	if (!removed) {
		cli_error("%s", error);
		free(error);
		return EX_CANTCREAT;
	}
	char *agenda = xasprintf("%s.agenda", id);
	char *path = statefile_path(STATEFILE_DATA, agenda);
	struct stat st;
	if (path && stat(path, &st) == 0)
		cli_error("stopped following %s (its agenda stays: %s)", id, path);
	else
		cli_error("stopped following %s", id);
	free(path);
	free(agenda);
	return 0;
}

int
cli_changes(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("changes");
	int parsed = cli_opts_common(cmd, argc, argv);
	if (parsed >= 0)
		return parsed;
	if (argc - optind != 1)
		return cli_usage_error(cmd, "one ID is needed");
	const char *id = argv[optind];
	struct follow_list l;
	int loaded = cli_followed_load(&l, argv + optind, 1);
	if (loaded != 0)
		return loaded;
	const struct follow_entry *e = follow_list_find(&l, id);
	struct diag_list d;
	enum load_status st;
	diag_list_init(&d);
	int status = 0;
	struct program *old = follow_load_previous(e, &d, &st);
	struct program *cur = old ? follow_load(e, NULL, &d, &st) : NULL;
	if (old == NULL && st == LOAD_UNREADABLE && d.errors == 0) {
		cli_error("no earlier version of %s", id);
	} else if (old == NULL || cur == NULL) {
		cli_print_errors(&d, NULL, true, false);
		status = st == LOAD_UNREADABLE ? EX_NOINPUT : EX_DATAERR;
	} else {
		struct agenda *a = cli_agenda_load(cur);
		if (a == NULL) {
			status = EX_NOINPUT;
		} else {
			struct changes ch;
			changes_compute(old, cur, a, CHANGES_WITH_STARS_MOVED,
					&ch);
			if (changes_count(&ch) == 0)
				cli_error("no changes to the starred sessions "
					  "of %s", id);
			else
				changes_print(stdout, &ch, cur, "");
			changes_free(&ch);
			agenda_destroy(a);
		}
	}
	diag_list_finish(&d);
	program_destroy(old);
	program_destroy(cur);
	follow_list_free(&l);
	if (!cli_stdout_flushed("writing the changes failed"))
		return EX_IOERR;
	return status;
}
