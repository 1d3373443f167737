/* What runs now and what starts next (upnext.h). */
#include "sked/upnext.h"

#include "sked/tz.h"

/* The instant of midnight starting date d in p's zone (the first instant
 * of that date, should midnight fall in a gap). */
static int64_t
upnext_midnight(const struct program *p, const struct tz_date *d,
		int add_days)
{
	struct tz_date x;
	tz_civil_from_days(tz_days_from_civil(d->year, d->month, d->day) +
				   add_days,
			   &x);
	struct tz_wall w = {x.year, x.month, x.day, 0, 0};
	int64_t t;
	tz_to_utc(p->conference.zone, &w, &t);
	return t;
}

bool
upnext_during(const struct program *p, int64_t t)
{
	const struct program_conference *c = &p->conference;
	int64_t from = upnext_midnight(p, &c->start, 0);
	int64_t to = upnext_midnight(p, &c->end, 1);
	if (p->n_scheduled > 0) {
		/* order: scheduled sessions by start first. */
		const struct program_session *first = &p->sessions[p->order[0]];
		if (first->start_utc < from)
			from = first->start_utc;
		for (size_t k = 0; k < p->n_scheduled; k++) {
			int64_t end = program_session_end(&p->sessions[p->order[k]]);
			if (end > to)
				to = end;
		}
	}
	return t >= from && t < to;
}

/* Whether candidate (start, end, k, order index) comes before the best so
 * far by the keys given: for "now", the earlier end, then the earlier
 * start; for "next", the earlier start. Ties go to the first program and
 * then the program's order. */
static bool
upnext_before(int64_t a1, int64_t a2, int64_t b1, int64_t b2)
{
	return a1 < b1 || (a1 == b1 && a2 < b2);
}

/* Candidates compare by their offsets from their program's instant (how
 * long left, how long to go), which are the instants themselves when all
 * programs share one. */
void
upnext_find(const struct program *const *programs, size_t n,
	    const int64_t *ts, upnext_wanted wanted, void *arg, struct upnext *u)
{
	*u = (struct upnext){.now = {0, NULL}, .next = {0, NULL}};
	int64_t now_end = 0, now_start = 0, next_start = 0;
	for (size_t k = 0; k < n; k++) {
		const struct program *p = programs[k];
		int64_t t = ts[k];
		bool during = upnext_during(p, t);
		u->during |= during;
		for (size_t j = 0; j < p->n_scheduled; j++) {
			size_t i = p->order[j];
			const struct program_session *s = &p->sessions[i];
			if (wanted != NULL && !wanted(k, i, arg))
				continue;
			int64_t end = program_session_end(s);
			if (s->start_utc <= t && t < end) {
				u->n_now++;
				if (u->now.session == NULL ||
				    upnext_before(end - t, s->start_utc - t,
						  now_end, now_start)) {
					u->now = (struct upnext_item){k, s};
					now_end = end - t;
					now_start = s->start_utc - t;
				}
			} else if (s->start_utc > t && during &&
				   (u->next.session == NULL ||
				    s->start_utc - t < next_start)) {
				u->next = (struct upnext_item){k, s};
				next_start = s->start_utc - t;
			}
		}
	}
}
