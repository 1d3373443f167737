/* follow: downloading a followed program and saving its new copy
 * (follow_update; follow_add.c's add too). See follow.h for the files
 * and why the steps come in this order. */
#include "sked/follow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "follow_int.h"
#include "sked/agenda.h"
#include "sked/statefile.h"
#include "sked/strset.h"
#include "sked/text.h"
#include "sked/xalloc.h"

void
follow_report_free(struct follow_report *r)
{
	free(r->id);
	free(r->error);
	free(r->notice);
	changes_free(&r->changes);
	program_destroy(r->program);
	memset(r, 0, sizeof(*r));
}

enum follow_outcome
follow_fail(struct follow_report *r, enum follow_outcome o, char *error)
{
	free(r->error);
	r->error = error;
	r->outcome = o;
	return o;
}

/* Adds msg (which it takes) to r's notice. */
static void
follow_notice(struct follow_report *r, char *msg)
{
	if (r->notice == NULL) {
		r->notice = msg;
		return;
	}
	char *both = xasprintf("%s; %s", r->notice, msg);
	free(r->notice);
	free(msg);
	r->notice = both;
}

static void
follow_step(const struct follow_options *o, enum follow_step step)
{
	if (o->step)
		o->step(o->step_arg, step);
}

/* What becomes of ID.previous when a copy is saved. */
enum follow_keep {
	FOLLOW_KEEP_NONE,     /* a first copy: no version before it */
	FOLLOW_KEEP_COPY,     /* the copy replaced becomes ID.previous */
	/* The copy replaced was damaged (it no longer loads): no version
	 * to keep, and ID.previous, the last good one before it, stays. */
	FOLLOW_KEEP_PREVIOUS,
};

/* Saves body as the copy of id, the copy before it as ID.previous (as
 * keep says). Each step leaves a whole old or new version at ID: ID.new
 * is written whole (statefile_write: temporary file, fsync, rename); the
 * copy is linked under a temporary name renamed over ID.previous, so the
 * copy stays in place and .previous is never half of anything; then ID.new
 * is renamed over ID. A kill before the last rename leaves the old copy
 * (and a stale ID.new, replaced by the next save); after it, the new. */
static bool
follow_commit(const char *id, const char *body, size_t len,
	      enum follow_keep keep, const struct follow_options *o,
	      char **error)
{
	char *copy = follow_path(FOLLOW_COPY, id);
	char *prev = follow_path(FOLLOW_PREVIOUS, id);
	if (copy == NULL || prev == NULL) {
		free(copy);
		free(prev);
		*error = xstrdup("no home directory (set HOME or XDG_DATA_HOME)");
		return false;
	}
	char *next = xasprintf("%s.new", copy);
	char *link_tmp = xasprintf("%s.tmp", prev);
	bool ok = statefile_write(next, body, len, true, error);
	if (ok)
		follow_step(o, FOLLOW_STEP_NEW_WRITTEN);
	struct stat st;
	if (ok && keep == FOLLOW_KEEP_COPY && stat(copy, &st) == 0) {
		unlink(link_tmp); /* a kill's leftover: ours, by its name */
		if (link(copy, link_tmp) != 0 || rename(link_tmp, prev) != 0) {
			*error = xasprintf("cannot keep %s as %s: %s", copy, prev,
					   strerror(errno));
			unlink(link_tmp);
			ok = false;
		} else {
			follow_step(o, FOLLOW_STEP_PREVIOUS);
		}
	} else if (ok && keep == FOLLOW_KEEP_NONE) {
		/* A first copy has no version before it. */
		unlink(prev);
	}
	if (ok && rename(next, copy) != 0) {
		*error = xasprintf("cannot write %s: %s", copy, strerror(errno));
		ok = false;
	}
	if (ok) {
		statefile_sync_dir(copy);
		follow_step(o, FOLLOW_STEP_RENAMED);
	} else {
		unlink(next);
	}
	free(link_tmp);
	free(next);
	free(prev);
	free(copy);
	return ok;
}

/* The notes beside the stars of a (agenda.h) after r->changes: what each
 * starred session is in new, and what it was in old for those new lacks
 * (cancelled): the notes from old, then from new (a save each, of the
 * notes that changed). Told in r, not fatal. */
static void
follow_notes(const struct program *old, const struct program *new,
	     struct agenda *a, struct follow_report *r)
{
	bool cancelled = false;
	for (size_t i = 0; i < r->changes.n; i++)
		cancelled |= (r->changes.v[i].what & CHANGES_CANCELLED) != 0;
	const struct program *from[] = {cancelled ? old : NULL, new};
	bool failed = false;
	for (size_t k = 0; r->changes.n > 0 && !failed && k < 2; k++) {
		char *notice = NULL, *error = NULL;
		if (from[k] == NULL)
			continue;
		failed = !agenda_update(a, NULL, 0, true, from[k], NULL, NULL,
					&notice, &error);
		if (failed) {
			follow_notice(r, xasprintf("the notes beside the stars "
						   "are not updated: %s",
						   error));
			free(error);
		}
		if (notice)
			follow_notice(r, notice);
	}
}

/* The agenda of id follows the changes from old to new, the new copy
 * being in place: r->changes, of the stars before (which it takes; NULL:
 * the agenda now, no star having to move), and the stars of sessions
 * whose id changed moved to their new id (the journal follow_journal
 * saved). */
static void
follow_changes(const char *id, const struct program *old,
	       const struct program *new, struct agenda *before,
	       struct follow_report *r)
{
	char *notice = NULL, *error = NULL;
	/* Not read again when the stars were to move: another sked may have
	 * moved them since the copy is in place, and a star on its new id
	 * may be on an id old gave another session (two that swapped). */
	struct agenda *a = before ? before : agenda_load(id, &notice, &error);
	if (a != NULL)
		changes_compute(old, new, a, CHANGES_WITH_BACK, &r->changes);
	if (notice)
		follow_notice(r, notice);
	if (error)
		follow_notice(r, error);
	/* Told, not fatal: the new copy is saved, and moves not made stay
	 * in the journal for the next sked to make. */
	follow_finish_moves(id, true, &notice, &error);
	if (a != NULL) {
		/* After the stars moved: a star on its new id has its note
		 * from the new version too. */
		follow_notes(old, new, a, r);
		agenda_destroy(a);
	}
	if (notice)
		follow_notice(r, notice);
	if (error)
		follow_notice(r, error);
}

/* Before the copy of id is replaced by body (the program new; old: the
 * one it replaces): the star moves that follow sessions to new ids, kept
 * in the agenda's journal (agenda.h), so that a kill after the copy is
 * in place cannot leave a star on an id that now names another session.
 * *kept: how many; *before (the caller destroys it): the stars as they
 * were then, or NULL. False with r failed (the copy is then kept). */
static bool
follow_journal(const char *id, const struct program *old,
	       const struct program *new, const char *body, size_t len,
	       size_t *kept, struct agenda **before, struct follow_report *r)
{
	const char **from, **to;
	size_t n = changes_id_map(old, new, &from, &to);
	char *notice = NULL, *error = NULL;
	bool ok = true;
	*kept = 0;
	if (n > 0) {
		char *key = follow_key(body, len);
		ok = agenda_moves_begin(id, key, from, to, n, kept, before,
					follow_moves_wait(), &notice, &error);
		free(key);
	}
	free(from);
	free(to);
	if (notice)
		follow_notice(r, notice);
	if (!ok)
		follow_fail(r, FOLLOW_ERROR,
			    xasprintf("the stars could not be kept for their "
				      "sessions' new ids, so the copy is kept: "
				      "%s", error));
	free(error);
	return ok;
}

/* Stars left on the ids of ID.previous that the copy gave another id,
 * with no journal of their moves (agenda.h) to make them: by a sked
 * before the journal, or one set aside as damaged. The next update
 * compares the copy with itself, so they would be stranded for good:
 * every update first moves them (changes_compute and changes_follow_stars
 * over previous -> copy), those on an id the copy lacks only, the one
 * case it can tell: a star that moved already is on an id of the copy,
 * and stays (two sessions that swapped ids: a star moved to its talk's
 * new id names the other talk in previous, and was handed back to it).
 * The journal's moves are made before (follow_lock_program). */
static void
follow_restar(const struct follow_entry *e, struct follow_report *r)
{
	char *notice = NULL, *error = NULL;
	struct agenda *a = agenda_load(e->id, &notice, &error);
	struct program *old = NULL, *cur = NULL;
	if (a != NULL && a->n > 0) {
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		old = follow_load_previous(e, &d, &st);
		cur = old ? follow_load(e, NULL, &d, &st) : NULL;
		diag_list_finish(&d);
	}
	if (cur != NULL) {
		struct changes c;
		changes_compute(old, cur, a, CHANGES_WITH_STARS_MOVED, &c);
		struct strset now;
		strset_init(&now, cur->n_sessions);
		for (size_t i = 0; i < cur->n_sessions; i++)
			strset_add(&now, cur->sessions[i].id);
		for (size_t i = 0; i < c.n; i++)
			if (strset_find(&now, c.v[i].id) != NULL)
				c.v[i].what &= ~CHANGES_ID;
		strset_finish(&now);
		if (changes_follow_stars(&c, a, &error) < 0) {
			char *s = xasprintf("stars not moved to the new ids: %s",
					    error);
			free(error);
			error = s;
		}
		changes_free(&c);
	}
	program_destroy(old);
	program_destroy(cur);
	agenda_destroy(a);
	if (notice)
		follow_notice(r, notice);
	if (error)
		follow_notice(r, error);
}

struct program *
follow_validate(const char *url, const struct fetch_result *f,
		const char *zone, const struct follow_options *o,
		struct follow_report *r)
{
	char *name = fetch_redact(url);
	if (f->len == 0) {
		/* Not "an empty sked file": the reader of a file's name. */
		follow_fail(r, FOLLOW_INVALID,
			    xasprintf("%s: the server sent an empty body, not "
				      "a schedule", name));
		free(name);
		return NULL;
	}
	struct build_options b = {.timezone = zone};
	size_t first = o->diags->n;
	struct program *p = load_buffer_with(name, f->body, f->len, &b,
					     o->diags);
	if (p == NULL) {
		char *why = NULL;
		for (size_t i = first; i < o->diags->n && why == NULL; i++)
			if (o->diags->v[i].severity == DIAG_ERROR)
				why = diag_format(&o->diags->v[i]);
		follow_fail(r, FOLLOW_INVALID,
			    why ? why : xasprintf("%s: not a valid schedule",
						  name));
	}
	free(name);
	return p;
}

/* The day number of a date, to compare dates. */
static int64_t
follow_day(const struct tz_date *d)
{
	return tz_days_from_civil(d->year, d->month, d->day);
}

/* Why the download is not a new version of the copy but another
 * conference (a URL that serves next year's program, or another
 * event's): another conference id and not one day in common. NULL when
 * it may be a new version; a conference that only changed its name, or
 * only moved its dates, is one. */
static char *
follow_other_conference(const char *id, const struct program *old,
			const struct program *new)
{
	const struct program_conference *a = &old->conference,
					*b = &new->conference;
	if (strcmp(a->id, b->id) == 0 ||
	    (follow_day(&b->start) <= follow_day(&a->end) &&
	     follow_day(&a->start) <= follow_day(&b->end)))
		return NULL;
	/* Titles cut at 80 columns, between characters (a cut by bytes
	 * split a letter of a non-ASCII title). Ids are ASCII. */
	int w;
	int nb = (int)text_fit(b->title, strlen(b->title), 80, &w),
	    na = (int)text_fit(a->title, strlen(a->title), 80, &w);
	return xasprintf("the URL now serves another conference, %.*s (%.64s, "
			 "%04d-%02d-%02d), not %.*s (%.64s, %04d-%02d-%02d): to "
			 "follow it, sked remove %s and sked add the URL again",
			 nb, b->title, b->id, b->start.year, b->start.month,
			 b->start.day, na, a->title, a->id, a->start.year,
			 a->start.month, a->start.day, id);
}

enum follow_outcome
follow_store(const char *id, const char *zone, const struct fetch_result *f,
	     struct program *p, bool fresh, struct follow_state *s,
	     const struct follow_options *o, struct follow_report *r)
{
	char *copy = follow_path(FOLLOW_COPY, id);
	size_t old_len = 0;
	char *old = fresh || copy == NULL
		? NULL : statefile_read(copy, LOAD_MAX_FILE, &old_len);
	free(copy);
	/* Servers that give no validators (Indico) send the same bytes
	 * again: compared with the copy itself, nothing is rewritten. */
	bool same = old != NULL && old_len == f->len &&
		    memcmp(old, f->body, f->len) == 0;
	struct program *oldp = NULL;
	bool had_old = old != NULL;
	if (old != NULL && !same) {
		struct diag_list d;
		diag_list_init(&d);
		struct build_options b = {.timezone = zone};
		oldp = load_buffer_with(id, old, old_len, &b, &d);
		diag_list_finish(&d);
	}
	free(old);
	/* A schedule emptied is a server's passing error (a feed served
	 * while it is regenerated) far more often than a conference that
	 * cancelled everything: the copy, with the sessions starred in it,
	 * is kept, and the next update tries again. */
	if (oldp != NULL && oldp->n_sessions > 0 && p->n_sessions == 0) {
		size_t n = oldp->n_sessions;
		program_destroy(oldp);
		program_destroy(p);
		return follow_fail(r, FOLLOW_INVALID,
				   xasprintf("the schedule downloaded has no "
					     "sessions, where the copy has %zu",
					     n));
	}
	/* Its stars would land on the other conference's sessions that
	 * happen to have their ids. */
	char *other = oldp != NULL ? follow_other_conference(id, oldp, p) : NULL;
	if (other != NULL) {
		program_destroy(oldp);
		program_destroy(p);
		return follow_fail(r, FOLLOW_INVALID, other);
	}
	/* Compared as the feed names it: from here on, the program is id. */
	follow_set_id(p, id);
	char *error = NULL;
	enum follow_keep keep = fresh ? FOLLOW_KEEP_NONE
		: had_old && oldp == NULL ? FOLLOW_KEEP_PREVIOUS
		: FOLLOW_KEEP_COPY;
	size_t journal = 0;
	struct agenda *before = NULL; /* the stars before their moves */
	if (!same && oldp != NULL &&
	    !follow_journal(id, oldp, p, f->body, f->len, &journal, &before,
			    r)) {
		program_destroy(oldp);
		program_destroy(p);
		return r->outcome;
	}
	if (!same && !follow_commit(id, f->body, f->len, keep, o, &error)) {
		/* The moves saved for this copy will not come. */
		char *n2 = NULL, *e2 = NULL;
		if (journal > 0)
			follow_finish_moves(id, true, &n2, &e2);
		free(n2);
		free(e2);
		agenda_destroy(before);
		program_destroy(oldp);
		program_destroy(p);
		return follow_fail(r, FOLLOW_ERROR, error);
	}
	/* After the copy, never before: validators saved for a copy that a
	 * kill kept from being written would make the server answer 304 to
	 * a stale copy forever. */
	fetch_validators_free(&s->validators);
	s->validators.etag = f->validators.etag ? xstrdup(f->validators.etag)
						: NULL;
	s->validators.last_modified = f->validators.last_modified
		? xstrdup(f->validators.last_modified) : NULL;
	s->succeeded = s->attempted;
	free(s->error);
	s->error = NULL;
	if (!follow_state_save(id, s, &error)) {
		/* Only a cache: the next update downloads unconditionally. */
		follow_notice(r, error);
		error = NULL;
	}
	if (oldp != NULL) {
		follow_set_id(oldp, id);
		follow_changes(id, oldp, p, before, r);
		before = NULL;
		program_destroy(oldp);
	}
	r->program = p;
	r->outcome = same ? FOLLOW_UNCHANGED : FOLLOW_UPDATED;
	return r->outcome;
}

int64_t
follow_now(void)
{
	return (int64_t)time(NULL);
}

enum fetch_status
follow_download(const char *url, const struct fetch_validators *v,
		const struct follow_options *o, struct fetch_result *f)
{
	struct fetch_options fo = {
		.validators = v,
		.progress = o->progress,
		.progress_arg = o->progress_arg,
	};
	return (o->fetch ? o->fetch : fetch_url)(url, &fo, f);
}

/* Takes the lock of followed program id (wait: as statefile_lock's):
 * -1 with r failed when it cannot. */
static int
follow_lock_copy(const char *id, struct statefile_wait *wait,
		 struct follow_report *r)
{
	char *copy = follow_path(FOLLOW_COPY, id);
	if (copy == NULL) {
		follow_fail(r, FOLLOW_ERROR, xstrdup("no home directory (set "
						     "HOME or XDG_DATA_HOME)"));
		return -1;
	}
	char *error;
	int fd = statefile_lock(copy, true, wait, &error);
	free(copy);
	if (fd < 0)
		follow_fail(r, FOLLOW_ERROR, error);
	return fd;
}

/* Under the lock of id, no copy is on its way: moves toward a copy that
 * is not there are dropped, and those toward the copy made, before
 * anything compares it with another version or replaces it (its moves
 * would be lost). False with r failed when they cannot be made. */
static bool
follow_moves_locked(const char *id, struct follow_report *r)
{
	char *error, *notice;
	bool ok = follow_finish_moves(id, true, &notice, &error);
	if (notice)
		follow_notice(r, notice);
	if (!ok)
		follow_fail(r, FOLLOW_ERROR, error);
	return ok;
}

int
follow_lock_program(const char *id, struct statefile_wait *wait,
		    struct follow_report *r)
{
	int fd = follow_lock_copy(id, wait, r);
	if (fd >= 0 && !follow_moves_locked(id, r)) {
		statefile_unlock(fd);
		return -1;
	}
	return fd;
}

/* The validators of s worth sending for e's URL: those of the copy held,
 * only when they came from that URL (a list edited by hand to another URL
 * must not ask the new server about the old one's copy), and only when
 * the copy loads: a 304 kept a copy damaged on disk (or one a stricter
 * sked refuses) for good, every update saying "unchanged". */
static const struct fetch_validators *
follow_validators_for(const struct follow_entry *e,
		      const struct follow_state *s)
{
	if (follow_copy_time(e->id) == 0)
		return NULL;
	char *shown = fetch_redact(e->url);
	bool same = s->url != NULL && strcmp(s->url, shown) == 0;
	free(shown);
	if (!same)
		return NULL;
	struct diag_list d;
	enum load_status st;
	diag_list_init(&d);
	struct program *p = follow_load(e, NULL, &d, &st);
	diag_list_finish(&d);
	bool loads = p != NULL;
	program_destroy(p);
	return loads ? &s->validators : NULL;
}

/* Under the lock of id: an update that failed before its download (r
 * says why) is told as one that failed after it, by the copy kept and by
 * the state (sked programs). */
static void
follow_refresh_failed(const char *id, struct follow_report *r)
{
	struct follow_state s;
	char *error;
	follow_state_load(id, &s);
	s.attempted = follow_now();
	free(s.error);
	s.error = xstrdup(r->error);
	if (!follow_state_save(id, &s, &error))
		follow_notice(r, error);
	follow_state_free(&s);
	r->copy_time = follow_copy_time(id);
}

/* Downloads and stores followed program id, under its lock. The list is
 * read under the lock: a `sked remove` since the caller read it must not
 * see its files come back, and a URL changed meanwhile is the one used,
 * unless url is not NULL: the list's with other credentials, tried
 * before they are kept. */
static enum follow_outcome
follow_refresh(const char *id, const char *url,
	       const struct follow_options *o, struct follow_report *r)
{
	int lock = follow_lock_copy(id, o->wait, r);
	if (lock < 0) {
		r->copy_time = follow_copy_time(id); /* there still */
		return r->outcome;
	}
	if (!follow_moves_locked(id, r)) {
		follow_refresh_failed(id, r);
		statefile_unlock(lock);
		return r->outcome;
	}
	struct follow_list l;
	char *error;
	const struct follow_entry *e = NULL;
	if (!follow_list_load(&l, &error))
		follow_fail(r, FOLLOW_ERROR, error);
	else if ((e = follow_list_find(&l, id)) == NULL)
		follow_fail(r, FOLLOW_REFUSED,
			    xasprintf("%s is not a followed program", id));
	if (e == NULL) {
		follow_list_free(&l);
		statefile_unlock(lock);
		return r->outcome;
	}
	follow_restar(e, r);
	if (url == NULL)
		url = e->url;
	struct follow_state s;
	follow_state_load(e->id, &s);
	struct fetch_result f;
	bool stored = false; /* follow_store saved the state */
	const struct fetch_validators *v = follow_validators_for(e, &s);
	enum fetch_status st = follow_download(url, v, o, &f);
	s.attempted = follow_now();
	free(s.url);
	s.url = fetch_redact(url);
	if (st == FETCH_NOT_MODIFIED && v != NULL) {
		s.succeeded = s.attempted;
		free(s.error);
		s.error = NULL;
		/* A 304 may carry new validators (a server rotating weak
		 * ETags): the next request sends those. */
		if (f.validators.etag) {
			free(s.validators.etag);
			s.validators.etag = xstrdup(f.validators.etag);
		}
		if (f.validators.last_modified) {
			free(s.validators.last_modified);
			s.validators.last_modified =
				xstrdup(f.validators.last_modified);
		}
		r->outcome = FOLLOW_UNCHANGED;
	} else if (st != FETCH_OK) {
		follow_fail(r, FOLLOW_FAILED,
			    xstrdup(st == FETCH_FAILED && f.error
					    ? f.error
					    : "the server said the copy is "
					      "current, but there is none"));
	} else {
		struct program *p = follow_validate(url, &f, e->timezone, o,
						    r);
		/* Saved by follow_store only when it went through: a save
		 * that failed, or a download refused, is told by the state
		 * saved below. */
		if (p != NULL) {
			enum follow_outcome out = follow_store(
				e->id, e->timezone, &f, p, false, &s, o, r);
			stored = out == FOLLOW_UPDATED || out == FOLLOW_UNCHANGED;
		}
	}
	if (r->outcome != FOLLOW_UNCHANGED && r->outcome != FOLLOW_UPDATED) {
		free(s.error);
		s.error = xstrdup(r->error);
		r->copy_time = follow_copy_time(e->id);
	}
	if (!stored) {
		if (!follow_state_save(e->id, &s, &error))
			follow_notice(r, error);
	}
	follow_state_free(&s);
	fetch_result_free(&f);
	follow_list_free(&l);
	statefile_unlock(lock);
	return r->outcome;
}

void
follow_set_entry(const char *id, const char *zone, const char *url,
		 struct follow_report *r)
{
	char *error = NULL;
	char *list_path = follow_list_path();
	int list_lock = list_path ? statefile_lock(list_path, true, NULL, &error)
				  : -1;
	free(list_path);
	if (list_lock < 0) {
		follow_fail(r, FOLLOW_ERROR, error ? error
			: xstrdup("no home directory (set HOME or "
				  "XDG_CONFIG_HOME)"));
		return;
	}
	struct follow_list l;
	if (!follow_list_load(&l, &error)) {
		follow_fail(r, FOLLOW_ERROR, error);
	} else {
		for (size_t i = 0; i < l.n; i++) {
			if (strcmp(l.v[i].id, id) != 0)
				continue;
			if (zone != NULL) {
				free(l.v[i].timezone);
				l.v[i].timezone = xstrdup(zone);
			}
			if (url != NULL) {
				free(l.v[i].url);
				l.v[i].url = xstrdup(url);
			}
		}
		if (!follow_list_save(&l, &error))
			follow_fail(r, FOLLOW_ERROR, error);
		follow_list_free(&l);
	}
	statefile_unlock(list_lock);
}

/* The copy's zone changed from before's (--timezone for a feed that names
 * none): every time moved though the download may not have, and the
 * update compared the copy before with the new one in the new zone. The
 * changes are those from before, as it was read, to the program now
 * held, and the update is one. */
static void
follow_rezoned(const struct follow_entry *e, const char *zone,
	       const struct program *before, struct follow_report *r)
{
	struct program *own = NULL;
	const struct program *now = r->program;
	if (now == NULL) {
		struct follow_entry ne = *e;
		ne.timezone = (char *)zone;
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		now = own = follow_load(&ne, NULL, &d, &st);
		diag_list_finish(&d);
	}
	if (now != NULL && now->conference.zone != before->conference.zone) {
		char *notice = NULL, *error = NULL;
		struct agenda *a = agenda_load(e->id, &notice, &error);
		if (a != NULL) {
			changes_free(&r->changes);
			/* With what came back, as follow_changes would;
			 * the stars on their new ids by now. */
			changes_compute(before, now, a,
					CHANGES_WITH_BACK |
					CHANGES_WITH_STARS_MOVED,
					&r->changes);
			agenda_destroy(a);
		}
		if (notice)
			follow_notice(r, notice);
		if (error)
			follow_notice(r, error);
		r->outcome = FOLLOW_UPDATED;
		if (own != NULL)
			r->program = own; /* an update's (follow.h) */
		own = NULL;
	}
	program_destroy(own);
}

void
follow_zone_and_refresh(const struct follow_entry *e, const char *url,
			const struct follow_options *o,
			struct follow_report *r)
{
	bool rezoned = o->timezone != NULL &&
		(e->timezone == NULL || strcmp(e->timezone, o->timezone) != 0);
	struct program *before = NULL;
	if (rezoned) {
		/* The copy as it was read, in the zone it was read in. */
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		before = follow_load(e, NULL, &d, &st);
		diag_list_finish(&d);
		follow_set_entry(e->id, o->timezone, NULL, r);
	}
	if (r->outcome != FOLLOW_ERROR)
		follow_refresh(e->id, url, o, r);
	else /* the copy is there still */
		r->copy_time = follow_copy_time(e->id);
	/* Credentials kept once they worked: a mistyped password must not
	 * replace the one that does. */
	if (url != NULL && (r->outcome == FOLLOW_UNCHANGED ||
			    r->outcome == FOLLOW_UPDATED))
		follow_set_entry(e->id, NULL, url, r);
	if (before != NULL && (r->outcome == FOLLOW_UNCHANGED ||
			       r->outcome == FOLLOW_UPDATED))
		follow_rezoned(e, o->timezone, before, r);
	program_destroy(before);
}

enum follow_outcome
follow_update(const char *id, const struct follow_options *o,
	      struct follow_report *r)
{
	memset(r, 0, sizeof(*r));
	r->id = xstrdup(id);
	/* Checked before the lock too, which makes a file (ID.lock). */
	struct follow_list l;
	char *error;
	if (!follow_list_load(&l, &error))
		return follow_fail(r, FOLLOW_ERROR, error);
	const struct follow_entry *e = follow_list_find(&l, id);
	if (e == NULL) {
		follow_fail(r, FOLLOW_REFUSED,
			    xasprintf("%s is not a followed program", id));
	} else {
		follow_zone_and_refresh(e, NULL, o, r);
	}
	follow_list_free(&l);
	return r->outcome;
}
