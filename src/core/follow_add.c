/* follow: adding a followed program to the list and removing one
 * (follow_add, follow_remove); the download and its copy are
 * follow_store.c's. See follow.h for the files and why the steps come in
 * this order. */
#include "sked/follow.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow_int.h"
#include "sked/statefile.h"
#include "sked/xalloc.h"

static bool
follow_reserved(const struct follow_options *o, const char *id)
{
	for (size_t i = 0; i < o->n_reserved; i++)
		if (strcmp(o->reserved[i], id) == 0)
			return true;
	return false;
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

/* Why id cannot follow url given the list l, or NULL when it can.
 * *same: url is already followed as id (perhaps with other
 * credentials). */
static char *
follow_conflict(const struct follow_list *l, const char *url, const char *id,
		const struct follow_options *o, bool *same)
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
	if (id != NULL && follow_reserved(o, id))
		return xasprintf("%s is a bundled program (choose another id: "
				 "sked add URL --name ID)", id);
	return NULL;
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
	char *why = follow_conflict(&l, url, id, o, &same);
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
	} else if ((why = follow_conflict(&l, url, r->id, o, &same)) != NULL ||
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
		}
		p = NULL; /* follow_store took it */
		follow_state_free(&s);
		statefile_unlock(lock);
	}
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
