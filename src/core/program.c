#include "sked/program.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sked/arena.h"
#include "sked/fold.h"
#include "sked/html.h"

void
program_destroy(struct program *p)
{
	if (p == NULL)
		return;
	arena_destroy(p->arena);
	free(p->path);
	free(p);
}

const char *
program_text(const struct program *p, const struct program_text *t)
{
	if (!t->html)
		return t->raw;
	/* The cache program.h speaks of: a program's memory is never const
	 * itself, only the pointers readers get to it are. */
	struct program_text *m = (struct program_text *)t;
	char *conv = html_plain(t->raw);
	const char *plain = NULL;
	if (conv != NULL)
		plain = arena_strndup(p->arena, conv, strlen(conv));
	free(conv);
	m->raw = plain;
	m->html = false;
	return plain;
}

const struct program_session *
program_find_session(const struct program *p, const char *id)
{
	for (size_t i = 0; i < p->n_sessions; i++)
		if (strcmp(p->sessions[i].id, id) == 0)
			return &p->sessions[i];
	return NULL;
}

const struct program *
program_read_from(const struct program *const *v, size_t n, const char *path)
{
	struct stat out, in;
	if (stat(path, &out) != 0 || !S_ISREG(out.st_mode))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i] != NULL && v[i]->path != NULL &&
		    stat(v[i]->path, &in) == 0 && in.st_dev == out.st_dev &&
		    in.st_ino == out.st_ino)
			return v[i];
	return NULL;
}

int
program_find_track(const struct program *p, const char *key)
{
	for (size_t i = 0; i < p->n_tracks; i++)
		if (strcmp(p->tracks[i].id, key) == 0)
			return (int)i;
	for (size_t i = 0; i < p->n_tracks; i++)
		if (strcasecmp(p->tracks[i].name, key) == 0)
			return (int)i;
	/* The id in any case (--track RT for rt), then the name with its
	 * accents folded as a search folds them (securite for Sécurité). */
	for (size_t i = 0; i < p->n_tracks; i++)
		if (strcasecmp(p->tracks[i].id, key) == 0)
			return (int)i;
	size_t kn;
	char *k = fold_strip(key, strlen(key), &kn, NULL);
	int found = -1;
	for (size_t i = 0; found < 0 && i < p->n_tracks; i++) {
		const char *name = p->tracks[i].name;
		if (!fold_needed(name, strlen(name)) && !fold_needed(key, strlen(key)))
			continue;
		size_t nn;
		char *n = fold_strip(name, strlen(name), &nn, NULL);
		if (strcasecmp(n, k) == 0)
			found = (int)i;
		free(n);
	}
	free(k);
	return found;
}

void
program_day_date(const struct program *p, int day, struct tz_date *d)
{
	const struct tz_date *s = &p->conference.start;
	tz_civil_from_days(tz_days_from_civil(s->year, s->month, s->day) + day,
			   d);
}

int
program_date_day(const struct program *p, const struct tz_date *d)
{
	const struct tz_date *s = &p->conference.start;
	int64_t day = tz_days_from_civil(d->year, d->month, d->day) -
		      tz_days_from_civil(s->year, s->month, s->day);
	return day >= 0 && day < p->conference.n_days ? (int)day : -1;
}

int
program_wall_day(const struct program *p, const struct tz_wall *w)
{
	int64_t minutes = tz_days_from_civil(w->year, w->month, w->day) * 1440 +
			  w->hour * 60 + w->minute - p->conference.day_change;
	struct tz_date d;
	/* Floor division: a time before day_change on the first day falls
	 * on the day before, outside the conference. */
	tz_civil_from_days(minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440,
			   &d);
	return program_date_day(p, &d);
}

int
program_instant_day(const struct program *p, int64_t t)
{
	struct tz_wall w;
	tz_from_utc(p->conference.zone, t, &w, NULL);
	return program_wall_day(p, &w);
}

int64_t
program_session_end(const struct program_session *s)
{
	return s->start_utc + (int64_t)s->duration * 60;
}

/* The instant of day_change on the given date, in the conference zone. */
static int64_t
program_day_begins(const struct program *p, const struct tz_date *d)
{
	const struct program_conference *c = &p->conference;
	struct tz_wall w = {d->year, d->month, d->day, c->day_change / 60,
			    c->day_change % 60};
	int64_t t;
	tz_to_utc(c->zone, &w, &t); /* in a gap: the instant it maps to */
	return t;
}

int64_t
program_begins(const struct program *p)
{
	return program_day_begins(p, &p->conference.start);
}

int64_t
program_ends(const struct program *p)
{
	struct tz_date d;
	program_day_date(p, p->conference.n_days, &d);
	return program_day_begins(p, &d);
}

size_t
program_pick(struct program *const *v, size_t n, const struct tz_wall *wall,
	     int64_t now)
{
	size_t next = n, newest = 0;
	int64_t next_wait = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t t = now;
		/* A wall time means the same clock reading everywhere: each
		 * program reads it in its own zone. */
		if (wall != NULL)
			tz_to_utc(v[i]->conference.zone, wall, &t);
		if (program_instant_day(v[i], t) >= 0)
			return i;
		int64_t wait = program_begins(v[i]) - t;
		if (wait > 0 && (next == n || wait < next_wait)) {
			next = i;
			next_wait = wait;
		}
		if (program_ends(v[i]) > program_ends(v[newest]))
			newest = i;
	}
	return next < n ? next : newest;
}
