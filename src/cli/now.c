/* sked now [--all] [--now TIME] [--tz ZONE|local] [--format FMT]
 * [--width N] [PROGRAM...]: one short line for a status bar (tmux's
 * status-right, i3blocks, waybar, polybar): the starred (--all: any)
 * session running now, with the minutes left, and the next one, with the
 * minutes to go; nothing outside the conference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/buf.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/upnext.h"
#include "sked/xalloc.h"

/* How the line is written for the program that shows it: what its markup
 * takes for a command, escaped, so that a title can never restyle the bar
 * or run anything (tmux expands #[...] and #(...) in status-right, polybar
 * %{...} in a script's output). */
enum now_format { NOW_TEXT, NOW_TMUX, NOW_POLYBAR, NOW_JSON };
static const char *const now_formats[] = {"text", "tmux", "polybar", "json",
					   NULL};

struct now_stars {
	struct agenda **agendas; /* per program; NULL with --all */
	const struct program *const *programs;
};

static bool
now_starred(size_t k, size_t i, void *arg)
{
	const struct now_stars *st = arg;
	return st->agendas[k] != NULL &&
	       agenda_has(st->agendas[k], st->programs[k]->sessions[i].id);
}

/* s sanitized (no control character, no line break: one line) and cut to
 * `width` columns with an ellipsis. */
static void
now_put_text(struct buf *b, const char *s, int width)
{
	char *clean = text_sanitize(s, strlen(s), 0);
	size_t n = strlen(clean);
	for (size_t i = 0; i < n; i++)
		if (clean[i] == '\n' || clean[i] == '\t')
			clean[i] = ' ';
	int cols;
	size_t fit = text_fit(clean, n, width, &cols);
	if (fit < n) {
		fit = text_fit(clean, n, width - 1, &cols);
		buf_put(b, clean, fit);
		buf_puts(b, "\u2026");
	} else {
		buf_put(b, clean, n);
	}
	free(clean);
}

/* "N min", or "H h M min" from an hour on. */
static void
now_put_minutes(struct buf *b, int64_t seconds)
{
	int64_t m = (seconds + 59) / 60; /* a started minute counts */
	char tmp[48];
	if (m < 60)
		snprintf(tmp, sizeof(tmp), "%lld min", (long long)m);
	else if (m % 60 == 0)
		snprintf(tmp, sizeof(tmp), "%lld h", (long long)(m / 60));
	else
		snprintf(tmp, sizeof(tmp), "%lld h %lld min", (long long)(m / 60),
			 (long long)(m % 60));
	buf_puts(b, tmp);
}

/* "Title · Room" */
static void
now_put_session(struct buf *b, const struct program *p,
		const struct program_session *s, int width)
{
	now_put_text(b, s->title, width);
	if (s->room >= 0) {
		buf_puts(b, " \u00b7 ");
		now_put_text(b, p->rooms[s->room].name, 24);
	}
}

/* The line; empty when nothing runs and nothing comes. */
static void
now_line(struct buf *b, const struct program *const *ps,
	 const struct upnext *u, const int64_t *ts, const struct tz_zone *zone,
	 int width)
{
	if (u->now.session != NULL) {
		const struct program_session *s = u->now.session;
		int64_t t = ts[u->now.program];
		now_put_session(b, ps[u->now.program], s, width);
		buf_puts(b, ", ");
		now_put_minutes(b, program_session_end(s) - t);
		buf_puts(b, " left");
		if (u->n_now > 1) {
			char more[32];
			snprintf(more, sizeof(more), " (+%zu)", u->n_now - 1);
			buf_puts(b, more);
		}
	}
	if (u->next.session != NULL) {
		const struct program *p = ps[u->next.program];
		const struct program_session *s = u->next.session;
		int64_t t = ts[u->next.program];
		if (b->n)
			buf_puts(b, " | ");
		buf_puts(b, "next: ");
		now_put_session(b, p, s, width);
		const struct tz_zone *z = zone ? zone : p->conference.zone;
		struct tz_wall a, n;
		tz_from_utc(z, s->start_utc, &a, NULL);
		tz_from_utc(z, t, &n, NULL);
		char when[64], clock[FORMAT_CLOCK_MAX];
		/* With its offset when that wall time occurs twice. */
		format_clock(clock, z, s->start_utc);
		if (s->start_utc - t < 3600) {
			buf_puts(b, ", in ");
			now_put_minutes(b, s->start_utc - t);
		} else if (a.year == n.year && a.month == n.month &&
			   a.day == n.day) {
			snprintf(when, sizeof(when), ", at %s", clock);
			buf_puts(b, when);
		} else {
			int wd = tz_weekday(tz_days_from_civil(a.year, a.month,
							       a.day));
			snprintf(when, sizeof(when), ", %s %s",
				 tz_weekday_abbr(wd), clock);
			buf_puts(b, when);
		}
	}
}

/* The line as the bar takes it, with a newline. */
static void
now_print(FILE *fp, enum now_format f, const char *line,
	  const struct upnext *u)
{
	switch (f) {
	case NOW_TEXT:
		fprintf(fp, "%s\n", line);
		break;
	case NOW_TMUX:
	case NOW_POLYBAR: {
		const char mark = f == NOW_TMUX ? '#' : '%';
		for (const char *c = line; *c; c++) {
			if (*c == mark)
				fputc(mark, fp); /* ## and %% stand for themselves */
			fputc(*c, fp);
		}
		fputc('\n', fp);
		break;
	}
	case NOW_JSON: {
		/* waybar's custom module (return-type json): text and class.
		 * waybar reads text as Pango markup (unless the module says
		 * "escape": true), so &, < and > go as entities: a title
		 * must not restyle the bar. */
		fputs("{\"text\":\"", fp);
		for (const unsigned char *c = (const unsigned char *)line; *c;
		     c++) {
			if (*c == '"' || *c == '\\')
				fprintf(fp, "\\%c", *c);
			else if (*c == '&')
				fputs("&amp;", fp);
			else if (*c == '<')
				fputs("&lt;", fp);
			else if (*c == '>')
				fputs("&gt;", fp);
			else if (*c < 0x20)
				fprintf(fp, "\\u%04x", *c);
			else
				fputc(*c, fp);
		}
		/* Nothing is printed when nothing runs and nothing comes. */
		fprintf(fp, "\",\"class\":\"%s\"}\n",
			u->now.session ? "running" : "next");
		break;
	}
	}
}

int
cli_now(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("now");
	const struct tz_zone *zone = cli_config_zone(); /* --tz wins */
	enum now_format format = NOW_TEXT;
	bool all = false, now_given = false;
	struct tz_wall now_wall = {0};
	int width = 40;
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0) {
		switch (c) {
		case CLI_KEY_ALL:
			all = true;
			break;
		case CLI_KEY_NOW: {
			int r = cli_now_option(cmd, op.value, &now_wall);
			if (r)
				return r;
			now_given = true;
			break;
		}
		case 'z': {
			enum format_kind unused;
			int r = cli_output_option(cmd, c, op.value, &zone,
						  &unused);
			if (r)
				return r;
			break;
		}
		case 'f':
			for (int k = 0; now_formats[k]; k++)
				if (strcmp(op.value, now_formats[k]) == 0)
					format = (enum now_format)k;
			break;
		case 'w': {
			char *end;
			long v = strtol(op.value, &end, 10);
			if (*op.value == '\0' || *end != '\0' || v < 8 ||
			    v > 1000)
				return cli_usage_error(cmd, "--width: expected a "
						       "number of columns from 8 "
						       "to 1000, got '%s'",
						       op.value);
			width = (int)v;
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
	/* Each program at its own instant: --now is a wall time read in each
	 * program's zone, as the browser's is, so that the answer does not
	 * depend on which program comes first. */
	int64_t *ts = xcalloc(set.n ? set.n : 1, sizeof(*ts));
	int64_t t = (int64_t)time(NULL);
	for (size_t k = 0; k < set.n; k++) {
		ts[k] = t;
		if (now_given)
			tz_to_utc(set.v[k]->conference.zone, &now_wall, &ts[k]);
	}
	struct agenda **agendas = xcalloc(set.n ? set.n : 1, sizeof(*agendas));
	struct now_stars stars = {agendas,
				  (const struct program *const *)set.v};
	struct upnext u;
	upnext_find((const struct program *const *)set.v, set.n, ts, NULL,
			 NULL, &u);
	if (u.during && !all) {
		/* Stars are read only while a conference is on: outside,
		 * a status bar's every tick costs the loads alone. */
		for (size_t k = 0; k < set.n; k++)
			if (upnext_during(set.v[k], ts[k]))
				agendas[k] = cli_agenda_load(set.v[k]);
		upnext_find((const struct program *const *)set.v, set.n,
				 ts, now_starred, &stars, &u);
	}
	struct buf line = {0};
	if (u.during)
		now_line(&line, (const struct program *const *)set.v, &u, ts,
			 zone, width);
	if (line.n > 0) {
		now_print(stdout, format, line.v, &u);
	}
	free(line.v);
	for (size_t k = 0; k < set.n; k++)
		agenda_destroy(agendas[k]);
	free(agendas);
	free(ts);
	cli_programs_finish(&set);
	if (!cli_stdout_flushed("writing the line failed"))
		return EX_IOERR;
	return 0;
}
