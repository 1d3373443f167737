/* The iCalendar reader's recurring events (see ics_read.h): a VEVENT with
 * an RRULE expanded into one session per occurrence within the
 * conference's dates, less its EXDATEs and the occurrences that a VEVENT
 * with RECURRENCE-ID replaces. The VEVENT itself becomes a session in
 * ics_event.c. */
#include <libical/ical.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/program.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

#include "ics_read.h"

/* ---- recurring events ---- */

/* The EXDATEs of a recurring event, read once, sorted: whole days (DATE
 * values), instants, and wall times (floating), each looked up by binary
 * search. Read for each occurrence, 4,000 EXDATEs of one MINUTELY rule
 * took a minute. */
enum { EX_DAY, EX_INSTANT, EX_WALL, EX_KINDS };
struct ics_exdates {
	int64_t *v[EX_KINDS];
	size_t n[EX_KINDS], cap[EX_KINDS];
};

static int
int64_cmp(const void *va, const void *vb)
{
	int64_t a = *(const int64_t *)va, b = *(const int64_t *)vb;
	return a < b ? -1 : a > b;
}

static void
exdates_read(struct rd *rd, icalcomponent *c, const struct ics_props *px,
	     struct ics_exdates *ex)
{
	*ex = (struct ics_exdates){0};
	/* The k-th of libical's EXDATEs is at the k-th EXDATE line (or,
	 * split from a list on one line, at the last line found). */
	size_t at = 0;
	struct feed_pos pos = px->ev->pos;
	for (icalproperty *p =
		     icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY)) {
		const struct ics_prop *q = ics_props_next(px, "EXDATE", &at);
		pos = q ? q->pos : pos;
		struct ics_when x;
		struct icaltimetype t = icalproperty_get_exdate(p);
		if (!ics_resolve(rd, p, t, pos, &x))
			continue;
		int kind = x.date ? EX_DAY : x.floating ? EX_WALL : EX_INSTANT;
		if (ex->n[kind] == ex->cap[kind]) {
			ex->cap[kind] = ex->cap[kind] ? 2 * ex->cap[kind] : 8;
			ex->v[kind] = xreallocarray(ex->v[kind], ex->cap[kind],
						    sizeof(*ex->v[kind]));
		}
		ex->v[kind][ex->n[kind]++] = x.date ? ics_day_of(t) : x.t;
	}
	for (int k = 0; k < EX_KINDS; k++)
		if (ex->n[k] > 1)
			xqsort(ex->v[k], ex->n[k], sizeof(*ex->v[k]), int64_cmp);
}

static void
exdates_free(struct ics_exdates *ex)
{
	for (int k = 0; k < EX_KINDS; k++)
		free(ex->v[k]);
}

/* Whether the occurrence o, read as w, is excluded: its day by a DATE,
 * its instant (or wall time, when floating) by a DATE-TIME. */
static bool
excluded(const struct ics_exdates *ex, const struct ics_when *w,
	 struct icaltimetype o)
{
	int64_t day = ics_day_of(o);
	int kind = w->floating ? EX_WALL : EX_INSTANT;
	return (ex->n[EX_DAY] > 0 &&
		bsearch(&day, ex->v[EX_DAY], ex->n[EX_DAY], sizeof(day),
			int64_cmp) != NULL) ||
	       (ex->n[kind] > 0 &&
		bsearch(&w->t, ex->v[kind], ex->n[kind], sizeof(w->t),
			int64_cmp) != NULL);
}

/* The overrides (RECURRENCE-IDs) by UID, then instant: sorted once all
 * events are read, then looked up by binary search (a walk over them all
 * for each occurrence of each recurring event was quadratic). */
int
ics_override_cmp(const void *va, const void *vb)
{
	const struct ics_override *a = va, *b = vb;
	int c = strcmp(a->uid, b->uid);
	return c ? c : a->t < b->t ? -1 : a->t > b->t;
}

static bool
overridden(const struct rd *rd, const char *uid, int64_t t)
{
	struct ics_override key = {(char *)uid, t};
	return rd->n_ovr > 0 && bsearch(&key, rd->ovr, rd->n_ovr,
					sizeof(*rd->ovr), ics_override_cmp) != NULL;
}

/* Whether the occurrence o, read as w, is not the rule's to make:
 * excluded by an EXDATE, or replaced by a VEVENT with its RECURRENCE-ID
 * (a session of its own). */
static bool
gone(const struct rd *rd, const struct ics_exdates *ex,
     const struct ics_when *w, struct icaltimetype o, const char *uid)
{
	return excluded(ex, w, o) || overridden(rd, uid ? uid : "", w->t);
}

/* gone() of an occurrence past the days, which is never made: read
 * without a word (a time of it in a clock change's gap concerns no one).
 * Such an occurrence is not left out by the limit. */
static bool
gone_past(struct rd *rd, const struct ics_times *tm,
	  const struct ics_exdates *ex, struct icaltimetype o, const char *uid)
{
	struct diag_list quiet, *said = rd->diags;
	diag_list_init(&quiet);
	rd->diags = &quiet;
	rd->unmade = true; /* a VTIMEZONE is judged where it is used */
	struct ics_when w;
	bool g = ics_resolve(rd, tm->dtstart, o, tm->spos, &w) &&
		 gone(rd, ex, &w, o, uid);
	rd->unmade = false;
	rd->diags = said;
	diag_list_finish(&quiet);
	return g;
}

/* What the expansion of one event has made so far. */
struct ics_made {
	size_t template; /* its first session, SIZE_MAX before one */
	size_t n;
};

/* A session for the occurrence w of the event c; false (with a warning)
 * when the event or the file has as many as are kept. */
static bool
ics_occurrence(struct rd *rd, icalcomponent *c, struct ics_props *px,
	       const struct ics_times *tm, const struct ics_when *w,
	       const char *uid, struct feed_pos rpos, struct ics_made *made)
{
	if (made->n == ICS_MAX_OCCURRENCES) {
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, rpos.line,
			 rpos.column,
			 "RRULE: only the first %d occurrences are kept",
			 ICS_MAX_OCCURRENCES);
		return false;
	}
	if (rd->n_occurrences == ICS_MAX_ALL_OCCURRENCES) {
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, rpos.line,
			 rpos.column,
			 "RRULE: not expanded, the file's recurring events "
			 "already make %d sessions",
			 ICS_MAX_ALL_OCCURRENCES);
		return false;
	}
	size_t i = made->template == SIZE_MAX ? ics_make_session(rd, c, px)
					      : ics_copy_session(rd, made->template);
	if (made->template == SIZE_MAX)
		made->template = i;
	struct feed_session *s = &rd->f->sessions[i];
	ics_set_times(rd, s, tm, w);
	ics_occurrence_id(rd, s, uid, w);
	made->n++;
	rd->n_occurrences++;
	return true;
}

static bool
ics_same_wall(struct icaltimetype a, struct icaltimetype b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day &&
	       a.hour == b.hour && a.minute == b.minute && a.second == b.second;
}

/* One session per occurrence of the recurring event m within the
 * conference's dates (those of the other events, first to last; when all
 * recur, PROGRAM_MAX_DAYS from the first occurrence, with a warning when
 * it goes on past them), at most ICS_MAX_OCCURRENCES of them, with a
 * warning when capped. */
void
ics_expand(struct rd *rd, const struct ics_master *m)
{
	icalcomponent *c = m->c;
	struct ics_props px;
	ics_props_init(&px, &rd->sc, rd->buf, &rd->sc.events[m->ev]);
	/* A VTIMEZONE is judged at the times that become sessions (see
	 * ics_zone_judge): DTSTART only when on the conference's days (a
	 * series begun years before, under other rules, judges nothing);
	 * the occurrences made are judged as each is read, and EXDATEs,
	 * which only exclude, never. */
	icalproperty *sp = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
	if (sp != NULL && rd->have_days) {
		int64_t day = ics_day_of(icalproperty_get_dtstart(sp));
		rd->unmade = day < rd->first_day || day > rd->last_day;
	}
	struct ics_times tm;
	ics_times_of(rd, c, &px, &tm);
	rd->unmade = false;
	if (!tm.ok) {
		ics_make_session(rd, c, &px);
		ics_props_free(&px);
		return;
	}
	int64_t first = rd->first_day, last = rd->last_day;
	if (!rd->have_days) {
		first = ics_day_of(tm.t);
		last = first + PROGRAM_MAX_DAYS - 1;
	}
	icalproperty *rp = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY);
	struct feed_pos rpos = ics_props_pos(&px, "RRULE");
	struct icalrecurrencetype r = icalproperty_get_rrule(rp);
	struct icaltimetype dt = tm.t;
	dt.zone = icaltime_is_utc(dt) ? icaltimezone_get_utc_timezone() : NULL;
	icalrecur_iterator *it = r.freq == ICAL_NO_RECURRENCE
					 ? NULL
					 : icalrecur_iterator_new(r, dt);
	icalerror_clear_errno();
	if (it == NULL) {
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, rpos.line,
			 rpos.column,
			 "RRULE could not be read: the event is kept once");
		size_t i = ics_make_session(rd, c, &px);
		ics_set_times(rd, &rd->f->sessions[i], &tm, &tm.start);
		ics_props_free(&px);
		return;
	}
	/* DTSTART is always the first occurrence (RFC 5545 3.8.5.3), and
	 * one of COUNT's, even when the rule would not make it (a Friday
	 * start of a Monday rule, an UNTIL before it), which libical then
	 * leaves out: it is added. */
	bool jumped = false;
	if (r.count == 0 && ics_day_of(dt) < first) {
		/* Straight to the conference: a rule without end from years
		 * before must not be walked one step at a time. */
		struct icaltimetype from = dt;
		struct tz_date d;
		tz_civil_from_days(first, &d);
		from.year = d.year, from.month = d.month, from.day = d.day;
		from.hour = from.minute = from.second = 0;
		icalrecur_iterator_set_start(it, from);
		icalerror_clear_errno();
		jumped = true;
	}
	const char *uid = ics_prop_text(
		icalcomponent_get_first_property(c, ICAL_UID_PROPERTY));
	struct ics_exdates ex;
	rd->unmade = true;
	exdates_read(rd, c, &px, &ex);
	rd->unmade = false;
	struct ics_made made = {SIZE_MAX, 0};
	size_t steps = 0;
	bool start_made = jumped, full = false;
	size_t on_days = 0; /* occurrences on the conference's days */
	bool past = false; /* a rule that ends went on past them */
	for (;; steps++) {
		if (steps == ICS_MAX_RECUR_STEPS) {
			diag_add(rd->diags, DIAG_WARNING, rd->f->file,
				 rpos.line, rpos.column,
				 "RRULE: expansion stopped after %d steps",
				 ICS_MAX_RECUR_STEPS);
			break;
		}
		struct icaltimetype o = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(o))
			break;
		if (steps == 0 && !jumped)
			start_made = ics_same_wall(o, dt);
		/* COUNT counts DTSTART: the rule's last is one too many. */
		if (!start_made && r.count > 0 && steps + 1 >= (size_t)r.count)
			break;
		if (ics_day_of(o) > last) {
			/* Excluded or moved, it is not left out: the rule
			 * may end before one that is. */
			if (gone_past(rd, &tm, &ex, o, uid))
				continue;
			/* Past the days a program may span, with no other
			 * event to give the conference's: said; past the
			 * other events' days, a rule that ends is said too
			 * (one that never ends goes on past any program). */
			if (rd->have_days) {
				past = r.count > 0 ||
				       !icaltime_is_null_time(r.until);
			} else {
				struct tz_date d;
				tz_civil_from_days(last, &d);
				diag_add(rd->diags, DIAG_WARNING, rd->f->file,
					 rpos.line, rpos.column,
					 "RRULE: the occurrences after "
					 "%04d-%02d-%02d are left out (a "
					 "program spans at most %d days)",
					 d.year, d.month, d.day,
					 PROGRAM_MAX_DAYS);
			}
			break;
		}
		if (ics_day_of(o) < first)
			continue;
		on_days++;
		struct ics_when w;
		if (!ics_resolve(rd, tm.dtstart, o, tm.spos, &w))
			break;
		if (gone(rd, &ex, &w, o, uid))
			continue;
		if (!ics_occurrence(rd, c, &px, &tm, &w, uid, rpos, &made)) {
			full = true;
			break;
		}
	}
	bool start_on_days = ics_day_of(dt) >= first && ics_day_of(dt) <= last;
	on_days += !start_made && start_on_days;
	if (!start_made && !full && start_on_days &&
	    !gone(rd, &ex, &tm.start, dt, uid))
		(void)ics_occurrence(rd, c, &px, &tm, &tm.start, uid, rpos,
				     &made);
	if (past && on_days > 0) {
		struct tz_date d;
		tz_civil_from_days(last, &d);
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, rpos.line,
			 rpos.column,
			 "RRULE: the occurrences after %04d-%02d-%02d (the last "
			 "day of the calendar's other events) are left out",
			 d.year, d.month, d.day);
	}
	if (on_days == 0 && rd->have_days) {
		/* Not one occurrence there (excluded or moved ones are
		 * there, and said by their own): gone unsaid else. */
		struct tz_date a, b;
		tz_civil_from_days(first, &a);
		tz_civil_from_days(last, &b);
		diag_add(rd->diags, DIAG_WARNING, rd->f->file, rpos.line,
			 rpos.column,
			 "RRULE: no occurrence on the conference's days (those "
			 "of the calendar's other events, %04d-%02d-%02d to "
			 "%04d-%02d-%02d): the event is left out",
			 a.year, a.month, a.day, b.year, b.month, b.day);
	}
	icalrecur_iterator_free(it);
	icalerror_clear_errno();
	exdates_free(&ex);
	ics_props_free(&px);
}
