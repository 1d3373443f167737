/* follow: adding a followed program to the list and removing one
 * (follow_add, follow_remove); the download and its copy are
 * follow_store.c's. See follow.h for the files and why the steps come in
 * this order. */
#include "sked/follow.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow_int.h"
#include "sked/agenda.h"
#include "sked/statefile.h"
#include "sked/xalloc.h"

/* The bundled program whose conference id is id, or NULL. */
static const struct program *
follow_bundled(const struct follow_options *o, const char *id)
{
	for (size_t i = 0; i < o->n_bundled; i++)
		if (strcmp(o->bundled[i]->conference.id, id) == 0)
			return o->bundled[i];
	return NULL;
}

/* Whether followed URL had is url, whose redacted form (no credentials)
 * is plain: the same URL, the same without credentials (as sked programs
 * shows it: the ones kept are used), or the same user's with another
 * password (a password changed). Another user's is another feed. */
static bool
follow_same_feed(const char *had, const char *url, const char *plain)
{
	if (strcmp(had, url) == 0)
		return true;
	char *red = fetch_redact(had);
	bool same = strcmp(red, plain) == 0;
	free(red);
	size_t hn = 0, un = 0;
	const char *hu = fetch_url_user(had, &hn),
		   *uu = fetch_url_user(url, &un);
	return same && (uu == NULL || (hu != NULL && hn == un &&
				       memcmp(hu, uu, un) == 0));
}

/* Why id cannot follow url given the list l, or NULL when it can (a
 * bundled program's id: follow_bundled_conflict, once the feed is
 * there to compare). *same: url is already followed as id (perhaps with
 * other credentials). */
static char *
follow_conflict(const struct follow_list *l, const char *url, const char *id,
		bool *same)
{
	*same = false;
	char *plain = fetch_redact(url);
	for (size_t i = 0; i < l->n; i++) {
		const struct follow_entry *e = &l->v[i];
		bool u = follow_same_feed(e->url, url, plain);
		bool d = id != NULL && strcmp(e->id, id) == 0;
		if (u && (id == NULL || d)) {
			*same = true;
			free(plain);
			return NULL;
		}
		char *red = fetch_redact(u ? url : e->url);
		char *why = u ? xasprintf("%s is already followed as %s",
					  red, e->id)
			  : d ? xasprintf("%s is already followed, from %s "
					  "(choose another id: sked add URL "
					  "--name ID)",
					  id, red)
			      : NULL;
		free(red);
		if (why) {
			free(plain);
			return why;
		}
	}
	free(plain);
	return NULL;
}

/* Why p, downloaded from url, cannot be followed as id, the id of
 * bundled program b: another conference, whose sessions that happen to
 * have the ids starred in b would be starred in its place. NULL when it
 * is the same conference (a version of it, as an update takes one). */
static char *
follow_bundled_conflict(const struct program *b, const char *id,
			const char *url, const struct program *p)
{
	if (follow_same_conference(b, p))
		return NULL;
	const struct program_conference *a = &b->conference,
					*c = &p->conference;
	char *red = fetch_redact(url);
	char *why = xasprintf(
		"%s is a bundled program, %.80s (%04d-%02d-%02d), and %s serves "
		"another conference, %.80s (%.64s, %04d-%02d-%02d) (choose "
		"another id: sked add URL --name ID)",
		id, a->title, a->start.year, a->start.month, a->start.day, red,
		c->title, c->id, c->start.year, c->start.month, c->start.day);
	free(red);
	return why;
}

/* Whether p is a copy of bundled program b under another name: the
 * same conference id, or half its scheduled sessions or more b's own
 * (agenda_same_session; an Indico export names no conference, and a
 * conference beside b has days in common, not sessions). */
static bool
follow_copy_of(const struct program *b, const char *feed_id,
	       const struct program *p)
{
	if (strcmp(b->conference.id, feed_id) == 0)
		return true;
	struct agenda_twins t;
	agenda_twins_all(&t, b);
	size_t same = 0, n = 0;
	for (size_t i = 0; t.n > 0 && i < p->n_sessions; i++)
		if (p->sessions[i].scheduled) {
			n++;
			same += agenda_twin(&t, &p->sessions[i]);
		}
	agenda_twins_finish(&t);
	return n > 0 && 2 * same >= n;
}

/* What an add of p as r->id tells of a bundled program of the same
 * conference: opened in its place, with its stars (saying how many the
 * copy lacks: kept, and the bundled one's again once removed); or left
 * open beside it, under another id (follow_copy_of). */
static void
follow_bundled_notice(const struct follow_options *o, const char *feed_id,
		      struct follow_report *r)
{
	const struct program *b = follow_bundled(o, r->id);
	if (b != NULL) {
		struct agenda *a = agenda_peek(r->id);
		const char **missing = NULL;
		size_t m = a ? agenda_missing(a, r->program, &missing) : 0;
		free(missing);
		agenda_destroy(a);
		char *lacks = m == 0 ? xstrdup("")
			: xasprintf(" (%zu of them on sessions it does not "
				    "have: kept)", m);
		follow_notice(r, xasprintf(
			"opened in place of the bundled %s, with its stars%s; "
			"sked remove %s opens the bundled one again", r->id,
			lacks, r->id));
		free(lacks);
		return;
	}
	for (size_t i = 0; i < o->n_bundled; i++) {
		b = o->bundled[i];
		if (!follow_copy_of(b, feed_id, r->program))
			continue;
		follow_notice(r, xasprintf(
			"the same conference as the bundled %s, which is opened "
			"beside it with stars of its own (to open it in its "
			"place: sked remove %s, then sked add URL --name %s)",
			b->conference.id, r->id, b->conference.id));
		return;
	}
}

enum follow_outcome
follow_add(const char *url, const char *id, const struct follow_options *o,
	   struct follow_report *r)
{
	memset(r, 0, sizeof(*r));
	char *bad = fetch_url_why(url);
	if (bad != NULL) {
		follow_fail(r, FOLLOW_REFUSED, bad);
		return r->outcome;
	}
	if (id != NULL && !follow_id_ok(id))
		return follow_fail(r, FOLLOW_REFUSED,
			xasprintf("%.80s is not an id (expected 1 to %d of "
				  "a-z, 0-9 and -)", id, FOLLOW_MAX_ID));
	struct follow_list l;
	char *error;
	if (!follow_list_load(&l, &error))
		return follow_fail(r, FOLLOW_ERROR, error);
	bool same;
	char *why = follow_conflict(&l, url, id, &same);
	if (why != NULL || same) {
		if (why != NULL) {
			follow_fail(r, FOLLOW_REFUSED, why);
		} else {
			/* Added again: an update of what is followed, read
			 * from now on in the zone --timezone gives (a feed
			 * that names none: every command said so). */
			char *plain = fetch_redact(url);
			struct follow_entry *e = NULL;
			for (size_t i = 0; e == NULL && i < l.n; i++)
				if (follow_same_feed(l.v[i].url, url, plain))
					e = &l.v[i];
			free(plain);
			r->id = xstrdup(e->id);
			/* Other credentials: used for this update, and kept
			 * from then on if it goes through. A URL without
			 * any (as sked programs shows it) uses those kept. */
			size_t un;
			bool other = strcmp(e->url, url) != 0 &&
				     fetch_url_user(url, &un) != NULL;
			follow_zone_and_refresh(e, other ? url : NULL, o, r);
		}
		follow_list_free(&l);
		return r->outcome;
	}
	follow_list_free(&l);

	struct fetch_result f;
	struct program *p = NULL;
	if (follow_download(url, NULL, o, &f) != FETCH_OK)
		follow_fail(r, FOLLOW_FAILED, xstrdup(f.error ? f.error
							     : "no schedule came"));
	else
		p = follow_validate(url, &f, o->timezone, o, r);
	if (p == NULL) {
		fetch_result_free(&f);
		return r->outcome;
	}
	/* A feed's id "--help" would follow as "help": an id starts with a
	 * letter or digit, and the dashes before one say nothing. */
	const char *cid = p->conference.id;
	r->id = xstrdup(id ? id : cid + strspn(cid, "-"));
	if (!follow_id_ok(r->id)) {
		program_destroy(p);
		fetch_result_free(&f);
		return follow_fail(r, FOLLOW_REFUSED,
			xasprintf("the conference id is not one sked can use "
				  "as a name: give one with --name"));
	}
	const struct program *b = follow_bundled(o, r->id);
	char *bad_id = b ? follow_bundled_conflict(b, r->id, url, p) : NULL;
	if (bad_id != NULL) {
		program_destroy(p);
		fetch_result_free(&f);
		return follow_fail(r, FOLLOW_REFUSED, bad_id);
	}
	/* As the feed names it (follow_store makes it r->id). */
	char *feed_id = xstrdup(cid);

	/* The list's lock, then the program's (always in this order), and
	 * the list read again under it: another sked may have added meanwhile. */
	char *list_path = follow_list_path();
	error = NULL;
	int list_lock = list_path ? statefile_lock(list_path, true, NULL, &error)
				  : -1;
	free(list_path);
	if (list_lock < 0) {
		program_destroy(p);
		fetch_result_free(&f);
		return follow_fail(r, FOLLOW_ERROR, error ? error
			: xstrdup("no home directory (set HOME or "
				  "XDG_CONFIG_HOME)"));
	}
	int lock = -1;
	if (!follow_list_load(&l, &error)) {
		follow_fail(r, FOLLOW_ERROR, error);
	} else if ((why = follow_conflict(&l, url, r->id, &same)) != NULL ||
		   same) {
		follow_fail(r, FOLLOW_REFUSED, why ? why
			: xasprintf("%s was added meanwhile", r->id));
	} else if ((lock = follow_lock_program(r->id, NULL, r)) >= 0) {
		struct follow_state s = {.attempted = follow_now(),
					 .url = fetch_redact(url)};
		/* The copy first, then the entry: a kill between leaves an
		 * unlisted copy, which the next add replaces. */
		if (follow_store(r->id, o->timezone, &f, p, true, &s, o, r) ==
		    FOLLOW_UPDATED) {
			l.v = xreallocarray(l.v, l.n + 1, sizeof(*l.v));
			l.v[l.n++] = (struct follow_entry){
				xstrdup(r->id), xstrdup(url),
				o->timezone ? xstrdup(o->timezone) : NULL};
			if (!follow_list_save(&l, &error))
				follow_fail(r, FOLLOW_ERROR, error);
			else
				follow_bundled_notice(o, feed_id, r);
		}
		p = NULL; /* follow_store took it */
		follow_state_free(&s);
		statefile_unlock(lock);
	}
	free(feed_id);
	program_destroy(p);
	follow_list_free(&l);
	statefile_unlock(list_lock);
	fetch_result_free(&f);
	return r->outcome;
}

bool
follow_remove(const char *id, char **notice, char **error)
{
	*notice = *error = NULL;
	char *list_path = follow_list_path();
	int list_lock = list_path ? statefile_lock(list_path, true, NULL, error)
				  : -1;
	free(list_path);
	if (list_lock < 0) {
		if (*error == NULL)
			*error = xstrdup("no home directory (set HOME or "
					 "XDG_CONFIG_HOME)");
		return false;
	}
	struct follow_list l;
	bool ok = follow_list_load(&l, error);
	size_t i = 0;
	while (ok && i < l.n && strcmp(l.v[i].id, id) != 0)
		i++;
	if (ok && i == l.n) {
		*error = xasprintf("%s is not a followed program", id);
		ok = false;
	}
	/* The program's lock before the entry goes: the stars of its last
	 * update are moved first (follow_lock_program), while its copy, the
	 * version they are for, is there. */
	struct follow_report r = {0};
	int lock = ok ? follow_lock_program(id, NULL, &r) : -1;
	if (ok && lock < 0) {
		*error = r.error;
		r.error = NULL;
		ok = false;
	}
	*notice = r.notice;
	r.notice = NULL;
	follow_report_free(&r);
	if (ok) {
		/* The entry first: a kill after it leaves unlisted files,
		 * never an entry without its copy. */
		struct follow_entry gone = l.v[i];
		memmove(&l.v[i], &l.v[i + 1], (l.n - i - 1) * sizeof(*l.v));
		l.n--;
		ok = follow_list_save(&l, error);
		free(gone.id);
		free(gone.url);
		free(gone.timezone);
	}
	follow_list_free(&l);
	if (ok) {
		static const enum follow_file files[] = {
			FOLLOW_COPY, FOLLOW_PREVIOUS, FOLLOW_STATE};
		for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			char *path = follow_path(files[k], id);
			if (files[k] == FOLLOW_COPY) {
				char *next = xasprintf("%s.new", path);
				unlink(next);
				free(next);
			}
			unlink(path);
			free(path);
		}
	}
	if (lock >= 0)
		statefile_unlock(lock);
	statefile_unlock(list_lock);
	return ok;
}
