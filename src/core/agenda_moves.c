/* agenda: star moves made exactly once, through a journal beside the
 * agenda (agenda.h: agenda_moves_begin, agenda_moves_finish). */
#include "sked/agenda.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agenda_int.h"
#include "sked/statefile.h"
#include "sked/strset.h"
#include "sked/xalloc.h"

static const char journal_head[] = "# sked moves 1 ";

/* At most one move per star, each line at most two ids and a blank: a
 * journal larger than this is not one sked wrote. */
enum { JOURNAL_MAX = 64 * 1024 * 1024 };

void
agenda_journal_free(struct agenda_journal *j)
{
	for (size_t i = 0; i < j->n; i++) {
		free(j->from[i]);
		free(j->to[i]);
	}
	free(j->from);
	free(j->to);
	free(j->key);
	free(j->token);
	memset(j, 0, sizeof(*j));
}

/* The value of line "NAME VALUE" when it is one (a valid word), else
 * NULL. */
static const char *
journal_field(const char *line, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(line, name, n) != 0 || line[n] != ' ' ||
	    !agenda_valid_id(line + n + 1))
		return NULL;
	return line + n + 1;
}

/* Sets *field to a copy of v; false when v is NULL. */
static bool
journal_set(char **field, const char *v)
{
	if (v == NULL)
		return false;
	*field = xstrdup(v);
	return true;
}

/* Adds the move of line "OLD NEW" to j; false when it is not one, or OLD
 * is there already (seen: the old ids so far). */
static bool
journal_move(struct agenda_journal *j, char *line, struct strset *seen,
	     size_t *cap)
{
	char *sp = strchr(line, ' ');
	if (sp == NULL)
		return false;
	*sp = '\0';
	if (!agenda_valid_id(line) || !agenda_valid_id(sp + 1) ||
	    strset_find(seen, line) != NULL)
		return false;
	if (j->n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		j->from = xreallocarray(j->from, *cap, sizeof(*j->from));
		j->to = xreallocarray(j->to, *cap, sizeof(*j->to));
	}
	j->from[j->n] = xstrdup(line);
	j->to[j->n] = xstrdup(sp + 1);
	strset_add(seen, j->from[j->n]);
	j->n++;
	return true;
}

bool
agenda_journal_parse(const char *conference, const char *text, size_t len,
		     struct agenda_journal *j)
{
	memset(j, 0, sizeof(*j));
	/* Written whole by sked: every line ends, nothing else is in it. */
	if (len == 0 || text[len - 1] != '\n' ||
	    memchr(text, '\0', len) != NULL)
		return false;
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	struct strset seen;
	strset_init(&seen, 0);
	size_t cap = 0, lineno = 0;
	bool ok = true;
	for (char *line = copy, *nl; ok && (nl = strchr(line, '\n')) != NULL;
	     line = nl + 1, lineno++) {
		*nl = '\0';
		if (lineno == 0)
			ok = strncmp(line, journal_head,
				     sizeof(journal_head) - 1) == 0 &&
			     strcmp(line + sizeof(journal_head) - 1,
				    conference) == 0;
		else if (lineno == 1)
			ok = journal_set(&j->key, journal_field(line, "key"));
		else if (lineno == 2)
			ok = journal_set(&j->token,
					 journal_field(line, "token"));
		else
			ok = journal_move(j, line, &seen, &cap);
	}
	strset_finish(&seen);
	free(copy);
	if (!ok || j->n == 0) {
		agenda_journal_free(j);
		return false;
	}
	return true;
}

/* The journal of the agenda at path (the caller frees). */
static char *
journal_path(const char *path)
{
	return xasprintf("%s.moves", path);
}

bool
agenda_moves_pending(const char *conference)
{
	char *path = agenda_path(conference);
	if (path == NULL)
		return false;
	char *jpath = journal_path(path);
	struct stat st;
	/* Anything there but a file that is not: finish says what it is. */
	bool there = lstat(jpath, &st) == 0 || errno != ENOENT;
	free(jpath);
	free(path);
	return there;
}

/* A token no other journal has: the time to the nanosecond and the
 * process. */
static char *
journal_token(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return xasprintf("%lld%09ld-%ld", (long long)ts.tv_sec, ts.tv_nsec,
			 (long)getpid());
}

/* The text of a journal of j's moves from[i] -> to[i] for the i in
 * keep[0..k) (the caller frees; *len). */
static char *
journal_text(const char *conference, const char *key, const char *token,
	     const char *const *from, const char *const *to,
	     const size_t *keep, size_t k, size_t *len)
{
	size_t cap = sizeof(journal_head) + strlen(conference) + strlen(key) +
		     strlen(token) + 16;
	for (size_t i = 0; i < k; i++)
		cap += strlen(from[keep[i]]) + strlen(to[keep[i]]) + 2;
	char *text = xmalloc(cap), *o = text;
	o += sprintf(o, "%s%s\nkey %s\ntoken %s\n", journal_head, conference,
		     key, token);
	for (size_t i = 0; i < k; i++)
		o += sprintf(o, "%s %s\n", from[keep[i]], to[keep[i]]);
	*len = (size_t)(o - text);
	return text;
}

/* Under the lock: the journal, unless one is there; *stars, the agenda
 * read (unless stars is NULL). */
static bool
journal_begin(const char *conference, const char *path, const char *key,
	      const char *const *from, const char *const *to, size_t n,
	      size_t *kept, struct agenda **stars, char **notice,
	      char **error)
{
	char *jpath = journal_path(path);
	struct stat st;
	if (lstat(jpath, &st) == 0 || errno != ENOENT) {
		*error = xasprintf("the stars have not all followed an earlier "
				   "update yet (%s is there)", jpath);
		free(jpath);
		return false;
	}
	struct agenda *a = agenda_load_path(conference, path, notice, error);
	bool ok = a != NULL;
	/* Only what a journal may hold (agenda_journal_parse): else the
	 * whole journal would be set aside. */
	size_t *keep = xcalloc(n + 1, sizeof(*keep)), k = 0;
	struct strset seen;
	strset_init(&seen, 0);
	for (size_t i = 0; ok && i < n; i++)
		if (agenda_valid_id(from[i]) && agenda_valid_id(to[i]) &&
		    agenda_has(a, from[i]) && strset_add(&seen, from[i]) == NULL)
			keep[k++] = i;
	strset_finish(&seen);
	if (ok && k > 0) {
		char *token = journal_token();
		size_t len;
		char *text = journal_text(conference, key, token, from, to,
					  keep, k, &len);
		ok = statefile_write(jpath, text, len, true, error);
		free(text);
		free(token);
	}
	*kept = ok ? k : 0;
	free(keep);
	if (ok && stars != NULL) {
		*stars = a;
		a = NULL;
	}
	agenda_destroy(a);
	free(jpath);
	return ok;
}

/* The agenda's lock (path: the agenda's), waiting as wait says; -1 with
 * *error. */
static int
journal_lock(const char *path, struct statefile_wait *wait, char **error)
{
	int lock = statefile_lock(path, true, wait, error);
	if (lock < 0 && wait && wait->gave_up) {
		/* Said as agenda_update says it. */
		free(*error);
		*error = wait->holder
			? xasprintf("the agenda is locked by another sked "
				    "(pid %ld)", wait->holder)
			: xstrdup("the agenda is locked by another sked");
	}
	return lock;
}

bool
agenda_moves_begin(const char *conference, const char *key,
		   const char *const *from, const char *const *to, size_t n,
		   size_t *kept, struct agenda **stars,
		   struct statefile_wait *wait, char **notice, char **error)
{
	*kept = 0;
	if (stars != NULL)
		*stars = NULL;
	*notice = *error = NULL;
	char *path = agenda_path(conference);
	struct stat st;
	if (path == NULL || (lstat(path, &st) != 0 && errno == ENOENT)) {
		free(path);
		return true; /* no agenda: nothing starred */
	}
	int lock = journal_lock(path, wait, error);
	bool ok = lock >= 0 && journal_begin(conference, path, key, from, to,
					     n, kept, stars, notice, error);
	if (lock >= 0)
		statefile_unlock(lock);
	free(path);
	return ok;
}

/* Makes j's moves in a: the stars of its old ids that a has, with their
 * notes, to the new ids; an old id that is the new id of one of them
 * stays starred. Returns how many moved. */
static size_t
journal_apply(struct agenda *a, const struct agenda_journal *j)
{
	size_t *moving = xcalloc(j->n + 1, sizeof(*moving)), k = 0;
	for (size_t i = 0; i < j->n; i++)
		if (agenda_has(a, j->from[i]))
			moving[k++] = i;
	/* Every note first: a's stars change below. */
	char **notes = xcalloc(k + 1, sizeof(*notes));
	struct strset targets;
	strset_init(&targets, k);
	for (size_t m = 0; m < k; m++) {
		const char *note = agenda_note(a, j->from[moving[m]]);
		notes[m] = note ? xstrdup(note) : NULL;
		strset_add(&targets, j->to[moving[m]]);
	}
	for (size_t m = 0; m < k; m++)
		if (strset_find(&targets, j->from[moving[m]]) == NULL)
			agenda_remove(a, j->from[moving[m]]);
	for (size_t m = 0; m < k; m++) {
		agenda_add(a, j->to[moving[m]]);
		agenda_set_note(a, j->to[moving[m]], notes[m]);
	}
	strset_finish(&targets);
	free(notes);
	free(moving);
	return k;
}

/* Under the lock: j's moves made in the agenda at path, unless it took
 * them already, and the journal removed. */
static enum agenda_moves
journal_take(const char *conference, const char *path, const char *jpath,
	     const struct agenda_journal *j, size_t *moved, char **notice,
	     char **error)
{
	struct agenda *a = agenda_load_path(conference, path, notice, error);
	if (a == NULL)
		return AGENDA_MOVES_FAILED;
	bool ok = true;
	if (a->moved == NULL || strcmp(a->moved, j->token) != 0) {
		*moved = journal_apply(a, j);
		free(a->moved);
		a->moved = xstrdup(j->token);
		/* Saved even when nothing moved: a star made later on an old
		 * id is the new version's, and a second finish must not move
		 * it. */
		ok = agenda_save(a, error);
	}
	if (ok && unlink(jpath) != 0 && errno != ENOENT) {
		*error = xasprintf("cannot remove %s: %s", jpath,
				   strerror(errno));
		ok = false;
	}
	if (ok) {
		statefile_sync_dir(jpath);
		/* The token is of no use once its journal is gone: the file
		 * is again as a person knows it. A kill before this save
		 * leaves the line, which does no harm. */
		free(a->moved);
		a->moved = NULL;
		char *e2 = NULL;
		agenda_save(a, &e2);
		free(e2);
	}
	agenda_destroy(a);
	return ok ? AGENDA_MOVES_TAKEN : AGENDA_MOVES_FAILED;
}

/* Sets aside the journal at jpath that is not one (a notice), or fails. */
static enum agenda_moves
journal_set_aside(const char *jpath, char **notice, char **error)
{
	char *aside;
	if (!statefile_set_aside(jpath, &aside)) {
		*error = xasprintf("the star moves %s are not readable as such "
				   "and could not be set aside: %s", jpath,
				   strerror(errno));
		return AGENDA_MOVES_FAILED;
	}
	*notice = xasprintf("the star moves %s were not readable as such and "
			    "were set aside as %s: no star was moved by them",
			    jpath, aside);
	free(aside);
	return AGENDA_MOVES_NONE;
}

/* Under the lock: the journal of the agenda at path, as
 * agenda_moves_finish says. */
static enum agenda_moves
journal_finish(const char *conference, const char *path,
	       agenda_moves_key_fn key_fn, void *arg, bool final,
	       size_t *moved, char **notice, char **error)
{
	char *jpath = journal_path(path);
	size_t len;
	struct stat st;
	/* Only a file is read: a FIFO would wait for a writer. */
	bool there = lstat(jpath, &st) == 0, file = there && S_ISREG(st.st_mode);
	char *text = file ? statefile_read(jpath, JOURNAL_MAX, &len) : NULL;
	enum agenda_moves out = AGENDA_MOVES_NONE;
	struct agenda_journal j = {0};
	char *key = NULL;
	if ((!there || file) && text == NULL && errno == ENOENT) {
		out = AGENDA_MOVES_NONE; /* taken meanwhile */
	} else if ((!there || file) && text == NULL && errno != EFBIG) {
		*error = xasprintf("cannot read the star moves %s: %s", jpath,
				   strerror(errno));
		out = AGENDA_MOVES_FAILED;
	} else if (text == NULL ||
		   !agenda_journal_parse(conference, text, len, &j)) {
		out = journal_set_aside(jpath, notice, error);
	} else if ((key = key_fn(arg, error)) == NULL && *error != NULL) {
		/* Its change may have come: dropped, its stars would stay on
		 * ids that now name other sessions. */
		out = AGENDA_MOVES_FAILED;
	} else if (key != NULL && strcmp(key, j.key) == 0) {
		out = journal_take(conference, path, jpath, &j, moved, notice,
				   error);
	} else if (final) {
		/* Its change never came (a copy never renamed into place):
		 * the stars are where they belong. */
		unlink(jpath);
		statefile_sync_dir(jpath);
	} else {
		out = AGENDA_MOVES_WAITING;
	}
	agenda_journal_free(&j);
	free(key);
	free(text);
	free(jpath);
	return out;
}

enum agenda_moves
agenda_moves_finish(const char *conference, agenda_moves_key_fn key,
		    void *arg, bool final, size_t *moved,
		    struct statefile_wait *wait, char **notice, char **error)
{
	*moved = 0;
	*notice = *error = NULL;
	if (!agenda_moves_pending(conference))
		return AGENDA_MOVES_NONE;
	char *path = agenda_path(conference);
	int lock = journal_lock(path, wait, error);
	enum agenda_moves out = AGENDA_MOVES_FAILED;
	if (lock >= 0) {
		out = journal_finish(conference, path, key, arg, final,
				     moved, notice, error);
		statefile_unlock(lock);
	}
	free(path);
	return out;
}
