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

int64_t
program_session_end(const struct program_session *s)
{
	return s->start_utc + (int64_t)s->duration * 60;
}
