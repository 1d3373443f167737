#include "sked/program.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/arena.h"

void
program_destroy(struct program *p)
{
	if (p == NULL)
		return;
	arena_destroy(p->arena);
	free(p->path);
	free(p);
}

const struct program_session *
program_find_session(const struct program *p, const char *id)
{
	for (size_t i = 0; i < p->n_sessions; i++)
		if (strcmp(p->sessions[i].id, id) == 0)
			return &p->sessions[i];
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
	return -1;
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
